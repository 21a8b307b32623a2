"""The member's whole story page shows every fact, readably, and never interprets user text as markup."""

import datetime as dt

import pytest

from lien_desktop.domain.member_changes import MemberChange
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost, StandingEvent, StandingKind
from lien_desktop.services.members import MemberService
from lien_desktop.ui.member_story import MemberStoryView


@pytest.fixture
def service(database):
    return MemberService(database)


@pytest.fixture
def record(service, chapter_id):
    return make_record(service, chapter_id)


def make_record(service, chapter_id):
    """A member with every kind of fact (also used to render the page for a look)."""
    details = MemberChange(
        consents=(Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 2), "sign-up form"),
                  Consent(ConsentChannel.PHONE, True, dt.date(2023, 5, 6), "AGM", dt.date(2024, 7, 8))),
        posts_added=(OfficerPost("Secretary", dt.date(2023, 1, 1)),
                     OfficerPost("Chair", dt.date(2019, 4, 1), dt.date(2021, 3, 31))),
        standing_added=(StandingEvent(StandingKind.MEMBER, dt.date(2015, 9, 1), "joined at conference"),
                        StandingEvent(StandingKind.SUSPENDED, dt.date(2022, 2, 3), "administrative suspension"),
                        StandingEvent(StandingKind.READMITTED, dt.date(2023, 6, 30), "")),
    )
    created = service.add_with_change(chapter_id, {
        "first_name": "Siobhán", "last_name": "Ní Bhriain", "preferred_name": "Shiv",
        "email": "siobhan@example.org", "mobile_phone": "07700 900123", "home_phone": "+33 1 42 68 53 00",
        "address_line1": "12 Rue de la Paix", "town": "Paris", "postcode": "SW1A 1AA",
        "constituency_code": "E14001290", "branch": "Kings Cross ward", "trade_union": "Unite",
        "joined_on": "03/04/2021", "labour_membership_number": "L123456", "tags": "leafleting, driver",
        "notes": "Prefers calls after 6pm.\nSpeaks Irish.", "confidential": True, "status": "lapsed",
    }, details)
    return service.get(created.id)


def test_story_shows_every_fact(qtbot, record):
    view = MemberStoryView()
    qtbot.addWidget(view)
    view.show_member(record)
    text = view.plain_text()
    for fact in ("Siobhán Ní Bhriain", "Known as Shiv", "CONFIDENTIAL", "Lapsed", "Readmitted",
                 "siobhan@example.org", "07700 900123", "+33 1 42 68 53 00", "12 Rue de la Paix", "Paris",
                 "SW1A 1AA", "Holborn and St Pancras", "Kings Cross ward", "Unite", "03/04/2021", "L123456",
                 "driver, leafleting", "Secretary", "(since 01/01/2023)", "Chair", "(01/04/2019 – 31/03/2021)",
                 "given on 02/01/2024", "source: sign-up form", "withdrawn on 08/07/2024", "Post",
                 "not recorded", "administrative suspension", "Prefers calls after 6pm.", "Speaks Irish."):
        assert fact in text, fact
    assert "E14001290" not in text  # the constituency is shown by name
    assert "+447700900123" not in text  # phones shown nationally
    # current post listed before past ones, timeline newest first
    assert text.index("Current") < text.index("Secretary") < text.index("Past") < text.index("Chair")
    timeline = text[text.index("Labour standing timeline"):]
    assert timeline.index("30/06/2023") < timeline.index("03/02/2022") < timeline.index("01/09/2015")


def test_story_escapes_markup(qtbot, service, chapter_id):
    created = service.add(chapter_id, {"first_name": "<b>x</b>", "last_name": "O'Brien & <i>Sons</i>",
                                       "notes": "<script>alert(1)</script> <a href='x'>link</a>"})
    view = MemberStoryView()
    qtbot.addWidget(view)
    view.show_member(service.get(created.id))
    text = view.plain_text()
    assert "<b>x</b> O'Brien & <i>Sons</i>" in text
    assert "<script>alert(1)</script> <a href='x'>link</a>" in text
    assert "CONFIDENTIAL" not in text


def test_story_without_a_member(qtbot):
    view = MemberStoryView()
    qtbot.addWidget(view)
    view.show_member(None)
    assert "Select a member" in view.plain_text()
