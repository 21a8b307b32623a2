"""A year of demo meetings for a chapter: attendance, guests, motions with votes and amendments,
decisions, actions followed through, minutes approved and signed. Made through the same services as
the app (so every rule holds); the same seed gives the same history (dates count back from `today`)."""

from __future__ import annotations

import datetime as dt
import random

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meetings import ActionStatus, AttendanceKind, ItemKind, MeetingType
from lien_desktop.domain.members import MemberFilter, MemberStatus, SortOrder
from lien_desktop.services.meeting_attendance import AttendanceService
from lien_desktop.services.meeting_business import BusinessService
from lien_desktop.services.meeting_minutes import MinutesService
from lien_desktop.services.meetings import MeetingService
from lien_desktop.services.members import MemberService

MOTIONS = (
    ("Restore the whip", "This chapter calls on the Parliamentary Labour Party to restore the whip to members "
                         "suspended without a hearing, and to publish the process it follows."),
    ("Due process", "This chapter believes every member facing a complaint is entitled to see the evidence "
                    "against them and to be heard before any suspension takes effect."),
    ("Affiliation fees", "This chapter resolves to pay its affiliation fee to the network for the coming year."),
    ("Local housing campaign", "This chapter will support the tenants' union campaign against unsafe housing "
                               "in the constituency, including leafleting on two Saturdays."),
    ("Newsletter", "This chapter will publish a quarterly newsletter for members, edited by the secretary."),
    ("Solidarity with strikers", "This chapter sends its solidarity to the striking bin workers and will "
                                 "collect for their hardship fund at every meeting until the dispute ends."),
)
ACTIONS = ("Write to the MP about the suspensions", "Book the room for next month", "Circulate the draft minutes",
           "Order 2,000 leaflets", "Contact the tenants' union", "Update the members' email list",
           "Draft the newsletter", "Pay the affiliation fee")
NOTES = ("Discussion was lively; several members spoke about their own experience of the complaints process.",
         "The treasurer reported a balance of £412.50 after the room booking.",
         "Correspondence from the network's national committee was noted.",
         "Members asked that the next meeting be held online as well as in person.")


def fill_meetings_demo(database: Database, chapter_id: int, seed: int = 1, months: int = 12,
                       today: dt.date | None = None) -> int:
    if not 1 <= months <= 120:
        raise LienError("months must be between 1 and 120")
    today = today or dt.date.today()
    rng = random.Random(seed)
    members = MemberService(database).ids(chapter_id, MemberFilter(statuses=frozenset({MemberStatus.ACTIVE})),
                                          SortOrder())
    if len(members) < 6:
        raise LienError("the chapter needs at least 6 active members for demo meetings (run `demo` first)")
    meetings, attendance, business, minutes = (MeetingService(database), AttendanceService(database),
                                               BusinessService(database), MinutesService(database))
    chair, secretary = members[0], members[1]
    made: list[int] = []
    for n in range(months):
        day = _thursday(today - dt.timedelta(days=30 * (months - n)))
        kind = MeetingType.AGM if n == months // 2 else MeetingType.COMMITTEE if n % 4 == 3 else MeetingType.GENERAL
        title = {MeetingType.AGM: f"Annual general meeting {day.year}",
                 MeetingType.COMMITTEE: f"Committee meeting, {day:%B %Y}"}.get(kind, f"General meeting, {day:%B %Y}")
        detail = meetings.plan(chapter_id, {
            "meeting_type": kind, "title": title, "date": day, "start": "19:00", "end": "21:00",
            "venue": "Trades Club, upstairs room", "chair_id": chair, "minute_taker_id": secretary,
            "next_meeting": f"{_thursday(day + dt.timedelta(days=30)):%A %d/%m/%Y} at 19:00"})
        present = [chair, secretary] + rng.sample(members[2:], min(len(members) - 2, rng.randint(6, 18)))
        others = [m for m in members if m not in present]
        apologies = rng.sample(others, min(len(others), rng.randint(1, 4)))
        kinds = {m: AttendanceKind.PRESENT for m in present} | {m: AttendanceKind.APOLOGIES for m in apologies}
        attendance.record_many(detail.id, kinds, today=today)
        attendance.record(detail.id, present[-1], AttendanceKind.PRESENT, arrived="19:25", today=today)
        for guest in rng.sample(("Dr Amara Osei", "Cllr Jo Whitfield", "Tomás Ó Briain", "李雷"), rng.randint(0, 2)):
            attendance.add_guest(detail.id, guest)
        items = {i.kind: i for i in detail.items}
        ordinary = [i for i in detail.items if i.kind is ItemKind.ORDINARY]
        for item in rng.sample(ordinary, min(2, len(ordinary))):
            meetings.edit_item(detail.id, item.id, notes=rng.choice(NOTES))
        motion_item = items.get(ItemKind.MOTIONS)
        for title_, wording in rng.sample(MOTIONS, rng.randint(1, 3)):
            proposer, seconder = rng.sample(present, 2)
            total = len(present)
            against = rng.randint(0, total // 3)
            abstain = rng.randint(0, 2)
            carried = against < total - against - abstain
            style = rng.random()
            values = {"item_id": motion_item.id if motion_item else None, "title": title_, "wording": wording,
                      "proposer_id": proposer, "seconder_id": seconder}
            if style < 0.2:
                values |= {"result": "carried", "vote_summary": "unanimous"}
            elif style < 0.3:
                values |= {"result": "withdrawn"}
            else:
                values |= {"result": "carried" if carried else "fallen", "votes_for": total - against - abstain,
                           "votes_against": against, "abstentions": abstain}
            recorded = business.add_motion(detail.id, values)
            if rng.random() < 0.3 and len(present) > 3:
                mover, second = rng.sample(present, 2)
                business.add_amendment(recorded.meeting.motions[-1].id, {
                    "wording": "Add at the end: “and report back to the next meeting”.", "mover_id": mover,
                    "seconder_id": second, "result": "carried", "votes_for": len(present) - 1,
                    "votes_against": 0, "abstentions": 1})
        business.add_decision(detail.id, "The treasurer's report was accepted.",
                              next((i.id for i in detail.items if "Treasurer" in i.title), None))
        for what in rng.sample(ACTIONS, rng.randint(1, 3)):
            business.add_action(detail.id, what, rng.choice(present), day + dt.timedelta(days=rng.randint(7, 60)))
        made.append(detail.id)
    # Follow-through: most actions of earlier meetings were done by the meeting after next.
    for action in business.actions(chapter_id, only_open=True):
        closed = action.meeting_date + dt.timedelta(days=rng.randint(20, 75))
        if closed < today - dt.timedelta(days=20) and rng.random() < 0.8:
            business.set_action_status(action.id, ActionStatus.DONE if rng.random() < 0.9 else ActionStatus.DROPPED,
                                       on=closed)
    # Each meeting's minutes were approved at the next one and signed; the latest are circulated.
    for earlier, later in zip(made, made[1:]):
        later_date = meetings.get(later).date
        minutes.circulate(earlier, on=meetings.get(earlier).date + dt.timedelta(days=7))
        minutes.approve(earlier, later, "" if rng.random() < 0.8 else "Item 4: the balance was £412.50, not £41.25.")
        minutes.sign(earlier, "the chair", on=later_date)
    minutes.circulate(made[-1], on=today)
    next_day = _thursday(today + dt.timedelta(days=21))
    upcoming = meetings.plan(chapter_id, {"title": f"General meeting, {next_day:%B %Y}",
                                          "date": next_day, "start": "19:00",
                                          "venue": "Trades Club, upstairs room", "chair_id": chair,
                                          "minute_taker_id": secretary})
    attendance.record_many(upcoming.id, {m: AttendanceKind.APOLOGIES for m in members[2:4]}, today=today)
    return len(made) + 1


def _thursday(day: dt.date) -> dt.date:
    """The Thursday of that week (chapters meet on a weekday evening)."""
    return day - dt.timedelta(days=(day.weekday() - 3) % 7)
