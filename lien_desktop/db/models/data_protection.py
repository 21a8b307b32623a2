"""Data protection tables: the append-only audit log, each member's lawful basis, and preferences."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lien_desktop.db.base import Base, utcnow
from lien_desktop.domain.data_protection import Article9Condition, LawfulBasis


def _enum(enum_cls: type, name: str) -> Enum:
    return Enum(enum_cls, name=name, native_enum=False, length=30, create_constraint=True,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class AuditEntry(Base):
    """One change. Append-only: rows are only ever added (db/audit.py), except that erasure
    redacts the values about an erased person (`redacted_at` set, values replaced by "[erased]").

    No foreign keys on purpose: the trail outlives the records it describes.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_member", "member_id"),
        Index("ix_audit_log_record", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)  # UTC
    secretary: Mapped[str] = mapped_column(String(200), default="")  # the name set in preferences
    os_user: Mapped[str] = mapped_column(String(100), default="")
    chapter_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    member_id: Mapped[int | None] = mapped_column(Integer, default=None)  # the person it is about
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[str] = mapped_column(String(50), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(20), index=True)
    fields: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of field names
    before_values: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    after_values: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    detail: Mapped[str] = mapped_column(Text, default="")
    redacted_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class MemberDataProtection(Base):
    """Why the chapter holds this person's data (Art. 6) and its special-category condition (Art. 9)."""

    __tablename__ = "member_data_protection"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    lawful_basis: Mapped[LawfulBasis] = mapped_column(_enum(LawfulBasis, "lawful_basis"))
    article9_condition: Mapped[Article9Condition] = mapped_column(_enum(Article9Condition, "article9_condition"))
    explicit_consent_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    recorded_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class Preference(Base):
    """The secretary's settings that belong with the register (name for the audit trail, retention)."""

    __tablename__ = "preferences"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
