"""Starting the window: application, logging, error hook, database, first-start chapter, main window.

Cold start matters (target: the first members on screen within a second), so the heavy modules
(the window, dialogs) are imported inside the steps that need them, and the data layer before PySide6
(see _import_data_layer_first). What the first window leaves for later is listed in
tests/test_cold_start_imports.py.

LIEN_BENCH_EXIT_AFTER_FIRST_PAINT=1 makes the app print the time to the first painted members and
quit (benchmarks/bench_register.py measures cold start with it). With LIEN_BENCH_T0 set to the
launching process's time.perf_counter() (CLOCK_MONOTONIC, shared by processes on Linux) the figure
counts from the launch, interpreter start-up included.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

ENV_BENCH_EXIT = "LIEN_BENCH_EXIT_AFTER_FIRST_PAINT"
ENV_BENCH_T0 = "LIEN_BENCH_T0"
ENV_PASSPHRASE = "LIEN_PASSPHRASE"
ENV_UNENCRYPTED_OK = "LIEN_UNENCRYPTED_OK"
APP_NAME = "LIEN Desktop"

log = logging.getLogger(__name__)

def _application():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("")  # settings live in paths.config_dir(), not under an organisation
    return app


def _refuse(title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.setAccessibleName("Database refused")
    box.exec()


def open_database_or_explain(db_arg: str | None):  # type: ignore[no-untyped-def]
    """(database, path, exit code): the database opened under the single-instance lock, or None after
    telling the user why it cannot be used (the file was not modified) or after they cancelled.

    An encrypted file asks for its passphrase (UnlockDialog); no file yet asks for a new one
    (PassphraseDialog). LIEN_PASSPHRASE in the environment answers both without a dialog (scripts,
    benchmarks, tests); LIEN_UNENCRYPTED_OK=1 creates a new database unencrypted without asking.
    """
    from lien_desktop.domain.errors import DatabaseRefused
    from lien_desktop.services.database import needs_passphrase, open_or_create, resolve_db_path

    path = resolve_db_path(db_arg)
    passphrase = os.environ.get(ENV_PASSPHRASE) or None
    try:
        exists = path.exists() and path.stat().st_size > 0
        if exists and passphrase is None and needs_passphrase(path):
            from lien_desktop.ui.unlock_dialog import UnlockDialog

            dialog = UnlockDialog(path, lambda p: open_or_create(
                path, passphrase=p, lock=True, refresh_statistics=False))
            dialog.setObjectName("unlockDialog")
            if not dialog.exec() or dialog.opened is None:
                return None, path, 0
            return dialog.opened, path, 0
        if not exists and passphrase is None and os.environ.get(ENV_UNENCRYPTED_OK) != "1":
            from lien_desktop.ui.passphrase_dialog import CHOOSE, PassphraseDialog

            dialog = PassphraseDialog(CHOOSE)
            dialog.setObjectName("passphraseDialog")
            if not dialog.exec():
                return None, path, 0
            passphrase = None if dialog.store_unencrypted else dialog.passphrase
        # The planner statistics are refreshed after the first paint (run_gui), not while opening.
        return open_or_create(path, passphrase=passphrase, lock=True, refresh_statistics=False), path, 0
    except DatabaseRefused as exc:
        log.warning("database refused: %s: %s", path, exc)
        _refuse("Cannot open the database",
                f"LIEN Desktop cannot use the database file\n{path}\n\n{exc}\n\nThe file was not changed.")
        return None, path, 2


def choose_chapter(database, db_path, settings) -> int | None:  # type: ignore[no-untyped-def]
    """The chapter to open: the last one used, the only one, or a new one made in the first-start dialog."""
    from lien_desktop.services.chapters import ChapterService

    chapters = ChapterService(database).list(counted=False)
    if not chapters:
        from lien_desktop.ui.chapter_dialog import ChapterDialog

        dialog = ChapterDialog(ChapterService(database), first_start=True)
        if not dialog.exec() or dialog.created is None:
            return None
        return dialog.created.id
    last = settings.last_chapter(db_path)
    if any(c.id == last for c in chapters):
        return last
    return chapters[0].id


def _import_data_layer_first() -> None:
    """Import the data layer the first window uses (SQLAlchemy, the models, phonenumbers) before PySide6.

    PySide6 installs an import hook (its __feature__ support) that reads the source file of every module
    imported after it (inspect.getsource in shibokensupport/feature.py, _mod_uses_pyside; 362 calls in one
    start): SQLAlchemy's, phonenumbers' and asyncio's ~300 modules cost about 0.15 s of CPU more when
    they came after PySide6 (measured here).
    Importing them on a thread beside Qt's start gained nothing to pay for that: both are Python code
    holding the GIL (QApplication itself takes 3 ms offscreen).
    """
    try:
        import lien_desktop.services.chapters  # noqa: F401
        import lien_desktop.services.database  # noqa: F401
        import lien_desktop.services.members  # noqa: F401
    except Exception:  # noqa: BLE001 - imported again where used, under the error dialog's hook
        pass


def run_gui(args: argparse.Namespace) -> int:
    from lien_desktop.services.startup import begin_opening

    begin_opening(getattr(args, "db", None))  # the file's integrity check runs while the app loads
    _import_data_layer_first()
    from lien_desktop.logs import setup_logging

    setup_logging()
    app = _application()
    from lien_desktop.ui.error_dialog import install_exception_hook

    hook = install_exception_hook()
    try:
        database, db_path, refused = open_database_or_explain(getattr(args, "db", None))
        if database is None:
            return refused
        try:
            from lien_desktop.ui.settings import WindowSettings

            settings = WindowSettings()
            chapter_id = choose_chapter(database, db_path, settings)
            if chapter_id is None:
                return 0  # first start cancelled: nothing was created but the empty database
            from lien_desktop.ui.main_window import MainWindow

            # The automatic rotating backup on close (not when a benchmark quits after the first paint).
            window = MainWindow(database, chapter_id, db_path=db_path, settings=settings,
                                backup_on_close=not os.environ.get(ENV_BENCH_EXIT))
            _refresh_statistics_after_first_paint(window)
            if os.environ.get(ENV_BENCH_EXIT):
                _exit_after_first_paint(app, window)
            window.show()
            code = app.exec()
            window.database.close()  # the window may have reopened it (restore, new passphrase)
            closed = window.database
            if closed.path is not None and not closed.read_only and not closed.encrypted:
                from lien_desktop.services.startup import after_closing

                after_closing(closed.path)  # the window has gone: the user does not wait
            return code
        finally:
            if database is not None and database.lock is not None:
                database.close()
    finally:
        hook.uninstall()


def _refresh_statistics_after_first_paint(window) -> None:  # type: ignore[no-untyped-def]
    """ANALYZE (about 30 ms at 100,000 members) once the members are on screen, at the event loop's next
    turn (after every other handler of the first paint), before the user can type a search that needs
    the statistics. The window's own database: it may have been reopened meanwhile."""
    from PySide6.QtCore import QTimer

    from lien_desktop.services.database import refresh_statistics

    window.first_rows_painted.connect(lambda: QTimer.singleShot(0, window, lambda: refresh_statistics(window.database)))


def _exit_after_first_paint(app, window) -> None:  # type: ignore[no-untyped-def]
    started = float(os.environ.get(ENV_BENCH_T0) or 0)

    def report() -> None:
        now = time.perf_counter()
        # cpu: this process's CPU seconds so far (all threads), which other programs' load changes less
        print(f"first-paint {now - started if started else -1:.4f} rows {window.model.rowCount()} "
              f"cpu {time.process_time():.4f}", flush=True)
        window.close()
        app.quit()

    window.first_rows_painted.connect(report)
