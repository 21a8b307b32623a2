"""The import history, and undoing a whole import (telling first which of its members were edited since)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lien_desktop.db.base import utcnow
from lien_desktop.db.engine import Database
from lien_desktop.db.models import ImportRecord
from lien_desktop.db.repositories.import_history import ImportHistoryRepository
from lien_desktop.db.repositories.imports import ImportRepository, from_json_values
from lien_desktop.domain.errors import LienError


@dataclass(frozen=True, slots=True)
class ImportSummary:
    id: int
    chapter_id: int
    file_name: str
    sheet: str
    checksum: str
    imported_at: dt.datetime
    read: int
    imported: int
    updated: int
    skipped: int
    duplicates: int
    warnings: int
    errors: int
    undone_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EditedMember:
    member_id: int
    name: str
    action: str  # what the import did: created / updated


@dataclass(frozen=True, slots=True)
class UndoResult:
    import_id: int
    removed: int
    restored: int


def _summary(r: ImportRecord) -> ImportSummary:
    return ImportSummary(r.id, r.chapter_id, r.file_name, r.sheet, r.checksum, r.imported_at, r.rows_read, r.imported,
                         r.updated, r.skipped, r.duplicates, r.warnings, r.errors, r.undone_at)


class ImportHistoryService:
    def __init__(self, database: Database):
        self.database = database

    def history(self, chapter_id: int | None = None) -> list[ImportSummary]:
        with self.database.reading() as session:
            return [_summary(r) for r in ImportHistoryRepository(session).records(chapter_id)]

    def edited_since(self, import_id: int) -> list[EditedMember]:
        """Members this import created or updated that were changed (or removed) after it."""
        with self.database.reading() as session:
            history = ImportHistoryRepository(session)
            return _edited(history, history.record(import_id))

    def undo(self, import_id: int, *, include_edited: bool = False) -> UndoResult:
        """Remove the members the import created and restore the values it replaced, in one transaction.
        Refused when some were edited since, unless `include_edited` (the user was told and agreed)."""
        with self.database.transaction() as session:
            history = ImportHistoryRepository(session)
            record = history.record(import_id)
            if record.undone_at is not None:
                raise LienError(f"import {import_id} ({record.file_name}) was already undone")
            edited = _edited(history, record)
            if edited and not include_edited:
                names = ", ".join(f"{e.name} (id {e.member_id})" for e in edited[:10])
                more = f" and {len(edited) - 10} more" if len(edited) > 10 else ""
                raise LienError(f"{len(edited)} member(s) of this import were edited since: {names}{more}; "
                                "undoing would lose those edits — confirm to undo anyway")
            repo = ImportRepository(session)
            now = utcnow()
            created = history.created_ids(record)
            restored = 0
            for member_id, before in history.updates(import_id):
                values = from_json_values(before)
                current = repo.member_values_of(member_id)
                if current is None:
                    continue
                repo.apply_values(record.chapter_id, member_id, {**current, **values}, values, now)
                restored += 1
            history.delete_members(created)
            history.mark_undone(import_id, now)
            return UndoResult(import_id, len(created), restored)


def _edited(history: ImportHistoryRepository, record: ImportRecord) -> list[EditedMember]:
    edited = [EditedMember(member_id, f"{first} {last}".strip(), action)
              for member_id, first, last, action in history.edited_since(record)]
    return sorted(edited, key=lambda e: e.member_id)
