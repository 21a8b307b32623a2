"""Protection as the secretary meets it: the passphrase at first start, unlocking, one copy of the app
per database, the idle lock, backing up now and on close."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from lien_desktop.services.backups import automatic_backups, backup_folder
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import init_database, needs_passphrase, open_existing, open_or_create
from lien_desktop.services.members import MemberService
from lien_desktop.ui.main import open_database_or_explain
from lien_desktop.ui.main_window import MainWindow
from lien_desktop.ui.unlock_dialog import WRONG_PASSPHRASE_TEXT

PASS = "correct horse battery staple"


def when_modal(callback):
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
        else:
            callback(dialog)

    QTimer.singleShot(0, poll)


def encrypted_register(path, members=3):
    database = init_database(path, "Encrypted Chapter", passphrase=PASS)
    chapter_id = ChapterService(database).list()[0].id
    for i in range(members):
        MemberService(database).add(chapter_id, {"first_name": f"Person{i}", "last_name": "Example"})
    database.close()
    return chapter_id


def test_first_start_with_lien_passphrase_creates_an_encrypted_database(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_PASSPHRASE", PASS)
    path = tmp_path / "new.sqlite3"
    database, _path, code = open_database_or_explain(str(path))
    assert database is not None and code == 0 and database.encrypted
    database.close()
    assert needs_passphrase(path)


def test_first_start_asks_for_a_passphrase(qtbot, tmp_path):
    path = tmp_path / "new.sqlite3"

    def choose(dialog):
        assert dialog.objectName() == "passphraseDialog"
        dialog.new.setText(PASS)
        dialog.repeat.setText(PASS)
        dialog.ok_button.click()

    when_modal(choose)
    database, _path, _code = open_database_or_explain(str(path))
    assert database.encrypted
    database.close()
    assert needs_passphrase(path)


def test_first_start_unencrypted_only_after_the_warning(qtbot, tmp_path):
    path = tmp_path / "plain.sqlite3"

    def store_plain(dialog):
        dialog.unencrypted_toggle.click()
        assert not dialog.unencrypted_button.isEnabled()
        dialog.understood.setChecked(True)
        dialog.unencrypted_button.click()

    when_modal(store_plain)
    database, _path, _code = open_database_or_explain(str(path))
    assert not database.encrypted
    database.close()
    assert not needs_passphrase(path)


def test_cancelling_the_first_start_creates_nothing(qtbot, tmp_path):
    path = tmp_path / "new.sqlite3"
    when_modal(lambda dialog: dialog.reject())
    assert open_database_or_explain(str(path)) == (None, path, 0)
    assert not path.exists()


def test_unlock_with_a_wrong_then_the_right_passphrase(qtbot, tmp_path):
    path = tmp_path / "secret.sqlite3"
    encrypted_register(path)
    before = path.read_bytes()
    messages = []

    def unlock(dialog):
        assert dialog.objectName() == "unlockDialog"

        def failed(text):
            messages.append(text)
            assert path.read_bytes() == before  # a failed attempt changes nothing
            dialog.passphrase.setText(PASS)
            dialog.try_unlock()

        dialog.attempt_failed.connect(failed)
        dialog.passphrase.setText("not the passphrase")
        dialog.try_unlock()

    when_modal(unlock)
    database, _path, code = open_database_or_explain(str(path))
    assert messages == [WRONG_PASSPHRASE_TEXT]
    assert database is not None and database.encrypted and code == 0
    database.close()


def test_cancelling_the_unlock_exits_quietly(qtbot, tmp_path):
    path = tmp_path / "secret.sqlite3"
    encrypted_register(path)
    when_modal(lambda dialog: dialog.reject())
    assert open_database_or_explain(str(path)) == (None, path, 0)


def test_a_second_copy_on_the_same_database_is_refused(qtbot, tmp_path):
    path = tmp_path / "register.sqlite3"
    first = open_or_create(path, lock=True)
    try:
        seen = []
        when_modal(lambda box: (seen.append(box.text()), box.close()))
        database, _path, code = open_database_or_explain(str(path))
        assert database is None and code == 2
        assert "already open" in seen[0]
    finally:
        first.close()


def test_idle_lock_hides_the_members_and_the_passphrase_brings_them_back(qtbot, tmp_path):
    path = tmp_path / "secret.sqlite3"
    chapter_id = encrypted_register(path)
    database = open_existing(path, passphrase=PASS, lock=True)
    window = MainWindow(database, chapter_id, db_path=path, idle_timeout_s=0.2)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 3
    with qtbot.waitSignal(window.idle_lock.locked_changed, timeout=10000) as locked:
        pass
    assert locked.args == [True]
    assert not window.table.isVisible() and window.model.rowCount() == 0
    page = window.idle_lock.page
    assert page.isVisible()
    page.passphrase.setText("wrong")
    page.unlock_button.click()
    assert window.idle_lock.locked and page.message.text()
    page.passphrase.setText(PASS)
    with qtbot.waitSignal(window.idle_lock.locked_changed) as unlocked:
        page.unlock_button.click()
    assert unlocked.args == [False]
    assert window.table.isVisible() and window.model.rowCount() == 3
    window.idle_lock.set_timeout(0)
    window.close()
    database.close()


def test_an_unencrypted_register_has_no_idle_lock(window):
    assert window.idle_lock is None and not window.lock_action.isEnabled()


def test_back_up_now_writes_a_backup_that_opens(qtbot, window, tmp_path):
    target = tmp_path / "copy.sqlite3"
    job = window.back_up_now(target)
    with qtbot.waitSignal(job.signals.succeeded, timeout=30000):
        pass
    copy = open_existing(target)
    try:
        assert MemberService(copy).count(window.chapter_id) == 303
    finally:
        copy.close()


def test_closing_makes_the_automatic_backup_first(qtbot, tmp_path):
    path = tmp_path / "register.sqlite3"
    database = open_or_create(path, lock=True)
    chapter_id = ChapterService(database).create("Closing Chapter").id
    window = MainWindow(database, chapter_id, db_path=path, backup_on_close=True)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert window.isVisible()  # waits for the backup
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    backups = automatic_backups(path, backup_folder())
    assert len(backups) == 1 and backups[0][1].is_file()
    database.close()


def test_preferences_set_the_idle_lock_time(qtbot, tmp_path):
    from lien_desktop.services.protection_settings import load_settings

    path = tmp_path / "secret.sqlite3"
    chapter_id = encrypted_register(path)
    database = open_existing(path, passphrase=PASS, lock=True)
    window = MainWindow(database, chapter_id, db_path=path)
    qtbot.addWidget(window)
    assert window.idle_lock.timeout_s == 600  # the default, 10 minutes
    window.preferences_action.trigger()
    dialog = window.open_views["preferences"]
    dialog.idle_minutes.setValue(3)
    dialog.automatic_backups.setChecked(False)
    dialog.accept()
    assert load_settings().idle_lock_minutes == 3 and not load_settings().automatic_backups
    assert window.idle_lock.timeout_s == 180
    window.close()
    database.close()


def test_change_passphrase_reopens_the_register_under_the_new_one(qtbot, tmp_path):
    path = tmp_path / "secret.sqlite3"
    chapter_id = encrypted_register(path)
    database = open_existing(path, passphrase=PASS, lock=True)
    window = MainWindow(database, chapter_id, db_path=path)
    qtbot.addWidget(window)
    window.show()
    new = "violet harbour tram seventeen"

    def fill(dialog):
        assert dialog.objectName() == "changePassphraseDialog"
        dialog.current.setText(PASS)
        dialog.new.setText(new)
        dialog.repeat.setText(new)
        dialog.ok_button.click()

    when_modal(fill)
    window.change_passphrase()
    qtbot.waitUntil(lambda: window.database is not database and window.database.encrypted, timeout=30000)
    assert window.database.verify_passphrase(new) and not window.database.verify_passphrase(PASS)
    assert window.model.rowCount() == 3 and window.idle_lock is not None
    window.close()
    window.database.close()
    reopened = open_existing(path, passphrase=new)
    assert MemberService(reopened).count(chapter_id) == 3
    reopened.close()


def test_restore_replaces_the_register_and_the_window_shows_it(qtbot, tmp_path):
    path = tmp_path / "register.sqlite3"
    database = open_or_create(path, lock=True)
    chapter_id = ChapterService(database).create("Restoring Chapter").id
    MemberService(database).add(chapter_id, {"first_name": "Kept", "last_name": "Member"})
    window = MainWindow(database, chapter_id, db_path=path)
    qtbot.addWidget(window)
    window.show()
    backup = tmp_path / "before.sqlite3"
    with qtbot.waitSignal(window.back_up_now(backup).signals.succeeded, timeout=30000):
        pass
    MemberService(database).add(chapter_id, {"first_name": "Added", "last_name": "Later"})
    window.refresh_after_change()
    assert window.model.rowCount() == 2
    job = window.restore_from(backup)
    with qtbot.waitSignal(job.signals.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: window.database is not database)
    assert window.model.rowCount() == 1 and window.database.lock is not None
    window.close()
    window.database.close()
