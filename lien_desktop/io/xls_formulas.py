"""The text of an .xls formula ("=IF(A2>1,"active","left")"), from its BIFF8 parsed tokens (rgce).

Only for telling the secretary which formula a cell holds, as the .xlsx reader does from the XML: the
common tokens are turned back into text (numbers, text, cell references and ranges, operators,
parentheses, the everyday functions); anything else (names, other sheets, shared formulas, arrays)
gives None and the message then just says "a formula". Reads only inside the given bytes and only
forward; a hostile token stream ends in None, never an error or a loop.
"""

from __future__ import annotations

import struct

from lien_desktop.domain.import_table import column_letter

_BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&", 0x09: "<", 0x0A: "<=", 0x0B: "=",
           0x0C: ">=", 0x0D: ">", 0x0E: "<>", 0x10: ",", 0x11: ":"}
# BErr values ([MS-XLS] 2.5.10): error cells, error results and error constants in formulas
ERROR_TEXTS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
               0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# Function number ([MS-XLS] Ftab) -> (name, fixed argument count for ptgFunc; None: variable only)
_FUNCTIONS: dict[int, tuple[str, int | None]] = {
    0: ("COUNT", None), 1: ("IF", None), 2: ("ISNA", 1), 3: ("ISERROR", 1), 4: ("SUM", None), 5: ("AVERAGE", None),
    6: ("MIN", None), 7: ("MAX", None), 15: ("SIN", 1), 24: ("ABS", 1), 25: ("INT", 1), 27: ("ROUND", 2),
    29: ("INDEX", None), 31: ("MID", 3), 32: ("LEN", 1), 33: ("VALUE", 1), 36: ("AND", None), 37: ("OR", None),
    38: ("NOT", 1), 48: ("TEXT", 2), 64: ("MATCH", None), 65: ("DATE", 3), 102: ("VLOOKUP", None),
    112: ("LOWER", 1), 113: ("UPPER", 1), 114: ("PROPER", 1), 115: ("LEFT", None), 116: ("RIGHT", None),
    118: ("TRIM", 1), 119: ("REPLACE", 4), 120: ("SUBSTITUTE", None), 129: ("ISBLANK", 1), 169: ("COUNTA", None),
    221: ("TODAY", 0), 336: ("CONCATENATE", None), 345: ("SUMIF", None), 346: ("COUNTIF", 2),
}
MAX_TOKENS = 1000


def _reference(row: int, column_word: int) -> str:
    """A cell reference; bits 14 and 15 of the column word say the column and row are relative."""
    column = column_word & 0x00FF
    col_text = ("" if column_word & 0x4000 else "$") + column_letter(column)
    row_text = ("" if column_word & 0x8000 else "$") + str(row + 1)
    return col_text + row_text


def formula_text(rgce: bytes) -> str | None:
    """"=..." for the tokens of a BIFF8 formula, or None when they hold anything this does not read."""
    stack: list[str] = []
    pos, end, count = 0, len(rgce), 0
    try:
        while pos < end:
            count += 1
            if count > MAX_TOKENS:
                return None
            ptg = rgce[pos]
            pos += 1
            base = ptg & 0x1F if ptg >= 0x20 else ptg  # class bits (reference, value, array) do not matter here
            if ptg < 0x20 and ptg in _BINARY:
                right, left = stack.pop(), stack.pop()
                stack.append(f"{left}{_BINARY[ptg]}{right}")
            elif ptg == 0x12:
                stack.append("+" + stack.pop())
            elif ptg == 0x13:
                stack.append("-" + stack.pop())
            elif ptg == 0x14:
                stack.append(stack.pop() + "%")
            elif ptg == 0x15:
                stack.append(f"({stack.pop()})")
            elif ptg == 0x16:
                stack.append("")
            elif ptg == 0x17:  # text: count, flags (bit 0: two bytes a character), characters
                count_chars, flags = rgce[pos], rgce[pos + 1]
                size = count_chars * (2 if flags & 1 else 1)
                raw = rgce[pos + 2 : pos + 2 + size]
                if len(raw) != size:
                    return None
                text = raw.decode("utf-16-le") if flags & 1 else raw.decode("latin-1")
                stack.append('"' + text.replace('"', '""') + '"')
                pos += 2 + size
            elif ptg == 0x19:  # attribute: IF/CHOOSE jumps and spaces (no text), or SUM of one argument
                grbit = rgce[pos]
                (word,) = struct.unpack_from("<H", rgce, pos + 1)
                pos += 3
                if grbit & 0x04:  # CHOOSE: a jump table follows
                    pos += 2 * (word + 1)
                if grbit & 0x10:
                    stack.append(f"SUM({stack.pop()})")
            elif ptg == 0x1C:
                stack.append(ERROR_TEXTS.get(rgce[pos], "#ERROR"))
                pos += 1
            elif ptg == 0x1D:
                stack.append("TRUE" if rgce[pos] else "FALSE")
                pos += 1
            elif ptg == 0x1E:
                stack.append(str(struct.unpack_from("<H", rgce, pos)[0]))
                pos += 2
            elif ptg == 0x1F:
                number = struct.unpack_from("<d", rgce, pos)[0]
                stack.append(str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number))
                pos += 8
            elif ptg >= 0x20 and base in (0x01, 0x02):  # a function: fixed, or with its argument count
                if base == 0x02:
                    arguments = rgce[pos] & 0x7F
                    pos += 1
                (number,) = struct.unpack_from("<H", rgce, pos)
                pos += 2
                name, fixed = _FUNCTIONS.get(number & 0x7FFF, (None, None))
                if name is None or (base == 0x01 and fixed is None):
                    return None
                if base == 0x01:
                    arguments = fixed  # type: ignore[assignment]
                if arguments > len(stack):
                    return None
                args = stack[len(stack) - arguments :] if arguments else []
                del stack[len(stack) - arguments :]
                stack.append(f"{name}({','.join(args)})")
            elif ptg >= 0x20 and base == 0x04:  # a cell
                row, column = struct.unpack_from("<HH", rgce, pos)
                stack.append(_reference(row, column))
                pos += 4
            elif ptg >= 0x20 and base == 0x05:  # a range
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", rgce, pos)
                stack.append(f"{_reference(first_row, first_col)}:{_reference(last_row, last_col)}")
                pos += 8
            elif ptg >= 0x20 and base in (0x0A, 0x0B):  # a deleted cell or range
                stack.append("#REF!")
                pos += 4 if base == 0x0A else 8
            else:
                return None
    except (IndexError, struct.error):
        return None
    if len(stack) != 1 or pos != end:
        return None
    return "=" + stack[0][:200]
