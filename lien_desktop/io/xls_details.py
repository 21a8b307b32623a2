"""What python-calamine does not tell about an Excel 97-2003 (.xls) sheet, read from its BIFF records.

calamine gives an .xls cell's value, but not whether it is a formula, and it reads an error cell
(#DIV/0!) as an empty cell: a member's status would silently vanish. So the sheet's records are walked
here, as for .xlsx (its XML) and .ods: formulas (their text, see xls_formulas) and their saved results,
error cells, hidden rows and hidden columns. The format is Microsoft's [MS-XLS] (BIFF8; BIFF5 files of Excel 95 are close enough for
these records): the "Workbook" stream of an OLE compound file (opened with olefile) is a run of records
`type (2 bytes) | length (2 bytes) | data`; the workbook's BOUNDSHEET records give each sheet's name and
the stream offset of its own run of records, which ends at its EOF record.

The file may be hostile: every record is bounds-checked against the stream (never read past it), the
walk only ever moves forward, and it stops with a refusal after MAX_RECORDS records or MAX_SECONDS.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import olefile

from lien_desktop.domain.import_table import CellNote
from lien_desktop.io.file_safety import UnsafeFile
from lien_desktop.io.xls_formulas import ERROR_TEXTS, formula_text

BOF, EOF, BOUNDSHEET, FILEPASS, CONTINUE = 0x0809, 0x000A, 0x0085, 0x002F, 0x003C
FORMULA, STRING, BOOLERR, ROW, COLINFO = 0x0006, 0x0207, 0x0205, 0x0208, 0x007D
SHRFMLA, ARRAY, TABLE = 0x04BC, 0x0221, 0x0236  # may stand between a FORMULA and its STRING result
_BETWEEN_FORMULA_AND_STRING = frozenset({SHRFMLA, ARRAY, TABLE, CONTINUE})
ROW_HIDDEN = 0x20  # ROW option flags: fDyZero (hidden by hand, by a filter or by a collapsed outline)
COLUMN_HIDDEN = 0x0001  # COLINFO option flags: fHidden
MAX_RECORDS = 5_000_000  # a full 65,536-row sheet of 40 columns has about 2.7 million
MAX_SECONDS = 30.0
MAX_COLUMNS = 256  # BIFF8's last column is IV

_HEADER = struct.Struct("<HH")
_CELL = struct.Struct("<HH")  # row, column (0-based) at the start of every cell record


@dataclass(slots=True)
class XlsDetails:
    notes: dict[tuple[int, int], tuple[CellNote, str]] = field(default_factory=dict)  # (row 1-based, col 0-based)
    hidden_rows: frozenset[int] = frozenset()  # 1-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based


class _Walk:
    """The records of one substream, forward only, bounded by the stream, a record count and a deadline."""

    def __init__(self, data: bytes, name: str, deadline: float):
        self.data, self.name, self.deadline = data, name, deadline
        self.count = 0

    def damaged(self, what: str) -> UnsafeFile:
        return UnsafeFile(f"“{self.name}” is damaged: {what}; it was not read")

    def records(self, start: int):  # type: ignore[no-untyped-def]
        """(type, data offset, length) from the BOF at `start` to its matching EOF (embedded charts skipped)."""
        data, end = self.data, len(self.data)
        pos, depth = start, 0
        while True:
            if pos + 4 > end:
                raise self.damaged("a sheet ends before its last record")
            kind, length = _HEADER.unpack_from(data, pos)
            body = pos + 4
            if body + length > end:
                raise self.damaged("a record runs past the end of the workbook")
            self.count += 1
            if self.count % 65_536 == 0:
                if self.count > MAX_RECORDS:
                    raise UnsafeFile(f"“{self.name}” holds more than {MAX_RECORDS:,} records, far more than a "
                                     "member list; it was not read")
                if time.monotonic() > self.deadline:
                    raise UnsafeFile(f"“{self.name}” takes too long to read (more than {MAX_SECONDS:.0f} "
                                     "seconds); it was not read")
            if kind == BOF:
                depth += 1
            elif kind == EOF:
                depth -= 1
                if depth <= 0:
                    return
            if depth == 1:
                yield kind, body, length
            elif depth <= 0:
                raise self.damaged("a sheet does not start where the workbook says")
            pos = body + length


def read_workbook_stream(source: Path | BinaryIO, name: str) -> tuple[bytes, bool]:
    """The BIFF record stream of an .xls file (or its decrypted bytes), and whether it is BIFF8 (Excel 97+)."""
    try:
        with olefile.OleFileIO(source if not isinstance(source, Path) else str(source)) as ole:
            for stream, biff8 in (("Workbook", True), ("Book", False)):
                if ole.exists(stream):
                    return ole.openstream(stream).read(), biff8
    except (OSError, ValueError, struct.error, IndexError, KeyError, RecursionError) as exc:
        raise UnsafeFile(f"“{name}” is damaged: its compound file cannot be read ({exc})") from None
    raise UnsafeFile(f"“{name}” is an Office file but not a workbook (a Word document?)")


def _sheet_name(data: bytes, body: int, length: int, biff8: bool) -> str:
    """BOUNDSHEET: lbPlyPos (4), hsState (1), dt (1), then the name (ShortXLUnicodeString in BIFF8)."""
    if length < 8:
        return ""
    count = data[body + 6]
    if not biff8:
        return data[body + 7 : body + 7 + count].decode("cp1252", "replace")
    wide = data[body + 7] & 0x01
    start = body + 8
    raw = data[start : min(start + count * (2 if wide else 1), body + length)]
    return raw.decode("utf-16-le", "replace") if wide else raw.decode("latin-1")


def _sheet_offset(walk: _Walk, sheet: str, biff8: bool) -> int | None:
    data = walk.data
    for kind, body, length in walk.records(0):
        if kind == FILEPASS:
            raise UnsafeFile(f"“{walk.name}” is protected with a password: remove the password in Excel, save, "
                             "and import again")
        if kind == BOUNDSHEET and _sheet_name(data, body, length, biff8) == sheet:
            return struct.unpack_from("<I", data, body)[0]
    return None


def xls_details(source: Path | BinaryIO, name: str, sheet: str) -> XlsDetails:
    """Formulas (saved result or none), error cells, hidden rows and columns of one sheet of an .xls file
    (`source`: its path, or its decrypted bytes; `name`: the file's name, for messages)."""
    data, biff8 = read_workbook_stream(source, name)
    walk = _Walk(data, name, time.monotonic() + MAX_SECONDS)
    if len(data) < 4 or _HEADER.unpack_from(data, 0)[0] != BOF:
        raise walk.damaged("its workbook stream does not begin like a workbook")
    offset = _sheet_offset(walk, sheet, biff8)
    if offset is None:
        raise UnsafeFile(f"“{name}”: sheet “{sheet}” cannot be found in the workbook")
    if offset + 4 > len(data) or _HEADER.unpack_from(data, offset)[0] != BOF:
        raise walk.damaged(f"sheet “{sheet}” does not start where the workbook says")
    return _sheet_details(walk, offset, biff8)


def _formula(data: bytes, body: int, length: int) -> str:
    """FORMULA: ... cce (2 bytes at 20), then the tokens; their text, or "" when they cannot be read."""
    if length < 22:
        return ""
    (size,) = struct.unpack_from("<H", data, body + 20)
    return formula_text(data[body + 22 : body + min(22 + size, length)]) or ""


def _sheet_details(walk: _Walk, offset: int, biff8: bool) -> XlsDetails:
    data = walk.data
    notes: dict[tuple[int, int], tuple[CellNote, str]] = {}
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    waiting: tuple[int, int] | None = None  # a formula whose text result is in the next STRING record
    waiting_text = ""
    for kind, body, length in walk.records(offset):
        if waiting is not None and kind not in _BETWEEN_FORMULA_AND_STRING:
            has_text = kind == STRING and length >= 2 and struct.unpack_from("<H", data, body)[0] > 0
            notes[waiting] = (CellNote.FORMULA if has_text else CellNote.FORMULA_NO_VALUE, waiting_text)
            waiting = None
        if kind == FORMULA and length >= 20:
            row, column = _CELL.unpack_from(data, body)
            where = (row + 1, column)
            result = data[body + 6 : body + 14]
            text = _formula(data, body, length) if biff8 else ""
            if result[6:8] != b"\xff\xff":  # a number (IEEE double): the saved result
                notes[where] = (CellNote.FORMULA, text)
            elif result[0] == 0:  # text: its value follows in a STRING record
                waiting, waiting_text = where, text
            elif result[0] == 1:  # true/false
                notes[where] = (CellNote.FORMULA, text)
            elif result[0] == 2:  # an error value
                notes[where] = (CellNote.ERROR_VALUE, ERROR_TEXTS.get(result[2], "#ERROR"))
            else:  # 3: an empty text result — what a file written without calculating holds (xlwt, scripts)
                notes[where] = (CellNote.FORMULA_NO_VALUE, text)
        elif kind == BOOLERR and length >= 8:
            row, column = _CELL.unpack_from(data, body)
            if data[body + 7] == 1:  # fError: bBoolErr is an error code, not true/false
                notes[(row + 1, column)] = (CellNote.ERROR_VALUE, ERROR_TEXTS.get(data[body + 6], "#ERROR"))
        elif kind == ROW and length >= 16:
            if data[body + 12] & ROW_HIDDEN:
                hidden_rows.add(struct.unpack_from("<H", data, body)[0] + 1)
        elif kind == COLINFO and length >= 10:
            first, last = struct.unpack_from("<HH", data, body)
            if struct.unpack_from("<H", data, body + 8)[0] & COLUMN_HIDDEN:
                hidden_columns.update(range(first, min(last, MAX_COLUMNS - 1) + 1))
    if waiting is not None:
        notes[waiting] = (CellNote.FORMULA_NO_VALUE, waiting_text)
    return XlsDetails(notes, frozenset(hidden_rows), frozenset(hidden_columns))
