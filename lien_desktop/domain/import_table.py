"""What an import reads and what it reports, as plain values shared by readers, services and views.

Rows and columns are numbered as the spreadsheet program shows them: row 1 is the first row and
column A the first column, whatever title rows or empty margins the sheet has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the row (or file) cannot be imported as it is
    WARNING = "warning"  # imported, but the secretary should look
    NOTICE = "notice"  # a fact about the file (hidden rows, blank rows skipped...)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing the secretary should know, named the way they would look for it in their file."""

    file: str
    sheet: str
    row: int | None  # as the spreadsheet shows it; None for the whole file
    column: str  # the column's header text, or its letter when the header is blank; "" for a whole row
    value: str
    reason: str
    severity: Severity = Severity.ERROR
    field: str = ""  # the register field the column was mapped to
    column_index: int | None = None  # 0-based, for highlighting the cell in an error report

    def describe(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet “{self.sheet}”")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        value = f" “{self.value}”" if self.value else ""
        return f"{', '.join(where)}:{value} {self.reason}"


class CellNote(StrEnum):
    """What the reader saw about a cell beyond its value."""

    FORMULA = "formula"  # a formula with a saved (cached) value: the value is used
    FORMULA_NO_VALUE = "formula_no_value"  # a formula never calculated: there is no value to use
    ERROR_VALUE = "error_value"  # #N/A, #DIV/0!...


@dataclass(slots=True)
class RawSheet:
    """The cells of one sheet as read, with what the reader noticed about them.

    rows[i][j] is the cell at spreadsheet row `first_row + i`, column `first_col + j` (0-based column).
    Values are str, float, int, bool, datetime.date/datetime, or "" for an empty cell.
    """

    file_name: str
    sheet: str
    rows: list[list[object]]
    first_row: int = 1
    first_col: int = 0
    notes: dict[tuple[int, int], tuple[CellNote, str]] = field(default_factory=dict)  # (row, col) -> note, text
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()  # 0-based, like first_col
    merged_title_rows: frozenset[int] = frozenset()
    encoding: str = ""  # for text files: the encoding used

    @property
    def row_count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class SheetInfo:
    name: str
    visible: bool = True


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
