"""A year of demo meetings for a chapter: attendance, guests, motions with votes and amendments,
decisions, actions followed through, minutes approved and signed (fingerprinted as signing does).

Written in one transaction, row by row as the services would leave them (every motion is checked with
the same rules: proposer and seconder present and different, no negative votes), so it stays fast on a
chapter of 100,000 members. The same seed and the same `today` give the same history; the meetings
count back from `today` (one a month, on the second Thursday) and the next one is planned ahead."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from lien_desktop.db.engine import Database, Session
from lien_desktop.db.models import ActionItem, Amendment, Attendance, Decision, Guest, Meeting, Motion
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meeting_documents import MinutesStatus
from lien_desktop.domain.meetings import (
    ActionStatus,
    AttendanceKind,
    ItemKind,
    MeetingType,
    MotionResult,
    Votes,
    VoteSummary,
    check_people,
    check_votes,
    default_template,
)
from lien_desktop.services.meeting_minutes import record_approval, record_signature
from lien_desktop.services.meetings import add_template_items

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
VENUE = "Trades Club, upstairs room"
GUESTS = ("Dr Amara Osei", "Cllr Jo Whitfield", "Tomás Ó Briain", "李雷")
PEOPLE_NEEDED = 6
PEOPLE_USED = 200  # the demo meetings draw on the chapter's first active members, not on all 100,000


def fill_meetings_demo(database: Database, chapter_id: int, seed: int = 1, months: int = 12,
                       today: dt.date | None = None) -> int:
    """Add `months` monthly meetings before `today` and one planned after; returns how many."""
    if not 1 <= months <= 120:
        raise LienError("months must be between 1 and 120")
    with database.transaction() as session:
        return _DemoYear(session, chapter_id, random.Random(seed), today or dt.date.today()).make(months)


class _DemoYear:
    def __init__(self, session: Session, chapter_id: int, rng: random.Random, today: dt.date):
        self.session, self.chapter_id, self.rng, self.today = session, chapter_id, rng, today
        self.repo = MeetingRepository(session)
        self.repo.chapter_name(chapter_id)
        self.members = self.repo.first_active_member_ids(chapter_id, PEOPLE_USED)
        if len(self.members) < PEOPLE_NEEDED:
            raise LienError(f"the chapter needs at least {PEOPLE_NEEDED} active members for demo meetings "
                            "(run `demo` first)")
        self.chair, self.secretary = self.members[0], self.members[1]
        # Loaded once: the signatures' fingerprints name the people (no query per attendee).
        self.people = self.repo.members(self.members)
        self.quorum = self.repo.quorum_rule(chapter_id).required(self.repo.active_member_count(chapter_id))

    def make(self, months: int) -> int:
        # The latest meeting is this month's if its day has passed, else last month's; the next is planned.
        latest = 0 if _second_thursday(_month(self.today, 0)) < self.today else -1
        held = [self.held(n, months, _second_thursday(_month(self.today, latest + n - months + 1)))
                for n in range(months)]
        self.follow_through(held)
        for earlier, later in zip(held, held[1:]):  # approved at the next meeting, then signed
            earlier.minutes_status, earlier.circulated_on = MinutesStatus.CIRCULATED, earlier.meeting_date + dt.timedelta(7)
            corrections = "" if self.rng.random() < 0.8 else "Item 4: the balance was £412.50, not £41.25."
            record_approval(earlier, later, corrections)
            record_signature(self.repo, earlier, "the chair", later.meeting_date)
        held[-1].minutes_status, held[-1].circulated_on = MinutesStatus.CIRCULATED, self.today
        upcoming = self.meeting(MeetingType.GENERAL, _second_thursday(_month(self.today, latest + 1)))
        upcoming.attendance += [Attendance(member_id=m, kind=AttendanceKind.APOLOGIES) for m in self.members[2:4]]
        self.session.flush()
        return months + 1

    def meeting(self, kind: MeetingType, day: dt.date) -> Meeting:
        title = {MeetingType.AGM: f"Annual general meeting {day.year}",
                 MeetingType.COMMITTEE: f"Committee meeting, {day:%B %Y}"}.get(kind, f"General meeting, {day:%B %Y}")
        meeting = Meeting(
            uid=str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), chapter_id=self.chapter_id,
            meeting_type=kind, title=title, meeting_date=day, start_time=dt.time(19), end_time=dt.time(21),
            venue=VENUE, chair_id=self.chair, minute_taker_id=self.secretary, quorum_required=self.quorum,
            next_meeting=f"{_second_thursday(_month(day, 1)):%A %d/%m/%Y} at 19:00",
            attendance=[], guests=[], decisions=[], motions=[], actions=[], addenda=[])  # new: nothing to load
        self.session.add(meeting)
        add_template_items(self.session, meeting, default_template(kind))
        return meeting

    def held(self, n: int, months: int, day: dt.date) -> Meeting:
        rng = self.rng
        kind = MeetingType.AGM if n == months // 2 else MeetingType.COMMITTEE if n % 4 == 3 else MeetingType.GENERAL
        meeting = self.meeting(kind, day)
        others = self.members[2:]
        present = [self.chair, self.secretary] + rng.sample(others, min(len(others), rng.randint(6, 18)))
        absent = [m for m in self.members if m not in present]
        apologies = rng.sample(absent, min(len(absent), rng.randint(1, 4)))
        meeting.attendance += [Attendance(member_id=m, kind=AttendanceKind.PRESENT,
                                          arrived_at=dt.time(19, 25) if m == present[-1] else None) for m in present]
        meeting.attendance += [Attendance(member_id=m, kind=AttendanceKind.APOLOGIES) for m in apologies]
        meeting.guests += [Guest(name=name) for name in rng.sample(GUESTS, rng.randint(0, 2))]
        ordinary = [i for i in meeting.items if i.kind is ItemKind.ORDINARY]
        for item in rng.sample(ordinary, min(2, len(ordinary))):
            item.notes = rng.choice(NOTES)
        motion_item = next((i.id for i in meeting.items if i.kind is ItemKind.MOTIONS), None)
        for number, (title, wording) in enumerate(rng.sample(MOTIONS, rng.randint(1, 3)), start=1):
            meeting.motions.append(self.motion(number, motion_item, title, wording, present))
        treasurer = next((i.id for i in meeting.items if "Treasurer" in i.title), None)
        meeting.decisions.append(Decision(number=1, item_id=treasurer, text="The treasurer's report was accepted."))
        for number, what in enumerate(rng.sample(ACTIONS, rng.randint(1, 3)), start=1):
            meeting.actions.append(ActionItem(number=number, what=what, owner_id=rng.choice(present),
                                              due_on=meeting.meeting_date + dt.timedelta(days=rng.randint(7, 60))))
        return meeting

    def motion(self, number: int, item_id: int | None, title: str, wording: str, present: list[int]) -> Motion:
        rng = self.rng
        proposer, seconder = rng.sample(present, 2)
        total = len(present)
        against, abstain = rng.randint(0, total // 3), rng.randint(0, 2)
        style = rng.random()
        votes, summary = Votes(), VoteSummary.COUNTED
        if style < 0.2:
            result, summary = MotionResult.CARRIED, VoteSummary.UNANIMOUS
        elif style < 0.3:
            result = MotionResult.WITHDRAWN
        else:
            result = MotionResult.CARRIED if against < total - against - abstain else MotionResult.FALLEN
            votes = Votes(total - against - abstain, against, abstain)
        self.check([("proposer", proposer), ("seconder", seconder)], present, votes, summary, result)
        motion = Motion(number=number, item_id=item_id, title=title, wording=wording, proposer_id=proposer,
                        seconder_id=seconder, result=result, vote_summary=summary, votes_for=votes.votes_for,
                        votes_against=votes.votes_against, abstentions=votes.abstentions, amendments=[])
        if rng.random() < 0.3 and total > 3:
            mover, second = rng.sample(present, 2)
            votes = Votes(total - 1, 0, 1)
            self.check([("mover", mover), ("seconder", second)], present, votes, VoteSummary.COUNTED,
                       MotionResult.CARRIED)
            motion.amendments.append(Amendment(
                position=1, wording="Add at the end: “and report back to the next meeting”.", mover_id=mover,
                seconder_id=second, result=MotionResult.CARRIED, votes_for=votes.votes_for,
                votes_against=votes.votes_against, abstentions=votes.abstentions))
        return motion

    @staticmethod
    def check(roles: list[tuple[str, int]], present: list[int], votes: Votes, summary: VoteSummary,
              result: MotionResult) -> None:
        """The rules the services apply to a motion or amendment (a demo breaking them is a bug)."""
        problems = check_people(roles, set(present), set(present))
        problems.update(check_votes(votes, summary, result, len(present))[0])
        assert not problems, problems

    def follow_through(self, held: list[Meeting]) -> None:
        """Most actions were done (a few dropped) by the meeting after next; recent ones are still open."""
        for meeting, action in ((m, a) for m in held for a in m.actions):
            closed = meeting.meeting_date + dt.timedelta(days=self.rng.randint(20, 75))
            if closed < self.today - dt.timedelta(days=20) and self.rng.random() < 0.8:
                action.status = ActionStatus.DONE if self.rng.random() < 0.9 else ActionStatus.DROPPED
                action.closed_on = closed


def _month(day: dt.date, offset: int) -> dt.date:
    """The first of the month `offset` months after (or before) `day`'s."""
    index = day.year * 12 + day.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def _second_thursday(first: dt.date) -> dt.date:
    """Chapters meet on a weekday evening: the second Thursday of the month."""
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7)
