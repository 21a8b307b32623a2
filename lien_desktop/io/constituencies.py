"""The 650 Westminster constituencies of July 2024 (ONS codes), shipped in resources/data."""

from __future__ import annotations

import csv
from functools import cache

from lien_desktop.domain.members import Constituency
from lien_desktop.paths import resource

CSV_NAME = "westminster-constituencies-2024.csv"

# ONS spells W07000102 without its circumflex; Parliament (and the people who live there) use it.
_DISPLAY_NAMES = {"W07000102": "Montgomeryshire and Glyndŵr"}


@cache
def constituencies() -> tuple[Constituency, ...]:
    with resource("data", CSV_NAME).open(encoding="utf-8", newline="") as fh:
        return tuple(
            Constituency(
                code=row["code"],
                name=_DISPLAY_NAMES.get(row["code"], row["name"]),
                nation=row["nation"],
                region=row["region"],
            )
            for row in csv.DictReader(fh)
        )


@cache
def by_code() -> dict[str, Constituency]:
    return {c.code: c for c in constituencies()}


@cache
def codes_by_name() -> dict[str, str]:
    """Folded name (as the importer folds headers: case, accents and punctuation ignored) -> code."""
    # The importer's column rules are imported here, not with the module: the register's first window
    # reads constituencies by code only (start-up time).
    from lien_desktop.domain.import_columns import header_key

    return {header_key(c.name): c.code for c in constituencies()}


def find(text: str) -> Constituency | None:
    """By code (E14001234) or by exact name, ignoring case."""
    value = text.strip()
    if not value:
        return None
    codes = by_code()
    if value.upper() in codes:
        return codes[value.upper()]
    lowered = value.lower()
    return next((c for c in constituencies() if c.name.lower() == lowered), None)
