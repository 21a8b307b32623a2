"""Starting the app: the first-start chapter dialog, remembered settings, a refused database, errors."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
import pytest

from lien_desktop.logs import LOG_FILE_NAME
from lien_desktop.paths import log_dir
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import init_database
from lien_desktop.ui.chapter_dialog import ChapterDialog, SwitchChapterDialog
from lien_desktop.ui.error_dialog import ErrorDialog, install_exception_hook
from lien_desktop.ui.main import choose_chapter, run_gui
from lien_desktop.ui.members_model import EMAIL
from lien_desktop.ui.settings import WindowSettings, settings_path


def when_modal(callback):
    """Run callback(dialog) once the next modal dialog is up (exec() blocks the test until then)."""

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
        else:
            callback(dialog)

    QTimer.singleShot(0, poll)


def test_chapter_dialog_finds_constituency_ignoring_accents(qtbot, database):
    chapters = ChapterService(database)
    dialog = ChapterDialog(chapters, first_start=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search_edit, "ynys mon")
    assert dialog.constituency_list.count() == 1
    assert dialog.constituency_list.item(0).text().startswith("Ynys Môn")
    dialog.accept()
    assert dialog.result() == ChapterDialog.DialogCode.Accepted
    assert dialog.created.name == "Ynys Môn" and dialog.created.constituency_code.startswith("W07")
    assert "Ynys Môn" in [c.name for c in chapters.list()]


def test_chapter_dialog_says_what_is_missing(qtbot, database):
    dialog = ChapterDialog(ChapterService(database))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search_edit, "north")  # several matches, none picked
    dialog.accept()
    assert dialog.constituency_problem.isVisible() and "Pick the chapter's constituency" in dialog.constituency_problem.text()
    dialog.no_constituency.setChecked(True)
    dialog.accept()
    assert dialog.name_problem.isVisible() and "needs a name" in dialog.name_problem.text()
    qtbot.keyClicks(dialog.name_edit, "Test Chapter")  # taken by the fixture's chapter
    dialog.accept()
    assert "already exists" in dialog.name_problem.text()
    dialog.name_edit.setText("North West Regional Group")
    dialog.accept()
    assert dialog.created.name == "North West Regional Group" and dialog.created.constituency_code == ""


def test_first_start_asks_for_the_chapter(qtbot, tmp_path):
    database = init_database(tmp_path / "new.sqlite3")

    def fill(dialog):
        dialog.search_edit.setText("chorley")
        dialog.accept()

    when_modal(fill)
    chapter_id = choose_chapter(database, tmp_path / "new.sqlite3", WindowSettings())
    assert ChapterService(database).get(chapter_id).name == "Chorley"
    database.close()


def test_switch_chapter_dialog_lists_the_chapters(qtbot, database, chapter_id):
    second = ChapterService(database).create("Regional Group")
    dialog = SwitchChapterDialog(ChapterService(database).list(), chapter_id)
    qtbot.addWidget(dialog)
    assert dialog.chapter_list.count() == 2 and dialog.chosen_id() == chapter_id
    dialog.chapter_list.setCurrentRow(1 if dialog.chapter_list.item(1).text().startswith("Regional") else 0)
    assert dialog.chosen_id() == second.id


def test_settings_are_remembered_across_windows(qtbot, demo_db, demo_chapter_id):
    from lien_desktop.ui.main_window import MainWindow

    other = ChapterService(demo_db).create("Second Chapter")
    first = MainWindow(demo_db, demo_chapter_id, db_path=demo_db.path)
    qtbot.addWidget(first)
    first.show()
    first.table.horizontalHeader().resizeSection(EMAIL, 333)
    first.set_chapter(other.id)
    first.close()
    assert settings_path().is_file()  # in the test's own config folder, never the real profile

    assert choose_chapter(demo_db, demo_db.path, WindowSettings()) == other.id
    second = MainWindow(demo_db, demo_chapter_id, db_path=demo_db.path)
    qtbot.addWidget(second)
    assert second.table.horizontalHeader().sectionSize(EMAIL) == 333


def test_a_refused_database_is_explained_and_left_alone(qtbot, tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"these are my notes, not a database\n" * 10)
    before = bad.read_bytes()
    seen = []

    def read_and_close(box):
        seen.append(box.text())
        box.close()

    when_modal(read_and_close)
    assert run_gui(argparse.Namespace(db=str(bad))) == 2
    assert seen and "cannot use the database file" in seen[0] and "not changed" in seen[0]
    assert bad.read_bytes() == before


def test_error_dialog_copies_details(qtbot):
    dialog = ErrorDialog("ValueError: boom", "Traceback...\nValueError: boom")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback...\nValueError: boom"


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_logged_and_shown_and_the_app_goes_on(qtbot):
    from lien_desktop.logs import setup_logging

    setup_logging()
    hook = install_exception_hook()
    try:
        def broken_slot():
            raise RuntimeError("a bug in a slot")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible(), timeout=3000)
        assert "RuntimeError: a bug in a slot" in hook.dialog.message_label.text()
        assert "broken_slot" in hook.dialog.details_view.toPlainText()
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "a bug in a slot" in (log_dir() / LOG_FILE_NAME).read_text(encoding="utf-8")
        hook.dialog.close()
    finally:
        hook.uninstall()
    assert sys.excepthook is not hook


def test_the_app_starts_shows_members_and_can_report_its_first_paint(run_cli, demo_db, tmp_path):
    """The real entry point in a fresh process (what cold start measures), quitting after the first paint."""
    result = run_cli("--db", str(demo_db.path),
                     env={"QT_QPA_PLATFORM": "offscreen", "LIEN_BENCH_EXIT_AFTER_FIRST_PAINT": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint ") and result.stdout.split()[3] == "303"


def test_closing_the_app_checks_the_file_so_the_next_start_need_not(run_cli, demo_db):
    from lien_desktop.db import integrity

    demo_db.close()
    env = {"QT_QPA_PLATFORM": "offscreen", "LIEN_BENCH_EXIT_AFTER_FIRST_PAINT": "1"}
    assert run_cli("--db", str(demo_db.path), env=env).returncode == 0
    remembered = integrity._remembered()
    assert remembered[str(demo_db.path.resolve())] == list(integrity._stamp(demo_db.path))
