"""A meeting as a JSON archive file: export, import (into this or another database), and the canonical
content that the signed minutes' fingerprint is taken from.

The format (``format_version`` 1), UTF-8 JSON, one meeting per file::

    {
      "format": "lien-desktop/meeting",
      "format_version": 1,                 # a reader refuses a version newer than it knows
      "exported_at": "2026-11-29T23:30:00", "app_version": "0.1.0",
      "chapter": "Leeds Central LIEN",      # informative; the import goes into the chosen chapter
      "people": {                           # every member the meeting mentions, by a local key
        "p1": {"first_name": "Siân", "last_name": "Evans", "preferred_name": "", "email": "...",
               "labour_membership_number": "L1234567", "confidential": false}
      },
      "meeting": {
        "uid": "UUID", "type": "general|committee|agm|special|public", "title": "...",
        "date": "2026-03-12", "start": "19:00"|null, "end": "21:00"|null, "venue": "", "online_link": "",
        "chair": "p1"|null, "minute_taker": "p2"|null, "next_meeting": "", "quorum_required": 5,
        "agenda": [{"title": "...", "kind": "ordinary|apologies|previous_minutes|matters_arising|motions|
                    next_meeting", "presenter": "", "notes": "", "items": [ ...sub-items, same shape... ]}],
        "attendance": [{"person": "p1", "kind": "present|apologies|absent", "arrived": "19:40"|null,
                        "left": null}],
        "guests": ["name", ...],
        "former_attendance": {"present": 1, "apologies": 0, "absent": 0},   # optional, after an erasure
        "former_officers": ["chair", "minute_taker"],   # optional: roles whose holder was erased (null above)
        "decisions": [{"number": 1, "item": "5.1"|null, "text": "..."}],
        "motions": [{"number": 1, "item": "6"|null, "title": "", "wording": "...", "proposer": "p1",
                     "seconder": "p2", "result": "pending|carried|fallen|withdrawn|remitted|referred",
                     "vote_summary": "counted|unanimous|nem_con", "votes_for": 12|null,
                     "votes_against": 3|null, "abstentions": 1|null,
                     "amendments": [{"position": 1, "wording": "...", "mover": "p3", "seconder": "p4",
                                     "result": "...", "votes_for": null, "votes_against": null,
                                     "abstentions": null}]}],
        "actions": [{"number": 1, "item": "4"|null, "what": "...", "owner": "p1", "due": "2026-04-01"|null,
                     "status": "open|done|dropped", "closed_on": null}],
        "minutes": {"status": "draft|circulated|approved|signed", "circulated_on": null,
                    "approved_at": {"uid": "UUID"|null, "label": "the meeting of 09/04/2026"}|null,
                    "approved_on": null, "corrections": "", "signed_on": null, "signed_by": "",
                    "fingerprint": ""},
        "addenda": [{"text": "...", "added_on": "2026-05-01",
                     "redacted_fingerprint": ""}]     # optional; set by an erasure (see below)
      }
    }

Items are referred to by their printed number ("5.1"). Members are matched in the receiving database by
a stable key: the Labour membership number when the file has one, else the email address (case-folded),
else the folded first and last name; each must match exactly one member of the chapter, or the import is
refused. The fingerprint of signed minutes is SHA-256 over `canonical_content` of the meeting: everything
above except "minutes", "addenda" and the follow-through of actions (status, closed_on), with people
written as their names. An import recomputes it from the file and refuses a file altered after signing.

Erasure (UK GDPR Art. 17) writes a person who was erased as null (proposer, seconder, mover, owner,
chair, minute_taker; they are no longer in "people") and replaces their name in the texts with "a
former member". Signed minutes keep their signature and fingerprint; the erasure adds an addendum whose
"redacted_fingerprint" is the fingerprint of the redacted content: a file whose content matches it is
"redacted after signing, see addendum" (domain.meeting_documents.SignatureCheck) and imports.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lien_desktop import __version__
from lien_desktop.db.engine import Database
from lien_desktop.db.models import Meeting, Member
from lien_desktop.db.repositories.meetings import MeetingRepository, member_name
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import NotFoundError
from lien_desktop.domain.meetings import ItemPlace, canonical_fingerprint, number_items
from lien_desktop.domain.text import fold

FORMAT = "lien-desktop/meeting"
FORMAT_VERSION = 1
PERSON_FIELDS = ("first_name", "last_name", "preferred_name", "email", "labour_membership_number", "confidential")


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def meeting_to_dict(repo: MeetingRepository, meeting: Meeting) -> dict[str, Any]:
    """The archive document of one meeting (see the module docstring)."""
    keys: dict[int, str] = {}
    people: dict[str, dict[str, Any]] = {}

    def person(member_id: int | None) -> str | None:
        if member_id is None:
            return None
        if member_id not in keys:
            member = repo.session.get(Member, member_id)
            assert member is not None
            keys[member_id] = f"p{len(keys) + 1}"
            people[keys[member_id]] = {f: getattr(member, f) for f in PERSON_FIELDS}
        return keys[member_id]

    # Attendance in name order, so that the same meeting exports the same from any database.
    names = {a.member_id: fold(member_name(repo.session.get(Member, a.member_id))) for a in meeting.attendance}
    numbering = {i: n for i, n, _ in number_items(ItemPlace(x.id, x.parent_id, x.position) for x in meeting.items)}

    def items_under(parent_id: int | None) -> list[dict[str, Any]]:
        children = sorted((i for i in meeting.items if i.parent_id == parent_id), key=lambda i: (i.position, i.id))
        return [{"title": i.title, "kind": i.kind.value, "presenter": i.presenter, "notes": i.notes,
                 "items": items_under(i.id)} for i in children]

    def votes(row: Any) -> dict[str, Any]:
        return {"votes_for": row.votes_for, "votes_against": row.votes_against, "abstentions": row.abstentions}

    approved_at = None
    if meeting.approved_at_meeting_id or meeting.approved_at_label:
        other = repo.session.get(Meeting, meeting.approved_at_meeting_id) if meeting.approved_at_meeting_id else None
        approved_at = {"uid": other.uid if other else None, "label": meeting.approved_at_label}
    body = {
        "uid": meeting.uid, "type": meeting.meeting_type.value, "title": meeting.title,
        "date": _date(meeting.meeting_date), "start": _time(meeting.start_time), "end": _time(meeting.end_time),
        "venue": meeting.venue, "online_link": meeting.online_link, "chair": person(meeting.chair_id),
        "minute_taker": person(meeting.minute_taker_id), "next_meeting": meeting.next_meeting,
        "quorum_required": meeting.quorum_required,
        "agenda": items_under(None),
        "attendance": [{"person": person(a.member_id), "kind": a.kind.value, "arrived": _time(a.arrived_at),
                        "left": _time(a.left_at)} for a in sorted(meeting.attendance, key=lambda a: names[a.member_id])],
        "guests": [g.name for g in meeting.guests],
        **_former_attendance(meeting),
        **_former_officers(meeting),
        "decisions": [{"number": d.number, "item": numbering.get(d.item_id), "text": d.text}  # type: ignore[arg-type]
                      for d in meeting.decisions],
        "motions": [{"number": m.number, "item": numbering.get(m.item_id), "title": m.title,  # type: ignore[arg-type]
                     "wording": m.wording, "proposer": person(m.proposer_id), "seconder": person(m.seconder_id),
                     "result": m.result.value, "vote_summary": m.vote_summary.value, **votes(m),
                     "amendments": [{"position": a.position, "wording": a.wording, "mover": person(a.mover_id),
                                     "seconder": person(a.seconder_id), "result": a.result.value, **votes(a)}
                                    for a in m.amendments]} for m in meeting.motions],
        "actions": [{"number": a.number, "item": numbering.get(a.item_id), "what": a.what,  # type: ignore[arg-type]
                     "owner": person(a.owner_id), "due": _date(a.due_on), "status": a.status.value,
                     "closed_on": _date(a.closed_on)} for a in meeting.actions],
        "minutes": {"status": meeting.minutes_status.value, "circulated_on": _date(meeting.circulated_on),
                    "approved_at": approved_at, "approved_on": _date(meeting.approved_on),
                    "corrections": meeting.approval_corrections, "signed_on": _date(meeting.signed_on),
                    "signed_by": meeting.signed_by, "fingerprint": meeting.fingerprint},
        "addenda": [{"text": a.text, "added_on": _date(a.added_on), "redacted_fingerprint": a.redacted_fingerprint}
                    for a in meeting.addenda],
    }
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(), "app_version": __version__,
            "chapter": repo.chapter_name(meeting.chapter_id), "people": people, "meeting": body}


def _former_attendance(meeting: Meeting) -> dict[str, Any]:
    """Counts of people since erased, by kind; only written when there are any (older files lack it)."""
    counts = {"present": meeting.former_present or 0, "apologies": meeting.former_apologies or 0,
              "absent": meeting.former_absent or 0}
    return {"former_attendance": counts} if any(counts.values()) else {}


def _former_officers(meeting: Meeting) -> dict[str, Any]:
    """The roles (chair, minute_taker) whose holder was erased; only written when there are any."""
    roles = [role for role, erased in (("chair", meeting.chair_erased), ("minute_taker", meeting.minute_taker_erased))
             if erased]
    return {"former_officers": roles} if roles else {}


def canonical_content(document: dict[str, Any]) -> dict[str, Any]:
    """What the signature covers: the meeting without its lifecycle, addenda and action follow-through,
    with each person written as their name (so the content reads the same in any database)."""
    people = document["people"]

    def name(key: str | None) -> str | None:
        if key is None:
            return None
        p = people[key]
        return f"{p.get('preferred_name') or p.get('first_name', '')} {p.get('last_name', '')}".strip()

    m = document["meeting"]
    return {
        **{k: m[k] for k in ("uid", "type", "title", "date", "start", "end", "venue", "online_link",
                             "next_meeting", "quorum_required", "agenda", "guests", "decisions")},
        **({"former_attendance": m["former_attendance"]} if m.get("former_attendance") else {}),
        **({"former_officers": m["former_officers"]} if m.get("former_officers") else {}),
        "chair": name(m["chair"]), "minute_taker": name(m["minute_taker"]),
        "attendance": sorted(({**a, "person": name(a["person"])} for a in m["attendance"]),
                             key=lambda a: (a["person"] or "", a["kind"])),
        "motions": [{**x, "proposer": name(x["proposer"]), "seconder": name(x["seconder"]),
                     "amendments": [{**a, "mover": name(a["mover"]), "seconder": name(a["seconder"])}
                                    for a in x["amendments"]]} for x in m["motions"]],
        "actions": [{"number": a["number"], "item": a["item"], "what": a["what"], "owner": name(a["owner"]),
                     "due": a["due"]} for a in m["actions"]],
    }


def fingerprint_of(document: dict[str, Any]) -> str:
    return canonical_fingerprint(canonical_content(document))


class ArchiveService:
    def __init__(self, database: Database):
        self.database = database

    def to_dict(self, meeting_id: int) -> dict[str, Any]:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            return meeting_to_dict(repo, repo.get(meeting_id))

    def export(self, meeting_id: int, path: str | Path) -> Path:
        """Write the archive file whole (to a temporary name, then renamed) so it is never half-written."""
        document = self.to_dict(meeting_id)
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        partial.replace(target)
        return target

    def import_file(self, path: str | Path, chapter_id: int) -> v.MeetingDetail:
        from lien_desktop.services.meeting_import import import_document, read_document

        document = read_document(Path(path))
        return import_document(self.database, document, chapter_id, source=Path(path).name)


def find_meeting(database: Database, wanted: str | int) -> int:
    """A meeting id from an id or a uid."""
    with database.reading() as session:
        repo = MeetingRepository(session)
        text = str(wanted).strip()
        if text.isdigit():
            return repo.get(int(text)).id
        found = repo.by_uid(text)
        if found is None:
            raise NotFoundError(f"there is no meeting “{text}”")
        return found.id
