"""The unlock dialog, the passphrase dialog, the idle lock and the backup/restore jobs, driven with
pytest-qt on real databases."""

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QMainWindow, QTableView

from lien_desktop.services.database import check_database, init_database, open_existing
from lien_desktop.services.demo import fill_demo
from lien_desktop.ui.backup_jobs import progress_dialog, start_backup, start_restore
from lien_desktop.ui.idle_lock import WRONG_TEXT, IdleLock
from lien_desktop.ui.passphrase_dialog import CHANGE, CHOOSE, PassphraseDialog
from lien_desktop.ui.unlock_dialog import WRONG_PASSPHRASE_TEXT, UnlockDialog
from lien_desktop.ui.workers import JobRunner

PASS = "correct horse battery staple"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def runner(qtbot):
    runner = JobRunner()
    yield runner
    runner.wait(10000)


@pytest.fixture
def encrypted(db_path):
    database = init_database(db_path, "Leeds", passphrase=PASS)
    fill_demo(database, members=300)
    database.close()
    return db_path


def test_unlock_a_wrong_passphrase_gets_a_calm_message_and_another_try(qtbot, encrypted, runner):
    dialog = UnlockDialog(encrypted, lambda p: open_existing(encrypted, passphrase=p, lock=True), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    before = digest(encrypted)
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    with qtbot.waitSignal(dialog.attempt_failed, timeout=20000) as failed:
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert failed.args[0] == WRONG_PASSPHRASE_TEXT
    assert dialog.message.text() == WRONG_PASSPHRASE_TEXT and dialog.isVisible()
    assert digest(encrypted) == before
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASS)
    with qtbot.waitSignal(dialog.unlocked, timeout=20000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    database = dialog.opened
    try:
        assert database.encrypted and not dialog.isVisible() and dialog.attempts == 2
        assert dialog.passphrase.text() == ""  # not kept in the widget
    finally:
        database.close()


def test_unlock_shows_other_refusals_as_they_are(qtbot, encrypted, runner):
    holder = open_existing(encrypted, passphrase=PASS, lock=True)  # "another copy of the app"
    try:
        dialog = UnlockDialog(encrypted, lambda p: open_existing(encrypted, passphrase=p, lock=True), runner=runner)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.passphrase, PASS)
        with qtbot.waitSignal(dialog.attempt_failed, timeout=20000) as failed:
            dialog.try_unlock()
        assert "already open" in failed.args[0]
    finally:
        holder.close()


def test_choosing_a_passphrase_needs_strength_and_a_matching_repeat(qtbot):
    dialog = PassphraseDialog(CHOOSE)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.new, "abc")
    assert not dialog.ok_button.isEnabled() and dialog.strength_bar.value() == 0
    assert "at least" in dialog.strength_label.text()
    dialog.new.clear()
    qtbot.keyClicks(dialog.new, PASS)
    assert dialog.strength_bar.value() == 4 and dialog.strength_label.text().startswith("Strong")
    qtbot.keyClicks(dialog.repeat, PASS[:-1] + "X")
    assert not dialog.ok_button.isEnabled() and "not the same" in dialog.problem.text()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, PASS)
    assert dialog.ok_button.isEnabled() and dialog.problem.text() == ""
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase == PASS and not dialog.store_unencrypted


def test_storing_unencrypted_only_after_the_warning_is_acknowledged(qtbot):
    dialog = PassphraseDialog(CHOOSE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning_panel.isVisible()
    qtbot.mouseClick(dialog.unencrypted_toggle, Qt.MouseButton.LeftButton)
    assert dialog.warning_panel.isVisible()
    warning = dialog.warning_panel.findChild(QLabel, options=Qt.FindChildOption.FindChildrenRecursively)
    assert "UNENCRYPTED" in warning.text()
    assert not dialog.unencrypted_button.isEnabled()
    dialog.understood.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.unencrypted_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase is None and dialog.store_unencrypted


def test_changing_the_passphrase_checks_the_current_one(qtbot):
    dialog = PassphraseDialog(CHANGE, verify_current=lambda text: text == PASS)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current, "wrong one")
    qtbot.keyClicks(dialog.new, "a new good passphrase")
    qtbot.keyClicks(dialog.repeat, "a new good passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "not right" in dialog.problem.text() and dialog.passphrase is None and dialog.result() == 0
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASS)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase == "a new good passphrase"


def make_window(qtbot):
    window = QMainWindow()
    model = QStandardItemModel()
    model.appendRow([QStandardItem("Siobhan Kelly"), QStandardItem("siobhan@example.org")])
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.menuBar().addMenu("File")
    window.resize(640, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, model, view


def test_the_idle_lock_hides_the_data_until_the_passphrase(qtbot, qtmodeltester):
    window, model, view = make_window(qtbot)
    qtmodeltester.check(model)
    exported = []
    export = QAction("Export", window)
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.triggered.connect(lambda: exported.append(1))
    window.addAction(export)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [1]
    events = []
    lock = IdleLock(window, timeout_s=0.3, verify=lambda text: text == PASS,
                    on_lock=lambda: (events.append("lock"), model.removeRows(0, model.rowCount())),
                    on_unlock=lambda: (events.append("unlock"),
                                       model.appendRow([QStandardItem("Siobhan Kelly")])))
    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as changed:
        pass  # nobody touches anything: the idle time runs out
    assert changed.args == [True] and lock.locked and events == ["lock"]
    assert model.rowCount() == 0  # the window's data is gone
    assert not view.isVisible() and not window.menuBar().isVisible()
    assert lock.page.isVisible() and lock.page.geometry() == window.rect()

    # Shortcuts of the window do nothing while locked; a wrong passphrase gets another try.
    qtbot.keyClick(lock.page.passphrase, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [1]
    qtbot.keyClicks(lock.page.passphrase, "wrong")
    qtbot.mouseClick(lock.page.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.locked and lock.page.message.text() == WRONG_TEXT and lock.page.passphrase.text() == ""

    qtbot.keyClicks(lock.page.passphrase, PASS)
    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as changed:
        qtbot.keyClick(lock.page.passphrase, Qt.Key.Key_Return)
    assert changed.args == [False] and not lock.locked and events == ["lock", "unlock"]
    assert view.isVisible() and not lock.page.isVisible() and model.rowCount() == 1
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [1, 1]
    lock.dispose()


def test_activity_postpones_the_idle_lock_and_zero_switches_it_off(qtbot):
    window, _model, view = make_window(qtbot)
    lock = IdleLock(window, timeout_s=0, verify=lambda text: False)
    assert not lock.timer.isActive()
    lock.set_timeout(30)
    remaining = lock.timer.remainingTime()
    qtbot.waitUntil(lambda: lock.timer.remainingTime() < remaining - 20, timeout=2000)
    just_before = lock.timer.remainingTime()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # any key restarts the countdown
    assert lock.timer.remainingTime() > just_before
    lock.lock_now()
    assert lock.locked and not lock.timer.isActive()
    lock.dispose()


def test_backup_and_restore_jobs_with_progress(qtbot, runner, encrypted, tmp_path):
    database = open_existing(encrypted, passphrase=PASS)
    out = tmp_path / "gui-backup.sqlite3"
    job = start_backup(runner, database, out)
    dialog = progress_dialog(None, job, "Backing up the register")
    qtbot.addWidget(dialog)
    steps = []
    job.signals.progressed.connect(lambda done, total, text: steps.append((done, total)))
    with qtbot.waitSignal(job.signals.succeeded, timeout=30000) as done:
        runner.submit(job)
    assert done.args[0] == out
    qtbot.waitUntil(lambda: bool(steps) and steps[-1][0] == steps[-1][1] > 0, timeout=5000)
    database.close()
    assert check_database(out, passphrase=PASS).ok

    job = start_restore(runner, out, tmp_path / "restored.sqlite3", PASS)
    with qtbot.waitSignal(job.signals.succeeded, timeout=30000) as done:
        runner.submit(job)
    assert done.args[0].database == tmp_path / "restored.sqlite3"
    assert check_database(tmp_path / "restored.sqlite3", passphrase=PASS).ok

    bad = tmp_path / "not-a-backup.sqlite3"
    bad.write_text("nothing here")
    job = start_restore(runner, bad, tmp_path / "restored.sqlite3", PASS)
    with qtbot.waitSignal(job.signals.failed, timeout=30000) as failed:
        runner.submit(job)
    assert failed.args[0].expected and "not a LIEN Desktop database" in failed.args[0].message


def test_a_cancelled_backup_job_leaves_no_file(qtbot, runner, encrypted, tmp_path):
    database = open_existing(encrypted, passphrase=PASS)
    out = tmp_path / "cancelled.sqlite3"
    job = start_backup(runner, database, out)
    job.cancel()  # pressed Cancel before the first page was copied
    with qtbot.waitSignal(job.signals.cancelled, timeout=30000):
        runner.submit(job)
    database.close()
    assert not [p for p in tmp_path.iterdir() if "cancelled" in p.name]
