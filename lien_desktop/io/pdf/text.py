"""User text made safe for reportlab's Paragraph markup.

`Paragraph` parses its text as mini-HTML: a name such as `<font size=500>` or `<a href=...>` would
change the layout or add a link. Every piece of user text goes through `safe()` (or `para()`), which
escapes `&`, `<` and `>`, drops control characters, turns newlines into line breaks, and wraps
characters DejaVu lacks in the fallback font. Markup we write ourselves (labels in bold, say) is
joined around the already-escaped text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from lien_desktop.io.pdf.fonts import FALLBACK, font_runs

# C0/C1 control characters other than tab and newline print as nothing useful (and a NUL upsets
# the PDF text extraction of some readers): drop them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Scripts whose letters join or run right to left (Hebrew, Arabic, Syriac, Thaana, Arabic
# presentation forms): such text is shaped with HarfBuzz (uharfbuzz) so that it prints joined and in
# reading order. Shaping costs time, so only the paragraphs that need it get it.
_NEEDS_SHAPING = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def escape(text: str) -> str:
    """&, < and > as entities (xml.sax.saxutils would do, but importing it drags in urllib: 90 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: object) -> str:
    """The text as it should print on one or more lines: newlines unified, controls dropped."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", value)


def safe(text: object, font_name: str) -> str:
    """Paragraph markup that prints `text` literally in `font_name` (with the CJK fallback)."""
    lines = []
    for line in plain(text).split("\n"):
        pieces = []
        for font, run in font_runs(line, font_name):
            escaped = escape(run)
            pieces.append(f'<font name="{FALLBACK}">{escaped}</font>' if font == FALLBACK else escaped)
        lines.append("".join(pieces))
    return "<br/>".join(lines)


@lru_cache(maxsize=64)
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def para(text: object, style, prefix: str = "", suffix: str = "") -> Paragraph:
    """A Paragraph of user text in `style`; `prefix`/`suffix` are our own (trusted) markup."""
    value = plain(text)
    if _NEEDS_SHAPING.search(value):
        style = _shaped(style)
    return Paragraph(prefix + safe(value, style.fontName) + suffix, style)


def paragraphs(text: object, style) -> list[Paragraph]:
    """Notes as printed paragraphs: a blank line starts a new paragraph, a newline breaks the line."""
    blocks = re.split(r"\n\s*\n", plain(text).strip())
    return [para(block.strip("\n"), style) for block in blocks if block.strip()]
