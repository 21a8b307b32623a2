"""Erasure: a person's personal data removed everywhere, leaving only the fact that it happened.

One transaction calls every personal-data provider (services/personal_data.py: meetings first while
the member row exists, then the register, then the audit trail's redaction), with automatic auditing
off so no new entry copies the data, and writes one audit entry with the date, who, and the old
member id. Then (SQLite) the file is compacted so the deleted bytes are gone from disk too.

Backups made before the erasure still hold the person until they rotate out; the report says so.
"""

from __future__ import annotations

import logging

from lien_desktop.db import audit, secure_erase
from lien_desktop.db.base import utcnow
from lien_desktop.db.engine import Database
from lien_desktop.db.models import Member
from lien_desktop.db.search_index import purge_deleted
from lien_desktop.domain.data_protection import ErasureResult
from lien_desktop.domain.errors import NotFoundError
from lien_desktop.services.personal_data import erase_all

log = logging.getLogger(__name__)


def erase_member(database: Database, member_id: int) -> ErasureResult:
    with database.transaction() as session:
        secure_erase.zero_freed_space(session)
        member = session.get(Member, member_id)
        if member is None:
            raise NotFoundError(f"there is no member with id {member_id} (already erased?)")
        chapter_id = member.chapter_id
        with audit.suppressed(session):
            counts = erase_all(session, member_id)
        redacted = counts.pop("audit trail", 0)
        removed = sum(counts.values())
        audit.record_erasure(session, member_id, chapter_id,
                             f"personal data erased: {removed} records removed, {redacted} audit entries redacted")
        purge_deleted(session)
    try:
        compacted = secure_erase.compact(database)
    except Exception:  # noqa: BLE001 - the erasure itself committed; compaction can be run again
        log.warning("compacting after erasure of member %s failed", member_id, exc_info=True)
        compacted = False
    return ErasureResult(member_id=member_id, records_removed=removed, audit_entries_redacted=redacted,
                         erased_at=utcnow(), compacted=compacted)
