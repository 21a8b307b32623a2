"""Business recording: motions (with amendments, votes and result) and action items."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import ActionStatus, AttendanceKind, ItemKind
from lien_desktop.domain.members import MemberFilter, SortOrder
from lien_desktop.services.members import MemberService
from lien_desktop.ui.meetings.context import MeetingContext
from lien_desktop.ui.meetings.dialogs import ActionDialog, AmendmentDialog, FormDialog, MotionDialog
from lien_desktop.ui.meetings.models import ActionsModel, MotionsModel, tune_table


def _table(name: str, model) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    tune_table(view, 1)
    return view


def _button(label: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
    button = QPushButton(label)
    button.setAccessibleName(label.rstrip("…"))
    button.clicked.connect(lambda: slot())
    return button


def submit(context: MeetingContext, dialog: FormDialog, apply) -> bool:  # type: ignore[no-untyped-def]
    """Hand the dialog's values to the service once; a refusal is shown in the dialog (kept open)."""
    refusals: list[str] = []

    def collect(text: str, problem: bool) -> None:
        if problem:
            refusals.append(text)

    context.message.connect(collect)
    try:
        made = context.change(lambda: apply(dialog.values()))
    finally:
        context.message.disconnect(collect)
    if made:
        dialog.accept()
    else:
        dialog.show_problem(refusals[-1] if refusals else "Refused")
    return made


def run_dialog(context: MeetingContext, dialog: FormDialog, apply) -> bool:  # type: ignore[no-untyped-def]
    """Show a dialog until the service accepts its values, or it is cancelled."""
    dialog.buttons.accepted.disconnect()
    dialog.buttons.accepted.connect(lambda: submit(context, dialog, apply))
    return dialog.exec() == QDialog.DialogCode.Accepted


class MotionsEditor(QWidget):
    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = MotionsModel(self)
        self.view = _table("Motions", self.model)
        self.wording = QPlainTextEdit()
        self.wording.setReadOnly(True)
        self.wording.setAccessibleName("Motion wording")
        self.add_button = _button("Add motion…", self.add_motion)
        self.amend_button = _button("Add amendment…", self.add_amendment)
        self.remove_button = _button("Remove motion", self.remove_motion)
        bar = QHBoxLayout()
        for button in (self.add_button, self.amend_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(QLabel("Wording and amendments"))
        layout.addWidget(self.wording)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_wording())
        context.changed.connect(self.show_meeting)
        self.last_dialog: QDialog | None = None

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        self.model.set_rows(detail.motions if detail else ())
        locked = detail is None or detail.locked
        for button in (self.add_button, self.amend_button, self.remove_button):
            button.setEnabled(not locked)
        self._show_wording()

    def selected(self) -> v.MotionView | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _show_wording(self) -> None:
        motion = self.selected()
        if motion is None:
            self.wording.setPlainText("")
            return
        lines = [motion.wording]
        for amendment in motion.amendments:
            lines.append(f"\nAmendment {amendment.position} (moved by {amendment.mover.name}, seconded by "
                         f"{amendment.seconder.name}; {amendment.result.label.lower()}): {amendment.wording}")
        self.wording.setPlainText("\n".join(lines))

    def _present(self) -> tuple[v.AttendanceView, ...]:
        return self.context.detail.with_kind(AttendanceKind.PRESENT) if self.context.detail else ()

    def motion_dialog(self) -> MotionDialog:
        detail = self.context.detail
        assert detail is not None
        default = next((i.id for i in detail.items if i.kind is ItemKind.MOTIONS), None)
        self.last_dialog = MotionDialog(self._present(), detail.items, default, self)
        return self.last_dialog

    def add_motion(self) -> bool:
        if self.context.detail is None:
            return False
        return run_dialog(self.context, self.motion_dialog(), self._apply_motion)

    def submit_motion(self, dialog: MotionDialog) -> bool:
        return submit(self.context, dialog, self._apply_motion)

    def _apply_motion(self, values: dict[str, object]):  # type: ignore[no-untyped-def]
        return self.context.business.add_motion(self.context.detail.id, values)  # type: ignore[union-attr]

    def add_amendment(self) -> bool:
        motion = self.selected()
        if motion is None:
            self.context.message.emit("Choose the motion being amended", True)
            return False
        self.last_dialog = AmendmentDialog(motion, self._present(), self)
        return run_dialog(self.context, self.last_dialog,
                          lambda values: self.context.business.add_amendment(motion.id, values))

    def remove_motion(self) -> None:
        motion = self.selected()
        if motion is not None:
            self.context.change(lambda: self.context.business.remove_motion(motion.id), f"Removed {motion.label}")


class ActionsEditor(QWidget):
    """This meeting's actions, and (below) the open actions rolled over from earlier meetings."""

    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = ActionsModel(self)
        self.view = _table("Actions", self.model)
        self.arising = ActionsModel(self)
        self.arising_view = _table("Matters arising", self.arising)
        self.overdue = ActionsModel(self)
        self.overdue_view = _table("Overdue actions", self.overdue)
        self.add_button = _button("Add action…", self.add_action)
        self.remove_button = _button("Remove action", self.remove_action)
        self.done_button = _button("Mark done", lambda: self.set_status(ActionStatus.DONE))
        self.drop_button = _button("Drop", lambda: self.set_status(ActionStatus.DROPPED))
        bar = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.done_button, self.drop_button):
            bar.addWidget(button)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(QLabel("Matters arising: actions of earlier meetings still open when this one was held"))
        layout.addWidget(self.arising_view)
        layout.addWidget(QLabel("Overdue (all meetings)"))
        layout.addWidget(self.overdue_view)
        context.changed.connect(self.show_meeting)
        self.last_dialog: ActionDialog | None = None

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        self.model.set_rows(detail.actions if detail else ())
        self.arising.set_rows(self.context.meetings.matters_arising(detail.id) if detail else ())
        self.overdue.set_rows(self.context.business.overdue(self.context.chapter_id))
        locked = detail is None or detail.locked
        self.add_button.setEnabled(not locked)
        self.remove_button.setEnabled(not locked)

    def action_dialog(self) -> ActionDialog:
        detail = self.context.detail
        assert detail is not None
        members = MemberService(self.context.database).search(self.context.chapter_id, MemberFilter(), SortOrder())
        self.last_dialog = ActionDialog([(m.id, m.display_name) for m in members], detail.items, self)
        return self.last_dialog

    def add_action(self) -> bool:
        if self.context.detail is None:
            return False
        return run_dialog(self.context, self.action_dialog(), self._apply_action)

    def submit_action(self, dialog: ActionDialog) -> bool:
        return submit(self.context, dialog, self._apply_action)

    def _apply_action(self, values: dict[str, object]):  # type: ignore[no-untyped-def]
        return self.context.business.add_action(self.context.detail.id, values["what"],  # type: ignore[union-attr]
                                                values["owner_id"], values["due"], values["item_id"])

    def _selected(self) -> v.ActionView | None:
        for view, model in ((self.view, self.model), (self.arising_view, self.arising),
                            (self.overdue_view, self.overdue)):
            if view.hasFocus() or view.currentIndex().isValid():
                index = view.currentIndex()
                if index.isValid():
                    return model.row(index.row())
        self.context.message.emit("Choose an action first", True)
        return None

    def remove_action(self) -> None:
        action = self._selected()
        if action is not None:
            self.context.change(lambda: self.context.business.remove_action(action.id), f"Removed {action.label}")

    def set_status(self, status: ActionStatus) -> None:
        """Follow-through is allowed on signed minutes too: it is not part of the signed record."""
        action = self._selected()
        if action is not None:
            self.context.change(lambda: self.context.business.set_action_status(action.id, status),
                                f"{action.label}: {status.value}")
