"""The meeting screens driven as a secretary would, with pytest-qt."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from lien_desktop.domain.meetings import AttendanceKind
from lien_desktop.ui.meetings.models import (
    ActionsModel,
    AgendaModel,
    AttendanceModel,
    CheckInModel,
    MeetingListModel,
    MotionsModel,
)
from meeting_gui_fixtures import create_meeting, panel, world  # noqa: F401 (fixtures)


_create = create_meeting


def test_create_a_meeting_from_a_template(panel, qtbot, qtmodeltester):
    detail = _create(panel, qtbot)
    assert panel.list_model.rowCount() == 1 and panel.list_model.row(0).title == "March general meeting"
    agenda = panel.agenda.model
    numbers = [agenda.data(agenda.index(r, 0)) for r in range(agenda.rowCount())]
    assert numbers[:6] == ["1", "2", "3", "4", "5", "5.1"] and len(detail.items) == 11
    assert "Planned “March general meeting”" in panel.message_label.text()
    # Reorder by buttons: item 4 (Correspondence) goes up to 3.
    panel.agenda.select(next(i.id for i in detail.items if i.title == "Correspondence"))
    qtbot.mouseClick(panel.agenda.buttons["up"], Qt.MouseButton.LeftButton)
    titles = [agenda.row(r).title for r in range(4)]
    assert titles == ["Welcome and apologies", "Minutes of the previous meeting", "Correspondence", "Matters arising"]
    panel.agenda.add_sub_item("Campaigns report")
    assert any(i.title == "Campaigns report" and i.number == "3.1" for i in panel.context.detail.items)
    # Drag and drop within a level: the last main item onto the first.
    first = 0
    last = max(r for r in range(agenda.rowCount()) if agenda.row(r).depth == 0)
    moved = agenda.row(last).title
    panel.agenda.move_to(last, first)
    assert agenda.row(0).title == moved and agenda.row(0).number == "1"
    for model in (panel.list_model, agenda):
        qtmodeltester.check(model)


def test_door_check_in_by_typing_letters_moves_the_quorum(panel, qtbot, world, qtmodeltester):
    world.meetings.set_quorum_rule(world.chapter_id, "fixed", 2)
    _create(panel, qtbot)
    panel.tabs.setCurrentWidget(panel.attendance)
    indicator = panel.attendance.quorum_label
    assert indicator.text().startswith("Not quorate: 0 present")
    found = panel.attendance.found
    for letters, expected in (("luk", "Łukasz Wiśniewski"), ("zo", "Zoë Brontë")):
        panel.attendance.search_edit.clear()
        qtbot.keyClicks(panel.attendance.search_edit, letters)
        qtbot.waitUntil(lambda: found.rowCount() == 1 and found.row(0).name == expected, timeout=3000)
        qtmodeltester.check(found)
        assert found.setData(found.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        assert found.data(found.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert indicator.text().startswith("Quorate: 2 present")
    assert [a.name for a in panel.context.detail.with_kind(AttendanceKind.PRESENT)] == ["Łukasz Wiśniewski",
                                                                                      "Zoë Brontë"]
    # Enter with one match ticks that person: Siobhán, found by "siob".
    panel.attendance.search_edit.clear()
    qtbot.keyClicks(panel.attendance.search_edit, "siob")
    qtbot.keyClick(panel.attendance.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.context.detail.present_count == 3, timeout=3000)
    assert panel.attendance.search_edit.text() == ""
    # Unticking takes a person off again; the indicator follows.
    panel.attendance.search_edit.setText("luk")
    qtbot.waitUntil(lambda: found.rowCount() == 1, timeout=3000)
    found.setData(found.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert indicator.text().startswith("Quorate: 2 present")
    panel.attendance.add_guest("Cllr Jo Whitfield")
    assert panel.attendance.guests.item(0).text() == "Cllr Jo Whitfield"
    qtmodeltester.check(panel.attendance.recorded)


def test_record_a_motion_with_votes_and_an_action(panel, qtbot, world, qtmodeltester):
    detail = _create(panel, qtbot)
    for member_id in world.members[:3]:
        world.attendance.check_in(detail.id, member_id)
    panel.context.refresh()
    panel.tabs.setCurrentWidget(panel.motions)
    dialog = panel.motions.motion_dialog()
    qtbot.addWidget(dialog)
    # Only members present can propose or second.
    assert [dialog.proposer_box.itemText(i) for i in range(1, dialog.proposer_box.count())] == [
        "Łukasz Wiśniewski", "Siân Evans", "Siobhán Ní Bhriain"]
    qtbot.keyClicks(dialog.title_edit, "Monthly meetings")
    dialog.wording_edit.setPlainText("This chapter resolves to meet on the second Thursday of each month.")
    dialog.proposer_box.setCurrentIndex(1)
    dialog.seconder_box.setCurrentIndex(1)
    assert not panel.motions.submit(dialog)
    assert "different people" in dialog.problem.text()
    dialog.seconder_box.setCurrentIndex(3)
    dialog.votes.counted.setChecked(True)
    dialog.votes.spins["votes_for"].setValue(2)
    dialog.votes.spins["votes_against"].setValue(1)
    dialog.result_box.setCurrentIndex(dialog.result_box.findData("carried"))
    assert panel.motions.submit(dialog)
    model = panel.motions.model
    assert [model.data(model.index(0, c)) for c in range(6)] == [
        "M1", "Monthly meetings", "Łukasz Wiśniewski", "Siobhán Ní Bhriain", "2-1-0", "Carried"]
    qtmodeltester.check(model)
    # A count above the people present is recorded, with a warning.
    dialog = panel.motions.motion_dialog()
    qtbot.addWidget(dialog)
    dialog.wording_edit.setPlainText("Second motion")
    dialog.proposer_box.setCurrentIndex(2)
    dialog.seconder_box.setCurrentIndex(3)
    dialog.votes.counted.setChecked(True)
    dialog.votes.spins["votes_for"].setValue(9)
    assert panel.motions.submit(dialog)
    assert "9 votes recorded but only 3 members present" in panel.message_label.text()
    # An action for a member who was not there.
    panel.tabs.setCurrentWidget(panel.actions)
    action = panel.actions.action_dialog()
    qtbot.addWidget(action)
    qtbot.keyClicks(action.what_edit, "Book the room")
    action.owner_box.setCurrentIndex(action.owner_box.findText("Zoë Brontë"))
    assert panel.actions.submit(action)
    assert panel.actions.model.row(0).owner.name == "Zoë Brontë"
    for m in (panel.actions.model, panel.actions.arising, panel.actions.overdue):
        qtmodeltester.check(m)


def test_sign_makes_every_editor_read_only(panel, qtbot, world):
    past = dt.date.today() - dt.timedelta(days=40)
    first = _create(panel, qtbot, "February meeting", past)
    world.attendance.check_in(first.id, world.members[0])
    _create(panel, qtbot, "March meeting", past + dt.timedelta(days=28))
    panel.open_meeting(first.id)
    assert panel.context.detail.id == first.id
    qtbot.mouseClick(panel.circulate_button, Qt.MouseButton.LeftButton)
    assert panel.context.detail.minutes.status.value == "circulated" and panel.approve_button.isEnabled()
    approve = panel.approve_dialog()
    qtbot.addWidget(approve)
    assert approve.meeting_box.count() == 1
    assert panel.approve(approve)
    sign = panel.sign_dialog()
    qtbot.addWidget(sign)
    assert sign.signer_edit.text() == "Siân Evans"  # the chair, as planned
    assert panel.sign(sign)
    detail = panel.context.detail
    assert detail.locked and detail.minutes.fingerprint in panel.status_label.text()
    assert panel.lock_banner.isVisible() and "signed and locked" in panel.lock_banner.text()
    for widget in (*panel.agenda.buttons.values(), panel.agenda.save_notes, panel.motions.add_button,
                   panel.actions.add_button, panel.attendance.guest_button, panel.attendance.remove_guest_button,
                   panel.motions.edit_button, panel.actions.edit_button, panel.sign_button,
                   panel.circulate_button):
        assert not widget.isEnabled()
    assert panel.agenda.notes_edit.isReadOnly()
    # Editing anyway (a path the buttons no longer offer) is refused with the message.
    panel.agenda.add_item("Sneaked in")
    assert "signed and locked" in panel.message_label.text()
    found = panel.attendance.found
    panel.attendance.search_edit.setText("zo")
    qtbot.waitUntil(lambda: found.rowCount() == 1, timeout=3000)
    assert not (found.flags(found.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable)
    assert not found.setData(found.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert world.meetings.get(first.id) == detail


def test_print_preview_writes_the_pdf_in_the_background(panel, qtbot):
    pytest.importorskip("lien_desktop.io.pdf")
    _create(panel, qtbot)
    with qtbot.waitSignal(panel.pdf_ready, timeout=20000) as blocker:
        panel.print_preview("agenda")
    assert blocker.args[0].endswith(".pdf")
    if panel.preview_dialog is not None:
        panel.preview_dialog.close()


def test_models_pass_the_model_tester(qtmodeltester, world):
    detail = world.held_meeting()
    for model, rows in ((MeetingListModel(), world.meetings.list()), (AgendaModel(), detail.items),
                        (AttendanceModel(), detail.attendance), (MotionsModel(), detail.motions),
                        (ActionsModel(), detail.actions), (CheckInModel(lambda *_: None), detail.attendance)):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_details_quorum_rule_and_addendum(panel, qtbot, world):
    detail = _create(panel, qtbot)
    dialog = panel.details_dialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.next_edit, "Thursday 9 April, 19:00")
    dialog.venue_edit.setText("Trades Club")
    assert panel.edit_details(dialog)
    assert panel.context.detail.next_meeting == "Thursday 9 April, 19:00"
    assert panel.context.detail.venue == "Trades Club"
    # The chapter's quorum rule, set from the attendance screen, moves the indicator.
    world.attendance.check_in(detail.id, world.members[0])
    panel.context.refresh()
    rule = panel.attendance
    rule.rule_kind.setCurrentIndex(rule.rule_kind.findData("fixed"))
    rule.rule_value.setValue(1)
    qtbot.mouseClick(rule.rule_button, Qt.MouseButton.LeftButton)
    assert rule.quorum_label.text().startswith("Quorate: 1 present, quorum 1")
    assert not panel.addendum_button.isEnabled()  # addenda are for signed minutes
    assert not panel.add_addendum("Too early")
    assert "addenda are for signed minutes" in panel.message_label.text()
