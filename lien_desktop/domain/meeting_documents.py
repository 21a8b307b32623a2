"""What a printed meeting document shows: plain values, already resolved to names and words.

This is the seam between the meetings service (which builds these from the database, applying the
"circulation copy" rule: initials instead of names, "a member" for confidential members) and the PDF
writers in `lien_desktop.io.pdf` (which only lay them out). Nothing here knows SQL, Qt or reportlab.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    SIGNED = "signed"


class SignatureCheck(StrEnum):
    """What the stored fingerprint says about signed minutes today.

    An erasure (UK GDPR Art. 17) must change signed minutes (the person's name becomes "a former
    member") but keeps the signature and its fingerprint; it adds an addendum recording the redaction
    and the fingerprint of the redacted content. Content matching that addendum's fingerprint is
    "redacted after signing", accepted; anything else that differs from the signature is "altered".
    """

    INTACT = "intact"
    REDACTED = "redacted"
    ALTERED = "altered"
    UNSIGNED = "unsigned"

    @property
    def accepted(self) -> bool:
        return self in (SignatureCheck.INTACT, SignatureCheck.REDACTED)

    @property
    def message(self) -> str:
        return {
            SignatureCheck.INTACT: "the minutes are as signed (the fingerprint matches)",
            SignatureCheck.REDACTED: "redacted after signing, see addendum (personal data of a former member "
                                     "was removed; otherwise as signed)",
            SignatureCheck.ALTERED: "changed after signing: the content does not match the signed fingerprint",
            SignatureCheck.UNSIGNED: "the minutes are not signed",
        }[self]


def check_signature(signed: bool, current: str, stored: str, redaction_fingerprints: tuple[str, ...]
                    ) -> SignatureCheck:
    """current: the fingerprint of the content now; redaction_fingerprints: of the redaction addenda, in order
    (only the last counts: each redaction starts from the content the previous one left)."""
    if not signed:
        return SignatureCheck.UNSIGNED
    if current == stored:
        return SignatureCheck.INTACT
    latest = next((f for f in reversed(redaction_fingerprints) if f), "")
    return SignatureCheck.REDACTED if latest and current == latest else SignatureCheck.ALTERED


@dataclass(frozen=True, slots=True)
class AmendmentDoc:
    wording: str
    mover: str
    seconder: str
    result: str  # "carried", "fallen", "withdrawn"...
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


@dataclass(frozen=True, slots=True)
class MotionDoc:
    number: str  # "M1"
    title: str
    wording: str
    proposer: str
    seconder: str
    result: str  # carried, fallen, withdrawn, remitted, referred
    vote_summary: str = ""  # "carried unanimously", "nem. con.", or "" when counted
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    amendments: tuple[AmendmentDoc, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaItemDoc:
    number: str  # "1", "2", "2.1"
    title: str
    notes: str = ""  # discussion notes
    decisions: tuple[str, ...] = ()  # numbered in print
    motions: tuple[MotionDoc, ...] = ()
    presenter: str = ""
    depth: int = 0  # 0 for "2", 1 for "2.1"


@dataclass(frozen=True, slots=True)
class ActionDoc:
    number: str
    what: str
    owner: str
    due: dt.date | None
    status: str  # open, done, dropped
    from_meeting: str = ""  # set when rolled over from an earlier meeting


@dataclass(frozen=True, slots=True)
class AttendeeDoc:
    name: str
    note: str = ""  # "arrived 19:40", "left 20:30"


@dataclass(frozen=True, slots=True)
class MeetingHeader:
    network: str  # "Labour in Exile Network"
    chapter: str
    meeting_type: str  # "General meeting", "AGM"...
    title: str
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    online_link: str = ""
    chair: str = ""
    minute_taker: str = ""


@dataclass(frozen=True, slots=True)
class MinutesDoc:
    header: MeetingHeader
    status: MinutesStatus
    present: tuple[AttendeeDoc, ...] = ()
    apologies: tuple[AttendeeDoc, ...] = ()
    absent: tuple[AttendeeDoc, ...] = ()
    guests: tuple[AttendeeDoc, ...] = ()
    quorum_statement: str = ""
    items: tuple[AgendaItemDoc, ...] = ()
    actions: tuple[ActionDoc, ...] = ()
    next_meeting: str = ""
    fingerprint: str = ""  # SHA-256 of the signed content, printed once signed
    approved_note: str = ""  # "Approved as a true record at the meeting of 12/03/2026"
    addenda: tuple[str, ...] = ()
    circulation_copy: bool = False

    @property
    def is_draft(self) -> bool:
        return self.status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)


@dataclass(frozen=True, slots=True)
class AgendaDoc:
    header: MeetingHeader
    items: tuple[AgendaItemDoc, ...]
    matters_arising: tuple[ActionDoc, ...] = ()  # open actions rolled in from earlier meetings
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SignInRow:
    name: str
    branch: str = ""


@dataclass(frozen=True, slots=True)
class SignInSheetDoc:
    header: MeetingHeader
    members: tuple[SignInRow, ...]
    blank_guest_rows: int = 10


@dataclass(frozen=True, slots=True)
class MotionRegisterRow:
    meeting_date: dt.date
    meeting_title: str
    number: str
    title: str
    wording: str
    proposer: str
    seconder: str
    result: str
    votes: str = ""  # "12-3-1" or "unanimous"


@dataclass(frozen=True, slots=True)
class MotionRegisterDoc:
    network: str
    chapter: str
    rows: tuple[MotionRegisterRow, ...] = field(default_factory=tuple)
