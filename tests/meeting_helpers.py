"""Shared set-up for the meetings tests: a chapter with named members and a held meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lien_desktop.domain import meeting_views as v
from lien_desktop.services.meeting_attendance import AttendanceService
from lien_desktop.services.meeting_business import BusinessService
from lien_desktop.services.meeting_minutes import MinutesService
from lien_desktop.services.meetings import MeetingService
from lien_desktop.services.members import MemberService

PEOPLE = (
    {"first_name": "Siân", "last_name": "Evans", "labour_membership_number": "L1000001"},
    {"first_name": "Łukasz", "last_name": "Wiśniewski", "email": "lukasz@example.org"},
    {"first_name": "Siobhán", "last_name": "Ní Bhriain"},
    {"first_name": "Zoë", "last_name": "Brontë", "email": "zoe@example.org"},
    {"first_name": "Llŷr", "last_name": "Jones", "confidential": True, "email": "llyr@example.org"},
    {"first_name": "李", "last_name": "雷", "email": "li@example.org"},
)


@dataclass
class World:
    database: object
    chapter_id: int
    members: list[int]
    meetings: MeetingService
    attendance: AttendanceService
    business: BusinessService
    minutes: MinutesService

    def held_meeting(self, title: str = "March general meeting", date: dt.date = dt.date(2026, 3, 12),
                     present: int = 4) -> v.MeetingDetail:
        detail = self.meetings.plan(self.chapter_id, {"title": title, "date": date, "start": "19:00",
                                                      "venue": "Trades Club", "chair_id": self.members[0],
                                                      "minute_taker_id": self.members[1]})
        for member_id in self.members[:present]:
            self.attendance.check_in(detail.id, member_id)
        return self.meetings.get(detail.id)


def make_world(database, chapter_id: int) -> World:
    service = MemberService(database)
    members = [service.add(chapter_id, person).id for person in PEOPLE]
    return World(database, chapter_id, members, MeetingService(database), AttendanceService(database),
                 BusinessService(database), MinutesService(database))


def item(detail: v.MeetingDetail, number: str) -> v.ItemView:
    return next(i for i in detail.items if i.number == number)
