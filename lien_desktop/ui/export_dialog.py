"""The export dialog: which members, which profile, confidential or not, which file; then a background job.

The export runs in a JobRunner job with a progress bar and Cancel; a cancelled or failed export leaves
no file (the service writes to a temporary file and renames it only when complete). The outcome is
shown in the dialog itself, in words, and announced with `exported`, `failed` or `cancelled`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDir, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.export_profiles import DEFAULT_PROFILE, PROFILES
from lien_desktop.domain.members import MemberFilter
from lien_desktop.services.exporting import ExportResult, ExportService, export_format
from lien_desktop.ui.workers import Job, JobError, JobRunner

SCOPE_ALL, SCOPE_FILTER, SCOPE_SELECTION = "all", "filter", "selection"
FILE_FILTERS = "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"


def _members(n: int) -> str:
    return f"{n:,} member{'s' if n != 1 else ''}"


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult
    failed = Signal(str)  # the message shown to the user
    cancelled = Signal()

    def __init__(self, database: Database, chapter_id: int, member_filter: MemberFilter | None = None,
                 selected_ids: Sequence[int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export members")
        self.setAccessibleName("Export members")
        self.service = ExportService(database)
        self.chapter_id = chapter_id
        self.member_filter = member_filter
        self.selected_ids = list(selected_ids) if selected_ids else None
        self.runner = JobRunner(self, max_threads=1)
        self.job: Job | None = None
        self._target = Path()
        self._before: tuple[int, int] | None = None
        self.result: ExportResult | None = None
        self._build()
        self._update()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        scope_box = QGroupBox("Which members")
        scope_layout = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        everyone = self.service.count(self.chapter_id)
        self.scope_all = QRadioButton(f"All members ({_members(everyone)})")
        filtered = self.service.count(self.chapter_id, self.member_filter) if self.member_filter else 0
        self.scope_filter = QRadioButton(
            f"Members shown by the current filter ({_members(filtered)})" if self.member_filter
            else "Members shown by the current filter (no filter is set)")
        selected = self.service.count(self.chapter_id, selected_ids=self.selected_ids) if self.selected_ids else 0
        self.scope_selection = QRadioButton(
            f"Selected members ({_members(selected)})" if self.selected_ids else "Selected members (none selected)")
        for button, name in ((self.scope_all, SCOPE_ALL), (self.scope_filter, SCOPE_FILTER),
                             (self.scope_selection, SCOPE_SELECTION)):
            button.setAccessibleName(f"Scope {name}")
            self.scope_group.addButton(button)
            scope_layout.addWidget(button)
        self.scope_filter.setEnabled(self.member_filter is not None)
        self.scope_selection.setEnabled(bool(self.selected_ids))
        default = self.scope_selection if self.selected_ids else self.scope_filter if self.member_filter \
            else self.scope_all
        default.setChecked(True)
        layout.addWidget(scope_box)

        form = QFormLayout()
        self.profile_combo = QComboBox()
        self.profile_combo.setAccessibleName("Profile")
        for prof in PROFILES.values():
            self.profile_combo.addItem(prof.title, prof.name)
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(DEFAULT_PROFILE))
        self.profile_combo.currentIndexChanged.connect(self._update)
        form.addRow("What to include:", self.profile_combo)
        self.profile_help = QLabel()
        self.profile_help.setWordWrap(True)
        form.addRow("", self.profile_help)

        self.confidential_check = QCheckBox("Include members marked confidential")
        self.confidential_check.setAccessibleName("Include confidential members")
        self.confidential_check.setChecked(False)
        self.confidential_check.toggled.connect(self._update)
        form.addRow("", self.confidential_check)
        self.confidential_warning = QLabel(
            "⚠ Confidential members asked that their membership be kept private. Their names will be in the "
            "file: share it only with people entitled to see them, and delete it when done.")
        self.confidential_warning.setWordWrap(True)
        self.confidential_warning.setStyleSheet("color: #9c5700;")
        self.confidential_warning.setAccessibleName("Confidential warning")
        form.addRow("", self.confidential_warning)

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File")
        self.path_edit.setPlaceholderText("Choose where to save the .xlsx or .csv file")
        self.path_edit.textChanged.connect(self._update)
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAccessibleName("Choose file")
        self.browse_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        form.addRow("Save as:", file_row)
        layout.addLayout(form)

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Export progress")
        self.progress_bar.setVisible(False)
        layout.addWidget(self.progress_bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Export message")
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton("Export")
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.resize(520, self.sizeHint().height())

    # --- state ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None

    def scope(self) -> str:
        if self.scope_selection.isChecked():
            return SCOPE_SELECTION
        if self.scope_filter.isChecked():
            return SCOPE_FILTER
        return SCOPE_ALL

    def _update(self) -> None:
        name = self.profile_combo.currentData()
        self.profile_help.setText(PROFILES[name].description if name in PROFILES else "")
        self.confidential_warning.setVisible(self.confidential_check.isChecked())
        running = self.running
        for widget in (self.scope_all, self.profile_combo, self.confidential_check, self.path_edit,
                       self.browse_button):
            widget.setEnabled(not running)
        self.scope_filter.setEnabled(not running and self.member_filter is not None)
        self.scope_selection.setEnabled(not running and bool(self.selected_ids))
        self.export_button.setEnabled(not running and bool(self.path_edit.text().strip()))
        self.cancel_button.setText("Cancel" if running else "Close")
        self.cancel_button.setEnabled(True)

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(Path(QDir.homePath()) / "members.xlsx")
        path, chosen = QFileDialog.getSaveFileName(self, "Export members to", start, FILE_FILTERS)
        if not path:
            return
        if not Path(path).suffix:  # some platforms do not add the extension of the chosen filter
            path += ".csv" if "csv" in chosen.lower() else ".xlsx"
        self.path_edit.setText(path)

    # --- the job --------------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.running:
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        try:
            export_format(path)
        except LienError as exc:
            self._show_error(str(exc))
            return
        scope = self.scope()
        member_filter = self.member_filter if scope == SCOPE_FILTER else None
        selected = self.selected_ids if scope == SCOPE_SELECTION else None
        profile_name = self.profile_combo.currentData()
        include = self.confidential_check.isChecked()
        service, chapter_id = self.service, self.chapter_id

        def work(progress):  # type: ignore[no-untyped-def]
            return service.export(chapter_id, path, profile_name, member_filter=member_filter,
                                  selected_ids=selected, include_confidential=include,
                                  progress=lambda done, total: progress.report(done, total, ""),
                                  check=progress.check)

        self._target = path
        self._before = _file_state(path)
        self.message.setStyleSheet("")
        self.message.setText(f"Exporting to {path.name}…")
        self.progress_bar.setRange(0, 0)  # busy until the first report gives the total
        self.progress_bar.setVisible(True)
        job = self.runner.prepare(work, name="export")
        job.signals.progressed.connect(self._on_progress)
        job.signals.succeeded.connect(self._on_success)
        job.signals.failed.connect(self._on_failure)
        job.signals.cancelled.connect(self._on_cancel)
        job.signals.finished.connect(self._on_finished)
        self.job = job
        self._update()
        self.runner.submit(job)

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _on_success(self, result: ExportResult) -> None:
        self.result = result
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        text = f"Exported {_members(result.rows_written)} to {result.path}."
        if result.left_out_confidential:
            text += f" {_members(result.left_out_confidential).capitalize()} marked confidential left out."
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.exported.emit(result)

    def _on_failure(self, error: JobError) -> None:
        message = error.message if error.expected else (
            f"The export failed ({error.message}). No file was written; details are in the log.")
        self.progress_bar.setVisible(False)
        self._show_error(message)
        self.failed.emit(message)

    def _on_cancel(self) -> None:
        self.progress_bar.setVisible(False)
        self.message.setStyleSheet("")
        if _file_state(self._target) == self._before:
            self.message.setText("Export cancelled. No file was written.")
        else:  # Cancel was pressed just as the last row went out: say what really happened
            self.message.setText(f"The export had already finished when it was cancelled: {self._target} was written.")
        self.cancelled.emit()

    def _on_finished(self) -> None:
        self.job = None
        self._update()

    def _show_error(self, message: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message)

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:  # Escape or the window's close button
        if self.job is not None:
            self.job.cancel()
            self.runner.wait(10_000)
        super().reject()
