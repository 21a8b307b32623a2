"""What the search index holds for a member, and how a typed query becomes index terms.

The text is folded (lower-case ASCII), so "lukasz" finds "Łukasz" and "siobhan" finds "Siobhán".
Phones are indexed as displayed and as bare digits, postcodes with and without their space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lien_desktop.domain.text import fold
from lien_desktop.domain.validation import display_phone

_WORDS = re.compile(r"[a-z0-9]+")
_SEARCHED = ("first_name", "last_name", "preferred_name", "email", "postcode")
_PHONES = ("mobile_phone", "home_phone")


def _phone_forms(e164: str) -> list[str]:
    """'+447700900123' -> 447700900123, 07700900123, and the displayed words 07700 900123."""
    digits = re.sub(r"\D", "", e164)
    forms = [digits]
    if digits.startswith("44"):
        forms.append("0" + digits[2:])
    forms.extend(re.findall(r"\d+", display_phone(e164)))
    return list(dict.fromkeys(forms))


def member_search_text(values: Mapping[str, object]) -> str:
    """A leading space and words separated by spaces, so word-prefix LIKE '% term%' works anywhere."""
    # Folded together: the same words as field by field (fields are joined by a space), one call instead of five.
    words: list[str] = _WORDS.findall(fold(" ".join(str(values.get(name) or "") for name in _SEARCHED)))
    postcode = str(values.get("postcode") or "")
    if postcode:
        words.append(fold(postcode).replace(" ", ""))
    for name in _PHONES:
        phone = str(values.get(name) or "")
        if phone:
            words.extend(_phone_forms(phone))
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
