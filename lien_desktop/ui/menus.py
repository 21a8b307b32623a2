"""The main window's menu bar: every feature a secretary can reach, in File / Edit / Members / Data
protection. Each action keeps a name on the window (window.export_action...) so tests and the
read-only mode can find it, and an objectName ("action_export") as a stable locator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from lien_desktop.ui.main_window import MainWindow


def _action(window: MainWindow, menu, text: str, slot, name: str, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, window)
    action.setObjectName(f"action_{name}")
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    w = window

    file_menu = bar.addMenu("&File")
    w.new_chapter_action = _action(w, file_menu, "&New chapter…", w.new_chapter, "new_chapter")
    w.switch_chapter_action = _action(w, file_menu, "&Switch chapter…", w.switch_chapter, "switch_chapter")
    file_menu.addSeparator()
    w.import_action = _action(w, file_menu, "&Import members…", w.import_members, "import", "Ctrl+I")
    w.import_history_action = _action(w, file_menu, "Import &history…", w.show_import_history, "import_history")
    w.export_action = _action(w, file_menu, "&Export members…", w.export_members, "export", "Ctrl+E")
    file_menu.addSeparator()
    w.backup_action = _action(w, file_menu, "&Back up now…", w.back_up_now, "backup")
    w.restore_action = _action(w, file_menu, "&Restore from backup…", w.restore_backup, "restore")
    w.change_passphrase_action = _action(w, file_menu, "Change &passphrase…", w.change_passphrase,
                                         "change_passphrase")
    w.lock_action = _action(w, file_menu, "&Lock now", w.lock_now, "lock", "Ctrl+L")
    file_menu.addSeparator()
    quit_action = _action(w, file_menu, "&Quit", w.close, "quit")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    w.undo_action = w.undo_stack.createUndoAction(w, "&Undo")
    w.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    w.redo_action = w.undo_stack.createRedoAction(w, "&Redo")
    w.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    edit_menu.addAction(w.undo_action)
    edit_menu.addAction(w.redo_action)
    edit_menu.addSeparator()
    find_action = _action(w, edit_menu, "&Find member", w.focus_search, "find")
    find_action.setShortcut(QKeySequence.StandardKey.Find)
    edit_menu.addSeparator()
    w.preferences_action = _action(w, edit_menu, "&Preferences…", w.show_preferences, "preferences")

    members_menu = bar.addMenu("&Members")
    w.add_action = _action(w, members_menu, "&Add member…", w.add_member, "add_member", "Ctrl+N")
    w.edit_action = QAction("&Edit member…", w)
    w.edit_action.setObjectName("action_edit_member")
    w.edit_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    w.edit_action.triggered.connect(w.edit_member)
    w.remove_action = QAction("&Remove member", w)
    w.remove_action.setObjectName("action_remove_member")
    w.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    w.remove_action.triggered.connect(w.remove_member)
    for action in (w.edit_action, w.remove_action):
        # Enter and Del act on the table only, not while typing in the search box.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.table.addAction(action)
        members_menu.addAction(action)

    protection_menu = bar.addMenu("&Data protection")
    w.audit_action = _action(w, protection_menu, "&Audit trail…", w.show_audit_trail, "audit")
    w.retention_action = _action(w, protection_menu, "&Retention review…", w.show_retention_review, "retention")
    protection_menu.addSeparator()
    w.sar_action = _action(w, protection_menu, "&Subject access request for the selected member…",
                           w.subject_access_request, "sar")
    w.erase_action = _action(w, protection_menu, "&Erase the selected member…", w.erase_selected_member, "erase")


def editing_actions(window: MainWindow) -> list[QAction]:
    """What a read-only database switches off."""
    w = window
    return [w.new_chapter_action, w.import_action, w.add_action, w.edit_action, w.remove_action, w.erase_action,
            w.restore_action, w.change_passphrase_action, w.preferences_action]
