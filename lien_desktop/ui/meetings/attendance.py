"""Attendance: the door check-in (type a few letters, tick the person), apologies, guests, and a live
quorum indicator."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import AttendanceKind, QuorumKind
from lien_desktop.ui.meetings.context import MeetingContext
from lien_desktop.ui.meetings.models import AttendanceModel, CheckInModel, tune_table

QUORATE_STYLE = "QLabel { background: #1b5e20; color: white; padding: 6px; font-weight: bold; }"
NOT_QUORATE_STYLE = "QLabel { background: #b71c1c; color: white; padding: 6px; font-weight: bold; }"


class AttendanceEditor(QWidget):
    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.quorum_label = QLabel()
        self.quorum_label.setAccessibleName("Quorum")
        self.quorum_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Check in")
        self.search_edit.setPlaceholderText("Type a few letters of a name, then tick the person")
        self.search_edit.setClearButtonEnabled(True)
        self.found = CheckInModel(self._tick, self)
        self.found_view = QTableView()
        self.found_view.setAccessibleName("Members found")
        self.found_view.setModel(self.found)
        self.found_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.found_view.horizontalHeader().setStretchLastSection(True)
        self.found_view.verticalHeader().hide()
        tune_table(self.found_view, 1)
        self.apologies_button = QPushButton("Apologies")
        self.apologies_button.setAccessibleName("Apologies")
        self.apologies_button.clicked.connect(lambda: self._mark_selected(AttendanceKind.APOLOGIES))
        self.absent_button = QPushButton("Absent")
        self.absent_button.setAccessibleName("Absent")
        self.absent_button.clicked.connect(lambda: self._mark_selected(AttendanceKind.ABSENT))
        self.late_button = QPushButton("Arrived late…")
        self.late_button.setAccessibleName("Arrived late")
        self.late_button.clicked.connect(self._late)
        row = QHBoxLayout()
        for button in (self.apologies_button, self.absent_button, self.late_button):
            row.addWidget(button)
        row.addStretch()
        door = QWidget()
        door_layout = QVBoxLayout(door)
        door_layout.setContentsMargins(0, 0, 0, 0)
        door_layout.addWidget(self.search_edit)
        door_layout.addWidget(self.found_view)
        door_layout.addLayout(row)

        self.recorded = AttendanceModel(self)
        self.recorded_view = QTableView()
        self.recorded_view.setAccessibleName("Attendance recorded")
        self.recorded_view.setModel(self.recorded)
        self.recorded_view.horizontalHeader().setStretchLastSection(True)
        self.recorded_view.verticalHeader().hide()
        tune_table(self.recorded_view, 0)
        self.guests = QListWidget()
        self.guests.setAccessibleName("Guests")
        self.guest_button = QPushButton("Add guest…")
        self.guest_button.setAccessibleName("Add guest")
        self.guest_button.clicked.connect(self.add_guest)
        self.remove_guest_button = QPushButton("Remove guest")
        self.remove_guest_button.setAccessibleName("Remove guest")
        self.remove_guest_button.clicked.connect(lambda: self.remove_guest())
        # Delete on the list removes the chosen guest (a name typed by mistake, a guest who did not come).
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.guests)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(lambda: self.remove_guest())
        guest_buttons = QHBoxLayout()
        guest_buttons.addWidget(self.guest_button)
        guest_buttons.addWidget(self.remove_guest_button)
        guest_buttons.addStretch()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("Recorded"))
        side_layout.addWidget(self.recorded_view)
        side_layout.addWidget(QLabel("Guests (not members)"))
        side_layout.addWidget(self.guests)
        side_layout.addLayout(guest_buttons)
        splitter = QSplitter()
        splitter.addWidget(door)
        splitter.addWidget(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel("Chapter's quorum rule:"))
        self.rule_kind = QComboBox()
        self.rule_kind.setAccessibleName("Quorum rule")
        self.rule_kind.addItem("a fixed number of members", QuorumKind.FIXED.value)
        self.rule_kind.addItem("a percentage of active members", QuorumKind.PERCENT.value)
        self.rule_value = QSpinBox()
        self.rule_value.setAccessibleName("Quorum value")
        self.rule_value.setRange(1, 10_000)
        self.rule_button = QPushButton("Set rule")
        self.rule_button.setAccessibleName("Set rule")
        self.rule_button.clicked.connect(lambda: self.set_rule())
        for widget in (self.rule_kind, self.rule_value, self.rule_button):
            rule_row.addWidget(widget)
        rule_row.addStretch()
        rule = context.meetings.quorum_rule(context.chapter_id)
        self.rule_kind.setCurrentIndex(self.rule_kind.findData(rule.kind.value))
        self.rule_value.setValue(rule.value)
        layout.addWidget(self.quorum_label)
        layout.addLayout(rule_row)
        layout.addWidget(splitter)
        # Search as the secretary types, but not on every keystroke of a fast typist.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _: self.search_timer.start())
        self.search_edit.returnPressed.connect(self._tick_only_match)
        context.changed.connect(self.show_meeting)

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        self.recorded.set_rows(detail.attendance if detail else ())
        self.guests.clear()
        for guest in detail.guests if detail else ():
            entry = QListWidgetItem(guest.name)
            entry.setData(Qt.ItemDataRole.UserRole, guest.id)
            self.guests.addItem(entry)
        locked = detail is None or detail.locked
        self.found.editable = not locked
        for widget in (self.apologies_button, self.absent_button, self.late_button, self.guest_button,
                       self.remove_guest_button):
            widget.setEnabled(not locked)
        self.update_quorum()
        if detail is not None and self.search_edit.text():
            self.search()

    def set_rule(self) -> None:
        kind, value = self.rule_kind.currentData(), self.rule_value.value()
        self.context.change(lambda: self.context.meetings.set_quorum_rule(self.context.chapter_id, kind, value),
                            "Quorum rule saved")

    def update_quorum(self) -> None:
        detail = self.context.detail
        if detail is None:
            self.quorum_label.setText("")
            return
        state = self.context.attendance.quorum(detail.id)
        self.quorum_label.setText(state.describe())
        self.quorum_label.setStyleSheet(QUORATE_STYLE if state.quorate else NOT_QUORATE_STYLE)

    def search(self) -> None:
        detail = self.context.detail
        text = self.search_edit.text().strip()
        self.found.set_rows(self.context.attendance.candidates(detail.id, text) if detail and text else ())

    def _tick(self, row: v.AttendanceView, present: bool) -> None:
        detail = self.context.detail
        if detail is None:
            return
        if present:
            self.context.change(lambda: self.context.attendance.check_in(detail.id, row.member_id),
                                f"{row.name}: present")
        else:
            self.context.change(lambda: self.context.attendance.clear(detail.id, row.member_id),
                                f"{row.name}: no longer marked present")

    def _tick_only_match(self) -> None:
        """Enter with exactly one person found ticks them and clears the search for the next arrival."""
        self.search_timer.stop()
        self.search()
        if self.found.rowCount() == 1 and self.found.row(0).kind is not AttendanceKind.PRESENT:
            self._tick(self.found.row(0), True)
            self.search_edit.clear()

    def _selected_person(self) -> v.AttendanceView | None:
        index = self.found_view.currentIndex()
        if index.isValid():
            return self.found.row(index.row())
        self.context.message.emit("Find the person first (type a few letters), then choose them", True)
        return None

    def _mark_selected(self, kind: AttendanceKind) -> None:
        person = self._selected_person()
        if person is not None and self.context.detail is not None:
            meeting_id = self.context.detail.id
            self.context.change(lambda: self.context.attendance.record(meeting_id, person.member_id, kind),
                                f"{person.name}: {kind.label.lower()}")

    def _late(self, at: str | None = None) -> None:
        person = self._selected_person()
        if person is None or self.context.detail is None:
            return
        if not isinstance(at, str):
            now = dt.datetime.now().strftime("%H:%M")
            at, ok = QInputDialog.getText(self, "Arrived late", f"{person.name} arrived at (HH:MM)", text=now)
            if not ok:
                return
        meeting_id = self.context.detail.id
        self.context.change(lambda: self.context.attendance.record(meeting_id, person.member_id,
                                                                   AttendanceKind.PRESENT, arrived=at),
                            f"{person.name}: arrived {at}")

    def add_guest(self, name: str | None = None) -> None:
        if self.context.detail is None:
            return
        if not isinstance(name, str):
            name, ok = QInputDialog.getText(self, "Add guest", "Guest's name (not a member)")
            if not ok:
                return
        meeting_id = self.context.detail.id
        self.context.change(lambda: self.context.attendance.add_guest(meeting_id, name))

    def remove_guest(self) -> bool:
        entry = self.guests.currentItem()
        if self.context.detail is None or entry is None:
            self.context.message.emit("Choose the guest to remove", True)
            return False
        meeting_id, guest_id, name = self.context.detail.id, entry.data(Qt.ItemDataRole.UserRole), entry.text()
        return self.context.change(lambda: self.context.attendance.remove_guest(meeting_id, guest_id),
                                   f"Guest {name} removed")
