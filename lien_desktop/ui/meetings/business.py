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
from lien_desktop.domain.meetings import ActionStatus, AttendanceKind, ItemKind, locked_message
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


def submit(context: MeetingContext, dialog: FormDialog, apply=None) -> bool:  # type: ignore[no-untyped-def]
    """Hand the dialog's values to the service once (`apply`, or the dialog's own); a refusal is shown
    in the dialog, which stays open with everything typed."""
    apply = apply or dialog.apply  # type: ignore[attr-defined]
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


def run_dialog(context: MeetingContext, dialog: FormDialog, apply=None) -> bool:  # type: ignore[no-untyped-def]
    """Show a dialog until the service accepts its values, or it is cancelled."""
    dialog.buttons.accepted.disconnect()
    dialog.buttons.accepted.connect(lambda: submit(context, dialog, apply))
    return dialog.exec() == QDialog.DialogCode.Accepted


class FormsEditor(QWidget):
    """A screen whose records are added and edited through forms: each form carries what to do with
    its values (`apply`), so one path serves adding and editing, interactively or from a test."""

    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.last_dialog: FormDialog | None = None

    def lay_out(self, buttons: tuple[QPushButton, ...], *widgets: QWidget) -> None:
        """A row of buttons above the screen's widgets."""
        bar = QHBoxLayout()
        for button in buttons:
            bar.addWidget(button)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        for widget in widgets:
            layout.addWidget(widget)

    def form(self, dialog: FormDialog, apply) -> FormDialog:  # type: ignore[no-untyped-def]
        dialog.apply = apply  # type: ignore[attr-defined]
        self.last_dialog = dialog
        return dialog

    def run(self, dialog: FormDialog | None) -> bool:
        return dialog is not None and run_dialog(self.context, dialog)

    def submit(self, dialog: FormDialog) -> bool:
        return submit(self.context, dialog)

    def editable(self) -> bool:
        """False (with the message the services give) when the minutes are signed and locked."""
        detail = self.context.detail
        if detail is None:
            return False
        if detail.locked:
            self.context.message.emit(locked_message(detail.title, detail.date), True)
            return False
        return True


class MotionsEditor(FormsEditor):
    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = MotionsModel(self)
        self.view = _table("Motions", self.model)
        self.view.doubleClicked.connect(lambda _: self.edit_motion())
        self.wording = QPlainTextEdit()
        self.wording.setReadOnly(True)
        self.wording.setAccessibleName("Motion wording")
        self.add_button = _button("Add motion…", self.add_motion)
        self.edit_button = _button("Edit motion…", self.edit_motion)
        self.amend_button = _button("Add amendment…", self.add_amendment)
        self.remove_button = _button("Remove motion", self.remove_motion)
        self.buttons = (self.add_button, self.edit_button, self.amend_button, self.remove_button)
        self.lay_out(self.buttons, self.view, QLabel("Wording and amendments"), self.wording)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_wording())
        context.changed.connect(self.show_meeting)

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        selected = self.selected()
        self.model.set_rows(detail.motions if detail else ())
        if selected is not None:  # an edited motion stays chosen
            row = next((r for r, m in enumerate(self.model.rows()) if m.id == selected.id), None)
            if row is not None:
                self.view.setCurrentIndex(self.model.index(row, 0))
        locked = detail is None or detail.locked
        for button in self.buttons:
            button.setEnabled(not locked)
        self._show_wording()

    def selected(self) -> v.MotionView | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def select(self, motion_id: int) -> None:
        row = next(r for r, m in enumerate(self.model.rows()) if m.id == motion_id)
        self.view.setCurrentIndex(self.model.index(row, 0))

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

    def motion_dialog(self, motion: v.MotionView | None = None) -> MotionDialog:
        """The motion form: empty to add one, or filled in from a recorded motion to edit it."""
        detail = self.context.detail
        assert detail is not None
        default = next((i.id for i in detail.items if i.kind is ItemKind.MOTIONS), None)
        dialog = MotionDialog(self._present(), detail.items, default, self, motion)
        if motion is None:
            return self.form(dialog, lambda values: self.context.business.add_motion(detail.id, values))
        return self.form(dialog, lambda values: self.context.business.update_motion(motion.id, values))

    def add_motion(self) -> bool:
        return self.editable() and self.run(self.motion_dialog())

    def edit_dialog(self) -> MotionDialog | None:
        """The chosen motion's form, or None (with a message: nothing chosen, or the minutes locked)."""
        motion = self.selected()
        if motion is None:
            self.context.message.emit("Choose the motion to edit", True)
            return None
        return self.motion_dialog(motion) if self.editable() else None

    def edit_motion(self) -> bool:
        return self.run(self.edit_dialog())

    def add_amendment(self) -> bool:
        motion = self.selected()
        if motion is None:
            self.context.message.emit("Choose the motion being amended", True)
            return False
        if not self.editable():
            return False
        dialog = self.form(AmendmentDialog(motion, self._present(), self),
                           lambda values: self.context.business.add_amendment(motion.id, values))
        return self.run(dialog)

    def remove_motion(self) -> None:
        motion = self.selected()
        if motion is not None:
            self.context.change(lambda: self.context.business.remove_motion(motion.id), f"Removed {motion.label}")


class ActionsEditor(FormsEditor):
    """This meeting's actions, and (below) the open actions rolled over from earlier meetings."""

    def __init__(self, context: MeetingContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = ActionsModel(self)
        self.view = _table("Actions", self.model)
        self.arising = ActionsModel(self)
        self.arising_view = _table("Matters arising", self.arising)
        self.overdue = ActionsModel(self)
        self.overdue_view = _table("Overdue actions", self.overdue)
        self.view.doubleClicked.connect(lambda _: self.edit_action())
        self.add_button = _button("Add action…", self.add_action)
        self.edit_button = _button("Edit action…", self.edit_action)
        self.remove_button = _button("Remove action", self.remove_action)
        self.done_button = _button("Mark done", lambda: self.set_status(ActionStatus.DONE))
        self.drop_button = _button("Drop", lambda: self.set_status(ActionStatus.DROPPED))
        self.lay_out((self.add_button, self.edit_button, self.remove_button, self.done_button, self.drop_button),
                     self.view,
                     QLabel("Matters arising: actions of earlier meetings still open when this one was held"),
                     self.arising_view, QLabel("Overdue (all meetings)"), self.overdue_view)
        context.changed.connect(self.show_meeting)

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        self.model.set_rows(detail.actions if detail else ())
        self.arising.set_rows(self.context.meetings.matters_arising(detail.id) if detail else ())
        self.overdue.set_rows(self.context.business.overdue(self.context.chapter_id))
        locked = detail is None or detail.locked
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setEnabled(not locked)

    def action_dialog(self, action: v.ActionView | None = None) -> ActionDialog:
        """The action form: empty to add one, or filled in from a recorded action to edit it."""
        detail = self.context.detail
        assert detail is not None
        members = MemberService(self.context.database).picker_choices(self.context.chapter_id)
        dialog = ActionDialog(members, detail.items, self, action)
        if action is None:
            return self.form(dialog, lambda values: self.context.business.add_action(
                detail.id, values["what"], values["owner_id"], values["due"], values["item_id"]))
        return self.form(dialog, lambda values: self.context.business.update_action(action.id, values))

    def add_action(self) -> bool:
        return self.editable() and self.run(self.action_dialog())

    def edit_dialog(self) -> ActionDialog | None:
        """The form of the chosen action of this meeting, or None (with a message)."""
        index = self.view.currentIndex()
        if not index.isValid():
            self.context.message.emit("Choose the action to edit (in this meeting's actions)", True)
            return None
        return self.action_dialog(self.model.row(index.row())) if self.editable() else None

    def edit_action(self) -> bool:
        return self.run(self.edit_dialog())

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
