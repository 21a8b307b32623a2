"""Meetings: planning from templates, agenda numbering, attendance and quorum, the rules of motions and
votes, actions rolled into Matters arising, the minutes lifecycle and the lock."""

import datetime as dt

import pytest

from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import (
    AttendanceKind,
    ItemKind,
    QuorumKind,
    QuorumRule,
    initials,
    number_items,
    ItemPlace,
)
from lien_desktop.services.meeting_documents import MeetingDocuments
from lien_desktop.services.members import MemberService
from meeting_helpers import item, make_world


@pytest.fixture
def world(database, chapter_id):
    return make_world(database, chapter_id)


def test_standard_template_numbers_itself(world):
    detail = world.meetings.plan(world.chapter_id, {"title": "GM", "date": "12/03/2026"})
    assert [(i.number, i.title) for i in detail.items] == [
        ("1", "Welcome and apologies"), ("2", "Minutes of the previous meeting"), ("3", "Matters arising"),
        ("4", "Correspondence"), ("5", "Reports"), ("5.1", "Chair's report"), ("5.2", "Secretary's report"),
        ("5.3", "Treasurer's report"), ("6", "Motions"), ("7", "Any other business"), ("8", "Date of next meeting")]


def test_agm_template_has_reports_accounts_and_elections(world):
    detail = world.meetings.plan(world.chapter_id, {"meeting_type": "agm", "date": "2026-05-20"})
    titles = [i.title for i in detail.items]
    assert detail.title == "Annual general meeting"
    assert {"Annual reports", "Accounts", "Election of officers"} <= set(titles)


def test_agenda_add_remove_reorder_and_sub_items(world):
    detail = world.meetings.plan(world.chapter_id, {"date": "12/03/2026"}, template="short")
    assert [i.number for i in detail.items] == ["1", "2", "3"]
    detail = world.meetings.add_item(detail.id, "Campaign report", parent_id=item(detail, "2").id)
    assert item(detail, "2.1").title == "Campaign report"
    detail = world.meetings.move_item(detail.id, item(detail, "3").id, -1)
    assert [(i.number, i.title) for i in detail.items] == [
        ("1", "Welcome and apologies"), ("2", "Any other business"), ("3", "Business of the meeting"),
        ("3.1", "Campaign report")]
    with pytest.raises(LienError, match="one level deep"):
        world.meetings.add_item(detail.id, "Too deep", parent_id=item(detail, "3.1").id)
    detail = world.meetings.remove_item(detail.id, item(detail, "3").id)
    assert [i.number for i in detail.items] == ["1", "2"]
    ids = [i.id for i in detail.items]
    detail = world.meetings.reorder_items(detail.id, None, list(reversed(ids)))
    assert detail.items[0].title == "Any other business"


def test_numbering_is_pure_and_ignores_gaps():
    places = [ItemPlace(10, None, 5), ItemPlace(11, None, 1), ItemPlace(12, 10, 9), ItemPlace(13, 10, 2)]
    assert number_items(places) == [(11, "1", 0), (10, "2", 0), (13, "2.1", 1), (12, "2.2", 1)]


def test_bad_meeting_fields_are_refused_by_name(world):
    with pytest.raises(ValidationError) as info:
        world.meetings.plan(world.chapter_id, {"date": "31/02/2026", "start": "25:00", "meeting_type": "party"})
    assert {"date", "start", "meeting_type"} <= set(info.value.problems)
    assert world.meetings.list(world.chapter_id) == []


def test_quorum_fixed_and_percentage(world):
    assert QuorumRule(QuorumKind.PERCENT, 10).required(41) == 5  # rounds up
    assert QuorumRule(QuorumKind.PERCENT, 10).required(0) == 1
    with pytest.raises(ValidationError):
        world.meetings.set_quorum_rule(world.chapter_id, "percent", 150)
    world.meetings.set_quorum_rule(world.chapter_id, "fixed", 3)
    detail = world.meetings.plan(world.chapter_id, {"date": "12/03/2026"})
    world.attendance.check_in(detail.id, world.members[0])
    world.attendance.check_in(detail.id, world.members[1])
    assert not world.attendance.quorum(detail.id).quorate
    world.attendance.check_in(detail.id, world.members[2], at=dt.time(19, 40))
    state = world.attendance.quorum(detail.id)
    assert state.quorate and state.present == 3 and state.required == 3
    world.meetings.set_quorum_rule(world.chapter_id, "percent", 50)  # 6 active members -> 3
    assert world.attendance.quorum(detail.id).required == 3
    doc = MeetingDocuments(world.database).minutes_doc(detail.id)
    assert doc.quorum_statement.startswith("The meeting was quorate: 3 members present")
    assert any(a.note == "arrived 19:40" for a in doc.present)


def test_apologies_before_the_day_but_not_presence(world):
    future = dt.date.today() + dt.timedelta(days=10)
    detail = world.meetings.plan(world.chapter_id, {"date": future})
    detail = world.attendance.record(detail.id, world.members[3], AttendanceKind.APOLOGIES)
    assert [a.name for a in detail.with_kind(AttendanceKind.APOLOGIES)] == ["Zoë Brontë"]
    with pytest.raises(LienError, match="only apologies"):
        world.attendance.check_in(detail.id, world.members[0])


def test_guests_are_kept_apart_and_check_in_search_folds_accents(world):
    detail = world.held_meeting(present=0)
    detail = world.attendance.add_guest(detail.id, "Dr Amara Osei")
    assert [g.name for g in detail.guests] == ["Dr Amara Osei"] and detail.attendance == ()
    found = world.attendance.candidates(detail.id, "luk")
    assert [c.name for c in found] == ["Łukasz Wiśniewski"]
    assert [c.name for c in world.attendance.candidates(detail.id, "siob ni")] == ["Siobhán Ní Bhriain"]


def test_motion_rules(world):
    detail = world.held_meeting(present=3)
    a, b, c, absent = world.members[0], world.members[1], world.members[2], world.members[4]
    base = {"wording": "This chapter resolves to meet monthly.", "result": "carried"}
    with pytest.raises(ValidationError, match="different people"):
        world.business.add_motion(detail.id, {**base, "proposer_id": a, "seconder_id": a})
    with pytest.raises(ValidationError, match="present"):
        world.business.add_motion(detail.id, {**base, "proposer_id": a, "seconder_id": absent})
    with pytest.raises(ValidationError, match="member of the chapter"):
        world.business.add_motion(detail.id, {**base, "proposer_id": a, "seconder_id": 9999})
    with pytest.raises(ValidationError, match="negative"):
        world.business.add_motion(detail.id, {**base, "proposer_id": a, "seconder_id": b, "votes_for": -1})
    with pytest.raises(ValidationError, match="wording"):
        world.business.add_motion(detail.id, {"proposer_id": a, "seconder_id": b})
    assert world.meetings.get(detail.id).motions == ()
    recorded = world.business.add_motion(detail.id, {**base, "proposer_id": a, "seconder_id": c, "votes_for": 5,
                                                     "votes_against": 1, "abstentions": 0})
    assert recorded.warnings == ("6 votes recorded but only 3 members present",)
    motion = recorded.meeting.motions[0]
    assert (motion.label, motion.votes.short(), motion.result.value) == ("M1", "5-1-0", "carried")
    recorded = world.business.add_motion(detail.id, {**base, "proposer_id": b, "seconder_id": c,
                                                     "vote_summary": "nem_con", "abstentions": 1, "votes_for": 2})
    assert recorded.meeting.motions[1].vote_summary.printed == "carried nem. con."
    with pytest.raises(ValidationError, match="unanimous"):
        world.business.add_motion(detail.id, {**base, "proposer_id": b, "seconder_id": c,
                                              "vote_summary": "unanimous", "votes_against": 1})
    amended = world.business.add_amendment(motion.id, {"wording": "Add “online too”.", "mover_id": b,
                                                       "seconder_id": c, "result": "fallen", "votes_for": 1,
                                                       "votes_against": 2})
    assert amended.meeting.motions[0].amendments[0].result.value == "fallen"
    with pytest.raises(ValidationError, match="different"):
        world.business.add_amendment(motion.id, {"wording": "x", "mover_id": b, "seconder_id": b})


def test_actions_roll_into_matters_arising_until_done(world):
    march = world.held_meeting()
    world.business.add_action(march.id, "Write to the MP", world.members[0], "01/04/2026")
    done_later = world.meetings.get(march.id).actions[0]
    world.business.add_action(march.id, "Book the room", world.members[4], "20/03/2026")
    april = world.held_meeting("April", dt.date(2026, 4, 9))
    may = world.held_meeting("May", dt.date(2026, 5, 14))
    assert [a.what for a in world.meetings.matters_arising(april.id)] == ["Write to the MP", "Book the room"]
    world.business.set_action_status(done_later.id, "done", on=dt.date(2026, 4, 20))
    # Still open at the April meeting (closed after it), no longer at May's.
    assert len(world.meetings.matters_arising(april.id)) == 2
    assert [a.what for a in world.meetings.matters_arising(may.id)] == ["Book the room"]
    overdue = world.business.overdue(world.chapter_id, today=dt.date(2026, 6, 1))
    assert [a.what for a in overdue] == ["Book the room"]
    agenda = MeetingDocuments(world.database).agenda_doc(may.id)
    assert [a.what for a in agenda.matters_arising] == ["Book the room"]
    assert agenda.matters_arising[0].from_meeting == "12/03/2026"
    with pytest.raises(ValidationError, match="owner"):
        world.business.add_action(may.id, "Nobody's job", 9999)


def test_lifecycle_sign_locks_and_fingerprint_is_stable(world):
    march = world.held_meeting()
    world.business.add_motion(march.id, {"wording": "Motion text", "proposer_id": world.members[0],
                                         "seconder_id": world.members[1], "result": "carried",
                                         "vote_summary": "unanimous"})
    april = world.held_meeting("April", dt.date(2026, 4, 9))
    with pytest.raises(LienError, match="after being circulated"):
        world.minutes.approve(march.id, april.id)
    world.minutes.circulate(march.id)
    with pytest.raises(LienError, match="later meeting"):
        world.minutes.approve(march.id, march.id)
    world.minutes.approve(march.id, april.id, corrections="Item 4: £412.50, not £41.25")
    signed = world.minutes.sign(march.id, "Siân Evans")
    assert signed.minutes.status is MinutesStatus.SIGNED and len(signed.minutes.fingerprint) == 64
    assert world.minutes.verify(march.id)
    before = world.meetings.get(march.id)
    refusals = [
        lambda: world.meetings.update(march.id, {"title": "Changed"}),
        lambda: world.meetings.add_item(march.id, "Late item"),
        lambda: world.meetings.edit_item(march.id, before.items[0].id, notes="changed"),
        lambda: world.attendance.check_in(march.id, world.members[5]),
        lambda: world.attendance.add_guest(march.id, "Someone"),
        lambda: world.business.add_motion(march.id, {"wording": "x", "proposer_id": world.members[0],
                                                     "seconder_id": world.members[1]}),
        lambda: world.business.add_decision(march.id, "x"),
        lambda: world.business.add_action(march.id, "x", world.members[0]),
        lambda: world.business.remove_motion(before.motions[0].id),
        lambda: world.meetings.delete(march.id),
    ]
    for change in refusals:
        with pytest.raises(LienError, match="signed and locked|only a draft"):
            change()
    assert world.meetings.get(march.id) == before
    # The fingerprint is of the content: recomputed later it is the same.
    assert world.minutes.verify(march.id) and world.meetings.get(march.id).minutes.fingerprint == signed.minutes.fingerprint
    after = world.minutes.add_addendum(march.id, "The venue was the Trades Club, not the library.")
    assert after.addenda[0].text.startswith("The venue") and world.minutes.verify(march.id)
    doc = MeetingDocuments(world.database).minutes_doc(march.id)
    assert doc.fingerprint == signed.minutes.fingerprint and not doc.is_draft
    assert "with these corrections: Item 4" in doc.approved_note


def test_circulation_copy_uses_initials_and_hides_confidential_members(world):
    detail = world.held_meeting(present=6)
    world.attendance.add_guest(detail.id, "Dr Amara Osei")
    world.business.add_motion(detail.id, {"wording": "w", "proposer_id": world.members[4],
                                          "seconder_id": world.members[2], "item_id": item(detail, "6").id})
    docs = MeetingDocuments(world.database)
    full = docs.minutes_doc(detail.id)
    assert {"Siân Evans", "Llŷr Jones", "李 雷"} <= {a.name for a in full.present}
    copy = docs.minutes_doc(detail.id, circulation=True)
    names = {a.name for a in copy.present}
    assert "a member" in names and "SE" in names and "SNB" in names
    assert not any("Evans" in n or "Llŷr" in n for n in names)
    assert copy.header.chair == "SE" and copy.guests[0].name == "DAO"
    motion = next(m for i in copy.items for m in i.motions)
    assert (motion.proposer, motion.seconder) == ("a member", "SNB")
    assert initials("Siobhán Ní Bhriain") == "SNB"


def test_motion_register_is_searchable_across_meetings(world):
    march = world.held_meeting()
    april = world.held_meeting("April", dt.date(2026, 4, 9))
    for meeting, wording in ((march, "Restore the whip to suspended members"), (april, "Pay the affiliation fee")):
        world.business.add_motion(meeting.id, {"wording": wording, "proposer_id": world.members[0],
                                               "seconder_id": world.members[1], "result": "carried"})
    assert len(world.business.motion_register(world.chapter_id)) == 2
    found = world.business.motion_register(world.chapter_id, "whip")
    assert [e.meeting_title for e in found] == ["March general meeting"]
    assert len(world.business.motion_register(world.chapter_id, "sian")) == 2  # proposer, accents folded
    doc = MeetingDocuments(world.database).motions_register_doc(world.chapter_id)
    assert [r.number for r in doc.rows] == ["M1", "M1"] and doc.rows[0].proposer == "Siân Evans"


def test_removing_an_item_holding_business_is_refused(world):
    detail = world.held_meeting()
    motions = item(detail, "6")
    world.business.add_motion(detail.id, {"wording": "w", "proposer_id": world.members[0],
                                          "seconder_id": world.members[1], "item_id": motions.id})
    with pytest.raises(LienError, match="M1"):
        world.meetings.remove_item(detail.id, motions.id)
    assert any(i.kind is ItemKind.MOTIONS for i in world.meetings.get(detail.id).items)


def test_minutes_of_the_approving_meeting_record_the_approval(world):
    march = world.held_meeting()
    april = world.held_meeting("April", dt.date(2026, 4, 9))
    world.minutes.circulate(march.id)
    world.minutes.approve(march.id, april.id)
    doc = MeetingDocuments(world.database).minutes_doc(april.id)
    previous = next(i for i in doc.items if i.title == "Minutes of the previous meeting")
    assert previous.notes == ("The minutes of the meeting of 12/03/2026 (March general meeting) were approved "
                              "as a true record.")


def test_signin_sheet_leaves_confidential_members_off_and_adds_a_blank_row(world):
    detail = world.held_meeting(present=0)
    sheet = MeetingDocuments(world.database).signin_sheet_doc(detail.id, blank_guest_rows=10)
    names = [row.name for row in sheet.members]
    assert "Llŷr Jones" not in " ".join(names) and not any("Llŷr" in n for n in names)
    assert any("Siân" in n for n in names)
    assert sheet.blank_guest_rows == 11


def test_signin_sheet_lists_active_members_and_anyone_already_recorded(world):
    members = MemberService(world.database)
    lapsed = members.add(world.chapter_id, {"first_name": "Gwen", "last_name": "Lapsed", "status": "lapsed"})
    left = members.add(world.chapter_id, {"first_name": "Owain", "last_name": "Left", "status": "left"})
    detail = world.held_meeting(present=0)
    world.attendance.check_in(detail.id, left.id)  # came anyway: recorded, so listed to sign
    names = [row.name for row in MeetingDocuments(world.database).signin_sheet_doc(detail.id).members]
    assert any("Owain" in n for n in names) and not any("Gwen" in n for n in names)
