"""The declarative base: one MetaData with a naming convention (SQLite batch migrations need names)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(200),
        dt.date: Date(),
        dt.datetime: DateTime(),
    }


LongText = Text


def utcnow() -> dt.datetime:
    """Naive UTC: the same on SQLite and PostgreSQL `timestamp without time zone`."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
