"""Each member's lawful basis (Art. 6) and special-category condition (Art. 9)."""

from __future__ import annotations

import datetime as dt

from lien_desktop.db.engine import Database
from lien_desktop.db.models import Member, MemberDataProtection
from lien_desktop.domain.data_protection import Article9Condition, LawfulBasis, LawfulBasisRecord
from lien_desktop.domain.errors import NotFoundError, ValidationError


class LawfulBasisService:
    def __init__(self, database: Database):
        self.database = database

    def get(self, member_id: int) -> LawfulBasisRecord | None:
        with self.database.reading() as session:
            row = session.get(MemberDataProtection, member_id)
            if row is None:
                return None
            return LawfulBasisRecord(row.lawful_basis, row.article9_condition, row.explicit_consent_on,
                                     row.recorded_on, row.note)

    def set(self, member_id: int, record: LawfulBasisRecord) -> None:
        problems: dict[str, str] = {}
        try:
            basis, condition = LawfulBasis(record.basis), Article9Condition(record.condition)
        except ValueError as exc:
            raise ValidationError({"lawful_basis": str(exc)}) from None
        if condition is Article9Condition.EXPLICIT_CONSENT and record.explicit_consent_on is None:
            problems["explicit_consent_on"] = "explicit consent needs the date it was given"
        if record.explicit_consent_on and record.explicit_consent_on > dt.date.today():
            problems["explicit_consent_on"] = "is in the future"
        if len(record.note) > 2000:
            problems["note"] = "is too long (at most 2000 characters)"
        if problems:
            raise ValidationError(problems)
        with self.database.transaction() as session:
            if session.get(Member, member_id) is None:
                raise NotFoundError(f"there is no member with id {member_id}")
            row = session.get(MemberDataProtection, member_id)
            if row is None:
                row = MemberDataProtection(member_id=member_id)
                session.add(row)
            row.lawful_basis, row.article9_condition = basis, condition
            row.explicit_consent_on = record.explicit_consent_on
            row.recorded_on = record.recorded_on or dt.date.today()
            row.note = record.note.strip()
