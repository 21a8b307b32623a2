"""Data protection as plain values: lawful basis, audit entries, subject-access sections, retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

ERASED = "[erased]"
FORMER_MEMBER = "a former member"
DEFAULT_RETENTION_YEARS = 6


class LawfulBasis(StrEnum):
    """UK GDPR Article 6: why the chapter may hold the person's data at all."""

    CONTRACT = "contract"  # the terms of membership
    LEGITIMATE_INTERESTS = "legitimate_interests"
    CONSENT = "consent"

    @property
    def label(self) -> str:
        return {
            LawfulBasis.CONTRACT: "Membership (Art. 6(1)(b))",
            LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interests (Art. 6(1)(f))",
            LawfulBasis.CONSENT: "Consent (Art. 6(1)(a))",
        }[self]


class Article9Condition(StrEnum):
    """UK GDPR Article 9: the condition for special-category data (political opinion)."""

    NOT_FOR_PROFIT_BODY = "not_for_profit_body"  # 9(2)(d): members and regular contacts of the body
    EXPLICIT_CONSENT = "explicit_consent"  # 9(2)(a)

    @property
    def label(self) -> str:
        return {
            Article9Condition.NOT_FOR_PROFIT_BODY: "Not-for-profit body, members and regular contacts (Art. 9(2)(d))",
            Article9Condition.EXPLICIT_CONSENT: "Explicit consent (Art. 9(2)(a))",
        }[self]


@dataclass(frozen=True, slots=True)
class LawfulBasisRecord:
    basis: LawfulBasis
    condition: Article9Condition
    explicit_consent_on: dt.date | None = None
    recorded_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One line of the audit trail, as shown and exported."""

    id: int
    at: dt.datetime  # UTC
    secretary: str
    os_user: str
    table: str
    record_id: str
    member_id: int | None
    label: str
    action: str
    fields: tuple[str, ...]
    before: dict[str, object]
    after: dict[str, object]
    detail: str = ""
    redacted: bool = False
    confidential: bool = False  # the member it is about is marked confidential (now)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    member_id: int | None = None
    text: str = ""  # matches the readable label (e.g. a name)
    since: dt.date | None = None  # inclusive, UTC dates
    until: dt.date | None = None  # inclusive
    action: str = ""
    user: str = ""  # the secretary's name or the operating-system user
    chapter_id: int | None = None  # entries of this chapter plus those of no chapter


@dataclass(slots=True)
class Section:
    """One part of what is held about a person: a small table of text."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    note: str = ""
    position: int = 100  # sections are shown in this order
    weights: tuple[float, ...] = ()  # relative column widths in print (equal when empty)


def describe_change(action: str, fields: tuple[str, ...], before: dict[str, object],
                    after: dict[str, object]) -> str:
    """An audit entry's values for people: one line per field, "old → new"."""

    def show(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(show(v) for v in value) or "(none)"
        return str(value)

    lines = []
    for name in fields or tuple(sorted(set(before) | set(after))):
        old, new = before.get(name), after.get(name)
        if action == "insert":
            if new in (None, "", [], False):
                continue
            lines.append(f"{name}: {show(new)}")
        elif action == "delete":
            if old in (None, "", [], False):
                continue
            lines.append(f"{name}: {show(old)}")
        else:
            lines.append(f"{name}: {show(old)} → {show(new)}")
    return "\n".join(lines)


@dataclass(slots=True)
class SubjectAccessReport:
    subject: str  # what was asked for (an id, email or number)
    member_id: int | None
    name: str
    confidential: bool
    generated_at: dt.datetime
    generated_by: str
    sections: list[Section] = field(default_factory=list)

    @property
    def holds_anything(self) -> bool:
        return any(s.rows for s in self.sections)


@dataclass(frozen=True, slots=True)
class ErasureResult:
    member_id: int
    records_removed: int
    audit_entries_redacted: int
    erased_at: dt.datetime
    # False when the file could not be rewritten at once (another program reading it): the data are
    # gone from the tables, but deleted bytes may linger in free pages until the next compaction.
    compacted: bool = True


@dataclass(frozen=True, slots=True)
class RetentionCandidate:
    member_id: int
    name: str
    status: str
    since: dt.date
    since_source: str  # where the date comes from: "status change (audit trail)" or "last change to the record"
    years: float
    confidential: bool
    removed: bool
