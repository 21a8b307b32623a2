"""Choosing a passphrase at first start (with a strength hint), or changing it.

Storing the register unencrypted is possible only after a clear warning the secretary has to
acknowledge (a tick box) — inline, not a modal box, so it is read where the choice is made.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QLabel, QLineEdit, QProgressBar,
    QPushButton, QVBoxLayout, QWidget,
)

from lien_desktop.services.encryption import UNENCRYPTED_WARNING, passphrase_strength

CHOOSE, CHANGE = "choose", "change"


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class PassphraseDialog(QDialog):
    """mode=CHOOSE: first start. mode=CHANGE: also asks for the current passphrase (checked by the
    caller's `verify_current`, e.g. Database.verify_passphrase).

    After `accepted`: `passphrase` is the new passphrase, or None with `store_unencrypted` True.
    """

    def __init__(self, mode: str = CHOOSE, parent: QWidget | None = None, verify_current=None,
                 allow_unencrypted: bool = True):
        super().__init__(parent)
        self.mode = mode
        self.passphrase: str | None = None
        self.store_unencrypted = False
        self._verify_current = verify_current
        self.setWindowTitle("Choose a passphrase" if mode == CHOOSE else "Change the passphrase")
        self.setMinimumWidth(480)

        intro = QLabel(
            "The register is encrypted with a passphrase that only you know. Without it nobody — "
            "not even you — can read the data, so write it down somewhere safe. A few unrelated words "
            "make a strong passphrase that is easy to type."
        )
        intro.setWordWrap(True)
        self.current = _password_field("Current passphrase")
        self.new = _password_field("New passphrase")
        self.repeat = _password_field("Repeat the passphrase")
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setAccessibleName("Passphrase strength")
        self.strength_label = QLabel("")
        self.strength_label.setAccessibleName("Strength hint")
        self.strength_label.setWordWrap(True)
        self.problem = QLabel("")
        self.problem.setAccessibleName("Passphrase problem")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        if mode == CHANGE:
            form.addRow("Current passphrase:", self.current)
        form.addRow("New passphrase:" if mode == CHANGE else "Passphrase:", self.new)
        form.addRow("Repeat it:", self.repeat)
        form.addRow("Strength:", self.strength_bar)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("Use this passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName("Use this passphrase")
        self.buttons.accepted.connect(self._accept_passphrase)
        self.buttons.rejected.connect(self.reject)

        # The way out without encryption, behind an explicit warning.
        self.unencrypted_toggle = QPushButton("Store without encryption…")
        self.unencrypted_toggle.setAccessibleName("Store without encryption")
        self.unencrypted_toggle.setFlat(True)
        self.unencrypted_toggle.setVisible(allow_unencrypted)
        self.warning_panel = QFrame()
        self.warning_panel.setFrameShape(QFrame.Shape.StyledPanel)
        # Explicit line breaks: a word-wrapped label in a panel shown later can get one line's height.
        warning = QLabel("<b>" + "<br>".join(textwrap.wrap(UNENCRYPTED_WARNING, 64)) + "</b>")
        warning.setTextFormat(Qt.TextFormat.RichText)
        warning.setAccessibleName("Unencrypted warning")
        self.understood = QCheckBox("I understand: anyone with the file can read the members' data")
        self.understood.setAccessibleName("I understand the risk")
        self.unencrypted_button = QPushButton("Store unencrypted")
        self.unencrypted_button.setAccessibleName("Store unencrypted")
        self.unencrypted_button.setEnabled(False)
        panel_layout = QVBoxLayout(self.warning_panel)
        for widget in (warning, self.understood, self.unencrypted_button):
            panel_layout.addWidget(widget)
        self.warning_panel.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.strength_label)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        layout.addWidget(self.unencrypted_toggle)
        layout.addWidget(self.warning_panel)

        self.new.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self.unencrypted_toggle.clicked.connect(self._show_warning)
        self.understood.toggled.connect(self.unencrypted_button.setEnabled)
        self.unencrypted_button.clicked.connect(self._accept_unencrypted)
        self._update()

    def _show_warning(self) -> None:
        self.warning_panel.setVisible(True)
        self.adjustSize()

    def _update(self) -> None:
        strength = passphrase_strength(self.new.text())
        self.strength_bar.setValue(strength.score)
        self.strength_label.setText(f"{strength.label.capitalize()}: {strength.hint}" if self.new.text() else strength.hint)
        matches = self.new.text() == self.repeat.text()
        self.ok_button.setEnabled(strength.acceptable and matches)
        if self.repeat.text() and not matches:
            self.problem.setText("The two passphrases are not the same.")
        else:
            self.problem.setText("")

    def _accept_passphrase(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.mode == CHANGE and self._verify_current is not None and not self._verify_current(self.current.text()):
            self.problem.setText("The current passphrase is not right; nothing was changed.")
            self.current.selectAll()
            self.current.setFocus()
            return
        self.passphrase = self.new.text()
        self.store_unencrypted = False
        self.accept()

    def _accept_unencrypted(self) -> None:
        if not self.understood.isChecked():
            return
        if self.mode == CHANGE and self._verify_current is not None and not self._verify_current(self.current.text()):
            self.problem.setText("The current passphrase is not right; nothing was changed.")
            return
        self.passphrase = None
        self.store_unencrypted = True
        self.accept()
