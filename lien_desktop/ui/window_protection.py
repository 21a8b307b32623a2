"""The main window's protection: back up now, restore, change the passphrase, the idle lock, and the
automatic rotating backup when the window closes. A mixin of MainWindow.

Restore and a new passphrase replace the database file, so the window closes its database (which
releases the single-instance lock), lets the job work on the file, and reopens it under the lock
(`replace_database`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import DatabaseRefused
from lien_desktop.ui.workers import JobError

log = logging.getLogger(__name__)


class WindowProtection:
    database: Database
    backup_on_close: bool
    idle_lock = None

    # --- idle lock ------------------------------------------------------------------------------

    def setup_idle_lock(self, timeout_s: float | None = None) -> None:
        """Lock after the configured idle time; only an encrypted register has a passphrase to ask."""
        if self.idle_lock is not None:
            self.idle_lock.dispose()
            self.idle_lock.page.deleteLater()
            self.idle_lock = None
        if not self.database.encrypted:
            self.lock_action.setEnabled(False)  # type: ignore[attr-defined]
            return
        # Imported here, after the check: an unencrypted register starts without them (start-up time).
        from lien_desktop.services.protection_settings import load_settings
        from lien_desktop.ui.idle_lock import IdleLock

        seconds = load_settings().idle_lock_seconds if timeout_s is None else timeout_s
        self.idle_lock = IdleLock(self, seconds, verify=lambda text: self.database.verify_passphrase(text),  # type: ignore[arg-type]
                                  on_lock=self._forget_shown_data, on_unlock=self._show_data_again)
        self.lock_action.setEnabled(True)  # type: ignore[attr-defined]

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock_now()

    def _forget_shown_data(self) -> None:
        for view in list(self.open_views.values()):  # type: ignore[attr-defined]
            try:
                view.close()
            except RuntimeError:
                pass
        self.panel.show_member(None)  # type: ignore[attr-defined]
        self.model.set_chapter(None)  # type: ignore[attr-defined]

    def _show_data_again(self) -> None:
        self.model.set_chapter(self.chapter_id)  # type: ignore[attr-defined]
        self.refresh_after_change()  # type: ignore[attr-defined]

    # --- backups --------------------------------------------------------------------------------

    def back_up_now(self, destination: Path | str | None = None):  # type: ignore[no-untyped-def]
        """Ask for a file (unless given) and back up in a job; returns the Job (None if cancelled)."""
        from lien_desktop.ui.backup_jobs import back_up_now, progress_dialog, start_backup

        def done(path) -> None:  # type: ignore[no-untyped-def]
            self.statusBar().showMessage(f"Backed up to {path}", 10000)  # type: ignore[attr-defined]

        if destination is None:
            return back_up_now(self, self.jobs, self.database, on_done=done)  # type: ignore[attr-defined, arg-type]
        job = start_backup(self.jobs, self.database, destination)  # type: ignore[attr-defined]
        progress_dialog(self, job, "Backing up the register")  # type: ignore[arg-type]
        job.signals.succeeded.connect(done)
        job.signals.failed.connect(lambda error: QMessageBox.warning(self, "Backup failed", error.message))  # type: ignore[arg-type]
        return self.jobs.submit(job)  # type: ignore[attr-defined]

    def restore_backup(self):  # type: ignore[no-untyped-def]
        from lien_desktop.ui.backup_jobs import restore

        path = Path(self.database.path)  # type: ignore[arg-type]
        passphrase = self.database.passphrase
        return restore(self, self.jobs, path, passphrase, before=self._close_database,  # type: ignore[attr-defined, arg-type]
                       after=lambda _result: self._reopen(path, passphrase))

    def restore_from(self, backup: Path | str):  # type: ignore[no-untyped-def]
        """Restore a chosen backup without the file dialog and question (scripts, tests)."""
        from lien_desktop.ui.backup_jobs import progress_dialog, start_restore

        path = Path(self.database.path)  # type: ignore[arg-type]
        passphrase = self.database.passphrase
        self._close_database()
        job = start_restore(self.jobs, backup, path, passphrase)  # type: ignore[attr-defined]
        progress_dialog(self, job, "Restoring the register", cancellable=False)  # type: ignore[arg-type]
        job.signals.succeeded.connect(lambda _result: self._reopen(path, passphrase))
        job.signals.failed.connect(lambda error: (QMessageBox.warning(self, "Restore refused", error.message),  # type: ignore[arg-type]
                                                  self._reopen(path, passphrase)))
        return self.jobs.submit(job)  # type: ignore[attr-defined]

    def change_passphrase(self) -> None:
        from lien_desktop.services.encryption import change_encryption
        from lien_desktop.ui.backup_jobs import progress_dialog
        from lien_desktop.ui.passphrase_dialog import CHANGE, PassphraseDialog

        database = self.database
        verify = database.verify_passphrase if database.encrypted else None
        dialog = PassphraseDialog(CHANGE, self, verify_current=verify)  # type: ignore[arg-type]
        dialog.setObjectName("changePassphraseDialog")
        if not database.encrypted:
            dialog.current.setEnabled(False)
            dialog.current.setPlaceholderText("(the register is not encrypted yet)")
        self.open_views["change_passphrase"] = dialog  # type: ignore[attr-defined]
        if not dialog.exec():
            return
        path, old, new = Path(database.path), database.passphrase, dialog.passphrase  # type: ignore[arg-type]
        self._close_database()
        job = self.jobs.prepare(  # type: ignore[attr-defined]
            lambda _p: change_encryption(path, old_passphrase=old, new_passphrase=new,
                                         allow_unencrypted=dialog.store_unencrypted), "change passphrase")
        progress_dialog(self, job, "Changing the passphrase", cancellable=False)  # type: ignore[arg-type]
        job.signals.succeeded.connect(lambda _path: (self._reopen(path, new), self.statusBar().showMessage(  # type: ignore[attr-defined]
            "The passphrase was changed." if new else "The register is now stored unencrypted.", 10000)))
        job.signals.failed.connect(lambda error: (QMessageBox.warning(self, "Passphrase not changed", error.message),  # type: ignore[arg-type]
                                                  self._reopen(path, old)))
        self.jobs.submit(job)  # type: ignore[attr-defined]

    def _close_database(self) -> None:
        self.jobs.wait(30_000)  # type: ignore[attr-defined]  # nothing may still be reading it
        self._forget_shown_data()
        self.database.close()

    def _reopen(self, path: Path, passphrase: str | None) -> None:
        """Open the (possibly replaced) file again under the lock; ask for its passphrase if ours fails."""
        from lien_desktop.services.database import open_or_create

        try:
            database = open_or_create(path, passphrase=passphrase, lock=True)
        except DatabaseRefused as exc:
            from lien_desktop.ui.unlock_dialog import UnlockDialog

            log.info("reopening %s: %s", path, exc)
            dialog = UnlockDialog(path, lambda p: open_or_create(path, passphrase=p, lock=True), self)  # type: ignore[arg-type]
            if not dialog.exec() or dialog.opened is None:
                QMessageBox.critical(self, "Register closed", f"{path} could not be opened again:\n{exc}")  # type: ignore[arg-type]
                self.backup_on_close = False
                self.close()  # type: ignore[attr-defined]
                return
            database = dialog.opened
        self.replace_database(database)  # type: ignore[attr-defined]

    # --- automatic backup on close --------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_settings()  # type: ignore[attr-defined]
        if self.backup_on_close and not self.database.read_only and self.database.lock is not None:
            event.ignore()  # closes again once the backup has finished (or failed, after saying so)
            self.backup_on_close = False
            self._automatic_backup_then_close()
            return
        self.jobs.wait(5000)  # type: ignore[attr-defined]
        if self.idle_lock is not None:
            self.idle_lock.dispose()
        super().closeEvent(event)  # type: ignore[misc]

    def _automatic_backup_then_close(self) -> None:
        from lien_desktop.services.backups import automatic_backup
        from lien_desktop.services.protection_settings import load_settings

        settings = load_settings()
        if not settings.automatic_backups:
            self.close()  # type: ignore[attr-defined]
            return
        self.jobs.wait(30_000)  # type: ignore[attr-defined]
        database = self.database
        job = self.jobs.prepare(  # type: ignore[attr-defined]
            lambda progress: automatic_backup(database, policy=settings.backup_policy,
                                              progress=lambda done, total: progress.report(done, total, "")),
            "automatic backup")
        dialog = QProgressDialog("Backing up the register before closing…", "", 0, 0, self)  # type: ignore[arg-type]
        dialog.setObjectName("closingBackupProgress")
        dialog.setWindowTitle("Backing up")
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        job.signals.progressed.connect(lambda done, total, _text: (dialog.setMaximum(max(total, 0)),
                                                                    dialog.setValue(min(done, total) if total else 0)))

        def succeeded(path) -> None:  # type: ignore[no-untyped-def]
            log.info("automatic backup written: %s", path)
            self.last_automatic_backup = path

        def failed(error: JobError) -> None:
            log.warning("automatic backup failed: %s", error.details)
            QMessageBox.warning(self, "Automatic backup failed",  # type: ignore[arg-type]
                                f"The automatic backup could not be written:\n{error.message}\n\n"
                                "The register itself is safe. Use File ▸ Back up now… next time.")

        job.signals.succeeded.connect(succeeded)
        job.signals.failed.connect(failed)
        job.signals.finished.connect(dialog.close)
        job.signals.finished.connect(self.close)  # type: ignore[attr-defined]
        self.closing_backup_job = self.jobs.submit(job)  # type: ignore[attr-defined]
        dialog.show()
