"""What the register knows about a person, as plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class MemberStatus(StrEnum):
    """LIEN membership status."""

    ACTIVE = "active"
    LAPSED = "lapsed"
    LEFT = "left"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class StandingKind(StrEnum):
    """An event in a person's Labour Party standing. The current standing is the latest event."""

    MEMBER = "member"
    NOTICE_OF_INVESTIGATION = "notice_of_investigation"
    SUSPENDED = "suspended"
    EXPELLED = "expelled"  # expelled or auto-excluded
    APPEAL_LODGED = "appeal_lodged"
    READMITTED = "readmitted"
    RESIGNED = "resigned"
    NEVER_MEMBER = "never_member"

    @property
    def label(self) -> str:
        return STANDING_LABELS[self]


STANDING_LABELS = {
    StandingKind.MEMBER: "Labour member",
    StandingKind.NOTICE_OF_INVESTIGATION: "Notice of investigation",
    StandingKind.SUSPENDED: "Suspended",
    StandingKind.EXPELLED: "Expelled / auto-excluded",
    StandingKind.APPEAL_LODGED: "Appeal lodged",
    StandingKind.READMITTED: "Readmitted",
    StandingKind.RESIGNED: "Resigned",
    StandingKind.NEVER_MEMBER: "Never a member",
}


class ConsentChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class StandingEvent:
    kind: StandingKind
    event_date: dt.date
    note: str = ""
    id: int | None = None
    recorded_at: dt.datetime | None = None


def current_standing(events: list[StandingEvent]) -> StandingKind | None:
    """The latest event by date; events on the same day count in the order they were recorded."""
    if not events:
        return None
    ordered = sorted(enumerate(events), key=lambda ie: (ie[1].event_date, ie[1].id or 0, ie[0]))
    return ordered[-1][1].kind


@dataclass(frozen=True, slots=True)
class Consent:
    channel: ConsentChannel
    granted: bool
    recorded_on: dt.date | None = None
    source: str = ""
    withdrawn_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class OfficerPost:
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    id: int | None = None

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= dt.date.today()


# The plain fields of a member, in the order forms and exports show them.
MEMBER_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "mobile_phone",
    "home_phone",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "constituency_code",
    "branch",
    "trade_union",
    "joined_on",
    "labour_membership_number",
    "notes",
    "status",
    "confidential",
)


@dataclass(slots=True)
class MemberData:
    """A member's own fields, validated and normalised (see domain.validation)."""

    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    email: str = ""
    mobile_phone: str = ""  # E.164
    home_phone: str = ""  # E.164
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    constituency_code: str = ""
    branch: str = ""
    trade_union: str = ""
    joined_on: dt.date | None = None
    labour_membership_number: str = ""
    notes: str = ""
    status: MemberStatus = MemberStatus.ACTIVE
    confidential: bool = False
    tags: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        values: dict[str, object] = {name: getattr(self, name) for name in MEMBER_FIELDS}
        values["tags"] = tuple(self.tags)
        return values


@dataclass(frozen=True, slots=True)
class MemberSummary:
    """One row of the members table."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    mobile_phone: str
    postcode: str
    branch: str
    status: MemberStatus
    standing: StandingKind | None
    confidential: bool
    joined_on: dt.date | None

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """Everything about one member: the member's whole story on one page."""

    id: int
    chapter_id: int
    data: MemberData
    standing: StandingKind | None
    standing_events: tuple[StandingEvent, ...]
    officer_posts: tuple[OfficerPost, ...]
    consents: tuple[Consent, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    removed_at: dt.datetime | None = None

    @property
    def display_name(self) -> str:
        first = self.data.preferred_name or self.data.first_name
        return f"{first} {self.data.last_name}".strip()


def picker_labels(rows: Iterable[tuple[int, str, str, str, str]]) -> list[tuple[int, str]]:
    """(id, label) for member pickers from (id, first, last, preferred, postcode) rows, in their order.

    The label is the name as meetings show it; namesakes also get their postcode (or their record
    number), so that the secretary can tell which Aisha Ahmed is meant.
    """
    named = [(member_id, f"{preferred or first} {last}".strip(), postcode)
             for member_id, first, last, preferred, postcode in rows]
    seen: dict[str, int] = {}
    for _member_id, name, _postcode in named:
        seen[name] = seen.get(name, 0) + 1
    return [(member_id, name if seen[name] == 1 else f"{name} ({postcode or f'no. {member_id}'})")
            for member_id, name, postcode in named]


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The first ids of a list in display order; `complete` when there are no more."""

    ids: list[int]
    complete: bool


@dataclass(frozen=True, slots=True)
class MemberFilter:
    """What the members table shows: a search and filters. Empty means everything."""

    search: str = ""
    statuses: frozenset[MemberStatus] = frozenset()
    standings: frozenset[StandingKind] = frozenset()
    tag: str = ""
    branch: str = ""
    consent: ConsentChannel | None = None
    include_removed: bool = False


@dataclass(frozen=True, slots=True)
class Chapter:
    id: int
    name: str
    constituency_code: str = ""
    member_count: int | None = None  # None: not counted (ChapterService.list(counted=False), get)


@dataclass(frozen=True, slots=True)
class Constituency:
    code: str
    name: str
    nation: str
    region: str


SORTABLE_COLUMNS: tuple[str, ...] = (
    "last_name",
    "first_name",
    "email",
    "mobile_phone",
    "postcode",
    "branch",
    "status",
    "standing",
    "joined_on",
)


@dataclass(frozen=True, slots=True)
class SortOrder:
    column: str = "last_name"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.column not in SORTABLE_COLUMNS:
            raise ValueError(f"cannot sort by {self.column!r}")


@dataclass(slots=True)
class ChangeSet:
    """Field changes to a member: name -> new value (validated)."""

    values: dict[str, object] = field(default_factory=dict)
