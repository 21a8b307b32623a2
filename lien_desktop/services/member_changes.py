"""Apply a whole MemberChange in one transaction and hand back its inverse (for undo).

Everything is validated before anything is written, so a refusal leaves the member exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from lien_desktop.db.models import Member
from lien_desktop.db.repositories.members import MemberRepository, to_record
from lien_desktop.domain import members as d
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.member_changes import (MemberChange, check_consent, check_officer_post,
                                                check_standing_event)
from lien_desktop.domain.validation import check_name_present, validate_changes, validate_member
from lien_desktop.io.constituencies import by_code

T = TypeVar("T")


def _checked_parts(change: MemberChange) -> MemberChange:
    """The consents, posts and events of a change, validated; every problem reported at once."""
    problems: dict[str, str] = {}
    consents, posts, events = [], [], []
    for consent in change.consents:
        try:
            consents.append(check_consent(consent))
        except ValidationError as exc:
            problems.update(exc.problems)
    for post in change.posts_added:
        try:
            posts.append(check_officer_post(post))
        except ValidationError as exc:
            problems.update(exc.problems)
    for event in change.standing_added:
        try:
            events.append(check_standing_event(event.kind, event.event_date, event.note))
        except ValidationError as exc:
            problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    return MemberChange(values=change.values, consents=tuple(consents), consents_cleared=change.consents_cleared,
                        posts_added=tuple(posts), posts_removed=change.posts_removed,
                        standing_added=tuple(events), standing_retracted=change.standing_retracted)


def _consent_of(member: Member, channel: d.ConsentChannel) -> d.Consent | None:
    row = next((c for c in member.consents if c.channel == channel), None)
    if row is None:
        return None
    return d.Consent(channel=row.channel, granted=row.granted, recorded_on=row.recorded_on, source=row.source,
                     withdrawn_on=row.withdrawn_on)


def _apply(repo: MemberRepository, member: Member, values: Mapping[str, object], change: MemberChange) -> MemberChange:
    """Write an already validated change; return the change that undoes it."""
    for post_id in change.posts_removed:
        if not any(p.id == post_id for p in member.officer_posts):
            raise LienError(f"officer post {post_id} is not one of this member's posts")
    for event_id in change.standing_retracted:
        if not any(e.id == event_id for e in member.standing_events):
            raise LienError("that standing event is not on this member's timeline")

    old_values = repo.update(member, dict(values)) if values else {}
    old_consents: list[d.Consent] = []
    cleared: list[d.ConsentChannel] = []
    for channel in dict.fromkeys([c.channel for c in change.consents] + list(change.consents_cleared)):
        previous = _consent_of(member, channel)
        if previous is None:
            cleared.append(channel)
        else:
            old_consents.append(previous)
    for channel in change.consents_cleared:
        repo.clear_consent(member, channel)
    for consent in change.consents:
        repo.set_consent(member, consent)

    removed_posts = tuple(
        d.OfficerPost(title=p.title, start_date=p.start_date, end_date=p.end_date)
        for p in member.officer_posts if p.id in change.posts_removed
    )
    for post_id in change.posts_removed:
        repo.remove_officer_post(member, post_id)
    added_post_ids = tuple(repo.add_officer_post(member, post).id for post in change.posts_added)

    retracted = tuple(
        d.StandingEvent(kind=e.kind, event_date=e.event_date, note=e.note)
        for e in member.standing_events if e.id in change.standing_retracted
    )
    for event_id in change.standing_retracted:
        repo.retract_standing_event(member, event_id)
    added_event_ids = tuple(repo.add_standing_event(member, event).id for event in change.standing_added)

    return MemberChange(values=old_values, consents=tuple(old_consents), consents_cleared=tuple(cleared),
                        posts_added=removed_posts, posts_removed=added_post_ids,
                        standing_added=retracted, standing_retracted=added_event_ids)


def _validated(change: MemberChange, check_values: Callable[[], T]) -> tuple[T, MemberChange]:
    """Check the fields and the other parts, reporting every problem of both at once."""
    problems: dict[str, str] = {}
    values: T | None = None
    checked: MemberChange | None = None
    try:
        values = check_values()
    except ValidationError as exc:
        problems.update(exc.problems)
    try:
        checked = _checked_parts(change)
    except ValidationError as exc:
        problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    assert values is not None and checked is not None
    return values, checked


def apply_change(repo: MemberRepository, member_id: int, change: MemberChange) -> MemberChange:
    """Validate, then write `change` to the member; returns its inverse. All or nothing (one transaction)."""
    values, checked = _validated(change, lambda: validate_changes(change.values, known_constituencies=set(by_code())))
    member = repo.get(member_id)
    if values:
        check_name_present({"first_name": member.first_name, "last_name": member.last_name, **values})
    return _apply(repo, member, values, checked)


def add_with_change(repo: MemberRepository, chapter_id: int, values: Mapping[str, object],
                    change: MemberChange) -> d.MemberRecord:
    """A new member together with consents, posts and standing events, in one transaction."""
    data, checked = _validated(change, lambda: validate_member(values, known_constituencies=set(by_code())))
    if checked.posts_removed or checked.standing_retracted or checked.consents_cleared or checked.values:
        raise ValueError("a new member's details can only add consents, posts and events")
    member = repo.add(chapter_id, data)
    _apply(repo, member, {}, checked)
    return to_record(repo.get(member.id))
