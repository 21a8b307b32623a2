"""Database side of imports: bulk inserts of members (Core executemany), updates that keep the values
they replace, the import history and remembered column mappings. Runs inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from lien_desktop.db.models import (
    ColumnMappingMemory,
    ImportedMember,
    ImportRecord,
    Member,
    MemberConsent,
    MemberTag,
    OfficerPost,
    StandingEvent,
    Tag,
)
from lien_desktop.db.bulk_members import BulkMemberWriter
from lien_desktop.domain.members import (
    MEMBER_FIELDS,
    ConsentChannel,
    MemberStatus,
    StandingEvent as StandingFact,
    StandingKind,
    current_standing,
)
from lien_desktop.domain.search import member_name_key, member_search_text

BATCH = 5000  # rows per statement for the other bulk writes
_CONSENT_DATES = {f"consent_{c.value}_date" for c in ConsentChannel}
_DATE_FIELDS = {"joined_on", "standing_since", *_CONSENT_DATES}


def to_json_values(values: Mapping[str, object]) -> str:
    plain: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            plain[name] = value.isoformat()
        elif isinstance(value, MemberStatus):
            plain[name] = value.value
        elif isinstance(value, tuple):
            plain[name] = list(value)
        else:
            plain[name] = value
    return json.dumps(plain, ensure_ascii=False)


def from_json_values(text: str) -> dict[str, object]:
    values: dict[str, object] = json.loads(text or "{}")
    for name in list(values):
        if name in _DATE_FIELDS and values[name]:
            values[name] = dt.date.fromisoformat(str(values[name]))
        elif name == "status":
            values[name] = MemberStatus(str(values[name]))
        elif name == "tags":
            values[name] = tuple(values[name])  # type: ignore[arg-type]
        elif name == "standing" and values[name]:
            values[name] = StandingKind(str(values[name]))
    return values


class ImportRepository:
    def __init__(self, session: Session):
        self.session = session

    # --- the register as it is ------------------------------------------------------------------

    def member_values(self, chapter_id: int) -> dict[int, dict[str, object]]:
        """Every (not removed) member of the chapter: id -> own fields and tags, for duplicate checks."""
        columns = [Member.id, *(getattr(Member, n) for n in MEMBER_FIELDS)]
        result: dict[int, dict[str, object]] = {}
        statement = select(*columns).where(Member.chapter_id == chapter_id, Member.removed_at.is_(None))
        for row in self.session.execute(statement):
            values = dict(row._mapping)
            result[int(values.pop("id"))] = values
        tag_rows = self.session.execute(
            select(MemberTag.member_id, Tag.name).join(Tag, Tag.id == MemberTag.tag_id)
            .where(Tag.chapter_id == chapter_id).order_by(Tag.name))
        for member_id, name in tag_rows:
            if member_id in result:
                result[member_id]["tags"] = (*result[member_id].get("tags", ()), name)  # type: ignore[misc]
        self._add_standing_and_consents(chapter_id, result)
        return result

    def _add_standing_and_consents(self, chapter_id: int, result: dict[int, dict[str, object]]) -> None:
        """The current Labour standing and its date, and each channel's consent as an export shows it, so
        that a file saying the same merges without a change (and a different standing goes to review)."""
        in_chapter = select(Member.id).where(Member.chapter_id == chapter_id, Member.removed_at.is_(None))
        standings = self.session.execute(
            select(Member.id, Member.standing, func.max(StandingEvent.event_date))
            .join(StandingEvent, StandingEvent.member_id == Member.id)
            .where(Member.id.in_(in_chapter)).group_by(Member.id, Member.standing))
        for member_id, kind, since in standings:
            if member_id in result and kind is not None:
                result[member_id].update(standing=kind, standing_since=since)
        consents = self.session.execute(
            select(MemberConsent.member_id, MemberConsent.channel, MemberConsent.granted, MemberConsent.recorded_on,
                   MemberConsent.withdrawn_on).where(MemberConsent.member_id.in_(in_chapter)))
        for member_id, channel, granted, recorded_on, withdrawn_on in consents:
            if member_id in result:
                text = "Withdrawn" if withdrawn_on is not None else ("Yes" if granted else "No")
                result[member_id][f"consent_{channel.value}"] = text
                result[member_id][f"consent_{channel.value}_date"] = withdrawn_on or recorded_on

    def member_values_of(self, member_id: int) -> dict[str, object] | None:
        columns = [getattr(Member, n) for n in MEMBER_FIELDS]
        row = self.session.execute(select(*columns).where(Member.id == member_id)).first()
        if row is None:
            return None
        values = dict(row._mapping)
        values["tags"] = tuple(self.session.scalars(select(Tag.name).join(MemberTag, MemberTag.tag_id == Tag.id)
                                                    .where(MemberTag.member_id == member_id).order_by(Tag.name)))
        return values

    def register_stamp(self, chapter_id: int) -> tuple[object, ...]:
        """Changes whenever a member of the chapter is added, edited or removed (cheap to compare)."""
        row = self.session.execute(select(func.count(Member.id), func.max(Member.id), func.max(Member.updated_at),
                                          func.max(Member.removed_at)).where(Member.chapter_id == chapter_id)).one()
        return tuple(row)

    # --- writing ---------------------------------------------------------------------------------

    def add_record(self, chapter_id: int, file_name: str, sheet: str, checksum: str, now: dt.datetime) -> int:
        record = ImportRecord(chapter_id=chapter_id, file_name=file_name[:260], sheet=sheet[:200], checksum=checksum,
                              imported_at=now)
        self.session.add(record)
        self.session.flush()
        return record.id

    def finish_record(self, import_id: int, counts: Mapping[str, int], created: list[int]) -> None:
        self.session.execute(update(ImportRecord).where(ImportRecord.id == import_id).values(
            first_created_id=created[0] if created else None, last_created_id=created[-1] if created else None,
            rows_read=counts["read"], imported=counts["imported"], updated=counts["updated"],
            skipped=counts["skipped"], duplicates=counts["duplicates"], warnings=counts["warnings"],
            errors=counts["errors"]))

    def insert_members(self, chapter_id: int, import_id: int, rows: list[tuple[int, dict[str, object]]],
                       now: dt.datetime, check: Callable[[int], None]) -> list[int]:
        """Bulk insert (row, values) pairs; returns the new (consecutive) ids in order, indexed for search."""
        next_id = int(self.session.scalar(select(func.coalesce(func.max(Member.id), 0))) or 0) + 1
        ids: list[int] = []
        tag_links: list[tuple[int, tuple[str, ...]]] = []
        if not rows:
            return ids
        writer = BulkMemberWriter(self.session.connection(),
                                  {"chapter_id": chapter_id, "created_at": now, "updated_at": now}, _DEFAULTS,
                                  rows=len(rows), rows_before=next_id - 1)
        try:
            for done, (_row, values) in enumerate(rows, start=1):
                member_id = next_id
                next_id += 1
                # The search text and name key read the row's own values (a field absent is blank).
                if writer.add(member_id, values, member_search_text(values), member_name_key(values)):
                    check(done)
                if values.get("tags"):
                    tag_links.append((member_id, values["tags"]))  # type: ignore[arg-type]
                ids.append(member_id)
            writer.finish()
        finally:
            writer.close()  # also on a cancel: nothing may still be writing when the transaction ends
        if tag_links:
            self._link_tags(chapter_id, tag_links)
        extras = [(member_id, values) for member_id, (_row, values) in zip(ids, rows, strict=True)
                  if not _EXTRA_KEYS.isdisjoint(values)]
        if extras:
            self._write_extras(extras, now, new_members=True)
        return ids

    def _write_extras(self, members: list[tuple[int, Mapping[str, object]]], now: dt.datetime, *,
                      new_members: bool) -> None:
        """What a row says beyond the member's own fields: a standing event (appended to the timeline,
        never replacing one), each channel's consent, and (for new members) current officer posts."""
        events, consents, consent_gone, titles = [], [], [], []
        for member_id, values in members:
            if values.get("standing") and values.get("standing_since"):
                events.append({"member_id": member_id, "kind": values["standing"],
                               "event_date": values["standing_since"], "note": "", "recorded_at": now})
            for channel in ConsentChannel:
                name = f"consent_{channel.value}"
                if name not in values:
                    continue
                text_value, day = values[name], values.get(f"{name}_date")
                if not text_value:  # blank in a new row: nothing known; blank in an undo: there was no record
                    if not new_members:
                        consent_gone.append((member_id, channel))
                    continue
                withdrawn = text_value == "Withdrawn"
                consents.append({"member_id": member_id, "channel": channel, "granted": text_value != "No",
                                 "recorded_on": None if withdrawn else day, "withdrawn_on": day if withdrawn else None,
                                 "source": "spreadsheet import"})
            if new_members:
                titles.extend({"member_id": member_id, "title": t} for t in values.get("officer_posts") or ())
        changed_consents = {(c["member_id"], c["channel"]) for c in consents} | set(consent_gone)
        for member_id, channel in () if new_members else changed_consents:  # set_consent semantics: one row per member and channel
            self.session.execute(delete(MemberConsent).where(MemberConsent.member_id == member_id,
                                                             MemberConsent.channel == channel))
        for table, rows in ((StandingEvent.__table__, events), (MemberConsent.__table__, consents),
                            (OfficerPost.__table__, titles)):
            for start in range(0, len(rows), BATCH):
                self.session.execute(insert(table), rows[start:start + BATCH])
        if events:
            self._refresh_standings(sorted({e["member_id"] for e in events}), now)

    def _refresh_standings(self, member_ids: list[int], now: dt.datetime) -> None:
        """The members' current standing from their whole timeline (as MemberRepository.refresh_standing)."""
        timelines: dict[int, list[StandingFact]] = {}
        for start in range(0, len(member_ids), BATCH):
            chunk = member_ids[start:start + BATCH]
            for member_id, event_id, kind, day in self.session.execute(
                    select(StandingEvent.member_id, StandingEvent.id, StandingEvent.kind, StandingEvent.event_date)
                    .where(StandingEvent.member_id.in_(chunk))):
                timelines.setdefault(member_id, []).append(StandingFact(kind=kind, event_date=day, id=event_id))
        rows = [{"mid": m, "kind": current_standing(timelines.get(m, []))} for m in member_ids]
        # updated_at given explicitly (else its onupdate would stamp the clock, and undo would see an edit)
        statement = update(Member).where(Member.id == bindparam("mid")).values(standing=bindparam("kind"),
                                                                                updated_at=now)
        self.session.connection().execute(statement, rows)

    def _tag_ids(self, chapter_id: int, names: Iterable[str]) -> dict[str, int]:
        existing = {name.lower(): tag_id for tag_id, name in
                    self.session.execute(select(Tag.id, Tag.name).where(Tag.chapter_id == chapter_id))}
        for name in names:
            if name.lower() not in existing:
                tag = Tag(chapter_id=chapter_id, name=name)
                self.session.add(tag)
                self.session.flush()
                existing[name.lower()] = tag.id
        return existing

    def _link_tags(self, chapter_id: int, tag_links: list[tuple[int, tuple[str, ...]]]) -> None:
        ids = self._tag_ids(chapter_id, dict.fromkeys(n for _m, names in tag_links for n in names))
        rows = [{"member_id": m, "tag_id": ids[n.lower()]} for m, names in tag_links for n in dict.fromkeys(names)]
        for start in range(0, len(rows), BATCH):
            self.session.execute(insert(MemberTag.__table__), rows[start:start + BATCH])

    def update_member(self, chapter_id: int, import_id: int, row: int, member_id: int,
                      current: Mapping[str, object], changes: Mapping[str, object], now: dt.datetime) -> None:
        """Apply changes; the values replaced are kept with the import, for undo."""
        before = {name: current.get(name, _DEFAULTS.get(name)) for name in changes
                  if name not in ("standing", "standing_since")}
        last_event = self.session.scalar(select(func.max(StandingEvent.id)).where(StandingEvent.member_id == member_id))
        self.apply_values(chapter_id, member_id, {**current, **changes}, changes, now)
        if "standing" in changes:  # appended to the timeline: what undoing the import retracts
            before[_RETRACT_EVENTS] = list(self.session.scalars(select(StandingEvent.id).where(
                StandingEvent.member_id == member_id, StandingEvent.id > (last_event or 0))))
        self.session.execute(insert(ImportedMember.__table__), [{
            "import_id": import_id, "member_id": member_id, "action": "updated", "row": row,
            "before": to_json_values(before)}])

    def apply_values(self, chapter_id: int, member_id: int, full: Mapping[str, object],
                     changes: Mapping[str, object], now: dt.datetime) -> None:
        own = {k: v for k, v in changes.items() if k in MEMBER_FIELDS}
        own.update(updated_at=now, search_text=member_search_text(full), name_key=member_name_key(full))
        self.session.execute(update(Member).where(Member.id == member_id).values(**own))
        if not _EXTRA_KEYS.isdisjoint(changes):
            self._write_extras([(member_id, changes)], now, new_members=False)
        if changes.get(_RETRACT_EVENTS):  # undo of an import that appended standing events
            self.session.execute(delete(StandingEvent).where(StandingEvent.member_id == member_id,
                                                             StandingEvent.id.in_(changes[_RETRACT_EVENTS])))
            self._refresh_standings([member_id], now)
        if "tags" in changes:
            wanted = tuple(changes["tags"])  # type: ignore[arg-type]
            self.session.execute(delete(MemberTag).where(MemberTag.member_id == member_id))
            if wanted:
                ids = self._tag_ids(chapter_id, wanted)
                self.session.execute(insert(MemberTag.__table__),
                                     [{"member_id": member_id, "tag_id": ids[n.lower()]} for n in dict.fromkeys(wanted)])

    # --- mappings --------------------------------------------------------------------------------

    def remembered_mapping(self, signature: str) -> dict[str, str] | None:
        text = self.session.scalar(select(ColumnMappingMemory.mapping).where(ColumnMappingMemory.signature == signature))
        return json.loads(text) if text else None

    def remember_mapping(self, signature: str, mapping: Mapping[str, str]) -> None:
        row = self.session.scalar(select(ColumnMappingMemory).where(ColumnMappingMemory.signature == signature))
        text = json.dumps(dict(mapping), ensure_ascii=False, sort_keys=True)
        if row is None:
            self.session.add(ColumnMappingMemory(signature=signature, mapping=text))
        else:
            row.mapping = text
        self.session.flush()

_RETRACT_EVENTS = "standing_events_appended"  # kept with an update, for undo
_EXTRA_KEYS = frozenset({"standing", "officer_posts", *(f"consent_{c.value}" for c in ConsentChannel)})
_DEFAULTS: dict[str, object] = {name: "" for name in MEMBER_FIELDS}
# No default status: a member without one is never written (a KeyError here would be a bug upstream).
del _DEFAULTS["status"]
_DEFAULTS.update(joined_on=None, confidential=False, tags=())
