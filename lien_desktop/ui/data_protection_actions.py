"""Data-protection actions any screen can offer for one member: subject access, and erasure after a
confirmation. Both run through the JobRunner and report with signals (and a message when shown)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from lien_desktop.db.engine import Database
from lien_desktop.domain.data_protection import ErasureResult
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.subject_access import subject_access
from lien_desktop.ui.workers import JobError, JobRunner


class DataProtectionActions(QObject):
    sar_written = Signal(object)  # list[Path] (empty: nothing is held)
    erased = Signal(object)  # ErasureResult
    failed = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.window = parent
        self.runner = JobRunner(self)
        self.confirmation: QMessageBox | None = None

    def _show(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def _failed(self, error: JobError) -> None:
        self.failed.emit(error.message)
        if self._show():
            QMessageBox.warning(self.window, "Data protection", error.message)

    # --- subject access -----------------------------------------------------------------------------

    def subject_access(self, member_id: int, out_dir: Path | None = None) -> None:
        if out_dir is None:
            chosen = QFileDialog.getExistingDirectory(self.window, "Folder for the subject access report")
            if not chosen:
                return
            out_dir = Path(chosen)

        def done(result: tuple[object, list[Path]]) -> None:
            paths = result[1]
            self.sar_written.emit(paths)
            if self._show():
                text = ("Written:\n" + "\n".join(str(p) for p in paths)) if paths else "Nothing is held."
                QMessageBox.information(self.window, "Subject access", text)

        self.runner.start(lambda _p: subject_access(self.database, str(member_id), out_dir), "subject access",
                          on_success=done, on_failure=self._failed)

    # --- erasure ------------------------------------------------------------------------------------

    def ask_to_erase(self, member_id: int, name: str) -> QMessageBox:
        """A confirmation naming the person; nothing happens unless the secretary presses Erase."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Erase personal data",
                          f"Erase all personal data about {name} (member {member_id})?\n\n"
                          "Their record, timeline, consents, posts and the values in the audit trail are "
                          "removed for good. Backups made earlier still hold them until they are replaced.",
                          QMessageBox.StandardButton.Cancel, self.window)
        erase = box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName("Confirm erasure")
        self.confirmation = box
        box.buttonClicked.connect(lambda button: self._erase(member_id) if button is erase else None)
        box.finished.connect(lambda _result: setattr(self, "confirmation", None))
        box.open()
        return box

    def _erase(self, member_id: int) -> None:
        def done(result: ErasureResult) -> None:
            self.erased.emit(result)
            if not result.compacted and self._show():
                QMessageBox.information(self.window, "Erased", "The member's data were erased. Another program "
                                        "was reading the database, so deleted bytes may stay in the file's "
                                        "free space until it is next compacted.")

        self.runner.start(lambda _p: erase_member(self.database, member_id), "erasure",
                          on_success=done, on_failure=self._failed)

    @property
    def busy(self) -> bool:
        return self.runner.busy
