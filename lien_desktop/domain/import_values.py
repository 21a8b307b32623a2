"""Reading one spreadsheet cell as a careful person would, for the register field it was mapped to.

Each function returns the value to store or raises FieldProblem (an error for that cell), and may
add warnings. Nothing is ever defaulted: a blank or unknown status is an error, never "active".
"""

from __future__ import annotations

import datetime as dt
import re

from lien_desktop.domain.list_cells import POST_SEPARATORS, TAG_SEPARATORS, split_values
from lien_desktop.domain.members import STANDING_LABELS, MemberStatus, StandingKind
from lien_desktop.domain.validation import (
    MAX_LINE,
    MAX_NAME,
    MAX_NOTES,
    FieldProblem,
    is_drama,
    normalise_email,
    normalise_membership_number,
    normalise_phone,
    normalise_postcode,
    parse_uk_date,
)
from lien_desktop.domain.text import clean, fold
from lien_desktop.domain.uk_phone import is_valid_uk

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1 Jan 1900 (with Excel's 1900 leap-year quirk)
MAX_SERIAL = 2_958_465  # 31 Dec 9999
_INVISIBLE = re.compile(r"[\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]+")
_UK_NUMBER = re.compile(r"^(?:\+44|0)([1-9]\d{8,9})$")
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?[eE]\+?\d+$")

STATUS_WORDS: dict[str, MemberStatus] = {
    "active": MemberStatus.ACTIVE,
    "current": MemberStatus.ACTIVE,
    "lapsed": MemberStatus.LAPSED,
    "expired": MemberStatus.LAPSED,
    "in arrears": MemberStatus.LAPSED,
    "left": MemberStatus.LEFT,
    "former member": MemberStatus.LEFT,
    "former": MemberStatus.LEFT,
}
# Words that describe a person's Labour Party standing, not their LIEN status. Refused with a reason:
# a suspended or expelled member silently made "active" is the worst thing an import can do.
_STANDING_WORDS = ("suspend", "expel", "exclu", "investigat", "appeal", "readmit", "resign", "ban")


def as_text(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates in UK order."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def text_field(limit: int):  # type: ignore[no-untyped-def]
    def read(value: object, warnings: list[str]) -> str:
        text = clean(as_text(value))
        if len(text) > limit:
            raise FieldProblem(f"is too long ({len(text):,} characters; at most {limit:,})")
        return text

    return read


def read_notes(value: object, warnings: list[str]) -> str:
    text = as_text(value).strip().replace("\r\n", "\n")
    if len(text) > MAX_NOTES:
        raise FieldProblem(f"is too long ({len(text):,} characters; at most {MAX_NOTES:,})")
    return text


def read_date(value: object, warnings: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise FieldProblem("is TRUE/FALSE, not a date")
    if isinstance(value, (int, float)):
        return _serial(value)
    text = clean(str(value))
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        warnings.append(f"“{text}” read as an Excel date number: {_serial(float(text)):%d/%m/%Y}")
        return _serial(float(text))
    return parse_uk_date(text)


def _serial(number: float) -> dt.date:
    if not 1 <= number <= MAX_SERIAL:
        raise FieldProblem("is a number, not a date")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _phone_digits(value: object) -> str:
    """A phone that a spreadsheet stored as a number lost its leading 0 (or its +)."""
    if isinstance(value, float):
        if not value.is_integer():
            raise FieldProblem("is a number with decimals, not a phone number")
        value = int(value)
    text = clean(str(value))
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise FieldProblem("was shown in scientific notation by the spreadsheet, so its digits are lost; "
                           "type the number again as text")
    compact = re.sub(r"[\s\-().]", "", text)
    if compact.isdigit():
        if len(compact) == 10 and compact[0] in "1237":
            return "0" + compact
        if len(compact) == 12 and compact.startswith("44"):
            return "+" + compact
    return text


_PHONE_PUNCTUATION = str.maketrans("", "", " -().")


def read_phone(value: object, warnings: list[str]) -> str:
    if type(value) is str and value.isascii() and value.isprintable():
        # The common case, 07700 900123 or +44 7700 900123 as text: what the general path below returns for
        # it, without its cleaning and regular expressions (an import reads one or two phones a row).
        compact = value.translate(_PHONE_PUNCTUATION)
        nsn = compact[1:] if compact[:1] == "0" else compact[3:] if compact[:3] == "+44" else ""
        if 9 <= len(nsn) <= 10 and nsn[0] != "0" and nsn.isdigit() and (is_drama("+44" + nsn) or is_valid_uk(nsn)):
            return "+44" + nsn
    if value is None or value == "" or (isinstance(value, str) and not clean(value)):
        return ""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise FieldProblem("is not a phone number")
    text = _phone_digits(value)
    if m := _UK_NUMBER.match(re.sub(r"[\s\-().]", "", text)):
        nsn = m.group(1)
        if is_drama("+44" + nsn) or is_valid_uk(nsn):  # the common case, decided as phonenumbers decides it, 20x faster
            return "+44" + nsn
    return normalise_phone(text)


def read_email(value: object, warnings: list[str]) -> str:
    text = _INVISIBLE.sub("", as_text(value))
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return normalise_email(text)


def read_postcode(value: object, warnings: list[str]) -> str:
    return normalise_postcode(as_text(value))


def read_membership_number(value: object, warnings: list[str]) -> str:
    return normalise_membership_number(as_text(value))


def read_status(value: object, warnings: list[str]) -> MemberStatus:
    text = " ".join(re.findall(r"[a-z]+", fold(as_text(value))))
    if not text:
        raise FieldProblem("is blank: write active, lapsed or left (a blank status is never taken to mean active)")
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    if any(word in text for word in _STANDING_WORDS):
        raise FieldProblem("describes a Labour Party standing, not a LIEN status (active, lapsed or left); "
                           "put the LIEN status here and record the standing on the member's timeline")
    raise FieldProblem("is not a LIEN status: write active, lapsed or left")


def read_bool(value: object, warnings: list[str]) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(as_text(value))
    if text in {"yes", "y", "true", "1", "x", "confidential"}:
        return True
    if text in {"no", "n", "false", "0", ""}:
        return False
    raise FieldProblem("is not yes or no")


def read_constituency(value: object, warnings: list[str]) -> str:
    return clean(as_text(value)).upper()


def _read_list(value: object, separators: str, limit: int, what: str) -> tuple[str, ...]:
    """The values of a list cell (see list_cells), cleaned, each once (ignoring case), in their order."""
    seen: dict[str, str] = {}
    for item in split_values(as_text(value), separators):
        text = clean(item)
        if len(text) > limit:
            raise FieldProblem(f"has {what} longer than {limit} characters (“{text[:20]}…”)")
        if text:
            seen.setdefault(text.lower(), text)
    return tuple(seen.values())


def read_tags(value: object, warnings: list[str]) -> tuple[str, ...]:
    """Tags, separated by commas or semicolons (as exported: "Housing, Youth"; see list_cells)."""
    return _read_list(value, TAG_SEPARATORS, 50, "a tag")


def split_full_name(value: object, warnings: list[str]) -> tuple[str, str]:
    text = clean(as_text(value))
    if len(text) > 2 * MAX_NAME:
        raise FieldProblem("is too long for a name")
    if "," in text:  # "Smith, Ann"
        last, _, first = text.partition(",")
        return clean(first), clean(last)
    first, _, last = text.rpartition(" ")
    if not first:
        return "", last
    return first, last


def _words(value: object) -> str:
    return " ".join(re.findall(r"[a-z]+", fold(as_text(value))))


# Labour standing as written in a cell: our export's labels, the kinds' own names, and a few plain words.
STANDING_WORDS: dict[str, StandingKind] = {
    **{_words(label): kind for kind, label in STANDING_LABELS.items()},
    **{_words(kind.value.replace("_", " ")): kind for kind in StandingKind},
    "member": StandingKind.MEMBER, "expelled": StandingKind.EXPELLED, "auto excluded": StandingKind.EXPELLED,
    "under investigation": StandingKind.NOTICE_OF_INVESTIGATION, "investigation": StandingKind.NOTICE_OF_INVESTIGATION,
    "appeal": StandingKind.APPEAL_LODGED,
}


def read_standing(value: object, warnings: list[str]) -> StandingKind | None:
    text = _words(value)
    if not text:
        return None
    try:
        return STANDING_WORDS[text]
    except KeyError:
        known = ", ".join(STANDING_LABELS.values())
        raise FieldProblem(f"is not a Labour standing (one of: {known})") from None


def read_posts(value: object, warnings: list[str]) -> tuple[str, ...]:
    """Officer post titles, separated by semicolons (as exported: "Secretary; Treasurer"; see list_cells)."""
    return _read_list(value, POST_SEPARATORS, 100, "an officer post")


CONSENT_WORDS = {"yes": "Yes", "y": "Yes", "true": "Yes", "granted": "Yes", "given": "Yes", "no": "No", "n": "No",
                 "false": "No", "refused": "No", "withdrawn": "Withdrawn"}


def read_consent(value: object, warnings: list[str]) -> str:
    """A channel's consent as the export writes it: "Yes", "No", "Withdrawn" (or "" when unknown)."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = _words(value)
    if not text:
        return ""
    try:
        return CONSENT_WORDS[text]
    except KeyError:
        raise FieldProblem("is not a consent: write yes, no or withdrawn") from None


READERS = {
    "first_name": text_field(MAX_NAME),
    "last_name": text_field(MAX_NAME),
    "preferred_name": text_field(MAX_NAME),
    "email": read_email,
    "mobile_phone": read_phone,
    "home_phone": read_phone,
    "address_line1": text_field(MAX_LINE),
    "address_line2": text_field(MAX_LINE),
    "town": text_field(MAX_NAME),
    "postcode": read_postcode,
    "constituency_code": read_constituency,
    "branch": text_field(MAX_NAME),
    "trade_union": text_field(MAX_NAME),
    "joined_on": read_date,
    "labour_membership_number": read_membership_number,
    "notes": read_notes,
    "status": read_status,
    "confidential": read_bool,
    "tags": read_tags,
    "standing": read_standing,
    "standing_since": read_date,
    "officer_posts": read_posts,
    **{f"consent_{c}": read_consent for c in ("email", "phone", "post")},
    **{f"consent_{c}_date": read_date for c in ("email", "phone", "post")},
}
# A wrong phone is a warning (the row is still imported; the text is kept in the notes, never lost).
SOFT_FIELDS = frozenset({"mobile_phone", "home_phone"})
