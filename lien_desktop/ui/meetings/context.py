"""The meeting being worked on, shared by the meeting screens: services, the current snapshot, and
one way to make a change (a refusal becomes a message; the screens refresh from the new snapshot)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from lien_desktop.db.engine import Database
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError
from lien_desktop.services.meeting_attendance import AttendanceService
from lien_desktop.services.meeting_business import BusinessService, Recorded
from lien_desktop.services.meeting_minutes import MinutesService
from lien_desktop.services.meetings import MeetingService

log = logging.getLogger(__name__)


class MeetingContext(QObject):
    changed = Signal(object)  # MeetingDetail (or None when no meeting is open)
    message = Signal(str, bool)  # text, is_problem

    def __init__(self, database: Database, chapter_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.chapter_id = chapter_id
        self.meetings = MeetingService(database)
        self.attendance = AttendanceService(database)
        self.business = BusinessService(database)
        self.minutes = MinutesService(database)
        self.detail: v.MeetingDetail | None = None

    @property
    def locked(self) -> bool:
        return self.detail is not None and self.detail.locked

    def open(self, meeting_id: int | None) -> None:
        self.detail = self.meetings.get(meeting_id) if meeting_id is not None else None
        self.changed.emit(self.detail)

    def refresh(self) -> None:
        if self.detail is not None:
            self.open(self.detail.id)

    def change(self, action: Callable[[], Any], done: str = "") -> bool:
        """Run a service call; show its refusal (LienError) as a message. True if it was made."""
        try:
            result = action()
        except LienError as exc:
            self.message.emit(str(exc), True)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug: logged, and the user told in one line
            log.exception("meeting change failed")
            self.message.emit(f"Unexpected error: {exc.__class__.__name__}: {exc}", True)
            return False
        warnings: tuple[str, ...] = ()
        if isinstance(result, Recorded):
            warnings, result = result.warnings, result.meeting
        if isinstance(result, v.MeetingDetail):
            self.detail = result
            self.changed.emit(result)
        else:
            self.refresh()
        text = "; ".join(w.capitalize() for w in warnings) if warnings else done
        if text:
            self.message.emit(f"Warning: {text}" if warnings else text, bool(warnings))
        return True
