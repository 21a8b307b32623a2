"""The chapter dialogs: create a chapter (first start, File > New chapter…) and switch between chapters.

A chapter belongs to one of the 650 Westminster constituencies, picked from a list filtered as you
type (ignoring case and accents: "ynys mon" finds "Ynys Môn"), or - for a regional group - is simply
given a name of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.members import Chapter, Constituency
from lien_desktop.domain.text import fold
from lien_desktop.services.chapters import ChapterService, constituency_choices

CodeRole = Qt.ItemDataRole.UserRole + 1


def _problem_label(name: str) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class ChapterDialog(QDialog):
    """Create a chapter. `created` holds the new chapter after the dialog is accepted."""

    def __init__(self, chapters: ChapterService, parent: QWidget | None = None, *, first_start: bool = False):
        super().__init__(parent)
        self.chapters = chapters
        self.created: Chapter | None = None
        self._choices: list[tuple[str, Constituency]] = [(fold(c.name), c) for c in constituency_choices()]
        self.setWindowTitle("Welcome to LIEN Desktop" if first_start else "New chapter")
        self.setAccessibleName("Chapter dialog")

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Which chapter's register is this? Pick its Westminster constituency; the chapter is named "
            "after it unless you type another name. A regional group that is not a constituency can tick "
            "the box below and type its own name."
            if first_start
            else "A new chapter in this database. Pick its Westminster constituency, or give a regional "
            "group a name of its own."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Type part of the name, e.g. ynys mon")
        self.search_edit.setAccessibleName("Find constituency")
        self.search_edit.setClearButtonEnabled(True)
        form.addRow("&Constituency:", self.search_edit)
        self.constituency_list = QListWidget()
        self.constituency_list.setAccessibleName("Constituencies")
        self.constituency_list.setUniformItemSizes(True)
        self.constituency_list.setMinimumHeight(200)
        form.addRow("", self.constituency_list)
        self.constituency_problem = _problem_label("Constituency problem")
        form.addRow("", self.constituency_problem)
        self.no_constituency = QCheckBox("Not a constituency (a regional group)")
        self.no_constituency.setAccessibleName("Not a constituency")
        form.addRow("", self.no_constituency)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Chapter name")
        self.name_edit.setMaxLength(200)
        form.addRow("Chapter &name:", self.name_edit)
        self.name_problem = _problem_label("Chapter name problem")
        form.addRow("", self.name_problem)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create chapter")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.search_edit.textChanged.connect(self._filter)
        self.constituency_list.currentItemChanged.connect(self._picked)
        self.no_constituency.toggled.connect(self._toggle_regional)
        self.name_edit.textChanged.connect(lambda _text: self.name_problem.hide())
        self._filter("")
        self.search_edit.setFocus()
        self.resize(480, 520)

    # --- picking --------------------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        """Show the constituencies whose name contains every word typed (folded)."""
        words = fold(text).split()
        self.constituency_list.clear()
        for folded, constituency in self._choices:
            if all(w in folded for w in words):
                item = QListWidgetItem(f"{constituency.name}  ({constituency.region or constituency.nation})")
                item.setData(CodeRole, constituency.code)
                self.constituency_list.addItem(item)
        if self.constituency_list.count() == 1:
            self.constituency_list.setCurrentRow(0)
        self.constituency_problem.hide()

    def _picked(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.constituency_problem.hide()

    def _toggle_regional(self, regional: bool) -> None:
        self.search_edit.setEnabled(not regional)
        self.constituency_list.setEnabled(not regional)
        self.constituency_problem.hide()
        if regional:
            self.name_edit.setFocus()

    def selected_code(self) -> str:
        if self.no_constituency.isChecked():
            return ""
        item = self.constituency_list.currentItem()
        return str(item.data(CodeRole)) if item is not None and item.isSelected() else ""

    def select_constituency(self, code: str) -> bool:
        for row in range(self.constituency_list.count()):
            if self.constituency_list.item(row).data(CodeRole) == code:
                self.constituency_list.setCurrentRow(row)
                return True
        return False

    # --- creating -------------------------------------------------------------------------------

    def accept(self) -> None:
        code = self.selected_code()
        name = self.name_edit.text()
        if not self.no_constituency.isChecked() and not code:
            self._show(self.constituency_problem, "Pick the chapter's constituency from the list, or tick "
                       "“Not a constituency” and type the group's name.")
            return
        if self.no_constituency.isChecked() and not name.strip():
            self._show(self.name_problem, "A regional group needs a name.")
            return
        try:
            self.created = self.chapters.create(name, code)
        except ValidationError as exc:
            for field, message in exc.problems.items():
                target = self.constituency_problem if field == "constituency_code" else self.name_problem
                self._show(target, message[:1].upper() + message[1:])
            return
        except LienError as exc:  # e.g. a name already taken in this database
            message = str(exc)
            self._show(self.name_problem, message[:1].upper() + message[1:])
            return
        super().accept()

    @staticmethod
    def _show(label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()


class SwitchChapterDialog(QDialog):
    """Pick the chapter to work in (one database may hold several)."""

    def __init__(self, chapters: list[Chapter], current_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Switch chapter")
        self.setAccessibleName("Switch chapter dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Work in which chapter?"))
        self.chapter_list = QListWidget()
        self.chapter_list.setAccessibleName("Chapters")
        for chapter in chapters:
            members = f"{chapter.member_count:,} member{'s' if chapter.member_count != 1 else ''}"
            item = QListWidgetItem(f"{chapter.name}  ({members})")
            item.setData(CodeRole, chapter.id)
            self.chapter_list.addItem(item)
            if chapter.id == current_id:
                self.chapter_list.setCurrentItem(item)
        layout.addWidget(self.chapter_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Switch")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.chapter_list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen_id(self) -> int | None:
        item = self.chapter_list.currentItem()
        return int(item.data(CodeRole)) if item is not None else None
