"""Who in the file is already in the register (or earlier in the same file)?

A match is *certain* when the evidence leaves no doubt: the same Labour membership number with a
similar name, the same email with similar names, or the same name at the same postcode — and the
two agree on the LIEN status. Everything else that looks alike is *uncertain* and goes to review:
a shared household email with different first names, the same number with different names, a
similar name at the same postcode, or the same person with conflicting statuses (never resolved to
the milder one silently). Names are compared folded ("Łukasz" = "Lukasz") with rapidfuzz.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from lien_desktop.domain.text import fold

SAME_NAME = 85  # folded full names at least this similar (0-100) count as the same name
CLOSE_NAME = 80  # similar enough at the same postcode to ask


class MatchKind(StrEnum):
    NEW = "new"
    EXISTING = "existing"  # certain: the same member as one in the register
    IN_FILE = "in_file"  # certain: the same person as an earlier row of the file
    REVIEW = "review"  # uncertain: the user decides


class Decision(StrEnum):
    UPDATE = "update"  # update the existing member (or the earlier row) with this row's values
    KEEP_BOTH = "keep-both"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Match:
    row: int
    kind: MatchKind
    member_id: int | None = None  # the register's member
    other_row: int | None = None  # the earlier row of the file
    reason: str = ""


def _full(values: Mapping[str, object]) -> str:
    return fold(f"{values.get('first_name') or ''} {values.get('last_name') or ''}")


def _first(values: Mapping[str, object]) -> str:
    return fold(str(values.get("first_name") or ""))


class _Index:
    """Lookup of people (members or earlier rows) by email, number and postcode."""

    def __init__(self) -> None:
        self.email: dict[str, list[tuple[object, Mapping[str, object]]]] = {}
        self.number: dict[str, list[tuple[object, Mapping[str, object]]]] = {}
        self.postcode: dict[str, list[tuple[object, Mapping[str, object]]]] = {}

    def add(self, key: object, values: Mapping[str, object]) -> None:
        entry = (key, values)
        if email := values.get("email"):
            self.email.setdefault(str(email).lower(), []).append(entry)
        if number := values.get("labour_membership_number"):
            self.number.setdefault(str(number), []).append(entry)
        if postcode := values.get("postcode"):
            self.postcode.setdefault(str(postcode), []).append(entry)

    def has_any(self, keys: list[tuple[str, str]]) -> bool:
        return any(key in getattr(self, kind) for kind, key in keys)

    def find(self, values: Mapping[str, object]) -> tuple[object, bool, str] | None:
        """The best match: (key, certain, reason), or None."""
        number, email, postcode = (values.get("labour_membership_number"), values.get("email"),
                                   values.get("postcode"))
        by_number = self.number.get(str(number)) if number else None
        by_email = self.email.get(str(email).lower()) if email else None
        by_postcode = self.postcode.get(str(postcode)) if postcode else None
        if not (by_number or by_email or by_postcode):
            return None  # the common case: nobody alike
        status = values.get("status")
        best: tuple[object, bool, str] | None = None
        candidates: list[tuple[tuple[object, Mapping[str, object]], str]] = [
            *((e, "number") for e in by_number or ()), *((e, "email") for e in by_email or ()),
            *((e, "postcode") for e in by_postcode or ())]
        full, first = _full(values), _first(values)
        for (key, other), how in candidates:
            other_full = _full(other)
            similarity = fuzz.token_sort_ratio(full, other_full)
            if how == "number":
                certain = similarity >= SAME_NAME
                reason = "the same Labour membership number" + ("" if certain else " but a different name")
            elif how == "email":
                certain = similarity >= SAME_NAME and fuzz.ratio(first, _first(other)) >= SAME_NAME
                reason = "the same email address" + ("" if certain else " but a different name (a shared email?)")
            else:
                if similarity < CLOSE_NAME:
                    continue
                certain = full == other_full
                reason = "the same name at the same postcode" if certain else "a similar name at the same postcode"
            if certain and status and other.get("status") and other.get("status") != status:
                certain = False
                reason += f", but the statuses conflict ({other.get('status')} / {status})"
            standing, other_standing = values.get("standing"), other.get("standing")
            if certain and standing and other_standing and other_standing != standing:
                certain = False  # an append-only timeline: a different standing is never merged silently
                reason += f", but the Labour standings conflict ({other_standing} / {standing})"
            if best is None or (certain and not best[1]):
                best = (key, certain, reason)
            if certain:
                break
        return best


def find_duplicates(
    rows: Iterable[tuple[int, Mapping[str, object]]],
    existing: Iterable[tuple[int, Mapping[str, object]]],
) -> dict[int, Match]:
    """row number -> Match, for the file rows (row, values) that look like someone: a member of the
    register (`existing`: member id, values) or an earlier row. A row that is not there is new."""
    register = _Index()
    for member_id, values in existing:
        register.add(member_id, values)
    empty_register = not (register.email or register.number or register.postcode)
    keyed = [(row, values, _keys(values)) for row, values in rows]
    # Rows none of whose keys (email, number, postcode) occurs twice in the file and whose keys are not in
    # the register cannot match anyone: they are new without further work (most rows of most files).
    counts = Counter(itertools.chain.from_iterable(keys for _row, _values, keys in keyed))
    repeated = {key for key, n in counts.items() if n > 1}
    earlier = _Index()
    matches: dict[int, Match] = {}
    for row, values, keys in keyed:
        if repeated.isdisjoint(keys) and (empty_register or not register.has_any(keys)):
            continue
        found = None if empty_register else register.find(values)
        if found is not None:
            member_id, certain, reason = found
            kind = MatchKind.EXISTING if certain else MatchKind.REVIEW
            matches[row] = Match(row, kind, member_id=int(member_id), reason=reason)  # type: ignore[call-overload]
            continue
        found = earlier.find(values)
        if found is not None:
            other_row, certain, reason = found
            kind = MatchKind.IN_FILE if certain else MatchKind.REVIEW
            matches[row] = Match(row, kind, other_row=int(other_row), reason=reason + " as an earlier row")  # type: ignore[call-overload]
            if certain:
                continue
        earlier.add(row, values)
    return matches


def _keys(values: Mapping[str, object]) -> list[tuple[str, str]]:
    keys = []
    if email := values.get("email"):
        keys.append(("email", str(email).lower()))
    if number := values.get("labour_membership_number"):
        keys.append(("number", str(number)))
    if postcode := values.get("postcode"):
        keys.append(("postcode", str(postcode)))
    return keys


CONSENT_FIELDS = ("consent_email", "consent_phone", "consent_post")
# Read from a file but never merged on their own: a standing's and a consent's date go with them, and
# officer posts are taken for new members only (an existing member's posts are kept as the register has them).
_NOT_MERGED = frozenset({"standing_since", "officer_posts", *(f"{name}_date" for name in CONSENT_FIELDS)})


def merged_changes(current: Mapping[str, object], incoming: Mapping[str, object]) -> dict[str, object]:
    """The fields the incoming values would change. A blank incoming value never blanks a fact."""
    changes: dict[str, object] = {}
    for name, value in incoming.items():
        if value in ("", None, ()):
            continue
        if name in _NOT_MERGED:
            continue
        if name == "standing":  # a new event on the timeline, with its date, only when the standing differs
            if current.get(name) != value:
                changes[name], changes["standing_since"] = value, incoming.get("standing_since")
            continue
        if name in CONSENT_FIELDS:  # a channel's consent and its date go together
            date = incoming.get(f"{name}_date")
            if current.get(name) != value or (date and current.get(f"{name}_date") != date):
                changes[name], changes[f"{name}_date"] = value, date
            continue
        if name == "confidential" and value is False:
            continue
        if name == "tags":
            have = {str(t).lower() for t in current.get("tags") or ()}
            if not {str(t).lower() for t in value} <= have:  # type: ignore[union-attr]
                changes[name] = tuple(dict.fromkeys([*(current.get("tags") or ()), *value]))  # type: ignore[misc]
            continue
        if current.get(name) != value:
            changes[name] = value
    return changes
