"""Meetings: the agenda, who came, what was moved and decided, who does what, and the minutes' state.

A meeting's content is edited only through services.meetings*, which refuse any change once the
minutes are signed (their SHA-256 fingerprint is stored here). Action status is follow-through, not
minutes content, so it stays editable.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lien_desktop.db.base import Base, utcnow
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    ItemKind,
    MeetingType,
    MotionResult,
    QuorumKind,
    VoteSummary,
)


def _enum(enum_cls: type, name: str) -> Enum:
    return Enum(enum_cls, name=name, native_enum=False, length=30, create_constraint=True,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class ChapterSettings(Base):
    """Per-chapter rules that are not part of the chapter's identity (the quorum for now)."""

    __tablename__ = "chapter_settings"

    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"), primary_key=True)
    quorum_kind: Mapped[QuorumKind] = mapped_column(_enum(QuorumKind, "quorum_kind"), default=QuorumKind.FIXED)
    quorum_value: Mapped[int] = mapped_column(Integer, default=5)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_chapter_date", "chapter_id", "meeting_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable identity across databases (archive files): a UUID made when the meeting is planned.
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="RESTRICT"))
    meeting_type: Mapped[MeetingType] = mapped_column(_enum(MeetingType, "meeting_type"))
    title: Mapped[str] = mapped_column(String(200))
    meeting_date: Mapped[dt.date]
    start_time: Mapped[dt.time | None] = mapped_column(Time(), default=None)
    end_time: Mapped[dt.time | None] = mapped_column(Time(), default=None)
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), default=None)
    minute_taker_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), default=None)
    next_meeting: Mapped[str] = mapped_column(String(300), default="")
    # The quorum that applied (the chapter's rule and active members when attendance was last recorded).
    quorum_required: Mapped[int] = mapped_column(Integer, default=1)
    minutes_status: Mapped[MinutesStatus] = mapped_column(_enum(MinutesStatus, "minutes_status"),
                                                          default=MinutesStatus.DRAFT)
    circulated_on: Mapped[dt.date | None] = mapped_column(default=None)
    approved_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), default=None)
    approved_at_label: Mapped[str] = mapped_column(String(300), default="")  # kept if that meeting is absent
    approved_on: Mapped[dt.date | None] = mapped_column(default=None)
    approval_corrections: Mapped[str] = mapped_column(Text, default="")  # empty: "as a true record"
    signed_on: Mapped[dt.date | None] = mapped_column(default=None)
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    # Attendance of people since erased (UK GDPR Art. 17): their rows go, the counts stay, so the
    # minutes still say how many were present ("a former member") and whether the meeting was quorate.
    former_present: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    former_apologies: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    former_absent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # An erased chair or minute-taker (their id became NULL): "a former member", not "no one" (0007).
    chair_erased: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    minute_taker_erased: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="(AgendaItem.position, AgendaItem.id)", cascade="all, delete-orphan")
    attendance: Mapped[list[Attendance]] = relationship(cascade="all, delete-orphan")
    guests: Mapped[list[Guest]] = relationship(order_by="Guest.id", cascade="all, delete-orphan")
    decisions: Mapped[list[Decision]] = relationship(order_by="Decision.number", cascade="all, delete-orphan")
    motions: Mapped[list[Motion]] = relationship(order_by="Motion.number", cascade="all, delete-orphan")
    actions: Mapped[list[ActionItem]] = relationship(order_by="ActionItem.number", cascade="all, delete-orphan")
    addenda: Mapped[list[Addendum]] = relationship(order_by="Addendum.id", cascade="all, delete-orphan")


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind, "agenda_item_kind"), default=ItemKind.ORDINARY)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class Attendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[AttendanceKind] = mapped_column(_enum(AttendanceKind, "attendance_kind"))
    arrived_at: Mapped[dt.time | None] = mapped_column(Time(), default=None)
    left_at: Mapped[dt.time | None] = mapped_column(Time(), default=None)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Guest(Base):
    """A non-member at the meeting: a name only, kept apart from the register."""

    __tablename__ = "meeting_guests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Decision(Base):
    __tablename__ = "meeting_decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), default=None)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Motion(Base):
    __tablename__ = "motions"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), default=None)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    wording: Mapped[str] = mapped_column(Text)
    # NULL once the person was erased (UK GDPR Art. 17): shown as "a former member".
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    seconder_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    result: Mapped[MotionResult] = mapped_column(_enum(MotionResult, "motion_result"), default=MotionResult.PENDING)
    vote_summary: Mapped[VoteSummary] = mapped_column(_enum(VoteSummary, "vote_summary"),
                                                      default=VoteSummary.COUNTED)
    votes_for: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_against: Mapped[int | None] = mapped_column(Integer, default=None)
    abstentions: Mapped[int | None] = mapped_column(Integer, default=None)

    amendments: Mapped[list[Amendment]] = relationship(order_by="Amendment.position", cascade="all, delete-orphan")


class Amendment(Base):
    __tablename__ = "motion_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    wording: Mapped[str] = mapped_column(Text)
    mover_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))  # NULL: erased
    seconder_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    result: Mapped[MotionResult] = mapped_column(_enum(MotionResult, "amendment_result"),
                                                 default=MotionResult.PENDING)
    votes_for: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_against: Mapped[int | None] = mapped_column(Integer, default=None)
    abstentions: Mapped[int | None] = mapped_column(Integer, default=None)


class ActionItem(Base):
    __tablename__ = "action_items"
    __table_args__ = (UniqueConstraint("meeting_id", "number"), Index("ix_action_items_status", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), default=None)
    number: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)  # NULL: erased
    due_on: Mapped[dt.date | None] = mapped_column(default=None)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN)
    closed_on: Mapped[dt.date | None] = mapped_column(default=None)


class Addendum(Base):
    """A correction added after the minutes were signed; the signed text itself never changes."""

    __tablename__ = "minutes_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    added_on: Mapped[dt.date]
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Set on the addendum an erasure adds: the fingerprint of the signed content after the redaction,
    # so verification can tell "redacted after signing, see addendum" from "changed after signing".
    redacted_fingerprint: Mapped[str] = mapped_column(String(64), default="", server_default="")
