"""The open meeting's heading: its title once, then when and where, then who chairs and takes minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lien_desktop.domain import meeting_views as v

PROMPT = "Choose a meeting, or plan a new one"


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
        self.details.setText("\n".join(line for line in (v.when_and_where(detail), v.officers(detail)) if line))
        self.details.show()

    def text(self) -> str:
        """What a reader sees, top to bottom."""
        return "\n".join(label.text() for label in (self.title, self.details) if label.text())
