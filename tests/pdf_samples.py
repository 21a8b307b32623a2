"""Realistic meeting documents built straight from the dataclasses (no database), for PDF tests and
benchmarks."""

from __future__ import annotations

import dataclasses
import datetime as dt

from lien_desktop.domain.meeting_documents import (ActionDoc, AgendaDoc, AgendaItemDoc, AmendmentDoc,
                                                   AttendeeDoc, MeetingHeader, MinutesDoc, MinutesStatus,
                                                   MotionDoc, MotionRegisterDoc, MotionRegisterRow,
                                                   SignInRow, SignInSheetDoc)

UNICODE_NAMES = ("Łukasz Wiśniewski", "Siobhán Ní Bhriain", "Llŷr Evans", "Zoë Clarke", "李雷")
FINGERPRINT = "3f9a1c0e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246a"

HEADER = MeetingHeader(
    network="Labour in Exile Network", chapter="Lisbon Chapter", meeting_type="General meeting",
    title="March general meeting", date=dt.date(2026, 3, 12), start=dt.time(19, 0), end=dt.time(21, 15),
    venue="Casa do Alentejo, Rua das Portas de Santo Antão 58, Lisbon", online_link="",
    chair="Siobhán Ní Bhriain", minute_taker="Łukasz Wiśniewski",
)

MOTION_CARRIED = MotionDoc(
    number="M1", title="Solidarity with striking transport workers",
    wording="This chapter resolves to send a message of solidarity to the striking transport workers of "
            "Lisbon and to donate £150 from chapter funds to their hardship fund.",
    proposer="Zoë Clarke", seconder="Llŷr Evans", result="carried",
    votes_for=14, votes_against=3, abstentions=2,
    amendments=(AmendmentDoc(wording="Replace “£150” with “£250”.", mover="Priya Raman",
                             seconder="Tom Okafor", result="fallen", votes_for=5, votes_against=11,
                             abstentions=3),),
)
MOTION_UNANIMOUS = MotionDoc(
    number="M2", title="Affiliation fees", wording="That the chapter pays its affiliation fee for 2026.",
    proposer="Priya Raman", seconder="李雷", result="carried", vote_summary="carried unanimously",
)

ITEMS = (
    AgendaItemDoc("1", "Welcome and apologies", notes="The chair welcomed members and two guests."),
    AgendaItemDoc("2", "Minutes of the previous meeting",
                  notes="The minutes of 12 February were agreed as a true record.",
                  decisions=("The minutes of 12 February 2026 were approved.",)),
    AgendaItemDoc("3", "Reports", presenter="Siobhán Ní Bhriain"),
    AgendaItemDoc("3.1", "Treasurer's report", depth=1, presenter="Tom Okafor",
                  notes="Balance at 28 February: £1,240.55.\nSubscriptions received: 31.\n\n"
                        "Two standing orders lapsed and members were contacted."),
    AgendaItemDoc("3.2", "Secretary's report", depth=1, notes="Membership stands at 48."),
    AgendaItemDoc("4", "Motions", motions=(MOTION_CARRIED, MOTION_UNANIMOUS),
                  decisions=("The secretary will send the message of solidarity by 19 March.",)),
    AgendaItemDoc("5", "Any other business", notes="Zoë Clarke raised the summer social; see action A3."),
)

ACTIONS = (
    ActionDoc("A1", "Send the solidarity message to the transport workers' union", "Łukasz Wiśniewski",
              dt.date(2026, 3, 19), "open"),
    ActionDoc("A2", "Pay the affiliation fee", "Tom Okafor", dt.date(2026, 3, 31), "open"),
    ActionDoc("A3", "Book a venue for the summer social", "Zoë Clarke", None, "done",
              from_meeting="12/02/2026"),
)


def minutes(status: MinutesStatus = MinutesStatus.DRAFT, repeat: int = 1, **changes) -> MinutesDoc:
    """The sample minutes; `repeat` copies the business (renumbered) to make longer documents."""
    items = ITEMS
    if repeat > 1:
        items = tuple(
            dataclasses.replace(item, number=f"{int(item.number.split('.')[0]) + 5 * copy}"
                                + (f".{item.number.split('.')[1]}" if "." in item.number else ""))
            for copy in range(repeat) for item in ITEMS)
    signed = status == MinutesStatus.SIGNED
    doc = MinutesDoc(
        header=HEADER, status=status,
        present=(AttendeeDoc("Siobhán Ní Bhriain"), AttendeeDoc("Łukasz Wiśniewski"),
                 AttendeeDoc("Llŷr Evans", "arrived 19:40"), AttendeeDoc("Zoë Clarke"),
                 AttendeeDoc("李雷", "left 20:30"), AttendeeDoc("Priya Raman"), AttendeeDoc("Tom Okafor")),
        apologies=(AttendeeDoc("Margaret O'Neill"), AttendeeDoc("Dafydd ap Gwilym")),
        absent=(AttendeeDoc("Kevin Marsh"),),
        guests=(AttendeeDoc("Ana Sousa", "Lisbon Trades Council"),),
        quorum_statement="19 of 48 active members were present; the quorum is 10, so the meeting was quorate.",
        items=items, actions=ACTIONS, next_meeting="Thursday 9 April 2026, 19:00, Casa do Alentejo",
        fingerprint=FINGERPRINT if signed else "",
        approved_note="Approved as a true record at the meeting of 09/04/2026."
        if status in (MinutesStatus.APPROVED, MinutesStatus.SIGNED) else "",
    )
    return dataclasses.replace(doc, **changes)


def agenda(**changes) -> AgendaDoc:
    items = tuple(dataclasses.replace(item, notes="", decisions=(), motions=()) for item in ITEMS)
    items = items[:2] + (AgendaItemDoc("3", "Matters arising"),) + tuple(
        dataclasses.replace(item, number=str(int(item.number[0]) + 1) + item.number[1:]) for item in items[2:])
    doc = AgendaDoc(header=HEADER, items=items, matters_arising=ACTIONS[:2],
                    notes="Please send apologies to the secretary before the meeting.")
    return dataclasses.replace(doc, **changes)


def signin_sheet(**changes) -> SignInSheetDoc:
    names = ("Zoë Clarke", "Łukasz Wiśniewski", "Siobhán Ní Bhriain", "Llŷr Evans", "李雷", "Priya Raman",
             "Tom Okafor", "Ana Abreu", "Margaret O'Neill")
    doc = SignInSheetDoc(header=HEADER, members=tuple(SignInRow(name) for name in names),
                         blank_guest_rows=6)
    return dataclasses.replace(doc, **changes)


def motions_register(**changes) -> MotionRegisterDoc:
    rows = (
        MotionRegisterRow(dt.date(2026, 3, 12), "March general meeting", "M1", MOTION_CARRIED.title,
                          MOTION_CARRIED.wording, "Zoë Clarke", "Llŷr Evans", "carried", "14-3-2"),
        MotionRegisterRow(dt.date(2026, 3, 12), "March general meeting", "M2", MOTION_UNANIMOUS.title,
                          MOTION_UNANIMOUS.wording, "Priya Raman", "李雷", "carried", "unanimous"),
        MotionRegisterRow(dt.date(2026, 1, 15), "January general meeting", "M1", "Room booking",
                          "That the chapter books the hall for the year.", "Tom Okafor", "Ana Abreu",
                          "remitted", "7-7-1"),
    )
    doc = MotionRegisterDoc(network=HEADER.network, chapter=HEADER.chapter, rows=rows)
    return dataclasses.replace(doc, **changes)
