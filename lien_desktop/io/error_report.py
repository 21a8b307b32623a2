"""The error report: a copy of the user's sheet (same rows and columns, so row 7 is still row 7) with
each bad cell highlighted, a comment saying why, and a "Problems" column — ready to fix and re-import.
Written to a temporary file and renamed into place, so a failure leaves no half file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from lien_desktop.domain.import_table import ImportProblem, RawSheet, Severity

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")


def _cell_value(value: object) -> object:
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value  # never let a spreadsheet evaluate imported text
    return None if value == "" else value


def write_error_report(raw: RawSheet, problems: Iterable[ImportProblem], out: Path, header_row: int | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (raw.sheet or "Members")[:31]
    width = 0
    for i, row in enumerate(raw.rows):
        width = max(width, len(row))
        for j, value in enumerate(row):
            if value not in ("", None):
                sheet.cell(row=raw.first_row + i, column=raw.first_col + j + 1, value=_cell_value(value))
    problems_column = raw.first_col + width + 1
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        if problem.row is None or problem.severity is Severity.NOTICE:
            continue
        text = f"{problem.column}: {problem.reason}" if problem.column else problem.reason
        by_row.setdefault(problem.row, []).append(text)
        if problem.column_index is not None:
            cell = sheet.cell(row=problem.row, column=problem.column_index + 1)
            cell.fill = ERROR_FILL if problem.severity is Severity.ERROR else WARNING_FILL
            cell.comment = Comment(problem.reason, "LIEN Desktop")
    for row, texts in by_row.items():
        sheet.cell(row=row, column=problems_column, value="; ".join(texts))
    title = sheet.cell(row=header_row or raw.first_row, column=problems_column, value="Problems")
    title.font = Font(bold=True)
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".lien-report-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
