"""Chapters (one database may hold several) and the marker that says a database is ours."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lien_desktop.db.base import Base, utcnow

APP_MARKER_KEY = "application"
APP_MARKER_VALUE = "lien-desktop"


class AppMeta(Base):
    """Key/value facts about the database itself; `application = lien-desktop` marks it as ours."""

    __tablename__ = "lien_meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class Chapter(Base):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    constituency_code: Mapped[str] = mapped_column(String(12), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
