"""Retention review: members lapsed or left for more than N years, each to be erased after a confirmation."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.data_protection import ErasureResult, RetentionCandidate
from lien_desktop.domain.members import MemberStatus
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.preferences import MAX_RETENTION_YEARS, PreferencesService
from lien_desktop.services.retention import retention_candidates
from lien_desktop.ui.workers import JobError, JobRunner

COLUMNS = ("Name", "Status", "Since", "Years", "Date from", "Flags")
_Index = QModelIndex | QPersistentModelIndex


class RetentionModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[RetentionCandidate] = []

    def set_rows(self, rows: list[RetentionCandidate]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or index.column() >= len(COLUMNS):
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            flags = " ".join(f for f, on in (("CONFIDENTIAL", c.confidential), ("removed", c.removed)) if on)
            return (c.name, MemberStatus(c.status).label, c.since.strftime("%d/%m/%Y"), f"{c.years:.1f}",
                    c.since_source, flags)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and c.confidential:
            return QBrush(QColor("#8b0000"))
        return None


class RetentionView(QWidget):
    erased = Signal(object)  # ErasureResult
    erase_failed = Signal(str)

    def __init__(self, database: Database, chapter_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Retention review")
        self.database = database
        self.chapter_id = chapter_id
        self.runner = JobRunner(self)
        self.confirmation: QMessageBox | None = None
        self.model = RetentionModel(self)

        self.years = QSpinBox()
        self.years.setRange(1, MAX_RETENTION_YEARS)
        self.years.setValue(PreferencesService(database).get().retention_years)
        self.years.setSuffix(" years")
        self.years.setAccessibleName("Retention period")
        self.summary = QLabel()
        self.erase_button = QPushButton("Erase…")
        self.erase_button.setAccessibleName("Erase selected member")
        self.erase_button.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Members to review")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

        top = QHBoxLayout()
        top.addWidget(QLabel("Lapsed or left for more than"))
        top.addWidget(self.years)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Members whose data may no longer be needed. Erasing removes their personal "
                                "data everywhere and cannot be undone."))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.years.valueChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.erase_button.clicked.connect(self.ask_to_erase)
        self.refresh()

    def refresh(self) -> None:
        rows = retention_candidates(self.database, self.chapter_id, self.years.value())
        self.model.set_rows(rows)
        self.summary.setText(f"{len(rows)} member{'s' if len(rows) != 1 else ''} to review")
        self._selection_changed()

    def selected(self) -> RetentionCandidate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection_changed(self, *_args: object) -> None:
        self.erase_button.setEnabled(self.selected() is not None and not self.runner.busy)

    def ask_to_erase(self) -> None:
        """A confirmation that names the person; nothing happens unless the secretary says Erase."""
        candidate = self.selected()
        if candidate is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Erase personal data",
                          f"Erase all personal data about {candidate.name} (member {candidate.member_id})?\n\n"
                          "Their record, timeline, consents, posts and the values in the audit trail are "
                          "removed for good. Backups made earlier still hold them until they are replaced.",
                          QMessageBox.StandardButton.Cancel, self)
        erase = box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName("Confirm erasure")
        self.confirmation = box
        box.buttonClicked.connect(lambda button: self._confirmed(candidate) if button is erase else None)
        box.finished.connect(lambda _result: setattr(self, "confirmation", None))
        box.open()

    def _confirmed(self, candidate: RetentionCandidate) -> None:
        self.erase_button.setEnabled(False)

        def failed(error: JobError) -> None:
            self.refresh()
            self.erase_failed.emit(error.message)
            if self.isVisible():
                QMessageBox.warning(self, "Erasure failed", error.message)

        def done(result: ErasureResult) -> None:
            self.refresh()
            self.erased.emit(result)
            if not result.compacted and self.isVisible():
                QMessageBox.information(self, "Erased", "The member's data were erased. Another program was "
                                        "reading the database, so deleted bytes may stay in the file's free "
                                        "space until it is next compacted.")

        self.runner.start(lambda _progress: erase_member(self.database, candidate.member_id), "erasure",
                          on_success=done, on_failure=failed)
