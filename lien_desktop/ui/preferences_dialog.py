"""Preferences kept with the register: the secretary's name (written into the audit trail) and retention."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.services.preferences import MAX_RETENTION_YEARS, PreferencesService
from lien_desktop.services.protection_settings import LIMITS, load_settings, save_settings


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
        # This computer's protection settings (kept in the profile, not in the register).
        self.protection = load_settings()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*LIMITS["idle_lock_minutes"])
        self.idle_minutes.setValue(self.protection.idle_lock_minutes)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setSpecialValueText("never")
        self.idle_minutes.setAccessibleName("Lock after idle")
        self.automatic_backups = QCheckBox("Back up automatically when the app closes")
        self.automatic_backups.setChecked(self.protection.automatic_backups)
        self.automatic_backups.setAccessibleName("Automatic backups")
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
        form.addRow("Lock when idle for:", self.idle_minutes)
        form.addRow("", self.automatic_backups)
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.service.save(self.secretary.text(), self.retention.value())
            save_settings(replace(self.protection, idle_lock_minutes=self.idle_minutes.value(),
                                  automatic_backups=self.automatic_backups.isChecked()))
        except OSError as exc:
            self.error.setText(f"The protection settings could not be saved: {exc}")
            return
        except LienError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
