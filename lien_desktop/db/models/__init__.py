"""All mapped tables. Importing this package registers every model on Base.metadata."""

from lien_desktop.db.models.chapters import AppMeta, Chapter
from lien_desktop.db.models.imports import ColumnMappingMemory, ImportedMember, ImportRecord
from lien_desktop.db.models.members import (
    Member,
    MemberConsent,
    MemberTag,
    OfficerPost,
    StandingEvent,
    Tag,
)

__all__ = [
    "AppMeta",
    "Chapter",
    "ColumnMappingMemory",
    "ImportedMember",
    "ImportRecord",
    "Member",
    "MemberConsent",
    "MemberTag",
    "OfficerPost",
    "StandingEvent",
    "Tag",
]
