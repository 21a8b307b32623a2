"""The open meeting's heading: its title once, then when and where, then who chairs and takes minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.text import fold

PROMPT = "Choose a meeting, or plan a new one"


def when_and_where(detail: v.MeetingDetail) -> str:
    """'Thursday 29 October 2026, 19:00–21:00 · Trades Club', led by the meeting's type unless the title
    already says it ("Committee meeting, October 2026" is not followed by "Committee meeting" again)."""
    parts = []
    if fold(detail.meeting_type.label) not in fold(detail.title):
        parts.append(detail.meeting_type.label)
    when = f"{detail.date:%A} {detail.date.day} {detail.date:%B %Y}"
    if detail.start:
        when += f", {detail.start:%H:%M}" + (f"–{detail.end:%H:%M}" if detail.end else "")
    parts.append(when)
    parts += [p for p in (detail.venue, detail.online_link) if p]
    return " · ".join(parts)


def officers(detail: v.MeetingDetail) -> str:
    """'Chair: Siân Evans · Minute-taker: …'; someone since erased is "a former member"."""
    return " · ".join(f"{role}: {person.name}" for role, person in
                      (("Chair", detail.chair), ("Minute-taker", detail.minute_taker)) if person is not None)


class MeetingHeader(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(PROMPT)
        self.title.setAccessibleName("Meeting")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QLabel()
        self.details.setAccessibleName("Meeting details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # a venue is user text, never markup
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        self.show_meeting(None)

    def show_meeting(self, detail: v.MeetingDetail | None) -> None:
        if detail is None:
            self.title.setText(PROMPT)
            self.details.setText("")
            self.details.hide()
            return
        self.title.setText(detail.title)
        self.details.setText("\n".join(line for line in (when_and_where(detail), officers(detail)) if line))
        self.details.show()

    def text(self) -> str:
        """What a reader sees, top to bottom."""
        return "\n".join(label.text() for label in (self.title, self.details) if label.text())
