"""What the meetings hold about one member: the queries of subject access and erasure
(services/meetings_data.py keeps what is shown and how the minutes are redacted).

Rows are ORM objects used only inside the caller's transaction (erasure changes them in place).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import ActionItem, Amendment, Attendance, Meeting, Motion


class MeetingDataRepository:
    def __init__(self, session: Session):
        self.session = session

    # --- where the member appears --------------------------------------------------------------

    def attendance_with_meetings(self, member_id: int) -> list[tuple[Attendance, Meeting]]:
        return [(a, m) for a, m in self.session.execute(
            select(Attendance, Meeting).join(Meeting, Attendance.meeting_id == Meeting.id)
            .where(Attendance.member_id == member_id)).all()]

    def meetings_chaired_or_minuted(self, member_id: int) -> list[Meeting]:
        return list(self.session.scalars(select(Meeting).where(
            or_(Meeting.chair_id == member_id, Meeting.minute_taker_id == member_id))))

    def motions_proposed_or_seconded(self, member_id: int) -> list[tuple[Motion, Meeting]]:
        return [(motion, meeting) for motion, meeting in self.session.execute(
            select(Motion, Meeting).join(Meeting, Motion.meeting_id == Meeting.id)
            .where(or_(Motion.proposer_id == member_id, Motion.seconder_id == member_id)))]

    def amendments_moved_or_seconded(self, member_id: int) -> list[tuple[Amendment, Motion, Meeting]]:
        return [(amendment, motion, meeting) for amendment, motion, meeting in self.session.execute(
            select(Amendment, Motion, Meeting).join(Motion, Amendment.motion_id == Motion.id)
            .join(Meeting, Motion.meeting_id == Meeting.id)
            .where(or_(Amendment.mover_id == member_id, Amendment.seconder_id == member_id)))]

    def actions_owned(self, member_id: int) -> list[tuple[ActionItem, Meeting]]:
        """By meeting date, then action number."""
        return [(action, meeting) for action, meeting in self.session.execute(
            select(ActionItem, Meeting).join(Meeting, ActionItem.meeting_id == Meeting.id)
            .where(ActionItem.owner_id == member_id).order_by(Meeting.meeting_date, ActionItem.number))]

    def meeting_ids_naming(self, member_id: int) -> set[int]:
        """The meetings with the member in a row: attendance, chair or minute taker, motion, amendment, action."""
        ids: set[int] = set(self.session.scalars(
            select(Attendance.meeting_id).where(Attendance.member_id == member_id)))
        ids |= set(self.session.scalars(select(Meeting.id).where(
            or_(Meeting.chair_id == member_id, Meeting.minute_taker_id == member_id))))
        ids |= set(self.session.scalars(select(Motion.meeting_id).where(
            or_(Motion.proposer_id == member_id, Motion.seconder_id == member_id))))
        ids |= set(self.session.scalars(select(Motion.meeting_id).join(Amendment, Amendment.motion_id == Motion.id)
                                        .where(or_(Amendment.mover_id == member_id,
                                                   Amendment.seconder_id == member_id))))
        ids |= set(self.session.scalars(select(ActionItem.meeting_id).where(ActionItem.owner_id == member_id)))
        return ids

    # --- rows erasure changes ------------------------------------------------------------------

    def attendance_of(self, member_id: int) -> list[Attendance]:
        return list(self.session.scalars(select(Attendance).where(Attendance.member_id == member_id)).all())

    def rows_with(self, model: type, column: str, member_id: int) -> list:  # type: ignore[type-arg]
        """The rows of `model` whose member column `column` (proposer_id, owner_id...) is this member."""
        return list(self.session.scalars(select(model).where(getattr(model, column) == member_id)).all())

    def every_row(self, model: type) -> Iterable:  # type: ignore[type-arg]
        """Every row of a meetings table (to search its free text), read as they are iterated."""
        return self.session.scalars(select(model))

    def meeting_id_of(self, row: object) -> int:
        """The meeting a row of a meetings table belongs to (an amendment's through its motion)."""
        if isinstance(row, Amendment):
            motion = self.session.get(Motion, row.motion_id)
            assert motion is not None
            return motion.meeting_id
        return row.meeting_id  # type: ignore[attr-defined]
