"""Reading the audit trail (ids first, rows on demand) and erasure's redaction of it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from lien_desktop.db.base import utcnow
from lien_desktop.db.models import AuditEntry, Member
from lien_desktop.db.search_index import search_condition
from lien_desktop.domain.data_protection import ERASED, AuditFilter, AuditRecord


def _conditions(flt: AuditFilter, dialect_name: str = "") -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.chapter_id is not None:
        found.append(or_(AuditEntry.chapter_id == flt.chapter_id, AuditEntry.chapter_id.is_(None)))
    if flt.member_id is not None:
        found.append(AuditEntry.member_id == flt.member_id)
    if flt.text.strip():
        # The readable label, or any entry about a member the text finds (accent-insensitive search),
        # so "Sian" also finds the standing events and consents of Siân.
        about = [AuditEntry.label.ilike(f"%{flt.text.strip()}%")]
        if dialect_name:
            matching = search_condition(flt.text, dialect_name)
            if matching is not None:
                about.append(AuditEntry.member_id.in_(select(Member.id).where(matching)))
        found.append(or_(*about))
    if flt.since is not None:
        found.append(AuditEntry.at >= dt.datetime.combine(flt.since, dt.time()))
    if flt.until is not None:
        found.append(AuditEntry.at < dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time()))
    if flt.action:
        found.append(AuditEntry.action == flt.action)
    if flt.user:
        found.append(or_(AuditEntry.secretary == flt.user, AuditEntry.os_user == flt.user))
    return found


def _loads(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"(unreadable)": text}
    return value if isinstance(value, dict) else {"value": value}


def _fields(text: str) -> tuple[str, ...]:
    try:
        return tuple(str(f) for f in json.loads(text or "[]"))
    except ValueError:
        return ()


class AuditRepository:
    def __init__(self, session: Session):
        self.session = session

    def _select(self, what: Select, flt: AuditFilter) -> Select:
        conditions = _conditions(flt, self.session.get_bind().dialect.name)
        return what.where(and_(*conditions)) if conditions else what

    def ids(self, flt: AuditFilter) -> list[int]:
        """Newest first."""
        statement = self._select(select(AuditEntry.id), flt).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        return list(self.session.scalars(statement))

    def records(self, ids: Iterable[int]) -> dict[int, AuditRecord]:
        wanted = list(ids)
        result: dict[int, AuditRecord] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            statement = (select(AuditEntry, Member.confidential)
                         .outerjoin(Member, Member.id == AuditEntry.member_id)
                         .where(AuditEntry.id.in_(chunk)))
            for entry, confidential in self.session.execute(statement):
                result[entry.id] = AuditRecord(
                    id=entry.id, at=entry.at, secretary=entry.secretary, os_user=entry.os_user,
                    table=entry.table_name, record_id=entry.record_id, member_id=entry.member_id,
                    label=entry.label, action=entry.action, fields=_fields(entry.fields),
                    before=_loads(entry.before_values), after=_loads(entry.after_values), detail=entry.detail,
                    redacted=entry.redacted_at is not None, confidential=bool(confidential),
                )
        return result

    def users(self, chapter_id: int | None = None) -> list[str]:
        flt = AuditFilter(chapter_id=chapter_id)
        names: set[str] = set()
        for column in (AuditEntry.secretary, AuditEntry.os_user):
            names.update(n for n in self.session.scalars(self._select(select(column).distinct(), flt)) if n)
        return sorted(names, key=str.lower)

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(AuditEntry.id))) or 0)

    def entry_ids_about(self, member_id: int) -> list[int]:
        """The ids of the entries about one member, oldest first."""
        return list(self.session.scalars(select(AuditEntry.id).where(AuditEntry.member_id == member_id)
                                         .order_by(AuditEntry.at, AuditEntry.id)))

    def status_changes(self, member_ids: Iterable[int]) -> dict[int, dt.datetime]:
        """When each member's LIEN status last changed, as far as the trail knows."""
        wanted = list(member_ids)
        found: dict[int, dt.datetime] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            statement = (select(AuditEntry.member_id, AuditEntry.at, AuditEntry.after_values)
                         .where(AuditEntry.table_name == "members", AuditEntry.member_id.in_(chunk),
                                AuditEntry.action.in_(("insert", "update")),
                                AuditEntry.fields.like('%"status"%'))
                         .order_by(AuditEntry.at))
            for member_id, at, after in self.session.execute(statement):
                if "status" in _loads(after):
                    found[member_id] = at  # ordered by time: the last one wins
        return found

    def redact_member(self, member_id: int) -> int:
        """Replace every value about this person with "[erased]" and unlink the entries from them.

        Field names and the fact of each change stay (they are not personal data); the values, the
        readable label and the link to the person go.
        """
        entries = list(self.session.execute(
            select(AuditEntry.id, AuditEntry.before_values, AuditEntry.after_values)
            .where(AuditEntry.member_id == member_id)))
        now = utcnow()
        for entry_id, before, after in entries:
            self.session.execute(
                update(AuditEntry).where(AuditEntry.id == entry_id).values(
                    member_id=None, label=ERASED, redacted_at=now, detail="",
                    before_values=json.dumps({k: ERASED for k in _loads(before)}),
                    after_values=json.dumps({k: ERASED for k in _loads(after)}),
                ))
        return len(entries)

    def redact_text(self, tables: Iterable[str], needles: Iterable[str], replacement: str) -> int:
        """Replace the person's name (etc.) inside the values of entries about *other* records (minutes
        text that mentions them), e.g. needles ("Siân Jones", "Sian Jones"), replacement "a former member".

        Only entries of the given tables whose values contain a needle are touched; each is marked
        redacted (the SQLite trigger allows exactly that; again for an entry already redacted, since one
        text may name two people erased in turn: migration 0006). Case-insensitive for ASCII letters.
        Returns how many entries changed.
        """
        wanted = [n for n in dict.fromkeys(needles) if n and len(n.strip()) >= 3]
        if not wanted:
            return 0
        pattern = re.compile("|".join(re.escape(n) for n in sorted(wanted, key=len, reverse=True)), re.IGNORECASE)
        statement = select(AuditEntry.id, AuditEntry.before_values, AuditEntry.after_values, AuditEntry.detail).where(
            AuditEntry.table_name.in_(list(tables)),  # already redacted for another person: again
            or_(*(or_(AuditEntry.before_values.contains(n), AuditEntry.after_values.contains(n),
                      AuditEntry.detail.contains(n),
                      AuditEntry.before_values.contains(json.dumps(n)[1:-1]),
                      AuditEntry.after_values.contains(json.dumps(n)[1:-1])) for n in wanted)))
        changed = 0
        now = utcnow()
        for entry_id, before, after, detail in self.session.execute(statement).all():
            def scrub(values: str) -> str:
                plain = {k: pattern.sub(replacement, v) if isinstance(v, str) else v for k, v in _loads(values).items()}
                return json.dumps(plain, ensure_ascii=False, sort_keys=True)

            self.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(
                member_id=None, label=ERASED, redacted_at=now, before_values=scrub(before),
                after_values=scrub(after), detail=pattern.sub(replacement, detail or "")))
            changed += 1
        return changed
