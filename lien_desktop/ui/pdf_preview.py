"""A PDF shown inside the app and printed through the Qt print dialog.

PySide6-Essentials has no QtPdf, so pypdfium2 renders the pages to images: on screen at the width of
the window, and for printing at the printer's resolution, painted page by page onto the QPrinter.
Large documents are rendered on a JobRunner thread so the window never freezes.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from lien_desktop.domain.errors import LienError
from lien_desktop.ui.workers import JobError, JobRunner

log = logging.getLogger(__name__)

# PDFium is not thread-safe: every call into it, from any thread, holds this lock.
_PDFIUM = threading.Lock()

POINTS_PER_INCH = 72.0


class PdfPages:
    """An open PDF that renders its pages to QImages (safe to call from a worker thread)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with _PDFIUM:
                self._pdf = pdfium.PdfDocument(str(self.path))
                self.sizes = [self._pdf.get_page_size(i) for i in range(len(self._pdf))]
            self.closed = False
        except (pdfium.PdfiumError, OSError) as exc:
            raise LienError(f"{self.path.name}: cannot be shown as a PDF ({exc}).") from exc

    @property
    def count(self) -> int:
        return len(self.sizes)

    def render(self, index: int, width_px: int) -> QImage:
        """Page `index` scaled to `width_px` pixels wide, on white."""
        if self.closed:
            raise LienError(f"{self.path.name} is closed.")
        width_pt = self.sizes[index][0]
        scale = max(0.05, width_px / width_pt)
        with _PDFIUM:
            page = self._pdf[index]
            try:
                bitmap = page.render(scale=scale, prefer_bgrx=True)
                try:
                    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                                   QImage.Format.Format_RGB32).copy()  # own the pixels
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def render_for_dpi(self, index: int, dpi: float) -> QImage:
        return self.render(index, round(self.sizes[index][0] / POINTS_PER_INCH * dpi))

    def close(self) -> None:
        with _PDFIUM:
            if not self.closed:
                self._pdf.close()
                self.closed = True


def paint_page(painter: QPainter, printer: QPrinter, image: QImage) -> None:
    """Fit the page image into the printable area, keeping its shape, centred at the top."""
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    target = QSize(image.width(), image.height()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = (area.width() - target.width()) // 2
    painter.drawImage(QRect(x, 0, target.width(), target.height()), image)


def print_pages(pages: PdfPages, printer: QPrinter, first: int = 0, last: int | None = None) -> None:
    """Render and paint each page in turn at the printer's resolution (blocking; small documents)."""
    last = pages.count - 1 if last is None else last
    painter = QPainter()
    if not painter.begin(printer):
        raise LienError("The printer could not be started.")
    try:
        for index in range(first, last + 1):
            if index > first:
                printer.newPage()
            paint_page(painter, printer, pages.render_for_dpi(index, _print_dpi(printer)))
    finally:
        painter.end()


def _print_dpi(printer: QPrinter) -> float:
    # Enough for crisp text; more only makes huge images for no visible gain.
    return float(min(printer.resolution(), 300))


class PdfPreviewDialog(QDialog):
    """Pages of a PDF, one at a time, fitted to the window's width; Previous/Next, zoom and Print."""

    page_shown = Signal(int)  # index of the page now on screen
    printed = Signal()
    print_failed = Signal(str)

    ASYNC_PAGES = 12  # documents longer than this render on a worker thread

    def __init__(self, pdf_path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = PdfPages(pdf_path)
        self.setWindowTitle(f"Preview — {self.pages.path.name}")
        self.setAccessibleName("PDF preview")
        self.resize(820, 980)
        self.current = 0
        self.zoom = 1.0  # 1.0 = fit the width of the window
        self.runner = JobRunner(self)
        self._image: QImage | None = None
        self._wanted: tuple[int, int] | None = None
        self._busy_print = None

        self.image_label = QLabel(alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setAccessibleName("Page image")
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(self.image_label)
        self.scroll.setStyleSheet("QScrollArea { background: #6b6f75; } QLabel { background: #6b6f75; }")

        self.previous_button = self._button("Previous", "Previous page", self.previous_page)
        self.next_button = self._button("Next", "Next page", self.next_page)
        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page number")
        self.zoom_out_button = self._button("−", "Zoom out", lambda: self.set_zoom(self.zoom / 1.25))
        self.fit_button = self._button("Fit width", "Fit to width", lambda: self.set_zoom(1.0))
        self.zoom_in_button = self._button("+", "Zoom in", lambda: self.set_zoom(self.zoom * 1.25))
        self.print_button = self._button("Print…", "Print", self.print_with_dialog)
        self.close_button = self._button("Close", "Close", self.reject)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        self.scroll.viewport().installEventFilter(self)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), self, self.next_page)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), self, self.previous_page)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_with_dialog)
        self.show_page(0)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # --- pages --------------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.pages.count

    @property
    def rendering_in_background(self) -> bool:
        return self.page_count > self.ASYNC_PAGES

    def next_page(self) -> None:
        self.show_page(self.current + 1)

    def previous_page(self) -> None:
        self.show_page(self.current - 1)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(4.0, max(0.25, zoom))
        self.show_page(self.current)

    def show_page(self, index: int) -> None:
        if self.page_count == 0:
            self.page_label.setText("No pages")
            return
        self.current = min(max(index, 0), self.page_count - 1)
        self.page_label.setText(f"Page {self.current + 1} of {self.page_count}")
        self.previous_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(self.current < self.page_count - 1)
        if self._wanted is None or self._wanted[0] != self.current:
            self.scroll.verticalScrollBar().setValue(0)  # a new page starts at its top
        self._render_current()

    def _target_width(self) -> int:
        """Device pixels across the scroll area (less room for a scroll bar), times the zoom."""
        logical = max(200, self.scroll.viewport().width() - 24)
        return round(logical * self.devicePixelRatioF() * self.zoom)

    def _render_current(self) -> None:
        if self.pages.closed:
            return
        wanted = (self.current, self._target_width())
        self._wanted = wanted
        if not self.rendering_in_background:
            self._show_image(wanted, self.pages.render(*wanted))
            return
        self.runner.start(lambda progress: (wanted, self.pages.render(*wanted)), name="render page",
                          on_success=lambda result: self._show_image(*result),
                          on_failure=self._render_failed)

    def _show_image(self, wanted: tuple[int, int], image: QImage) -> None:
        if wanted != self._wanted:  # the reader moved on while this page was rendering
            return
        self._image = image
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.image_label.setPixmap(pixmap)
        self.page_shown.emit(wanted[0])

    def _render_failed(self, error: JobError) -> None:
        self.image_label.setText(f"This page could not be shown: {error.message}")

    @property
    def current_image(self) -> QImage | None:
        return self._image

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        # The viewport's width is known only once laid out (and changes when the window is resized).
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize and self._wanted:
            if abs(self._wanted[1] - self._target_width()) > 8:
                self._render_current()
        return super().eventFilter(watched, event)

    # --- printing -----------------------------------------------------------------------------------

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pages.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = 0, self.page_count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage() - 1, min(self.page_count, printer.toPage()) - 1
        self.print_to(printer, first, last)

    def print_to(self, printer: QPrinter, first: int = 0, last: int | None = None) -> None:
        """Print pages first..last: at once for a short document, else page by page off the GUI thread
        (each page is rendered on a worker and painted here), with progress and Cancel."""
        last = self.page_count - 1 if last is None else last
        if not self.rendering_in_background:
            try:
                print_pages(self.pages, printer, first, last)
            except LienError as exc:
                self._print_failed(str(exc))
                return
            self.printed.emit()
            return
        self._start_background_print(printer, first, last)

    def _start_background_print(self, printer: QPrinter, first: int, last: int) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            self._print_failed("The printer could not be started.")
            return
        progress = QProgressDialog("Printing…", "Cancel", 0, last - first + 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        state = {"index": first, "job": None}
        dpi = _print_dpi(printer)

        def finish(ok: bool, message: str = "") -> None:
            painter.end()
            progress.close()
            self._busy_print = None
            self.print_button.setEnabled(True)
            if ok:
                self.printed.emit()
            elif message:
                self._print_failed(message)

        def render_next() -> None:
            index = state["index"]
            state["job"] = self.runner.start(
                lambda p: self.pages.render_for_dpi(index, dpi), name="render page for printing",
                on_success=paint, on_failure=lambda error: finish(False, error.message))

        def paint(image: QImage) -> None:
            if progress.wasCanceled():
                finish(False)
                return
            index = state["index"]
            if index > first:
                printer.newPage()
            paint_page(painter, printer, image)
            progress.setValue(index - first + 1)
            state["index"] = index + 1
            if state["index"] > last:
                finish(True)
            else:
                render_next()

        self._busy_print = state
        self.print_button.setEnabled(False)  # one print at a time
        render_next()

    def _print_failed(self, message: str) -> None:
        log.warning("printing %s failed: %s", self.pages.path, message)
        self.print_failed.emit(message)
        if self.isVisible():
            QMessageBox.warning(self, "Printing failed", message)

    def done(self, result: int) -> None:
        self.runner.wait(10_000)  # no worker may still be inside PDFium when the file is closed
        self.pages.close()
        super().done(result)
