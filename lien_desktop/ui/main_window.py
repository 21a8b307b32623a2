"""The main window: the chapter's members in one table, search and filters, the selected member's story."""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.members import MemberFilter
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.members import MemberService
from lien_desktop.ui.filter_bar import FilterBar
from lien_desktop.ui.member_cell_delegate import MemberCellDelegate
from lien_desktop.ui.member_panel import MemberPanel
from lien_desktop.ui.menus import build_menus
from lien_desktop.ui.members_model import (
    BRANCH, COLUMNS, EMAIL, JOINED, MOBILE, NAME, POSTCODE, STANDING, STATUS, MembersTableModel,
)
from lien_desktop.ui.settings import WindowSettings
from lien_desktop.ui.window_actions import WindowActions
from lien_desktop.ui.window_database import WindowDatabase
from lien_desktop.ui.window_protection import WindowProtection
from lien_desktop.ui.workers import JobRunner

log = logging.getLogger(__name__)

# Widths that fit every column in a 1280-pixel-wide window beside the story panel.
_DEFAULT_WIDTHS = {NAME: 175, EMAIL: 150, MOBILE: 105, POSTCODE: 78, BRANCH: 92, STATUS: 72, STANDING: 140,
                   JOINED: 80}


class MainWindow(WindowActions, WindowProtection, WindowDatabase, QMainWindow):
    first_rows_painted = Signal()  # once, when the table has painted its first members
    chapter_changed = Signal(int)
    filter_choices_loaded = Signal()

    def __init__(self, database: Database, chapter_id: int, *, db_path: Path | str | None = None,
                 settings: WindowSettings | None = None, backup_on_close: bool = False,
                 idle_timeout_s: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.backup_on_close = backup_on_close  # run_gui: the automatic rotating backup when closing
        self.open_views: dict[str, QWidget] = {}  # windows and dialogs opened from the menus
        self._dp_actions = None
        self.meetings_panel = None  # made when the Meetings tab is first shown
        self.database = database
        self.db_path = db_path
        self.settings = settings or WindowSettings()
        self.members = MemberService(database)
        self.chapters = ChapterService(database)
        self.chapter_id: int | None = None
        self._total: int | None = None  # members in the chapter (for "N of M match")
        self._painted = False
        self.setWindowTitle("LIEN Desktop")
        self.setAccessibleName("LIEN Desktop main window")

        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.jobs = JobRunner(self)

        self.filter_bar = FilterBar()
        self.search_edit = self.filter_bar.search_edit
        self.model = MembersTableModel(self.members, None, self, runner=self.jobs)
        self.table = self._make_table()
        self.panel = MemberPanel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([925, 315])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName("Main tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "Members")
        self.meetings_page = QWidget()
        QVBoxLayout(self.meetings_page).setContentsMargins(6, 6, 6, 6)
        self.tabs.addTab(self.meetings_page, "Meetings")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Member count")
        self.statusBar().addPermanentWidget(self.count_label)
        self.read_only_label = QLabel("read-only")
        self.read_only_label.setAccessibleName("Read-only indicator")
        self.read_only_label.setStyleSheet("color: #8b0000; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.read_only_label)
        build_menus(self)
        self._restore_settings()

        self.filter_bar.filter_changed.connect(self.apply_filter)
        self.model.modelReset.connect(self._after_rows_changed)
        self.model.layoutChanged.connect(self._after_rows_changed)
        self.model.rows_completed.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_member())
        self.first_rows_painted.connect(self.load_filter_choices)
        self.set_chapter(chapter_id)
        self._apply_access()
        self.setup_idle_lock(idle_timeout_s)

    # --- building -------------------------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Members table")
        table.setModel(self.model)
        table.setItemDelegate(MemberCellDelegate(table, self.model))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = table.verticalHeader()
        rows.hide()
        # Uniform row heights: the view never measures rows, so 100,000 rows cost nothing to lay out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        for column in range(len(COLUMNS)):
            header.resizeSection(column, _DEFAULT_WIDTHS.get(column, 140))
        table.viewport().installEventFilter(self)
        # Said in the empty table: there is nobody yet, or nobody matches.
        self.empty_label = QLabel(table.viewport())
        self.empty_label.setAccessibleName("Empty table message")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #666; font-size: 11pt;")
        self.empty_label.hide()
        return table

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- chapter --------------------------------------------------------------------------------

    def set_chapter(self, chapter_id: int) -> None:
        chapter = self.chapters.get(chapter_id)
        self.chapter_id = chapter.id
        self.undo_stack.clear()  # commands belong to the chapter they were made in
        self.filter_bar.clear()
        self.filter_bar.set_choices([], [])
        if self._painted:
            self.load_filter_choices()
        self.model.filter = MemberFilter()
        self.model.set_chapter(chapter.id)
        self._total = self.model.member_count() if self.model.complete else None
        self.setWindowTitle(f"{chapter.name} — LIEN Desktop{' (read-only)' if self.database.read_only else ''}")
        self._drop_meetings_panel()
        self.settings.set_last_chapter(self.db_path, chapter.id)
        self._update_count()
        self.chapter_changed.emit(chapter.id)

    def new_chapter(self) -> None:
        from lien_desktop.ui.chapter_dialog import ChapterDialog

        dialog = ChapterDialog(self.chapters, self)
        if dialog.exec() and dialog.created is not None:
            self.set_chapter(dialog.created.id)

    def switch_chapter(self) -> None:
        from lien_desktop.ui.chapter_dialog import SwitchChapterDialog

        dialog = SwitchChapterDialog(self.chapters.list(), self.chapter_id, self)
        if dialog.exec() and dialog.chosen_id() not in (None, self.chapter_id):
            self.set_chapter(dialog.chosen_id())  # type: ignore[arg-type]

    # --- table ----------------------------------------------------------------------------------

    def apply_filter(self, flt: MemberFilter) -> None:
        self.model.set_filter(flt)

    def _after_rows_changed(self) -> None:
        self._update_count()
        if not self.table.selectionModel().hasSelection():
            self.panel.show_member(None)

    def _update_empty_message(self) -> None:
        if self.model.member_count():
            self.empty_label.hide()
            return
        if self.filter_bar.is_filtering():
            self.empty_label.setText("No members match the search and filters.")
        else:
            self.empty_label.setText("No members in this chapter yet.\n"
                                     "Add one with Members ▸ Add member… (Ctrl+N).")
        self.empty_label.setGeometry(self.table.viewport().rect())
        self.empty_label.show()

    def _update_count(self) -> None:
        self._update_empty_message()
        if not self.model.complete:  # the first page is shown; the rest is being read
            self.count_label.setText("counting members…")
            return
        shown = self.model.member_count()
        if not self.filter_bar.is_filtering():
            self._total = shown
            self.count_label.setText(f"{shown:,} member{'s' if shown != 1 else ''}")
            return
        if self._total is None and self.chapter_id is not None:
            self._total = self.members.count(self.chapter_id)
        self.count_label.setText(f"{shown:,} of {self._total or 0:,} members match")

    def selected_member_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.member_id(index.row())

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        member_id = self.model.member_id(current.row()) if current.isValid() else None
        self._show_story(member_id)

    def _show_story(self, member_id: int | None) -> None:
        if member_id is None:
            self.panel.show_member(None)
            return
        try:
            self.panel.show_member(self.members.get(member_id))
        except LienError:  # removed meanwhile
            self.panel.show_member(None)

    def _undo_index_changed(self, _index: int) -> None:
        if shiboken6.isValid(self.jobs) and shiboken6.isValid(self.jobs.pool):  # not while being torn down
            self.refresh_after_change()

    def refresh_after_change(self) -> None:
        """After any save, undo or redo: query again, keeping the selection and the scroll position."""
        if self.chapter_id is None:
            return
        scroll = self.table.verticalScrollBar().value()
        self._total = None
        self.model.refresh()
        self.table.verticalScrollBar().setValue(scroll)
        self.load_filter_choices()
        self._update_count()
        self._show_story(self.selected_member_id())

    def load_filter_choices(self) -> None:
        """The chapter's tags and branches for the filters, read off the GUI thread.

        Listing the branches reads every member (0.1-0.4 s at 100,000): after the first paint, in the
        background, so neither the first members on screen nor typing wait for it.
        """
        chapter_id = self.chapter_id
        if chapter_id is None:
            return
        members = self.members

        def work(_progress):  # type: ignore[no-untyped-def]
            return members.tag_names(chapter_id), members.branches(chapter_id)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if chapter_id == self.chapter_id:
                self.filter_bar.set_choices(*result)
                self.filter_choices_loaded.emit()

        self.jobs.start(work, "filter choices", on_success=done,
                        on_failure=lambda error: log.warning("filter choices: %s", error.details))

    # --- members (the form and commands are imported when first used) ---------------------------------

    def _refuse_if_read_only(self) -> bool:
        if self.database.read_only:
            self.statusBar().showMessage("The database is open read-only: members cannot be changed.", 6000)
        return self.database.read_only

    def _member_to_change(self) -> int | None:
        """The selected member, or None after saying why nothing can be changed."""
        if self._refuse_if_read_only():
            return None
        member_id = self.selected_member_id()
        if member_id is None:
            self.statusBar().showMessage("Select a member first.", 4000)
        return member_id

    def add_member(self) -> None:
        if self._refuse_if_read_only():
            return
        from lien_desktop.ui.member_editor import MemberEditor  # imported when first needed (start-up time)

        MemberEditor(self.members, self.undo_stack, self.chapter_id, None, self).exec()

    def edit_member(self) -> None:
        member_id = self._member_to_change()
        if member_id is None:
            return
        from lien_desktop.ui.member_editor import MemberEditor  # imported when first needed (start-up time)

        MemberEditor(self.members, self.undo_stack, self.chapter_id, member_id, self).exec()

    def remove_member(self) -> None:
        member_id = self._member_to_change()
        if member_id is None:
            return
        from lien_desktop.ui.undo_commands import RemoveMemberCommand

        summary = self.model.summary(self.model.row_of(member_id) or 0)
        name = summary.display_name if summary else "this member"
        answer = QMessageBox.question(
            self, "Remove member",
            f"Remove {name} from the register?\n\nYou can undo this with Edit > Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_stack.push(RemoveMemberCommand(self.members, member_id))

    # --- remembering ----------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        if (geometry := self.settings.geometry()) is not None:
            self.restoreGeometry(geometry)
        else:  # first start: most of the screen, up to a comfortable size
            screen = self.screen().availableGeometry()
            self.resize(min(1400, screen.width() - 40), min(860, screen.height() - 40))
        if (state := self.settings.window_state()) is not None:
            self.restoreState(state)
        if (splitter := self.settings.splitter_state()) is not None:
            self.splitter.restoreState(splitter)
        header = self.table.horizontalHeader()
        if (header_state := self.settings.header_state()) is not None:
            header.restoreState(header_state)
        # Sorting on after the header is restored: the remembered order is the first (and only) query.
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.setSortingEnabled(True)

    def save_settings(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState(), self.splitter.saveState(),
                                  self.table.horizontalHeader().saveState())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not hasattr(self, "table"):  # events during construction
            return super().eventFilter(watched, event)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.table.viewport().rect())
        if watched is self.table.viewport() and event.type() == QEvent.Type.Paint:
            # A long list's first page is on screen once this paint has finished: read the rest now.
            QTimer.singleShot(0, self.model, self.model.start_reading_rest)
            if not self._painted and self.model.rowCount() > 0:
                self._painted = True
                QTimer.singleShot(0, self.first_rows_painted.emit)  # after this paint has finished
        return super().eventFilter(watched, event)
