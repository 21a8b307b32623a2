"""Reading members for an export: a few set-based queries per chunk of ids, not one query per member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Member, MemberConsent, MemberTag, OfficerPost, StandingEvent, Tag
from lien_desktop.domain import members as d
from lien_desktop.domain.export_profiles import ExportMember

# Under SQLite's historical limit of 999 bound parameters (and far under PostgreSQL's).
CHUNK = 900

_OWN_FIELDS = tuple(name for name in d.MEMBER_FIELDS)
_COLUMNS = (Member.id, *(getattr(Member, name) for name in _OWN_FIELDS), Member.standing)


class ExportRepository:
    def __init__(self, session: Session):
        self.session = session

    def confidential_ids(self, chapter_id: int) -> set[int]:
        statement = select(Member.id).where(Member.chapter_id == chapter_id, Member.confidential.is_(True))
        return set(self.session.scalars(statement))

    def in_chapter(self, chapter_id: int, ids: Iterable[int]) -> set[int]:
        wanted = list(dict.fromkeys(ids))
        found: set[int] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            found.update(self.session.scalars(
                select(Member.id).where(Member.id.in_(chunk), Member.chapter_id == chapter_id)))
        return found

    def members(self, ids: Sequence[int], constituency_names: Mapping[str, str],
                today: dt.date | None = None) -> Iterator[ExportMember]:
        """The members with these ids, in this order, read chunk by chunk."""
        today = today or dt.date.today()
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            yield from self._chunk(chunk, constituency_names, today)

    def _chunk(self, chunk: list[int], names: Mapping[str, str], today: dt.date) -> list[ExportMember]:
        session = self.session
        members: dict[int, ExportMember] = {}
        for row in session.execute(select(*_COLUMNS).where(Member.id.in_(chunk))):
            member = ExportMember(*row)  # id, own fields in MEMBER_FIELDS order, standing
            member.constituency_name = names.get(member.constituency_code, "")
            members[member.id] = member
        since = select(StandingEvent.member_id, func.max(StandingEvent.event_date)).where(
            StandingEvent.member_id.in_(chunk)).group_by(StandingEvent.member_id)
        for member_id, day in session.execute(since):
            members[member_id].standing_since = day
        tags: dict[int, list[str]] = {}
        tag_rows = select(MemberTag.member_id, Tag.name).join(Tag, Tag.id == MemberTag.tag_id).where(
            MemberTag.member_id.in_(chunk)).order_by(func.lower(Tag.name))
        for member_id, name in session.execute(tag_rows):
            tags.setdefault(member_id, []).append(name)
        for member_id, names_ in tags.items():
            members[member_id].tags = tuple(names_)
        posts = select(OfficerPost.member_id, OfficerPost.title).where(
            OfficerPost.member_id.in_(chunk), or_(OfficerPost.end_date.is_(None), OfficerPost.end_date >= today)
        ).order_by(OfficerPost.member_id, OfficerPost.start_date, OfficerPost.id)
        titles: dict[int, list[str]] = {}
        for member_id, title in session.execute(posts):
            titles.setdefault(member_id, []).append(title)
        for member_id, titles_ in titles.items():
            members[member_id].officer_posts = tuple(titles_)
        consents = select(MemberConsent.member_id, MemberConsent.channel, MemberConsent.granted,
                          MemberConsent.recorded_on, MemberConsent.source, MemberConsent.withdrawn_on).where(
            MemberConsent.member_id.in_(chunk))
        for member_id, channel, granted, recorded_on, source, withdrawn_on in session.execute(consents):
            members[member_id].consents[channel] = d.Consent(channel, granted, recorded_on, source, withdrawn_on)
        return [members[i] for i in chunk if i in members]
