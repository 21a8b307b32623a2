"""From a sheet's cells to candidate members: every row read, every problem named where it is.

Pure: no files, no database. `interpret` walks the rows below the header once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lien_desktop.domain.errors import field_label
from lien_desktop.domain.import_columns import CONSTITUENCY_NAME, FULL_NAME, Column, header_key
from lien_desktop.domain.import_table import CellNote, ImportProblem, RawSheet, Severity
from lien_desktop.domain.import_values import READERS, SOFT_FIELDS, STATUS_WORDS, as_text, split_full_name
from lien_desktop.domain.validation import FieldProblem

ERROR_LITERALS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                            "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
                            "Err:502", "Err:504", "Err:508", "Err:511", "Err:522"})
_CANONICAL_POSTCODE = re.compile(r"^(?:GIR 0AA|[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2})$")
_SIMPLE_EMAIL = re.compile(
    r"^(?=.{3,254}$)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


@dataclass(slots=True)
class CandidateRow:
    """One data row: its values as they will be stored, and what is wrong with it."""

    row: int  # as the spreadsheet shows it
    values: dict[str, object]
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def has_warning(self) -> bool:
        return any(p.severity is Severity.WARNING for p in self.problems)


@dataclass(slots=True)
class InterpretedSheet:
    rows: list[CandidateRow]
    blank_rows: list[int]
    hidden_rows: list[int]
    file_problems: list[ImportProblem]


def interpret(
    raw: RawSheet,
    header_index: int,
    columns: list[Column],
    mapping: dict[int, str | None],
    *,
    check: Callable[[], None] | None = None,
    constituencies: Mapping[str, str] | None = None,
) -> InterpretedSheet:
    """Read every row below the header with the given mapping (column index -> field).

    `constituencies` maps a constituency's name (as `header_key` folds it) to its code, for a column of
    constituency names."""
    by_name = constituencies or {}
    used = [(c.index, name, c) for c in columns if (name := mapping.get(c.index))]
    considered = [c.index for c in columns]
    rows: list[CandidateRow] = []
    blank: list[int] = []
    hidden_seen: list[int] = []
    notes = raw.notes
    for offset, cells in enumerate(raw.rows[header_index + 1:], start=header_index + 1):
        if check is not None and offset % 2000 == 0:
            check()
        row_number = raw.first_row + offset
        if not any(j < len(cells) and cells[j] not in (None, "") and not _blank_text(cells[j]) for j in considered):
            if not any(notes.get((row_number, raw.first_col + j)) for j in considered):
                blank.append(row_number)
                continue
        if row_number in raw.hidden_rows:
            hidden_seen.append(row_number)
        rows.append(_interpret_row(raw, row_number, cells, used, by_name))
    file_problems = []
    if hidden_seen:
        listed = ", ".join(map(str, hidden_seen[:20])) + ("…" if len(hidden_seen) > 20 else "")
        file_problems.append(ImportProblem(
            raw.file_name, raw.sheet, None, "", "",
            f"{len(hidden_seen)} hidden or filtered row(s) are included: rows {listed}", Severity.NOTICE))
    for column in columns:  # hidden columns are read like the others: say so, where the header is
        if raw.first_col + column.index in raw.hidden_columns:
            file_problems.append(ImportProblem(
                raw.file_name, raw.sheet, raw.first_row + header_index, column.title, "",
                "this column is hidden in the file; it is read like the others", Severity.NOTICE,
                mapping.get(column.index) or "", raw.first_col + column.index))
    if blank:
        file_problems.append(ImportProblem(
            raw.file_name, raw.sheet, None, "", "", f"{len(blank)} blank row(s) were skipped", Severity.NOTICE))
    if not rows:
        file_problems.append(ImportProblem(
            raw.file_name, raw.sheet, None, "", "", "the sheet has headers but no members below them"))
    return InterpretedSheet(rows, blank, hidden_seen, file_problems)


def _blank_text(value: object) -> bool:
    return isinstance(value, str) and not value.strip(" \t\r\n\u00a0\u200b\ufeff")


def _problem(raw: RawSheet, row_number: int, column: Column, name: str, value: object, reason: str,
             severity: Severity = Severity.ERROR, shown: str | None = None) -> ImportProblem:
    return ImportProblem(raw.file_name, raw.sheet, row_number, column.title, as_text(value) if shown is None else shown,
                         reason, severity, name, raw.first_col + column.index)


# Fields whose cells, when plain printable text without outer spaces, are stored exactly as they are.
_PLAIN_TEXT = {name for name in ("first_name", "last_name", "preferred_name", "address_line1", "address_line2",
                                 "town", "branch", "trade_union")}


def _interpret_row(raw: RawSheet, row_number: int, cells: list[object],
                   used: list[tuple[int, str, Column]], constituencies: Mapping[str, str]) -> CandidateRow:
    values: dict[str, object] = {}
    candidate = CandidateRow(row=row_number, values=values)
    problems = candidate.problems
    kept_in_notes: list[str] = []
    named: tuple[Column, str, str] | None = None  # a constituency given by name: its column, name and code
    notes = raw.notes
    width = len(cells)
    for j, name, column in used:
        value = cells[j] if j < width else ""
        if notes:
            note = notes.get((row_number, raw.first_col + j))
            if note is not None:
                kind, text = note
                if kind is CellNote.ERROR_VALUE:
                    problems.append(_problem(raw, row_number, column, name, value, f"holds the spreadsheet error "
                                             f"{text}, not a value; correct the cell", shown=text))
                    continue
                if kind is CellNote.FORMULA_NO_VALUE:
                    problems.append(_problem(raw, row_number, column, name, value, "is a formula that was never "
                                             "calculated, so it has no value: open the file in the spreadsheet "
                                             "program, recalculate, save, and import again", shown=text))
                    continue
                formula = f"is a formula ({text[:60]})" if text else "is a formula"
                problems.append(_problem(raw, row_number, column, name, value, f"{formula}; its last calculated "
                                         "value was used", Severity.WARNING))
        if type(value) is str:
            if value in ERROR_LITERALS:  # an error value saved as text (CSV exports, some .ods/.xls readers)
                problems.append(_problem(raw, row_number, column, name, value, f"holds the spreadsheet error "
                                         f"{value}, not a value; correct the cell"))
                continue
            # Printable text holds no white space but " ", so no outer spaces and no double space is clean.
            if name in _PLAIN_TEXT and len(value) <= 100 and value.isprintable() and "  " not in value \
                    and value[:1] != " " and value[-1:] != " ":
                values[name] = value  # already clean: what clean() would return
                continue
            if name == "email" and _SIMPLE_EMAIL.match(value):
                local, _, domain = value.rpartition("@")  # the common case, without the slow validator
                values[name] = f"{local}@{domain.lower()}"
                continue
            if name == "postcode" and _CANONICAL_POSTCODE.match(value):
                values[name] = value  # already as normalise_postcode writes it
                continue
            if name == "status" and (status := STATUS_WORDS.get(value.lower())) is not None:
                values[name] = status
                continue
        elif name == "joined_on" and type(value) is dt.date:
            values[name] = value
            continue
        if name == CONSTITUENCY_NAME:
            named = _constituency_by_name(raw, row_number, column, value, constituencies, problems)
            continue
        warnings: list[str] = []
        try:
            if name == FULL_NAME:
                values["first_name"], values["last_name"] = split_full_name(value, warnings)
            else:
                values[name] = READERS[name](value, warnings)
        except FieldProblem as exc:
            if name in SOFT_FIELDS:
                problems.append(_problem(raw, row_number, column, name, value, f"{exc}; not stored as a phone number "
                                         "(the text is kept in the notes)", Severity.WARNING))
                kept_in_notes.append(f"{field_label(name)} in the imported file: {as_text(value)}")
                values[name] = ""
            else:
                problems.append(_problem(raw, row_number, column, name, value,
                                         str(exc).replace(f"“{as_text(value)}” ", "", 1)))
        for text in warnings:
            problems.append(_problem(raw, row_number, column, name, value, text, Severity.WARNING))
    if named is not None:
        _use_constituency_name(raw, row_number, named, values, problems)
    if values.get("standing") is None:
        values.pop("standing", None)
    elif not values.get("standing_since") and not any(p.field == "standing_since" for p in problems):
        problems.append(ImportProblem(raw.file_name, raw.sheet, row_number, "", "",
                                      "has a Labour standing but no date for it (Standing since); a standing is "
                                      "recorded on the member's timeline with its date", Severity.ERROR, "standing"))
    if kept_in_notes:
        values["notes"] = "\n".join(filter(None, [str(values.get("notes") or ""), *kept_in_notes]))
    if not values.get("first_name") and not values.get("last_name") and not any(
        p.field in {"first_name", "last_name", FULL_NAME} for p in problems
    ):
        problems.append(ImportProblem(raw.file_name, raw.sheet, row_number, "", "",
                                      "has no first or last name; every member needs a name"))
    return candidate


def _constituency_by_name(raw: RawSheet, row_number: int, column: Column, value: object,
                          constituencies: Mapping[str, str],
                          problems: list[ImportProblem]) -> tuple[Column, str, str] | None:
    """The code a constituency name stands for; an unknown name is an error (never dropped or guessed)."""
    text = as_text(value).strip()
    if not text:
        return None
    code = constituencies.get(header_key(text))
    if code is None:
        problems.append(_problem(raw, row_number, column, CONSTITUENCY_NAME, value,
                                 "is not the name of a Westminster constituency (2024 boundaries); give its code "
                                 "(for example E14001234) or leave this column out"))
        return None
    return column, text, code


def _use_constituency_name(raw: RawSheet, row_number: int, named: tuple[Column, str, str], values: dict[str, object],
                           problems: list[ImportProblem]) -> None:
    """The constituency name's code is stored, unless a code column says otherwise (then the row is wrong)."""
    column, text, code = named
    given = values.get("constituency_code")
    if given and given != code:
        problems.append(_problem(raw, row_number, column, CONSTITUENCY_NAME, text,
                                 f"is constituency {code}, but the constituency code in this row is {given}; "
                                 "correct one of them"))
    elif not any(p.field == "constituency_code" for p in problems):
        values["constituency_code"] = code
