"""Retention review: members lapsed or left for more than N years, for the secretary to erase.

The date a status began is taken from the audit trail (the last change of `status`); where the trail
does not know (records loaded in bulk, or older than the trail), the last change to the record is
used instead, which can only make a member look more recent, never older than they are.
"""

from __future__ import annotations

import datetime as dt

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.audit import AuditRepository
from lien_desktop.db.repositories.data_protection import DataProtectionRepository
from lien_desktop.domain.data_protection import RetentionCandidate
from lien_desktop.domain.members import MemberStatus
from lien_desktop.services.preferences import PreferencesService, check_retention_years

FROM_AUDIT = "status change (audit trail)"
FROM_RECORD = "last change to the record"


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_candidates(database: Database, chapter_id: int | None = None, years: int | None = None,
                         today: dt.date | None = None) -> list[RetentionCandidate]:
    years = PreferencesService(database).get().retention_years if years is None else check_retention_years(years)
    today = today or dt.date.today()
    cutoff = years_before(today, years)
    with database.reading() as session:
        rows = DataProtectionRepository(session).lapsed_or_left(chapter_id)
        changed = AuditRepository(session).status_changes(r[0] for r in rows)
    found = []
    for member_id, first, preferred, last, status, updated_at, confidential, removed_at in rows:
        if member_id in changed:
            since, source = changed[member_id].date(), FROM_AUDIT
        else:
            since, source = updated_at.date(), FROM_RECORD
        if since > cutoff:
            continue
        found.append(RetentionCandidate(
            member_id=member_id, name=f"{preferred or first} {last}".strip(), status=MemberStatus(status).value,
            since=since, since_source=source, years=round((today - since).days / 365.25, 1),
            confidential=bool(confidential), removed=removed_at is not None))
    return sorted(found, key=lambda c: (c.since, c.member_id))
