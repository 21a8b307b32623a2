"""File ▸ Import history: the chapter's imports, newest first, and "Undo import…" — which first says
which of the import's members were edited since (undoing would lose those edits) and asks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QMessageBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.services.import_history import ImportHistoryService, ImportSummary
from lien_desktop.ui.workers import JobRunner, run_while_waiting

HEADERS = ["Imported", "File", "Sheet", "Read", "New", "Updated", "Skipped", "State"]


class ImportHistoryDialog(QDialog):
    undone = Signal(object)  # UndoResult

    def __init__(self, database: Database, chapter_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importHistoryDialog")
        self.setWindowTitle("Import history")
        self.setAccessibleName("Import history")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.service = ImportHistoryService(database)
        self._runner = JobRunner(self)
        self.chapter_id = chapter_id
        self.imports: list[ImportSummary] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Imports")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel("")
        self.message.setAccessibleName("Import history message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = buttons.addButton("Undo import…", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.setAccessibleName("Undo import")
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 380)
        self.reload()

    def reload(self) -> None:
        self.imports = self.service.history(self.chapter_id)
        self.table.setRowCount(len(self.imports))
        for row, item in enumerate(self.imports):
            state = f"undone {item.undone_at:%d/%m/%Y %H:%M}" if item.undone_at else "in the register"
            cells = [f"{item.imported_at:%d/%m/%Y %H:%M}", item.file_name, item.sheet, str(item.read),
                     str(item.imported), str(item.updated), str(item.skipped), state]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if not self.imports:
            self.message.setText("No imports into this chapter yet.")
        self._update_button()

    def selected_import(self) -> ImportSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.imports[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        chosen = self.selected_import()
        self.undo_button.setEnabled(chosen is not None and chosen.undone_at is None)

    def confirmation_text(self, chosen: ImportSummary) -> str:
        edited = self.service.edited_since(chosen.id)
        text = (f"Undo the import of {chosen.file_name} ({chosen.imported_at:%d/%m/%Y %H:%M})?\n\n"
                f"The {chosen.imported} member(s) it added are removed and the {chosen.updated} it updated "
                "get their earlier values back.")
        if edited:
            names = "\n".join(f"  • {e.name} (member {e.member_id}, {e.action} by the import)" for e in edited[:15])
            more = f"\n  … and {len(edited) - 15} more" if len(edited) > 15 else ""
            text += (f"\n\n{len(edited)} of these members were edited since the import; undoing loses "
                     f"those edits:\n{names}{more}")
        return text

    def undo_selected(self, confirm: bool | None = None) -> bool:
        """Ask (unless `confirm` answers for the user), then undo the whole import in one transaction."""
        chosen = self.selected_import()
        if chosen is None:
            return False
        if confirm is None:
            box = QMessageBox(QMessageBox.Icon.Warning, "Undo import", self.confirmation_text(chosen),
                              QMessageBox.StandardButton.Cancel, self)
            box.setAccessibleName("Confirm undo import")
            undo = box.addButton("Undo import", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            confirm = box.clickedButton() is undo
        if not confirm:
            return False
        try:
            # One transaction, possibly thousands of members: off the GUI thread, and not cancellable.
            result = run_while_waiting(
                self._runner, self, lambda: self.service.undo(chosen.id, include_edited=True),  # edits were shown
                "Undoing the import…", cancellable=False)
        except LienError as exc:
            self.message.setText(f"Nothing was undone: {exc}")
            return False
        self.message.setText(f"Import undone: {result.removed} member(s) removed, {result.restored} restored.")
        self.reload()
        self.undone.emit(result)
        return True
