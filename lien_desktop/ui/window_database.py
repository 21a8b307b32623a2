"""The main window's tabs and its database: the Meetings tab made when first shown, the read-only mode,
and working on a reopened database after a restore or a new passphrase. A mixin of MainWindow."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from lien_desktop.db.engine import Database
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.members import MemberService
from lien_desktop.ui.menus import editing_actions


class WindowDatabase:
    database: Database
    meetings_panel = None

    meetings_count_label: QLabel | None = None

    def _tab_changed(self, index: int) -> None:
        on_meetings = self.tabs.widget(index) is self.meetings_page
        if on_meetings and self.meetings_panel is None:
            from lien_desktop.ui.meetings import MeetingsPanel

            self.meetings_panel = MeetingsPanel(self.database, self.chapter_id, self.jobs)  # type: ignore[arg-type, attr-defined]
            self.meetings_panel.setObjectName("meetingsPanel")
            self.meetings_page.layout().addWidget(self.meetings_panel)
            self.meetings_panel.show()  # at once, not at the layout's next (queued) pass
            if self.meetings_count_label is None:
                self.meetings_count_label = QLabel()
                self.meetings_count_label.setAccessibleName("Meeting count")
                self.statusBar().insertPermanentWidget(0, self.meetings_count_label)  # type: ignore[attr-defined]
            self.meetings_panel.summary_changed.connect(self.meetings_count_label.setText)
            self.meetings_count_label.setText(self.meetings_panel.summary())
        # The status bar speaks of the tab shown: members there, meetings here.
        self.count_label.setVisible(not on_meetings)  # type: ignore[attr-defined]
        if self.meetings_count_label is not None:
            self.meetings_count_label.setVisible(on_meetings)

    def _drop_meetings_panel(self) -> None:
        """Another chapter or database: the panel is made again when its tab is next shown."""
        if self.meetings_panel is not None:
            self.meetings_panel.setParent(None)
            self.meetings_panel.deleteLater()
            self.meetings_panel = None
        if hasattr(self, "tabs") and self.tabs.currentWidget() is self.meetings_page:
            self._tab_changed(self.tabs.currentIndex())

    def _apply_access(self) -> None:
        """A read-only database: said in the title and status bar, and nothing offers to change it."""
        read_only = self.database.read_only
        self.read_only_label.setVisible(read_only)
        self.read_only_label.setToolTip("The database file or its folder cannot be written: "
                                        "you can look and export, not change." if read_only else "")
        for action in editing_actions(self):
            action.setEnabled(not read_only)
        if read_only:
            self.undo_stack.clear()

    def replace_database(self, database: Database) -> None:
        """After a restore or a new passphrase: the window works on the reopened database."""
        self.database = database
        self.members = MemberService(database)
        self.chapters = ChapterService(database)
        self.model.members = self.members
        self._dp_actions = None
        self.undo_stack.clear()
        chapter_ids = [c.id for c in self.chapters.list()]
        self.set_chapter(self.chapter_id if self.chapter_id in chapter_ids else chapter_ids[0])
        self._apply_access()
        self.setup_idle_lock()

