"""Meeting archive files: a round trip into a second database loses nothing; bad files are refused
with a message naming the problem, and nothing is imported."""

import dataclasses
import datetime as dt
import json

import pytest

from lien_desktop.domain.errors import LienError
from lien_desktop.services.database import init_database
from lien_desktop.services.meeting_archive import ArchiveService, FORMAT_VERSION
from lien_desktop.services.meetings import MeetingService
from lien_desktop.services.members import MemberService
from meeting_helpers import PEOPLE, item, make_world


@pytest.fixture
def world(database, chapter_id):
    return make_world(database, chapter_id)


@pytest.fixture
def other(tmp_path):
    """A new secretary's database: the same people in a different order (so different ids)."""
    database = init_database(tmp_path / "other.sqlite3", "Other Chapter", "")
    service = MemberService(database)
    service.add(1, {"first_name": "Someone", "last_name": "Else"})
    for person in reversed(PEOPLE):
        service.add(1, person)
    yield database
    database.close()


def _full_meeting(world):
    detail = world.held_meeting(present=5)
    world.attendance.record(detail.id, world.members[5], "apologies")
    world.attendance.record(detail.id, world.members[3], "present", arrived="19:40", left="20:50")
    world.attendance.add_guest(detail.id, "Cllr <b>Jo</b> Whitfield")
    world.meetings.update(detail.id, {"next_meeting": "09/04/2026 at 19:00", "end": "21:00",
                                      "online_link": "https://meet.example.org/lien"})
    world.meetings.edit_item(detail.id, item(detail, "5.3").id, notes="Balance £412.50.\nNo debts.")
    world.meetings.add_item(detail.id, "Campaigns", parent_id=item(detail, "5").id)
    m = world.business.add_motion(detail.id, {
        "item_id": item(detail, "6").id, "title": "Due process", "wording": "This chapter believes…",
        "proposer_id": world.members[0], "seconder_id": world.members[4], "result": "carried",
        "votes_for": 3, "votes_against": 1, "abstentions": 1}).meeting.motions[0]
    world.business.add_amendment(m.id, {"wording": "Add “and appeal”.", "mover_id": world.members[2],
                                        "seconder_id": world.members[3], "result": "carried", "votes_for": 4})
    world.business.add_decision(detail.id, "The treasurer's report was accepted.", item(detail, "5.3").id)
    world.business.add_action(detail.id, "Write to the MP", world.members[1], "01/04/2026", item(detail, "6").id)
    april = world.held_meeting("April", dt.date(2026, 4, 9))
    world.minutes.circulate(detail.id, on=dt.date(2026, 3, 20))
    world.minutes.approve(detail.id, april.id, "Item 4 corrected")
    world.minutes.sign(detail.id, "Siân Evans", on=dt.date(2026, 4, 9))
    world.minutes.add_addendum(detail.id, "Addendum text", on=dt.date(2026, 5, 1))
    return world.meetings.get(detail.id)


def _comparable(detail):
    """What must survive: everything but database ids."""
    data = dataclasses.asdict(detail)

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in ("id", "meeting_id", "item_id", "parent_id", "member_id", "chapter_id",
                                 "approved_at_meeting_id", "chapter_name")}
        if isinstance(value, (list, tuple)):
            return [strip(v) for v in value]
        return value

    return strip(data)


def test_round_trip_into_another_database_loses_nothing(world, other, tmp_path):
    original = _full_meeting(world)
    path = ArchiveService(world.database).export(original.id, tmp_path / "march.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION and document["meeting"]["uid"] == original.uid
    imported = ArchiveService(other).import_file(path, 1)
    assert _comparable(imported) == _comparable(original)
    assert imported.minutes.fingerprint == original.minutes.fingerprint and imported.locked
    # Names resolve to the other database's own members.
    assert {a.member_id for a in imported.attendance} != {a.member_id for a in original.attendance}
    # Exported again, the file says the same (bar the time of export and the approving meeting's uid).
    again = ArchiveService(other).to_dict(imported.id)
    for doc in (document, again):
        doc.pop("exported_at"), doc.pop("chapter")
        doc["meeting"]["minutes"]["approved_at"]["uid"] = None
    assert again["meeting"] == document["meeting"]


def test_a_meeting_imports_only_once(world, other, tmp_path):
    detail = world.held_meeting()
    path = ArchiveService(world.database).export(detail.id, tmp_path / "m.json")
    ArchiveService(other).import_file(path, 1)
    with pytest.raises(LienError, match="already in the database"):
        ArchiveService(other).import_file(path, 1)


def _refused(other, path, pattern):
    before = MeetingService(other).list()
    with pytest.raises(LienError, match=pattern) as info:
        ArchiveService(other).import_file(path, 1)
    assert MeetingService(other).list() == before
    assert path.name in str(info.value)
    return str(info.value)


def test_malformed_newer_and_unknown_member_files_are_refused(world, other, tmp_path):
    detail = _full_meeting(world)
    good = ArchiveService(world.database).to_dict(detail.id)

    def write(name, content):
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return path

    _refused(other, write("broken.json", '{"format": "lien-desktop/meeting", '), r"not valid JSON \(line 1")
    _refused(other, write("other.json", {"hello": 1}), "not a LIEN Desktop meeting archive")
    _refused(other, write("newer.json", {**good, "format_version": FORMAT_VERSION + 1}), "newer LIEN Desktop")
    bad_votes = json.loads(json.dumps(good))
    bad_votes["meeting"]["motions"][0]["votes_for"] = -3
    _refused(other, write("votes.json", bad_votes), r"meeting.motions\[0\].votes_for: a vote count cannot be negative")
    bad_type = json.loads(json.dumps(good))
    bad_type["meeting"]["date"] = "12/13/2026"
    _refused(other, write("date.json", bad_type), r"meeting.date: .* is not a date")
    stranger = json.loads(json.dumps(good))
    key = next(k for k, p in stranger["people"].items() if p["labour_membership_number"] == "L1000001")
    stranger["people"][key]["labour_membership_number"] = "L9999999"  # not in the other register
    message = _refused(other, write("unknown.json", stranger), "unknown member")
    assert "Siân Evans (Labour membership number)" in message
    tampered = json.loads(json.dumps(good))
    tampered["meeting"]["motions"][0]["votes_for"] = 30
    _refused(other, write("tampered.json", tampered), "changed after signing")
    dangling = json.loads(json.dumps(good))
    dangling["meeting"]["actions"][0]["item"] = "42"
    _refused(other, write("item.json", dangling), "agenda item 42")


def test_members_match_by_number_then_email_then_name(world, tmp_path):
    detail = world.held_meeting(present=6)
    path = ArchiveService(world.database).export(detail.id, tmp_path / "m.json")
    target = init_database(tmp_path / "t.sqlite3", "T", "")
    try:
        service = MemberService(target)
        # Siân by membership number only (her name differs), Łukasz by email only, Siobhán by name.
        service.add(1, {"first_name": "Sian", "last_name": "Evans-Price", "labour_membership_number": "L1000001"})
        for person in PEOPLE[1:]:
            service.add(1, {**person, "first_name": person["first_name"] + ("" if "email" not in person else "x")}
                        if person["first_name"] == "Łukasz" else person)
        imported = ArchiveService(target).import_file(path, 1)
        assert "Sian Evans-Price" in {a.name for a in imported.attendance}
        assert len(imported.attendance) == 6
    finally:
        target.close()
