"""The export dialog, driven as a user would: choices, a background export, Cancel and errors."""

from __future__ import annotations

import csv
import os

import openpyxl
import pytest
from PySide6.QtCore import Qt

from lien_desktop.domain.members import MemberFilter, MemberStatus
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService
from lien_desktop.ui.export_dialog import ExportDialog


@pytest.fixture
def demo(database):
    return fill_demo(database, members=1500, seed=3)


def _dialog(qtbot, database, chapter_id, **kwargs):
    dialog = ExportDialog(database, chapter_id, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_exports_all_members_in_the_background(qtbot, database, demo, tmp_path):
    dialog = _dialog(qtbot, database, demo.chapter_id)
    assert dialog.scope_all.isChecked() and not dialog.scope_filter.isEnabled()
    assert not dialog.export_button.isEnabled()  # no file chosen yet
    assert not dialog.confidential_check.isChecked() and dialog.confidential_warning.isHidden()
    target = tmp_path / "everyone.xlsx"
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    confidential = sum(1 for m in MemberService(database).search(demo.chapter_id) if m.confidential)
    assert result.rows_written == 1500 - confidential and result.left_out_confidential == confidential
    rows = list(openpyxl.load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == result.rows_written + 1
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    assert f"Exported {result.rows_written:,} members" in dialog.message.text()
    assert "confidential left out" in dialog.message.text()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()


def test_selection_profile_and_confidential(qtbot, database, demo, tmp_path):
    members = MemberService(database)
    chosen = [m.id for m in members.search(demo.chapter_id) if m.confidential][:2]
    chosen += [m.id for m in members.search(demo.chapter_id) if not m.confidential][:3]
    dialog = _dialog(qtbot, database, demo.chapter_id, selected_ids=chosen,
                     member_filter=MemberFilter(statuses=frozenset({MemberStatus.LAPSED})))
    assert dialog.scope_selection.isChecked() and "5 members" in dialog.scope_selection.text()
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("contacts"))
    assert "No status" in dialog.profile_help.text()
    dialog.confidential_check.click()
    assert not dialog.confidential_warning.isHidden()
    target = tmp_path / "contacts.csv"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].rows_written == 5 and blocker.args[0].left_out_confidential == 0
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5 and "Status" not in rows[0]
    # The current filter: lapsed members only.
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    dialog.scope_filter.click()
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    lapsed = len(members.search(demo.chapter_id, MemberFilter(statuses=frozenset({MemberStatus.LAPSED}))))
    assert blocker.args[0].rows_written == lapsed


def test_cancel_leaves_no_file(qtbot, database, demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = _dialog(qtbot, database, demo.chapter_id)
    dialog.path_edit.setText(str(folder / "everyone.xlsx"))
    with qtbot.waitSignal(dialog.cancelled, timeout=30_000):
        dialog.export_button.click()
        assert dialog.cancel_button.text() == "Cancel" and not dialog.export_button.isEnabled()
        dialog.cancel_button.click()
    assert os.listdir(folder) == []
    assert dialog.message.text() == "Export cancelled. No file was written."
    qtbot.waitUntil(lambda: dialog.cancel_button.text() == "Close")
    assert not dialog.progress_bar.isVisible()


def test_errors_reach_the_user(qtbot, database, demo, tmp_path):
    dialog = _dialog(qtbot, database, demo.chapter_id)
    dialog.path_edit.setText(str(tmp_path / "members.ods"))
    dialog.export_button.click()  # refused before any job starts
    assert ".xlsx or .csv" in dialog.message.text()
    dialog.path_edit.setText(str(tmp_path / "no such folder" / "members.xlsx"))
    with qtbot.waitSignal(dialog.failed, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert "does not exist" in blocker.args[0]
    assert "does not exist" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    (tmp_path / "taken.xlsx").mkdir()
    dialog.path_edit.setText(str(tmp_path / "taken.xlsx"))
    with qtbot.waitSignal(dialog.failed, timeout=30_000):
        dialog.export_button.click()
    assert "is a folder" in dialog.message.text()
