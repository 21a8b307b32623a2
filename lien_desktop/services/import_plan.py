"""What an import will write, decided before anything is written: new members, updates (only the
fields that change; a blank cell never blanks a fact), rows merged into an earlier row, rows skipped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lien_desktop.domain.import_duplicates import Decision, Match, MatchKind, merged_changes
from lien_desktop.domain.import_rows import CandidateRow


@dataclass(slots=True)
class Plan:
    creates: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (row, values)
    updates: list[tuple[int, int, dict[str, object]]] = field(default_factory=list)  # (row, member id, changes)
    skipped: list[int] = field(default_factory=list)  # rows not written (errors, decisions, nothing new)
    merged: list[int] = field(default_factory=list)  # rows folded into an earlier row of the file


def make_plan(rows: list[CandidateRow], matches: Mapping[int, Match], existing: Mapping[int, Mapping[str, object]],
              decisions: Mapping[int, Decision | None]) -> Plan:
    plan = Plan()
    targets: dict[int, tuple[str, int]] = {}  # row -> ("create", index) | ("member", id)
    pending: dict[int, tuple[int, dict[str, object]]] = {}  # member id -> (first row, changes)

    def update_member(row: int, member_id: int, values: Mapping[str, object]) -> None:
        first_row, changes = pending.get(member_id, (row, {}))
        current = {**existing[member_id], **changes}
        changes.update(merged_changes(current, values))
        pending[member_id] = (first_row, changes)
        targets[row] = ("member", member_id)

    def merge_into(row: int, target: tuple[str, int], values: Mapping[str, object]) -> None:
        kind, key = target
        if kind == "member":
            update_member(row, key, values)
        else:
            created_row, created = plan.creates[key]
            created = {**created, **merged_changes(created, values)}  # a copy: the preview's rows stay as read
            plan.creates[key] = (created_row, created)
            targets[row] = target
        plan.merged.append(row)

    for candidate in rows:
        row, values = candidate.row, candidate.values
        if candidate.problems and candidate.has_error:
            plan.skipped.append(row)
            continue
        match = matches.get(row)
        if match is None or match.kind is MatchKind.NEW:
            targets[row] = ("create", len(plan.creates))
            plan.creates.append((row, values))  # values are not changed later unless merged into (copied then)
            continue
        kind = match.kind
        if kind is MatchKind.REVIEW:
            decision = decisions.get(row)
            if decision is Decision.SKIP or decision is None:
                plan.skipped.append(row)
                continue
            if decision is Decision.KEEP_BOTH:
                kind = MatchKind.NEW
            else:
                kind = MatchKind.EXISTING if match.member_id is not None else MatchKind.IN_FILE
        if kind is MatchKind.NEW:
            targets[row] = ("create", len(plan.creates))
            plan.creates.append((row, dict(values)))
        elif kind is MatchKind.EXISTING:
            assert match.member_id is not None
            update_member(row, match.member_id, values)
        else:
            assert match.other_row is not None
            target = targets.get(match.other_row)
            if target is None:  # the earlier row was skipped: this one stands alone
                targets[row] = ("create", len(plan.creates))
                plan.creates.append((row, dict(values)))
            else:
                merge_into(row, target, values)
    for member_id, (row, changes) in pending.items():
        if changes:
            plan.updates.append((row, member_id, changes))
    updated_rows = {row for row, _m, _c in plan.updates}
    for row, (kind, key) in targets.items():
        if kind == "member" and row not in updated_rows and row not in plan.merged:
            if not pending.get(key, (0, {}))[1] or pending[key][0] != row:
                plan.skipped.append(row)  # the register already says all this row says
    return plan
