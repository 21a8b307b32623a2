"""The side panel beside the table: the selected member's whole story.

The story page itself is `ui.member_story.MemberStoryView` (written separately); it is imported when
the panel is built, so the window still opens if it is missing (a short summary is shown instead).
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from lien_desktop.domain.members import MemberRecord
from lien_desktop.domain.validation import display_phone, format_uk_date

log = logging.getLogger(__name__)


class _SummaryView(QLabel):
    """Stand-in for the story page: the main facts as text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMargin(8)
        self.show_member(None)

    def show_member(self, record: MemberRecord | None) -> None:
        if record is None:
            self.setText("<i>Select a member to see their story.</i>")
            return
        data = record.data
        lines = [f"<h3>{escape(record.display_name)}</h3>"]
        if data.confidential:
            lines.append("<p style='color:#8a1c1c'><b>Confidential</b></p>")
        facts = [
            ("Email", data.email), ("Mobile", display_phone(data.mobile_phone)),
            ("Postcode", data.postcode), ("Branch", data.branch), ("LIEN status", data.status.label),
            ("Labour standing", record.standing.label if record.standing else ""),
            ("Joined", format_uk_date(data.joined_on)), ("Tags", ", ".join(data.tags)),
        ]
        lines.extend(f"<b>{label}:</b> {escape(str(value))}<br>" for label, value in facts if value)
        self.setText("".join(lines))


class MemberPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Member story")
        self.setWidgetResizable(True)
        self.setMinimumWidth(240)
        try:
            from lien_desktop.ui.member_story import MemberStoryView

            self.view: QWidget = MemberStoryView()
        except ImportError:
            log.info("member story page not available; showing a summary")
            self.view = _SummaryView()
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setWidget(holder)

    def show_member(self, record: MemberRecord | None) -> None:
        self.view.show_member(record)  # type: ignore[attr-defined]
