"""Import history: each import (file, checksum, time, counts), what it did to which member (with the
values it replaced, so a whole import can be undone), and column mappings remembered per header set."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lien_desktop.db.base import Base, utcnow


class ImportRecord(Base):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(260))
    sheet: Mapped[str] = mapped_column(String(200), default="")
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file's bytes
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # The members it created have consecutive ids (one transaction holds the write lock) and
    # created_at == imported_at: kept as a range rather than one row per member (100,000-row imports).
    first_created_id: Mapped[int | None] = mapped_column(Integer, default=None)
    last_created_id: Mapped[int | None] = mapped_column(Integer, default=None)


class ImportedMember(Base):
    """One member an import updated; `before` is JSON of the fields it replaced (for undo)."""

    __tablename__ = "import_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # "updated" (created members: the record's id range)
    row: Mapped[int] = mapped_column(Integer, default=0)
    before: Mapped[str] = mapped_column(Text, default="")


class ColumnMappingMemory(Base):
    """The mapping a user confirmed for a set of headers, offered again for the next such file."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(Text, unique=True)
    mapping: Mapped[str] = mapped_column(Text)  # JSON: header key -> field ("" = not imported)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
