"""Unexpected errors: logged in full, shown in a dialog with "Copy details", and the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.logs import LOG_FILE_NAME
from lien_desktop.paths import log_dir

log = logging.getLogger(__name__)


class ErrorDialog(QDialog):
    def __init__(self, message: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("LIEN Desktop — something went wrong")
        self.setAccessibleName("Error dialog")
        self.details = details
        layout = QVBoxLayout(self)
        self.message_label = QLabel(
            f"<b>Something went wrong, but your data is safe</b> (every change is saved whole or not "
            f"at all).<br><br>{_escape(message)}<br><br>The details are in the log file "
            f"{_escape(str(log_dir() / LOG_FILE_NAME))}."
        )
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setAccessibleName("Error details")
        self.details_view.setMinimumHeight(140)
        layout.addWidget(self.details_view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(600, 360)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ExceptionHook:
    """sys.excepthook for the GUI: log, then show one dialog (further errors while it is up are logged)."""

    def __init__(self) -> None:
        self.dialog: ErrorDialog | None = None
        self.previous = sys.excepthook

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error\n%s", details)
        if QApplication.instance() is None:
            self.previous(kind, exc, tb)
            return
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the log has them all
        try:
            self.dialog = ErrorDialog(f"{kind.__name__}: {exc}", details, QApplication.activeWindow())
            self.dialog.show()
        except Exception:  # noqa: BLE001 - never raise from the hook itself
            log.exception("could not show the error dialog")

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install_exception_hook() -> ExceptionHook:
    hook = ExceptionHook()
    sys.excepthook = hook
    return hook
