"""Database side of imports: bulk inserts of members (Core executemany), updates that keep the values
they replace, the import history and remembered column mappings. Runs inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import Connection, Dialect, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from lien_desktop.db.models import (
    ColumnMappingMemory,
    ImportedMember,
    ImportRecord,
    Member,
    MemberTag,
    Tag,
)
from lien_desktop.db.search_index import bulk_insert_begin, bulk_insert_end
from lien_desktop.domain.members import MEMBER_FIELDS, MemberStatus
from lien_desktop.domain.search import member_name_key, member_search_text

BATCH = 5000
_DATE_FIELDS = {"joined_on"}


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
        return result

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
        batch: list[tuple[object, ...]] = []
        dialect = self.session.get_bind().dialect
        writer = _BulkWriter(dialect)
        writer.set_constants({"chapter_id": chapter_id, "created_at": now, "updated_at": now})
        if rows:
            for statement in bulk_insert_begin(dialect.name):
                self.session.execute(text(statement))
        connection = self.session.connection()
        defaults = _DEFAULTS
        for done, (_row, values) in enumerate(rows, start=1):
            member_id = next_id
            next_id += 1
            record: dict[str, object] = {name: values[name] if name in values else defaults[name]
                                         for name in MEMBER_FIELDS}
            record["id"] = member_id
            record["search_text"] = member_search_text(record)
            record["name_key"] = member_name_key(record)
            batch.append(writer.row(record))
            if values.get("tags"):
                tag_links.append((member_id, values["tags"]))  # type: ignore[arg-type]
            ids.append(member_id)
            if len(batch) >= BATCH:
                writer.flush(connection, batch)
                check(done)
        writer.flush(connection, batch)
        if ids:
            for statement in bulk_insert_end(dialect.name):
                self.session.execute(text(statement), {"first_id": ids[0], "last_id": ids[-1]})
        if tag_links:
            self._link_tags(chapter_id, tag_links)
        return ids

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
        before = {name: current.get(name, _DEFAULTS.get(name)) for name in changes}
        self.apply_values(chapter_id, member_id, {**current, **changes}, changes, now)
        self.session.execute(insert(ImportedMember.__table__), [{
            "import_id": import_id, "member_id": member_id, "action": "updated", "row": row,
            "before": to_json_values(before)}])

    def apply_values(self, chapter_id: int, member_id: int, full: Mapping[str, object],
                     changes: Mapping[str, object], now: dt.datetime) -> None:
        own = {k: v for k, v in changes.items() if k in MEMBER_FIELDS}
        own.update(updated_at=now, search_text=member_search_text(full), name_key=member_name_key(full))
        self.session.execute(update(Member).where(Member.id == member_id).values(**own))
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


class _BulkWriter:
    """executemany of the members INSERT as SQLAlchemy compiles it for this database, with each column's own
    bind processing, but without SQLAlchemy's per-row bookkeeping (a quarter of a 100,000-row import)."""

    def __init__(self, dialect: Dialect):
        table = Member.__table__
        self.keys = ["id", "chapter_id", *MEMBER_FIELDS, "created_at", "updated_at", "search_text", "name_key"]
        compiled = insert(table).compile(dialect=dialect, column_keys=self.keys)
        self.sql = compiled.string
        self.order = list(compiled.positiontup) if compiled.positional else list(self.keys)
        self.positional = bool(compiled.positional)
        processors = {key: processor for key in self.order
                      if (processor := table.c[key].type.dialect_impl(dialect).bind_processor(dialect))}
        # The same for every row of one import (processed once): its chapter and its time.
        self.constant_keys = {"chapter_id", "created_at", "updated_at"}
        self.processors = [(i, processors[key]) for i, key in enumerate(self.order)
                           if key in processors and key not in self.constant_keys]
        self._processors_by_key = processors
        self.constants: dict[int, object] = {}

    def set_constants(self, values: Mapping[str, object]) -> None:
        self.constants = {}
        for i, key in enumerate(self.order):
            if key in self.constant_keys:
                processor = self._processors_by_key.get(key)
                self.constants[i] = processor(values[key]) if processor else values[key]

    def row(self, record: Mapping[str, object]) -> tuple[object, ...]:
        values = [record.get(key) for key in self.order]
        for i, processor in self.processors:
            values[i] = processor(values[i])
        for i, value in self.constants.items():
            values[i] = value
        return tuple(values)

    def flush(self, connection: Connection, batch: list[tuple[object, ...]]) -> None:
        if batch:
            parameters = batch if self.positional else [dict(zip(self.order, row, strict=True)) for row in batch]
            connection.exec_driver_sql(self.sql, parameters)  # type: ignore[arg-type]
            batch.clear()


_DEFAULTS: dict[str, object] = {name: "" for name in MEMBER_FIELDS}
# No default status: a member without one is never written (a KeyError here would be a bug upstream).
del _DEFAULTS["status"]
_DEFAULTS.update(joined_on=None, confidential=False, tags=())
