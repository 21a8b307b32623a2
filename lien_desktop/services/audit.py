"""The audit trail for people: filter it, read it page by page, export it for a data-protection query."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.audit import AuditRepository
from lien_desktop.domain.audit_actions import AuditAction
from lien_desktop.domain.data_protection import AuditFilter, AuditRecord
from lien_desktop.domain.errors import LienError
from lien_desktop.io.table_files import Sheet, write_csv, write_xlsx

EXPORT_HEADERS = ("When (UTC)", "Secretary", "Computer user", "Table", "Record", "Member id", "About",
                  "Confidential", "Action", "Fields", "Before", "After", "Detail", "Redacted")
ACTIONS = tuple(a.value for a in AuditAction)


def _values(values: dict[str, object]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


def export_row(r: AuditRecord) -> tuple[object, ...]:
    return (r.at.strftime("%Y-%m-%d %H:%M:%S"), r.secretary, r.os_user, r.table, r.record_id,
            "" if r.member_id is None else r.member_id, r.label, "CONFIDENTIAL" if r.confidential else "",
            r.action, ", ".join(r.fields), _values(r.before), _values(r.after), r.detail,
            "yes" if r.redacted else "")


class AuditService:
    def __init__(self, database: Database):
        self.database = database

    def ids(self, flt: AuditFilter | None = None) -> list[int]:
        with self.database.reading() as session:
            return AuditRepository(session).ids(flt or AuditFilter())

    def records(self, ids: Iterable[int]) -> dict[int, AuditRecord]:
        with self.database.reading() as session:
            return AuditRepository(session).records(ids)

    def entries(self, flt: AuditFilter | None = None) -> list[AuditRecord]:
        ids = self.ids(flt)
        rows = self.records(ids)
        return [rows[i] for i in ids if i in rows]

    def users(self, chapter_id: int | None = None) -> list[str]:
        with self.database.reading() as session:
            return AuditRepository(session).users(chapter_id)

    def export(self, path: Path, flt: AuditFilter | None = None,
               progress: Callable[[int, int], None] | None = None) -> int:
        """Write the matching entries (newest first) to .xlsx or .csv; returns how many."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise LienError(f"{path.name}: export to a .xlsx or .csv file")
        ids = self.ids(flt)

        def rows() -> Iterable[tuple[object, ...]]:
            for start in range(0, len(ids), 1000):
                chunk = ids[start:start + 1000]
                found = self.records(chunk)
                for i in chunk:
                    if i in found:
                        yield export_row(found[i])
                if progress:
                    progress(min(start + 1000, len(ids)), len(ids))

        try:
            if suffix == ".xlsx":
                write_xlsx(path, [Sheet("Audit trail", EXPORT_HEADERS, rows())])
            else:
                write_csv(path, EXPORT_HEADERS, rows())
        except OSError as exc:
            raise LienError(f"{path}: cannot be written ({exc.strerror})") from None
        return len(ids)
