"""The side panel beside the table: the selected member's whole story (ui.member_story), scrollable."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from lien_desktop.domain.members import MemberRecord
from lien_desktop.ui.member_story import MemberStoryView


class MemberPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Member story")
        self.setWidgetResizable(True)
        self.setMinimumWidth(240)
        self.view = MemberStoryView()
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setWidget(holder)

    def show_member(self, record: MemberRecord | None) -> None:
        self.view.show_member(record)
