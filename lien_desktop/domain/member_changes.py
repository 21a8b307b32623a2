"""One edit of one member as a plain value: field changes, consents, officer posts and standing events.

The member form saves everything a secretary changed in one go (all or nothing), and undo applies the
inverse change that the service hands back. Keeping the change a plain value lets the same code serve
the form, the undo stack and (later) imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lien_desktop.domain.errors import ValidationError, field_label
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost, StandingEvent, StandingKind
from lien_desktop.domain.validation import FieldProblem, parse_uk_date

MAX_EVENT_NOTE = 5000


@dataclass(frozen=True, slots=True)
class MemberChange:
    """What to do to a member in one transaction. Empty parts do nothing."""

    values: Mapping[str, object] = field(default_factory=dict)  # field name -> raw or normalised value
    consents: tuple[Consent, ...] = ()  # replace the consent of each channel named
    consents_cleared: tuple[ConsentChannel, ...] = ()  # forget the consent of these channels (undo only)
    posts_added: tuple[OfficerPost, ...] = ()
    posts_removed: tuple[int, ...] = ()  # officer post ids
    standing_added: tuple[StandingEvent, ...] = ()
    standing_retracted: tuple[int, ...] = ()  # event ids; only to undo an event just recorded

    def is_empty(self) -> bool:
        return not (self.values or self.consents or self.consents_cleared or self.posts_added
                    or self.posts_removed or self.standing_added or self.standing_retracted)

    def describe(self) -> str:
        """What changed, for the Edit menu: 'email, postcode, consent (post), standing event'."""
        parts = [lower_label(field_label(name)) for name in self.values]
        channels = sorted({c.channel.value for c in self.consents} | {c.value for c in self.consents_cleared})
        if channels:
            parts.append(f"consent ({', '.join(channels)})")
        posts = len(self.posts_added) + len(self.posts_removed)
        if posts:
            parts.append("officer post" if posts == 1 else "officer posts")
        events = len(self.standing_added) + len(self.standing_retracted)
        if events:
            parts.append("standing event" if events == 1 else "standing events")
        return ", ".join(parts)


def lower_label(label: str) -> str:
    """'Postcode' -> 'postcode', but 'LIEN status' stays (an acronym keeps its capitals)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def check_standing_event(kind: object, event_date: object, note: str = "",
                         *, today: dt.date | None = None) -> StandingEvent:
    """A standing event a secretary may record, or ValidationError naming what is wrong."""
    problems: dict[str, str] = {}
    checked_kind: StandingKind | None = None
    try:
        checked_kind = StandingKind(kind)
    except ValueError:
        problems["standing"] = f"“{kind}” is not a kind of standing event"
    when: dt.date | None = None
    try:
        when = event_date if isinstance(event_date, dt.date) else parse_uk_date(str(event_date or ""))
        if when is None:
            problems["event_date"] = "a standing event needs a date"
        elif when > (today or dt.date.today()) + dt.timedelta(days=1):
            problems["event_date"] = f"{when:%d/%m/%Y} is in the future"
    except FieldProblem as exc:
        problems["event_date"] = str(exc)
    note = (note or "").strip()
    if len(note) > MAX_EVENT_NOTE:
        problems["notes"] = f"is too long (at most {MAX_EVENT_NOTE} characters)"
    if problems:
        raise ValidationError(problems)
    assert checked_kind is not None and when is not None
    return StandingEvent(kind=checked_kind, event_date=when, note=note)


def check_officer_post(post: OfficerPost) -> OfficerPost:
    title = " ".join(post.title.split())
    if not title:
        raise ValidationError({"title": "an officer post needs a title"})
    if len(title) > 100:
        raise ValidationError({"title": "is too long (at most 100 characters)"})
    if post.start_date and post.end_date and post.end_date < post.start_date:
        raise ValidationError({"end_date": "the post ends before it starts"})
    return OfficerPost(title=title, start_date=post.start_date, end_date=post.end_date, id=post.id)


def check_consent(consent: Consent) -> Consent:
    if len(consent.source) > 200:
        raise ValidationError({"source": "is too long (at most 200 characters)"})
    if consent.recorded_on and consent.withdrawn_on and consent.withdrawn_on < consent.recorded_on:
        raise ValidationError({"withdrawn_on": f"{consent.channel.label} consent is withdrawn before it was given"})
    return Consent(channel=consent.channel, granted=consent.granted, recorded_on=consent.recorded_on,
                   source=" ".join(consent.source.split()), withdrawn_on=consent.withdrawn_on)
