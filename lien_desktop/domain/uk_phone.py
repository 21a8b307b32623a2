"""UK phone numbers without phonenumbers' per-call cost (about 100 µs a number; 10 s per 100,000 rows).

`is_valid_uk(nsn)` follows phonenumbers' own validity rule exactly (the same metadata, the same
order: a region with leading digits claims the number by them, otherwise by a full type match), with
the patterns compiled once. `display_uk(nsn)` formats like phonenumbers' NATIONAL format, whose
grouping depends only on the leading digits and the length: it is computed by the library once per
(first 6 digits, length) and reused; `display_uk_groups(nsn)` gives the same as its digit groups.
tests/test_uk_phone.py checks both against the library.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import PhoneMetadata

# Validity is "matches any type", so the order only matters for speed: the commonest types first.
_TYPES = ("mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
          "uan", "voicemail")


def _desc(desc: object) -> tuple[frozenset[int], re.Pattern[str]] | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if desc is None or pattern is None:
        return None
    return frozenset(desc.possible_length or ()), re.compile(f"(?:{pattern})\\Z")  # type: ignore[attr-defined]


def _region(code: str) -> tuple[re.Pattern[str] | None, list[tuple[frozenset[int], re.Pattern[str]] | None]]:
    metadata = PhoneMetadata.metadata_for_region(code)
    leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
    return leading, [_desc(metadata.general_desc), *(_desc(getattr(metadata, t)) for t in _TYPES)]


@functools.cache
def _regions() -> list[tuple[re.Pattern[str] | None, list[tuple[frozenset[int], re.Pattern[str]] | None]]]:
    """Compiled when a number is first checked, not at start-up (the window only shows numbers)."""
    return [_region(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44]]


def _matches(nsn: str, desc: tuple[frozenset[int], re.Pattern[str]] | None) -> bool:
    if desc is None:
        return False
    lengths, pattern = desc
    if lengths and len(nsn) not in lengths:
        return False
    return pattern.match(nsn) is not None


def _typed(nsn: str, descs: list[tuple[frozenset[int], re.Pattern[str]] | None]) -> bool:
    return _matches(nsn, descs[0]) and any(_matches(nsn, d) for d in descs[1:])


def is_valid_uk(nsn: str) -> bool:
    """Is +44 `nsn` a valid number (as phonenumbers.is_valid_number says)?"""
    for leading, descs in _regions():
        if leading is not None:
            if leading.match(nsn):
                return _typed(nsn, descs)
        elif _typed(nsn, descs):
            return True
    return False


_GROUPINGS: dict[tuple[str, int], tuple[bool, tuple[int, ...]]] = {}


def _grouping(nsn: str) -> tuple[bool, tuple[int, ...]]:
    """(plain, group sizes) of the NATIONAL format for numbers starting like `nsn`, asked once per shape."""
    key = (nsn[:6], len(nsn))
    found = _GROUPINGS.get(key)
    if found is None:
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(nsn))
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        plain = re.sub(r"\D", "", shown) in {"0" + nsn, nsn} and re.fullmatch(r"\d+(?: \d+)*", shown) is not None
        found = (plain, tuple(len(g) for g in shown.split(" ")))
        if len(_GROUPINGS) < 100_000:
            _GROUPINGS[key] = found
    return found


def display_uk(nsn: str) -> str:
    """'7700900123' -> '07700 900123', as phonenumbers' NATIONAL format shows it."""
    groups = display_uk_groups(nsn)
    if groups is None:  # a format that is not plain digit grouping: ask the library every time
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(nsn))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return " ".join(groups)


def display_uk_groups(nsn: str) -> list[str] | None:
    """'7700900123' -> ['07700', '900123'], the digit groups display_uk shows; None where its format is
    more than digit groups (then only display_uk says how it looks)."""
    plain, sizes = _grouping(nsn)
    if not plain:
        return None
    digits = "0" + nsn if sum(sizes) == len(nsn) + 1 else nsn
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at:at + size])
        at += size
    return groups
