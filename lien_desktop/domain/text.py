"""Text folding for search and sorting: case- and accent-insensitive ("Łukasz" ~ "lukasz")."""

from __future__ import annotations

import re

from anyascii import anyascii

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ASCII transliteration: 'Siobhán Ní Bhriain' -> 'siobhan ni bhriain'."""
    if not text:
        return ""
    # split() splits on exactly the white space regex \s matches (both use str.isspace), twice as fast.
    return " ".join((text if text.isascii() else anyascii(text)).split()).lower()


def search_terms(query: str) -> list[str]:
    """Split what the user typed into folded alphanumeric words, as the search index stores them."""
    return re.findall(r"[a-z0-9]+", fold(query))


def clean(text: str | None) -> str:
    """Trim and collapse inner white space (including non-breaking and zero-width spaces)."""
    if text is None:
        return ""
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u200c", "").replace("\u200d", "")
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
