"""Dialogs of the meeting screens: a new meeting, a motion (and amendment), an action, approval, signing.

Each dialog only collects values (`values()`); the panel hands them to a service, which decides. A
refusal keeps the dialog open with the message shown in it, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import (
    TEMPLATE_LABELS,
    MeetingType,
    MotionResult,
    Votes,
    default_template,
)


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def add(self, label: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        return widget

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class MemberPicker(QComboBox):
    """A member picker: type a few letters of the name to find them.

    The names go in with one addItems call and the ids stay in a Python list beside them: a chapter of
    100,000 members fills it in 0.07 s (an item with its data per member took 0.4 s). The chosen row,
    not the first row with the same text, says who was picked: two members may share a name.
    """

    def __init__(self, members: Sequence[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.member_ids: list[int | None] = [None, *(member_id for member_id, _name in members)]
        self.addItems(["", *(name for _member_id, name in members)])

    def member_id(self) -> int | None:
        row = self.currentIndex()
        if row < 0 or self.itemText(row) != self.currentText():  # typed over: the name as typed, if any
            row = self.findText(self.currentText())
        return self.member_ids[row] if 0 <= row < len(self.member_ids) else None

    def choose(self, person: v.Person) -> None:
        """Show who is recorded; a former (erased) member stays as such (None: the service keeps them)."""
        if person.former:
            self.addItem(person.name)
            self.member_ids.append(None)
            self.setCurrentIndex(self.count() - 1)
        elif person.id in self.member_ids:
            self.setCurrentIndex(self.member_ids.index(person.id))
        else:
            self.setCurrentIndex(0)


class NewMeetingDialog(FormDialog):
    def __init__(self, members: Sequence[tuple[int, str]] = (), parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__("New meeting", parent)
        self.type_box = QComboBox()
        for meeting_type in MeetingType:
            self.type_box.addItem(meeting_type.label, meeting_type.value)
        self.add("Type", self.type_box)
        self.title_edit = self.add("Title", QLineEdit())
        self.date_edit = QDateEdit(_qdate(today or dt.date.today()))
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.add("Date", self.date_edit)
        self.start_edit = QTimeEdit(QTime(19, 0))
        self.add("Start", self.start_edit)
        self.venue_edit = self.add("Venue", QLineEdit())
        self.link_edit = self.add("Online link", QLineEdit())
        self.chair_box = self.add("Chair", MemberPicker(members))
        self.minute_taker_box = self.add("Minute-taker", MemberPicker(members))
        self.template_box = QComboBox()
        for key, label in TEMPLATE_LABELS.items():
            self.template_box.addItem(label, key)
        self.add("Agenda template", self.template_box)
        self.type_box.currentIndexChanged.connect(self._type_changed)

    def edit_details(self, detail: v.MeetingDetail) -> None:
        """Turn the dialog into the meeting's details form (no template; end time and next meeting)."""
        self.setWindowTitle("Meeting details")
        self.type_box.setCurrentIndex(self.type_box.findData(detail.meeting_type.value))
        self.title_edit.setText(detail.title)
        self.date_edit.setDate(_qdate(detail.date))
        if detail.start:
            self.start_edit.setTime(QTime(detail.start.hour, detail.start.minute))
        self.end_edit = QTimeEdit(QTime(detail.end.hour, detail.end.minute) if detail.end else QTime(21, 0))
        self.form.insertRow(4, "End", self.end_edit)
        self.end_edit.setAccessibleName("End")
        self.venue_edit.setText(detail.venue)
        self.link_edit.setText(detail.online_link)
        for box, person in ((self.chair_box, detail.chair), (self.minute_taker_box, detail.minute_taker)):
            if person is not None:
                box.choose(person)
        self.next_edit = self.add("Next meeting", QLineEdit(detail.next_meeting))
        self.form.setRowVisible(self.template_box, False)

    def detail_values(self) -> dict[str, object]:
        values, _ = self.values()
        end = self.end_edit.time()
        return {**values, "end": dt.time(end.hour(), end.minute()), "next_meeting": self.next_edit.text()}

    def _type_changed(self) -> None:
        template = default_template(MeetingType(self.type_box.currentData()))
        self.template_box.setCurrentIndex(self.template_box.findData(template))

    def values(self) -> tuple[dict[str, object], str]:
        start = self.start_edit.time()
        return ({"meeting_type": self.type_box.currentData(), "title": self.title_edit.text(),
                 "date": _pydate(self.date_edit.date()), "start": dt.time(start.hour(), start.minute()),
                 "venue": self.venue_edit.text(), "online_link": self.link_edit.text(),
                 "chair_id": self.chair_box.member_id(), "minute_taker_id": self.minute_taker_box.member_id()},
                self.template_box.currentData())


class VoteFields:
    """For / against / abstentions, each possibly not counted."""

    def __init__(self, dialog: FormDialog):
        self.counted = QCheckBox("Votes were counted")
        dialog.add("Counted", self.counted)
        self.spins = {}
        for name, label in (("votes_for", "For"), ("votes_against", "Against"), ("abstentions", "Abstentions")):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setEnabled(False)
            self.counted.toggled.connect(spin.setEnabled)
            self.spins[name] = dialog.add(label, spin)

    def load(self, votes: Votes) -> None:
        counts = {name: getattr(votes, name) for name in self.spins}
        self.counted.setChecked(any(c is not None for c in counts.values()))
        for name, count in counts.items():
            self.spins[name].setValue(count or 0)

    def values(self) -> dict[str, object]:
        if not self.counted.isChecked():
            return {name: None for name in self.spins}
        return {name: spin.value() for name, spin in self.spins.items()}


def _people_box(people: Sequence[v.AttendanceView]) -> QComboBox:
    box = QComboBox()
    box.addItem("— choose —", None)
    for person in people:
        if not person.former:  # an erased attendee is counted, but cannot propose or second
            box.addItem(person.name, person.member_id)
    return box


def _choose(box: QComboBox, person: v.Person) -> None:
    """Show who is recorded; a former (erased) member stays as such (None: the service keeps them)."""
    if person.former:
        box.addItem(person.name, None)
        box.setCurrentIndex(box.count() - 1)
    else:
        box.setCurrentIndex(max(0, box.findData(person.id)))


def _item_box(items: Sequence[v.ItemView], current: int | None) -> QComboBox:
    box = QComboBox()
    box.addItem("(no agenda item)", None)
    for item in items:
        box.addItem(f"{item.number} {item.title}", item.id)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class ProposalDialog(FormDialog):
    """What a motion and an amendment share: the wording, who moved and seconded it (among the members
    present), the votes and the result. `proposer_box` is the mover of an amendment."""

    def __init__(self, title: str, present: Sequence[v.AttendanceView], mover: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.wording_edit = self.add("Wording", QPlainTextEdit())
        self.proposer_box = self.add(mover, _people_box(present))
        self.seconder_box = self.add("Seconder", _people_box(present))
        self.votes = VoteFields(self)
        self.result_box = QComboBox()
        for result in MotionResult:
            self.result_box.addItem(result.label, result.value)
        self.add("Result", self.result_box)

    def insert(self, row: int, label: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(label)
        self.form.insertRow(row, label, widget)
        return widget

    def load_proposal(self, wording: str, mover: v.Person, seconder: v.Person, votes: Votes,
                      result: MotionResult) -> None:
        self.wording_edit.setPlainText(wording)
        _choose(self.proposer_box, mover)
        _choose(self.seconder_box, seconder)
        self.votes.load(votes)
        self.result_box.setCurrentIndex(self.result_box.findData(result.value))

    def proposal_values(self, mover_key: str) -> dict[str, object]:
        return {"wording": self.wording_edit.toPlainText(), mover_key: self.proposer_box.currentData(),
                "seconder_id": self.seconder_box.currentData(), "result": self.result_box.currentData(),
                **self.votes.values()}


class MotionDialog(ProposalDialog):
    """A motion: proposer and seconder are chosen among the members present. Given a recorded motion,
    the form starts from it (editing)."""

    def __init__(self, present: Sequence[v.AttendanceView], items: Sequence[v.ItemView],
                 default_item: int | None = None, parent: QWidget | None = None,
                 motion: v.MotionView | None = None):
        super().__init__(f"Edit motion {motion.label}" if motion else "Motion", present, "Proposer", parent)
        self.item_box = self.insert(0, "Agenda item", _item_box(items, motion.item_id if motion else default_item))
        self.title_edit = self.insert(1, "Title", QLineEdit())
        self.summary_box = QComboBox()
        for label, value in (("Votes as counted", "counted"), ("Carried unanimously", "unanimous"),
                             ("Carried nem. con.", "nem_con")):
            self.summary_box.addItem(label, value)
        self.insert(self.form.rowCount() - 1, "Recorded as", self.summary_box)
        if motion is not None:
            self.title_edit.setText(motion.title)
            self.summary_box.setCurrentIndex(self.summary_box.findData(motion.vote_summary.value))
            self.load_proposal(motion.wording, motion.proposer, motion.seconder, motion.votes, motion.result)

    def values(self) -> dict[str, object]:
        return {"item_id": self.item_box.currentData(), "title": self.title_edit.text(),
                "vote_summary": self.summary_box.currentData(), **self.proposal_values("proposer_id")}


class AmendmentDialog(ProposalDialog):
    def __init__(self, motion: v.MotionView, present: Sequence[v.AttendanceView], parent: QWidget | None = None):
        super().__init__(f"Amendment to {motion.label}", present, "Mover", parent)
        self.mover_box = self.proposer_box

    def values(self) -> dict[str, object]:
        return self.proposal_values("mover_id")


class ActionDialog(FormDialog):
    """An action: the owner is any member of the chapter (found by typing), not only those present.
    Given a recorded action, the form starts from it (editing)."""

    def __init__(self, members: Sequence[tuple[int, str]], items: Sequence[v.ItemView],
                 parent: QWidget | None = None, action: v.ActionView | None = None):
        super().__init__(f"Edit action {action.label}" if action else "Action", parent)
        self.what_edit = self.add("What", QLineEdit())
        self.owner_box = self.add("Who", MemberPicker(members))
        due = action.due if action and action.due else dt.date.today() + dt.timedelta(days=28)
        self.due_edit = QDateEdit(_qdate(due))
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        self.due_edit.setCalendarPopup(True)
        self.add("By when", self.due_edit)
        self.item_box = self.add("Agenda item", _item_box(items, action.item_id if action else None))
        if action is not None:
            self.what_edit.setText(action.what)
            self.owner_box.choose(action.owner)

    def values(self) -> dict[str, object]:
        return {"what": self.what_edit.text(), "owner_id": self.owner_box.member_id(),
                "due": _pydate(self.due_edit.date()), "item_id": self.item_box.currentData()}


class ApproveDialog(FormDialog):
    def __init__(self, later: Sequence[v.MeetingSummary], parent: QWidget | None = None):
        super().__init__("Approve the minutes", parent)
        self.meeting_box = QComboBox()
        for meeting in later:
            self.meeting_box.addItem(f"{meeting.date:%d/%m/%Y} {meeting.title}", meeting.id)
        self.add("Approved at", self.meeting_box)
        self.corrections_edit = QPlainTextEdit()
        self.corrections_edit.setPlaceholderText("Empty: approved as a true record")
        self.add("Corrections", self.corrections_edit)

    def values(self) -> tuple[int | None, str]:
        return self.meeting_box.currentData(), self.corrections_edit.toPlainText()


class TextDialog(FormDialog):
    """One piece of longer text (an addendum)."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.text_edit = QPlainTextEdit()
        self.add(label, self.text_edit)

    def values(self) -> str:
        return self.text_edit.toPlainText()


class SignDialog(FormDialog):
    def __init__(self, chair: str, parent: QWidget | None = None):
        super().__init__("Sign the minutes", parent)
        note = QLabel("Once signed, the minutes are locked: nothing in them can be changed. "
                      "Later corrections go in as addenda.")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.signer_edit = self.add("Signed by", QLineEdit(chair))

    def values(self) -> str:
        return self.signer_edit.text()
