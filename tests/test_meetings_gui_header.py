"""The open meeting's heading as the secretary reads it."""

import datetime as dt

from meeting_gui_fixtures import panel, world  # noqa: F401 (fixtures)


def test_the_heading_names_the_meeting_once_then_when_where_and_who(panel, world):
    detail = world.meetings.plan(world.chapter_id, {
        "meeting_type": "committee", "title": "Committee meeting, October 2026", "date": dt.date(2026, 10, 29),
        "start": "19:00", "end": "21:00", "venue": "Trades Club, upstairs room", "chair_id": world.members[0],
        "minute_taker_id": world.members[1]})
    panel.open_meeting(detail.id)
    assert panel.header.text() == ("Committee meeting, October 2026\n"
                                   "Thursday 29 October 2026, 19:00–21:00 · Trades Club, upstairs room\n"
                                   "Chair: Siân Evans · Minute-taker: Łukasz Wiśniewski")
    assert panel.header.text().count("Committee meeting") == 1
    # A title that does not say what kind of meeting it is gets the kind; no chair, no officers line.
    other = world.meetings.plan(world.chapter_id, {"meeting_type": "agm", "title": "AGM", "date": dt.date(2027, 3, 4),
                                                   "start": "18:30", "online_link": "https://meet.example.org/agm"})
    panel.open_meeting(other.id)
    assert panel.header.text() == ("AGM\nAnnual general meeting · Thursday 4 March 2027, 18:30 · "
                                   "https://meet.example.org/agm")
    panel.context.open(None)
    assert panel.header.text() == "Choose a meeting, or plan a new one"
