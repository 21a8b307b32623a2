"""The Meetings panel: the chapter's meetings, a new meeting from a template, and the meeting's
screens (agenda, attendance and door check-in, motions, actions) under a minutes status bar with
Circulate / Approve / Sign and Print/preview. Signed minutes make every editor read-only."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import LOCKED_MESSAGE, ActionStatus
from lien_desktop.paths import tmp_dir
from lien_desktop.services.meeting_documents import MeetingDocuments
from lien_desktop.services.members import MemberService
from lien_desktop.ui.meetings.agenda import AgendaEditor
from lien_desktop.ui.meetings.attendance import AttendanceEditor
from lien_desktop.ui.meetings.business import ActionsEditor, MotionsEditor
from lien_desktop.ui.meetings.context import MeetingContext
from lien_desktop.ui.meetings.header import MeetingHeader
from lien_desktop.ui.meetings.dialogs import ApproveDialog, NewMeetingDialog, SignDialog, TextDialog
from lien_desktop.ui.meetings.models import MeetingListModel, tune_table
from lien_desktop.ui.workers import JobError, JobRunner

log = logging.getLogger(__name__)

DOCUMENTS = {"minutes": "Minutes", "circulation": "Minutes (circulation copy)", "agenda": "Agenda",
             "signin": "Sign-in sheet"}


class MeetingsPanel(QWidget):
    pdf_ready = Signal(str)  # path of a PDF written for preview
    summary_changed = Signal(str)  # "13 meetings · 4 open actions", for the window's status bar

    def __init__(self, database: Database, chapter_id: int, job_runner: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.job_runner = job_runner
        self.context = MeetingContext(database, chapter_id, self)
        self.context.message.connect(self.show_message)
        self.context.changed.connect(self._meeting_changed)

        self.list_model = MeetingListModel(self)
        self.list_view = QTableView()
        self.list_view.setAccessibleName("Meetings")
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.verticalHeader().hide()
        tune_table(self.list_view, 1)
        self.list_view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.new_button = QPushButton("New meeting…")
        self.new_button.setAccessibleName("New meeting")
        self.new_button.clicked.connect(self.new_meeting)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.list_view)

        self.header = MeetingHeader()
        self.lock_banner = QLabel()
        self.lock_banner.setAccessibleName("Locked")
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet("QLabel { background: #fff3cd; padding: 6px; }")
        self.lock_banner.hide()
        self.agenda = AgendaEditor(self.context)
        self.attendance = AttendanceEditor(self.context)
        self.motions = MotionsEditor(self.context)
        self.actions = ActionsEditor(self.context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, "Agenda and notes")
        self.tabs.addTab(self.attendance, "Attendance")
        self.tabs.addTab(self.motions, "Motions")
        self.tabs.addTab(self.actions, "Actions")

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Minutes status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.circulate_button = QPushButton("Circulate")
        self.approve_button = QPushButton("Approve…")
        self.sign_button = QPushButton("Sign…")
        self.document_box = QComboBox()
        self.document_box.setAccessibleName("Document")
        for key, label in DOCUMENTS.items():
            self.document_box.addItem(label, key)
        self.print_button = QPushButton("Print/preview…")
        self.details_button = QPushButton("Details…")
        self.addendum_button = QPushButton("Addendum…")
        for button, name, slot in ((self.circulate_button, "Circulate", self.circulate),
                                   (self.approve_button, "Approve", self.approve),
                                   (self.sign_button, "Sign", self.sign),
                                   (self.print_button, "Print/preview", self.print_preview),
                                   (self.details_button, "Details", self.edit_details),
                                   (self.addendum_button, "Addendum", self.add_addendum)):
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, s=slot: s())
        status_bar = QHBoxLayout()
        status_bar.addStretch(1)
        for widget in (self.details_button, self.circulate_button, self.approve_button, self.sign_button,
                       self.addendum_button, self.document_box, self.print_button):
            status_bar.addWidget(widget)
        self.message_label = QLabel()
        self.message_label.setAccessibleName("Message")
        self.message_label.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.lock_banner)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.status_label)
        right_layout.addLayout(status_bar)
        right_layout.addWidget(self.message_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 940])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.preview_dialog: QDialog | None = None
        self.reload()
        self._meeting_changed(None)

    # --- the list ------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        current = select if select is not None else (self.context.detail.id if self.context.detail else None)
        self.list_model.set_rows(self.context.meetings.list(self.context.chapter_id))
        self.summary_changed.emit(self.summary())
        for row, meeting in enumerate(self.list_model.rows()):
            if meeting.id == current:
                self.list_view.selectRow(row)
                self.list_view.setCurrentIndex(self.list_model.index(row, 0))

    def summary(self) -> str:
        meetings = self.list_model.rows()
        text = f"{len(meetings):,} meeting{'s' if len(meetings) != 1 else ''}"
        open_actions = sum(m.open_actions for m in meetings)
        if open_actions:
            text += f" · {open_actions:,} open action{'s' if open_actions != 1 else ''}"
        return text

    def _row_chosen(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid():
            meeting = self.list_model.row(current.row())
            if self.context.detail is None or self.context.detail.id != meeting.id:
                self.context.open(meeting.id)

    def open_meeting(self, meeting_id: int) -> None:
        self.reload(select=meeting_id)
        self.context.open(meeting_id)

    def new_meeting_dialog(self) -> NewMeetingDialog:
        return NewMeetingDialog(MemberService(self.database).picker_choices(self.context.chapter_id), self)

    def new_meeting(self) -> None:
        dialog = self.new_meeting_dialog()
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if self.create_meeting(dialog):
                return

    def create_meeting(self, dialog: NewMeetingDialog) -> bool:
        values, template = dialog.values()
        made: list[v.MeetingDetail] = []
        if self.context.change(lambda: made.append(self.context.meetings.plan(
                self.context.chapter_id, values, template)) or made[0]):
            self.open_meeting(made[0].id)
            self.show_message(f"Planned “{made[0].title}” with {len(made[0].items)} agenda items", False)
            return True
        dialog.show_problem(self.message_label.text())
        return False

    # --- state ---------------------------------------------------------------------------------

    def _meeting_changed(self, detail: v.MeetingDetail | None) -> None:
        self.tabs.setEnabled(detail is not None)
        self.header.show_meeting(detail)
        if detail is None:
            self.status_label.setText("")
            for button in (self.circulate_button, self.approve_button, self.sign_button, self.print_button,
                           self.details_button, self.addendum_button):
                button.setEnabled(False)
            return
        state = detail.minutes
        text = f"Minutes: {state.status.value}"
        if state.approved_at_label:
            text += f" (approved at {state.approved_at_label})"
        if state.locked:
            text += f"; signed by {state.signed_by} on {state.signed_on:%d/%m/%Y}\nSHA-256 {state.fingerprint}"
            if any(a.redaction for a in detail.addenda):  # an erasure (UK GDPR Art. 17) changed them since
                text += "\nRedacted after signing (personal data of a former member), see addendum"
            locked = LOCKED_MESSAGE.format(what=f"“{detail.title}”")
            self.lock_banner.setText(locked[0].upper() + locked[1:] + ".")
        self.lock_banner.setVisible(state.locked)
        self.status_label.setText(text)
        self.circulate_button.setEnabled(state.status is MinutesStatus.DRAFT)
        self.approve_button.setEnabled(state.status is MinutesStatus.CIRCULATED)
        self.sign_button.setEnabled(state.status is MinutesStatus.APPROVED)
        self.print_button.setEnabled(True)
        self.details_button.setEnabled(not state.locked)
        self.addendum_button.setEnabled(state.locked)
        # Keep the list's status and counts (and the status bar's) in step without losing the selection.
        counts = (state.status, detail.present_count, len(detail.motions),
                  sum(a.status is ActionStatus.OPEN for a in detail.actions))
        listed = next((m for m in self.list_model.rows() if m.id == detail.id), None)
        if listed is not None and (listed.minutes_status, listed.present, listed.motions, listed.open_actions) != counts:
            self.reload(select=detail.id)

    def show_message(self, text: str, problem: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #a00;" if problem else "color: #1b5e20;")

    # --- details and addenda --------------------------------------------------------------------

    def details_dialog(self) -> NewMeetingDialog:
        dialog = self.new_meeting_dialog()
        dialog.edit_details(self.context.detail)  # type: ignore[arg-type]
        return dialog

    def edit_details(self, dialog: NewMeetingDialog | None = None) -> bool:
        if self.context.detail is None:
            return False
        interactive = dialog is None
        dialog = dialog or self.details_dialog()
        meeting_id = self.context.detail.id
        while not interactive or dialog.exec() == QDialog.DialogCode.Accepted:
            if self.context.change(lambda: self.context.meetings.update(meeting_id, dialog.detail_values()),
                                   "Details saved"):
                self.reload(select=meeting_id)
                return True
            dialog.show_problem(self.message_label.text())
            if not interactive:
                return False
        return False

    def add_addendum(self, text: str | None = None) -> bool:
        """Signed minutes stay as signed; a later correction is added, dated, beside them."""
        if self.context.detail is None:
            return False
        if text is None:
            dialog = TextDialog("Addendum to signed minutes", "Correction", self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            text = dialog.values()
        meeting_id = self.context.detail.id
        return self.context.change(lambda: self.context.minutes.add_addendum(meeting_id, text), "Addendum added")

    # --- lifecycle -----------------------------------------------------------------------------

    def circulate(self) -> None:
        if self.context.detail is not None:
            self.context.change(lambda: self.context.minutes.circulate(self.context.detail.id),
                                "Minutes marked circulated")

    def approve_dialog(self) -> ApproveDialog:
        detail = self.context.detail
        assert detail is not None
        later = [m for m in self.list_model.rows() if m.date > detail.date]
        return ApproveDialog(later, self)

    def approve(self, dialog: ApproveDialog | None = None) -> bool:
        if self.context.detail is None:
            return False
        interactive = dialog is None
        dialog = dialog or self.approve_dialog()
        if interactive and dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        at, corrections = dialog.values()
        if at is None:
            self.show_message("Minutes are approved at a later meeting: plan that meeting first", True)
            return False
        meeting_id = self.context.detail.id
        return self.context.change(lambda: self.context.minutes.approve(meeting_id, at, corrections),
                                   "Minutes approved")

    def sign_dialog(self) -> SignDialog:
        chair = self.context.detail.chair.name if self.context.detail and self.context.detail.chair else ""
        return SignDialog(chair, self)

    def sign(self, dialog: SignDialog | None = None) -> bool:
        if self.context.detail is None:
            return False
        interactive = dialog is None
        dialog = dialog or self.sign_dialog()
        if interactive and dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        meeting_id, signer = self.context.detail.id, dialog.values()
        return self.context.change(lambda: self.context.minutes.sign(meeting_id, signer),
                                   "Minutes signed and locked")

    # --- printing ------------------------------------------------------------------------------

    def print_preview(self, kind: str | None = None) -> None:
        """Write the chosen document to a temporary PDF in the background, then preview it."""
        detail = self.context.detail
        if detail is None:
            return
        kind = kind or self.document_box.currentData()
        folder = Path(tempfile.mkdtemp(prefix="meeting-", dir=tmp_dir()))
        path = folder / f"{kind}-{detail.date:%Y-%m-%d}.pdf"
        database, meeting_id = self.database, detail.id

        def work(progress) -> str:  # type: ignore[no-untyped-def]
            from lien_desktop.io import pdf  # the PDF writers (lien_desktop.io.pdf)

            progress.report(0, 2, "Preparing")
            documents = MeetingDocuments(database)
            if kind in ("minutes", "circulation"):
                pdf.write_minutes(documents.minutes_doc(meeting_id, circulation=kind == "circulation"), path)
            elif kind == "agenda":
                pdf.write_agenda(documents.agenda_doc(meeting_id), path)
            else:
                pdf.write_signin_sheet(documents.signin_sheet_doc(meeting_id), path)
            progress.report(2, 2, "Written")
            return str(path)

        self.print_button.setEnabled(False)
        self.show_message("Preparing the PDF…", False)
        self.job_runner.start(work, "meeting pdf", on_success=self._pdf_written, on_failure=self._pdf_failed)

    def _pdf_written(self, path: str) -> None:
        self.print_button.setEnabled(True)
        self.show_message(f"PDF ready: {path}", False)
        self.pdf_ready.emit(path)
        from lien_desktop.ui.pdf_preview import PdfPreviewDialog  # pypdfium2 loads only when previewing

        self.preview_dialog = PdfPreviewDialog(path, self)
        self.preview_dialog.show()

    def _pdf_failed(self, error: JobError) -> None:
        self.print_button.setEnabled(True)
        if not error.expected:
            log.error("meeting PDF failed: %s", error.details)
        self.show_message(f"The PDF could not be made: {error.message}", True)

