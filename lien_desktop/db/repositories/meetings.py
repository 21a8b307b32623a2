"""Meetings: loading one whole (as a MeetingDetail), lists, and the queries that cross meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session, selectinload

from lien_desktop.db.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Chapter,
    ChapterSettings,
    Meeting,
    Member,
    Motion,
)
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import NotFoundError
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    ItemPlace,
    QuorumKind,
    QuorumRule,
    Votes,
    number_items,
    open_at,
)
from lien_desktop.domain.members import MemberStatus
from lien_desktop.domain.text import fold


def member_name(member: Member) -> str:
    first = member.preferred_name or member.first_name
    return f"{first} {member.last_name}".strip()


class MeetingRepository:
    def __init__(self, session: Session):
        self.session = session

    # --- people --------------------------------------------------------------------------------

    def people(self, ids: Iterable[int | None]) -> dict[int, v.Person]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = self.session.execute(select(Member).where(Member.id.in_(wanted))).scalars()
        return {m.id: v.Person(m.id, member_name(m), m.confidential) for m in rows}

    def chapter_member_ids(self, chapter_id: int, among: Iterable[int | None] | None = None) -> set[int]:
        """The chapter's current members; with `among`, only which of those ids are (a large chapter's
        whole list is not read to check two people)."""
        statement = select(Member.id).where(Member.chapter_id == chapter_id, Member.removed_at.is_(None))
        if among is not None:
            statement = statement.where(Member.id.in_({i for i in among if i is not None}))
        return set(self.session.scalars(statement))

    def active_member_count(self, chapter_id: int) -> int:
        return int(self.session.scalar(select(func.count(Member.id)).where(
            Member.chapter_id == chapter_id, Member.removed_at.is_(None),
            Member.status == MemberStatus.ACTIVE)) or 0)

    def first_active_member_ids(self, chapter_id: int, limit: int) -> list[int]:
        """The chapter's current active members with the lowest ids (the demo meetings' people)."""
        return list(self.session.scalars(
            select(Member.id).where(Member.chapter_id == chapter_id, Member.removed_at.is_(None),
                                    Member.status == MemberStatus.ACTIVE).order_by(Member.id).limit(limit)))

    def members(self, ids: Iterable[int]) -> list[Member]:
        return list(self.session.scalars(select(Member).where(Member.id.in_(ids))).all())

    def sign_in_members(self, chapter_id: int, also: Iterable[int]) -> list[Member]:
        """The sign-in sheet's people, in name order: the chapter's active members not removed, and the
        members in `also` (already recorded at the meeting) whatever their status."""
        listed = Member.status == MemberStatus.ACTIVE
        also = list(also)
        if also:
            listed = or_(listed, Member.id.in_(also))
        return list(self.session.scalars(select(Member).where(
            Member.chapter_id == chapter_id, Member.removed_at.is_(None), listed).order_by(Member.name_key)))

    def people_keys(self, chapter_id: int) -> list[Row[tuple[int, str, str, str, str]]]:
        """(id, labour_membership_number, email, first_name, last_name) of the chapter's current members:
        what a meeting archive's people are matched by."""
        return list(self.session.execute(select(
            Member.id, Member.labour_membership_number, Member.email, Member.first_name, Member.last_name)
            .where(Member.chapter_id == chapter_id, Member.removed_at.is_(None))).all())

    def chapter_name(self, chapter_id: int) -> str:
        chapter = self.session.get(Chapter, chapter_id)
        if chapter is None:
            raise NotFoundError(f"there is no chapter with id {chapter_id}")
        return chapter.name

    # --- quorum rule ---------------------------------------------------------------------------

    def quorum_rule(self, chapter_id: int) -> QuorumRule:
        settings = self.session.get(ChapterSettings, chapter_id)
        if settings is None:
            return QuorumRule()
        return QuorumRule(QuorumKind(settings.quorum_kind), settings.quorum_value)

    def set_quorum_rule(self, chapter_id: int, rule: QuorumRule) -> None:
        settings = self.session.get(ChapterSettings, chapter_id)
        if settings is None:
            settings = ChapterSettings(chapter_id=chapter_id)
            self.session.add(settings)
        settings.quorum_kind = rule.kind
        settings.quorum_value = rule.value

    # --- meetings ------------------------------------------------------------------------------

    def get(self, meeting_id: int) -> Meeting:
        meeting = self.session.get(Meeting, meeting_id, options=[
            selectinload(Meeting.items), selectinload(Meeting.attendance), selectinload(Meeting.guests),
            selectinload(Meeting.decisions), selectinload(Meeting.motions).selectinload(Motion.amendments),
            selectinload(Meeting.actions), selectinload(Meeting.addenda)])
        if meeting is None:
            raise NotFoundError(f"there is no meeting with id {meeting_id}")
        return meeting

    def by_uid(self, uid: str) -> Meeting | None:
        return self.session.scalar(select(Meeting).where(Meeting.uid == uid))

    def chapter_meetings(self, chapter_id: int | None) -> list[Meeting]:
        statement = select(Meeting).order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)
        if chapter_id is not None:
            statement = statement.where(Meeting.chapter_id == chapter_id)
        return list(self.session.scalars(statement))

    def approved_at(self, meeting_id: int) -> list[Meeting]:
        """The meetings whose minutes this meeting approved, oldest first."""
        return list(self.session.scalars(select(Meeting).where(Meeting.approved_at_meeting_id == meeting_id)
                                         .order_by(Meeting.meeting_date)).all())

    def motions_of(self, meeting_ids: Iterable[int]) -> list[Motion]:
        """The motions of these meetings, with their amendments."""
        return list(self.session.scalars(select(Motion).where(Motion.meeting_id.in_(meeting_ids))
                                         .options(selectinload(Motion.amendments))).all())

    def summaries(self, chapter_id: int | None) -> list[v.MeetingSummary]:
        meetings = self.chapter_meetings(chapter_id)
        ids = [m.id for m in meetings]
        present = dict(self.session.execute(
            select(Attendance.meeting_id, func.count()).where(
                Attendance.meeting_id.in_(ids), Attendance.kind == AttendanceKind.PRESENT)
            .group_by(Attendance.meeting_id)).all())
        motions = dict(self.session.execute(
            select(Motion.meeting_id, func.count()).where(Motion.meeting_id.in_(ids))
            .group_by(Motion.meeting_id)).all())
        actions = dict(self.session.execute(
            select(ActionItem.meeting_id, func.count()).where(
                ActionItem.meeting_id.in_(ids), ActionItem.status == ActionStatus.OPEN)
            .group_by(ActionItem.meeting_id)).all())
        return [v.MeetingSummary(m.id, m.uid, m.chapter_id, m.meeting_type, m.title, m.meeting_date, m.start_time,
                                 m.venue, m.minutes_status, present.get(m.id, 0), motions.get(m.id, 0),
                                 actions.get(m.id, 0)) for m in meetings]

    def next_position(self, meeting: Meeting, parent_id: int | None) -> int:
        siblings = [i.position for i in meeting.items if i.parent_id == parent_id]
        return max(siblings, default=0) + 1

    # --- actions across meetings ---------------------------------------------------------------

    def action_views(self, rows: Iterable[tuple[ActionItem, Meeting]]) -> list[v.ActionView]:
        pairs = list(rows)
        people = self.people(a.owner_id for a, _ in pairs)
        return [v.ActionView(a.id, m.id, m.meeting_date, m.title, a.item_id, a.number, a.what,
                             v.person_or_former(people, a.owner_id),
                             a.due_on, ActionStatus(a.status), a.closed_on) for a, m in pairs]

    def chapter_actions(self, chapter_id: int) -> list[tuple[ActionItem, Meeting]]:
        return list(self.session.execute(
            select(ActionItem, Meeting).join(Meeting, ActionItem.meeting_id == Meeting.id)
            .where(Meeting.chapter_id == chapter_id)
            .order_by(Meeting.meeting_date, Meeting.id, ActionItem.number)))

    def matters_arising(self, meeting: Meeting) -> list[v.ActionView]:
        """Actions of the chapter's earlier meetings that were still open when this one was held."""
        rows = [(a, m) for a, m in self.chapter_actions(meeting.chapter_id)
                if m.id != meeting.id and open_at(m.meeting_date, ActionStatus(a.status), a.closed_on,
                                                  meeting.meeting_date)]
        return self.action_views(rows)

    # --- one meeting, whole -------------------------------------------------------------------

    def detail(self, meeting: Meeting) -> v.MeetingDetail:
        person_ids: list[int | None] = [meeting.chair_id, meeting.minute_taker_id]
        person_ids += [a.member_id for a in meeting.attendance]
        for motion in meeting.motions:
            person_ids += [motion.proposer_id, motion.seconder_id]
            person_ids += [x for am in motion.amendments for x in (am.mover_id, am.seconder_id)]
        person_ids += [a.owner_id for a in meeting.actions]
        people = self.people(person_ids)
        numbers = {item_id: (number, depth) for item_id, number, depth in number_items(
            ItemPlace(i.id, i.parent_id, i.position) for i in meeting.items)}
        by_id = {i.id: i for i in meeting.items}
        items = tuple(v.ItemView(i.id, i.parent_id, i.position, numbers[i.id][0], numbers[i.id][1], i.kind, i.title,
                                 i.presenter, i.notes) for i in (by_id[item_id] for item_id in numbers))
        attendance = tuple(sorted(
            (v.AttendanceView(a.member_id, people[a.member_id].name, AttendanceKind(a.kind), a.arrived_at, a.left_at,
                              people[a.member_id].confidential) for a in meeting.attendance),
            key=lambda a: fold(a.name)))
        attendance += tuple(v.AttendanceView(0, v.FORMER_PERSON.name, kind) for kind, count in (
            (AttendanceKind.PRESENT, meeting.former_present), (AttendanceKind.APOLOGIES, meeting.former_apologies),
            (AttendanceKind.ABSENT, meeting.former_absent)) for _ in range(count or 0))
        motions = tuple(self.motion_view(m, people) for m in meeting.motions)
        return v.MeetingDetail(
            id=meeting.id, uid=meeting.uid, chapter_id=meeting.chapter_id,
            chapter_name=self.chapter_name(meeting.chapter_id), meeting_type=meeting.meeting_type,
            title=meeting.title, date=meeting.meeting_date, start=meeting.start_time, end=meeting.end_time,
            venue=meeting.venue, online_link=meeting.online_link,
            chair=_officer(people, meeting.chair_id, meeting.chair_erased),
            minute_taker=_officer(people, meeting.minute_taker_id, meeting.minute_taker_erased),
            next_meeting=meeting.next_meeting,
            quorum_required=meeting.quorum_required,
            minutes=v.MinutesState(meeting.minutes_status, meeting.circulated_on, meeting.approved_at_meeting_id,
                                   meeting.approved_at_label, meeting.approved_on, meeting.approval_corrections,
                                   meeting.signed_on, meeting.signed_by, meeting.fingerprint),
            items=items, attendance=attendance,
            guests=tuple(v.GuestView(g.id, g.name) for g in meeting.guests),
            decisions=tuple(v.DecisionView(d.id, d.item_id, d.number, d.text) for d in meeting.decisions),
            motions=motions,
            actions=tuple(self.action_views((a, meeting) for a in meeting.actions)),
            addenda=tuple(v.AddendumView(a.id, a.text, a.added_on, bool(a.redacted_fingerprint))
                          for a in meeting.addenda),
        )

    @staticmethod
    def motion_view(m: Motion, people: dict[int, v.Person]) -> v.MotionView:
        return v.MotionView(
            m.id, m.meeting_id, m.item_id, m.number, m.title, m.wording, v.person_or_former(people, m.proposer_id),
            v.person_or_former(people, m.seconder_id), m.result, m.vote_summary,
            Votes(m.votes_for, m.votes_against, m.abstentions),
            tuple(v.AmendmentView(a.id, a.position, a.wording, v.person_or_former(people, a.mover_id),
                                  v.person_or_former(people, a.seconder_id), a.result,
                                  Votes(a.votes_for, a.votes_against, a.abstentions)) for a in m.amendments))

    def item(self, meeting: Meeting, item_id: int | None) -> AgendaItem | None:
        if item_id is None:
            return None
        found = next((i for i in meeting.items if i.id == item_id), None)
        if found is None:
            raise NotFoundError(f"agenda item {item_id} is not on this meeting's agenda")
        return found


def _officer(people: dict[int, v.Person], member_id: int | None, erased: bool) -> v.Person | None:
    """The chair or minute-taker: none recorded, someone, or someone since erased ("a former member")."""
    if member_id is None:
        return v.FORMER_PERSON if erased else None
    return people.get(member_id)


def parse_date_or_none(value: dt.date | str | None) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    from lien_desktop.domain.validation import parse_uk_date

    return parse_uk_date(str(value))
