"""The members table's own cell painting (shaped text kept between paints) looks exactly like Qt's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QStyledItemDelegate

from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import init_database
from lien_desktop.services.members import MemberService
from lien_desktop.ui.member_cell_delegate import MemberCellDelegate
from lien_desktop.ui.members_model import CONFIDENTIAL_COLOUR, EMAIL, NAME, ConfidentialRole

PEOPLE = (
    {"first_name": "محمد", "last_name": "العلي", "email": "m.alali@example.org"},  # right to left, joined
    {"first_name": "Piotr", "last_name": "Begum", "confidential": True, "email": "piotr@example.org"},
    {"first_name": "Siobhán", "last_name": "Ní Bhriain", "mobile_phone": "07700 900123", "postcode": "sw1a 1aa"},
    {"first_name": "Zoë <b>not bold</b>", "last_name": "Brontë", "email": "zoe@example.org"},  # never markup
    {"first_name": "Ann", "last_name": "Long",
     "email": "a.very.long.email.address.for.testing@example-chapter-domain.org.uk"},  # elided with "…"
    {"first_name": "李", "last_name": "王", "email": "wang@example.org"},
)


@pytest.fixture
def window(qtbot, tmp_path):
    from lien_desktop.ui.main_window import MainWindow

    path = tmp_path / "cells.sqlite3"
    database = init_database(path)
    chapter_id = ChapterService(database).create("Cells test").id
    members = MemberService(database)
    for person in PEOPLE:
        members.add(chapter_id, person)
    win = MainWindow(database, chapter_id, db_path=path)
    qtbot.addWidget(win)
    win.resize(1300, 500)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    database.close()


def painted(window) -> QImage:
    return window.table.viewport().grab().toImage()


def painted_by_qt(window) -> QImage:
    table = window.table
    ours = table.itemDelegate()
    table.setItemDelegate(QStyledItemDelegate(table))
    try:
        return painted(window)
    finally:
        table.setItemDelegate(ours)


def differing_share(first: QImage, second: QImage) -> float:
    assert first.size() == second.size()
    differing = sum(first.pixel(x, y) != second.pixel(x, y)
                    for y in range(first.height()) for x in range(first.width()))
    return differing / (first.width() * first.height())


def has_colour_near(image: QImage, rect, colour: QColor, tolerance: int = 40) -> bool:
    for y in range(rect.top(), rect.bottom()):
        for x in range(rect.left(), rect.right()):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                    + abs(pixel.blue() - colour.blue())) <= tolerance:
                return True
    return False


def test_the_table_paints_its_cells_as_qts_own_delegate_does(window):
    assert isinstance(window.table.itemDelegate(), MemberCellDelegate)
    confidential_row = next(row for row in range(window.model.rowCount())
                            if window.model.data(window.model.index(row, NAME), ConfidentialRole))
    window.table.selectRow(window.model.rowCount() - 1 - confidential_row)  # another member
    ours = painted(window)
    assert differing_share(ours, painted_by_qt(window)) < 0.002
    # What the user sees in it: a confidential name in its colour, text drawn in every named cell.
    name_cell = window.table.visualRect(window.model.index(confidential_row, NAME))
    assert has_colour_near(ours, name_cell, CONFIDENTIAL_COLOUR)
    assert not has_colour_near(ours, window.table.visualRect(window.model.index(confidential_row, EMAIL)),
                               CONFIDENTIAL_COLOUR)


def test_a_selected_confidential_name_is_drawn_in_the_selection_colour(window):
    confidential_row = next(row for row in range(window.model.rowCount())
                            if window.model.data(window.model.index(row, NAME), ConfidentialRole))
    window.table.selectRow(confidential_row)
    window.table.setFocus()  # the current cell gets a focus frame too
    window.table.setCurrentIndex(window.model.index(confidential_row, EMAIL))
    ours = painted(window)
    name_cell = window.table.visualRect(window.model.index(confidential_row, NAME))
    assert not has_colour_near(ours, name_cell, CONFIDENTIAL_COLOUR)
    assert differing_share(ours, painted_by_qt(window)) < 0.002


def test_a_narrower_column_and_a_new_font_are_painted_afresh(window):
    painted(window)  # every text shaped and kept once
    window.table.horizontalHeader().resizeSection(EMAIL, 70)  # long addresses now end in "…"
    assert differing_share(painted(window), painted_by_qt(window)) < 0.002
    font = QFont(window.table.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    window.table.setFont(font)
    ours = painted(window)
    assert differing_share(ours, painted_by_qt(window)) < 0.002


def test_a_right_to_left_window_is_painted_as_qt_paints_it(window):
    window.table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert differing_share(painted(window), painted_by_qt(window)) < 0.002


@pytest.mark.parametrize("family,points", [("", 9.5), ("", 13.3), ("URW Gothic", 11), ("Noto Mono", 10),
                                           ("Nimbus Sans", 8.7)])
def test_other_fonts_and_sizes_are_painted_as_qt_paints_them(window, family, points):
    """Fonts whose line is taller than their metrics say, and sizes where rounding differs (a font
    missing here is replaced by another, which is as good a test)."""
    font = QFont(family) if family else QFont(window.table.font())
    font.setPointSizeF(points)
    window.table.setFont(font)
    assert differing_share(painted(window), painted_by_qt(window)) < 0.002
