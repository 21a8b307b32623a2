"""Fields of the member form that check themselves as the secretary types.

A `CheckedField` pairs an input widget with a parser (text -> value to store, raising FieldProblem) and
a red message under the widget naming the field ("Postcode: “XYZ” is not a UK postcode ..."). When the
secretary leaves a field whose text is valid, it is rewritten in its normal form (postcode in capitals,
phone as dialled in the UK, date as dd/mm/yyyy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from lien_desktop.domain.validation import (FieldProblem, display_phone, format_uk_date, normalise_email,
                                            normalise_field, normalise_membership_number, normalise_phone,
                                            normalise_postcode, parse_uk_date)
from lien_desktop.io.constituencies import by_code, constituencies, find

ERROR_STYLE = "color: #b00020;"

Parser = Callable[[str], object]


def error_label() -> QLabel:
    """A red message. Plain text: messages quote what was typed, which must never be read as markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class CheckedField(QObject):
    """One input with its parser and its message label. `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, name: str, label: str, widget: QLineEdit | QPlainTextEdit, parse: Parser,
                 display: Callable[[object], str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name, self.label, self.widget = name, label, widget
        self.parse, self.display = parse, display
        self.message = error_label()
        self.message.setAccessibleName(f"{label} problem")
        self.message.hide()
        self.problem = ""
        self.refused = ""  # a problem the service reported on Save; cleared by the next edit
        widget.setAccessibleName(label)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._edited)
            widget.editingFinished.connect(self.tidy)
        else:
            widget.textChanged.connect(self._edited)

    # the widget's text -------------------------------------------------------------------------

    def text(self) -> str:
        w = self.widget
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()

    def set_text(self, text: str) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(text)
        else:
            self.widget.setPlainText(text)

    def set_value(self, value: object) -> None:
        self.set_text(self.display(value) if self.display else ("" if value is None else str(value)))

    # checking ----------------------------------------------------------------------------------

    def value(self) -> object:
        """The value to store; raises FieldProblem."""
        return self.parse(self.text())

    def check(self) -> bool:
        try:
            self.parse(self.text())
        except FieldProblem as exc:
            self.problem = f"{self.label}: {exc}"
        else:
            self.problem = ""
        self._show()
        return not self.problem

    def show_refusal(self, message: str) -> None:
        self.refused = f"{self.label}: {message}"
        self._show()

    def _show(self) -> None:
        text = self.problem or self.refused
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _edited(self) -> None:
        self.refused = ""
        self.check()
        self.changed.emit()

    def tidy(self) -> None:
        """On leaving the field: show a valid value in its normal form."""
        if self.display is None or not isinstance(self.widget, QLineEdit):
            return
        try:
            normal = self.display(self.value())
        except FieldProblem:
            return
        if normal != self.widget.text():
            self.widget.setText(normal)

    def with_message(self) -> QWidget:
        """The widget with its message underneath, for a form row."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.widget)
        layout.addWidget(self.message)
        return box


# --- parsers and how values are shown ------------------------------------------------------------

def text_parser(name: str) -> Parser:
    return lambda text: normalise_field(name, text)


def plain_text(limit: int) -> Parser:
    """Free text of one line (not a member field: a post title, a consent source)."""
    def parse(text: str) -> str:
        value = " ".join(text.split())
        if len(value) > limit:
            raise FieldProblem(f"is too long ({len(value)} characters; at most {limit})")
        return value
    return parse


def phone_display(value: object) -> str:
    return display_phone(str(value or ""))


def date_display(value: object) -> str:
    return format_uk_date(value) if isinstance(value, dt.date) else ""


def constituency_code(text: str) -> str:
    if not text.strip():
        return ""
    found = find(text)
    if found is None:
        raise FieldProblem(f"“{text.strip()}” is not a Westminster constituency (pick one from the list)")
    return found.code


def constituency_display(code: object) -> str:
    found = by_code().get(str(code or ""))
    return found.name if found else str(code or "")


def tags_display(value: object) -> str:
    return ", ".join(value) if isinstance(value, (tuple, list)) else str(value or "")


FIELD_KINDS: dict[str, tuple[Parser, Callable[[object], str] | None]] = {
    "email": (normalise_email, None),
    "phone": (normalise_phone, phone_display),
    "postcode": (normalise_postcode, str),
    "date": (parse_uk_date, date_display),
    "membership_number": (normalise_membership_number, str),
    "constituency": (constituency_code, constituency_display),
    "tags": (text_parser("tags"), tags_display),
}


def line_field(name: str, label: str, kind: str = "", *, placeholder: str = "", parse: Parser | None = None,
               parent: QObject | None = None) -> CheckedField:
    """A one-line field; `kind` picks parser and display (FIELD_KINDS), else the member field `name`'s rules."""
    found_parse, display = FIELD_KINDS[kind] if kind else (text_parser(name), None)
    parse = parse or found_parse
    edit = QLineEdit()
    if placeholder:
        edit.setPlaceholderText(placeholder)
    elif kind == "date":
        edit.setPlaceholderText("dd/mm/yyyy")
    return CheckedField(name, label, edit, parse, display, parent)


# --- completers -------------------------------------------------------------------------------

def constituency_completer(parent: QObject) -> QCompleter:
    names = sorted((c.name for c in constituencies()), key=str.lower)
    completer = QCompleter(names, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


def simple_completer(words: Iterable[str], parent: QObject) -> QCompleter:
    completer = QCompleter(list(words), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class TagsCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the tags before it."""

    def __init__(self, tags: Iterable[str], parent: QObject | None = None):
        super().__init__(parent)
        self.setModel(QStringListModel(list(tags), self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt's name)
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        before = typed.rsplit(",", 1)[0] if "," in typed else ""
        chosen = str(index.data())
        return f"{before.strip()}, {chosen}" if before.strip() else chosen
