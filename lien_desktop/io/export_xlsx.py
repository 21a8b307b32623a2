"""Member lists as .xlsx with xlsxwriter in constant-memory mode, written all or nothing.

A bold header row, frozen, with an autofilter; dates as real dates shown dd/mm/yyyy; column widths
from the profile, widened to fit the first rows. Every text value is an explicit string cell (never a
formula, number or link, whatever it looks like); one that a spreadsheet could take for a formula
also gets Excel's "quote prefix" style, so it stays text even when the user edits the cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import xlsxwriter

from lien_desktop.domain.export_profiles import CellKind, is_formula_like
from lien_desktop.io.atomic_output import replacing

PROGRESS_EVERY = 1000
WIDTH_SAMPLE_ROWS = 200
MAX_WIDTH = 60
SHEET_NAME = "Members"
_SUSPECT_FIRST = frozenset("=+-@\t\r\n＝＋－＠ \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                           "\u2009\u200a\u200b\u202f\u205f\u3000\ufeff")


MAX_ROWS = 1_048_576  # Excel's last row (the header is row 1)


class CellRefused(ValueError):
    """A value Excel cannot hold: never written cut short, never skipped."""

    def __init__(self, row: int, col: int, status: int):
        self.row, self.col = row, col
        if status == -1:
            message = f"Excel holds at most {MAX_ROWS - 1:,} rows below the header; export to .csv instead"
        else:
            message = (f"the value for row {row + 1}, column {col + 1} is longer than an Excel cell holds "
                       "(32,767 characters); export to .csv instead")
        super().__init__(message)


def write_xlsx(
    path: str | os.PathLike[str],
    headers: Sequence[str],
    kinds: Sequence[CellKind],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[int] | None = None,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
    check: Callable[[], None] | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    sheet_name: str = SHEET_NAME,
) -> int:
    """Write `rows` (cell values: str, date, number or None) under `headers`; return the rows written.

    `check` is called between rows and may raise (a cancel) to abandon the file: nothing is left,
    neither the target nor the temporary file, nor xlsxwriter's own row-data file in `work_dir`.
    """
    kinds = list(kinds)
    iterator = iter(rows)
    sample = list(itertools.islice(iterator, WIDTH_SAMPLE_ROWS))
    column_widths = _widths(headers, sample, widths)
    with replacing(path) as temp, _scratch_folder(work_dir) as scratch:
        workbook = xlsxwriter.Workbook(str(temp), {
            "constant_memory": True,
            "tmpdir": str(scratch),
            # Never guess: a string is a string (no formulas, numbers or hyperlinks made from text).
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        try:
            written = _write_sheet(workbook, sheet_name, headers, kinds, itertools.chain(sample, iterator),
                                   column_widths, total, progress, check)
        except BaseException:
            _abandon(workbook)
            raise
        workbook.close()  # assembles the zip into `temp`; a full disk raises here
    if progress is not None:
        progress(written, total)
    return written


def _write_sheet(workbook, sheet_name, headers, kinds, rows, column_widths, total, progress, check) -> int:  # type: ignore[no-untyped-def]
    sheet = workbook.add_worksheet(sheet_name)
    header_format = workbook.add_format({"bold": True, "bg_color": "#E7E6E6", "bottom": 1, "valign": "top"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    quoted = workbook.add_format({"quote_prefix": True})
    for col, width in enumerate(column_widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, header_format)

    # xlsxwriter's public write_* methods only add A1-notation parsing to these (one wrapper call per
    # cell: measurable over millions of cells); fall back to the public ones if they ever go away.
    write_string = getattr(sheet, "_write_string", sheet.write_string)
    write_number = getattr(sheet, "_write_number", sheet.write_number)
    write_datetime = getattr(sheet, "_write_datetime", sheet.write_datetime)
    date_kind, number_kind = CellKind.DATE, CellKind.NUMBER
    suspect = _SUSPECT_FIRST
    row_index = 0
    for row_index, row in enumerate(rows, start=1):
        if check is not None:
            check()
        for col, value in enumerate(row):
            if value is None or value == "":
                continue  # an empty cell stays empty (not an empty string)
            if value.__class__ is str:
                if value[0] in suspect and is_formula_like(value):
                    status = write_string(row_index, col, value, quoted)
                else:
                    status = write_string(row_index, col, value)
                if status:  # -1: past Excel's last row; -2: longer than a cell holds (never truncate)
                    raise CellRefused(row_index, col, status)
            elif kinds[col] is date_kind and isinstance(value, dt.date):
                write_datetime(row_index, col, value, date_format)
            elif kinds[col] is number_kind and isinstance(value, int | float) and not isinstance(value, bool):
                write_number(row_index, col, value)
            else:
                write_string(row_index, col, str(value))
        if row_index >= MAX_ROWS:
            raise CellRefused(row_index, 0, -1)
        if progress is not None and row_index % PROGRESS_EVERY == 0:
            progress(row_index, total)
    sheet.autofilter(0, 0, max(row_index, 1), max(len(headers) - 1, 0))
    return row_index


def _widths(headers: Sequence[str], sample: list[Sequence[object]], widths: Sequence[int] | None) -> list[float]:
    result = []
    for col, header in enumerate(headers):
        width = max(len(header) + 3, widths[col] if widths else 8)  # + room for the filter button
        for row in sample:
            value = row[col] if col < len(row) else None
            if isinstance(value, str):
                width = max(width, len(value) + 1)
        result.append(min(width, MAX_WIDTH))
    return result


@contextlib.contextmanager
def _scratch_folder(work_dir: str | os.PathLike[str] | None):  # type: ignore[no-untyped-def]
    """xlsxwriter's row-data file lives here; the folder goes, whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="lien-export-", dir=work_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _abandon(workbook: xlsxwriter.Workbook) -> None:
    """Close xlsxwriter's open row-data files so that their folder can be removed (also on Windows)."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
