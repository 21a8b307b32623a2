"""Reading a meeting archive file (format in services/meeting_archive.py) back into a database.

Everything is checked before anything is written: the JSON, the format and its version, every field's
type and value, the people (each must match one member of the chapter), the signed fingerprint. Any
problem refuses the whole file with a message naming the file and the place in it; nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lien_desktop.db.engine import Database
from lien_desktop.db.models import (
    ActionItem,
    Addendum,
    AgendaItem,
    Amendment,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Motion,
)
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meeting_documents import MinutesStatus, check_signature
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    ItemKind,
    MeetingType,
    MotionResult,
    VoteSummary,
)
from lien_desktop.domain.text import fold
from lien_desktop.services.meeting_archive import FORMAT, FORMAT_VERSION, fingerprint_of

MAX_FILE_BYTES = 50 * 1024 * 1024


class ArchiveProblem(LienError):
    pass


def read_document(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArchiveProblem(f"{path.name}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ArchiveProblem(f"{path.name}: is too large for a meeting archive ({size:,} bytes)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveProblem(f"{path.name}: is not UTF-8 text, so not a meeting archive") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveProblem(f"{path.name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveProblem(f"{path.name}: is not a LIEN Desktop meeting archive (no “format”: “{FORMAT}”)")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArchiveProblem(f"{path.name}: format_version must be a whole number, not {version!r}")
    if version > FORMAT_VERSION:
        raise ArchiveProblem(f"{path.name}: was written by a newer LIEN Desktop (meeting format {version}; "
                             f"this version reads up to {FORMAT_VERSION}): update the app to import it")
    Checker(path.name).document(document)
    return document


class Checker:
    """Shape and value checks, each failure naming where in the file it is."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> None:
        raise ArchiveProblem(f"{self.source}: {where}: {message}")

    def get(self, obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str,
            optional: bool = False) -> Any:
        if key not in obj:
            self.fail(where, f"“{key}” is missing")
        value = obj[key]
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.fail(f"{where}.{key}", f"should be {names}, not {type(value).__name__}")
        return value

    def enum(self, obj: dict[str, Any], key: str, enum_cls: type, where: str) -> None:
        value = self.get(obj, key, str, where)
        if value not in {m.value for m in enum_cls}:  # type: ignore[attr-defined]
            self.fail(f"{where}.{key}", f"“{value}” is not one of "
                                        f"{', '.join(m.value for m in enum_cls)}")  # type: ignore[attr-defined]

    def date(self, obj: dict[str, Any], key: str, where: str, optional: bool = True) -> None:
        value = self.get(obj, key, str, where, optional=optional)
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                self.fail(f"{where}.{key}", f"“{value}” is not a date (YYYY-MM-DD)")

    def time(self, obj: dict[str, Any], key: str, where: str) -> None:
        value = self.get(obj, key, str, where, optional=True)
        if value is not None:
            try:
                dt.time.fromisoformat(value)
            except ValueError:
                self.fail(f"{where}.{key}", f"“{value}” is not a time (HH:MM)")

    def person(self, obj: dict[str, Any], key: str, where: str, people: dict[str, Any], optional: bool) -> None:
        value = self.get(obj, key, str, where, optional=optional)
        if value is not None and value not in people:
            self.fail(f"{where}.{key}", f"refers to “{value}”, who is not in “people”")

    def votes(self, obj: dict[str, Any], where: str) -> None:
        for key in ("votes_for", "votes_against", "abstentions"):
            value = self.get(obj, key, int, where, optional=True)
            if value is not None and value < 0:
                self.fail(f"{where}.{key}", "a vote count cannot be negative")

    def document(self, doc: dict[str, Any]) -> None:
        people = self.get(doc, "people", dict, "file")
        for key, person in people.items():
            where = f"people.{key}"
            if not isinstance(person, dict):
                self.fail(where, "should be an object")
            for field in ("first_name", "last_name", "preferred_name", "email", "labour_membership_number"):
                self.get(person, field, str, where)
            self.get(person, "confidential", bool, where)
        m = self.get(doc, "meeting", dict, "file")
        w = "meeting"
        self.get(m, "uid", str, w)
        self.enum(m, "type", MeetingType, w)
        self.get(m, "title", str, w)
        self.date(m, "date", w, optional=False)
        self.time(m, "start", w)
        self.time(m, "end", w)
        for key in ("venue", "online_link", "next_meeting"):
            self.get(m, key, str, w)
        self.person(m, "chair", w, people, optional=True)
        self.person(m, "minute_taker", w, people, optional=True)
        self.get(m, "quorum_required", int, w)
        numbers = self.agenda(self.get(m, "agenda", list, w), "meeting.agenda", "")
        for i, a in enumerate(self.get(m, "attendance", list, w)):
            where = f"meeting.attendance[{i}]"
            self.person(a, "person", where, people, optional=False)
            self.enum(a, "kind", AttendanceKind, where)
            self.time(a, "arrived", where)
            self.time(a, "left", where)
        if "former_attendance" in m:
            former = self.get(m, "former_attendance", dict, w)
            for key in ("present", "apologies", "absent"):
                if self.get(former, key, int, "meeting.former_attendance") < 0:
                    self.fail(f"meeting.former_attendance.{key}", "cannot be negative")
        if "former_officers" in m:
            for i, role in enumerate(self.get(m, "former_officers", list, w)):
                if role not in ("chair", "minute_taker") or m.get(role) is not None:
                    self.fail(f"meeting.former_officers[{i}]", "should be “chair” or “minute_taker”, "
                                                               "a role left null by an erasure")
        for i, g in enumerate(self.get(m, "guests", list, w)):
            if not isinstance(g, str):
                self.fail(f"meeting.guests[{i}]", "should be a name (text)")
        for name, rows in (("decisions", self.get(m, "decisions", list, w)),
                           ("motions", self.get(m, "motions", list, w)),
                           ("actions", self.get(m, "actions", list, w))):
            for i, row in enumerate(rows):
                where = f"meeting.{name}[{i}]"
                if not isinstance(row, dict):
                    self.fail(where, "should be an object")
                self.get(row, "number", int, where)
                item = self.get(row, "item", str, where, optional=True)
                if item is not None and item not in numbers:
                    self.fail(f"{where}.item", f"refers to agenda item {item}, which is not on the agenda")
        for i, d in enumerate(m["decisions"]):
            self.get(d, "text", str, f"meeting.decisions[{i}]")
        for i, x in enumerate(m["motions"]):
            where = f"meeting.motions[{i}]"
            self.get(x, "title", str, where)
            self.get(x, "wording", str, where)
            self.person(x, "proposer", where, people, optional=True)
            self.person(x, "seconder", where, people, optional=True)
            self.enum(x, "result", MotionResult, where)
            self.enum(x, "vote_summary", VoteSummary, where)
            self.votes(x, where)
            for j, a in enumerate(self.get(x, "amendments", list, where)):
                aw = f"{where}.amendments[{j}]"
                self.get(a, "position", int, aw)
                self.get(a, "wording", str, aw)
                self.person(a, "mover", aw, people, optional=True)
                self.person(a, "seconder", aw, people, optional=True)
                self.enum(a, "result", MotionResult, aw)
                self.votes(a, aw)
        for i, a in enumerate(m["actions"]):
            where = f"meeting.actions[{i}]"
            self.get(a, "what", str, where)
            self.person(a, "owner", where, people, optional=True)  # null: erased
            self.date(a, "due", where)
            self.enum(a, "status", ActionStatus, where)
            self.date(a, "closed_on", where)
        minutes = self.get(m, "minutes", dict, w)
        self.enum(minutes, "status", MinutesStatus, "meeting.minutes")
        for key in ("circulated_on", "approved_on", "signed_on"):
            self.date(minutes, key, "meeting.minutes")
        for key in ("corrections", "signed_by", "fingerprint"):
            self.get(minutes, key, str, "meeting.minutes")
        approved_at = self.get(minutes, "approved_at", dict, "meeting.minutes", optional=True)
        if approved_at is not None:
            self.get(approved_at, "uid", str, "meeting.minutes.approved_at", optional=True)
            self.get(approved_at, "label", str, "meeting.minutes.approved_at")
        for i, a in enumerate(self.get(m, "addenda", list, w)):
            self.get(a, "text", str, f"meeting.addenda[{i}]")
            self.date(a, "added_on", f"meeting.addenda[{i}]", optional=False)
            if "redacted_fingerprint" in a:
                self.get(a, "redacted_fingerprint", str, f"meeting.addenda[{i}]")

    def agenda(self, items: list[Any], where: str, prefix: str) -> set[str]:
        numbers: set[str] = set()
        for n, item in enumerate(items, start=1):
            here = f"{where}[{n - 1}]"
            if not isinstance(item, dict):
                self.fail(here, "should be an object")
            self.get(item, "title", str, here)
            self.enum(item, "kind", ItemKind, here)
            self.get(item, "presenter", str, here)
            self.get(item, "notes", str, here)
            number = f"{prefix}{n}"
            numbers.add(number)
            numbers |= self.agenda(self.get(item, "items", list, here), f"{here}.items", number + ".")
        return numbers


def match_people(session: Any, chapter_id: int, people: dict[str, Any], source: str) -> dict[str, int]:
    """Each person of the file to one member of the chapter, by the stable key (see meeting_archive)."""
    members = MeetingRepository(session).people_keys(chapter_id)
    by_number: dict[str, list[int]] = {}
    by_email: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for m in members:
        if m.labour_membership_number:
            by_number.setdefault(m.labour_membership_number.strip().upper(), []).append(m.id)
        if m.email:
            by_email.setdefault(m.email.strip().casefold(), []).append(m.id)
        by_name.setdefault(fold(f"{m.first_name} {m.last_name}"), []).append(m.id)
    found: dict[str, int] = {}
    unknown: list[str] = []
    for key, p in people.items():
        name = f"{p['first_name']} {p['last_name']}".strip()
        if p["labour_membership_number"].strip():
            hits, how = by_number.get(p["labour_membership_number"].strip().upper(), []), "Labour membership number"
        elif p["email"].strip():
            hits, how = by_email.get(p["email"].strip().casefold(), []), "email"
        else:
            hits, how = by_name.get(fold(name), []), "name"
        if len(hits) > 1:
            raise ArchiveProblem(f"{source}: people.{key} ({name}) matches {len(hits)} members by {how}: "
                                 "make the register unambiguous first")
        if not hits:
            unknown.append(f"{name} ({how})")
        else:
            found[key] = hits[0]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise ArchiveProblem(f"{source}: unknown member{'s' if len(unknown) > 1 else ''} in this chapter: {shown}; "
                             "add them to the register first (nothing was imported)")
    return found


def import_document(database: Database, doc: dict[str, Any], chapter_id: int, source: str) -> v.MeetingDetail:
    m = doc["meeting"]
    minutes = m["minutes"]
    signed = minutes["status"] == MinutesStatus.SIGNED.value
    if signed and not check_signature(signed, fingerprint_of(doc), minutes["fingerprint"],
                                      tuple(a.get("redacted_fingerprint", "") for a in m["addenda"])).accepted:
        raise ArchiveProblem(f"{source}: the signed minutes were changed after signing (the fingerprint does "
                             "not match the content); nothing was imported")
    with database.transaction() as session:
        repo = MeetingRepository(session)
        repo.chapter_name(chapter_id)
        existing = repo.by_uid(m["uid"])
        if existing is not None:
            raise ArchiveProblem(f"{source}: this meeting is already in the database (id {existing.id}, "
                                 f"“{existing.title}”); nothing was imported")
        ids = match_people(session, chapter_id, doc["people"], source)
        person = lambda key: None if key is None else ids[key]  # noqa: E731
        day = lambda s: None if s is None else dt.date.fromisoformat(s)  # noqa: E731
        tm = lambda s: None if s is None else dt.time.fromisoformat(s)  # noqa: E731
        approved_at = minutes["approved_at"] or {}
        approved_meeting = repo.by_uid(approved_at["uid"]) if approved_at.get("uid") else None
        meeting = Meeting(
            uid=m["uid"], chapter_id=chapter_id, meeting_type=MeetingType(m["type"]), title=m["title"],
            meeting_date=day(m["date"]), start_time=tm(m["start"]), end_time=tm(m["end"]), venue=m["venue"],
            online_link=m["online_link"], chair_id=person(m["chair"]), minute_taker_id=person(m["minute_taker"]),
            next_meeting=m["next_meeting"], quorum_required=m["quorum_required"],
            minutes_status=MinutesStatus(minutes["status"]), circulated_on=day(minutes["circulated_on"]),
            approved_at_meeting_id=approved_meeting.id if approved_meeting else None,
            approved_at_label=approved_at.get("label", ""), approved_on=day(minutes["approved_on"]),
            approval_corrections=minutes["corrections"], signed_on=day(minutes["signed_on"]),
            signed_by=minutes["signed_by"], fingerprint=minutes["fingerprint"],
            **{f"former_{k}": (m.get("former_attendance") or {}).get(k, 0) for k in ("present", "apologies", "absent")},
            **{f"{role}_erased": True for role in m.get("former_officers") or ()})
        session.add(meeting)
        session.flush()
        numbers: dict[str, int] = {}

        def add_items(items: list[dict[str, Any]], parent_id: int | None, prefix: str) -> None:
            for n, item in enumerate(items, start=1):
                row = AgendaItem(meeting_id=meeting.id, parent_id=parent_id, position=n, kind=ItemKind(item["kind"]),
                                 title=item["title"], presenter=item["presenter"], notes=item["notes"])
                session.add(row)
                session.flush()
                numbers[f"{prefix}{n}"] = row.id
                add_items(item["items"], row.id, f"{prefix}{n}.")

        add_items(m["agenda"], None, "")
        item = lambda number: None if number is None else numbers[number]  # noqa: E731
        for a in m["attendance"]:
            session.add(Attendance(meeting_id=meeting.id, member_id=person(a["person"]),
                                   kind=AttendanceKind(a["kind"]), arrived_at=tm(a["arrived"]), left_at=tm(a["left"])))
        for g in m["guests"]:
            session.add(Guest(meeting_id=meeting.id, name=g))
        for d in m["decisions"]:
            session.add(Decision(meeting_id=meeting.id, item_id=item(d["item"]), number=d["number"], text=d["text"]))
        for x in m["motions"]:
            motion = Motion(meeting_id=meeting.id, item_id=item(x["item"]), number=x["number"], title=x["title"],
                            wording=x["wording"], proposer_id=person(x["proposer"]),
                            seconder_id=person(x["seconder"]), result=MotionResult(x["result"]),
                            vote_summary=VoteSummary(x["vote_summary"]), votes_for=x["votes_for"],
                            votes_against=x["votes_against"], abstentions=x["abstentions"])
            motion.amendments = [Amendment(
                position=a["position"], wording=a["wording"], mover_id=person(a["mover"]),
                seconder_id=person(a["seconder"]), result=MotionResult(a["result"]), votes_for=a["votes_for"],
                votes_against=a["votes_against"], abstentions=a["abstentions"]) for a in x["amendments"]]
            session.add(motion)
        for a in m["actions"]:
            session.add(ActionItem(meeting_id=meeting.id, item_id=item(a["item"]), number=a["number"], what=a["what"],
                                   owner_id=person(a["owner"]), due_on=day(a["due"]),
                                   status=ActionStatus(a["status"]), closed_on=day(a["closed_on"])))
        for a in m["addenda"]:
            session.add(Addendum(meeting_id=meeting.id, text=a["text"], added_on=day(a["added_on"]),
                                 redacted_fingerprint=a.get("redacted_fingerprint", "")))
        try:
            session.flush()
        except Exception as exc:  # a duplicate number or the like: the file contradicts itself
            raise ArchiveProblem(f"{source}: the file contradicts itself ({exc.__class__.__name__}: "
                                 f"{str(exc).splitlines()[0]}); nothing was imported") from None
        session.expire_all()
        return repo.detail(repo.get(meeting.id))
