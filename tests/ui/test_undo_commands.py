"""Undo and redo of register changes, against a real SQLite file."""

import datetime as dt

import pytest
from PySide6.QtGui import QUndoStack

from lien_desktop.domain.member_changes import MemberChange
from lien_desktop.domain.members import (Consent, ConsentChannel, MemberFilter, OfficerPost, StandingEvent,
                                         StandingKind)
from lien_desktop.services.members import MemberService
from lien_desktop.ui.undo_commands import (AddMemberCommand, AddOfficerPostCommand, ChangeMemberCommand,
                                           EditMemberCommand, RecordStandingCommand, RemoveMemberCommand,
                                           RemoveOfficerPostCommand, SetConsentCommand, command_errors,
                                           push_command)


@pytest.fixture
def service(database):
    return MemberService(database)


@pytest.fixture
def stack(qapp):
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def member_id(service, chapter_id):
    return service.add(chapter_id, {"first_name": "Łukasz", "last_name": "Wiśniewski",
                                    "email": "lukasz@example.org", "postcode": "M1 1AE"}).id


def visible_ids(service, chapter_id):
    return service.ids(chapter_id, MemberFilter())


def test_edit_undo_redo_round_trip(service, stack, member_id):
    command = EditMemberCommand(service, member_id, {"email": "new@example.org", "postcode": "sw1a1aa"})
    assert command.text() == "Edit Łukasz Wiśniewski: email, postcode"
    assert command.member_ids == (member_id,)
    assert push_command(stack, command) is None
    assert (service.get(member_id).data.email, service.get(member_id).data.postcode) == ("new@example.org", "SW1A 1AA")
    assert stack.undoText() == "Edit Łukasz Wiśniewski: email, postcode"
    stack.undo()
    assert (service.get(member_id).data.email, service.get(member_id).data.postcode) == ("lukasz@example.org", "M1 1AE")
    stack.redo()
    assert service.get(member_id).data.postcode == "SW1A 1AA"


def test_undo_through_the_stack_action(service, stack, member_id, qtbot):
    push_command(stack, EditMemberCommand(service, member_id, {"town": "Leeds"}))
    undo_action = stack.createUndoAction(stack)
    redo_action = stack.createRedoAction(stack)
    assert undo_action.text() == "Undo Edit Łukasz Wiśniewski: town"
    with qtbot.waitSignal(stack.indexChanged):
        undo_action.trigger()
    assert service.get(member_id).data.town == ""
    redo_action.trigger()
    assert service.get(member_id).data.town == "Leeds"


def test_refused_edit_never_reaches_the_stack(service, stack, member_id, qtbot):
    with qtbot.waitSignal(command_errors.refused) as blocker:
        error = push_command(stack, EditMemberCommand(service, member_id, {"town": "York", "postcode": "XYZ"}))
    assert error is not None and "Postcode" in str(error)
    assert "Postcode" in blocker.args[1]
    assert stack.count() == 0
    assert service.get(member_id).data.town == ""  # nothing saved half-way


def test_refused_undo_drops_the_command(service, stack, member_id, database):
    push_command(stack, RecordStandingCommand(service, member_id, StandingKind.SUSPENDED, "01/02/2024", "NEC"))
    event_id = service.get(member_id).standing_events[0].id
    service.retract_standing(member_id, event_id)  # someone else already took it back
    stack.undo()
    assert stack.count() == 0 and not stack.canRedo()


def test_add_undo_redo_keeps_the_same_id(service, stack, chapter_id):
    command = AddMemberCommand(service, chapter_id, {"first_name": "Zoë", "last_name": "Smith",
                                                     "mobile_phone": "07700 900123"})
    assert command.text() == "Add Zoë Smith"
    push_command(stack, command)
    (new_id,) = command.member_ids
    assert service.get(new_id).data.mobile_phone == "+447700900123"
    stack.undo()
    assert visible_ids(service, chapter_id) == []
    assert service.get(new_id).removed_at is not None  # soft removal: nothing is lost
    stack.redo()
    assert visible_ids(service, chapter_id) == [new_id]


def test_add_with_details_is_all_or_nothing(service, stack, chapter_id):
    details = MemberChange(
        consents=(Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 2), "form"),),
        posts_added=(OfficerPost("Secretary", dt.date(2023, 1, 1)),),
        standing_added=(StandingEvent(StandingKind.MEMBER, dt.date(2020, 5, 1), "joined"),),
    )
    command = AddMemberCommand(service, chapter_id, {"first_name": "Ann", "last_name": "Lee"}, details)
    assert push_command(stack, command) is None
    record = service.get(command.member_ids[0])
    assert [p.title for p in record.officer_posts] == ["Secretary"]
    assert record.standing == StandingKind.MEMBER
    assert record.consents[0].source == "form"
    bad = MemberChange(posts_added=(OfficerPost("Chair", dt.date(2024, 1, 1), dt.date(2023, 1, 1)),))
    error = push_command(stack, AddMemberCommand(service, chapter_id, {"first_name": "Bob"}, bad))
    assert error is not None and "ends before it starts" in str(error)
    assert len(visible_ids(service, chapter_id)) == 1


def test_remove_and_undo(service, stack, chapter_id, member_id):
    command = RemoveMemberCommand(service, member_id)
    assert command.text() == "Remove Łukasz Wiśniewski"
    push_command(stack, command)
    assert visible_ids(service, chapter_id) == []
    stack.undo()
    assert visible_ids(service, chapter_id) == [member_id]


def test_standing_event_append_and_undo(service, stack, member_id):
    push_command(stack, RecordStandingCommand(service, member_id, StandingKind.MEMBER, "01/01/2020"))
    command = RecordStandingCommand(service, member_id, StandingKind.SUSPENDED, "03/04/2024", "pending NEC")
    assert command.text() == "Record “Suspended” for Łukasz Wiśniewski"
    push_command(stack, command)
    assert service.get(member_id).standing == StandingKind.SUSPENDED
    stack.undo()
    record = service.get(member_id)
    assert record.standing == StandingKind.MEMBER
    assert [e.kind for e in record.standing_events] == [StandingKind.MEMBER]
    stack.redo()
    assert [e.note for e in service.get(member_id).standing_events] == ["", "pending NEC"]


def test_consent_undo_restores_previous_or_none(service, stack, member_id):
    given = Consent(ConsentChannel.POST, True, dt.date(2024, 3, 1), "AGM sign-up")
    push_command(stack, SetConsentCommand(service, member_id, given))
    assert service.get(member_id).consents == (given,)
    withdrawn = Consent(ConsentChannel.POST, True, dt.date(2024, 3, 1), "AGM sign-up", dt.date(2024, 6, 1))
    push_command(stack, SetConsentCommand(service, member_id, withdrawn))
    stack.undo()
    assert service.get(member_id).consents == (given,)
    stack.undo()
    assert service.get(member_id).consents == ()
    stack.redo()
    stack.redo()
    assert service.get(member_id).consents == (withdrawn,)


def test_officer_posts_add_remove_undo(service, stack, member_id):
    push_command(stack, AddOfficerPostCommand(service, member_id, OfficerPost("Chair", dt.date(2022, 1, 1))))
    post_id = service.get(member_id).officer_posts[0].id
    push_command(stack, RemoveOfficerPostCommand(service, member_id, post_id))
    assert service.get(member_id).officer_posts == ()
    stack.undo()  # the post comes back (with a new id)
    assert [p.title for p in service.get(member_id).officer_posts] == ["Chair"]
    stack.redo()  # and the redo removes the re-added post
    assert service.get(member_id).officer_posts == ()
    stack.undo()
    stack.undo()
    assert service.get(member_id).officer_posts == ()


def test_change_command_combines_everything_in_one_step(service, stack, member_id):
    change = MemberChange(values={"town": "Leeds"},
                          consents=(Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 1), "web"),),
                          posts_added=(OfficerPost("Treasurer"),))
    command = ChangeMemberCommand(service, member_id, change)
    assert command.text() == "Edit Łukasz Wiśniewski: town, consent (email), officer post"
    push_command(stack, command)
    stack.undo()
    record = service.get(member_id)
    assert (record.data.town, record.consents, record.officer_posts) == ("", (), ())
    stack.redo()
    record = service.get(member_id)
    assert (record.data.town, len(record.consents), len(record.officer_posts)) == ("Leeds", 1, 1)
