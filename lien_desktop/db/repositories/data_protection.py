"""The register's queries of data protection: whom a subject access request names, and the members a
retention review considers (services/subject_access.py and services/retention.py keep the rules)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Member
from lien_desktop.domain.members import MemberStatus


class DataProtectionRepository:
    def __init__(self, session: Session):
        self.session = session

    def members_identified_by(self, wanted: str) -> list[tuple[int, str, str, str, bool]]:
        """(id, first name, preferred name, last name, confidential) of every member, removed ones
        included, whose email or Labour membership number is `wanted` (case ignored), or whose id it is
        (when it is all digits); by id."""
        conditions = [func.lower(Member.email) == wanted.lower(),
                      func.upper(Member.labour_membership_number) == wanted.upper()]
        if wanted.isdigit():
            conditions.append(Member.id == int(wanted))
        statement = (select(Member.id, Member.first_name, Member.preferred_name, Member.last_name,
                            Member.confidential).where(or_(*conditions)).order_by(Member.id))
        return [tuple(row) for row in self.session.execute(statement).all()]  # type: ignore[misc]

    def lapsed_or_left(self, chapter_id: int | None = None) -> list[
            tuple[int, str, str, str, str, dt.datetime, bool, dt.datetime | None]]:
        """(id, first name, preferred name, last name, status, updated_at, confidential, removed_at) of the
        members whose status is lapsed or left, of one chapter or of all; removed ones included."""
        statement = select(Member.id, Member.first_name, Member.preferred_name, Member.last_name, Member.status,
                           Member.updated_at, Member.confidential, Member.removed_at).where(
            Member.status.in_((MemberStatus.LAPSED, MemberStatus.LEFT)))
        if chapter_id is not None:
            statement = statement.where(Member.chapter_id == chapter_id)
        return [tuple(row) for row in self.session.execute(statement).all()]  # type: ignore[misc]
