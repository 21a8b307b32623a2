"""The demo year of meetings: deterministic, keeping every rule the services apply, signatures intact."""

import datetime as dt

from lien_desktop.domain.meeting_documents import SignatureCheck
from lien_desktop.domain.meetings import AttendanceKind, MeetingType
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.meeting_attendance import AttendanceService
from lien_desktop.services.meeting_business import BusinessService
from lien_desktop.services.meeting_minutes import MinutesService
from lien_desktop.services.meetings import MeetingService
from lien_desktop.services.meetings_demo import fill_meetings_demo

TODAY = dt.date(2026, 11, 30)


def test_a_year_of_meetings_that_keeps_the_rules(database):
    chapter = fill_demo(database, members=300, seed=5).chapter_id
    assert fill_meetings_demo(database, chapter, seed=5, today=TODAY) == 13
    meetings = MeetingService(database)
    listed = meetings.list(chapter)
    assert [m.date for m in listed] == sorted(m.date for m in listed)
    assert listed[0].date == dt.date(2025, 12, 11) and listed[-2].date == dt.date(2026, 11, 12)
    assert listed[-1].date == dt.date(2026, 12, 10) and all(m.date.weekday() == 3 for m in listed)
    assert sum(m.meeting_type is MeetingType.AGM for m in listed) == 1
    minutes = MinutesService(database)
    for summary in listed[:-2]:
        assert minutes.check(summary.id) is SignatureCheck.INTACT, summary.title
    for summary in listed[:-1]:
        detail = meetings.get(summary.id)
        present = {a.member_id for a in detail.with_kind(AttendanceKind.PRESENT)}
        assert 8 <= len(present) <= 20 and detail.chair.id in present and detail.quorate
        assert detail.motions and detail.actions and detail.decisions
        for motion in detail.motions:
            assert {motion.proposer.id, motion.seconder.id} <= present
            assert motion.proposer.id != motion.seconder.id
            assert sum(n or 0 for n in (motion.votes.votes_for, motion.votes.votes_against,
                                        motion.votes.abstentions)) <= len(present)
    # Early in a month whose meeting is still ahead, that meeting is the one planned.
    other = fill_demo(database, members=30, seed=6, chapter_name="Early chapter").chapter_id
    fill_meetings_demo(database, other, seed=6, today=dt.date(2026, 11, 2))
    assert [m.date for m in meetings.list(other)][-2:] == [dt.date(2026, 10, 8), dt.date(2026, 11, 12)]
    upcoming = meetings.get(listed[-1].id)
    assert upcoming.minutes.status.value == "draft" and len(upcoming.with_kind(AttendanceKind.APOLOGIES)) == 2
    # Follow-through: older actions mostly closed, some still open and overdue; they roll into matters arising.
    business = BusinessService(database)
    assert business.overdue(chapter, TODAY) and meetings.matters_arising(upcoming.id)
    assert AttendanceService(database).quorum(listed[0].id).quorate


def test_the_same_seed_and_day_give_the_same_year(database, tmp_path):
    from lien_desktop.services.database import init_database

    chapter = fill_demo(database, members=60, seed=3).chapter_id
    fill_meetings_demo(database, chapter, seed=3, today=TODAY)
    other = init_database(tmp_path / "other.sqlite3")
    try:
        other_chapter = fill_demo(other, members=60, seed=3).chapter_id
        fill_meetings_demo(other, other_chapter, seed=3, today=TODAY)
        first, second = MeetingService(database), MeetingService(other)
        for a, b in zip(first.list(chapter), second.list(other_chapter), strict=True):
            x, y = first.get(a.id), second.get(b.id)
            assert (x.uid, x.title, x.minutes.fingerprint, [m.wording for m in x.motions],
                    [a.name for a in x.attendance]) == (y.uid, y.title, y.minutes.fingerprint,
                                                        [m.wording for m in y.motions], [a.name for a in y.attendance])
    finally:
        other.close()
