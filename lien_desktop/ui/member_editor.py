"""The member form: add a member, or edit one, checking every field as it is typed.

Save is enabled only while every field is right. Saving pushes ONE command onto the undo stack, which
does the whole change in one transaction; if the service still refuses, its message is shown next to
the fields it names and nothing is saved.

For the window: after `exec()` returns Accepted, `editor.member_id` is the member saved (the new id after
an add) and `editor.command` the command pushed (None when nothing had changed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget)

from lien_desktop.domain.errors import LienError, ValidationError, field_label
from lien_desktop.domain.member_changes import MemberChange
from lien_desktop.domain.members import MemberRecord, MemberStatus
from lien_desktop.domain.validation import FieldProblem
from lien_desktop.services.members import MemberService
from lien_desktop.ui.member_editor_sections import ConsentSection, OfficerPostsSection, StandingSection
from lien_desktop.ui.member_form_fields import (CheckedField, error_label, TagsCompleter, constituency_completer,
                                                line_field, simple_completer, text_parser)
from lien_desktop.ui.undo_commands import (AddMemberCommand, ChangeMemberCommand, EditMemberCommand,
                                           MemberCommand, push_command)

# (field name, label, kind) of the line fields, in the order of the form.
PERSON_FIELDS = (
    ("first_name", "First name", ""), ("last_name", "Last name", ""), ("preferred_name", "Preferred name", ""),
    ("email", "Email", "email"), ("mobile_phone", "Mobile phone", "phone"), ("home_phone", "Home phone", "phone"),
)
ADDRESS_FIELDS = (
    ("address_line1", "Address line 1", ""), ("address_line2", "Address line 2", ""), ("town", "Town", ""),
    ("postcode", "Postcode", "postcode"),
)
MEMBERSHIP_FIELDS = (
    ("constituency_code", "Constituency", "constituency"), ("branch", "Branch/ward", ""),
    ("trade_union", "Trade union", ""), ("joined_on", "Joined", "date"),
    ("labour_membership_number", "Labour membership number", "membership_number"), ("tags", "Tags", "tags"),
)


class MemberEditor(QDialog):
    def __init__(self, member_service: MemberService, undo_stack: QUndoStack, chapter_id: int,
                 member_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.undo_stack = member_service, undo_stack
        self.chapter_id, self.member_id = chapter_id, member_id
        self.record: MemberRecord | None = member_service.get(member_id) if member_id is not None else None
        self.command: MemberCommand | None = None  # the command pushed by Save
        self.fields: dict[str, CheckedField] = {}
        self.setWindowTitle("Add member" if self.record is None else f"Edit {self.record.display_name}")
        self.setAccessibleName(self.windowTitle())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "Details")
        self.tabs.addTab(self._membership_tab(), "Membership")
        self.consents = ConsentSection()
        self.posts = OfficerPostsSection()
        self.standing = StandingSection()
        self.tabs.addTab(self._consent_posts_tab(), "Consent && posts")
        self.tabs.addTab(self.standing, "Labour standing")

        self.summary = error_label()
        self.summary.setAccessibleName("Problems")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        if self.record is not None:
            self._load(self.record)
        for field in self.all_fields():
            field.changed.connect(self.refresh)
        for section in (self.consents, self.posts, self.standing):
            section.changed.connect(self.refresh)
        self.resize(820, 600)
        self.refresh()
        self.fields["first_name"].widget.setFocus()

    # --- building ----------------------------------------------------------------------------------

    def _line(self, form: QFormLayout, name: str, label: str, kind: str) -> CheckedField:
        field = line_field(name, label, kind, parent=self)
        self.fields[name] = field
        form.addRow(f"{label}:", field.with_message())
        return field

    def _form(self, title: str, specs: tuple[tuple[str, str, str], ...]) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in specs:
            self._line(form, *spec)
        return box, form

    def _details_tab(self) -> QWidget:
        page = QWidget()
        person, _ = self._form("Person", PERSON_FIELDS)
        address, _ = self._form("Address", ADDRESS_FIELDS)
        self.fields["mobile_phone"].widget.setPlaceholderText("07700 900123 or +33 6 12 34 56 78")
        self.fields["postcode"].widget.setPlaceholderText("SW1A 1AA")
        row = QHBoxLayout(page)
        row.addWidget(person, 1)
        row.addWidget(address, 1)
        return page

    def _membership_tab(self) -> QWidget:
        page = QWidget()
        box, form = self._form("Membership", MEMBERSHIP_FIELDS)
        self.fields["constituency_code"].widget.setCompleter(constituency_completer(self))
        self.fields["constituency_code"].widget.setPlaceholderText("Start typing a constituency name")
        self.fields["branch"].widget.setCompleter(simple_completer(self.service.branches(self.chapter_id), self))
        self.fields["tags"].widget.setCompleter(TagsCompleter(self.service.tag_names(self.chapter_id), self))
        self.fields["tags"].widget.setPlaceholderText("e.g. leafleting, driver")
        self.status = QComboBox()
        self.status.setAccessibleName("LIEN status")
        for status in MemberStatus:
            self.status.addItem(status.label, status)
        form.addRow("LIEN status:", self.status)
        self.confidential = QCheckBox("Confidential: handle with extra care")
        self.confidential.setAccessibleName("Confidential")
        form.addRow("", self.confidential)
        notes_edit = QPlainTextEdit()
        notes_edit.setTabChangesFocus(True)
        notes = CheckedField("notes", "Notes", notes_edit, text_parser("notes"), parent=self)
        self.fields["notes"] = notes
        notes_box = QGroupBox("Notes")
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(notes.with_message())
        row = QHBoxLayout(page)
        row.addWidget(box, 1)
        row.addWidget(notes_box, 1)
        return page

    def _consent_posts_tab(self) -> QWidget:
        page = QWidget()
        consent_box = QGroupBox("Contact consent")
        QVBoxLayout(consent_box).addWidget(self.consents)
        posts_box = QGroupBox("Officer posts")
        QVBoxLayout(posts_box).addWidget(self.posts)
        layout = QVBoxLayout(page)
        layout.addWidget(consent_box)
        layout.addWidget(posts_box, 1)
        return page

    def all_fields(self) -> list[CheckedField]:
        return [*self.fields.values(), *self.consents.fields(),
                self.posts.title, self.posts.start, self.posts.end]

    def _load(self, record: MemberRecord) -> None:
        for name, field in self.fields.items():
            field.set_value(getattr(record.data, name))
        self.status.setCurrentIndex(self.status.findData(record.data.status))
        self.confidential.setChecked(record.data.confidential)
        self.consents.load(record.consents)
        self.posts.load(record.officer_posts)
        self.standing.load(record.standing_events)

    # --- checking ----------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        found = [f.problem or f.refused for f in self.all_fields() if f.problem or f.refused]
        if not self.fields["first_name"].text().strip() and not self.fields["last_name"].text().strip():
            found.append("Name: type a first or a last name")
        if pending := self.posts.pending_entry():
            found.append(pending)
        return found

    def refresh(self) -> None:
        problems = self.problems()
        self.summary.setText("\n".join(problems))
        self.summary.setVisible(bool(problems))
        self.save_button.setEnabled(not problems)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            bad = any(f.problem or f.refused for f in self.all_fields() if page.isAncestorOf(f.widget))
            self.tabs.tabBar().setTabTextColor(index, Qt.GlobalColor.red if bad else self.palette().windowText().color())

    def values(self) -> dict[str, object]:
        """Every own field, normalised as it will be stored (raises FieldProblem)."""
        result = {name: field.value() for name, field in self.fields.items()}
        result["status"] = self.status.currentData()
        result["confidential"] = self.confidential.isChecked()
        return result

    def changed_values(self) -> dict[str, object]:
        values = self.values()
        if self.record is None:
            return values
        old = self.record.data
        changed = {}
        for name, value in values.items():
            before = getattr(old, name)
            if name == "tags":
                same = sorted(t.lower() for t in value) == sorted(t.lower() for t in before)  # type: ignore[attr-defined]
            else:
                same = value == before
            if not same:
                changed[name] = value
        return changed

    # --- saving ------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.problems():
            return
        try:
            values = self.changed_values()
            details = MemberChange(consents=self.consents.changes(), posts_added=tuple(self.posts.added),
                                   posts_removed=tuple(self.posts.removed), standing_added=tuple(self.standing.added))
        except FieldProblem as exc:  # checked already; kept as a guard
            self._show_refusal(LienError(str(exc)))
            return
        if self.record is None:
            command: MemberCommand = AddMemberCommand(self.service, self.chapter_id, values, details)
        else:
            change = MemberChange(values=values, consents=details.consents, posts_added=details.posts_added,
                                  posts_removed=details.posts_removed, standing_added=details.standing_added)
            if change.is_empty():
                self.accept()
                return
            if values and change == MemberChange(values=values):
                command = EditMemberCommand(self.service, self.record.id, values)
            else:
                command = ChangeMemberCommand(self.service, self.record.id, change)
        error = push_command(self.undo_stack, command)
        if error is not None:
            self._show_refusal(error)
            return
        self.command = command
        self.member_id = command.member_ids[0] if command.member_ids else self.member_id
        self.accept()

    def _show_refusal(self, error: LienError) -> None:
        """The service said no: say why, next to the field when it names one; nothing was saved."""
        if isinstance(error, ValidationError):
            for name, message in error.problems.items():
                if name in self.fields:
                    self.fields[name].show_refusal(message)
        self.refresh()
        text = f"Not saved — {error}" if not isinstance(error, ValidationError) else "Not saved — " + "; ".join(
            f"{field_label(k)}: {v}" for k, v in error.problems.items())
        self.summary.setText(text)
        self.summary.setVisible(True)
