"""Validation and normalisation of what a secretary types (or a spreadsheet holds).

Each `normalise_*` function returns the value to store, or raises `FieldProblem` with a message a
secretary can act on. `validate_member` checks a whole member and reports every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping

import phonenumbers

from lien_desktop.domain.errors import ValidationError
from lien_desktop.domain.members import MEMBER_FIELDS, MemberData, MemberStatus
from lien_desktop.domain.text import clean
from lien_desktop.domain.uk_phone import display_uk, is_valid_uk

MAX_NAME = 100
MAX_LINE = 200
MAX_NOTES = 20_000


class FieldProblem(ValueError):
    """A single value is wrong; the message says why."""


# --- email -------------------------------------------------------------------------------------

def normalise_email(text: str) -> str:
    value = clean(text).replace(" ", "")
    if not value:
        return ""
    # Imported here: email_validator compiles large patterns (~0.1 s), not needed to open the window.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise FieldProblem(f"“{value}” is not a valid email address ({exc})") from None
    local, _, domain = result.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


# --- phone -------------------------------------------------------------------------------------

# Ofcom reserves these ranges for drama and examples; they are "possible" but never "valid".
_OFCOM_DRAMA = (
    re.compile(r"^\+447700900\d{3}$"),
    re.compile(r"^\+441632960\d{3}$"),
    re.compile(r"^\+442079460\d{3}$"),
    re.compile(r"^\+4411[3-8]4960\d{3}$"),
    re.compile(r"^\+441[2-9]1496 ?0\d{3}$"),
)


_DRAMA_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _OFCOM_DRAMA))


def is_drama(e164: str) -> bool:
    return _DRAMA_ANY.match(e164) is not None


def normalise_phone(text: str, default_region: str = "GB") -> str:
    """Return E.164 ('+447700900123'). UK numbers may be typed nationally; others need +country."""
    value = clean(text)
    if not value:
        return ""
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        raise FieldProblem(f"“{value}” is not a phone number") from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if phonenumbers.is_valid_number(number) or any(p.match(e164) for p in _OFCOM_DRAMA):
        return e164
    raise FieldProblem(
        f"“{value}” is not a valid phone number (international numbers start with + and the country code)"
    )


def display_phone(e164: str) -> str:
    """UK numbers as dialled in the UK ('07700 900123'); others in international form."""
    if not e164:
        return ""
    if e164.startswith("+44") and e164[3:].isdigit() and (is_drama(e164) or is_valid_uk(e164[3:])):
        return display_uk(e164[3:])  # the same text, without phonenumbers' per-call cost (bulk imports)
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- postcode ----------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA'. Only UK postcodes are accepted."""
    value = clean(text)
    if not value:
        return ""
    compact = value.upper().replace(" ", "")
    if not _POSTCODE.match(compact):
        raise FieldProblem(f"“{value}” is not a UK postcode (for example SW1A 1AA)")
    return f"{compact[:-3]} {compact[-3:]}"


# --- dates -------------------------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_NUMERIC_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def parse_uk_date(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """Parse a date in UK order: '03/04/2021' is 3 April 2021. ISO 2021-04-03 and '3 April 2021' too.

    An impossible date (31/02/2021) is refused, never rolled over or read in US order.
    """
    value = clean(text)
    if not value:
        return None
    if m := _ISO.match(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _NUMERIC_UK.match(value):
        day, month = int(m.group(1)), int(m.group(2))
        year = int(m.group(3))
        if len(m.group(3)) == 2:
            pivot = (today or dt.date.today()).year % 100
            year += 2000 if year <= pivot else 1900
    elif m := _WORDY.match(value):
        day, year = int(m.group(1)), int(m.group(3))
        month = _MONTHS.get(m.group(2).lower(), 0)
        if not month:
            raise FieldProblem(f"“{value}” is not a date: unknown month “{m.group(2)}”")
    else:
        raise FieldProblem(f"“{value}” is not a date (use day/month/year, for example 03/04/2021)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldProblem(f"“{value}” is not a real date (day {day} of month {month} in {year})") from None


def format_uk_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# --- other fields ------------------------------------------------------------------------------

def normalise_membership_number(text: str) -> str:
    value = clean(text).upper().replace(" ", "")
    if value and not re.fullmatch(r"[A-Z0-9\-/]{1,20}", value):
        raise FieldProblem(f"“{value}” is not a membership number (letters and digits, up to 20)")
    return value


def normalise_status(value: object) -> MemberStatus:
    if isinstance(value, MemberStatus):
        return value
    text = clean(str(value or "")).lower()
    try:
        return MemberStatus(text)
    except ValueError:
        allowed = ", ".join(s.value for s in MemberStatus)
        raise FieldProblem(f"“{value}” is not a LIEN status ({allowed})") from None


def _text(limit: int, *, multiline: bool = False) -> Callable[[object], str]:
    def normalise(value: object) -> str:
        raw = "" if value is None else str(value)
        text = raw.strip().replace("\r\n", "\n") if multiline else clean(raw)
        if len(text) > limit:
            raise FieldProblem(f"is too long ({len(text)} characters; at most {limit})")
        return text

    return normalise


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        return value.date()
    return parse_uk_date(str(value))


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "on"}
    return bool(value)


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[arg-type]
    seen: dict[str, str] = {}
    for item in items:
        tag = clean(str(item))
        if len(tag) > 50:
            raise FieldProblem(f"tag “{tag[:20]}…” is too long (at most 50 characters)")
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return tuple(seen.values())


NORMALISERS: dict[str, Callable[[object], object]] = {
    "first_name": _text(MAX_NAME),
    "last_name": _text(MAX_NAME),
    "preferred_name": _text(MAX_NAME),
    "email": lambda v: normalise_email(str(v or "")),
    "mobile_phone": lambda v: normalise_phone(str(v or "")),
    "home_phone": lambda v: normalise_phone(str(v or "")),
    "address_line1": _text(MAX_LINE),
    "address_line2": _text(MAX_LINE),
    "town": _text(MAX_NAME),
    "postcode": lambda v: normalise_postcode(str(v or "")),
    "constituency_code": lambda v: clean(str(v or "")).upper(),
    "branch": _text(MAX_NAME),
    "trade_union": _text(MAX_NAME),
    "joined_on": _date,
    "labour_membership_number": lambda v: normalise_membership_number(str(v or "")),
    "notes": _text(MAX_NOTES, multiline=True),
    "status": normalise_status,
    "confidential": _bool,
    "tags": _tags,
}


def normalise_field(name: str, value: object) -> object:
    """Normalise one field; raises FieldProblem."""
    try:
        normaliser = NORMALISERS[name]
    except KeyError:
        raise FieldProblem(f"unknown field {name!r}") from None
    return normaliser(value)


def validate_changes(
    values: Mapping[str, object], *, known_constituencies: Collection[str] | None = None
) -> dict[str, object]:
    """Normalise a set of field values; raise ValidationError naming every field that is wrong."""
    result: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        try:
            result[name] = normalise_field(name, value)
        except FieldProblem as exc:
            problems[name] = str(exc)
    code = result.get("constituency_code")
    if code and known_constituencies is not None and code not in known_constituencies:
        problems["constituency_code"] = f"“{code}” is not a Westminster constituency code"
    if problems:
        raise ValidationError(problems)
    return result


def validate_member(
    values: Mapping[str, object], *, known_constituencies: Collection[str] | None = None
) -> MemberData:
    """A whole member from raw values. Missing fields take their defaults; a name is required."""
    normalised = validate_changes(values, known_constituencies=known_constituencies)
    if not normalised.get("first_name") and not normalised.get("last_name"):
        raise ValidationError({"last_name": "a member needs a first or a last name"})
    data = MemberData()
    for name in (*MEMBER_FIELDS, "tags"):
        if name in normalised:
            setattr(data, name, normalised[name])
    return data


def check_name_present(values: Mapping[str, object]) -> None:
    if not clean(str(values.get("first_name") or "")) and not clean(str(values.get("last_name") or "")):
        raise ValidationError({"last_name": "a member needs a first or a last name"})
