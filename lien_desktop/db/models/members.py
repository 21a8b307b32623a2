"""The register: members, their Labour standing timeline, tags, officer posts and consents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Enum, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lien_desktop.db.base import Base, utcnow
from lien_desktop.domain.members import ConsentChannel, MemberStatus, StandingKind
from lien_desktop.domain.search import member_name_key, member_search_text


def _enum(enum_cls: type, name: str) -> Enum:
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        length=30,
        create_constraint=True,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        Index("ix_members_chapter_name", "chapter_id", "name_key"),
        Index("ix_members_email", "email"),
        Index("ix_members_labour_number", "labour_membership_number"),
        # The members table's sort orders, covering (chapter_id, removed_at, key...): migration
        # 0002_members_list_indexes. Sorting 100,000 members then reads an index, not every wide row.
        *(Index(name, "chapter_id", "removed_at", *keys) for name, keys in (
            ("ix_members_list", ("name_key",)),
            ("ix_members_list_email", ("email",)),
            ("ix_members_list_mobile", ("mobile_phone",)),
            ("ix_members_list_postcode", ("postcode",)),
            ("ix_members_list_joined", ("joined_on",)),
            ("ix_members_list_status", ("status", "name_key")),
            ("ix_members_list_standing", ("standing", "name_key")),
        )),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="RESTRICT"), index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    mobile_phone: Mapped[str] = mapped_column(String(20), default="")
    home_phone: Mapped[str] = mapped_column(String(20), default="")
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    constituency_code: Mapped[str] = mapped_column(String(12), default="")
    branch: Mapped[str] = mapped_column(String(100), default="")
    trade_union: Mapped[str] = mapped_column(String(100), default="")
    joined_on: Mapped[dt.date | None] = mapped_column(default=None)
    labour_membership_number: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus, "member_status"), default=MemberStatus.ACTIVE)
    # The latest standing event, kept by the repository whenever an event is added (never edited by hand).
    standing: Mapped[StandingKind | None] = mapped_column(_enum(StandingKind, "standing_kind"), default=None)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Removal is reversible (undo); erasure of personal data is a separate, deliberate act.
    removed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Derived from the fields above (domain.search); the SQLite FTS5 index follows it by triggers.
    search_text: Mapped[str] = mapped_column(Text, default="")
    name_key: Mapped[str] = mapped_column(String(210), default="")

    standing_events: Mapped[list[StandingEvent]] = relationship(
        back_populates="member", order_by="(StandingEvent.event_date, StandingEvent.id)", cascade="all, delete-orphan"
    )
    officer_posts: Mapped[list[OfficerPost]] = relationship(
        back_populates="member", order_by="OfficerPost.start_date", cascade="all, delete-orphan"
    )
    consents: Mapped[list[MemberConsent]] = relationship(back_populates="member", cascade="all, delete-orphan")
    tags: Mapped[list[Tag]] = relationship(secondary="member_tags", order_by="Tag.name")


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _derive_search_fields(_mapper: object, _connection: object, member: Member) -> None:
    values = {name: getattr(member, name) for name in (
        "first_name", "last_name", "preferred_name", "email", "postcode", "mobile_phone", "home_phone")}
    member.search_text = member_search_text(values)
    member.name_key = member_name_key(values)


class StandingEvent(Base):
    """One dated event in a person's Labour Party standing. Append-only: never edited."""

    __tablename__ = "standing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[StandingKind] = mapped_column(_enum(StandingKind, "standing_event_kind"))
    event_date: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship(back_populates="standing_events")


@event.listens_for(StandingEvent, "before_update")
def _refuse_edit(_mapper: object, _connection: object, _target: StandingEvent) -> None:
    raise RuntimeError("standing events are append-only")


class OfficerPost(Base):
    __tablename__ = "officer_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[dt.date | None] = mapped_column(default=None)
    end_date: Mapped[dt.date | None] = mapped_column(default=None)

    member: Mapped[Member] = relationship(back_populates="officer_posts")


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("chapter_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(50))


class MemberTag(Base):
    __tablename__ = "member_tags"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)


class MemberConsent(Base):
    """Contact consent for one channel: when and where it was given, and when withdrawn."""

    __tablename__ = "member_consents"
    __table_args__ = (UniqueConstraint("member_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    channel: Mapped[ConsentChannel] = mapped_column(_enum(ConsentChannel, "consent_channel"))
    granted: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_on: Mapped[dt.date | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(200), default="")
    withdrawn_on: Mapped[dt.date | None] = mapped_column(default=None)

    member: Mapped[Member] = relationship(back_populates="consents")
