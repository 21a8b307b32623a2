"""The audit view, the retention review and the preferences dialog, driven as a secretary would."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from lien_desktop.db.models import AuditEntry, Member
from lien_desktop.services.members import MemberService
from lien_desktop.services.preferences import PreferencesService


@pytest.fixture
def people(database, chapter_id):
    service = MemberService(database)
    a = service.add(chapter_id, {"first_name": "Bethan", "last_name": "Llŷr", "email": "bethan@example.org"})
    service.update(a.id, {"town": "Bangor"})
    b = service.add(chapter_id, {"first_name": "Hidden", "last_name": "Person", "confidential": True})
    return a.id, b.id


def _column(model, column):
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_audit_view_filters_marks_confidential_and_passes_modeltester(qtbot, qtmodeltester, database, chapter_id,
                                                                       people):
    from lien_desktop.ui.audit_view import AuditView

    a, b = people
    view = AuditView(database, chapter_id)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    model = view.model
    assert model.rowCount() == 4 and view.count.text() == "4 entries"  # with the chapter's creation
    assert _column(model, 2)[-1] == "chapter Test Chapter"
    about = _column(model, 2)
    assert any(t.startswith("CONFIDENTIAL: Hidden Person") for t in about)
    assert all("CONFIDENTIAL" not in t for t in about if "Bethan" in t)
    assert "town:  → Bangor" in _column(model, 5)

    qtbot.keyClicks(view.member, str(a))
    view.member.editingFinished.emit()
    assert model.rowCount() == 2 and all("Bethan" in t for t in _column(model, 2))
    view.member.clear()
    view.member.editingFinished.emit()
    view.action.setCurrentIndex(view.action.findData("update"))
    assert _column(model, 4) == ["update"]
    view.action.setCurrentIndex(0)
    view.use_until.setChecked(True)
    view.until.setDate(view.until.date().addDays(-3))
    assert model.rowCount() == 0
    view.use_until.setChecked(False)
    assert view.user.count() >= 2
    view.user.setCurrentIndex(1)
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_audit_view_exports_what_it_shows(qtbot, database, chapter_id, people, tmp_path):
    from lien_desktop.ui.audit_view import AuditView

    view = AuditView(database, chapter_id)
    qtbot.addWidget(view)
    view.action.setCurrentIndex(view.action.findData("insert"))
    with qtbot.waitSignal(view.exported, timeout=20000) as signal:
        view.export_to(tmp_path / "query.xlsx")
    assert signal.args == [3]  # the chapter and the two members
    rows = list(load_workbook(tmp_path / "query.xlsx", read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 4 and {r[8] for r in rows[1:]} == {"insert"}
    assert sorted(r[7] or "" for r in rows[1:]) == ["", "", "CONFIDENTIAL"]
    with qtbot.waitSignal(view.export_failed, timeout=20000) as failure:
        view.export_to(tmp_path / "query.pdf")
    assert ".xlsx or .csv" in failure.args[0]
    assert view.export_button.isEnabled()


def _backdate(database, member_id, when):
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")  # test-only: pretend time passed
        conn.execute(update(AuditEntry).where(AuditEntry.member_id == member_id).values(at=when))
        conn.execute(update(Member).where(Member.id == member_id).values(updated_at=when))


def test_retention_view_lists_and_erases_after_confirmation(qtbot, qtmodeltester, database, chapter_id):
    from lien_desktop.ui.retention_view import RetentionView

    service = MemberService(database)
    old = service.add(chapter_id, {"first_name": "Long", "last_name": "Gone", "status": "left",
                                   "email": "long.gone@example.org"})
    quiet = service.add(chapter_id, {"first_name": "Quiet", "last_name": "Lapsed", "status": "lapsed",
                                     "confidential": True})
    service.add(chapter_id, {"first_name": "New", "last_name": "Leaver", "status": "left"})
    _backdate(database, old.id, dt.datetime(2015, 1, 1))
    _backdate(database, quiet.id, dt.datetime(2016, 1, 1))
    view = RetentionView(database, chapter_id)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    assert _column(view.model, 0) == ["Long Gone", "Quiet Lapsed"]
    assert _column(view.model, 5) == ["", "CONFIDENTIAL"]
    assert not view.erase_button.isEnabled()
    view.years.setValue(11)
    assert _column(view.model, 0) == ["Long Gone"]
    view.years.setValue(6)

    view.table.selectRow(0)
    assert view.erase_button.isEnabled()
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert view.confirmation is not None and "Long Gone" in view.confirmation.text()
    view.confirmation.button(QMessageBox.StandardButton.Cancel).click()
    assert len(service.search(chapter_id)) == 3  # cancelled: nothing erased

    view.table.selectRow(0)
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    erase = next(b for b in view.confirmation.buttons() if b.text() == "Erase")
    with qtbot.waitSignal(view.erased, timeout=20000) as signal:
        erase.click()
    assert signal.args[0].member_id == old.id
    assert _column(view.model, 0) == ["Quiet Lapsed"]
    assert sorted(m.last_name for m in service.search(chapter_id)) == ["Lapsed", "Leaver"]
    qtmodeltester.check(view.model)


def test_preferences_dialog_saves_and_refuses_nothing_silently(qtbot, database):
    from lien_desktop.ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(database)
    qtbot.addWidget(dialog)
    assert dialog.retention.value() == 6
    dialog.secretary.setText("Siân Llywelyn")  # setText: non-ASCII must not go through keyClicks
    dialog.retention.setValue(9)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.accept()
    prefs = PreferencesService(database).get()
    assert prefs.secretary_name == "Siân Llywelyn" and prefs.retention_years == 9
    dialog = PreferencesDialog(database)
    qtbot.addWidget(dialog)
    assert dialog.secretary.text() == "Siân Llywelyn"
    dialog.secretary.setText("x" * 199 + " y")  # within the field's limit
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted or dialog.error.text() == ""


def test_member_screen_actions_write_a_sar_and_erase(qtbot, database, chapter_id, people, tmp_path):
    from PySide6.QtWidgets import QWidget

    from lien_desktop.ui.data_protection_actions import DataProtectionActions

    a, _b = people
    window = QWidget()
    qtbot.addWidget(window)
    actions = DataProtectionActions(database, window)
    with qtbot.waitSignal(actions.sar_written, timeout=20000) as written:
        actions.subject_access(a, tmp_path / "sar")
    assert sorted(p.suffix for p in written.args[0]) == [".pdf", ".xlsx"]
    box = actions.ask_to_erase(a, "Bethan Llŷr")
    assert "Bethan Llŷr" in box.text()
    with qtbot.waitSignal(actions.erased, timeout=20000) as erased:
        next(b for b in box.buttons() if b.text() == "Erase").click()
    assert erased.args[0].member_id == a
    with qtbot.waitSignal(actions.sar_written, timeout=20000) as written:
        actions.subject_access(a, tmp_path / "again")
    assert written.args[0] == []
    with qtbot.waitSignal(actions.failed, timeout=20000) as failed:
        actions._erase(a)  # a second erasure of the same person is refused with a message
    assert "no member" in failed.args[0]
