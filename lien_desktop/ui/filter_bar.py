"""The search box and the filters above the members table; emits one MemberFilter when they change.

Typing is debounced (a short timer restarted by each key) so a fast typist causes one query, not six;
a filter combo applies at once.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from lien_desktop.domain.members import ConsentChannel, MemberFilter, MemberStatus, StandingKind

SEARCH_DEBOUNCE_MS = 120


def _combo(accessible_name: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.setToolTip(accessible_name)
    combo.addItem(everything, None)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    filter_changed = Signal(object)  # MemberFilter

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search members")
        self.search_edit.setPlaceholderText("Search names, email, phone, postcode…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        layout.addWidget(self.search_edit, 3)

        self.status_combo = _combo("Status filter", "Any status")
        for status in MemberStatus:
            self.status_combo.addItem(status.label, status)
        self.standing_combo = _combo("Labour standing filter", "Any Labour standing")
        for kind in StandingKind:
            self.standing_combo.addItem(kind.label, kind)
        self.tag_combo = _combo("Tag filter", "Any tag")
        self.branch_combo = _combo("Branch filter", "Any branch")
        self.consent_combo = _combo("Consent filter", "Any consent")
        for channel in ConsentChannel:
            self.consent_combo.addItem(f"Consents to {channel.label.lower()}", channel)
        layout.addWidget(QLabel("Show:"))
        for combo in self.combos():
            layout.addWidget(combo)
            combo.currentIndexChanged.connect(self.apply_now)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.timer.timeout.connect(self.apply_now)
        self.search_edit.textChanged.connect(lambda _text: self.timer.start())

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.status_combo, self.standing_combo, self.tag_combo, self.branch_combo, self.consent_combo)

    def set_choices(self, tags: list[str], branches: list[str]) -> None:
        """Fill the tag and branch lists for the chapter, keeping the current choice if it still exists."""
        for combo, values in ((self.tag_combo, tags), (self.branch_combo, branches)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def current_filter(self) -> MemberFilter:
        status = self.status_combo.currentData()
        standing = self.standing_combo.currentData()
        return MemberFilter(
            search=self.search_edit.text(),
            statuses=frozenset({status}) if status is not None else frozenset(),
            standings=frozenset({standing}) if standing is not None else frozenset(),
            tag=self.tag_combo.currentData() or "",
            branch=self.branch_combo.currentData() or "",
            consent=self.consent_combo.currentData(),
        )

    def is_filtering(self) -> bool:
        flt = self.current_filter()
        return bool(flt.search.strip() or flt.statuses or flt.standings or flt.tag or flt.branch or flt.consent)

    def clear(self) -> None:
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        for combo in self.combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def apply_now(self) -> None:
        """Apply the search and filters at once (the debounce timer calls this when typing pauses)."""
        self.timer.stop()
        self.filter_changed.emit(self.current_filter())
