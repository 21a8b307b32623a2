"""Lock after a configurable idle time: the data disappears from the screen until the passphrase is
entered again.

    lock = IdleLock(window, timeout_s=600, verify=database.verify_passphrase,
                    on_lock=clear_models, on_unlock=reload_models)

Any key, click, wheel or mouse movement in the application restarts the countdown. When it runs
out, `on_lock()` is called (the window empties its models, so nothing personal stays in memory of
the views), the window's content and menu are hidden behind a lock page, and input to the rest of
the window is blocked. The lock page asks for the passphrase; `verify(text)` decides; a wrong one
gets a calm message and another try. `on_unlock()` reloads what the window shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QLabel, QLineEdit, QMainWindow, QPushButton, QVBoxLayout, QWidget,
)

ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride,
}
INPUT_EVENTS = ACTIVITY_EVENTS | {
    QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Shortcut, QEvent.Type.ContextMenu,
}
WRONG_TEXT = "That is not the passphrase. Please try again."


class LockPage(QWidget):
    """What covers the window while it is locked."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.setAutoFillBackground(True)
        self.setAccessibleName("Locked")
        title = QLabel("<h2>LIEN Desktop is locked</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.hint = QLabel("The register was locked because it was not used for a while.\n"
                           "Enter the passphrase to carry on.")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setFixedWidth(320)
        self.message = QLabel("")
        self.message.setAccessibleName("Lock message")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, self.hint, self.passphrase, self.message, self.unlock_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class IdleLock(QObject):
    locked_changed = Signal(bool)

    def __init__(self, window: QWidget, timeout_s: float, verify: Callable[[str], bool],
                 on_lock: Callable[[], None] | None = None, on_unlock: Callable[[], None] | None = None):
        super().__init__(window)
        self.window = window
        self._verify = verify
        self._on_lock = on_lock
        self._on_unlock = on_unlock
        self.locked = False
        self._hidden: list[QWidget] = []
        self.page = LockPage(window)
        self.page.hide()
        self.page.unlock_button.clicked.connect(self.try_unlock)
        self.page.passphrase.returnPressed.connect(self.try_unlock)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.lock_now)
        self.set_timeout(timeout_s)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- settings --------------------------------------------------------------------------------------
    def set_timeout(self, timeout_s: float) -> None:
        """Idle seconds before locking; 0 switches the idle lock off (lock_now still works)."""
        self.timeout_s = timeout_s
        if timeout_s > 0 and not self.locked:
            self.timer.start(int(timeout_s * 1000))
        else:
            self.timer.stop()

    # -- locking ---------------------------------------------------------------------------------------
    def lock_now(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        if self._on_lock is not None:
            self._on_lock()
        self._hidden = [w for w in self._content_widgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.page.setGeometry(self.window.rect())
        self.page.passphrase.clear()
        self.page.message.setText("")
        self.page.show()
        self.page.raise_()
        self.page.passphrase.setFocus()
        self.locked_changed.emit(True)

    def try_unlock(self) -> bool:
        text = self.page.passphrase.text()
        self.page.passphrase.clear()
        if not text or not self._verify(text):
            self.page.message.setText(WRONG_TEXT)
            self.page.passphrase.setFocus()
            return False
        self.locked = False
        self.page.hide()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._on_unlock is not None:
            self._on_unlock()
        self.set_timeout(self.timeout_s)
        self.locked_changed.emit(False)
        return True

    def _content_widgets(self) -> list[QWidget]:
        if isinstance(self.window, QMainWindow):
            parts = [self.window.centralWidget(), self.window.menuBar(), self.window.statusBar()]
            parts += self.window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            return [w for w in dict.fromkeys(parts) if w is not None and w is not self.page
                    and not w.isWindow()]
        return [w for w in self.window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if w is not self.page and not w.isWindow()]

    # -- events ----------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize and self.locked:
            self.page.setGeometry(self.window.rect())
        if not self.locked:
            if kind in ACTIVITY_EVENTS and self.timeout_s > 0:
                self.timer.start(int(self.timeout_s * 1000))
            return False
        on_page = isinstance(watched, QWidget) and self._on_lock_page(watched)
        if kind == QEvent.Type.Shortcut and not on_page:
            return True  # menu shortcuts (Export, Print...) are delivered to actions, not widgets
        if kind in INPUT_EVENTS and isinstance(watched, QWidget) and self._inside_window(watched) and not on_page:
            return True  # while locked, nothing but the lock page takes input
        return False

    def _inside_window(self, widget: QWidget) -> bool:
        return widget is self.window or self.window.isAncestorOf(widget)

    def _on_lock_page(self, widget: QWidget) -> bool:
        return widget is self.page or self.page.isAncestorOf(widget)

    def dispose(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
