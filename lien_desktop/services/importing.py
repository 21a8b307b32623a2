"""Importing a member list: read (safely), map columns, preview without writing, then import all or
nothing in one transaction.

    service = ImportService(database)
    source = service.open(path)                    # checks the file, finds the sheet and header row
    preview = service.preview(source, chapter_id)  # every row as it will be stored, problems, duplicates
    result = service.run(preview, decisions=..., progress=job_progress)

`run` refuses (ImportRefused, nothing written) while there are errors, unless `valid_only` was chosen
after seeing them; and while possible duplicates wait for a decision. `progress.check()` may raise at
any batch (cancel): the transaction is rolled back and the register is exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from lien_desktop.db.base import utcnow
from lien_desktop.db.audit import record_bulk
from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.imports import ImportRepository
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.import_columns import (
    Column,
    auto_mapping,
    check_mapping,
    columns_of,
    field_for_header,
    find_header_row,
    header_key,
    headers_signature,
    ignored_reason,
)
from lien_desktop.domain.import_duplicates import Decision, Match, MatchKind, find_duplicates
from lien_desktop.domain.import_rows import CandidateRow, interpret
from lien_desktop.domain.import_table import ImportProblem, RawSheet, Severity, SheetInfo
from lien_desktop.io import csv_reader, error_report, file_safety, spreadsheet_reader
from lien_desktop.io.constituencies import codes_by_name as constituency_codes_by_name
from lien_desktop.services.collector import collector_paused
from lien_desktop.services.import_plan import Plan, make_plan


class ProgressLike(Protocol):
    def report(self, done: int, total: int = 0, text: str = "") -> None: ...
    def check(self) -> None: ...


class ImportRefused(LienError):
    """The import was not done; `report` says why, row by row. Nothing was changed."""

    def __init__(self, message: str, report: ImportReport | None = None):
        self.report = report
        super().__init__(message)


@dataclass(slots=True)
class ImportSource:
    """A file read and checked: its sheets, the chosen sheet's cells, header row and columns."""

    path: Path
    checksum: str
    kind: str
    sheets: list[SheetInfo]
    raw: RawSheet
    header_index: int | None
    columns: list[Column]
    mapping: dict[int, str | None]
    mapping_remembered: bool = False

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def sheet(self) -> str:
        return self.raw.sheet

    @property
    def header_row(self) -> int | None:
        return None if self.header_index is None else self.raw.first_row + self.header_index

    def unmapped_columns(self) -> list[Column]:
        return [c for c in self.columns if not self.mapping.get(c.index) and (c.header or c.has_data)]


@dataclass(slots=True)
class ImportPreview:
    source: ImportSource
    chapter_id: int
    rows: list[CandidateRow]
    matches: dict[int, Match]
    existing: dict[int, dict[str, object]]
    file_problems: list[ImportProblem]
    blank_rows: list[int]
    hidden_rows: list[int]
    register_stamp: tuple[object, ...] = ()

    @property
    def problems(self) -> list[ImportProblem]:
        return [*self.file_problems, *(p for r in self.rows for p in r.problems)]

    @property
    def blocking(self) -> bool:
        """A problem with the file itself (not a row): valid-only cannot get past it."""
        return any(p.severity is Severity.ERROR for p in self.file_problems)

    @property
    def error_rows(self) -> list[int]:
        return [r.row for r in self.rows if r.has_error]

    @property
    def reviews(self) -> list[Match]:
        return [m for m in self.matches.values() if m.kind is MatchKind.REVIEW]


@dataclass(slots=True)
class ImportReport:
    file: str
    sheet: str
    counts: dict[str, int]
    problems: list[ImportProblem]
    import_id: int | None = None
    dry_run: bool = False
    refused: str = ""
    reviews: list[Match] = field(default_factory=list)


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class ImportService:
    def __init__(self, database: Database):
        self.database = database

    # --- reading ---------------------------------------------------------------------------------

    @collector_paused()  # bulk work: see services/collector.py
    def open(self, path: Path | str, sheet: str | None = None, encoding: str | None = None,
             password: str | None = None) -> ImportSource:
        """Check and read a file; choose the sheet (the given one, or the one that looks like a member list).

        A password-protected workbook raises file_safety.PasswordRequired unless `password` opens it (it
        is then decrypted in memory only; the password is not kept)."""
        path = Path(path)
        facts = file_safety.inspect(path, password)
        if facts.kind == "text":
            raw = csv_reader.read_text_table(facts, encoding)
            return self._source(facts, [], raw)
        infos = spreadsheet_reader.sheet_infos(facts)
        if not infos:
            raise ImportRefused(f"“{path.name}” has no worksheets")
        if sheet is not None:
            if sheet not in {i.name for i in infos}:
                names = ", ".join(f"“{i.name}”" for i in infos)
                raise ImportRefused(f"“{path.name}” has no sheet “{sheet}” (its sheets: {names})")
            return self._source(facts, infos, spreadsheet_reader.read_sheet(facts, sheet))
        best: tuple[int, RawSheet] | None = None
        for info in infos:
            raw = spreadsheet_reader.read_sheet(facts, info.name)
            score = find_header_row(raw.rows)[1] + (1 if info.visible else 0)
            if best is None or score > best[0]:
                best = (score, raw)
        assert best is not None
        return self._source(facts, infos, best[1])

    def _source(self, facts: file_safety.FileFacts, infos: list[SheetInfo], raw: RawSheet) -> ImportSource:
        header_index, _score = find_header_row(raw.rows)
        if header_index is None:  # no recognised headers: take the first non-empty row; the user maps it
            header_index = next((i for i, r in enumerate(raw.rows[:30]) if any(c not in ("", None) for c in r)), None)
        columns = columns_of(raw.rows, header_index, raw.first_col) if header_index is not None else []
        source = ImportSource(path=facts.path, checksum=_checksum(facts.path), kind=facts.kind, sheets=infos, raw=raw,
                              header_index=header_index, columns=columns, mapping=auto_mapping(columns))
        if columns:
            with self.database.reading() as session:
                remembered = ImportRepository(session).remembered_mapping(headers_signature(columns))
            if remembered is not None:
                source.mapping = {c.index: (remembered.get(header_key(c.header) or f"#{c.letter}") or None)
                                  for c in columns}
                source.mapping_remembered = True
        return source

    def remember_mapping(self, source: ImportSource, mapping: Mapping[int, str | None]) -> None:
        with self.database.transaction() as session:
            ImportRepository(session).remember_mapping(*self._mapping_memory(source, mapping))

    @staticmethod
    def _mapping_memory(source: ImportSource, mapping: Mapping[int, str | None]) -> tuple[str, dict[str, str]]:
        keyed = {header_key(c.header) or f"#{c.letter}": (mapping.get(c.index) or "") for c in source.columns}
        return headers_signature(source.columns), keyed

    # --- preview ---------------------------------------------------------------------------------

    @collector_paused()  # bulk work: see services/collector.py
    def preview(self, source: ImportSource, chapter_id: int, mapping: Mapping[int, str | None] | None = None,
                check: Callable[[], None] | None = None) -> ImportPreview:
        """Every row as it will be stored, every problem, every duplicate. Writes nothing."""
        if mapping is not None:
            source = replace(source, mapping=dict(mapping))
        raw = source.raw
        where = (raw.file_name, raw.sheet)
        if source.header_index is None:
            problem = ImportProblem(*where, None, "", "",
                                    "no header row was found: the first rows should name the columns "
                                    "(for example First name, Surname, Email, Status)")
            if not any(any(c not in ("", None) for c in r) for r in raw.rows):
                problem = ImportProblem(*where, None, "", "", "the sheet is empty: there are no members in it")
            return ImportPreview(source, chapter_id, [], {}, {}, [problem], [], [])
        sheet = interpret(raw, source.header_index, source.columns, source.mapping, check=check,
                          constituencies=constituency_codes_by_name())
        file_problems = [ImportProblem(*where, source.header_row, "", "", text)
                         for text in check_mapping(source.mapping)]
        for column in source.unmapped_columns():
            reason = ignored_reason(column.header) or "this column is not imported (no register field chosen for it)"
            file_problems.append(ImportProblem(*where, source.header_row, column.title, "", reason, Severity.NOTICE,
                                               column_index=raw.first_col + column.index))
        file_problems.extend(sheet.file_problems)
        with self.database.reading() as session:
            repo = ImportRepository(session)
            stamp = repo.register_stamp(chapter_id)
            existing = repo.member_values(chapter_id)
        valid = [(r.row, r.values) for r in sheet.rows if not r.has_error]
        matches = find_duplicates(valid, existing.items())
        return ImportPreview(source, chapter_id, sheet.rows, matches, existing, file_problems, sheet.blank_rows,
                             sheet.hidden_rows, stamp)

    def report(self, preview: ImportPreview, plan: Plan | None = None, **extra: object) -> ImportReport:
        problems = preview.problems
        duplicates = sum(1 for m in preview.matches.values() if m.kind is not MatchKind.NEW)
        counts = {
            "read": len(preview.rows),
            "imported": len(plan.creates) if plan else 0,
            "updated": len(plan.updates) if plan else 0,
            "skipped": len(plan.skipped) if plan else 0,
            "duplicates": duplicates,
            "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
            "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
            "blank_rows": len(preview.blank_rows),
            "hidden_rows": len(preview.hidden_rows),
        }
        return ImportReport(file=preview.source.file_name, sheet=preview.source.sheet, counts=counts,
                            problems=problems, reviews=preview.reviews, **extra)  # type: ignore[arg-type]

    def save_error_report(self, preview: ImportPreview, out: Path | str) -> Path:
        """A copy of the sheet with the bad cells highlighted and a Problems column (xlsx)."""
        return error_report.write_error_report(preview.source.raw, preview.problems, Path(out),
                                               preview.source.header_row)

    # --- import ----------------------------------------------------------------------------------

    def plan(self, preview: ImportPreview, *, decisions: Mapping[int, Decision] | None = None,
             on_duplicate: Decision | None = None, valid_only: bool = False) -> Plan:
        """What the import would do; raises ImportRefused (with the report) if it may not be done."""
        if preview.blocking:
            first = next(p for p in preview.file_problems if p.severity is Severity.ERROR)
            raise ImportRefused(f"{preview.source.file_name}: {first.reason}; nothing was imported",
                                self.report(preview, refused=first.reason))
        if preview.error_rows and not valid_only:
            count = len(preview.error_rows)
            message = (f"{count} row(s) of {preview.source.file_name} have errors; nothing was imported. Correct "
                       "them (save an error report to see where) or choose to import only the valid rows")
            raise ImportRefused(message, self.report(preview, refused=message))
        chosen = dict(decisions or {})
        undecided = [m for m in preview.reviews if m.row not in chosen and on_duplicate is None]
        if undecided:
            message = (f"{len(undecided)} possible duplicate(s) need a decision (update, keep both or skip) — "
                       f"first at row {undecided[0].row}: {undecided[0].reason}; nothing was imported")
            raise ImportRefused(message, self.report(preview, refused=message))
        for match in preview.reviews:
            chosen.setdefault(match.row, on_duplicate)  # type: ignore[arg-type]
        return make_plan(preview.rows, preview.matches, preview.existing, chosen)

    @collector_paused()  # bulk work: see services/collector.py
    def run(self, preview: ImportPreview, *, decisions: Mapping[int, Decision] | None = None,
            on_duplicate: Decision | None = None, valid_only: bool = False, dry_run: bool = False,
            progress: ProgressLike | None = None) -> ImportReport:
        plan = self.plan(preview, decisions=decisions, on_duplicate=on_duplicate, valid_only=valid_only)
        if dry_run:
            return self.report(preview, plan, dry_run=True)
        source = preview.source
        total = len(plan.creates) + len(plan.updates)

        def check(done: int) -> None:
            if progress is not None:
                progress.check()
                progress.report(done, total, f"{done:,} of {total:,} members written")

        now = utcnow()
        with self.database.transaction() as session:
            repo = ImportRepository(session)
            if repo.register_stamp(preview.chapter_id) != preview.register_stamp:
                raise ImportRefused("the register changed since the preview; preview the file again")
            existing = preview.existing
            import_id = repo.add_record(preview.chapter_id, source.file_name, source.sheet, source.checksum, now)
            created = repo.insert_members(preview.chapter_id, import_id, plan.creates, now, check)
            for done, (row, member_id, changes) in enumerate(plan.updates, start=len(plan.creates) + 1):
                repo.update_member(preview.chapter_id, import_id, row, member_id, existing[member_id], changes, now)
                if done % 500 == 0:
                    check(done)
            # Bulk writes bypass the ORM's automatic audit trail: one entry for the whole import.
            record_bulk(session, "import", "members", len(plan.creates) + len(plan.updates),
                        f"spreadsheet import {import_id} of {source.file_name}: {len(plan.creates)} added, "
                        f"{len(plan.updates)} updated", chapter_id=preview.chapter_id)
            report = self.report(preview, plan, import_id=import_id)
            repo.finish_record(import_id, report.counts, created)
            repo.remember_mapping(*self._mapping_memory(source, source.mapping))
            if progress is not None:
                progress.check()  # the last moment a cancel can still undo everything
            return report


def imported_at_display(when: dt.datetime) -> str:
    return when.strftime("%d/%m/%Y %H:%M")


__all__ = ["ImportService", "ImportSource", "ImportPreview", "ImportReport", "ImportRefused", "field_for_header"]
