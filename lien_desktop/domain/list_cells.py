"""Several values in one spreadsheet cell (tags "Housing, Renters"; officer posts "Chair; Treasurer").

The export joins the values with a separator and the import splits them again. A value that itself
contains a separator ("Housing, renters" as one tag) is written in double quotes, with any quote inside
doubled, as CSV quotes a field: `"Housing, renters", Unite`. A value that starts with a double quote is
quoted too, so that it reads back unchanged. Every other value is written exactly as before, so cells
written by older versions, or typed by a secretary, read as they always did: a quote in the middle of a
value is just a character.

Pure: no files, no database.
"""

from __future__ import annotations

from collections.abc import Sequence

TAG_SEPARATORS = ",;"  # the importer accepts either between tags; the export writes ", "
POST_SEPARATORS = ";"  # a post title may hold a comma ("Secretary, minutes"); the export writes "; "


def _quoted(value: str, separators: str) -> str:
    if value.startswith('"') or any(ch in value for ch in separators):
        return '"' + value.replace('"', '""') + '"'
    return value


def join_values(values: Sequence[str], separators: str) -> str:
    """The cell text for a list of values: joined by the first separator and a space, quoted where needed."""
    if not values:
        return ""
    first = separators[0]
    text = (first + " ").join(values)
    # The common case, checked on the joined text at C speed (an export calls this for every member).
    if '"' not in text and text.count(first) == len(values) - 1:
        for other in separators[1:]:
            if other in text:
                break
        else:
            return text
    return (first + " ").join(_quoted(v, separators) for v in values)


def split_values(text: str, separators: str) -> list[str]:
    """The values of a cell written by `join_values` (or typed by a person), each stripped of outer spaces.

    An item whose first non-space character is a double quote is read up to its closing quote ("" is one
    quote); anything between that quote and the next separator is kept, so no character is ever dropped.
    An unterminated quote takes the rest of the cell as typed.
    """
    values: list[str] = []
    i, n = 0, len(text)
    while i <= n:
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == '"':
            closing, parts, j = False, [], i + 1
            while j < n:
                quote = text.find('"', j)
                if quote < 0:
                    break
                parts.append(text[j:quote])
                if quote + 1 < n and text[quote + 1] == '"':
                    parts.append('"')
                    j = quote + 2
                    continue
                closing, j = True, quote + 1
                break
            if not closing:  # not our quoting: keep the text exactly as typed
                end = _next_separator(text, i, separators)
                values.append(text[i:end].strip())
                i = end + 1
                continue
            end = _next_separator(text, j, separators)
            values.append(("".join(parts) + text[j:end]).strip() if text[j:end].strip() else "".join(parts))
            i = end + 1
            continue
        end = _next_separator(text, i, separators)
        values.append(text[i:end].strip())
        i = end + 1
    return values


def _next_separator(text: str, start: int, separators: str) -> int:
    positions = [p for p in (text.find(s, start) for s in separators) if p >= 0]
    return min(positions) if positions else len(text)
