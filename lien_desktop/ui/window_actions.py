"""The main window's feature actions: import (menu and dropped files), import history, export, and
the data-protection screens. A mixin of MainWindow (it uses the window's database, chapter, table
and status bar); each opened window or dialog is kept in `self.open_views[name]` (tests find them
there and by objectName)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

IMPORTABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}


def wrap_in_dialog(parent: QWidget, view: QWidget, name: str, size: tuple[int, int]) -> QDialog:
    """A non-modal window around a view (audit trail, retention review) with a Close button."""
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(view.windowTitle())
    dialog.setAccessibleName(view.windowTitle())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def importable_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local spreadsheet or text file being dragged, if it is one we can import."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    urls = [u for u in mime.urls() if u.isLocalFile()]
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in IMPORTABLE_SUFFIXES else None


class WindowActions:
    """Import, export and data protection for MainWindow."""

    open_views: dict[str, QWidget]

    def _show_view(self, name: str, widget: QWidget) -> QWidget:
        old = self.open_views.get(name)
        if old is not None:
            try:
                old.close()
            except RuntimeError:  # already deleted
                pass
        self.open_views[name] = widget
        widget.show()
        return widget

    def _need_selection(self) -> int | None:
        member_id = self.selected_member_id()  # type: ignore[attr-defined]
        if member_id is None:
            self.statusBar().showMessage("Select a member in the Members tab first.", 5000)  # type: ignore[attr-defined]
        return member_id

    # --- import ---------------------------------------------------------------------------------

    def import_members(self, path: Path | str | None = None) -> QWidget:
        from lien_desktop.ui.import_wizard import open_import_wizard

        wizard = open_import_wizard(self.database, self.chapter_id, path, parent=self)  # type: ignore[attr-defined]
        wizard.setObjectName("importWizard")
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda _result: self._after_import(wizard))
        self.open_views["import"] = wizard
        return wizard

    def _after_import(self, wizard) -> None:  # type: ignore[no-untyped-def]
        if wizard.outcome == "imported":
            self.refresh_after_change()  # type: ignore[attr-defined]
            self.statusBar().showMessage("Import finished; it can be undone from File ▸ Import history.", 8000)  # type: ignore[attr-defined]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if importable_path(event) is not None and self.import_action.isEnabled():  # type: ignore[attr-defined]
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = importable_path(event)
        if path is None or not self.import_action.isEnabled():  # type: ignore[attr-defined]
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_members(path)

    def show_import_history(self) -> QWidget:
        from lien_desktop.ui.import_history_dialog import ImportHistoryDialog

        dialog = ImportHistoryDialog(self.database, self.chapter_id, self)  # type: ignore[attr-defined]
        dialog.undone.connect(lambda _result: self.refresh_after_change())  # type: ignore[attr-defined]
        return self._show_view("import_history", dialog)

    # --- export ---------------------------------------------------------------------------------

    def export_members(self) -> QWidget:
        from lien_desktop.ui.export_dialog import ExportDialog

        selected = self.selected_member_id()  # type: ignore[attr-defined]
        dialog = ExportDialog(self.database, self.chapter_id, member_filter=self.model.filter,  # type: ignore[attr-defined]
                              selected_ids=[selected] if selected is not None else None, parent=self)
        dialog.setObjectName("exportDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return self._show_view("export", dialog)

    # --- data protection ------------------------------------------------------------------------

    def show_audit_trail(self) -> QWidget:
        from lien_desktop.ui.audit_view import AuditView

        view = AuditView(self.database, self.chapter_id)  # type: ignore[attr-defined]
        return self._show_view("audit", wrap_in_dialog(self, view, "auditDialog", (1000, 600)))  # type: ignore[arg-type]

    def show_retention_review(self) -> QWidget:
        from lien_desktop.ui.retention_view import RetentionView

        view = RetentionView(self.database, self.chapter_id)  # type: ignore[attr-defined]
        view.erased.connect(lambda _result: self._after_erasure())
        return self._show_view("retention", wrap_in_dialog(self, view, "retentionDialog", (900, 560)))  # type: ignore[arg-type]

    def _protection_actions(self):  # type: ignore[no-untyped-def]
        from lien_desktop.ui.data_protection_actions import DataProtectionActions

        if getattr(self, "_dp_actions", None) is None or self._dp_actions.database is not self.database:  # type: ignore[attr-defined]
            self._dp_actions = DataProtectionActions(self.database, self)  # type: ignore[attr-defined]
            self._dp_actions.erased.connect(lambda _result: self._after_erasure())
        return self._dp_actions

    def subject_access_request(self, out_dir: Path | None = None) -> None:
        member_id = self._need_selection()
        if member_id is not None:
            self._protection_actions().subject_access(member_id, out_dir)

    def erase_selected_member(self):  # type: ignore[no-untyped-def]
        member_id = self._need_selection()
        if member_id is None:
            return None
        summary = self.model.summary(self.model.row_of(member_id) or 0)  # type: ignore[attr-defined]
        name = summary.display_name if summary else f"member {member_id}"
        box = self._protection_actions().ask_to_erase(member_id, name)
        self.open_views["erase"] = box
        return box

    def _after_erasure(self) -> None:
        self.undo_stack.clear()  # type: ignore[attr-defined]  # commands may name the erased member
        self.refresh_after_change()  # type: ignore[attr-defined]
        self.statusBar().showMessage("The member's personal data were erased.", 8000)  # type: ignore[attr-defined]

    def show_preferences(self) -> QWidget:
        from lien_desktop.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.database, self)  # type: ignore[attr-defined]
        dialog.setObjectName("preferencesDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self.setup_idle_lock())  # type: ignore[attr-defined]  # a new idle time
        return self._show_view("preferences", dialog)
