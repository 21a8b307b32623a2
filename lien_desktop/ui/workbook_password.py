"""Asking for the password of a password-protected workbook (import wizard).

The password is typed into a masked field, used once to decrypt the file in memory, and never stored
or logged. A wrong password asks again, saying so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget


class WorkbookPasswordDialog(QDialog):
    def __init__(self, file_name: str, wrong: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Password-protected workbook")
        self.setAccessibleName("Workbook password")
        text = (f"That password does not open “{file_name}” (passwords are case-sensitive). Try again:" if wrong
                else f"“{file_name}” is protected with a password. Type its password to import it; the file is "
                "opened in memory and the password is not kept.")
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.password)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # the wrapped message is never cut
        self.message.setMinimumWidth(400)
        self.buttons = buttons


def ask_workbook_password(parent: QWidget, file_name: str, wrong: bool) -> str | None:
    """The password typed, or None when the secretary cancels."""
    dialog = WorkbookPasswordDialog(file_name, wrong, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()
    finally:
        dialog.password.clear()
        dialog.deleteLater()
