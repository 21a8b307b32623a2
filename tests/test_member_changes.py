"""A whole member change in one transaction, with its inverse for undo (services.member_changes)."""

import datetime as dt

import pytest

from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.member_changes import MemberChange, check_standing_event
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost, StandingEvent, StandingKind
from lien_desktop.services.members import MemberService


@pytest.fixture
def service(database):
    return MemberService(database)


def test_every_problem_is_reported_and_nothing_is_written(service, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann", "town": "York"})
    change = MemberChange(
        values={"town": "Leeds", "postcode": "XYZ"},
        consents=(Consent(ConsentChannel.EMAIL, True, dt.date(2024, 2, 1), "", dt.date(2024, 1, 1)),),
        posts_added=(OfficerPost("  "),),
        standing_added=(StandingEvent(StandingKind.MEMBER, dt.date.today() + dt.timedelta(days=30)),),
    )
    with pytest.raises(ValidationError) as caught:
        service.apply_change(member.id, change)
    assert set(caught.value.problems) == {"postcode", "withdrawn_on", "title", "event_date"}
    record = service.get(member.id)
    assert (record.data.town, record.consents, record.officer_posts, record.standing_events) == ("York", (), (), ())


def test_inverse_undoes_and_its_inverse_redoes(service, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann", "tags": "driver"})
    service.apply_change(member.id, MemberChange(posts_added=(OfficerPost("Chair"),),
                                                 consents=(Consent(ConsentChannel.POST, True),)))
    before = service.get(member.id)
    change = MemberChange(values={"tags": "driver, leafleting", "status": "left"},
                          consents=(Consent(ConsentChannel.POST, False, dt.date(2024, 1, 1), "phone call"),),
                          posts_removed=(before.officer_posts[0].id,),
                          standing_added=(StandingEvent(StandingKind.RESIGNED, dt.date(2024, 1, 1), "letter"),))
    inverse = service.apply_change(member.id, change)
    after = service.get(member.id)
    again = service.apply_change(member.id, inverse)
    undone = service.get(member.id)
    assert undone.data == before.data
    assert undone.consents == before.consents
    assert [p.title for p in undone.officer_posts] == ["Chair"] and undone.standing is None
    service.apply_change(member.id, again)
    redone = service.get(member.id)
    assert redone.data == after.data and redone.consents == after.consents
    assert redone.officer_posts == () and redone.standing == StandingKind.RESIGNED


def test_unknown_post_or_event_is_refused(service, chapter_id):
    member = service.add(chapter_id, {"first_name": "Ann"})
    with pytest.raises(LienError):
        service.apply_change(member.id, MemberChange(posts_removed=(999,)))
    with pytest.raises(LienError):
        service.apply_change(member.id, MemberChange(standing_retracted=(999,)))


def test_standing_event_check_speaks_plainly():
    assert check_standing_event("suspended", "03/04/2024", " note ").note == "note"
    with pytest.raises(ValidationError) as caught:
        check_standing_event("banished", "31/02/2024")
    assert caught.value.problems["standing"] == "“banished” is not a kind of standing event"
    assert "not a real date" in caught.value.problems["event_date"]
