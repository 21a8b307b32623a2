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
from lien_desktop.services.preferences import MAX_RETENTION_YEARS, PreferencesService
from lien_desktop.services.retention import retention_candidates
from lien_desktop.ui.data_protection_actions import DataProtectionActions

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
        self.actions = DataProtectionActions(database, self)
        self.actions.erased.connect(self._erased)
        self.actions.failed.connect(self._erase_failed)
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
        self.erase_button.setEnabled(self.selected() is not None and not self.actions.busy)

    @property
    def confirmation(self) -> QMessageBox | None:
        return self.actions.confirmation

    def ask_to_erase(self) -> None:
        candidate = self.selected()
        if candidate is not None:
            box = self.actions.ask_to_erase(candidate.member_id, candidate.name)
            box.finished.connect(lambda _result: self._selection_changed())  # off while erasing

    def _erased(self, result: ErasureResult) -> None:
        self.refresh()
        self.erased.emit(result)

    def _erase_failed(self, message: str) -> None:
        self.refresh()
        self.erase_failed.emit(message)
