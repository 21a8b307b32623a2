"""The minutes' lifecycle: draft → circulated → approved at a later meeting (as a true record, or with
corrections that are recorded) → signed and locked, with a SHA-256 fingerprint; addenda afterwards."""

from __future__ import annotations

import datetime as dt

from lien_desktop.db.engine import Database
from lien_desktop.db.models import Addendum, Meeting
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.meeting_documents import MinutesStatus, SignatureCheck, check_signature
from lien_desktop.domain.text import clean
from lien_desktop.services.meeting_archive import fingerprint_of, meeting_to_dict
from lien_desktop.services.meetings import editable, meeting_label


def signature_check(repo: MeetingRepository, meeting: Meeting) -> SignatureCheck:
    if meeting.minutes_status != MinutesStatus.SIGNED:
        return SignatureCheck.UNSIGNED
    return check_signature(True, fingerprint_of(meeting_to_dict(repo, meeting)), meeting.fingerprint,
                           tuple(a.redacted_fingerprint for a in meeting.addenda))


def record_approval(meeting: Meeting, later: Meeting, corrections: str) -> None:
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_at_meeting_id = later.id
    meeting.approved_at_label = f"the meeting of {later.meeting_date:%d/%m/%Y} ({clean(later.title)})"
    meeting.approved_on = later.meeting_date
    meeting.approval_corrections = corrections


def record_signature(repo: MeetingRepository, meeting: Meeting, signed_by: str, on: dt.date) -> None:
    """Lock the minutes: the fingerprint of their content (as it is now, flushed) is kept with them."""
    meeting.fingerprint = fingerprint_of(meeting_to_dict(repo, meeting))
    meeting.minutes_status = MinutesStatus.SIGNED
    meeting.signed_by = signed_by[:200]
    meeting.signed_on = on


class MinutesService:
    def __init__(self, database: Database):
        self.database = database

    def circulate(self, meeting_id: int, on: dt.date | None = None) -> v.MeetingDetail:
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            if meeting.minutes_status != MinutesStatus.DRAFT:
                raise LienError(f"the minutes of {meeting_label(meeting)} are already {meeting.minutes_status.value}")
            meeting.minutes_status = MinutesStatus.CIRCULATED
            meeting.circulated_on = on or dt.date.today()
            session.flush()
            return repo.detail(meeting)

    def approve(self, meeting_id: int, at_meeting_id: int, corrections: str = "") -> v.MeetingDetail:
        """Approved by a later meeting of the same chapter; corrections (if any) are kept on record."""
        corrections = corrections.strip()
        if len(corrections) > 20_000:
            raise ValidationError({"corrections": "are too long (at most 20,000 characters)"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            if meeting.minutes_status != MinutesStatus.CIRCULATED:
                raise LienError(f"the minutes of {meeting_label(meeting)} are {meeting.minutes_status.value}: "
                                "they are approved after being circulated")
            later = repo.get(at_meeting_id)
            if later.chapter_id != meeting.chapter_id or later.meeting_date <= meeting.meeting_date:
                raise LienError("minutes are approved at a later meeting of the same chapter")
            record_approval(meeting, later, corrections)
            session.flush()
            return repo.detail(meeting)

    def sign(self, meeting_id: int, signed_by: str, on: dt.date | None = None) -> v.MeetingDetail:
        """Sign approved minutes: from now on they are locked and their fingerprint is stored."""
        signed_by = clean(signed_by)
        if not signed_by:
            raise ValidationError({"signed_by": "say who signs (the chair)"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = editable(repo.get(meeting_id))
            if meeting.minutes_status != MinutesStatus.APPROVED:
                raise LienError(f"the minutes of {meeting_label(meeting)} are {meeting.minutes_status.value}: "
                                "only approved minutes can be signed")
            record_signature(repo, meeting, signed_by, on or dt.date.today())
            session.flush()
            return repo.detail(meeting)

    def check(self, meeting_id: int) -> SignatureCheck:
        """Intact, redacted after signing (an erasure's addendum says so), altered, or not signed."""
        with self.database.reading() as session:
            repo = MeetingRepository(session)
            return signature_check(repo, repo.get(meeting_id))

    def verify(self, meeting_id: int) -> bool:
        """Are the signed minutes as signed, or redacted by an erasure only (see SignatureCheck)?"""
        return self.check(meeting_id).accepted

    def add_addendum(self, meeting_id: int, text: str, on: dt.date | None = None) -> v.MeetingDetail:
        """A later correction to signed minutes, dated; the signed text is left as it was."""
        text = text.strip()
        if not text:
            raise ValidationError({"addendum": "an addendum needs its text"})
        with self.database.transaction() as session:
            repo = MeetingRepository(session)
            meeting = repo.get(meeting_id)
            if meeting.minutes_status != MinutesStatus.SIGNED:
                raise LienError("addenda are for signed minutes; until then, correct the minutes themselves")
            meeting.addenda.append(Addendum(text=text, added_on=on or dt.date.today()))
            session.flush()
            return repo.detail(meeting)
