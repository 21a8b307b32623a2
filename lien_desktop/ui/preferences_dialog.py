"""Preferences kept with the register: the secretary's name (written into the audit trail) and retention."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.services.preferences import MAX_RETENTION_YEARS, PreferencesService


class PreferencesDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.service = PreferencesService(database)
        prefs = self.service.get()
        self.secretary = QLineEdit(prefs.secretary_name)
        self.secretary.setMaxLength(200)
        self.secretary.setAccessibleName("Secretary's name")
        self.retention = QSpinBox()
        self.retention.setRange(1, MAX_RETENTION_YEARS)
        self.retention.setValue(prefs.retention_years)
        self.retention.setSuffix(" years")
        self.retention.setAccessibleName("Retention period")
        self.error = QLabel()
        self.error.setStyleSheet("color: #8b0000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Secretary's name:", self.secretary)
        form.addRow("", QLabel("Written into the audit trail beside the computer's user name."))
        form.addRow("Review members lapsed or left after:", self.retention)
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.service.save(self.secretary.text(), self.retention.value())
        except LienError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
