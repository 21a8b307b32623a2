"""Paints the members table's cells from text shaped once and kept (QStaticText).

Qt's own delegate lays out and shapes every cell's text afresh at every paint: two thirds of a
repaint of the members table went on it. A search repaints the whole table at each keystroke, yet
most of what it shows was shown a moment before: statuses, standings, branches and dates repeat down
the register, and a member still matching after the next letter keeps the same name, email and phone.
So each (text, width) is shaped into a QStaticText once and drawn from it after that: a keystroke
came down by about a fifth, a repaint of rows already shown by half (README, Speed).

The background (alternating rows, the selected row) is Qt's own primitive; the cell that has keyboard
focus, which also gets a focus frame, and every cell of a right-to-left window are left to Qt's
delegate whole. Everything else a cell shows (font, colours, elision with "…") follows what
QCommonStyle does for an item view's text; tests/ui/test_member_cell_delegate.py compares the pixels.
"""

from __future__ import annotations

from itertools import islice

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from lien_desktop.ui.members_model import MembersTableModel

_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_SELECTED = QStyle.StateFlag.State_Selected
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active
_ELIDE = Qt.TextElideMode.ElideRight
_UNKNOWN = object()
# What makes the kept texts and colours stale.
_RESTYLING = frozenset({QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                        QEvent.Type.LayoutDirectionChange})


class MemberCellDelegate(QStyledItemDelegate):
    TEXT_LIMIT = 6000  # shaped texts kept: a few screenfuls of every column; the oldest half goes first

    def __init__(self, view: QTableView, model: MembersTableModel) -> None:
        super().__init__(view)
        self._view = view
        self._model = model
        self._texts: dict[tuple[str, int], tuple[QStaticText, int]] = {}
        self._pens: dict[tuple[object, int | None], QColor | None] = {}  # (state, foreground) -> text colour
        self._restyle()
        view.installEventFilter(self)

    def _restyle(self) -> None:
        view = self._view
        self._texts.clear()
        self._pens.clear()
        self._font = view.font()
        self._metrics = QFontMetrics(self._font)
        self._style = view.style()
        # A right-to-left window aligns cells to the right: left to Qt's delegate (the app's own
        # language is English; names in right-to-left scripts are drawn by either).
        self._left_to_right = view.layoutDirection() == Qt.LayoutDirection.LeftToRight
        # As QCommonStyle's item text: a margin each side of the focus frame's width plus one pixel.
        self._margin = self._style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() in _RESTYLING:
            self._restyle()
        return False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row, column = index.row(), index.column()
        foreground = self._model.foreground(row, column)
        # The state looked up whole: testing its flags one by one costs more than the drawing.
        key = (option.state, None if foreground is None else foreground.rgba())
        pen = self._pens.get(key, _UNKNOWN)
        if pen is _UNKNOWN:
            pen = self._pens[key] = self._pen(option, foreground)
        if pen is None:  # the cell with keyboard focus (it has a focus frame too), or right to left
            super().paint(painter, option, index)
            return
        self._style.drawPrimitive(_PANEL, option, painter, self._view)
        text = self._model.display_text(row, column)
        if text:
            x, y, width, height = option.rect.getRect()
            margin = self._margin
            shaped, text_height = self._shaped(text, width - 2 * margin)
            painter.setPen(pen)
            painter.setFont(self._font)  # drawStaticText places the baseline by the painter's font
            # Centred as QStyle.alignedRect centres: C++ integer division (a text taller than its row
            # rises as far as it sinks).
            painter.drawStaticText(x + margin, y + int((height - text_height) / 2), shaped)

    def _shaped(self, text: str, width: int) -> tuple[QStaticText, int]:
        """The text shaped (elided to `width` if wider) and its height as Qt's delegate rounds it: the
        height of its line, which a fallback font (Arabic, Chinese) may make taller than the font's."""
        key = (text, width)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= self.TEXT_LIMIT:
                for old in list(islice(self._texts, self.TEXT_LIMIT // 2)):
                    del self._texts[old]
            shaped = self._prepared(text)
            if shaped.size().width() > width:
                shaped = self._prepared(self._metrics.elidedText(text, _ELIDE, max(width, 0)))
            found = self._texts[key] = (shaped, int(shaped.size().height() + 0.5))  # qRound
        return found

    def _prepared(self, text: str) -> QStaticText:
        shaped = QStaticText(text)
        shaped.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        shaped.prepare(QTransform(), self._font)
        return shaped

    def _pen(self, option: QStyleOptionViewItem, foreground: QColor | None) -> QColor | None:
        """The text colour QCommonStyle would choose (the cell's own foreground unless selected), or
        None for a cell Qt's delegate paints: the one with keyboard focus, all in a right-to-left window."""
        state = option.state
        if state & _HAS_FOCUS or not self._left_to_right:
            colour = None
        else:
            if not state & _ENABLED:
                group = QPalette.ColorGroup.Disabled
            elif not state & _ACTIVE:
                group = QPalette.ColorGroup.Inactive
            else:
                group = QPalette.ColorGroup.Normal
            if state & _SELECTED:
                colour = option.palette.color(group, QPalette.ColorRole.HighlightedText)
            elif foreground is not None:
                colour = foreground
            else:
                colour = option.palette.color(group, QPalette.ColorRole.Text)
        return colour
