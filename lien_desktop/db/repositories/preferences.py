"""The preferences table: key and value, both text."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Preference


class PreferenceRepository:
    def __init__(self, session: Session):
        self.session = session

    def values(self) -> dict[str, str]:
        return {p.key: p.value for p in self.session.scalars(select(Preference)).all()}

    def set(self, key: str, value: str) -> None:
        """Store a value; an unchanged one is left alone (no audit entry for nothing)."""
        row = self.session.get(Preference, key)
        if row is None:
            self.session.add(Preference(key=key, value=value))
        elif row.value != value:
            row.value = value
