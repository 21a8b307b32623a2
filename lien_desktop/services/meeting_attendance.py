"""Who came: attendance from the register (present, apologies, absent), guests by name, the door
check-in search, and the live quorum."""

from __future__ import annotations

import datetime as dt

from lien_desktop.db.engine import Database
from lien_desktop.db.models import Attendance, Guest, Meeting
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.db.repositories.members import MemberRepository
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.meetings import AttendanceKind
from lien_desktop.domain.members import MemberFilter, MemberStatus, SortOrder
from lien_desktop.domain.text import clean
from lien_desktop.services.meetings import editable, parse_time


def _refresh_quorum(repo: MeetingRepository, meeting: Meeting) -> None:
    """The quorum that applies: the chapter's rule over its active members now (until signed)."""
    meeting.quorum_required = repo.quorum_rule(meeting.chapter_id).required(
        repo.active_member_count(meeting.chapter_id))


def _not_former(member_id: int) -> None:
    if member_id == 0:  # the row shown for someone since erased (MeetingDetail lists them as member 0)
        raise LienError("this is a former member whose personal data were erased: their attendance stays "
                        "counted as it was recorded")


class AttendanceService:
    def __init__(self, database: Database):
        self.database = database

    def quorum(self, meeting_id: int) -> v.QuorumState:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            meeting = repo.get(meeting_id)
            rule = repo.quorum_rule(meeting.chapter_id)
            active = repo.active_member_count(meeting.chapter_id)
            present = sum(1 for a in meeting.attendance if a.kind == AttendanceKind.PRESENT) + (meeting.former_present or 0)
            required = meeting.quorum_required if meeting.minutes_status.value == "signed" else rule.required(active)
            return v.QuorumState(rule, active, required, present)

    def candidates(self, meeting_id: int, typed: str, limit: int = 30) -> list[v.AttendanceView]:
        """Door check-in: members matching what was typed (word prefixes, accents folded), with their
        attendance so far. Lapsed and left members come after active ones (they may still come)."""
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            meeting = repo.get(meeting_id)
            recorded = {a.member_id: a for a in meeting.attendance}
            members = MemberRepository(session)
            # The register's own search (accent-folded word prefixes); active members first.
            ids: list[int] = []
            for statuses in (frozenset({MemberStatus.ACTIVE}), frozenset({MemberStatus.LAPSED, MemberStatus.LEFT})):
                flt = MemberFilter(search=typed, statuses=statuses)
                ids += members.ids(meeting.chapter_id, flt, SortOrder())[: limit - len(ids)]
            rows = members.summaries(ids)
            out: list[v.AttendanceView] = []
            for member_id in ids:
                member = rows[member_id]
                row = recorded.get(member_id)
                out.append(v.AttendanceView(
                    member_id, member.display_name, AttendanceKind(row.kind) if row else AttendanceKind.ABSENT,
                    row.arrived_at if row else None, row.left_at if row else None, member.confidential))
            return out

    def record(self, meeting_id: int, member_id: int, kind: AttendanceKind | str,
               arrived: dt.time | str | None = None, left: dt.time | str | None = None,
               today: dt.date | None = None) -> v.MeetingDetail:
        """Set one member's attendance. Apologies may be sent before the day; present/absent may not."""
        _not_former(member_id)
        try:
            kind = AttendanceKind(kind)
        except ValueError:
            raise ValidationError({"kind": f"“{kind}” is not present, apologies or absent"}) from None
        arrived_at = parse_time(arrived, "arrived")
        left_at = parse_time(left, "left")
        if kind is not AttendanceKind.PRESENT and (arrived_at or left_at):
            raise ValidationError({"arrived": "arrival and departure times go with “present”"})
        if arrived_at and left_at and left_at < arrived_at:
            raise ValidationError({"left": "the member left before arriving"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            if kind is not AttendanceKind.APOLOGIES and meeting.meeting_date > (today or dt.date.today()):
                raise LienError(f"the meeting is on {meeting.meeting_date:%d/%m/%Y}: only apologies can be "
                                "recorded before the day")
            if member_id not in repo.chapter_member_ids(meeting.chapter_id, (member_id,)):
                raise LienError("only members of the chapter are recorded here; add a non-member as a guest")
            row = next((a for a in meeting.attendance if a.member_id == member_id), None)
            if row is None:
                row = Attendance(member_id=member_id, kind=kind)
                meeting.attendance.append(row)
            row.kind = kind
            row.arrived_at, row.left_at = arrived_at, left_at
            _refresh_quorum(repo, meeting)
            session.flush()
            return repo.detail(meeting)

    def record_many(self, meeting_id: int, kinds: dict[int, AttendanceKind | str],
                    today: dt.date | None = None) -> v.MeetingDetail:
        """Several members at once (a register taken from a list), in one transaction: all or nothing."""
        checked = {}
        for member_id, kind in kinds.items():
            try:
                checked[member_id] = AttendanceKind(kind)
            except ValueError:
                raise ValidationError({"kind": f"“{kind}” is not present, apologies or absent"}) from None
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            members = repo.chapter_member_ids(meeting.chapter_id, checked)
            early = meeting.meeting_date > (today or dt.date.today())
            rows = {a.member_id: a for a in meeting.attendance}
            for member_id, kind in checked.items():
                if member_id not in members:
                    raise LienError(f"member {member_id} is not a member of the chapter")
                if early and kind is not AttendanceKind.APOLOGIES:
                    raise LienError(f"the meeting is on {meeting.meeting_date:%d/%m/%Y}: only apologies can be "
                                    "recorded before the day")
                if member_id in rows:
                    rows[member_id].kind = kind
                    if kind is not AttendanceKind.PRESENT:
                        rows[member_id].arrived_at = rows[member_id].left_at = None
                else:
                    meeting.attendance.append(Attendance(member_id=member_id, kind=kind))
            _refresh_quorum(repo, meeting)
            session.flush()
            return repo.detail(meeting)

    def check_in(self, meeting_id: int, member_id: int, at: dt.time | None = None,
                 today: dt.date | None = None) -> v.MeetingDetail:
        """The door: tick a person present (a late arrival when a time is given)."""
        return self.record(meeting_id, member_id, AttendanceKind.PRESENT, arrived=at, today=today)

    def clear(self, meeting_id: int, member_id: int) -> v.MeetingDetail:
        """Undo a tick: the member is no longer recorded for this meeting."""
        _not_former(member_id)
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            row = next((a for a in meeting.attendance if a.member_id == member_id), None)
            if row is not None:
                used = [m for m in meeting.motions if member_id in (m.proposer_id, m.seconder_id)]
                if used:
                    raise LienError(f"this member proposed or seconded motion M{used[0].number}: "
                                    "they must stay present")
                meeting.attendance.remove(row)
            _refresh_quorum(repo, meeting)
            session.flush()
            return repo.detail(meeting)

    def add_guest(self, meeting_id: int, name: str) -> v.MeetingDetail:
        name = clean(name)
        if not name:
            raise ValidationError({"guest": "a guest needs a name"})
        if len(name) > 200:
            raise ValidationError({"guest": "is too long (at most 200 characters)"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            meeting.guests.append(Guest(name=name))
            session.flush()
            return repo.detail(meeting)

    def remove_guest(self, meeting_id: int, guest_id: int) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            meeting.guests[:] = [g for g in meeting.guests if g.id != guest_id]
            session.flush()
            return repo.detail(meeting)
