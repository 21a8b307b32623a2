"""The unlock screen: the passphrase for an encrypted database. A wrong passphrase gets a calm
message and another try; the file is never changed by a failed attempt (opening checks the key
through a read-only connection first). Opening runs in a background job: the key derivation and
the start-up check take a moment on a large register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget,
)

from lien_desktop.ui.workers import JobError, JobRunner

WRONG_PASSPHRASE_TEXT = ("That passphrase does not open this database. Nothing has been changed — "
                         "please try again (passphrases are case-sensitive).")


class UnlockDialog(QDialog):
    """Ask for the passphrase until `open_with(passphrase)` succeeds (or the user cancels).

    `open_with` is called in a background job and returns whatever the caller needs (normally the
    open Database, e.g. `lambda p: open_existing(path, passphrase=p, lock=True)`); it is in
    `self.opened` after `accepted`. A WrongPassphrase keeps the dialog open for another try; any other
    refusal (damaged, newer version, already open) is shown as it is.
    """

    unlocked = Signal(object)
    attempt_failed = Signal(str)

    def __init__(self, database_path: Path | str, open_with: Callable[[str], Any],
                 parent: QWidget | None = None, runner: JobRunner | None = None):
        super().__init__(parent)
        self.setWindowTitle("Unlock the register")
        self.opened: Any = None
        self.attempts = 0
        self._open_with = open_with
        self._runner = runner or JobRunner(self)

        intro = QLabel(f"<b>{Path(database_path).name}</b> is encrypted.<br>Enter its passphrase to open it.")
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.message = QLabel("")
        self.message.setAccessibleName("Unlock message")
        self.message.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.addButton("Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        self.passphrase.returnPressed.connect(self.try_unlock)

        layout = QVBoxLayout(self)
        for widget in (intro, self.passphrase, self.message, self.busy, self.buttons):
            layout.addWidget(widget)

    def try_unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.message.setText("Please type the passphrase.")
            return
        if not self.unlock_button.isEnabled():
            return
        self.attempts += 1
        self._set_busy(True)
        self.message.setText("Checking…")
        self._runner.start(lambda _progress: self._open_with(text), "unlock",
                           on_success=self._succeeded, on_failure=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)

    def _succeeded(self, opened: Any) -> None:
        self._set_busy(False)
        self.opened = opened
        self.message.setText("")
        self.passphrase.clear()
        self.unlocked.emit(opened)
        self.accept()

    def _failed(self, error: JobError) -> None:
        self._set_busy(False)
        wrong = error.expected and "passphrase does not open" in error.message
        text = WRONG_PASSPHRASE_TEXT if wrong else error.message
        self.message.setText(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.attempt_failed.emit(text)


__all__ = ["UnlockDialog", "WRONG_PASSPHRASE_TEXT"]
