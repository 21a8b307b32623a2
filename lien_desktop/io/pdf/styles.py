"""The look of every printed document: A4, generous margins, one accent colour used sparingly."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from types import SimpleNamespace

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from lien_desktop.io.pdf.fonts import BOLD, OBLIQUE, REGULAR, register_fonts

PAGE = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 26 * mm  # room for the running header
MARGIN_BOTTOM = 25 * mm  # room for the footer

INK = colors.HexColor("#1F2328")
MUTED = colors.HexColor("#5E6670")
ACCENT_HEX = "#9E1B32"  # a deep, quiet red
ACCENT = colors.HexColor(ACCENT_HEX)
RULE = colors.HexColor("#C9CDD2")
SHADE = colors.HexColor("#F3F1EE")  # motion wording, table headers
HEADER_SHADE = colors.HexColor("#E9E6E1")
WATERMARK = colors.HexColor("#B0222A")
ITEM_NUMBER_WIDTH = 10 * mm

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def long_date(value: dt.date | None) -> str:
    """'Thursday 12 March 2026', whatever the machine's locale."""
    if value is None:
        return ""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def time_range(start: dt.time | None, end: dt.time | None) -> str:
    if start and end:
        return f"{start:%H:%M}–{end:%H:%M}"
    if start:
        return f"from {start:%H:%M}"
    return ""


@lru_cache(maxsize=1)
def styles() -> SimpleNamespace:
    """Paragraph styles, built once per process (after the fonts are registered)."""
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, textColor=INK,
                          splitLongWords=1, spaceAfter=4, alignment=TA_LEFT)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return SimpleNamespace(
        body=base,
        network=style("network", fontName=BOLD, fontSize=8.5, leading=11, textColor=ACCENT, spaceAfter=2),
        chapter=style("chapter", fontName=BOLD, fontSize=18, leading=22, spaceAfter=2),
        doc_title=style("doc_title", fontSize=13, leading=17, textColor=INK, spaceAfter=2),
        subtitle=style("subtitle", fontName=OBLIQUE, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8),
        status=style("status", fontName=BOLD, fontSize=9, leading=12, textColor=ACCENT, spaceAfter=6),
        section=style("section", fontName=BOLD, fontSize=11.5, leading=15, textColor=ACCENT,
                      spaceBefore=12, spaceAfter=5),
        # The item's number hangs in the margin of its title, in the accent colour (a bullet: drawn as
        # plain text, never parsed, and much cheaper than an inline <font color> tag).
        item=style("item", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3,
                   leftIndent=ITEM_NUMBER_WIDTH, bulletIndent=0, bulletFontName=BOLD, bulletFontSize=10.5,
                   bulletColor=ACCENT),
        small=style("small", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2),
        note=style("note", fontName=OBLIQUE, fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=4),
        label=style("label", fontName=BOLD, fontSize=9, leading=12, textColor=MUTED, spaceAfter=0),
        cell=style("cell", fontSize=9, leading=12, spaceAfter=0),
        cell_bold=style("cell_bold", fontName=BOLD, fontSize=9, leading=12, spaceAfter=0),
        cell_head=style("cell_head", fontName=BOLD, fontSize=8.5, leading=11, textColor=INK, spaceAfter=0),
        cell_centre=style("cell_centre", fontSize=9, leading=12, spaceAfter=0, alignment=TA_CENTER),
        motion_title=style("motion_title", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6,
                           spaceAfter=3),
        wording=style("wording", fontSize=10, leading=14, backColor=SHADE, borderPadding=(6, 8, 6, 8),
                      leftIndent=8, rightIndent=8, spaceBefore=6, spaceAfter=10),
        signature=style("signature", fontSize=10.5, leading=16, spaceBefore=4),
        mono=style("mono", fontSize=8, leading=11, textColor=INK),
    )
