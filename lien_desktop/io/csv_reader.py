"""CSV and tab-separated text: the encoding and the delimiter found, never guessed into mojibake.

Recognised: UTF-8 with or without BOM, UTF-16 with BOM, and Windows-1252 (what Excel on a UK Windows
machine writes). A file that is not UTF-8 is read as Windows-1252 only when every accented character
it then shows is one a member list plausibly holds (letters with accents, £, €, typographic quotes);
otherwise the encoding is *undecided* and the user chooses, looking at a preview of each candidate.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from lien_desktop.domain.errors import LienError
from lien_desktop.domain.export_profiles import restore_neutralised
from lien_desktop.domain.import_table import RawSheet
from lien_desktop.io.file_safety import FileFacts, UnsafeFile

CANDIDATE_ENCODINGS = ("cp1252", "iso-8859-15", "mac_roman", "cp850")
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western European)",
    "iso-8859-15": "ISO-8859-15 (Latin-9)",
    "mac_roman": "Mac Roman",
    "cp850": "DOS Latin-1 (code page 850)",
}
_PLAUSIBLE_SYMBOLS = set("£€’‘“”–—…•°·×÷½¼¾§©®™")
MAX_FIELD_CHARS = 32_767


class EncodingUndecided(LienError):
    """The text could be read several ways; the user must choose (see `previews`)."""

    def __init__(self, file_name: str, previews: dict[str, str]):
        self.previews = previews
        super().__init__(f"“{file_name}” is not UTF-8, and its encoding cannot be decided from its contents: "
                         "choose the encoding (for example --encoding cp1252) after looking at the preview")


def _plausible(text: str) -> bool:
    for ch in text:
        if ord(ch) < 128:
            continue
        if ch in _PLAUSIBLE_SYMBOLS:
            continue
        category = unicodedata.category(ch)
        if category in {"Ll", "Lu"} and ord(ch) < 0x250:
            continue
        if ch == "\u00a0":
            continue
        return False
    return True


def _mojibake(text: str) -> bool:
    """UTF-8 read as Windows-1252 shows pairs like 'Ã©'; real names do not."""
    return re.search(r"[ÃÂÅ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]", text) is not None


def decide_encoding(data: bytes) -> str | None:
    """The encoding to read `data` with, or None when it cannot be decided."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252" if _plausible(text) and not _mojibake(text) else None


def encoding_previews(data: bytes, lines: int = 8) -> dict[str, str]:
    """The first lines as each candidate encoding would show them (those that can decode at all)."""
    sample = b"\n".join(data.splitlines()[:lines])
    previews: dict[str, str] = {}
    for encoding in CANDIDATE_ENCODINGS:
        try:
            previews[encoding] = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
    return previews


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """Comma, semicolon or tab: the one that splits the first lines into the same number (> 1) of fields."""
    if suffix in {".tsv", ".tab"}:
        return "\t"
    sample = text[:65536].splitlines()[:50]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        counts = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        score = counts.count(common) * 1000 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_text_table(facts: FileFacts, encoding: str | None = None) -> RawSheet:
    data = facts.path.read_bytes()
    chosen = encoding or decide_encoding(data)
    if chosen is None:
        raise EncodingUndecided(facts.path.name, encoding_previews(data))
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise LienError(f"“{facts.path.name}” cannot be read as {ENCODING_LABELS.get(chosen, chosen)}: {exc}") from None
    if chosen in {"utf-8", "utf-16"} and text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise UnsafeFile(f"“{facts.path.name}” is not a text file (it contains NUL characters)")
    delimiter = sniff_delimiter(text, facts.path.suffix.lower())
    # The limit is process-wide in the csv module: set it for this read only, then put it back.
    previous_limit = csv.field_size_limit(MAX_FIELD_CHARS + 1)
    try:
        # Our export puts an apostrophe in front of a formula-like text ("'=Ada"); exactly that one is dropped
        # (a genuine leading apostrophe, as in "'Tis", is kept: see restore_neutralised).
        rows: list[list[object]] = [[restore_neutralised(c) if c[:1] == "'" else c for c in r]
                                    for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise UnsafeFile(f"“{facts.path.name}” is not a readable CSV file ({exc}; a field longer than "
                         f"{MAX_FIELD_CHARS:,} characters or a broken quote)") from None
    finally:
        csv.field_size_limit(previous_limit)
    return RawSheet(file_name=facts.path.name, sheet="", rows=rows, first_row=1, first_col=0, encoding=chosen)
