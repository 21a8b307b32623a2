"""What an exported member list contains: the profiles, their columns, and the formula-injection rule.

Pure: the exporting service fills `ExportMember`s from the database, `row_maker` turns one into the
cells of a profile, and the writers in `lien_desktop.io` lay those cells out as .xlsx or .csv.

Headers are the words a secretary uses and that the importer recognises ("First name", "Email",
"Postcode", "Status", "Date joined"...), so a "full" export can be imported back unchanged.

Formula injection (OWASP "CSV injection"): a cell whose text starts with = + - @, a tab, CR or LF
(also after leading spaces, and the full-width ＝ ＋ － ＠) could be evaluated by a spreadsheet
program. In CSV such a value gets an apostrophe in front (`neutralise_csv`); in .xlsx it is written
as an explicit text cell with Excel's "quote prefix" style, so it stays text even when edited.
`restore_neutralised` undoes the CSV prefix exactly (for the importer).

Phone numbers stay readable: UK numbers are exported as dialled in the UK ("07700 900123"), which
starts with a 0 and needs no protection; other numbers in international form ("+33 1 23 45 67 89"),
which is a text cell in .xlsx and carries the apostrophe in CSV. Both read back to the same E.164.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from collections.abc import Callable
from functools import lru_cache

from lien_desktop.domain.list_cells import POST_SEPARATORS, TAG_SEPARATORS, join_values
from lien_desktop.domain.members import (
    STANDING_LABELS,
    Consent,
    ConsentChannel,
    MemberData,
    MemberStatus,
    StandingKind,
)
from lien_desktop.domain.validation import display_phone, format_uk_date

# --- formula injection ---------------------------------------------------------------------------

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
# Characters a spreadsheet skips before deciding that a cell is a formula (spaces of every kind).
_LEADING_BLANKS = " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
# Fast pre-check: only a value starting with one of these can be dangerous.
_SUSPECT_FIRST = FORMULA_TRIGGERS | frozenset(_LEADING_BLANKS)


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet program could evaluate `text` as a formula (or DDE command)."""
    if not text or text[0] not in _SUSPECT_FIRST:
        return False
    if text[0] in FORMULA_TRIGGERS:
        return True
    stripped = text.lstrip(_LEADING_BLANKS)
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def neutralise_csv(text: str) -> str:
    """The value as a CSV cell that no spreadsheet evaluates: an apostrophe in front when needed.

    A value that already starts with apostrophes in front of a formula gets one more, so that
    `restore_neutralised` gives back exactly what was stored.
    """
    if not text:
        return text
    first = text[0]
    if first in _SUSPECT_FIRST and is_formula_like(text):
        return "'" + text
    if first == "'" and is_formula_like(text.lstrip("'")):
        return "'" + text
    return text


def restore_neutralised(text: str) -> str:
    """The inverse of `neutralise_csv`: drop the one apostrophe that an export put in front."""
    if text.startswith("'") and is_formula_like(text.lstrip("'")):
        return text[1:]
    return text


# --- what the service hands over -----------------------------------------------------------------


@dataclass(slots=True)
class ExportMember(MemberData):
    """One member as the exporting service read it: raw values (the profile decides what is shown).

    The member's own fields (and tags) are MemberData's, in its order; the repository fills them by
    position, then `id` and `standing` (see db.repositories.exporting)."""

    id: int = 0
    standing: StandingKind | None = None
    # what the service adds
    standing_since: dt.date | None = None  # date of the latest standing event
    constituency_name: str = ""
    officer_posts: tuple[str, ...] = ()  # titles of current posts
    # consent per channel as the cells show it (see `add_consent`): "Yes", "No", "Withdrawn" or ""
    consent_email: str = ""
    consent_email_date: dt.date | None = None
    consent_phone: str = ""
    consent_phone_date: dt.date | None = None
    consent_post: str = ""
    consent_post_date: dt.date | None = None

    def add_consent(self, consent: Consent) -> None:
        """Record a channel's consent: granted ("Yes"), refused ("No") or withdrawn, with its date."""
        self.set_consent(consent.channel, consent.granted, consent.recorded_on, consent.withdrawn_on)

    def set_consent(self, channel: ConsentChannel, granted: bool, recorded_on: dt.date | None,
                    withdrawn_on: dt.date | None) -> None:
        """`add_consent` from the stored values, without a Consent (an export does it ~2 times a member)."""
        text_field, date_field = _CONSENT_FIELDS[channel]
        setattr(self, text_field, "Withdrawn" if withdrawn_on is not None else "Yes" if granted else "No")
        setattr(self, date_field, withdrawn_on or recorded_on)


_CONSENT_FIELDS = {channel: (f"consent_{channel.value}", f"consent_{channel.value}_date") for channel in ConsentChannel}


# --- columns and profiles ------------------------------------------------------------------------


class CellKind(StrEnum):
    TEXT = "text"
    DATE = "date"  # a real date cell in .xlsx (dd/mm/yyyy), dd/mm/yyyy text in CSV
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str  # a key of `CELL_SOURCES`
    kind: CellKind = CellKind.TEXT
    width: int = 14  # characters; the writer widens to fit the first rows


@dataclass(frozen=True, slots=True)
class ExportProfile:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def kinds(self) -> list[CellKind]:
        return [c.kind for c in self.columns]


_T, _D, _N = CellKind.TEXT, CellKind.DATE, CellKind.NUMBER

# Every column an export can have, once, in the order of the full register; profiles pick from it.
COLUMNS: dict[str, Column] = {c.key: c for c in (
    Column("Member ID", "id", _N, 10),
    Column("First name", "first_name", _T, 14),
    Column("Last name", "last_name", _T, 16),
    Column("Preferred name", "preferred_name", _T, 12),
    Column("Email", "email", _T, 30),
    Column("Mobile", "mobile_phone", _T, 15),
    Column("Home phone", "home_phone", _T, 15),
    Column("Address line 1", "address_line1", _T, 24),
    Column("Address line 2", "address_line2", _T, 16),
    Column("Town", "town", _T, 14),
    Column("Postcode", "postcode", _T, 10),
    Column("Constituency code", "constituency_code", _T, 12),
    Column("Constituency name", "constituency_name", _T, 28),
    Column("Branch", "branch", _T, 14),
    Column("Trade union", "trade_union", _T, 12),
    Column("Date joined", "joined_on", _D, 12),
    Column("Labour membership number", "labour_membership_number", _T, 14),
    Column("Status", "status", _T, 9),
    Column("Labour standing", "standing", _T, 20),
    Column("Standing since", "standing_since", _D, 12),
    Column("Confidential", "confidential", _T, 8),
    Column("Tags", "tags", _T, 24),
    Column("Officer posts", "officer_posts", _T, 16),
    *(Column(f"{channel.label} consent", f"consent_{channel.value}", _T, 10) for channel in ConsentChannel),
    *(Column(f"{channel.label} consent date", f"consent_{channel.value}_date", _D, 12) for channel in ConsentChannel),
    Column("Notes", "notes", _T, 40),
)}
_CONSENT_KEYS = tuple(f"consent_{channel.value}" for channel in ConsentChannel)


def _columns(*keys: str) -> tuple[Column, ...]:
    return tuple(COLUMNS[key] for key in keys)


FULL = ExportProfile(
    name="full",
    title="Full register",
    description="Every field: contact details, LIEN status, Labour standing and its date, tags, officer "
    "posts, consents and notes. Special-category data: keep it safe.",
    columns=tuple(COLUMNS.values()),
)

CONTACTS = ExportProfile(
    name="contacts",
    title="Contact list",
    description="Names, email, phones, address, branch and consent per channel. No status, Labour "
    "standing, union, notes or other sensitive fields.",
    columns=_columns("first_name", "last_name", "preferred_name", "email", "mobile_phone", "home_phone",
                     "address_line1", "address_line2", "town", "postcode", "branch", *_CONSENT_KEYS),
)

# The national return is minimised (UK GDPR art. 5(1)(c)): only what the national network needs to
# count its members, and nothing that names or reaches a person.
NATIONAL_RETURN = ExportProfile(
    name="national-return",
    title="National return (minimised)",
    description="One anonymous row per member: reference, constituency, branch, LIEN status and the year "
    "joined. No names, contact details, Labour standing or union.",
    columns=(
        # The chapter's own register number: lets the chapter answer a query about a row without the
        # national office ever holding a name (pseudonymous; only the chapter can link it back).
        Column("Member reference", "id", _N, 12),
        # The unit the national network counts by; the code is unambiguous, the name is for people.
        # Branch-level counts are how organising is planned. What a return counts: active, lapsed, left.
        *_columns("constituency_code", "constituency_name", "branch", "status"),
        # The year only: enough for cohort and retention figures, far less identifying than a date.
        Column("Year joined", "joined_year", _N, 8),
        # Left out on purpose: names, email, phones, address and postcode (identify a person), Labour
        # standing (disciplinary, special category), trade union (special category, art. 9), notes,
        # tags, Labour membership number (links to the Party's own records).
    ),
)

PROFILES: dict[str, ExportProfile] = {p.name: p for p in (FULL, CONTACTS, NATIONAL_RETURN)}
DEFAULT_PROFILE = FULL.name


def profile(name: str) -> ExportProfile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ValueError(f"“{name}” is not an export profile ({known})") from None


# --- cell values ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _slow_phone(e164: str) -> str:
    return display_phone(e164)


def export_phone(e164: str) -> str:
    """UK numbers as dialled in the UK, others in international form (see the module docstring).

    Mobiles (+44 7[1-5,7-9]...) are formatted here directly ("07700 900123"), exactly as
    phonenumbers would, because phonenumbers takes ~50 µs a number: seconds for a large register.
    """
    if not e164:
        return ""
    if len(e164) == 13 and e164.startswith("+447") and e164[4] in "12345789":
        return f"0{e164[3:7]} {e164[7:]}"
    return _slow_phone(e164)


_STATUS_LABELS = {status: status.label for status in MemberStatus}  # Enum.value is slow in a hot loop
_STANDING_TEXT = {None: "", **{kind: label for kind, label in STANDING_LABELS.items()}}


# How each exportable value is shown: one attribute of the member, then a conversion (None: as stored).
CELL_SOURCES: dict[str, tuple[str, Callable[[object], object] | None]] = {
    **{key: (key, None) for key in (
        "id", "first_name", "last_name", "preferred_name", "email", "address_line1", "address_line2", "town",
        "postcode", "constituency_code", "constituency_name", "branch", "trade_union", "joined_on",
        "labour_membership_number", "notes", "standing_since",
        *(f"consent_{c.value}{suffix}" for c in ConsentChannel for suffix in ("", "_date")))},
    "mobile_phone": ("mobile_phone", export_phone),  # type: ignore[dict-item]
    "home_phone": ("home_phone", export_phone),  # type: ignore[dict-item]
    "joined_year": ("joined_on", lambda day: day.year if day else None),  # type: ignore[attr-defined]
    "status": ("status", _STATUS_LABELS.__getitem__),
    "standing": ("standing", _STANDING_TEXT.__getitem__),
    "confidential": ("confidential", lambda flag: "Yes" if flag else "No"),
    "tags": ("tags", lambda tags: join_values(tags, TAG_SEPARATORS) if tags else ""),  # type: ignore[arg-type]
    "officer_posts": ("officer_posts", lambda posts: join_values(posts, POST_SEPARATORS) if posts else ""),  # type: ignore[arg-type]
}


def row_maker(prof: ExportProfile) -> Callable[[ExportMember], list[object]]:
    """A function giving one member's row of cells for a profile (built once, called per member).

    The function is compiled from the profile, as dataclasses compile their __init__: one list display
    of attribute reads and conversions, `[m.id, m.first_name, export_phone(m.mobile_phone), ...]`.
    It is twice as fast as a loop over getters, and an export makes millions of cells. Only names
    from CELL_SOURCES (identifiers of this module) go into the source.
    """
    namespace: dict[str, object] = {}
    cells = []
    for i, key in enumerate(prof.keys):
        name, convert = CELL_SOURCES[key]
        if not name.isidentifier():  # never: CELL_SOURCES is ours; checked all the same
            raise ValueError(f"not an attribute name: {name!r}")
        if convert is None:
            cells.append(f"m.{name}")
        else:
            namespace[f"convert_{i}"] = convert
            cells.append(f"convert_{i}(m.{name})")
    source = f"def row(m):\n    return [{', '.join(cells)}]\n"
    exec(compile(source, f"<export row: {prof.name}>", "exec"), namespace)  # noqa: S102
    return namespace["row"]  # type: ignore[return-value]


def csv_text(value: object) -> str:
    """One cell as CSV text: dates dd/mm/yyyy (UK order, as the importer reads them), neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_csv(value)
    if isinstance(value, dt.date):
        return format_uk_date(value)
    return str(value)
