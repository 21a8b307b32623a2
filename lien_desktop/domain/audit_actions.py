"""What an audit-trail entry records: the kinds of change.

Its own module because the audit trail is wired up at every start, long before the rest of the
data-protection domain (subject access, erasure, retention) is first needed.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    BULK = "bulk"  # many rows written at once (demo, import): one entry, no per-row values
    ERASE = "erase"  # a person's data erased: the entry holds no personal data
