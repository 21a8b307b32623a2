"""Editing what was recorded in the meeting screens: a motion, an action, a guest; refused once signed."""

import datetime as dt

from PySide6.QtCore import Qt, QTimer

from meeting_gui_fixtures import create_meeting, panel, world  # noqa: F401 (fixtures)


def _motion_row(panel):
    model = panel.motions.model
    return [model.data(model.index(0, c)) for c in range(model.columnCount())]


def _held_with_motion(panel, qtbot, world):
    detail = create_meeting(panel, qtbot)
    for member_id in world.members[:4]:
        world.attendance.check_in(detail.id, member_id)
    world.business.add_motion(detail.id, {
        "title": "Monthly meetings", "wording": "This chapter resolves to meet monthly.",
        "proposer_id": world.members[1], "seconder_id": world.members[2], "result": "carried",
        "votes_for": 3, "votes_against": 1, "abstentions": 0})
    panel.context.refresh()
    panel.tabs.setCurrentWidget(panel.motions)
    return panel.context.detail


def test_edit_a_motion_from_the_button_prefilled(panel, qtbot, world):
    _held_with_motion(panel, qtbot, world)
    assert not panel.motions.edit_motion()  # nothing chosen yet: said, no form
    assert "Choose the motion to edit" in panel.message_label.text()
    panel.motions.select(panel.context.detail.motions[0].id)
    assert panel.motions.edit_button.isEnabled()
    dialog = panel.motions.edit_dialog()
    qtbot.addWidget(dialog)
    # The form starts from what was recorded.
    assert dialog.windowTitle() == "Edit motion M1"
    assert dialog.title_edit.text() == "Monthly meetings"
    assert dialog.wording_edit.toPlainText() == "This chapter resolves to meet monthly."
    assert dialog.proposer_box.currentText() == "Łukasz Wiśniewski"
    assert dialog.seconder_box.currentText() == "Siobhán Ní Bhriain"
    assert dialog.votes.counted.isChecked()
    assert [s.value() for s in dialog.votes.spins.values()] == [3, 1, 0]
    assert dialog.result_box.currentData() == "carried"
    # A refused change keeps the form open with the reason; nothing changes.
    dialog.seconder_box.setCurrentIndex(dialog.seconder_box.findText("Łukasz Wiśniewski"))
    assert not panel.motions.submit(dialog)
    assert "different people" in dialog.problem.text()
    assert _motion_row(panel)[3] == "Siobhán Ní Bhriain"
    # Corrected wording, seconder, votes and result.
    dialog.wording_edit.setPlainText("This chapter resolves to meet on the second Thursday of each month.")
    dialog.seconder_box.setCurrentIndex(dialog.seconder_box.findText("Zoë Brontë"))
    dialog.votes.spins["votes_for"].setValue(2)
    dialog.votes.spins["votes_against"].setValue(2)
    dialog.result_box.setCurrentIndex(dialog.result_box.findData("fallen"))
    assert panel.motions.submit(dialog)
    assert _motion_row(panel)[1:6] == ["Monthly meetings", "Łukasz Wiśniewski", "Zoë Brontë", "2-2-0", "Fallen"]
    assert panel.motions.wording.toPlainText().startswith("This chapter resolves to meet on the second Thursday")
    motion = world.meetings.get(panel.context.detail.id).motions[0]
    assert motion.seconder.name == "Zoë Brontë" and motion.result.value == "fallen"
    assert len(panel.context.detail.motions) == 1  # edited, not added


def test_double_click_on_a_motion_opens_its_form(panel, qtbot, world):
    detail = _held_with_motion(panel, qtbot, world)
    view = panel.motions.view
    shown = []
    qtbot.waitUntil(lambda: view.isVisible())

    def answer():
        dialog = panel.motions.last_dialog
        if dialog is None or not dialog.isVisible():
            return False
        shown.append(dialog.title_edit.text())
        dialog.title_edit.setText("Meeting monthly")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return True

    timer = QTimer()
    timer.timeout.connect(lambda: answer() and timer.stop())
    timer.start(50)
    rect = view.visualRect(panel.motions.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    timer.stop()
    assert shown == ["Monthly meetings"]
    assert world.meetings.get(detail.id).motions[0].title == "Meeting monthly"
    assert _motion_row(panel)[1] == "Meeting monthly"


def test_signed_minutes_refuse_editing_a_motion_or_an_action(panel, qtbot, world):
    past = dt.date.today() - dt.timedelta(days=40)
    first = create_meeting(panel, qtbot, "February meeting", past)
    world.attendance.check_in(first.id, world.members[0])
    world.attendance.check_in(first.id, world.members[1])
    world.business.add_motion(first.id, {"wording": "Affiliate.", "proposer_id": world.members[0],
                                         "seconder_id": world.members[1], "result": "carried"})
    world.business.add_action(first.id, "Pay the fee", world.members[0], past + dt.timedelta(days=14))
    later = create_meeting(panel, qtbot, "March meeting", past + dt.timedelta(days=28))
    world.minutes.circulate(first.id)
    world.minutes.approve(first.id, later.id, "")
    world.minutes.sign(first.id, "Siân Evans")
    panel.open_meeting(first.id)
    assert not panel.motions.edit_button.isEnabled() and not panel.actions.edit_button.isEnabled()
    panel.motions.select(panel.context.detail.motions[0].id)
    assert panel.motions.edit_dialog() is None  # the double-click path too
    assert "signed and locked" in panel.message_label.text() and "February meeting" in panel.message_label.text()
    panel.show_message("")
    panel.actions.view.setCurrentIndex(panel.actions.model.index(0, 0))
    assert panel.actions.edit_dialog() is None
    assert "signed and locked" in panel.message_label.text()
    # A form opened before signing and submitted after is refused by the service, in the form.
    panel.context.detail = world.meetings.get(first.id)
    action = panel.context.detail.actions[0]
    dialog = panel.actions.action_dialog(action)
    qtbot.addWidget(dialog)
    dialog.what_edit.setText("Pay the fee twice")
    assert not panel.actions.submit(dialog)
    assert "signed and locked" in dialog.problem.text()
    assert world.meetings.get(first.id).actions[0].what == "Pay the fee"


def test_edit_an_action_what_who_and_by_when(panel, qtbot, world):
    detail = create_meeting(panel, qtbot)
    world.business.add_action(detail.id, "Book the room", world.members[3], dt.date(2026, 12, 1))
    panel.context.refresh()
    panel.tabs.setCurrentWidget(panel.actions)
    actions = panel.actions
    actions.view.setCurrentIndex(actions.model.index(0, 0))
    dialog = actions.edit_dialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit action A1"
    assert (dialog.what_edit.text(), dialog.owner_box.currentText()) == ("Book the room", "Zoë Brontë")
    assert dialog.due_edit.date().toPython() == dt.date(2026, 12, 1)
    dialog.what_edit.clear()
    assert not actions.submit(dialog)
    assert "what is to be done" in dialog.problem.text()
    qtbot.keyClicks(dialog.what_edit, "Book the room for the AGM")
    dialog.owner_box.setCurrentIndex(dialog.owner_box.findText("Siân Evans"))
    dialog.due_edit.setDate(dialog.due_edit.date().addDays(14))
    assert actions.submit(dialog)
    model = actions.model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert "Book the room for the AGM" in row and "Siân Evans" in row and "15/12/2026" in row
    action = world.meetings.get(detail.id).actions[0]
    assert (action.what, action.owner.name, action.due) == ("Book the room for the AGM", "Siân Evans",
                                                            dt.date(2026, 12, 15))
    assert len(panel.context.detail.actions) == 1


def test_remove_a_guest_by_button_or_delete_key(panel, qtbot, world):
    detail = create_meeting(panel, qtbot)
    panel.tabs.setCurrentWidget(panel.attendance)
    attendance = panel.attendance
    for name in ("Cllr Jo Whitfield", "Dr Amara Osei", "Tomás Ó Briain"):
        attendance.add_guest(name)
    guests = attendance.guests

    def names():
        return [guests.item(r).text() for r in range(guests.count())]

    assert names() == ["Cllr Jo Whitfield", "Dr Amara Osei", "Tomás Ó Briain"]
    assert not attendance.remove_guest()  # none chosen
    assert "Choose the guest to remove" in panel.message_label.text()
    guests.setCurrentRow(1)
    qtbot.mouseClick(attendance.remove_guest_button, Qt.MouseButton.LeftButton)
    assert names() == ["Cllr Jo Whitfield", "Tomás Ó Briain"]
    assert "Guest Dr Amara Osei removed" in panel.message_label.text()
    guests.setFocus()
    qtbot.waitUntil(guests.hasFocus)
    guests.setCurrentRow(0)
    qtbot.keyClick(guests, Qt.Key.Key_Delete)
    assert names() == ["Tomás Ó Briain"]
    assert [g.name for g in world.meetings.get(detail.id).guests] == ["Tomás Ó Briain"]


def test_the_member_picker_returns_the_member_picked_even_when_two_share_a_name(qtbot):
    from lien_desktop.domain.meeting_views import Person
    from lien_desktop.ui.meetings.dialogs import MemberPicker

    picker = MemberPicker([(11, "Ahmed, Aisha"), (12, "Ahmed, Aisha"), (13, "Brown, Ben")])
    qtbot.addWidget(picker)
    assert picker.member_id() is None  # nobody chosen yet
    picker.setCurrentIndex(2)  # the second Aisha Ahmed, as picked from the list
    assert picker.member_id() == 12
    picker.setEditText("Brown, Ben")  # typed rather than picked
    assert picker.member_id() == 13
    picker.setEditText("Nobody At All")
    assert picker.member_id() is None
    picker.choose(Person(12, "Ahmed, Aisha"))
    assert picker.currentIndex() == 2 and picker.member_id() == 12
    picker.choose(Person(0, "a former member", former=True))
    assert picker.currentText() == "a former member" and picker.member_id() is None
