"""The audit trail, written automatically: every ORM change to an audited model becomes an audit row.

How: an `after_flush` listener on the Database's sessions (installed by `install`) looks at the
session's new, changed and deleted objects whose class was opted in with `audited(...)`, and inserts
one `audit_log` row per object on the same connection, inside the same transaction. So an audit entry
exists if and only if the change committed: a rollback takes both away.

Opting a model in is one line, naming the class or, for a model loaded only when first used (the
meetings'), its table:

    audited("meeting_attendance", member_id=lambda a: a.member_id,
            label=lambda a: f"attendance, meeting {a.meeting_id}")

Bulk Core inserts (`session.execute(insert(...))`: the demo, the spreadsheet importer) bypass ORM
events. They must call `record_bulk(session, action, table, count, detail)` once, in the same
transaction, so the trail says that many rows were written, when and by whom.

Erasure runs with `suppressed(session)` (its own deletions must not copy the person's data into new
audit rows) and writes one `record_erasure` entry holding no personal data.
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from lien_desktop.db.base import utcnow
from lien_desktop.db import models
from lien_desktop.db.models.chapters import Chapter
from lien_desktop.db.models.members import Member, MemberConsent, OfficerPost, StandingEvent
from lien_desktop.domain.audit_actions import AuditAction

SECRETARY_KEY = "secretary_name"
_SUPPRESS = "lien_audit_suppressed"
_SECRETARY_CACHE = "lien_audit_secretary"


@dataclass(frozen=True, slots=True)
class AuditSpec:
    table: str
    member_id: Callable[[object], int | None]
    label: Callable[[object], str]
    chapter_id: Callable[[object], int | None] | None = None
    ignore: frozenset[str] = frozenset()
    # relationship name -> how one related object is written (e.g. a tag by its name)
    collections: dict[str, Callable[[object], object]] = field(default_factory=dict)


# Keyed by table name, not class: a model module loaded after this one (the meetings', see
# db/models/__init__.py) is audited from its first change without this module importing it.
_SPECS: dict[str, AuditSpec] = {}


def audited(model: type | str, *, member_id: Callable[[object], int | None] | None = None,
            label: Callable[[object], str] | None = None, chapter_id: Callable[[object], int | None] | None = None,
            ignore: tuple[str, ...] = (), collections: dict[str, Callable[[object], object]] | None = None) -> None:
    """Opt a mapped class (or its table, by name) in: its inserts, updates and deletes through the ORM are
    audited."""
    table = model if isinstance(model, str) else model.__table__.name  # type: ignore[attr-defined]
    _SPECS[table] = AuditSpec(
        table=table,
        member_id=member_id or (lambda obj: getattr(obj, "member_id", None)),
        label=label or (lambda obj: table),
        chapter_id=chapter_id,
        ignore=frozenset(ignore),
        collections=dict(collections or {}),
    )


def _spec_of(obj: object) -> AuditSpec | None:
    return _SPECS.get(getattr(type(obj), "__tablename__", ""))


def is_audited(model: type) -> bool:
    return getattr(model, "__tablename__", "") in _SPECS


def current_os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers): the trail still works
        return ""


def to_plain(value: object) -> object:
    """A value as JSON can hold it (dates as ISO text, enums by value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_plain(v) for v in value]
    return value


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _secretary(session: Session) -> str:
    if _SECRETARY_CACHE not in session.info:
        preference = models.Preference
        row = session.connection().execute(
            select(preference.value).where(preference.key == SECRETARY_KEY)).first()
        session.info[_SECRETARY_CACHE] = row[0] if row else ""
    return session.info[_SECRETARY_CACHE]


def _who(session: Session) -> dict[str, object]:
    return {"at": utcnow(), "secretary": _secretary(session), "os_user": current_os_user()}


def _record_id(obj: object) -> str:
    state = inspect(obj)
    key = state.mapper.primary_key_from_instance(obj)
    return ",".join("" if v is None else str(v) for v in key)


def _columns(obj: object, spec: AuditSpec) -> list[str]:
    mapper = inspect(obj).mapper
    return [a.key for a in mapper.column_attrs if a.key not in spec.ignore]


def _snapshot(obj: object, spec: AuditSpec, *, load: bool) -> dict[str, object]:
    """All audited values of an object: loaded as needed (before a flush) or as held (after one)."""
    state = inspect(obj)

    def value(key: str) -> object:
        return getattr(obj, key) if load else state.dict.get(key)

    values = {key: to_plain(value(key)) for key in _columns(obj, spec)}
    for name, show in spec.collections.items():
        values[name] = sorted((to_plain(show(o)) for o in (value(name) or ())), key=str)
    return values


def _changes(obj: object, spec: AuditSpec) -> tuple[dict[str, object], dict[str, object]]:
    state = inspect(obj)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for key in _columns(obj, spec):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        before[key], after[key] = to_plain(old), to_plain(new)
    for name, show in spec.collections.items():
        history = state.attrs[name].history
        if not (history.added or history.deleted):
            continue
        unchanged = [to_plain(show(o)) for o in history.unchanged]
        old_list = sorted(unchanged + [to_plain(show(o)) for o in history.deleted], key=str)
        new_list = sorted(unchanged + [to_plain(show(o)) for o in history.added], key=str)
        if old_list != new_list:
            before[name], after[name] = old_list, new_list
    return before, after


def _chapter_of(session: Session, obj: object, spec: AuditSpec, member_id: int | None) -> int | None:
    if spec.chapter_id is not None:
        return spec.chapter_id(obj)
    if member_id is None:
        return None
    cache: dict[int, int | None] = session.info.setdefault("lien_audit_chapters", {})
    if member_id not in cache:
        cache[member_id] = session.connection().execute(
            select(Member.chapter_id).where(Member.id == member_id)).scalar()
    return cache[member_id]


def _row(session: Session, obj: object, spec: AuditSpec, action: AuditAction,
         before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    member_id = spec.member_id(obj)
    return {
        "chapter_id": _chapter_of(session, obj, spec, member_id),
        "member_id": member_id,
        "table_name": spec.table,
        "record_id": _record_id(obj),
        "label": spec.label(obj)[:300],
        "action": action.value,
        "fields": _json(sorted(set(before) | set(after))),
        "before_values": _json(before),
        "after_values": _json(after),
        "detail": "",
    }


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    # Deleted objects are described now, while everything about them can still be loaded.
    if session.info.get(_SUPPRESS):
        return
    pending = session.info.setdefault("lien_audit_deleted", {})
    for obj in list(session.deleted):
        spec = _spec_of(obj)
        if spec is not None:
            pending[id(obj)] = (obj, _snapshot(obj, spec, load=True))


def _deleted_in_flush(session: Session, context: object) -> list[object]:
    """Objects deleted by this flush: explicitly, by cascade, and orphans removed from a collection.

    session.deleted alone misses the last two; the unit of work's states (isdelete, listonly) has all.
    """
    found = {id(o): o for o in session.deleted}
    for state, (isdelete, listonly) in getattr(context, "states", {}).items():
        obj = state.obj()
        if isdelete and not listonly and obj is not None:
            found.setdefault(id(obj), obj)
    return list(found.values())


def _after_flush(session: Session, context: object) -> None:
    if session.info.get(_SUPPRESS):
        session.info.pop("lien_audit_deleted", None)
        return
    rows: list[dict[str, object]] = []
    deleted = _deleted_in_flush(session, context)
    deleted_ids = {id(o) for o in deleted}
    for obj in session.new:
        spec = _spec_of(obj)
        if spec is not None:
            rows.append(_row(session, obj, spec, AuditAction.INSERT, {}, _snapshot(obj, spec, load=False)))
    for obj in session.dirty:
        spec = _spec_of(obj)
        if spec is None or id(obj) in deleted_ids:
            continue
        before, after = _changes(obj, spec)
        if before or after:
            rows.append(_row(session, obj, spec, AuditAction.UPDATE, before, after))
    described = session.info.pop("lien_audit_deleted", {})
    for obj in deleted:
        spec = _spec_of(obj)
        if spec is not None:
            _, snapshot = described.get(id(obj), (obj, None))
            rows.append(_row(session, obj, spec, AuditAction.DELETE, snapshot or _snapshot(obj, spec, load=False), {}))
    if rows:
        who = _who(session)
        session.connection().execute(insert(models.AuditEntry.__table__), [{**who, **r} for r in rows])


def _after_end(session: Session, _transaction: object) -> None:
    session.info.pop(_SECRETARY_CACHE, None)
    session.info.pop("lien_audit_chapters", None)


def install(sessions: sessionmaker) -> None:
    """Audit every session this factory makes."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_transaction_end", _after_end)


@contextmanager
def suppressed(session: Session) -> Iterator[None]:
    """Changes in this block write no automatic audit rows (erasure only: see record_erasure)."""
    session.flush()
    session.info[_SUPPRESS] = True
    try:
        yield
        session.flush()
    finally:
        session.info.pop(_SUPPRESS, None)


def record_bulk(session: Session, action: str, table: str, count: int, detail: str = "",
                chapter_id: int | None = None) -> None:
    """One audit entry for rows written with Core (bulk insert/update): call it in the same transaction."""
    session.connection().execute(insert(models.AuditEntry.__table__), [{
        **_who(session), "chapter_id": chapter_id, "member_id": None, "table_name": table, "record_id": "",
        "label": f"{count} {table} row{'s' if count != 1 else ''}", "action": action,
        "fields": "[]", "before_values": "{}", "after_values": "{}", "detail": detail[:5000],
    }])


def record_erasure(session: Session, member_id: int, chapter_id: int | None, detail: str) -> None:
    """The one trace an erasure leaves: when, by whom, which id. No personal data."""
    session.connection().execute(insert(models.AuditEntry.__table__), [{
        **_who(session), "chapter_id": chapter_id, "member_id": None, "table_name": "members",
        "record_id": str(member_id), "label": "[erased]", "action": AuditAction.ERASE.value,
        "fields": "[]", "before_values": "{}", "after_values": "{}", "detail": detail,
    }])


# --- the register's audited models -----------------------------------------------------------------


def _member_label(m: object) -> str:
    first = getattr(m, "preferred_name", "") or getattr(m, "first_name", "")
    return f"{first} {getattr(m, 'last_name', '')}".strip() or f"member {getattr(m, 'id', '')}"


audited(Member, member_id=lambda m: m.id, label=_member_label, chapter_id=lambda m: m.chapter_id,
        ignore=("search_text", "name_key", "updated_at", "created_at"), collections={"tags": lambda t: t.name})
audited(StandingEvent, label=lambda e: f"standing event {to_plain(e.kind)} on {to_plain(e.event_date)}")
audited(OfficerPost, label=lambda p: f"officer post {p.title}")
audited(MemberConsent, label=lambda c: f"consent ({to_plain(c.channel)})")
audited("member_data_protection", label=lambda r: "lawful basis")
audited(Chapter, member_id=lambda c: None, label=lambda c: f"chapter {c.name}", chapter_id=lambda c: c.id)
audited("preferences", member_id=lambda p: None, label=lambda p: f"preference {p.key}", chapter_id=lambda p: None)


# --- the meetings' audited models ------------------------------------------------------------------
# Labels name records by number and meeting id only, never by free text (a name in a note would be
# copied into the label, which erasure's text redaction could then not reach).

_NONE = lambda _obj: None  # noqa: E731 - minutes content is about the meeting, not one member

audited("meetings", member_id=_NONE, label=lambda m: f"meeting {m.id} of {to_plain(m.meeting_date)}",
        chapter_id=lambda m: m.chapter_id, ignore=("created_at", "updated_at"))
audited("agenda_items", member_id=_NONE, label=lambda i: f"agenda item, meeting {i.meeting_id}")
audited("meeting_attendance", member_id=lambda a: a.member_id, label=lambda a: f"attendance, meeting {a.meeting_id}")
audited("meeting_guests", member_id=_NONE, label=lambda g: f"guest, meeting {g.meeting_id}")
audited("meeting_decisions", member_id=_NONE, label=lambda d: f"decision {d.number}, meeting {d.meeting_id}")
audited("motions", member_id=_NONE, label=lambda m: f"motion M{m.number}, meeting {m.meeting_id}")
audited("motion_amendments", member_id=_NONE, label=lambda a: f"amendment {a.position} to motion {a.motion_id}")
audited("action_items", member_id=lambda a: a.owner_id, label=lambda a: f"action A{a.number}, meeting {a.meeting_id}")
audited("minutes_addenda", member_id=_NONE, label=lambda a: f"minutes addendum, meeting {a.meeting_id}")
audited("chapter_settings", member_id=_NONE, label=lambda c: "chapter settings (quorum)",
        chapter_id=lambda c: c.chapter_id)

# The tables whose audit entries may quote minutes text (erasure scrubs names from them); by name, as
# above (tests/test_cold_start_imports.py checks them against the meeting models).
MEETINGS_TABLES = ("meetings", "agenda_items", "meeting_attendance", "meeting_guests", "meeting_decisions",
                   "motions", "motion_amendments", "action_items", "minutes_addenda", "chapter_settings")
