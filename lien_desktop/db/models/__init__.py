"""The mapped tables. The register's own (chapters, members) are loaded with the package; the
meetings', imports' and data protection's (audit log, lawful basis, preferences) are loaded when first
named (PEP 562 `__getattr__` below, or a direct import of their module), because mapping their
seventeen classes costs a noticeable share of the app's cold start and the first window does not use
them (the audit trail writes its first row after the first change). `load_all()` registers every
table on Base.metadata, for whatever needs the whole schema (Alembic, metadata comparisons).

Member names none of those classes in a relationship (they point at members by foreign key only), so
the register's mappers configure without them; the audit trail finds the later classes by their table
name (db/audit.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from lien_desktop.db.models.chapters import AppMeta, Chapter
from lien_desktop.db.models.members import (
    Member,
    MemberConsent,
    MemberTag,
    OfficerPost,
    StandingEvent,
    Tag,
)

if TYPE_CHECKING:
    from lien_desktop.db.models.data_protection import AuditEntry, MemberDataProtection, Preference
    from lien_desktop.db.models.imports import ColumnMappingMemory, ImportedMember, ImportRecord
    from lien_desktop.db.models.meetings import (
        ActionItem,
        Addendum,
        AgendaItem,
        Amendment,
        Attendance,
        ChapterSettings,
        Decision,
        Guest,
        Meeting,
        Motion,
    )

# name -> the module that defines it, for the classes loaded when first named
_LATER = {
    **dict.fromkeys(("ActionItem", "Addendum", "AgendaItem", "Amendment", "Attendance", "ChapterSettings",
                     "Decision", "Guest", "Meeting", "Motion"), "lien_desktop.db.models.meetings"),
    **dict.fromkeys(("ColumnMappingMemory", "ImportedMember", "ImportRecord"), "lien_desktop.db.models.imports"),
    **dict.fromkeys(("AuditEntry", "MemberDataProtection", "Preference"), "lien_desktop.db.models.data_protection"),
}


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is an ordinary one
    return value


def load_all() -> None:
    """Map every model, so that Base.metadata holds the whole schema."""
    for module in sorted(set(_LATER.values())):
        importlib.import_module(module)


__all__ = [
    "ActionItem",
    "Addendum",
    "AgendaItem",
    "Amendment",
    "Attendance",
    "ChapterSettings",
    "Decision",
    "Guest",
    "Meeting",
    "Motion",
    "AppMeta",
    "AuditEntry",
    "Chapter",
    "ColumnMappingMemory",
    "ImportedMember",
    "ImportRecord",
    "Member",
    "MemberConsent",
    "MemberDataProtection",
    "MemberTag",
    "OfficerPost",
    "Preference",
    "StandingEvent",
    "Tag",
    "load_all",
]
