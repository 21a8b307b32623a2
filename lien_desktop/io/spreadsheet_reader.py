"""Workbooks (.xlsx/.xlsm, .xls, .ods) read with python-calamine, after file_safety has checked them.

calamine gives each cell's value (for formulas, the value Excel saved) and converts dates in both
Excel date systems. What it does not tell — which cells are formulas, which hold error values
(#N/A, #DIV/0!) and which rows and columns are hidden — is read from the sheet's XML (.xlsx, .ods;
only when the safety walk saw such markers, so an ordinary sheet costs nothing extra) or from its
BIFF records (.xls, see xls_details).
"""

from __future__ import annotations

import itertools
import posixpath
import zipfile
from pathlib import Path
from typing import BinaryIO

import defusedxml.ElementTree as SafeET
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from lien_desktop.domain.import_table import CellNote, RawSheet, SheetInfo
from lien_desktop.io.file_safety import FileFacts, PasswordRequired, UnsafeFile
from lien_desktop.io.xls_details import xls_details

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_CELL_CHARS = 32_767  # Excel's own limit; a longer "cell" is not from a spreadsheet


def _open(facts: FileFacts) -> CalamineWorkbook:
    try:
        if facts.content is not None:  # decrypted in memory
            return CalamineWorkbook.from_filelike(facts.source())
        return CalamineWorkbook.from_path(str(facts.path))
    except PasswordError:
        raise PasswordRequired(facts.path.name) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise UnsafeFile(f"“{facts.path.name}” cannot be read as a workbook; it may be damaged ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise UnsafeFile(f"“{facts.path.name}” cannot be read as a workbook; it may be damaged "
                         f"({exc.__class__.__name__}: {exc})") from None


def sheet_infos(facts: FileFacts) -> list[SheetInfo]:
    workbook = _open(facts)
    try:
        return [SheetInfo(m.name, m.visible == SheetVisibleEnum.Visible) for m in workbook.sheets_metadata
                if str(m.typ).endswith("WorkSheet")]
    finally:
        workbook.close()


def read_sheet(facts: FileFacts, sheet: str) -> RawSheet:
    workbook = _open(facts)
    try:
        try:
            calamine_sheet = workbook.get_sheet_by_name(sheet)
        except Exception as exc:  # noqa: BLE001
            raise UnsafeFile(f"“{facts.path.name}”: sheet “{sheet}” cannot be read ({exc})") from None
        start = calamine_sheet.start or (0, 0)
        rows = calamine_sheet.to_python(skip_empty_area=True)
        merged = calamine_sheet.merged_cell_ranges or []
    finally:
        workbook.close()
    raw = RawSheet(file_name=facts.path.name, sheet=sheet, rows=rows, first_row=start[0] + 1, first_col=start[1])
    raw.merged_title_rows = frozenset(r[0][0] + 1 for r in merged if r[0][0] == r[1][0] and r[1][1] > r[0][1])
    longest = max((len(v) for v in itertools.chain.from_iterable(rows) if type(v) is str), default=0)
    if longest > MAX_CELL_CHARS:
        raise UnsafeFile(f"“{facts.path.name}”: a cell holds {longest:,} characters, more than a "
                         "spreadsheet cell can; the file was not read")
    if facts.kind == "xlsx":
        part = _sheet_part(facts.source(), sheet)
        if part and part in facts.marked_entries:
            raw.notes, raw.hidden_rows, raw.hidden_columns = _xlsx_details(facts.source(), part)
    elif facts.kind == "ods" and "content.xml" in facts.marked_entries:
        raw.notes, raw.hidden_rows, raw.hidden_columns = _ods_details(facts.source(), sheet)
    elif facts.kind == "xls":
        details = xls_details(facts.source(), facts.path.name, sheet)
        raw.notes, raw.hidden_rows, raw.hidden_columns = details.notes, details.hidden_rows, details.hidden_columns
    return raw


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_ODS_VALUES = ("value", "string-value", "date-value", "time-value", "boolean-value")


def _ods_details(path: Path | BinaryIO, sheet: str) -> tuple[dict[tuple[int, int], tuple[CellNote, str]],
                                                             frozenset[int], frozenset[int]]:
    """Formulas, error values and hidden (collapsed or filtered) rows and columns of one .ods sheet."""
    notes: dict[tuple[int, int], tuple[CellNote, str]] = {}
    hidden: set[int] = set()
    hidden_columns: set[int] = set()
    inside = False
    row_number = column_number = 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        for event, element in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = element.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    inside = element.get(f"{_TABLE}name") == sheet
                    row_number = column_number = 0
                else:
                    inside = False
                    element.clear()
                continue
            if event == "end" and tag == f"{_TABLE}table-column" and inside:
                repeated = min(int(element.get(f"{_TABLE}number-columns-repeated", "1") or 1), 16_384)
                if element.get(f"{_TABLE}visibility") in {"collapse", "filter"}:
                    hidden_columns.update(range(column_number, column_number + repeated))
                column_number += repeated
                continue
            if event != "end" or tag != f"{_TABLE}table-row":
                continue
            repeated = int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
            if inside:
                first = row_number + 1
                if element.get(f"{_TABLE}visibility") in {"collapse", "filter"}:
                    hidden.update(range(first, first + min(repeated, 100_000)))
                column = 0
                for cell in element:
                    if cell.tag not in _ODS_CELLS:
                        continue
                    formula = cell.get(f"{_TABLE}formula")
                    if formula is not None:
                        text = "".join(cell.itertext())
                        if cell.get(f"{_CALCEXT}value-type") == "error":
                            notes[(first, column)] = (CellNote.ERROR_VALUE, text or "#ERROR")
                        elif any(cell.get(f"{_OFFICE}{v}") is not None for v in _ODS_VALUES) or text:
                            notes[(first, column)] = (CellNote.FORMULA, formula.removeprefix("of:"))
                        else:
                            notes[(first, column)] = (CellNote.FORMULA_NO_VALUE, formula.removeprefix("of:"))
                    column += int(cell.get(f"{_TABLE}number-columns-repeated", "1") or 1)
            row_number += repeated
            element.clear()
    return notes, frozenset(hidden), frozenset(hidden_columns)


def _sheet_part(path: Path | BinaryIO, sheet: str) -> str | None:
    """The archive entry holding a sheet, from workbook.xml and its relationships (parsed safely)."""
    with zipfile.ZipFile(path) as archive:
        try:
            workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
            rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    for element in workbook.iter(f"{_MAIN}sheet"):
        if element.get("name") == sheet:
            target = targets.get(element.get(f"{_REL}id"), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def _cell_position(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    number = int(ref[len(letters):])
    column = 0
    for ch in letters.upper():
        column = column * 26 + (ord(ch) - 64)
    return number, column - 1


def _xlsx_details(path: Path | BinaryIO, part: str) -> tuple[dict[tuple[int, int], tuple[CellNote, str]], frozenset[int],
                                                 frozenset[int]]:
    notes: dict[tuple[int, int], tuple[CellNote, str]] = {}
    hidden: set[int] = set()
    hidden_columns: set[int] = set()
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        for _event, element in SafeET.iterparse(stream, events=("end",), forbid_dtd=True):
            tag = element.tag
            if tag == f"{_MAIN}c":
                formula = element.find(f"{_MAIN}f")
                value = element.find(f"{_MAIN}v")
                ref = element.get("r")
                if ref and element.get("t") == "e":
                    notes[_cell_position(ref)] = (CellNote.ERROR_VALUE, value.text if value is not None else "#ERROR")
                elif ref and formula is not None:
                    has_value = value is not None and (value.text or "") != ""
                    if element.get("t") == "inlineStr":
                        has_value = True
                    note = CellNote.FORMULA if has_value else CellNote.FORMULA_NO_VALUE
                    notes[_cell_position(ref)] = (note, f"={formula.text or ''}")
                element.clear()
            elif tag == f"{_MAIN}row":
                if element.get("hidden") in {"1", "true"} and element.get("r"):
                    hidden.add(int(element.get("r")))
                element.clear()
            elif tag == f"{_MAIN}col" and element.get("hidden") in {"1", "true"}:
                first, last = int(element.get("min", "0") or 0), int(element.get("max", "0") or 0)
                hidden_columns.update(range(max(first, 1) - 1, min(last, 16_384)))  # 1-based, inclusive
    return notes, frozenset(hidden), frozenset(hidden_columns)
