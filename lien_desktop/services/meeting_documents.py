"""Builds the printed documents' plain values (domain.meeting_documents) from the database.

Names are resolved here, and the circulation-copy rule applied: on a circulation copy every member is
shown by initials and a confidential member as "a member" (guests by initials too: being seen at a
LIEN meeting is itself a political opinion).
"""

from __future__ import annotations

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.meetings import MeetingRepository, member_name
from lien_desktop.domain import meeting_documents as doc
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import (
    NETWORK_NAME,
    AttendanceKind,
    ItemKind,
    initials,
    printed_name,
    quorum_statement,
)
from lien_desktop.services.business_helpers import votes_text
from lien_desktop.services.meeting_business import BusinessService


class MeetingDocuments:
    def __init__(self, database: Database):
        self.database = database

    def _load(self, meeting_id: int) -> tuple[v.MeetingDetail, list[v.ActionView]]:
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            meeting = repo.get(meeting_id)
            return repo.detail(meeting), repo.matters_arising(meeting)

    def _approvals(self, meeting_id: int) -> str:
        """What this meeting approved: 'The minutes of the meeting of 12/03/2026 were approved as a true record.'"""
        with self.database.reading() as session:
            approved = MeetingRepository(session).approved_at(meeting_id)
            lines = []
            for m in approved:
                how = (f"approved with these corrections: {m.approval_corrections}" if m.approval_corrections
                       else "approved as a true record")
                lines.append(f"The minutes of the meeting of {m.meeting_date:%d/%m/%Y} ({m.title}) were {how}.")
            return "\n".join(lines)

    def minutes_doc(self, meeting_id: int, circulation: bool = False) -> doc.MinutesDoc:
        meeting, arising = self._load(meeting_id)
        name = _namer(circulation)
        approvals = self._approvals(meeting_id)
        attendees = {kind: tuple(doc.AttendeeDoc(a.name if a.former else name(a.name, a.confidential), a.note)
                                 for a in meeting.with_kind(kind)) for kind in AttendanceKind}
        state = meeting.minutes
        approved = ""
        if state.approved_at_label:
            approved = f"Approved as a true record at {state.approved_at_label}"
            if state.corrections:
                approved = f"Approved at {state.approved_at_label}, with these corrections: {state.corrections}"
        return doc.MinutesDoc(
            header=_header(meeting, name),
            status=state.status,
            present=attendees[AttendanceKind.PRESENT],
            apologies=attendees[AttendanceKind.APOLOGIES],
            absent=attendees[AttendanceKind.ABSENT],
            guests=tuple(doc.AttendeeDoc(initials(g.name) if circulation else g.name) for g in meeting.guests),
            quorum_statement=quorum_statement(meeting.present_count, meeting.quorum_required),
            items=_items(meeting, name, with_business=True, approvals=approvals),
            actions=tuple(_action(a, name, rolled=True) for a in arising)
            + tuple(_action(a, name) for a in meeting.actions),
            next_meeting=meeting.next_meeting,
            fingerprint=state.fingerprint if state.locked else "",
            approved_note=approved,
            addenda=tuple(f"{a.added_on:%d/%m/%Y}: {a.text}" for a in meeting.addenda),
            circulation_copy=circulation,
        )

    def agenda_doc(self, meeting_id: int) -> doc.AgendaDoc:
        meeting, arising = self._load(meeting_id)
        name = _namer(False)
        return doc.AgendaDoc(header=_header(meeting, name), items=_items(meeting, name, with_business=False),
                             matters_arising=tuple(_action(a, name, rolled=True) for a in arising),
                             notes=f"Date of next meeting: {meeting.next_meeting}" if meeting.next_meeting else "")

    def signin_sheet_doc(self, meeting_id: int, blank_guest_rows: int = 10) -> doc.SignInSheetDoc:
        """The chapter's active members (and anyone already recorded), alphabetical, with blank guest rows."""
        meeting, _ = self._load(meeting_id)
        recorded = {a.member_id for a in meeting.attendance}
        with self.database.reading() as session:
            listed = MeetingRepository(session).sign_in_members(meeting.chapter_id, recorded)
            # The sheet lies open at the door: confidential members are not listed by name; they sign on
            # one of the blank rows, of which there is one more for each of them.
            members = tuple(doc.SignInRow(member_name(m), m.branch) for m in listed if not m.confidential)
            hidden = sum(1 for m in listed if m.confidential)
        return doc.SignInSheetDoc(header=_header(meeting, _namer(False)), members=members,
                                  blank_guest_rows=blank_guest_rows + hidden)

    def motions_register_doc(self, chapter_id: int, search: str = "") -> doc.MotionRegisterDoc:
        entries = BusinessService(self.database).motion_register(chapter_id, search)
        with self.database.reading() as session:
            chapter = MeetingRepository(session).chapter_name(chapter_id)
        return doc.MotionRegisterDoc(network=NETWORK_NAME, chapter=chapter, rows=tuple(
            doc.MotionRegisterRow(e.meeting_date, e.meeting_title, e.motion.label, e.motion.title, e.motion.wording,
                                  e.motion.proposer.name, e.motion.seconder.name, e.motion.result.value,
                                  votes_text(e.motion)) for e in entries))


def _namer(circulation: bool):  # type: ignore[no-untyped-def]
    return lambda full, confidential=False: printed_name(full, confidential, circulation)


def _person(person: v.Person | None, name) -> str:  # type: ignore[no-untyped-def]
    if person is not None and person.former:  # "a former member" on every copy (no initials of it)
        return person.name
    return name(person.name, person.confidential) if person else ""


def _header(meeting: v.MeetingDetail, name) -> doc.MeetingHeader:  # type: ignore[no-untyped-def]
    return doc.MeetingHeader(
        network=NETWORK_NAME, chapter=meeting.chapter_name, meeting_type=meeting.meeting_type.label,
        title=meeting.title, date=meeting.date, start=meeting.start, end=meeting.end, venue=meeting.venue,
        online_link=meeting.online_link, chair=_person(meeting.chair, name),
        minute_taker=_person(meeting.minute_taker, name))


def _motion(m: v.MotionView, name) -> doc.MotionDoc:  # type: ignore[no-untyped-def]
    return doc.MotionDoc(
        number=m.label, title=m.title, wording=m.wording, proposer=_person(m.proposer, name),
        seconder=_person(m.seconder, name), result=m.result.value, vote_summary=m.vote_summary.printed,
        votes_for=m.votes.votes_for, votes_against=m.votes.votes_against, abstentions=m.votes.abstentions,
        amendments=tuple(doc.AmendmentDoc(
            wording=a.wording, mover=_person(a.mover, name), seconder=_person(a.seconder, name),
            result=a.result.value, votes_for=a.votes.votes_for, votes_against=a.votes.votes_against,
            abstentions=a.votes.abstentions) for a in m.amendments))


def _items(meeting: v.MeetingDetail, name, with_business: bool,  # type: ignore[no-untyped-def]
           approvals: str = "") -> tuple[doc.AgendaItemDoc, ...]:
    out = []
    for item in meeting.items:
        notes = item.notes if with_business else ""
        if approvals and item.kind is ItemKind.PREVIOUS_MINUTES:  # the record of approval, then any notes
            notes = f"{approvals}\n{notes}".strip()
        out.append(doc.AgendaItemDoc(
            number=item.number, title=item.title, presenter=item.presenter, depth=item.depth, notes=notes,
            decisions=tuple(d.text for d in meeting.decisions if d.item_id == item.id)
            if with_business else (),
            motions=tuple(_motion(m, name) for m in meeting.motions if m.item_id == item.id)
            if with_business else ()))
    if with_business:  # business recorded without an item still prints, under its own heading
        loose_decisions = tuple(d.text for d in meeting.decisions if d.item_id is None)
        loose_motions = tuple(_motion(m, name) for m in meeting.motions if m.item_id is None)
        if loose_decisions or loose_motions:
            out.append(doc.AgendaItemDoc(number=str(sum(1 for i in meeting.items if i.depth == 0) + 1),
                                         title="Other business recorded", decisions=loose_decisions,
                                         motions=loose_motions))
    return tuple(out)


def _action(a: v.ActionView, name, rolled: bool = False) -> doc.ActionDoc:  # type: ignore[no-untyped-def]
    return doc.ActionDoc(number=a.label, what=a.what, owner=_person(a.owner, name), due=a.due, status=a.status.value,
                         from_meeting=f"{a.meeting_date:%d/%m/%Y}" if rolled else "")
