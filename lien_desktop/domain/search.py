"""What the search index holds for a member, and how a typed query becomes index terms.

The text is folded (lower-case ASCII), so "lukasz" finds "Łukasz" and "siobhan" finds "Siobhán".
Phones are indexed as displayed and as bare digits, postcodes with and without their space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from anyascii import anyascii

from lien_desktop.domain.text import fold
from lien_desktop.domain.uk_phone import display_uk, display_uk_groups
from lien_desktop.domain.validation import display_phone

_WORDS = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"\d+")
_NOT_DIGITS = re.compile(r"\D")


def _phone_forms(e164: str) -> list[str]:
    """'+447700900123' -> 447700900123, 07700900123, and the displayed words 07700 900123."""
    nsn = e164[3:]
    if e164[:3] == "+44" and nsn.isdigit():
        # A UK number is shown as display_uk groups it, valid or not (what display_phone shows, without
        # deciding validity first: 20 µs a number, 2 s of a 100,000-row import).
        forms = ["44" + nsn, "0" + nsn]
        groups = display_uk_groups(nsn)
        words = groups if groups is not None else _DIGITS.findall(display_uk(nsn))
    else:
        digits = e164[1:] if e164[:1] == "+" and e164[1:].isdigit() else _NOT_DIGITS.sub("", e164)
        forms = [digits, "0" + digits[2:]] if digits.startswith("44") else [digits]
        words = _DIGITS.findall(display_phone(e164))
    for word in words:
        if word not in forms:
            forms.append(word)
    return forms


# Written for speed (an import computes it for every row): the same words as folding each field.
def member_search_text(values: Mapping[str, object]) -> str:
    """A leading space and words separated by spaces, so word-prefix LIKE '% term%' works anywhere."""
    get = values.get
    postcode = str(get("postcode") or "")
    # Fields joined by a space and folded together: the same words as field by field, one call instead of five.
    joined = f"{get('first_name') or ''} {get('last_name') or ''} {get('preferred_name') or ''} {get('email') or ''} {postcode}"
    words: list[str] = _WORDS.findall((joined if joined.isascii() else anyascii(joined)).lower())
    if postcode:
        words.append("".join((postcode if postcode.isascii() else anyascii(postcode)).split()).lower())
    phone = get("mobile_phone")
    if phone:
        words += _phone_forms(str(phone))
    phone = get("home_phone")
    if phone:
        words += _phone_forms(str(phone))
    return " " + " ".join(words)


def member_name_key(values: Mapping[str, object]) -> str:
    """Sort key for names: folded 'last first', so Łukasz sorts with the Ls."""
    return f"{fold(str(values.get('last_name') or ''))}\x1f{fold(str(values.get('first_name') or ''))}"


def query_terms(query: str) -> list[str]:
    """Folded words of a query; a phone typed with spaces also matches its digits run together."""
    stripped = query.strip()
    digits = re.sub(r"\D", "", stripped)
    if len(digits) >= 5 and re.fullmatch(r"[+\d\s().\-]+", stripped):
        # A phone number typed with spaces: match its digits run together (stored that way too).
        return [digits[2:] if digits.startswith("00") else digits]
    return re.findall(r"[a-z0-9]+", fold(query))


def text_matches(search_text: str, terms: list[str]) -> bool:
    """Whether a member's search text matches every query term, as the search index would answer.

    The text is a leading space and [a-z0-9] words separated by single spaces: exactly the words
    FTS5's unicode61 tokenizer finds in it. So "term"* in the index, LIKE '% term%' in SQL and this
    test all mean the same thing: every term starts one of its words.
    """
    return all(f" {term}" in search_text for term in terms)
