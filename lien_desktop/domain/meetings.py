"""Meetings as plain values and the rules of a UK-style meeting: agenda templates, numbering, quorum,
attendance, motions and votes, actions, and the minutes lifecycle. No SQL, no Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lien_desktop.domain.meeting_documents import MinutesStatus

NETWORK_NAME = "Labour in Exile Network"


class MeetingType(StrEnum):
    GENERAL = "general"
    COMMITTEE = "committee"
    AGM = "agm"
    SPECIAL = "special"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return MEETING_TYPE_LABELS[self]


MEETING_TYPE_LABELS = {
    MeetingType.GENERAL: "General meeting",
    MeetingType.COMMITTEE: "Committee meeting",
    MeetingType.AGM: "Annual general meeting",
    MeetingType.SPECIAL: "Special / emergency meeting",
    MeetingType.PUBLIC: "Public meeting",
}


class ItemKind(StrEnum):
    """Most items are ordinary; a few have a role the app acts on (rolled-over actions, next meeting)."""

    ORDINARY = "ordinary"
    APOLOGIES = "apologies"
    PREVIOUS_MINUTES = "previous_minutes"
    MATTERS_ARISING = "matters_arising"
    MOTIONS = "motions"
    NEXT_MEETING = "next_meeting"


# An agenda template: (title, kind, sub-items). Sub-items are one level deep (2.1, 2.2...).
TemplateItem = tuple[str, ItemKind, tuple[str, ...]]

STANDARD_TEMPLATE: tuple[TemplateItem, ...] = (
    ("Welcome and apologies", ItemKind.APOLOGIES, ()),
    ("Minutes of the previous meeting", ItemKind.PREVIOUS_MINUTES, ()),
    ("Matters arising", ItemKind.MATTERS_ARISING, ()),
    ("Correspondence", ItemKind.ORDINARY, ()),
    ("Reports", ItemKind.ORDINARY, ("Chair's report", "Secretary's report", "Treasurer's report")),
    ("Motions", ItemKind.MOTIONS, ()),
    ("Any other business", ItemKind.ORDINARY, ()),
    ("Date of next meeting", ItemKind.NEXT_MEETING, ()),
)

AGM_TEMPLATE: tuple[TemplateItem, ...] = (
    ("Welcome and apologies", ItemKind.APOLOGIES, ()),
    ("Minutes of the previous AGM", ItemKind.PREVIOUS_MINUTES, ()),
    ("Matters arising", ItemKind.MATTERS_ARISING, ()),
    ("Annual reports", ItemKind.ORDINARY, ("Chair's annual report", "Secretary's annual report")),
    ("Accounts", ItemKind.ORDINARY, ("Treasurer's report and annual accounts", "Appointment of examiner")),
    ("Election of officers", ItemKind.ORDINARY, ("Chair", "Secretary", "Treasurer", "Committee members")),
    ("Motions", ItemKind.MOTIONS, ()),
    ("Any other business", ItemKind.ORDINARY, ()),
    ("Date of next meeting", ItemKind.NEXT_MEETING, ()),
)

SHORT_TEMPLATE: tuple[TemplateItem, ...] = (
    ("Welcome and apologies", ItemKind.APOLOGIES, ()),
    ("Business of the meeting", ItemKind.MOTIONS, ()),
    ("Any other business", ItemKind.ORDINARY, ()),
)

TEMPLATES: dict[str, tuple[TemplateItem, ...]] = {
    "standard": STANDARD_TEMPLATE,
    "agm": AGM_TEMPLATE,
    "short": SHORT_TEMPLATE,
    "empty": (),
}

TEMPLATE_LABELS = {
    "standard": "Standard UK agenda",
    "agm": "AGM agenda",
    "short": "Short (special / emergency meeting)",
    "empty": "Empty agenda",
}


def default_template(meeting_type: MeetingType) -> str:
    return {MeetingType.AGM: "agm", MeetingType.SPECIAL: "short"}.get(meeting_type, "standard")


# --- item numbering ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ItemPlace:
    """Where an item sits: its parent (None for top level) and position among its siblings."""

    id: int
    parent_id: int | None
    position: int


def number_items(items: Iterable[ItemPlace]) -> list[tuple[int, str, int]]:
    """(id, number, depth) in reading order: 1, 2, 2.1, 2.2, 3... Positions need not be contiguous."""
    children: dict[int | None, list[ItemPlace]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.position, i.id))
    out: list[tuple[int, str, int]] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for n, item in enumerate(children.get(parent, ()), start=1):
            number = f"{prefix}{n}"
            out.append((item.id, number, depth))
            walk(item.id, number + ".", depth + 1)

    walk(None, "", 0)
    return out


# --- quorum ------------------------------------------------------------------------------------

class QuorumKind(StrEnum):
    FIXED = "fixed"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class QuorumRule:
    kind: QuorumKind = QuorumKind.FIXED
    value: int = 5

    def __post_init__(self) -> None:
        if self.value < 1:
            raise ValueError("a quorum must be at least 1 (or 1%)")
        if self.kind is QuorumKind.PERCENT and self.value > 100:
            raise ValueError("a quorum percentage cannot be over 100%")

    def required(self, active_members: int) -> int:
        """How many members must be present. A percentage rounds up and is never below 1."""
        if self.kind is QuorumKind.FIXED:
            return self.value
        return max(1, math.ceil(active_members * self.value / 100))

    def describe(self) -> str:
        if self.kind is QuorumKind.FIXED:
            return f"{self.value} member{'s' if self.value != 1 else ''}"
        return f"{self.value}% of active members"


def quorum_statement(present: int, required: int) -> str:
    verdict = "The meeting was quorate" if present >= required else "The meeting was NOT quorate"
    return f"{verdict}: {present} member{'s' if present != 1 else ''} present, quorum {required}."


# --- attendance --------------------------------------------------------------------------------

class AttendanceKind(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": "Present", "apologies": "Apologies", "absent": "Absent"}[self.value]


def attendance_note(arrived: dt.time | None, left: dt.time | None) -> str:
    parts = []
    if arrived:
        parts.append(f"arrived {arrived:%H:%M}")
    if left:
        parts.append(f"left {left:%H:%M}")
    return ", ".join(parts)


# --- motions, votes, results -------------------------------------------------------------------

class MotionResult(StrEnum):
    PENDING = "pending"
    CARRIED = "carried"
    FALLEN = "fallen"
    WITHDRAWN = "withdrawn"
    REMITTED = "remitted"
    REFERRED = "referred"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class VoteSummary(StrEnum):
    COUNTED = "counted"  # the counts are the record
    UNANIMOUS = "unanimous"  # "carried unanimously": everyone voting voted for
    NEM_CON = "nem_con"  # "nem. con.": nobody against, some abstained

    @property
    def printed(self) -> str:
        return {"counted": "", "unanimous": "carried unanimously", "nem_con": "carried nem. con."}[self.value]


@dataclass(frozen=True, slots=True)
class Votes:
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None

    @property
    def total(self) -> int:
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.abstentions))

    @property
    def counted(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))

    def short(self) -> str:
        if not self.counted:
            return ""
        return f"{self.votes_for or 0}-{self.votes_against or 0}-{self.abstentions or 0}"


def check_people(roles: Sequence[tuple[str, int | None]], chapter_members: set[int], present: set[int],
                 what: str = "motion") -> dict[str, str]:
    """Proposer/seconder (or mover/seconder): members of the chapter, present, two different people."""
    problems: dict[str, str] = {}
    for role, member_id in roles:
        if member_id is None:
            problems[role] = f"a {what} needs a {role}"
        elif member_id not in chapter_members:
            problems[role] = f"the {role} must be a member of the chapter"
        elif member_id not in present:
            problems[role] = f"the {role} must be present at the meeting"
    ids = [m for _, m in roles if m is not None]
    if len(ids) == 2 and ids[0] == ids[1]:
        problems[roles[1][0]] = f"the {roles[0][0]} and {roles[1][0]} must be different people"
    return problems


def check_votes(votes: Votes, summary: VoteSummary, result: MotionResult, present_count: int
                ) -> tuple[dict[str, str], list[str]]:
    """Problems (refused) and warnings (accepted, shown). Counts cannot be negative; more votes than
    people present is possible (proxy, miscount) but worth a second look."""
    problems: dict[str, str] = {}
    warnings: list[str] = []
    for name in ("votes_for", "votes_against", "abstentions"):
        value = getattr(votes, name)
        if value is not None and value < 0:
            problems[name] = "a vote count cannot be negative"
    if summary is not VoteSummary.COUNTED and result not in (MotionResult.CARRIED, MotionResult.PENDING):
        problems["vote_summary"] = f"“{summary.printed}” only goes with a carried motion"
    if summary is VoteSummary.UNANIMOUS and (votes.votes_against or votes.abstentions):
        problems["vote_summary"] = "a unanimous vote has no votes against and no abstentions"
    if summary is VoteSummary.NEM_CON and votes.votes_against:
        problems["vote_summary"] = "nem. con. means nobody voted against"
    if not problems and votes.total > present_count:
        warnings.append(f"{votes.total} votes recorded but only {present_count} "
                        f"member{'s' if present_count != 1 else ''} present")
    return problems, warnings


# --- actions -----------------------------------------------------------------------------------

class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def open_at(created_on: dt.date, status: ActionStatus, closed_on: dt.date | None, meeting_date: dt.date) -> bool:
    """Was an action still open when a later meeting was held? (It then belongs to its Matters arising.)"""
    if created_on >= meeting_date:
        return False
    return status is ActionStatus.OPEN or (closed_on is not None and closed_on >= meeting_date)


# --- minutes lifecycle -------------------------------------------------------------------------

NEXT_STATUS = {
    MinutesStatus.DRAFT: MinutesStatus.CIRCULATED,
    MinutesStatus.CIRCULATED: MinutesStatus.APPROVED,
    MinutesStatus.APPROVED: MinutesStatus.SIGNED,
}

LOCKED_MESSAGE = ("the minutes of {what} are signed and locked: they cannot be changed; "
                  "add an addendum for a later correction")


def meeting_label(title: str, day: dt.date) -> str:
    return f"“{title}” ({day:%d/%m/%Y})"


def locked_message(title: str, day: dt.date) -> str:
    """What every refused change of signed minutes says, in the window and on the command line."""
    return LOCKED_MESSAGE.format(what=meeting_label(title, day))


def canonical_fingerprint(content: object) -> str:
    """SHA-256 of content serialised canonically (sorted keys, no spacing, UTF-8)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- names on paper ----------------------------------------------------------------------------

def initials(name: str) -> str:
    """'Siobhán Ní Bhriain' -> 'SNB'; used on circulation copies instead of full names."""
    letters = [part[0].upper() for part in name.replace("-", " ").split() if part and part[0].isalpha()]
    return "".join(letters) or "?"


def printed_name(name: str, confidential: bool, circulation: bool) -> str:
    if not circulation:
        return name
    return "a member" if confidential else initials(name)
