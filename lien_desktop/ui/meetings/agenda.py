"""The agenda editor: items numbered 1, 2, 2.1...; add, add a sub-item, remove, move up/down (buttons,
or drag and drop within a level); per item the discussion notes and numbered decisions."""

from __future__ import annotations

from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.domain import meeting_views as v
from lien_desktop.ui.meetings.context import MeetingContext
from lien_desktop.ui.meetings.models import AgendaModel, tune_table


class AgendaTable(QTableView):
    """Drag an item onto a sibling to put it there (the service renumbers)."""

    def __init__(self, editor: AgendaEditor):
        super().__init__()
        self.editor = editor
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDropIndicatorShown(True)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        target = self.indexAt(event.position().toPoint())
        source = self.currentIndex()
        event.ignore()  # the model is rebuilt from the database, not moved by Qt
        if target.isValid() and source.isValid():
            self.editor.move_to(source.row(), target.row())


class AgendaEditor(QWidget):
    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = AgendaModel(self)
        self.table = AgendaTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Agenda")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        tune_table(self.table, 1)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, label, slot in (("add", "Add item", self.add_item), ("sub", "Add sub-item", self.add_sub_item),
                                 ("remove", "Remove", self.remove_item), ("up", "Move up", lambda: self.move(-1)),
                                 ("down", "Move down", lambda: self.move(1))):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table)

        self.item_label = QLabel()
        self.presenter_edit = QLineEdit()
        self.presenter_edit.setAccessibleName("Presenter")
        self.presenter_edit.setPlaceholderText("Presenter")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName("Discussion notes")
        self.notes_edit.setPlaceholderText("Discussion notes for this item")
        self.save_notes = QPushButton("Save notes")
        self.save_notes.setAccessibleName("Save notes")
        self.save_notes.clicked.connect(self.save_item_notes)
        self.decisions = QListWidget()
        self.decisions.setAccessibleName("Decisions")
        self.add_decision_button = QPushButton("Add decision")
        self.add_decision_button.setAccessibleName("Add decision")
        self.add_decision_button.clicked.connect(self.add_decision)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.item_label, self.presenter_edit, self.notes_edit, self.save_notes, QLabel("Decisions"),
                       self.decisions, self.add_decision_button):
            right_layout.addWidget(widget)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        context.changed.connect(self.show_meeting)

    # --- showing -------------------------------------------------------------------------------

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        current = self.selected()
        self.model.set_rows(detail.items if detail else ())
        if current is not None:
            self.select(current.id)
        locked = detail is None or detail.locked
        for widget in (*self.buttons.values(), self.save_notes, self.add_decision_button):
            widget.setEnabled(not locked)
        self.notes_edit.setReadOnly(locked)
        self.presenter_edit.setReadOnly(locked)
        self._show_item()

    def selected(self) -> v.ItemView | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def select(self, item_id: int) -> None:
        for row, item in enumerate(self.model.rows()):
            if item.id == item_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def _show_item(self) -> None:
        item = self.selected()
        detail = self.context.detail
        self.item_label.setText(f"{item.number} {item.title}" if item else "Choose an item")
        self.presenter_edit.setText(item.presenter if item else "")
        self.notes_edit.setPlainText(item.notes if item else "")
        self.decisions.clear()
        if item and detail:
            for decision in detail.decisions:
                if decision.item_id == item.id:
                    self.decisions.addItem(f"D{decision.number}. {decision.text}")

    # --- changing ------------------------------------------------------------------------------

    def _ask(self, title: str, label: str) -> str:
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else ""

    def add_item(self, title: str | None = None) -> None:
        if self.context.detail is None:
            return
        title = title if isinstance(title, str) else self._ask("Add item", "Title of the new item")
        if title:
            self.context.change(lambda: self.context.meetings.add_item(self.context.detail.id, title))

    def add_sub_item(self, title: str | None = None) -> None:
        item = self.selected()
        if self.context.detail is None or item is None:
            self.context.message.emit("Choose the item the sub-item goes under", True)
            return
        parent_id = item.parent_id or item.id
        title = title if isinstance(title, str) else self._ask("Add sub-item", "Title of the sub-item")
        if title:
            self.context.change(lambda: self.context.meetings.add_item(self.context.detail.id, title, parent_id))

    def remove_item(self) -> None:
        item = self.selected()
        if item is not None:
            self.context.change(lambda: self.context.meetings.remove_item(self.context.detail.id, item.id),
                                f"Removed item “{item.title}”")

    def move(self, offset: int) -> None:
        item = self.selected()
        if item is not None and self.context.change(
                lambda: self.context.meetings.move_item(self.context.detail.id, item.id, offset)):
            self.select(item.id)

    def move_to(self, source_row: int, target_row: int) -> None:
        """Drag and drop: the dragged item takes the target's place among the same parent's items."""
        source, target = self.model.row(source_row), self.model.row(target_row)
        if source.parent_id != target.parent_id or source.id == target.id:
            self.context.message.emit("Drag an item onto another item of the same level", True)
            return
        siblings = [i.id for i in self.model.rows() if i.parent_id == source.parent_id]
        siblings.remove(source.id)
        siblings.insert(siblings.index(target.id) + (1 if source_row < target_row else 0), source.id)
        if self.context.change(lambda: self.context.meetings.reorder_items(
                self.context.detail.id, source.parent_id, siblings)):
            self.select(source.id)

    def save_item_notes(self) -> None:
        item = self.selected()
        if item is not None:
            self.context.change(lambda: self.context.meetings.edit_item(
                self.context.detail.id, item.id, presenter=self.presenter_edit.text(),
                notes=self.notes_edit.toPlainText()), "Notes saved")
            self.select(item.id)

    def add_decision(self, text: str | None = None) -> None:
        item = self.selected()
        text = text if isinstance(text, str) else self._ask("Add decision", "The decision, as it will be minuted")
        if text and self.context.detail is not None:
            self.context.change(lambda: self.context.business.add_decision(
                self.context.detail.id, text, item.id if item else None))
            if item:
                self.select(item.id)

