"""'Back up now…' and 'Restore…' as background jobs with a progress dialog and Cancel.

The main window calls:
    back_up_now(parent, runner, database)                 # asks for a file, then backs up
    start_backup(runner, database, path)  -> Job          # no questions (tests, scripts)
    restore(parent, runner, target, passphrase, before, after)
    start_restore(runner, backup, target, passphrase) -> Job
A restore needs the database closed (it is replaced, under the single-instance lock): `before()`
closes it, `after(result_or_None)` reopens whatever is at the target afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from lien_desktop.db.engine import Database
from lien_desktop.services.backups import RestoreResult, backup_now, restore_backup
from lien_desktop.ui.workers import Job, JobError, JobRunner, Progress

BACKUP_FILTER = "LIEN Desktop backups (*.sqlite3 *.lienbackup);;All files (*)"


def start_backup(runner: JobRunner, database: Database, destination: Path | str, *, overwrite: bool = True) -> Job:
    def work(progress: Progress) -> Path:
        progress.report(0, 0, "Backing up…")
        return backup_now(database, Path(destination), overwrite=overwrite,
                          progress=lambda done, total: progress.report(done, total, "Backing up…"),
                          check=progress.check)

    return runner.prepare(work, "backup")


def start_restore(runner: JobRunner, backup: Path | str, target: Path | str, passphrase: str | None) -> Job:
    def work(progress: Progress) -> RestoreResult:
        progress.report(0, 0, "Checking the backup…")
        return restore_backup(Path(backup), Path(target), passphrase=passphrase,
                              progress=lambda done, total: progress.report(done, total, "Restoring…"))

    return runner.prepare(work, "restore")


def progress_dialog(parent: QWidget | None, job: Job, title: str, cancellable: bool = True) -> QProgressDialog:
    """A modal-to-the-window progress dialog following the job; Cancel cancels it."""
    dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(job.cancel)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    job.signals.progressed.connect(on_progress)
    job.signals.finished.connect(dialog.close)
    return dialog


def _show_error(parent: QWidget | None, title: str, error: JobError) -> None:
    QMessageBox.warning(parent, title, error.message)


def back_up_now(parent: QWidget | None, runner: JobRunner, database: Database,
                on_done: Callable[[Path], None] | None = None) -> Job | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Back up the register to…", "", BACKUP_FILTER)
    if not name:
        return None
    job = start_backup(runner, database, name)  # the file dialog already asked about overwriting
    progress_dialog(parent, job, "Backing up the register")
    job.signals.succeeded.connect(lambda path: on_done(path) if on_done else None)
    job.signals.failed.connect(lambda error: _show_error(parent, "Backup failed", error))
    return runner.submit(job)


def restore(parent: QWidget | None, runner: JobRunner, target: Path, passphrase: str | None,
            before: Callable[[], None], after: Callable[[RestoreResult | None], None]) -> Job | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Restore the register from…", "", BACKUP_FILTER)
    if not name:
        return None
    answer = QMessageBox.question(
        parent, "Restore a backup",
        f"Replace the register with the backup {Path(name).name}?\n\nThe backup is checked first; the "
        "current register is kept beside it as a safety copy.")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    before()
    job = start_restore(runner, name, target, passphrase)
    progress_dialog(parent, job, "Restoring the register", cancellable=False)
    job.signals.succeeded.connect(after)
    job.signals.failed.connect(lambda error: (_show_error(parent, "Restore refused", error), after(None)))
    return runner.submit(job)
