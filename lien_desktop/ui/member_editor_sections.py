"""The member form's lists: consent per channel, officer posts, and the Labour standing timeline.

Each section collects what the secretary changed; the form saves it all as one undoable change.
The standing timeline is append-only: recorded events are shown read-only and only new events (not yet
saved) can be added or dropped again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from lien_desktop.domain.errors import ValidationError
from lien_desktop.domain.member_changes import check_officer_post, check_standing_event
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost, StandingEvent, StandingKind
from lien_desktop.domain.validation import FieldProblem, format_uk_date
from lien_desktop.ui.member_form_fields import CheckedField, error_label, line_field, plain_text

UNSAVED = "(not saved yet)"


class ConsentSection(QWidget):
    """One row per channel: given?, date given, source, date withdrawn."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        for column, heading in enumerate(("Channel", "Consent given", "Given on", "Source", "Withdrawn on")):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        self.rows: dict[ConsentChannel, tuple[QCheckBox, CheckedField, CheckedField, CheckedField]] = {}
        self.original: dict[ConsentChannel, Consent | None] = {}
        for row, channel in enumerate(ConsentChannel, start=1):
            name = channel.label
            granted = QCheckBox("given")
            granted.setAccessibleName(f"{name} consent given")
            given = line_field(f"consent_{channel}_on", f"{name} consent date", "date", parent=self)
            source = line_field(f"consent_{channel}_source", f"{name} consent source", parent=self,
                                placeholder="e.g. sign-up form", parse=plain_text(200))
            withdrawn = line_field(f"consent_{channel}_withdrawn", f"{name} consent withdrawn on", "date",
                                   parent=self)
            grid.addWidget(QLabel(name), row * 2 - 1, 0)
            grid.addWidget(granted, row * 2 - 1, 1)
            for column, field in ((2, given), (3, source), (4, withdrawn)):
                grid.addWidget(field.widget, row * 2 - 1, column)
                grid.addWidget(field.message, row * 2, 0, 1, 5)
                field.changed.connect(self.changed)
            granted.toggled.connect(self.changed)
            self.rows[channel] = (granted, given, source, withdrawn)
            self.original[channel] = None
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(4, 1)
        grid.setRowStretch(len(ConsentChannel) * 2 + 1, 1)

    def fields(self) -> list[CheckedField]:
        return [f for _, *fields in self.rows.values() for f in fields]

    def load(self, consents: tuple[Consent, ...]) -> None:
        for consent in consents:
            granted, given, source, withdrawn = self.rows[consent.channel]
            granted.setChecked(consent.granted)
            given.set_value(consent.recorded_on)
            source.set_text(consent.source)
            withdrawn.set_value(consent.withdrawn_on)
            self.original[consent.channel] = consent

    def changes(self) -> tuple[Consent, ...]:
        """Consents that differ from what was loaded (raises FieldProblem if a date is wrong)."""
        result = []
        for channel, (granted, given, source, withdrawn) in self.rows.items():
            consent = Consent(channel=channel, granted=granted.isChecked(), recorded_on=given.value(),
                              source=str(source.value()), withdrawn_on=withdrawn.value())  # type: ignore[arg-type]
            blank = Consent(channel=channel, granted=False)
            before = self.original[channel]
            if consent != (before or blank):
                result.append(consent)
        return tuple(result)


def _date_text(value: dt.date | None) -> str:
    return format_uk_date(value) if value else ""


class OfficerPostsSection(QWidget):
    """Posts held: existing ones can be removed, new ones added (title, from, to)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Post", "From", "To"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Officer posts")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.title = line_field("post_title", "Post title", parent=self, placeholder="e.g. Secretary",
                                parse=plain_text(100))
        self.start = line_field("post_start", "Post from", "date", parent=self)
        self.end = line_field("post_end", "Post to", "date", parent=self)
        self.add_button = QPushButton("Add post")
        self.remove_button = QPushButton("Remove selected post")
        self.message = error_label()
        entry = QHBoxLayout()
        for field in (self.title, self.start, self.end):
            entry.addWidget(field.widget, 2 if field is self.title else 1)
            field.changed.connect(self._entry_changed)
        entry.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(entry)
        for field in (self.title, self.start, self.end):
            layout.addWidget(field.message)
        layout.addWidget(self.message)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self.add_post)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.added: list[OfficerPost] = []
        self.removed: list[int] = []
        self._entry_changed()
        self._selection_changed()

    def load(self, posts: tuple[OfficerPost, ...]) -> None:
        for post in posts:
            self._add_item(post, saved=True)

    def _add_item(self, post: OfficerPost, *, saved: bool) -> None:
        title = post.title if saved else f"{post.title} {UNSAVED}"
        item = QTreeWidgetItem([title, _date_text(post.start_date), _date_text(post.end_date)])
        item.setData(0, Qt.ItemDataRole.UserRole, post)
        self.tree.addTopLevelItem(item)

    def entry_post(self) -> OfficerPost:
        """The post typed in the entry row; raises FieldProblem or ValidationError."""
        post = OfficerPost(title=str(self.title.value()), start_date=self.start.value(),  # type: ignore[arg-type]
                           end_date=self.end.value())  # type: ignore[arg-type]
        return check_officer_post(post)

    def pending_entry(self) -> str:
        """A problem if something is typed in the entry row but not added (it would be lost)."""
        if any(f.text().strip() for f in (self.title, self.start, self.end)):
            return "Officer post: press “Add post” to add the post you typed, or clear it"
        return ""

    def _entry_problem(self) -> str:
        if not self.title.text().strip():
            return ""
        try:
            self.entry_post()
        except FieldProblem:
            return ""  # the field's own message says it
        except ValidationError as exc:
            return "Officer post: " + "; ".join(exc.problems.values())
        return ""

    def _entry_changed(self) -> None:
        problem = self._entry_problem()
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        ok = bool(self.title.text().strip()) and not problem and all(
            f.check() for f in (self.title, self.start, self.end))
        self.add_button.setEnabled(ok)
        self.changed.emit()

    def add_post(self) -> None:
        post = self.entry_post()
        self.added.append(post)
        self._add_item(post, saved=False)
        for field in (self.title, self.start, self.end):
            field.set_text("")
        self.changed.emit()

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        post: OfficerPost = item.data(0, Qt.ItemDataRole.UserRole)
        if post.id is not None:
            self.removed.append(post.id)
        else:
            self.added.remove(post)
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self.changed.emit()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.tree.currentItem() is not None and bool(self.tree.selectedItems()))


class StandingEventDialog(QDialog):
    """Kind, date and note of a new Labour standing event."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add Labour standing event")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Event")
        for kind in StandingKind:
            self.kind.addItem(kind.label, kind)
        self.date = line_field("event_date", "Date", "date", parent=self)
        self.date.set_value(dt.date.today())
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.message = error_label()
        form = QFormLayout()
        form.addRow("Event:", self.kind)
        form.addRow("Date:", self.date.with_message())
        form.addRow("Note:", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add event")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The timeline is a permanent record: events are added, never edited."))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.date.changed.connect(self._check)
        self.note.textChanged.connect(self._check)
        self.resize(460, 280)
        self._check()

    def standing_event(self) -> StandingEvent:
        return check_standing_event(self.kind.currentData(), self.date.text(), self.note.toPlainText())

    def _check(self) -> None:
        try:
            self.standing_event()
        except ValidationError as exc:
            # A date that does not parse is already explained under the date field.
            shown = {k: v for k, v in exc.problems.items() if not (k == "event_date" and self.date.problem)}
            problem = "; ".join(f"{'Date' if k == 'event_date' else 'Note'}: {v}" for k, v in shown.items())
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        else:
            problem = ""
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.message.setText(problem)
        self.message.setVisible(bool(problem))


class StandingSection(QWidget):
    """The dated timeline, newest first, read-only; "Add event…" appends an event saved with the form."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Date", "Event", "Note"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAccessibleName("Labour standing timeline")
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 200)
        self.add_button = QPushButton("Add event…")
        self.drop_button = QPushButton("Drop unsaved event")
        self.current = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.drop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.ask_for_event)
        self.drop_button.clicked.connect(self.drop_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.saved: list[StandingEvent] = []
        self.added: list[StandingEvent] = []
        self._refresh()

    def load(self, events: tuple[StandingEvent, ...]) -> None:
        self.saved = list(events)
        self._refresh()

    def add_event(self, event: StandingEvent) -> None:
        self.added.append(event)
        self._refresh()
        self.changed.emit()

    def ask_for_event(self) -> None:
        dialog = StandingEventDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_event(dialog.standing_event())

    def drop_selected(self) -> None:
        item = self.tree.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if index is not None:
            del self.added[index]
            self._refresh()
            self.changed.emit()

    def _refresh(self) -> None:
        self.tree.clear()
        # (event, index in self.added or None); newest first, unsaved events after saved ones of the same day
        rows = [(e, None, i) for i, e in enumerate(self.saved)]
        rows += [(e, i, len(self.saved) + i) for i, e in enumerate(self.added)]
        rows.sort(key=lambda r: (r[0].event_date, r[0].id or 10**12, r[2]), reverse=True)
        for event, added_index, _ in rows:
            kind = event.kind.label + (f" {UNSAVED}" if added_index is not None else "")
            item = QTreeWidgetItem([format_uk_date(event.event_date), kind, event.note])
            item.setData(0, Qt.ItemDataRole.UserRole, added_index)
            item.setToolTip(2, event.note)
            self.tree.addTopLevelItem(item)
        latest = rows[0][0].kind.label if rows else "not recorded"
        self.current.setText(f"Current Labour standing: <b>{latest}</b>")
        self._selection_changed()

    def _selection_changed(self) -> None:
        item = self.tree.currentItem()
        self.drop_button.setEnabled(
            item is not None and item.isSelected() and item.data(0, Qt.ItemDataRole.UserRole) is not None)
