"""The fonts every printed document uses, registered once per process, with a fallback for CJK.

DejaVu Sans covers Latin (Polish, Irish, Welsh ŵ ŷ), Greek and Cyrillic. reportlab has no font
fallback of its own, so text is cut into runs by whether DejaVu has each character (its TrueType cmap),
and the runs it lacks go to Droid Sans Fallback (CJK). The fallback (4 MB) is only loaded when a
document actually needs it, which keeps a plain English document quick to build.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from lien_desktop.io.pdf.font_cache import load_font
from lien_desktop.paths import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
FALLBACK = "DroidSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}

_lock = threading.RLock()
_registered: set[str] = set()


def _register(name: str) -> None:
    with _lock:
        if name in _registered:
            return
        pdfmetrics.registerFont(load_font(name, resource("fonts", _FILES[name])))
        _registered.add(name)


def register_fonts() -> None:
    """Register DejaVu (regular, bold, oblique) as one family; cheap after the first call."""
    if {REGULAR, BOLD, OBLIQUE} <= _registered:
        return
    with _lock:
        for name in (REGULAR, BOLD, OBLIQUE):
            _register(name)
        # No bold-oblique face is shipped: bold wins, so <b><i> still reads as emphasis.
        for face, bold, italic in ((REGULAR, 0, 0), (BOLD, 1, 0), (OBLIQUE, 0, 1), (BOLD, 1, 1)):
            addMapping(REGULAR, bold, italic, face)
            addMapping(BOLD, bold, italic, face)
            addMapping(OBLIQUE, bold, italic, face)


def register_fallback() -> None:
    """Load Droid Sans Fallback; it has one face, mapped for bold and italic too."""
    if FALLBACK in _registered:
        return
    with _lock:
        _register(FALLBACK)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FALLBACK, bold, italic, FALLBACK)


@lru_cache(maxsize=8)
def _cmap(font_name: str) -> frozenset[int]:
    if font_name == FALLBACK:
        register_fallback()
    else:
        register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in _cmap(font_name)


def _needs_fallback(char: str, font_name: str) -> bool:
    code = ord(char)
    # Plain ASCII and line breaks are always in DejaVu: skip the set look-up for the common case.
    if code < 0x250 or code in _cmap(font_name):
        return False
    return code in _cmap(FALLBACK)


def font_runs(text: str, font_name: str = REGULAR) -> Iterator[tuple[str, str]]:
    """Split text into (font, run) pieces: `font_name` where it has the glyph, else the fallback.

    Characters that neither font has stay with `font_name` (they print as its missing-glyph box;
    there is nothing better to offer).
    """
    if not text:
        return
    if text.isascii():
        yield font_name, text
        return
    current: str | None = None
    start = 0
    for index, char in enumerate(text):
        font = FALLBACK if _needs_fallback(char, font_name) else font_name
        if font != current:
            if current is not None and index > start:
                yield current, text[start:index]
            current, start = font, index
    if current is not None:
        yield current, text[start:]
