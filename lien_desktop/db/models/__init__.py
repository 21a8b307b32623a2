"""All mapped tables. Importing this package registers every model on Base.metadata."""

from lien_desktop.db.models.chapters import AppMeta, Chapter
from lien_desktop.db.models.data_protection import AuditEntry, MemberDataProtection, Preference
from lien_desktop.db.models.imports import ColumnMappingMemory, ImportedMember, ImportRecord
from lien_desktop.db.models.members import (
    Member,
    MemberConsent,
    MemberTag,
    OfficerPost,
    StandingEvent,
    Tag,
)
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
]
