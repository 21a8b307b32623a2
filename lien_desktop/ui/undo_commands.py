"""Undoable changes to the register: QUndoCommands that call MemberService.

Every command does its work in redo() (so `QUndoStack.push` performs it) and exposes `member_ids`, the
members it touches; the owner of the stack refreshes those rows on `QUndoStack.indexChanged`.

When the service refuses (a LienError: invalid value, a member removed meanwhile...) or anything else
fails inside redo() or undo(), the command must not leave the stack claiming something happened that
did not. It therefore:
- stores the error in `command.error` and marks itself obsolete (`setObsolete(True)`), which makes
  QUndoStack drop it: a refused push never lands on the stack, a refused undo removes the command;
- emits `command_errors.refused(text, message)` so the window can tell the secretary.
The service works in one transaction per call, so a refused call has changed nothing in the database.
Use `push_command(stack, command)` to push and learn at once whether it was refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from lien_desktop.domain.errors import LienError, field_label
from lien_desktop.domain.member_changes import MemberChange, lower_label
from lien_desktop.domain.members import Consent, OfficerPost, StandingEvent, StandingKind
from lien_desktop.services.members import MemberService

log = logging.getLogger(__name__)


class CommandErrors(QObject):
    """Where refused undo/redo steps are announced: refused(command text, message for the secretary)."""

    refused = Signal(str, str)


command_errors = CommandErrors()


def push_command(stack: QUndoStack, command: MemberCommand) -> LienError | None:
    """Push (which runs redo); return the refusal, or None when the change was made and is on the stack."""
    stack.push(command)
    return command.error


class MemberCommand(QUndoCommand):
    """Base: runs the work, turns a refusal into an obsolete command plus a message.

    Each command defines `do_redo` and `do_undo` (the change and its reverse, through the service).
    """

    do_redo: Callable[[], None]
    do_undo: Callable[[], None]

    def __init__(self, member_service: MemberService, text: str = ""):
        super().__init__(text)
        self.service = member_service
        self.error: LienError | None = None
        self.member_ids: tuple[int, ...] = ()

    def redo(self) -> None:
        self._guard(self.do_redo)

    def undo(self) -> None:
        self._guard(self.do_undo)

    def _guard(self, work) -> None:  # type: ignore[no-untyped-def]
        self.error = None
        try:
            work()
        except LienError as exc:
            self._refuse(exc)
        except Exception as exc:  # a bug: log it with its traceback, still keep the stack honest
            log.exception("undo command %r failed", self.text())
            self._refuse(LienError(f"could not {lower_label(self.text())}: {exc} (details in the log)"))

    def _refuse(self, error: LienError) -> None:
        self.error = error
        self.setObsolete(True)
        command_errors.refused.emit(self.text(), str(error))

    def _name(self, member_id: int) -> str:
        try:
            return self.service.get(member_id).display_name or f"member {member_id}"
        except LienError:
            return f"member {member_id}"


def _fields_text(names: object) -> str:
    return ", ".join(lower_label(field_label(str(n))) for n in names)  # type: ignore[attr-defined]


class AddMemberCommand(MemberCommand):
    """Redo: add (the first time) or restore (after an undo, same id). Undo: remove (soft)."""

    def __init__(self, member_service: MemberService, chapter_id: int, values: Mapping[str, object],
                 details: MemberChange | None = None):
        first = str(values.get("preferred_name") or values.get("first_name") or "").strip()
        name = f"{first} {str(values.get('last_name') or '').strip()}".strip() or "member"
        super().__init__(member_service, f"Add {name}")
        self.chapter_id = chapter_id
        self.values = dict(values)
        self.details = details
        self.member_id: int | None = None

    def do_redo(self) -> None:
        if self.member_id is None:
            if self.details is not None and not self.details.is_empty():
                record = self.service.add_with_change(self.chapter_id, self.values, self.details)
            else:
                record = self.service.add(self.chapter_id, self.values)
            self.member_id = record.id
            self.member_ids = (record.id,)
        else:
            self.service.restore(self.member_id)

    def do_undo(self) -> None:
        assert self.member_id is not None
        self.service.remove(self.member_id)


class EditMemberCommand(MemberCommand):
    """Redo: update and remember the values replaced. Undo: put them back."""

    def __init__(self, member_service: MemberService, member_id: int, new_values: Mapping[str, object],
                 old_values: Mapping[str, object] | None = None):
        super().__init__(member_service)
        self.member_id = member_id
        self.member_ids = (member_id,)
        self.new_values = dict(new_values)
        self.old_values = dict(old_values) if old_values is not None else None
        self.setText(f"Edit {self._name(member_id)}: {_fields_text(self.new_values)}")

    def do_redo(self) -> None:
        self.old_values = self.service.update(self.member_id, self.new_values)

    def do_undo(self) -> None:
        assert self.old_values is not None
        self.service.update(self.member_id, self.old_values)


class RemoveMemberCommand(MemberCommand):
    """Redo: remove (soft: the member is hidden, not erased). Undo: restore."""

    def __init__(self, member_service: MemberService, member_id: int):
        super().__init__(member_service)
        self.member_id = member_id
        self.member_ids = (member_id,)
        self.setText(f"Remove {self._name(member_id)}")

    def do_redo(self) -> None:
        self.service.remove(self.member_id)

    def do_undo(self) -> None:
        self.service.restore(self.member_id)


class RecordStandingCommand(MemberCommand):
    """Append a Labour standing event. Undo retracts exactly that event (the timeline is append-only)."""

    def __init__(self, member_service: MemberService, member_id: int, kind: StandingKind | str,
                 date: dt.date | str, note: str = ""):
        super().__init__(member_service)
        self.member_id = member_id
        self.member_ids = (member_id,)
        self.kind, self.date, self.note = kind, date, note
        self.event: StandingEvent | None = None
        try:
            label = StandingKind(kind).label
        except ValueError:
            label = str(kind)
        self.setText(f"Record “{label}” for {self._name(member_id)}")

    def do_redo(self) -> None:
        self.event = self.service.record_standing(self.member_id, self.kind, self.date, self.note)

    def do_undo(self) -> None:
        assert self.event is not None and self.event.id is not None
        self.service.retract_standing(self.member_id, self.event.id)


class ChangeMemberCommand(MemberCommand):
    """Any MemberChange (fields, consents, posts, standing events) in one transaction; undo applies the
    inverse the service handed back, and redo after that applies the inverse of the inverse."""

    def __init__(self, member_service: MemberService, member_id: int, change: MemberChange, text: str = ""):
        super().__init__(member_service)
        self.member_id = member_id
        self.member_ids = (member_id,)
        self.change = change
        self.inverse: MemberChange | None = None
        self.setText(text or f"Edit {self._name(member_id)}: {change.describe()}")

    def do_redo(self) -> None:
        self.inverse = self.service.apply_change(self.member_id, self.change)

    def do_undo(self) -> None:
        assert self.inverse is not None
        # The inverse of the inverse carries the new ids of re-added posts and events.
        self.change = self.service.apply_change(self.member_id, self.inverse)


class SetConsentCommand(ChangeMemberCommand):
    """Record (or withdraw) consent for one channel; undo puts back the previous record, or none."""

    def __init__(self, member_service: MemberService, member_id: int, consent: Consent):
        super().__init__(member_service, member_id, MemberChange(consents=(consent,)))
        self.setText(f"Set {consent.channel.value} consent of {self._name(member_id)}")


class AddOfficerPostCommand(ChangeMemberCommand):
    def __init__(self, member_service: MemberService, member_id: int, post: OfficerPost):
        super().__init__(member_service, member_id, MemberChange(posts_added=(post,)))
        self.setText(f"Add post “{post.title}” to {self._name(member_id)}")


class RemoveOfficerPostCommand(ChangeMemberCommand):
    def __init__(self, member_service: MemberService, member_id: int, post_id: int):
        super().__init__(member_service, member_id, MemberChange(posts_removed=(post_id,)))
        self.setText(f"Remove an officer post of {self._name(member_id)}")
