"""The business of a meeting: motions (with amendments and votes), numbered decisions, action items;
and what follows through across meetings: overdue actions and the searchable register of motions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lien_desktop.db.engine import Database
from lien_desktop.db.models import ActionItem, Amendment, Decision, Meeting, Motion
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError, NotFoundError, ValidationError
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    MotionResult,
    Votes,
    VoteSummary,
    check_people,
    check_votes,
)
from lien_desktop.domain.text import clean, fold
from lien_desktop.services.meetings import editable, parse_date


@dataclass(frozen=True, slots=True)
class Recorded:
    """The meeting after a change, and any warnings worth showing (the change was made)."""

    meeting: v.MeetingDetail
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _present(meeting: Meeting) -> set[int]:
    return {a.member_id for a in meeting.attendance if a.kind == AttendanceKind.PRESENT}


def _votes(values: Mapping[str, object]) -> Votes:
    problems: dict[str, str] = {}
    counts: dict[str, int | None] = {}
    for name in ("votes_for", "votes_against", "abstentions"):
        raw = values.get(name)
        if raw in (None, ""):
            counts[name] = None
            continue
        try:
            counts[name] = int(raw)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            problems[name] = f"“{raw}” is not a whole number"
    if problems:
        raise ValidationError(problems)
    return Votes(**counts)


def _enum_value(enum_cls: type, raw: object, field_name: str, default: object) -> object:
    try:
        return enum_cls(raw or default)
    except ValueError:
        options = ", ".join(m.value for m in enum_cls)  # type: ignore[attr-defined]
        raise ValidationError({field_name: f"“{raw}” is not one of {options}"}) from None


def _wording(values: Mapping[str, object], field_name: str = "wording") -> str:
    text = str(values.get(field_name) or "").strip()
    if not text:
        raise ValidationError({field_name: "the exact wording is needed"})
    if len(text) > 50_000:
        raise ValidationError({field_name: "is too long (at most 50,000 characters)"})
    return text


class BusinessService:
    def __init__(self, database: Database):
        self.database = database

    # --- motions -------------------------------------------------------------------------------

    def add_motion(self, meeting_id: int, values: Mapping[str, object]) -> Recorded:
        """values: item_id, title, wording, proposer_id, seconder_id, result, vote_summary, votes_*."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            motion = Motion(meeting_id=meeting.id, number=max((m.number for m in meeting.motions), default=0) + 1)
            warnings = self._apply_motion(repo, meeting, motion, values, new=True)
            meeting.motions.append(motion)
            session.flush()
            return Recorded(repo.detail(meeting), tuple(warnings))

    def update_motion(self, motion_id: int, values: Mapping[str, object]) -> Recorded:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            motion = self._motion(session, motion_id)
            meeting = editable(repo.get(motion.meeting_id))
            warnings = self._apply_motion(repo, meeting, motion, values, new=False)
            session.flush()
            return Recorded(repo.detail(meeting), tuple(warnings))

    def _apply_motion(self, repo: MeetingRepository, meeting: Meeting, motion: Motion,
                      values: Mapping[str, object], new: bool) -> list[str]:
        merged: dict[str, object] = {} if new else {
            "item_id": motion.item_id, "title": motion.title, "wording": motion.wording,
            "proposer_id": motion.proposer_id, "seconder_id": motion.seconder_id, "result": motion.result,
            "vote_summary": motion.vote_summary, "votes_for": motion.votes_for,
            "votes_against": motion.votes_against, "abstentions": motion.abstentions}
        merged.update(values)
        roles = [("proposer", _id(merged.get("proposer_id"))), ("seconder", _id(merged.get("seconder_id")))]
        # A former (erased) proposer or seconder stays "a former member" when the rest is edited.
        kept_former = {"proposer": not new and motion.proposer_id is None,
                       "seconder": not new and motion.seconder_id is None}
        problems = check_people([r for r in roles if not (kept_former[r[0]] and r[1] is None)],
                                repo.chapter_member_ids(meeting.chapter_id, (i for _, i in roles)),
                                _present(meeting))
        try:
            wording = _wording(merged)
        except ValidationError as exc:
            problems.update(exc.problems)
            wording = ""
        title = clean(str(merged.get("title") or ""))[:300]
        result = _enum_value(MotionResult, merged.get("result"), "result", MotionResult.PENDING)
        summary = _enum_value(VoteSummary, merged.get("vote_summary"), "vote_summary", VoteSummary.COUNTED)
        votes = _votes(merged)
        vote_problems, warnings = check_votes(votes, summary, result, len(_present(meeting)))  # type: ignore[arg-type]
        problems.update(vote_problems)
        item_id = _id(merged.get("item_id"))
        if item_id is not None:
            repo.item(meeting, item_id)
        if problems:
            raise ValidationError(problems)
        motion.item_id, motion.title, motion.wording = item_id, title, wording
        motion.proposer_id, motion.seconder_id = _id(merged["proposer_id"]), _id(merged["seconder_id"])  # type: ignore[assignment]
        motion.result, motion.vote_summary = result, summary  # type: ignore[assignment]
        motion.votes_for, motion.votes_against, motion.abstentions = (
            votes.votes_for, votes.votes_against, votes.abstentions)
        return warnings

    def remove_motion(self, motion_id: int) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            motion = self._motion(session, motion_id)
            meeting = editable(repo.get(motion.meeting_id))
            meeting.motions.remove(motion)
            session.flush()
            return repo.detail(meeting)

    def add_amendment(self, motion_id: int, values: Mapping[str, object]) -> Recorded:
        """values: wording, mover_id, seconder_id, result, votes_for/against, abstentions."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            motion = self._motion(session, motion_id)
            meeting = editable(repo.get(motion.meeting_id))
            roles = [("mover", _id(values.get("mover_id"))), ("seconder", _id(values.get("seconder_id")))]
            problems = check_people(roles, repo.chapter_member_ids(meeting.chapter_id, (i for _, i in roles)),
                                    _present(meeting), "amendment")
            try:
                wording = _wording(values)
            except ValidationError as exc:
                problems.update(exc.problems)
                wording = ""
            result = _enum_value(MotionResult, values.get("result"), "result", MotionResult.PENDING)
            votes = _votes(values)
            vote_problems, warnings = check_votes(votes, VoteSummary.COUNTED, result,  # type: ignore[arg-type]
                                                  len(_present(meeting)))
            problems.update(vote_problems)
            if problems:
                raise ValidationError(problems)
            motion.amendments.append(Amendment(
                position=max((a.position for a in motion.amendments), default=0) + 1, wording=wording,
                mover_id=_id(values["mover_id"]), seconder_id=_id(values["seconder_id"]), result=result,
                votes_for=votes.votes_for, votes_against=votes.votes_against, abstentions=votes.abstentions))
            session.flush()
            return Recorded(repo.detail(meeting), tuple(warnings))

    def remove_amendment(self, amendment_id: int) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            amendment = _row(session, Amendment, amendment_id, "amendment")
            motion = self._motion(session, amendment.motion_id)
            meeting = editable(repo.get(motion.meeting_id))
            motion.amendments.remove(amendment)
            session.flush()
            return repo.detail(meeting)

    @staticmethod
    def _action(session, action_id: int) -> ActionItem:  # type: ignore[no-untyped-def]
        return _row(session, ActionItem, action_id, "action")

    @staticmethod
    def _motion(session, motion_id: int) -> Motion:  # type: ignore[no-untyped-def]
        return _row(session, Motion, motion_id, "motion")

    # --- decisions -----------------------------------------------------------------------------

    def add_decision(self, meeting_id: int, text: str, item_id: int | None = None) -> v.MeetingDetail:
        text = text.strip()
        if not text:
            raise ValidationError({"decision": "a decision needs its wording"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            repo.item(meeting, item_id)
            meeting.decisions.append(Decision(
                item_id=item_id, text=text, number=max((d.number for d in meeting.decisions), default=0) + 1))
            session.flush()
            return repo.detail(meeting)

    def remove_decision(self, meeting_id: int, decision_id: int) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            meeting.decisions[:] = [d for d in meeting.decisions if d.id != decision_id]
            session.flush()
            return repo.detail(meeting)

    # --- actions -------------------------------------------------------------------------------

    def add_action(self, meeting_id: int, what: str, owner_id: int | None, due: dt.date | str | None = None,
                   item_id: int | None = None) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            action = ActionItem(number=max((a.number for a in meeting.actions), default=0) + 1)
            self._apply_action(repo, meeting, action, {"what": what, "owner_id": owner_id, "due": due,
                                                       "item_id": item_id})
            meeting.actions.append(action)
            session.flush()
            return repo.detail(meeting)

    def update_action(self, action_id: int, values: Mapping[str, object]) -> v.MeetingDetail:
        """values: any of what, owner_id, due, item_id (the rest stays). Refused once the minutes are signed;
        an owner since erased stays "a former member" when owner_id is None."""
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            action = self._action(session, action_id)
            meeting = editable(repo.get(action.meeting_id))
            merged = {"what": action.what, "owner_id": action.owner_id, "due": action.due_on,
                      "item_id": action.item_id, **values}
            self._apply_action(repo, meeting, action, merged, keep_former=action.owner_id is None)
            session.flush()
            return repo.detail(meeting)

    @staticmethod
    def _apply_action(repo: MeetingRepository, meeting: Meeting, action: ActionItem, values: Mapping[str, object],
                      keep_former: bool = False) -> None:
        what = str(values.get("what") or "").strip()
        problems: dict[str, str] = {}
        if not what:
            problems["what"] = "an action needs to say what is to be done"
        due_on = None
        try:
            due_on = parse_date(values.get("due"), "due")  # type: ignore[arg-type]
        except ValidationError as exc:
            problems.update(exc.problems)
        owner_id = _id(values.get("owner_id"))
        if not (owner_id is None and keep_former) and (
                owner_id is None or owner_id not in repo.chapter_member_ids(meeting.chapter_id, {owner_id})):
            problems["owner"] = "an action's owner must be a member of the chapter"
        if problems:
            raise ValidationError(problems)
        item_id = _id(values.get("item_id"))
        repo.item(meeting, item_id)
        action.what, action.owner_id, action.due_on, action.item_id = what, owner_id, due_on, item_id  # type: ignore[assignment]

    def set_action_status(self, action_id: int, status: ActionStatus | str, on: dt.date | None = None) -> v.ActionView:
        """Follow-through: an action is done or dropped (or reopened) — allowed after signing, since the
        status is not part of the signed record."""
        status = _enum_value(ActionStatus, status, "status", ActionStatus.OPEN)  # type: ignore[assignment]
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            action = self._action(session, action_id)
            action.status = status  # type: ignore[assignment]
            action.closed_on = None if status is ActionStatus.OPEN else (on or dt.date.today())
            session.flush()
            return repo.action_views([(action, repo.get(action.meeting_id))])[0]

    def remove_action(self, action_id: int) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            action = self._action(session, action_id)
            meeting = editable(repo.get(action.meeting_id))
            meeting.actions.remove(action)
            session.flush()
            return repo.detail(meeting)

    def actions(self, chapter_id: int, only_open: bool = False) -> list[v.ActionView]:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            rows = [(a, m) for a, m in repo.chapter_actions(chapter_id)
                    if not only_open or a.status == ActionStatus.OPEN]
            return repo.action_views(rows)

    def overdue(self, chapter_id: int, today: dt.date | None = None) -> list[v.ActionView]:
        today = today or dt.date.today()
        return sorted((a for a in self.actions(chapter_id, only_open=True) if a.due and a.due < today),
                      key=lambda a: (a.due, a.meeting_date, a.number))  # type: ignore[arg-type, return-value]

    # --- the register of motions ----------------------------------------------------------------

    def motion_register(self, chapter_id: int, search: str = "") -> list[v.MotionRegisterEntry]:
        """Every motion of the chapter's meetings, oldest first; `search` matches words anywhere in the
        title, wording, proposer, seconder, result or meeting title (accents and case folded)."""
        terms = fold(search).split()
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            meetings = {m.id: m for m in repo.chapter_meetings(chapter_id)}
            motions = repo.motions_of(meetings)
            people = repo.people(x for m in motions for x in (
                m.proposer_id, m.seconder_id, *(p for a in m.amendments for p in (a.mover_id, a.seconder_id))))
            out: list[v.MotionRegisterEntry] = []
            for motion in sorted(motions, key=lambda m: (meetings[m.meeting_id].meeting_date, m.meeting_id, m.number)):
                meeting = meetings[motion.meeting_id]
                view = repo.motion_view(motion, people)
                haystack = fold(" ".join((view.title, view.wording, view.proposer.name, view.seconder.name,
                                          view.result.value, meeting.title, view.label)))
                if all(t in haystack for t in terms):
                    out.append(v.MotionRegisterEntry(view, meeting.meeting_date, meeting.title))
            return out


def _id(value: object) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise LienError(f"“{value}” is not a member id") from None


def _row(session, model, row_id: int, what: str):  # type: ignore[no-untyped-def]
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"there is no {what} with id {row_id}")
    return row
