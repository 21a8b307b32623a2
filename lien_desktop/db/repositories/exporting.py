"""Reading members for an export: a few set-based queries, never one query per member.

A small scope (a selection, a narrow filter) is read by chunks of ids. A large one is read with one
query per table for the whole chapter (a single pass over each table is far cheaper than hundreds of
IN-lists of ids), then handed out in the scope's order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Member, MemberConsent, MemberTag, OfficerPost, StandingEvent, Tag
from lien_desktop.domain import members as d
from lien_desktop.domain.export_profiles import ExportMember

# Under SQLite's historical limit of 999 bound parameters (and far under PostgreSQL's).
CHUNK = 900
# From this many members on, read whole tables for the chapter instead of chunks of ids.
BULK_FROM = 5000

# ExportMember's leading fields by position: the member's own fields, (tags, filled later), id, standing.
_COLUMNS = (*(getattr(Member, name) for name in d.MEMBER_FIELDS), Member.id, Member.standing)


class ExportRepository:
    def __init__(self, session: Session):
        self.session = session
        self._check: Callable[[], None] = lambda: None

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

    def members(self, chapter_id: int, ids: Sequence[int], constituency_names: Mapping[str, str],
                today: dt.date | None = None, bulk_from: int | None = None,
                check: Callable[[], None] | None = None) -> Iterator[ExportMember]:
        """The chapter's members with these ids, in this order. `check` (a cancel) runs between queries."""
        today = today or dt.date.today()
        self._check = check or (lambda: None)
        if len(ids) >= (BULK_FROM if bulk_from is None else bulk_from):
            in_chapter = Member.chapter_id == chapter_id
            found = self._read(self._whole_chapter(chapter_id, len(ids)),
                               lambda column: column.in_(select(Member.id).where(in_chapter)),
                               constituency_names, today)
            for member_id in ids:
                member = found.pop(member_id, None)
                if member is not None:
                    yield member
            return
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            found = self._read(Member.id.in_(chunk), lambda column, chunk=chunk: column.in_(chunk),
                               constituency_names, today)
            yield from (found[i] for i in chunk if i in found)

    def _whole_chapter(self, chapter_id: int, size: int) -> ColumnElement[bool]:
        """The chapter's members, as a condition the planner reads fastest.

        When the chapter is most of the table, reading the table in order beats walking the chapter's
        index and fetching each row from wherever it lies (30% less time at 100,000 members in SQLite,
        which takes the index whenever it can); `chapter_id + 0` is plain SQL that no index matches.
        The table's size is estimated by its highest id (one index step; deleted rows only make it high).
        """
        highest = self.session.scalar(select(func.max(Member.id))) or 0
        if size * 2 >= highest:
            return Member.chapter_id + 0 == chapter_id
        return Member.chapter_id == chapter_id

    def _fetch(self, statement: Select) -> list[tuple]:
        """Plain DB-API rows of a SQLAlchemy statement compiled for this database.

        SQLAlchemy's row processing is most of the time of reading a 100,000-member register, and
        the few conversions needed (dates, enums, booleans) are cheaper done here. The statements
        stay SQLAlchemy constructs (portable); only integers are ever bound.
        """
        connection = self.session.connection()
        compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.construct_params()
        args = tuple(params[name] for name in compiled.positiontup) if compiled.positional else params
        self._check()
        cursor = connection.connection.cursor()
        try:
            cursor.execute(str(compiled), args)
            return cursor.fetchall()
        finally:
            cursor.close()

    def _read(self, member_condition: ColumnElement[bool], owned_by, names: Mapping[str, str],  # type: ignore[no-untyped-def]
              today: dt.date) -> dict[int, ExportMember]:
        """Members matching `member_condition`; `owned_by(member_id_column)` restricts the other tables."""
        fetch = self._fetch
        dates = _Dates()  # the same few thousand dates over and over: parse each once
        members: dict[int, ExportMember] = {}
        statuses, standings, tags_at = _STATUSES, _STANDINGS, _TAGS
        for values in map(list, fetch(select(*_COLUMNS).where(member_condition))):
            values[_JOINED] = dates[values[_JOINED]]
            values[_STATUS] = statuses[values[_STATUS]]
            values[_CONFIDENTIAL] = bool(values[_CONFIDENTIAL])
            values[_STANDING] = standings[values[_STANDING]]
            values.insert(tags_at, ())  # the tags are read below
            member = ExportMember(*values)
            member.constituency_name = names.get(member.constituency_code, "")
            members[member.id] = member
        # Plain loops over each table's rows (an export reads a few hundred thousand of them).
        member_of = members.get
        since = select(StandingEvent.member_id, func.max(StandingEvent.event_date)).where(
            owned_by(StandingEvent.member_id)).group_by(StandingEvent.member_id)
        for member_id, day in fetch(since):
            if (member := member_of(member_id)) is not None:
                member.standing_since = dates[day]
        tags = select(MemberTag.member_id, Tag.name).join(Tag, Tag.id == MemberTag.tag_id).where(
            owned_by(MemberTag.member_id)).order_by(MemberTag.member_id, func.lower(Tag.name))
        for member_id, name in fetch(tags):
            if (member := member_of(member_id)) is not None:
                member.tags += (name,)
        posts = select(OfficerPost.member_id, OfficerPost.title, OfficerPost.end_date).where(
            owned_by(OfficerPost.member_id)).order_by(OfficerPost.member_id, OfficerPost.start_date, OfficerPost.id)
        for member_id, title, end_date in fetch(posts):
            if (member := member_of(member_id)) is not None:
                end = dates[end_date]
                if end is None or end >= today:  # current posts only
                    member.officer_posts += (title,)
        consents = select(MemberConsent.member_id, MemberConsent.channel, MemberConsent.granted,
                          MemberConsent.recorded_on, MemberConsent.withdrawn_on).where(
            owned_by(MemberConsent.member_id))
        channels = _CHANNELS
        for member_id, channel, granted, recorded_on, withdrawn_on in fetch(consents):
            if (member := member_of(member_id)) is not None:
                member.set_consent(channels[channel], granted, dates[recorded_on], dates[withdrawn_on])
        return members


def _date(value: object) -> dt.date | None:
    """A date as the driver gives it: a date (PostgreSQL) or ISO text (SQLite, as SQLAlchemy stores it)."""
    if value is None or value.__class__ is dt.date:
        return value  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class _Dates(dict):
    def __missing__(self, key: object) -> dt.date | None:
        value = self[key] = _date(key)
        return value


_FIELD_INDEX = {column.key: i for i, column in enumerate(_COLUMNS)}  # in the selected row
_JOINED, _STATUS = _FIELD_INDEX["joined_on"], _FIELD_INDEX["status"]
_CONFIDENTIAL, _STANDING = _FIELD_INDEX["confidential"], _FIELD_INDEX["standing"]
_TAGS = len(d.MEMBER_FIELDS)
# ExportMember(*values) relies on this order; checked once, here, rather than trusted.
assert [f.name for f in fields(ExportMember)][: len(_COLUMNS) + 1] == [*d.MEMBER_FIELDS, "tags", "id", "standing"]
# Enums are stored by value (see db.models.members._enum).
_STATUSES = {s.value: s for s in d.MemberStatus}
_STANDINGS = {None: None, **{k.value: k for k in d.StandingKind}}
_CHANNELS = {c.value: c for c in d.ConsentChannel}
