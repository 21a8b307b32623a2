"""Writing plain tables to .xlsx (one sheet per table) and .csv, safely.

Safe means: text that a spreadsheet would run as a formula (=, +, -, @ at the start) stays text, and
the file appears whole or not at all (written beside the target, then renamed over it).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]


def _cell_text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, dt.date, dt.datetime)):
        return value
    return _ILLEGAL_XML.sub("", str(value))


def sheet_titles(titles: Sequence[str]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    used: set[str] = set()
    result = []
    for title in titles:
        base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        result.append(name)
    return result


def _replace_atomically(path: Path, write: callable) -> Path:  # type: ignore[valid-type]
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Path:
    def write(target: Path) -> None:
        book = Workbook(write_only=True)
        for sheet, title in zip(sheets, sheet_titles([s.title for s in sheets]), strict=True):
            ws = book.create_sheet(title)
            header = []
            for name in sheet.headers:
                cell = WriteOnlyCell(ws, value=_cell_text(name))
                cell.font = Font(bold=True)
                header.append(cell)
            ws.append(header)
            for row in sheet.rows:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(ws, value=_cell_text(value))
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # text, never a formula
                    cells.append(cell)
                ws.append(cells)
        if not sheets:
            book.create_sheet("Empty")
        book.save(target)

    return _replace_atomically(path, write)


def _csv_text(value: object) -> str:
    text = _cell_text(value)
    if isinstance(text, (dt.date, dt.datetime)):
        return text.isoformat()
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
            out = csv.writer(fh)
            out.writerow([_csv_text(h) for h in headers])
            for row in rows:
                out.writerow([_csv_text(v) for v in row])

    return _replace_atomically(path, write)
