"""Meetings: plan one, edit its details and agenda, the chapter's quorum rule, lists.

Every change to a meeting's content goes through `editable()`, which refuses signed minutes with a
message. The other meeting services (attendance and business, minutes, archive, documents) are in
sibling modules and share these helpers.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence

from lien_desktop.db.engine import Database, Session
from lien_desktop.db.models import AgendaItem, Meeting
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import (
    TEMPLATES,
    ItemKind,
    MeetingType,
    QuorumKind,
    QuorumRule,
    default_template,
    locked_message,
)
from lien_desktop.domain.meetings import meeting_label as domain_meeting_label
from lien_desktop.domain.text import clean
from lien_desktop.domain.validation import FieldProblem, parse_uk_date

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def meeting_label(meeting: Meeting) -> str:
    return domain_meeting_label(meeting.title, meeting.meeting_date)


def editable(meeting: Meeting) -> Meeting:
    """The meeting, if its minutes may still change; otherwise a refusal saying why."""
    if meeting.minutes_status == MinutesStatus.SIGNED:
        raise LienError(locked_message(meeting.title, meeting.meeting_date))
    return meeting


def add_template_items(session: Session, meeting: Meeting, template: str) -> None:
    """The agenda of a new meeting, from a template (sub-items under their item)."""
    parents = []
    for position, (title, kind, subs) in enumerate(TEMPLATES[template], start=1):
        parents.append((AgendaItem(title=title, kind=kind, position=position), subs))
        meeting.items.append(parents[-1][0])
    session.flush()  # the items' ids, for their sub-items
    for parent, subs in parents:
        for sub_position, sub in enumerate(subs, start=1):
            meeting.items.append(AgendaItem(title=sub, parent_id=parent.id, position=sub_position))


def parse_date(value: dt.date | str | None, field: str, required: bool = False) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        parsed = parse_uk_date(value or "")
    except FieldProblem as exc:
        raise ValidationError({field: str(exc)}) from None
    if parsed is None and required:
        raise ValidationError({field: "is needed"})
    return parsed


def parse_time(value: dt.time | str | None, field: str) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    text = clean(value)
    if not text:
        return None
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError({field: f"“{text}” is not a time (use 24-hour HH:MM, for example 19:30)"})
    return dt.time(int(match.group(1)), int(match.group(2)))


def text_field(values: Mapping[str, object], field: str, limit: int, problems: dict[str, str]) -> str:
    text = clean(str(values.get(field) or ""))
    if len(text) > limit:
        problems[field] = f"is too long (at most {limit} characters)"
    return text


HEADER_FIELDS = ("meeting_type", "title", "date", "start", "end", "venue", "online_link", "chair_id",
                 "minute_taker_id", "next_meeting")


class MeetingService:
    def __init__(self, database: Database):
        self.database = database

    # --- reading -------------------------------------------------------------------------------

    def list(self, chapter_id: int | None = None) -> list[v.MeetingSummary]:
        with self.database.reading() as session:
            return MeetingRepository(session).summaries(chapter_id)

    def get(self, meeting_id: int) -> v.MeetingDetail:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            return repo.detail(repo.get(meeting_id))

    def matters_arising(self, meeting_id: int) -> list[v.ActionView]:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            return repo.matters_arising(repo.get(meeting_id))

    # --- the chapter's quorum rule --------------------------------------------------------------

    def quorum_rule(self, chapter_id: int) -> QuorumRule:
        with self.database.reading() as session:
            return MeetingRepository(session).quorum_rule(chapter_id)

    def set_quorum_rule(self, chapter_id: int, kind: QuorumKind | str, value: int) -> QuorumRule:
        try:
            rule = QuorumRule(QuorumKind(kind), int(value))
        except ValueError as exc:
            raise ValidationError({"quorum": str(exc)}) from None
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            repo.chapter_name(chapter_id)
            repo.set_quorum_rule(chapter_id, rule)
        return rule

    # --- planning ------------------------------------------------------------------------------

    def plan(self, chapter_id: int, values: Mapping[str, object], template: str | None = None) -> v.MeetingDetail:
        """A new meeting with its agenda started from a template (by default the one for its type)."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            repo.chapter_name(chapter_id)
            header = self._checked_header(session, chapter_id, values, require=True)
            meeting_type = header["meeting_type"]
            template = template or default_template(meeting_type)  # type: ignore[arg-type]
            if template not in TEMPLATES:
                raise ValidationError({"template": f"“{template}” is not an agenda template "
                                                   f"({', '.join(TEMPLATES)})"})
            meeting = Meeting(uid=str(uuid.uuid4()), chapter_id=chapter_id, **_columns(header))
            meeting.quorum_required = repo.quorum_rule(chapter_id).required(repo.active_member_count(chapter_id))
            session.add(meeting)
            add_template_items(session, meeting, template)
            session.flush()
            return repo.detail(repo.get(meeting.id))

    def update(self, meeting_id: int, values: Mapping[str, object]) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            header = self._checked_header(session, meeting.chapter_id, values, require=False)
            for column, value in _columns(header).items():
                setattr(meeting, column, value)
            # Someone chosen in place of an erased chair or minute-taker; no one chosen keeps "a former member".
            meeting.chair_erased = meeting.chair_erased and meeting.chair_id is None
            meeting.minute_taker_erased = meeting.minute_taker_erased and meeting.minute_taker_id is None
            session.flush()
            return repo.detail(meeting)

    def _checked_header(self, session: Session, chapter_id: int, values: Mapping[str, object],
                        require: bool) -> dict[str, object]:
        unknown = set(values) - set(HEADER_FIELDS)
        if unknown:
            raise ValidationError({f: "is not a meeting field" for f in sorted(unknown)})
        problems: dict[str, str] = {}
        out: dict[str, object] = {}
        if "meeting_type" in values or require:
            try:
                out["meeting_type"] = MeetingType(values.get("meeting_type") or MeetingType.GENERAL)
            except ValueError:
                problems["meeting_type"] = (f"“{values.get('meeting_type')}” is not a meeting type "
                                            f"({', '.join(t.value for t in MeetingType)})")
        if "title" in values or require:
            out["title"] = text_field(values, "title", 200, problems)
            if not out["title"] and "title" not in problems:
                out["title"] = (out.get("meeting_type") or MeetingType.GENERAL).label  # type: ignore[union-attr]
        if "date" in values or require:
            try:
                out["date"] = parse_date(values.get("date"), "date", required=True)  # type: ignore[arg-type]
            except ValidationError as exc:
                problems.update(exc.problems)
        for field in ("start", "end"):
            if field in values:
                try:
                    out[field] = parse_time(values.get(field), field)  # type: ignore[arg-type]
                except ValidationError as exc:
                    problems.update(exc.problems)
        if out.get("start") and out.get("end") and out["end"] < out["start"]:  # type: ignore[operator]
            problems["end"] = "the meeting ends before it starts"
        for field, limit in (("venue", 300), ("online_link", 500), ("next_meeting", 300)):
            if field in values:
                out[field] = text_field(values, field, limit, problems)
        members = MeetingRepository(session).chapter_member_ids(
            chapter_id, (_id_or_none(values.get(f)) for f in ("chair_id", "minute_taker_id")))
        for field in ("chair_id", "minute_taker_id"):
            if field in values:
                member_id = values.get(field)
                if member_id in (None, ""):
                    out[field] = None
                elif int(member_id) not in members:  # type: ignore[call-overload]
                    problems[field] = "must be a member of the chapter"
                else:
                    out[field] = int(member_id)  # type: ignore[call-overload]
        if problems:
            raise ValidationError(problems)
        return out

    # --- agenda --------------------------------------------------------------------------------

    def add_item(self, meeting_id: int, title: str, parent_id: int | None = None,
                 kind: ItemKind = ItemKind.ORDINARY, presenter: str = "") -> v.MeetingDetail:
        title = clean(title)
        if not title:
            raise ValidationError({"title": "an agenda item needs a title"})
        if len(title) > 300:
            raise ValidationError({"title": "is too long (at most 300 characters)"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            parent = repo.item(meeting, parent_id)
            if parent is not None and parent.parent_id is not None:
                raise LienError("sub-items go one level deep (2.1); add this under a main item")
            meeting.items.append(AgendaItem(title=title, kind=kind, parent_id=parent_id, presenter=clean(presenter),
                                            position=repo.next_position(meeting, parent_id)))
            session.flush()
            return repo.detail(meeting)

    def edit_item(self, meeting_id: int, item_id: int, title: str | None = None, presenter: str | None = None,
                  notes: str | None = None) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            item = repo.item(meeting, item_id)
            assert item is not None
            if title is not None:
                if not clean(title):
                    raise ValidationError({"title": "an agenda item needs a title"})
                item.title = clean(title)[:300]
            if presenter is not None:
                item.presenter = clean(presenter)[:200]
            if notes is not None:
                if len(notes) > 100_000:
                    raise ValidationError({"notes": "are too long (at most 100,000 characters)"})
                item.notes = notes.strip()
            session.flush()
            return repo.detail(meeting)

    def remove_item(self, meeting_id: int, item_id: int) -> v.MeetingDetail:
        """Remove an item and its sub-items. Refused while motions, decisions or actions hang on it."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            item = repo.item(meeting, item_id)
            doomed = {item_id} | {i.id for i in meeting.items if i.parent_id == item_id}
            used = [f"motion M{m.number}" for m in meeting.motions if m.item_id in doomed]
            used += [f"decision {d.number}" for d in meeting.decisions if d.item_id in doomed]
            used += [f"action A{a.number}" for a in meeting.actions if a.item_id in doomed]
            if used:
                raise LienError(f"“{item.title}” holds {', '.join(used)}: move or remove them first")  # type: ignore[union-attr]
            # Sub-items first: the database would cascade them anyway, and the session must agree.
            for child in sorted((i for i in meeting.items if i.id in doomed), key=lambda i: i.parent_id is None):
                meeting.items.remove(child)
                session.flush()
            return repo.detail(meeting)

    def move_item(self, meeting_id: int, item_id: int, offset: int) -> v.MeetingDetail:
        """Move an item up (-1) or down (+1) among its siblings; numbers follow."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            item = repo.item(meeting, item_id)
            assert item is not None
            siblings = sorted((i for i in meeting.items if i.parent_id == item.parent_id),
                              key=lambda i: (i.position, i.id))
            index = siblings.index(item)
            target = max(0, min(len(siblings) - 1, index + offset))
            siblings.insert(target, siblings.pop(index))
            for position, sibling in enumerate(siblings, start=1):
                sibling.position = position
            session.flush()
            return repo.detail(meeting)

    def reorder_items(self, meeting_id: int, parent_id: int | None, ordered_ids: Sequence[int]) -> v.MeetingDetail:
        """Set the order of the items under one parent (drag and drop)."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            siblings = {i.id: i for i in meeting.items if i.parent_id == parent_id}
            if set(ordered_ids) != set(siblings) or len(ordered_ids) != len(siblings):
                raise LienError("the new order must list each item at that level once")
            for position, item_id in enumerate(ordered_ids, start=1):
                siblings[item_id].position = position
            session.flush()
            return repo.detail(meeting)

    def delete(self, meeting_id: int) -> None:
        """Delete a draft meeting (planned by mistake). Circulated or later minutes are kept."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = repo.get(meeting_id)
            if meeting.minutes_status != MinutesStatus.DRAFT:
                raise LienError(f"the minutes of {meeting_label(meeting)} are {meeting.minutes_status.value}: "
                                "only a draft meeting can be deleted")
            session.delete(meeting)


def _columns(header: Mapping[str, object]) -> dict[str, object]:
    names = {"date": "meeting_date", "start": "start_time", "end": "end_time"}
    return {names.get(k, k): value for k, value in header.items()}


def _id_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
