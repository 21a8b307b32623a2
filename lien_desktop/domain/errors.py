"""Errors a user can act on. Anything else that goes wrong is a bug and is logged as one."""

from __future__ import annotations


class LienError(Exception):
    """A refusal with a message written for the secretary (one line, no traceback)."""


class ValidationError(LienError):
    """One or more fields failed validation; nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        text = "; ".join(f"{field_label(f)}: {msg}" for f, msg in self.problems.items())
        super().__init__(text)


class NotFoundError(LienError):
    pass


class DatabaseRefused(LienError):
    """The database file cannot be used (not ours, too new, damaged, locked...). It was not modified."""


FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "email": "Email",
    "mobile_phone": "Mobile phone",
    "home_phone": "Home phone",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
    "town": "Town",
    "postcode": "Postcode",
    "constituency_code": "Constituency",
    "branch": "Branch/ward",
    "trade_union": "Trade union",
    "joined_on": "Joined",
    "labour_membership_number": "Labour membership number",
    "notes": "Notes",
    "status": "LIEN status",
    "confidential": "Confidential",
    "tags": "Tags",
    "standing": "Labour standing",
    "event_date": "Date",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())
