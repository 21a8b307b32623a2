"""The PDF preview: pages rendered by pdfium, navigation, zoom, and printing to a PDF printer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from pypdf import PdfReader

import pdf_samples as samples
from lien_desktop.domain.errors import LienError
from lien_desktop.io.pdf import write_minutes
from lien_desktop.ui.pdf_preview import PdfPreviewDialog


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("preview") / "minutes.pdf"
    write_minutes(samples.minutes(repeat=3), path)
    return path


def ink_fraction(image: QImage) -> float:
    """Share of sampled pixels that are not white: a blank render gives 0."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    samples_taken = inked = 0
    for y in range(0, image.height(), max(1, image.height() // 120)):
        for x in range(0, image.width(), max(1, image.width() // 120)):
            samples_taken += 1
            inked += (image.pixel(x, y) & 0xFFFFFF) != 0xFFFFFF
    return inked / samples_taken


@pytest.fixture
def make_preview(qtbot, minutes_pdf):
    """Dialogs on the sample minutes, closed at the end (which waits for their workers and releases
    the file)."""
    made = []

    def make(cls=PdfPreviewDialog, show=True):
        dialog = cls(minutes_pdf)
        qtbot.addWidget(dialog)
        made.append(dialog)
        if show:
            dialog.show()
            qtbot.waitExposed(dialog)
        return dialog

    yield make
    for dialog in made:
        dialog.done(0)


@pytest.fixture
def preview(make_preview):
    return make_preview()


def test_preview_shows_the_page_count_and_moves_between_pages(qtbot, preview):
    pages = len(PdfReader(preview.pages.path).pages)
    assert pages >= 3 and preview.page_count == pages
    assert preview.page_label.text() == f"Page 1 of {pages}"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page 2 of {pages}"
    assert preview.previous_button.isEnabled()
    for _ in range(pages + 2):  # past the end stays on the last page
        qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page {pages} of {pages}"
    assert not preview.next_button.isEnabled()
    qtbot.mouseClick(preview.previous_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == f"Page {pages - 1} of {pages}"


def test_pages_render_as_real_images_fitted_to_the_width(qtbot, preview):
    image = preview.current_image
    assert image is not None and not image.isNull()
    assert 0.02 < ink_fraction(image) < 0.6  # text on a white page
    assert image.height() / image.width() == pytest.approx(297 / 210, rel=0.01)  # A4, upright
    viewport = preview.scroll.viewport().width() * preview.devicePixelRatioF()
    assert viewport - 60 <= image.width() <= viewport
    label_pixmap = preview.image_label.pixmap()
    assert not label_pixmap.isNull()
    width = image.width()
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.current_image.width() == pytest.approx(width * 1.25, abs=2)
    qtbot.mouseClick(preview.fit_button, Qt.MouseButton.LeftButton)
    assert preview.current_image.width() == pytest.approx(width, abs=2)


class BackgroundPreview(PdfPreviewDialog):
    ASYNC_PAGES = 0  # as for a long document: every page renders on a worker thread


def test_long_documents_render_off_the_gui_thread(qtbot, make_preview):
    dialog = make_preview(BackgroundPreview)
    assert dialog.rendering_in_background
    qtbot.waitUntil(lambda: dialog.current_image is not None, timeout=10_000)
    first = dialog.current_image
    with qtbot.waitSignal(dialog.page_shown, timeout=10_000) as shown:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert shown.args == [1]
    assert dialog.current_image is not first and ink_fraction(dialog.current_image) > 0.02


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _printed_pages_have_images(path, expected_pages: int) -> None:
    reader = PdfReader(path)
    assert len(reader.pages) == expected_pages
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        images = [xobjects[k].get_object() for k in xobjects if xobjects[k].get_object()["/Subtype"] == "/Image"]
        assert images and max(int(image["/Width"]) for image in images) >= 2000  # printer resolution


def test_printing_paints_every_page_at_printer_resolution(qtbot, preview, tmp_path):
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(preview.printed, timeout=30_000):
        preview.print_to(_pdf_printer(out))
    _printed_pages_have_images(out, preview.page_count)


def test_printing_a_long_document_runs_page_by_page_on_a_worker(qtbot, make_preview, tmp_path):
    dialog = make_preview(BackgroundPreview, show=False)
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(dialog.printed, timeout=60_000):
        dialog.print_to(_pdf_printer(out), 1, 2)
        assert not dialog.print_button.isEnabled()  # one print at a time
    assert dialog.print_button.isEnabled()
    _printed_pages_have_images(out, 2)


def test_a_file_that_is_not_a_pdf_is_refused_with_its_name(qtbot, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("not a PDF at all", encoding="utf-8")
    with pytest.raises(LienError, match="notes.pdf"):
        PdfPreviewDialog(bad)


def test_closing_the_preview_releases_the_file(qtbot, make_preview):
    dialog = make_preview()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.pages.closed
    dialog.show_page(0)  # nothing left to render: no crash
