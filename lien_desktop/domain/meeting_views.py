"""What the meetings services hand to screens and commands: plain, frozen snapshots of a meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lien_desktop.domain.data_protection import FORMER_MEMBER
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    ItemKind,
    MeetingType,
    MotionResult,
    QuorumRule,
    Votes,
    VoteSummary,
    attendance_note,
)
from lien_desktop.domain.text import fold


@dataclass(frozen=True, slots=True)
class Person:
    """A member as meetings show them (the register keeps everything else)."""

    id: int
    name: str
    confidential: bool = False
    former: bool = False  # erased from the register (UK GDPR Art. 17): the minutes say "a former member"


# Who stands in the minutes for a proposer, seconder, mover or action owner whose data were erased.
FORMER_PERSON = Person(0, FORMER_MEMBER, False, True)


def person_or_former(people: dict[int, Person], member_id: int | None) -> Person:
    return FORMER_PERSON if member_id is None else people.get(member_id, FORMER_PERSON)


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    uid: str
    chapter_id: int
    meeting_type: MeetingType
    title: str
    date: dt.date
    start: dt.time | None
    venue: str
    minutes_status: MinutesStatus
    present: int = 0
    motions: int = 0
    open_actions: int = 0


@dataclass(frozen=True, slots=True)
class ItemView:
    id: int
    parent_id: int | None
    position: int
    number: str
    depth: int
    kind: ItemKind
    title: str
    presenter: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AttendanceView:
    member_id: int
    name: str
    kind: AttendanceKind
    arrived: dt.time | None = None
    left: dt.time | None = None
    confidential: bool = False

    @property
    def note(self) -> str:
        return attendance_note(self.arrived, self.left)

    @property
    def former(self) -> bool:
        """Someone since erased: counted, shown as "a former member" (member_id 0)."""
        return self.member_id == 0


@dataclass(frozen=True, slots=True)
class GuestView:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    item_id: int | None
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class AmendmentView:
    id: int
    position: int
    wording: str
    mover: Person
    seconder: Person
    result: MotionResult
    votes: Votes = Votes()


@dataclass(frozen=True, slots=True)
class MotionView:
    id: int
    meeting_id: int
    item_id: int | None
    number: int
    title: str
    wording: str
    proposer: Person
    seconder: Person
    result: MotionResult
    vote_summary: VoteSummary
    votes: Votes = Votes()
    amendments: tuple[AmendmentView, ...] = ()

    @property
    def label(self) -> str:
        return f"M{self.number}"


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    meeting_id: int
    meeting_date: dt.date
    meeting_title: str
    item_id: int | None
    number: int
    what: str
    owner: Person
    due: dt.date | None
    status: ActionStatus
    closed_on: dt.date | None = None

    @property
    def label(self) -> str:
        return f"A{self.number}"


@dataclass(frozen=True, slots=True)
class MinutesState:
    status: MinutesStatus
    circulated_on: dt.date | None = None
    approved_at_meeting_id: int | None = None
    approved_at_label: str = ""
    approved_on: dt.date | None = None
    corrections: str = ""
    signed_on: dt.date | None = None
    signed_by: str = ""
    fingerprint: str = ""

    @property
    def locked(self) -> bool:
        return self.status is MinutesStatus.SIGNED


@dataclass(frozen=True, slots=True)
class AddendumView:
    id: int
    text: str
    added_on: dt.date
    redaction: bool = False  # recorded by an erasure


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    """One meeting, whole: what the meeting screens show and the documents are built from."""

    id: int
    uid: str
    chapter_id: int
    chapter_name: str
    meeting_type: MeetingType
    title: str
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    venue: str
    online_link: str
    chair: Person | None
    minute_taker: Person | None
    next_meeting: str
    quorum_required: int
    minutes: MinutesState
    items: tuple[ItemView, ...] = ()
    attendance: tuple[AttendanceView, ...] = ()
    guests: tuple[GuestView, ...] = ()
    decisions: tuple[DecisionView, ...] = ()
    motions: tuple[MotionView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    addenda: tuple[AddendumView, ...] = ()

    @property
    def locked(self) -> bool:
        return self.minutes.locked

    def with_kind(self, kind: AttendanceKind) -> tuple[AttendanceView, ...]:
        return tuple(a for a in self.attendance if a.kind is kind)

    @property
    def present_count(self) -> int:
        return len(self.with_kind(AttendanceKind.PRESENT))

    @property
    def quorate(self) -> bool:
        return self.present_count >= self.quorum_required


@dataclass(frozen=True, slots=True)
class QuorumState:
    rule: QuorumRule
    active_members: int
    required: int
    present: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.required

    def describe(self) -> str:
        verdict = "Quorate" if self.quorate else "Not quorate"
        return f"{verdict}: {self.present} present, quorum {self.required} ({self.rule.describe()})"


@dataclass(frozen=True, slots=True)
class MotionRegisterEntry:
    motion: MotionView
    meeting_date: dt.date
    meeting_title: str


# --- the heading of a meeting, as the screens and the command line write it ---------------------

def when_and_where(detail: MeetingDetail) -> str:
    """'Thursday 29 October 2026, 19:00–21:00 · Trades Club', led by the meeting's type unless the title
    already says it ("Committee meeting, October 2026" is not followed by "Committee meeting" again)."""
    parts = []
    if fold(detail.meeting_type.label) not in fold(detail.title):
        parts.append(detail.meeting_type.label)
    when = f"{detail.date:%A} {detail.date.day} {detail.date:%B %Y}"
    if detail.start:
        when += f", {detail.start:%H:%M}" + (f"–{detail.end:%H:%M}" if detail.end else "")
    parts.append(when)
    parts += [p for p in (detail.venue, detail.online_link) if p]
    return " · ".join(parts)


def officers(detail: MeetingDetail) -> str:
    """'Chair: Siân Evans · Minute-taker: …'; someone since erased is "a former member"."""
    return " · ".join(f"{role}: {person.name}" for role, person in
                      (("Chair", detail.chair), ("Minute-taker", detail.minute_taker)) if person is not None)
