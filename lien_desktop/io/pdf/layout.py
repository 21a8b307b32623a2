"""Pages around the story: running header, footer with "Page X of Y", a diagonal watermark, and a
file written to a temporary name and renamed into place (a reader never sees half a PDF)."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from lien_desktop.domain.errors import LienError
from lien_desktop.io.pdf.fonts import BOLD, REGULAR, font_runs, register_fonts
from lien_desktop.io.pdf.styles import (MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, PAGE, RULE,
                                        WATERMARK)

PRODUCER = "LIEN Desktop"

# reportlab keeps process-wide state (registered fonts and their per-document subsets, style caches)
# and does not promise thread safety: documents built from worker threads are built one at a time.
_BUILDING = threading.Lock()


@dataclass(frozen=True, slots=True)
class PageDecor:
    """What every page shows around the story (plain user text: drawn, never parsed as markup)."""

    running_title: str = ""  # header, left
    header_right: str = ""  # header, right: "Circulation copy"
    footer_left: str = ""
    watermark: str = ""  # "DRAFT" across every page
    header_on_first_page: bool = False


def _runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(stringWidth(run, font, size) for font, run in runs)


def fit(text: str, font: str, size: float, max_width: float) -> str:
    """The text, shortened with an ellipsis if it would not fit on one line of `max_width`."""
    text = " ".join(text.split())
    if _runs_width(list(font_runs(text, font)), size) <= max_width:
        return text
    low, high = 0, min(len(text), 400)
    while low < high:  # the longest prefix that fits, found by halving
        middle = (low + high + 1) // 2
        if _runs_width(list(font_runs(text[:middle] + "…", font)), size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str = REGULAR, size: float = 8,
              align: str = "left", max_width: float | None = None) -> None:
    """Draw one line of user text on the canvas, switching to the CJK fallback where needed."""
    if max_width is not None:
        text = fit(text, font, size, max_width)
    runs = list(font_runs(text, font))
    width = _runs_width(runs, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for run_font, run in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, run_font, size)


def _draw_watermark(decor: PageDecor, canvas: Canvas, doc) -> None:
    """Under the page's content (onPage runs before the frame is filled)."""
    if not decor.watermark:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFillAlpha(0.09)
    canvas.setFont(BOLD, 120)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, -42, decor.watermark)
    canvas.restoreState()


def _draw_frame(decor: PageDecor, canvas: Canvas, page: int, pages: int) -> None:
    """Header and footer, drawn once the number of pages is known."""
    width, height = canvas._pagesize
    left, right = MARGIN_X, width - MARGIN_X
    canvas.saveState()
    canvas.setFillColor(MUTED)
    top = height - MARGIN_TOP + 9 * mm  # the header's rule: well clear of the text below
    right_width = 0.0
    if decor.header_right:
        right_width = stringWidth(decor.header_right, BOLD, 8) + 12
        draw_text(canvas, right, top + 4, decor.header_right, BOLD, 8, align="right")
    if decor.running_title and (page > 1 or decor.header_on_first_page):
        draw_text(canvas, left, top + 4, decor.running_title, REGULAR, 8,
                  max_width=right - left - right_width)
    if decor.header_right or (decor.running_title and (page > 1 or decor.header_on_first_page)):
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top, right, top)
    bottom = MARGIN_BOTTOM - 11 * mm  # the footer's baseline
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, bottom + 10, right, bottom + 10)
    label = f"Page {page} of {pages}"
    draw_text(canvas, right, bottom, label, REGULAR, 8, align="right")
    if decor.footer_left:
        draw_text(canvas, left, bottom, decor.footer_left, REGULAR, 8,
                  max_width=right - left - stringWidth(label, REGULAR, 8) - 16)
    canvas.restoreState()


def _numbered_canvas(decor: PageDecor) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_frame(decor, self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def write_atomically(path: str | os.PathLike[str], build: Callable[[str], None]) -> None:
    """Build into a temporary file beside `path`, then rename it into place.

    A file that cannot be written (no such folder, no permission, disk full) is refused with a
    message naming it; whatever was at `path` before is left as it was.
    """
    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise LienError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    os.close(descriptor)
    try:
        build(temporary)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        try:
            os.replace(temporary, target)
        except OSError as exc:  # e.g. the target is a folder
            raise LienError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def build_pdf(path: str | os.PathLike[str], make_story: Callable[[], list], decor: PageDecor, *,
              title: str, pagesize: tuple[float, float] = PAGE) -> None:
    """Lay out the story made by `make_story` (made under the build lock, as it parses markup)."""
    register_fonts()

    def build(temporary: str) -> None:
        doc = BaseDocTemplate(
            temporary, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=PRODUCER,
            creator=PRODUCER, initialFontName=REGULAR,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=partial(_draw_watermark, decor))])
        doc.build(make_story(), canvasmaker=_numbered_canvas(decor))

    with _BUILDING:
        write_atomically(path, build)


def frame_width(pagesize: tuple[float, float] = PAGE) -> float:
    return pagesize[0] - 2 * MARGIN_X
