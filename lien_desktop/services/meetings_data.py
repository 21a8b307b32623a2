"""Meetings' part in subject access and erasure (see services/personal_data.py).

Subject access: the meetings a person attended (or chaired, or took the minutes of), the motions and
amendments they proposed, seconded or moved, and the actions they own.

Erasure (UK GDPR Art. 17) keeps the minutes intact as a record of the chapter's business:
- their attendance rows are deleted, and the meeting counts one more former member present (or with
  apologies, or absent), so the minutes still list "a former member" and say whether it was quorate;
- as proposer, seconder, mover, action owner, chair or minute taker they become NULL, which every
  view, print and archive shows as "a former member";
- their name (first or preferred name with the last name, with and without accents, and their email)
  is replaced by "a former member" in every text of every meeting (notes, decisions, motions,
  amendments, actions, guests, titles, addenda...), and in the audit entries of meetings tables;
- signed minutes stay signed: the signature and the stored fingerprint are left as they were, and an
  addendum records the redaction with the fingerprint of the redacted content, so that verification
  says "redacted after signing, see addendum" (domain.meeting_documents.SignatureCheck). If the minutes
  no longer matched their signature before the erasure, the addendum carries no fingerprint: an erasure
  never makes altered minutes look genuine.

Runs at erase_order 10, while the member row still exists (the name is read from it). Works on the
caller's session and does not commit.
"""

from __future__ import annotations

import datetime as dt
import re

from lien_desktop.db.audit import MEETINGS_TABLES
from lien_desktop.db.engine import Session
from lien_desktop.db.models import (
    ActionItem,
    Addendum,
    AgendaItem,
    Amendment,
    Decision,
    Guest,
    Meeting,
    Member,
    Motion,
)
from lien_desktop.db.repositories.audit import AuditRepository
from lien_desktop.db.repositories.meeting_data import MeetingDataRepository
from lien_desktop.db.repositories.meetings import MeetingRepository
from lien_desktop.domain.data_protection import FORMER_MEMBER, Section
from lien_desktop.domain.meeting_documents import MinutesStatus, check_signature
from lien_desktop.domain.meetings import ActionStatus, AttendanceKind, MotionResult, attendance_note
from lien_desktop.domain.text import clean
from lien_desktop.domain.validation import format_uk_date
from lien_desktop.services.meeting_archive import fingerprint_of, meeting_to_dict

# Every free-text column of the meetings tables (uid, fingerprints and enums hold no names).
TEXT_COLUMNS: dict[type, tuple[str, ...]] = {
    Meeting: ("title", "venue", "online_link", "next_meeting", "approved_at_label", "approval_corrections",
              "signed_by"),
    AgendaItem: ("title", "presenter", "notes"),
    Guest: ("name",),
    Decision: ("text",),
    Motion: ("title", "wording"),
    Amendment: ("wording",),
    ActionItem: ("what",),
    Addendum: ("text",),
}


def redaction_addendum_text(on: dt.date) -> str:
    return f"On {format_uk_date(on)} personal data of a former member was redacted (UK GDPR Art. 17)."


def name_forms(member: Member) -> list[str]:
    """How the minutes may write this person: first or preferred name with the last name, as typed and
    without accents (anyascii), plus their email address. Longest first."""
    from anyascii import anyascii

    forms: list[str] = []
    for first in (member.first_name, member.preferred_name):
        full = clean(f"{first or ''} {member.last_name or ''}")
        if first and full:
            forms += [full, anyascii(full)]
    if member.email:
        forms.append(member.email.strip())
    return sorted({f for f in forms if len(f.strip()) >= 3}, key=len, reverse=True)


def name_pattern(forms: list[str]) -> re.Pattern[str] | None:
    """Case-insensitive; any run of white space between the words; not inside a longer word."""
    if not forms:
        return None
    parts = [r"\s+".join(re.escape(w) for w in f.split()) for f in forms]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _motion_name(motion: Motion) -> str:
    return f"M{motion.number}" + (f" {motion.title}" if motion.title else "")


def _label(value: object) -> str:
    return getattr(value, "label", str(value))


class MeetingsProvider:
    name = "meetings"
    erase_order = 10  # before the register (50) deletes the member row: the name is read from it

    # --- subject access -------------------------------------------------------------------------

    def collect(self, session: Session, member_id: int) -> list[Section]:
        return [s for s in (self._attended(session, member_id), self._motions(session, member_id),
                            self._actions(session, member_id)) if s.rows]

    def _attended(self, session: Session, member_id: int) -> Section:
        section = Section("Meetings attended", ("Date", "Meeting", "Attendance", "Note"), position=40,
                          note="Meetings of the chapter at which the person's attendance or a role was recorded.",
                          weights=(0.8, 2.2, 0.9, 1.6))
        rows: dict[int, list[str]] = {}
        held = MeetingDataRepository(session)
        found = held.attendance_with_meetings(member_id)
        meetings = {m.id: m for _, m in found}
        for attendance, meeting in found:
            rows[meeting.id] = [_label(AttendanceKind(attendance.kind)),
                                attendance_note(attendance.arrived_at, attendance.left_at)]
        for meeting in held.meetings_chaired_or_minuted(member_id):
            meetings[meeting.id] = meeting
            row = rows.setdefault(meeting.id, ["(not recorded)", ""])
            roles = [r for r, who in (("chair", meeting.chair_id), ("minute taker", meeting.minute_taker_id))
                     if who == member_id]
            row[1] = "; ".join(x for x in (row[1], ", ".join(roles)) if x)
        for meeting in sorted(meetings.values(), key=lambda m: (m.meeting_date, m.id)):
            section.rows.append((format_uk_date(meeting.meeting_date), meeting.title, *rows[meeting.id]))
        return section

    def _motions(self, session: Session, member_id: int) -> Section:
        section = Section("Motions proposed or seconded", ("Date", "Meeting", "Motion", "Role", "Outcome"),
                          position=45, weights=(0.8, 1.6, 2.2, 1.2, 0.8))
        found: list[tuple[Meeting, str, str, str]] = []
        held = MeetingDataRepository(session)
        for motion, meeting in held.motions_proposed_or_seconded(member_id):
            role = "proposer" if motion.proposer_id == member_id else "seconder"
            if motion.proposer_id == member_id and motion.seconder_id == member_id:
                role = "proposer and seconder"
            found.append((meeting, _motion_name(motion), role, _label(MotionResult(motion.result))))
        for amendment, motion, meeting in held.amendments_moved_or_seconded(member_id):
            role = "mover of the amendment" if amendment.mover_id == member_id else "seconder of the amendment"
            found.append((meeting, f"Amendment {amendment.position} to {_motion_name(motion)}: {amendment.wording}",
                           role, _label(MotionResult(amendment.result))))
        for meeting, what, role, outcome in sorted(found, key=lambda r: (r[0].meeting_date, r[0].id, r[1])):
            section.rows.append((format_uk_date(meeting.meeting_date), meeting.title, what, role, outcome))
        return section

    def _actions(self, session: Session, member_id: int) -> Section:
        section = Section("Actions", ("Action", "Meeting", "Due", "Status"), position=50,
                          weights=(2.5, 1.6, 0.8, 0.8))
        for action, meeting in MeetingDataRepository(session).actions_owned(member_id):
            status = _label(ActionStatus(action.status))
            if action.closed_on:
                status += f" ({format_uk_date(action.closed_on)})"
            section.rows.append((f"A{action.number}: {action.what}",
                                 f"{format_uk_date(meeting.meeting_date)} {meeting.title}",
                                 format_uk_date(action.due_on) if action.due_on else "", status))
        return section

    # --- erasure --------------------------------------------------------------------------------

    def erase(self, session: Session, member_id: int) -> int:
        member = session.get(Member, member_id)
        if member is None:
            return 0
        forms = name_forms(member)
        pattern = name_pattern(forms)
        repo = MeetingRepository(session)
        # Signed minutes are checked before anything changes (the person is still in the register).
        touched = self._meetings_involving(session, member_id, pattern)
        before = {}
        for meeting_id in touched:
            meeting = repo.get(meeting_id)
            if meeting.minutes_status == MinutesStatus.SIGNED:
                before[meeting_id] = check_signature(
                    True, fingerprint_of(meeting_to_dict(repo, meeting)), meeting.fingerprint,
                    tuple(a.redacted_fingerprint for a in meeting.addenda)).accepted
        count = self._unlink(session, member_id)
        count += self._scrub_texts(session, pattern)
        session.flush()
        today = dt.date.today()
        for meeting_id, was_genuine in before.items():
            session.expire_all()
            meeting = repo.get(meeting_id)
            redacted = fingerprint_of(meeting_to_dict(repo, meeting))
            meeting.addenda.append(Addendum(text=redaction_addendum_text(today), added_on=today,
                                            redacted_fingerprint=redacted if was_genuine else ""))
            count += 1
        session.flush()
        AuditRepository(session).redact_text(MEETINGS_TABLES, forms, FORMER_MEMBER)
        return count

    def _meetings_involving(self, session: Session, member_id: int, pattern: re.Pattern[str] | None) -> set[int]:
        held = MeetingDataRepository(session)
        ids = held.meeting_ids_naming(member_id)
        if pattern is not None:
            for model, columns in TEXT_COLUMNS.items():
                for row in held.every_row(model):
                    if any(pattern.search(getattr(row, c) or "") for c in columns):
                        ids.add(row.id if model is Meeting else held.meeting_id_of(row))
        return ids

    def _unlink(self, session: Session, member_id: int) -> int:
        held = MeetingDataRepository(session)
        count = 0
        for attendance in held.attendance_of(member_id):
            # The row goes; the count stays, so the minutes still show how many came (and the quorum).
            meeting = session.get(Meeting, attendance.meeting_id)
            assert meeting is not None
            column = f"former_{AttendanceKind(attendance.kind).value}"
            setattr(meeting, column, (getattr(meeting, column) or 0) + 1)
            session.delete(attendance)
            count += 1
        for model, columns in ((Motion, ("proposer_id", "seconder_id")), (Amendment, ("mover_id", "seconder_id")),
                               (ActionItem, ("owner_id",)), (Meeting, ("chair_id", "minute_taker_id"))):
            for column in columns:
                for row in held.rows_with(model, column, member_id):
                    setattr(row, column, None)
                    if model is Meeting:  # optional roles: remember that someone held it ("a former member")
                        setattr(row, column.replace("_id", "_erased"), True)
                    count += 1
        return count

    def _scrub_texts(self, session: Session, pattern: re.Pattern[str] | None) -> int:
        if pattern is None:
            return 0
        held = MeetingDataRepository(session)
        count = 0
        for model, columns in TEXT_COLUMNS.items():
            for row in held.every_row(model):
                changed = False
                for column in columns:
                    value = getattr(row, column) or ""
                    new = pattern.sub(FORMER_MEMBER, value)
                    if new != value:
                        setattr(row, column, new)
                        changed = True
                count += changed
        return count


PROVIDERS = [MeetingsProvider()]
