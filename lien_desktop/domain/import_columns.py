"""Which column holds what: header names and their synonyms, the header row, the column mapping.

Columns are matched by their header's name, never by position. Headers are compared folded
("E-mail Address" = "email address" = "EMAIL_ADDRESS").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lien_desktop.domain.errors import field_label
from lien_desktop.domain.import_table import column_letter
from lien_desktop.domain.text import fold

FULL_NAME = "full_name"  # a pseudo-field: "Ann Smith" split into first and last name
CONSTITUENCY_NAME = "constituency_name"  # a pseudo-field: the constituency's name, stored as its code

SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "firstname", "forename", "forenames", "given name", "given names", "first",
                   "christian name", "fname"),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "second name", "lname"),
    FULL_NAME: ("name", "full name", "member name", "member", "contact name"),
    "preferred_name": ("preferred name", "known as", "nickname", "preferred first name"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "email addr", "emails"),
    "mobile_phone": ("mobile", "mobile phone", "mobile number", "mobile no", "mobile tel", "cell", "cell phone",
                     "phone", "phone number", "telephone", "tel", "contact number", "mob"),
    "home_phone": ("home phone", "landline", "home telephone", "home tel", "home number", "phone home",
                   "telephone home", "land line"),
    "address_line1": ("address", "address 1", "address line 1", "address1", "street", "street address",
                      "address line one", "home address"),
    "address_line2": ("address 2", "address line 2", "address2", "locality", "address line two"),
    "town": ("town", "city", "town city", "post town", "town or city"),
    "postcode": ("postcode", "post code", "postal code", "zip", "zip code", "pcode"),
    "constituency_code": ("constituency code", "ons code", "pcon", "pcon code", "constituency"),
    # A constituency given by its name (as our export writes it beside the code): read as its code.
    CONSTITUENCY_NAME: ("constituency name", "pcon name", "westminster constituency", "constituency name 2024"),
    "branch": ("branch", "ward", "branch ward", "local branch", "polling district"),
    "trade_union": ("trade union", "union", "tu"),
    "joined_on": ("joined", "date joined", "join date", "joined on", "member since", "joining date",
                  "date of joining", "start date", "joined date"),
    "labour_membership_number": ("labour membership number", "membership number", "labour number",
                                 "membership no", "member no", "member number", "lp number",
                                 "labour membership no", "membership id", "labour id"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
    "status": ("status", "lien status", "membership status", "member status", "state"),
    "confidential": ("confidential", "private", "do not share"),
    "tags": ("tags", "tag", "groups", "interests", "labels"),
    # Labour standing: imported as a dated event on the member's timeline (see import_rows.check_standing).
    "standing": ("labour standing", "party standing", "standing", "current standing"),
    "standing_since": ("standing since", "standing date", "date of standing", "standing from"),
    "officer_posts": ("officer posts", "officer post", "posts", "officer roles", "roles", "offices"),
    **{f"consent_{channel}": (f"{channel} consent", f"consent {channel}", f"consent to {channel}")
       for channel in ("email", "phone", "post")},
    **{f"consent_{channel}_date": (f"{channel} consent date", f"consent {channel} date",
                                   f"date of {channel} consent") for channel in ("email", "phone", "post")},
}
# Headers of our own exports that are recognised and deliberately not imported: the register numbers its
# members itself, and another register's numbers (or an old copy's) would name other people here.
OWN_RECORD_HEADERS = frozenset({"member id", "memberid", "member reference"})
OWN_RECORD_REASON = ("is the register's own record number, written by an export: recognised and not imported "
                     "(the register numbers its members itself; a member already here is found by email, Labour "
                     "membership number, or name and postcode)")


def ignored_reason(header: object) -> str | None:
    """Why a recognised column is left out on purpose; None for a column the importer does not know."""
    return OWN_RECORD_REASON if header_key(header) in OWN_RECORD_HEADERS else None


def header_key(text: object) -> str:
    """'E-mail Address' -> 'email address'; '' for a blank header."""
    folded = fold(str(text or ""))
    return " ".join(re.findall(r"[a-z0-9]+", folded.replace("-", "")))


_LOOKUP: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in (*_names, header_key(field_label(_field)) if _field != FULL_NAME else "full name"):
        _LOOKUP.setdefault(header_key(_name), _field)


def field_for_header(text: object) -> str | None:
    key = header_key(text)
    if key in OWN_RECORD_HEADERS:
        return None
    return _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))


def mappable_fields() -> list[str]:
    return list(SYNONYMS)


_TITLES = {FULL_NAME: "Full name (split)", "constituency_code": "Constituency code",
           CONSTITUENCY_NAME: "Constituency (by name)", "standing": "Labour standing", "standing_since": "Standing since",
           "officer_posts": "Officer posts",
           **{f"consent_{c}": f"{c.capitalize()} consent" for c in ("email", "phone", "post")},
           **{f"consent_{c}_date": f"{c.capitalize()} consent date" for c in ("email", "phone", "post")}}


def field_title(name: str) -> str:
    return _TITLES.get(name) or field_label(name)


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based within the sheet's read area
    header: str
    letter: str
    has_data: bool

    @property
    def title(self) -> str:
        """How the secretary finds it: the header, or the column letter when the header is blank."""
        return self.header or f"column {self.letter}"


def header_score(row: list[object]) -> int:
    """How many distinct register fields a row's cells name; 0 unless one of them is a name or email."""
    fields = {f for f in (field_for_header(c) for c in row if isinstance(c, str) and c.strip()) if f}
    return len(fields) if fields & {"first_name", "last_name", FULL_NAME, "email"} else 0


def find_header_row(rows: list[list[object]], scan: int = 30) -> tuple[int | None, int]:
    """(index, score) of the row that names the columns: the first, among the first `scan` rows, with the
    most recognised headers (at least two, one of them a name or email). Title rows above it are not members."""
    best_index, best_score = None, 1
    for index, row in enumerate(rows[:scan]):
        score = header_score(row)
        if score > best_score:
            best_index, best_score = index, score
    return best_index, (best_score if best_index is not None else 0)


def columns_of(rows: list[list[object]], header_index: int, first_col: int) -> list[Column]:
    header = rows[header_index]
    width = max((len(r) for r in rows[header_index:]), default=len(header))
    columns = []
    for j in range(width):
        text = str(header[j]).strip() if j < len(header) and header[j] not in (None, "") else ""
        has_data = any(j < len(r) and r[j] not in (None, "") for r in rows[header_index + 1:])
        if not text and not has_data:
            continue
        columns.append(Column(index=j, header=text, letter=column_letter(first_col + j), has_data=has_data))
    return columns


def auto_mapping(columns: list[Column]) -> dict[int, str | None]:
    """Column index -> field (or None: not imported). Each field is taken by the first column naming it."""
    mapping: dict[int, str | None] = {}
    taken: set[str] = set()
    for column in columns:
        found = field_for_header(column.header) if column.header else None
        if found and found not in taken:
            mapping[column.index] = found
            taken.add(found)
        else:
            mapping[column.index] = None
    return mapping


def headers_signature(columns: list[Column]) -> str:
    """The same headers (in any order, any case or punctuation) give the same signature."""
    return "|".join(sorted(header_key(c.header) or f"#{c.letter}" for c in columns))


def check_mapping(mapping: dict[int, str | None]) -> list[str]:
    """What is wrong with a mapping, in words; empty when it can be used."""
    problems = []
    chosen = [f for f in mapping.values() if f]
    for name in sorted({f for f in chosen if chosen.count(f) > 1}):
        problems.append(f"two columns are mapped to {field_title(name)}; choose one")
    if not {"first_name", "last_name", FULL_NAME} & set(chosen):
        problems.append("no column is mapped to a name (First name, Last name or Full name)")
    if "status" not in chosen:
        problems.append("no column is mapped to LIEN status; every member needs one (active, lapsed or left) "
                        "— a missing status is never taken to mean active")
    if FULL_NAME in chosen and {"first_name", "last_name"} & set(chosen):
        problems.append("a Full name column cannot be used together with First/Last name columns")
    return problems
