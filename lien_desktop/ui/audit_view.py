"""The audit trail on screen: filter by member, dates, action and user; export for a data-protection query.

The table model holds only the matching ids (newest first); rows are read from the database a page at
a time when they are first shown, so a trail of a million entries opens at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.data_protection import AuditFilter, AuditRecord, describe_change
from lien_desktop.services.audit import ACTIONS, AuditService
from lien_desktop.ui.workers import JobError, JobRunner

COLUMNS = ("When (UTC)", "By", "About", "Record", "Action", "Changes")
PAGE = 200
CONFIDENTIAL_MARK = "CONFIDENTIAL"

_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    def __init__(self, service: AuditService, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.filter = AuditFilter()
        self._ids: list[int] = []
        self._rows: dict[int, AuditRecord] = {}

    def set_filter(self, flt: AuditFilter) -> None:
        self.beginResetModel()
        self.filter = flt
        self._ids = self.service.ids(flt)
        self._rows.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def record(self, row: int) -> AuditRecord | None:
        if not 0 <= row < len(self._ids):
            return None
        entry_id = self._ids[row]
        if entry_id not in self._rows:
            start = row - row % PAGE
            self._rows.update(self.service.records(self._ids[start:start + PAGE]))
        return self._rows.get(entry_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() >= len(COLUMNS):
            return None
        r = self.record(index.row())
        if r is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.at.strftime("%d/%m/%Y %H:%M:%S")
            if column == 1:
                return " / ".join(x for x in (r.secretary, r.os_user) if x)
            if column == 2:
                about = r.label + (f" (member {r.member_id})" if r.member_id is not None else "")
                return f"{CONFIDENTIAL_MARK}: {about}" if r.confidential else about
            if column == 3:
                return f"{r.table} {r.record_id}".strip()
            if column == 4:
                return r.action
            return (describe_change(r.action, r.fields, r.before, r.after).replace("\n", "; ")
                    or r.detail)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 5):
            return describe_change(r.action, r.fields, r.before, r.after) or r.detail or None
        if role == Qt.ItemDataRole.ForegroundRole and r.confidential and column == 2:
            return QBrush(QColor("#8b0000"))
        if role == Qt.ItemDataRole.FontRole and r.confidential and column == 2:
            font = QFont()
            font.setBold(True)
            return font
        return None


class AuditView(QWidget):
    """The audit trail of one chapter (plus entries that belong to no chapter, such as preferences)."""

    exported = Signal(int)  # how many entries were written
    export_failed = Signal(str)

    def __init__(self, database: Database, chapter_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Audit trail")
        self.service = AuditService(database)
        self.chapter_id = chapter_id
        self.runner = JobRunner(self)
        self.model = AuditTableModel(self.service, self)

        self.member = QLineEdit(placeholderText="member id or name")
        self.member.setAccessibleName("Member filter")
        self.use_since, self.use_until = QCheckBox("From"), QCheckBox("To")
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addMonths(-1)), QDateEdit(today)
        for edit, name in ((self.since, "From date"), (self.until, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(name)
        self.action = QComboBox()
        self.action.addItem("Any action", "")
        for action in ACTIONS:
            self.action.addItem(action, action)
        self.action.setAccessibleName("Action filter")
        self.user = QComboBox()
        self.user.setAccessibleName("User filter")
        self.count = QLabel()
        self.export_button = QPushButton("Export…")
        self.export_button.setAccessibleName("Export audit trail")
        self.progress = QProgressBar()
        self.progress.hide()

        filters = QHBoxLayout()
        for widget in (QLabel("Member:"), self.member, self.use_since, self.since, self.use_until, self.until,
                       self.action, self.user):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit entries")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for column, width in enumerate((130, 150, 240, 150, 60)):
            self.table.setColumnWidth(column, width)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._fill_users()
        self.member.editingFinished.connect(self.apply_filter)
        for box in (self.use_since, self.use_until):
            box.toggled.connect(self.apply_filter)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)
        self.action.currentIndexChanged.connect(self.apply_filter)
        self.user.currentIndexChanged.connect(self.apply_filter)
        self.export_button.clicked.connect(self._choose_export_file)
        self.apply_filter()

    def _fill_users(self) -> None:
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem("Anyone", "")
        for name in self.service.users(self.chapter_id):
            self.user.addItem(name, name)
        self.user.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        text = self.member.text().strip()
        member_id = int(text) if text.isdigit() else None
        return AuditFilter(
            chapter_id=self.chapter_id, member_id=member_id, text="" if member_id is not None else text,
            since=self.since.date().toPython() if self.use_since.isChecked() else None,
            until=self.until.date().toPython() if self.use_until.isChecked() else None,
            action=self.action.currentData() or "", user=self.user.currentData() or "",
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        n = self.model.rowCount()
        self.count.setText(f"{n} entr{'y' if n == 1 else 'ies'}")

    def refresh(self) -> None:
        self._fill_users()
        self.apply_filter()

    def _choose_export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the audit trail", "audit-trail.xlsx",
                                              "Excel workbook (*.xlsx);;CSV (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Export what the filters show, in the background, with progress."""
        flt = self.current_filter()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()

        def work(progress):  # type: ignore[no-untyped-def]
            return self.service.export(path, flt, lambda done, total: progress.report(done, total, "exporting"))

        def finish() -> None:
            self.export_button.setEnabled(True)
            self.progress.hide()

        def done(count: int) -> None:
            finish()
            self.exported.emit(count)

        def failed(error: JobError) -> None:
            finish()
            self.export_failed.emit(error.message)
            if self.isVisible():
                QMessageBox.warning(self, "Export failed", error.message)

        def progressed(done_: int, total: int, _text: str) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done_)

        self.runner.start(work, "audit export", on_success=done, on_failure=failed, on_progress=progressed)
