"""The register's use cases against a real SQLite file."""

import datetime as dt

import pytest

from lien_desktop.domain.errors import ValidationError
from lien_desktop.domain.members import ConsentChannel, Consent, MemberFilter, MemberStatus, SortOrder, StandingKind
from lien_desktop.services.members import MemberService


@pytest.fixture
def service(database):
    return MemberService(database)


def add(service, chapter_id, **values):
    return service.add(chapter_id, {"first_name": "Test", "last_name": "Person", **values})


def names(rows):
    return [f"{r.first_name} {r.last_name}" for r in rows]


def test_search_ignores_case_and_accents(service, chapter_id):
    add(service, chapter_id, first_name="Łukasz", last_name="Wiśniewski")
    add(service, chapter_id, first_name="Siobhán", last_name="Ní Bhriain")
    add(service, chapter_id, first_name="Zoë", last_name="Smith")
    assert names(service.search(chapter_id, MemberFilter(search="lukasz"))) == ["Łukasz Wiśniewski"]
    assert names(service.search(chapter_id, MemberFilter(search="SIOBHAN"))) == ["Siobhán Ní Bhriain"]
    assert names(service.search(chapter_id, MemberFilter(search="zoe smi"))) == ["Zoë Smith"]
    assert names(service.search(chapter_id, MemberFilter(search="wisn"))) == ["Łukasz Wiśniewski"]


def test_search_finds_email_phone_and_postcode(service, chapter_id):
    add(service, chapter_id, first_name="Ann", email="ann.lee@example.org", mobile_phone="07700 900123",
        postcode="sw1a 1aa")
    add(service, chapter_id, first_name="Bob")
    for query in ("ann.lee@example", "07700 900123", "07700900", "+44 7700 900123", "SW1A 1AA", "sw1a1aa"):
        assert names(service.search(chapter_id, MemberFilter(search=query))) == ["Ann Person"], query


def test_search_with_punctuation_and_quotes_is_safe(service, chapter_id):
    add(service, chapter_id, last_name="O'Brien")
    for query in ('"', "o'b", "* OR NEAR(", "AND", "-"):
        service.search(chapter_id, MemberFilter(search=query))
    assert names(service.search(chapter_id, MemberFilter(search="o'brien"))) == ["Test O'Brien"]


def test_add_stores_normalised_values(service, chapter_id):
    record = add(service, chapter_id, email=" Jo@EXAMPLE.org ", mobile_phone="07700 900123", postcode="m11ae",
                 joined_on="03/04/2021", tags="leafleting, Driver,leafleting")
    assert record.data.email == "Jo@example.org"
    assert record.data.mobile_phone == "+447700900123"
    assert record.data.postcode == "M1 1AE"
    assert record.data.joined_on == dt.date(2021, 4, 3)
    assert record.data.tags == ("Driver", "leafleting")


def test_invalid_add_saves_nothing(service, chapter_id):
    with pytest.raises(ValidationError):
        add(service, chapter_id, email="bad", postcode="nope")
    assert service.count(chapter_id) == 0


def test_update_returns_old_values_and_invalid_update_changes_nothing(service, chapter_id):
    record = add(service, chapter_id, email="a@example.org")
    before = service.update(record.id, {"email": "b@example.org", "town": "Leeds"})
    assert before == {"email": "a@example.org", "town": ""}
    with pytest.raises(ValidationError):
        service.update(record.id, {"town": "York", "postcode": "not a postcode"})
    again = service.get(record.id)
    assert (again.data.email, again.data.town) == ("b@example.org", "Leeds")
    # the search index follows the edit
    assert names(service.search(chapter_id, MemberFilter(search="b@example"))) == ["Test Person"]
    assert service.search(chapter_id, MemberFilter(search="a@example")) == []


def test_standing_timeline_is_append_only_and_latest_wins(service, chapter_id):
    record = add(service, chapter_id)
    service.record_standing(record.id, StandingKind.MEMBER, "01/01/2015")
    service.record_standing(record.id, StandingKind.SUSPENDED, "01/06/2021", "NEC letter")
    service.record_standing(record.id, StandingKind.READMITTED, "01/06/2023")
    # a late entry of an earlier event does not become the current standing
    service.record_standing(record.id, StandingKind.NOTICE_OF_INVESTIGATION, "01/05/2021")
    again = service.get(record.id)
    assert again.standing is StandingKind.READMITTED
    assert [e.kind for e in again.standing_events] == [
        StandingKind.MEMBER, StandingKind.NOTICE_OF_INVESTIGATION, StandingKind.SUSPENDED, StandingKind.READMITTED]
    assert service.count(chapter_id) == 1  # readmitted: the same person, not a second record


def test_standing_event_needs_a_real_date(service, chapter_id):
    record = add(service, chapter_id)
    with pytest.raises(ValidationError, match="real date"):
        service.record_standing(record.id, StandingKind.SUSPENDED, "31/02/2021")


def test_filters_and_sorting(service, chapter_id):
    a = add(service, chapter_id, first_name="Amy", last_name="Łęcka", branch="North", status="lapsed")
    b = add(service, chapter_id, first_name="Ben", last_name="Lewis", branch="South", tags=["driver"])
    c = add(service, chapter_id, first_name="Cat", last_name="Adams", branch="North")
    service.set_consent(c.id, Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 1), "form"))
    ids = service.ids(chapter_id, MemberFilter(), SortOrder("last_name"))
    assert ids == [c.id, a.id, b.id]  # Łęcka sorts with the Ls, before Lewis
    assert service.ids(chapter_id, MemberFilter(), SortOrder("last_name", descending=True)) == [b.id, a.id, c.id]
    assert service.ids(chapter_id, MemberFilter(statuses=frozenset({MemberStatus.LAPSED}))) == [a.id]
    assert service.ids(chapter_id, MemberFilter(tag="driver")) == [b.id]
    assert service.ids(chapter_id, MemberFilter(branch="North")) == [c.id, a.id]
    assert service.ids(chapter_id, MemberFilter(consent=ConsentChannel.EMAIL)) == [c.id]


def test_remove_and_restore(service, chapter_id):
    record = add(service, chapter_id)
    service.remove(record.id)
    assert service.count(chapter_id) == 0
    service.restore(record.id)
    assert service.count(chapter_id) == 1


def test_chapters_are_separate(database, service, chapter_id):
    from lien_desktop.services.chapters import ChapterService

    other = ChapterService(database).create("", "Aberafan Maesteg")
    assert other.constituency_code == "W07000081"
    add(service, chapter_id, first_name="Here")
    add(service, other.id, first_name="There")
    assert names(service.search(other.id)) == ["There Person"]


def test_pickers_list_every_member_by_name_and_tell_namesakes_apart(database, chapter_id):
    members = MemberService(database)
    first = members.add(chapter_id, {"first_name": "Aisha", "last_name": "Ahmed", "postcode": "LS15 1LB"})
    second = members.add(chapter_id, {"first_name": "Aisha", "last_name": "Ahmed"})
    zoe = members.add(chapter_id, {"first_name": "Zoë", "last_name": "Brontë", "preferred_name": "Zo"})
    gone = members.add(chapter_id, {"first_name": "Gone", "last_name": "Away"})
    members.remove(gone.id)
    assert members.picker_choices(chapter_id) == [
        (first.id, "Aisha Ahmed (LS15 1LB)"), (second.id, f"Aisha Ahmed (no. {second.id})"), (zoe.id, "Zo Brontë"),
    ]
