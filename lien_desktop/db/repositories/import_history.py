"""The import history's queries: the records, the members an import created or updated, undoing it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from lien_desktop.db.models import ImportedMember, ImportRecord, Member
from lien_desktop.domain.errors import NotFoundError


class ImportHistoryRepository:
    def __init__(self, session: Session):
        self.session = session

    def records(self, chapter_id: int | None = None) -> list[ImportRecord]:
        statement = select(ImportRecord).order_by(ImportRecord.id.desc())
        if chapter_id is not None:
            statement = statement.where(ImportRecord.chapter_id == chapter_id)
        return list(self.session.scalars(statement))

    def record(self, import_id: int) -> ImportRecord:
        record = self.session.get(ImportRecord, import_id)
        if record is None:
            raise NotFoundError(f"there is no import with id {import_id}")
        return record

    @staticmethod
    def _created(record: ImportRecord) -> ColumnElement[bool] | None:
        """The members this import created: its id range, and created in its transaction."""
        if record.first_created_id is None:
            return None
        return (Member.id.between(record.first_created_id, record.last_created_id)
                & (Member.chapter_id == record.chapter_id) & (Member.created_at == record.imported_at))

    def edited_since(self, record: ImportRecord) -> list[tuple[int, str, str, str]]:
        """(id, first name, last name, "created"/"updated") of the import's members changed or removed since."""
        changed = (Member.updated_at > record.imported_at) | Member.removed_at.is_not(None)
        updated = (select(Member.id, Member.first_name, Member.last_name)
                   .join(ImportedMember, ImportedMember.member_id == Member.id)
                   .where(ImportedMember.import_id == record.id, changed))
        edited = [(i, f, l, "updated") for i, f, l in self.session.execute(updated)]
        created = self._created(record)
        if created is not None:
            statement = select(Member.id, Member.first_name, Member.last_name).where(created, changed)
            edited += [(i, f, l, "created") for i, f, l in self.session.execute(statement)]
        return edited

    def updates(self, import_id: int) -> list[tuple[int, str]]:
        """(member id, JSON of the values replaced) of the members the import updated, latest first."""
        statement = (select(ImportedMember.member_id, ImportedMember.before)
                     .where(ImportedMember.import_id == import_id, ImportedMember.action == "updated")
                     .order_by(ImportedMember.id.desc()))
        return [(member_id, before) for member_id, before in self.session.execute(statement)]

    def created_ids(self, record: ImportRecord) -> list[int]:
        condition = self._created(record)
        return list(self.session.scalars(select(Member.id).where(condition))) if condition is not None else []

    def delete_members(self, member_ids: list[int]) -> None:
        for start in range(0, len(member_ids), 500):
            self.session.execute(delete(Member).where(Member.id.in_(member_ids[start:start + 500])))

    def mark_undone(self, import_id: int, now: dt.datetime) -> None:
        self.session.execute(update(ImportRecord).where(ImportRecord.id == import_id).values(undone_at=now))
