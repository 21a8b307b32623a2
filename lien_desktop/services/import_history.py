"""The import history, and undoing a whole import (telling first which of its members were edited since)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from lien_desktop.db.base import utcnow
from lien_desktop.db.engine import Database
from lien_desktop.db.models import ImportedMember, ImportRecord, Member
from lien_desktop.db.repositories.imports import ImportRepository, from_json_values
from lien_desktop.domain.errors import LienError, NotFoundError


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
            statement = select(ImportRecord).order_by(ImportRecord.id.desc())
            if chapter_id is not None:
                statement = statement.where(ImportRecord.chapter_id == chapter_id)
            return [_summary(r) for r in session.scalars(statement)]

    def edited_since(self, import_id: int) -> list[EditedMember]:
        """Members this import created or updated that were changed (or removed) after it."""
        with self.database.reading() as session:
            record = self._record(session, import_id)
            return self._edited(session, record)

    @staticmethod
    def _record(session, import_id: int) -> ImportRecord:  # type: ignore[no-untyped-def]
        record = session.get(ImportRecord, import_id)
        if record is None:
            raise NotFoundError(f"there is no import with id {import_id}")
        return record

    @staticmethod
    def _created(record: ImportRecord):  # type: ignore[no-untyped-def]
        """The members this import created: its id range, and created in its transaction."""
        if record.first_created_id is None:
            return None
        return (Member.id.between(record.first_created_id, record.last_created_id)
                & (Member.chapter_id == record.chapter_id) & (Member.created_at == record.imported_at))

    @classmethod
    def _edited(cls, session, record: ImportRecord) -> list[EditedMember]:  # type: ignore[no-untyped-def]
        changed = (Member.updated_at > record.imported_at) | Member.removed_at.is_not(None)
        updated = (select(Member.id, Member.first_name, Member.last_name)
                   .join(ImportedMember, ImportedMember.member_id == Member.id)
                   .where(ImportedMember.import_id == record.id, changed))
        edited = [EditedMember(i, f"{f} {l}".strip(), "updated") for i, f, l in session.execute(updated)]
        created = cls._created(record)
        if created is not None:
            statement = select(Member.id, Member.first_name, Member.last_name).where(created, changed)
            edited += [EditedMember(i, f"{f} {l}".strip(), "created") for i, f, l in session.execute(statement)]
        return sorted(edited, key=lambda e: e.member_id)

    def undo(self, import_id: int, *, include_edited: bool = False) -> UndoResult:
        """Remove the members the import created and restore the values it replaced, in one transaction.
        Refused when some were edited since, unless `include_edited` (the user was told and agreed)."""
        with self.database.transaction() as session:
            record = self._record(session, import_id)
            if record.undone_at is not None:
                raise LienError(f"import {import_id} ({record.file_name}) was already undone")
            edited = self._edited(session, record)
            if edited and not include_edited:
                names = ", ".join(f"{e.name} (id {e.member_id})" for e in edited[:10])
                more = f" and {len(edited) - 10} more" if len(edited) > 10 else ""
                raise LienError(f"{len(edited)} member(s) of this import were edited since: {names}{more}; "
                                "undoing would lose those edits — confirm to undo anyway")
            links = list(session.execute(
                select(ImportedMember.member_id, ImportedMember.action, ImportedMember.before)
                .where(ImportedMember.import_id == import_id).order_by(ImportedMember.id.desc())))
            repo = ImportRepository(session)
            now = utcnow()
            condition = self._created(record)
            created = list(session.scalars(select(Member.id).where(condition))) if condition is not None else []
            restored = 0
            for member_id, action, before in links:
                if action != "updated":
                    continue
                values = from_json_values(before)
                current = repo.member_values_of(member_id)
                if current is None:
                    continue
                repo.apply_values(record.chapter_id, member_id, {**current, **values}, values, now)
                restored += 1
            for start in range(0, len(created), 500):
                session.execute(delete(Member).where(Member.id.in_(created[start:start + 500])))
            session.execute(update(ImportRecord).where(ImportRecord.id == import_id).values(undone_at=now))
            return UndoResult(import_id, len(created), restored)
