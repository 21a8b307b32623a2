"""The secretary's preferences kept in the database: their name (for the audit trail) and retention."""

from __future__ import annotations

from dataclasses import dataclass

from lien_desktop.db.audit import SECRETARY_KEY
from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.preferences import PreferenceRepository
from lien_desktop.domain.data_protection import DEFAULT_RETENTION_YEARS
from lien_desktop.domain.errors import ValidationError
from lien_desktop.domain.text import clean

RETENTION_KEY = "retention_years"
MAX_RETENTION_YEARS = 50


@dataclass(frozen=True, slots=True)
class Preferences:
    secretary_name: str = ""
    retention_years: int = DEFAULT_RETENTION_YEARS


def check_retention_years(value: object) -> int:
    try:
        years = int(str(value).strip())
    except ValueError:
        raise ValidationError({"retention_years": f"“{value}” is not a whole number of years"}) from None
    if not 1 <= years <= MAX_RETENTION_YEARS:
        raise ValidationError({"retention_years": f"must be between 1 and {MAX_RETENTION_YEARS} years"})
    return years


class PreferencesService:
    def __init__(self, database: Database):
        self.database = database

    def get(self) -> Preferences:
        with self.database.reading() as session:
            values = PreferenceRepository(session).values()
        try:
            years = check_retention_years(values.get(RETENTION_KEY, DEFAULT_RETENTION_YEARS))
        except ValidationError:
            years = DEFAULT_RETENTION_YEARS  # a damaged value must not stop the app: fall back
        return Preferences(secretary_name=values.get(SECRETARY_KEY, ""), retention_years=years)

    def save(self, secretary_name: str, retention_years: object) -> Preferences:
        """Validate both, then save both in one transaction (audited like every change)."""
        name = clean(secretary_name)
        if len(name) > 200:
            raise ValidationError({"secretary_name": "is too long (at most 200 characters)"})
        years = check_retention_years(retention_years)
        with self.database.transaction() as session:
            repo = PreferenceRepository(session)
            for key, value in ((SECRETARY_KEY, name), (RETENTION_KEY, str(years))):
                repo.set(key, value)
        return Preferences(name, years)
