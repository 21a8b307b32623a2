"""The member form, driven as a secretary would: typing, leaving fields, Save, Undo and Redo."""

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from lien_desktop.domain.members import ConsentChannel, MemberFilter, MemberStatus, OfficerPost, StandingKind
from lien_desktop.services.members import MemberService
from lien_desktop.ui.member_editor import MemberEditor
from lien_desktop.ui.member_editor_sections import StandingEventDialog
from lien_desktop.ui.undo_commands import AddOfficerPostCommand, push_command


@pytest.fixture
def service(database):
    return MemberService(database)


@pytest.fixture
def stack(qapp):
    stack = QUndoStack()
    yield stack
    stack.clear()


def type_into(widget, text):
    """Type like a keyboard: ASCII with keyClicks, anything else one character at a time (see ENVIRONMENT.md)."""
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def leave(field):
    field.widget.editingFinished.emit()


def open_editor(qtbot, service, stack, chapter_id, member_id=None):
    editor = MemberEditor(service, stack, chapter_id, member_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_bad_postcode_shows_message_and_disables_save(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    type_into(editor.fields["last_name"].widget, "Lee")
    assert editor.save_button.isEnabled()
    postcode = editor.fields["postcode"]
    type_into(postcode.widget, "XYZ")
    assert postcode.message.isVisibleTo(editor)
    assert postcode.message.text().startswith("Postcode: “XYZ” is not a UK postcode")
    assert not editor.save_button.isEnabled()
    assert editor.tabs.tabBar().tabTextColor(0) == Qt.GlobalColor.red  # the tab holding the problem
    postcode.widget.clear()
    type_into(postcode.widget, "sw1a1aa")
    assert not postcode.message.isVisibleTo(editor)
    assert editor.save_button.isEnabled()
    leave(postcode)
    assert postcode.widget.text() == "SW1A 1AA"


def test_a_name_is_needed(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    assert not editor.save_button.isEnabled()
    assert "type a first or a last name" in editor.summary.text()
    type_into(editor.fields["first_name"].widget, "Ann")
    assert editor.save_button.isEnabled()


def test_add_member_stores_normalised_values(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    typed = {"first_name": "Zoe", "last_name": "Smith", "email": " Zoe@EXAMPLE.org", "mobile_phone": "07700 900123",
             "home_phone": "+33 1 42 68 53 00", "postcode": "sw1a 1aa", "joined_on": "3/4/2021",
             "constituency_code": "holborn and st pancras", "labour_membership_number": "l 1234",
             "tags": "leafleting, driver"}
    for name, text in typed.items():
        type_into(editor.fields[name].widget, text)
        leave(editor.fields[name])
    assert editor.fields["mobile_phone"].widget.text() == "07700 900123"  # shown nationally
    assert editor.fields["joined_on"].widget.text() == "03/04/2021"
    assert editor.fields["constituency_code"].widget.text() == "Holborn and St Pancras"
    editor.status.setCurrentIndex(editor.status.findData(MemberStatus.LAPSED))
    editor.confidential.setChecked(True)
    with qtbot.waitSignal(editor.finished):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert stack.count() == 1 and stack.undoText() == "Add Zoe Smith"
    data = service.get(editor.member_id).data
    assert (data.email, data.mobile_phone, data.home_phone) == ("Zoe@example.org", "+447700900123", "+33142685300")
    assert (data.postcode, data.joined_on, data.constituency_code) == ("SW1A 1AA", dt.date(2021, 4, 3), "E14001290")
    assert (data.labour_membership_number, data.tags) == ("L1234", ("driver", "leafleting"))
    assert (data.status, data.confidential) == (MemberStatus.LAPSED, True)


def test_accented_names_are_typed_and_stored(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    type_into(editor.fields["first_name"].widget, "Łukasz")
    type_into(editor.fields["last_name"].widget, "Wiśniewski")
    type_into(editor.fields["preferred_name"].widget, "Siobhán Zoë")
    assert editor.fields["first_name"].widget.text() == "Łukasz"
    editor.save()
    data = service.get(editor.member_id).data
    assert (data.first_name, data.last_name, data.preferred_name) == ("Łukasz", "Wiśniewski", "Siobhán Zoë")
    assert [s.first_name for s in service.search(chapter_id, MemberFilter(search="lukasz"))] == ["Łukasz"]


def test_edit_then_undo_and_redo(qtbot, service, stack, chapter_id):
    member = service.add(chapter_id, {"first_name": "Łukasz", "last_name": "Wiśniewski",
                                      "email": "old@example.org", "postcode": "M1 1AE"})
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    assert editor.fields["email"].widget.text() == "old@example.org"
    for name, text in (("email", "new@example.org"), ("postcode", "sw1a1aa")):
        editor.fields[name].widget.clear()
        type_into(editor.fields[name].widget, text)
    editor.save()
    assert stack.undoText() == "Edit Łukasz Wiśniewski: email, postcode"
    assert service.get(member.id).data.postcode == "SW1A 1AA"
    stack.undo()
    data = service.get(member.id).data
    assert (data.email, data.postcode) == ("old@example.org", "M1 1AE")
    stack.redo()
    data = service.get(member.id).data
    assert (data.email, data.postcode) == ("new@example.org", "SW1A 1AA")


def test_unchanged_form_pushes_nothing(qtbot, service, stack, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann", "mobile_phone": "07700900123", "tags": "b, a"})
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    editor.save()
    assert editor.result() == QDialog.DialogCode.Accepted and stack.count() == 0


def test_refusal_from_the_service_saves_nothing(qtbot, service, stack, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann", "town": "York"})
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    editor.fields["town"].widget.clear()
    type_into(editor.fields["town"].widget, "Leeds")
    granted, given, _, withdrawn = editor.consents.rows[ConsentChannel.POST]
    granted.setChecked(True)
    type_into(given.widget, "02/01/2024")
    type_into(withdrawn.widget, "01/01/2024")  # each date is fine; together they are not
    editor.save()
    assert editor.result() != QDialog.DialogCode.Accepted and editor.isVisible()
    assert editor.summary.text() == "Not saved — Withdrawn on: Post consent is withdrawn before it was given"
    assert stack.count() == 0
    record = service.get(member.id)
    assert (record.data.town, record.consents) == ("York", ())  # the town was not saved half-way


def test_member_gone_before_save(qtbot, service, stack, chapter_id, db_path):
    member = service.add(chapter_id, {"first_name": "Ann"})
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    type_into(editor.fields["town"].widget, "Leeds")
    with sqlite3.connect(db_path) as other:  # another process erases the member meanwhile
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM members WHERE id = ?", (member.id,))
    editor.save()
    assert editor.summary.text() == f"Not saved — there is no member with id {member.id}"
    assert stack.count() == 0 and editor.isVisible()


def test_consent_posts_and_standing_saved_as_one_undoable_step(qtbot, service, stack, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann", "last_name": "Lee"})
    push_command(stack, AddOfficerPostCommand(service, member.id, OfficerPost("Chair", dt.date(2020, 1, 1))))
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    granted, given, source, _ = editor.consents.rows[ConsentChannel.EMAIL]
    granted.setChecked(True)
    type_into(given.widget, "02/01/2024")
    type_into(source.widget, "sign-up form")
    # replace the old post by a new one
    editor.posts.tree.setCurrentItem(editor.posts.tree.topLevelItem(0))
    editor.posts.remove_button.click()
    type_into(editor.posts.title.widget, "Secretary")
    type_into(editor.posts.start.widget, "31/02/2024")
    assert "is not a real date" in editor.posts.start.message.text()
    assert not editor.posts.add_button.isEnabled() and not editor.save_button.isEnabled()
    editor.posts.start.widget.clear()
    type_into(editor.posts.start.widget, "01/03/2024")
    editor.posts.add_button.click()
    # a standing event, through its own small (modal) dialog
    def fill_and_accept():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StandingEventDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(StandingKind.SUSPENDED))
        dialog.date.widget.clear()
        type_into(dialog.date.widget, "05/06/2024")
        type_into(dialog.note, "NEC <letter>")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill_and_accept)
    editor.standing.add_button.click()
    assert "Suspended (not saved yet)" in editor.standing.tree.topLevelItem(0).text(1)
    editor.save()
    assert editor.summary.text() == ""
    assert stack.count() == 2
    assert stack.undoText() == "Edit Ann Lee: consent (email), officer posts, standing event"
    record = service.get(member.id)
    assert [p.title for p in record.officer_posts] == ["Secretary"]
    assert record.consents[0].source == "sign-up form" and record.consents[0].recorded_on == dt.date(2024, 1, 2)
    assert record.standing == StandingKind.SUSPENDED and record.standing_events[0].note == "NEC <letter>"
    stack.undo()
    record = service.get(member.id)
    assert ([p.title for p in record.officer_posts], record.consents, record.standing) == (["Chair"], (), None)


def test_standing_event_dialog_refuses_a_future_date(qtbot):
    dialog = StandingEventDialog()
    qtbot.addWidget(dialog)
    dialog.date.set_text((dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y"))
    assert "in the future" in dialog.message.text()
    dialog.date.set_text("01/01/2020")
    assert dialog.message.text() == ""


def test_edit_form_shows_phones_nationally_and_completes_tags(qtbot, service, stack, chapter_id):
    service.add(chapter_id, {"first_name": "Bob", "tags": "driver, leafleting, door-knocking"})
    member = service.add(chapter_id, {"first_name": "Ann", "mobile_phone": "+447700900123",
                                      "constituency_code": "W07000102", "joined_on": dt.date(2021, 4, 3)})
    editor = open_editor(qtbot, service, stack, chapter_id, member.id)
    assert editor.windowTitle() == "Edit Ann"
    assert editor.fields["mobile_phone"].widget.text() == "07700 900123"
    assert editor.fields["constituency_code"].widget.text() == "Montgomeryshire and Glyndŵr"
    assert editor.fields["joined_on"].widget.text() == "03/04/2021"
    tags = editor.fields["tags"].widget
    type_into(tags, "leafleting, d")
    completer = tags.completer()
    completer.setCompletionPrefix(completer.splitPath(tags.text())[0])
    options = [completer.pathFromIndex(completer.completionModel().index(row, 0))
               for row in range(completer.completionCount())]
    assert options == ["leafleting, door-knocking", "leafleting, driver"]


def test_constituency_must_be_one_of_the_650(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    type_into(editor.fields["first_name"].widget, "Ann")
    field = editor.fields["constituency_code"]
    type_into(field.widget, "Narnia")
    assert field.message.text() == ("Constituency: “Narnia” is not a Westminster constituency "
                                    "(pick one from the list)")
    assert not editor.save_button.isEnabled()
    completer = field.widget.completer()
    completer.setCompletionPrefix("pancras")
    assert completer.currentCompletion() == "Holborn and St Pancras"


def test_ctrl_z_on_the_stack_action_undoes_the_save(qtbot, service, stack, chapter_id):
    from PySide6.QtWidgets import QMainWindow
    window = QMainWindow()
    qtbot.addWidget(window)
    undo = stack.createUndoAction(window)
    undo.setShortcut("Ctrl+Z")
    window.addAction(undo)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    editor = open_editor(qtbot, service, stack, chapter_id)
    type_into(editor.fields["first_name"].widget, "Ann")
    editor.save()
    assert service.ids(chapter_id) == [editor.member_id]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(stack.indexChanged):
        QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.ids(chapter_id) == []


def test_messages_quote_typed_markup_literally(qtbot, service, stack, chapter_id):
    editor = open_editor(qtbot, service, stack, chapter_id)
    type_into(editor.fields["postcode"].widget, "<b>x</b>")
    message = editor.fields["postcode"].message
    assert message.textFormat() == Qt.TextFormat.PlainText
    assert message.text() == "Postcode: “<b>x</b>” is not a UK postcode (for example SW1A 1AA)"
    assert editor.summary.textFormat() == Qt.TextFormat.PlainText
