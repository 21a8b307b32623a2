"""The members table: ids in memory, rows fetched from the database in blocks as the view needs them.

Filtering and sorting happen in the database (MemberService.ids, which uses the search index); the
model holds the ordered list of matching ids and a bounded cache of MemberSummary rows. There is no
QSortFilterProxyModel: over 100,000 rows it cost 0.3-3.5 s per keystroke.

Given a job runner, a new search (or chapter) comes in two steps: the first page of matching ids at
once, so the table repaints within a keystroke, then the full list read on a worker thread, appended
as inserted rows (`rows_completed` says when). Over 100,000 members a search matching nearly everyone
took 0.2 s to list in full; its first page takes a third of that.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from lien_desktop.domain.members import MemberFilter, MemberSummary, SortOrder
from lien_desktop.domain.validation import display_phone, format_uk_date
from lien_desktop.services.members import MemberService

if TYPE_CHECKING:
    from lien_desktop.ui.workers import Job, JobRunner

log = logging.getLogger(__name__)

MemberIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2
ConfidentialRole = Qt.ItemDataRole.UserRole + 3

_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ANSWERED_ROLES = frozenset({_DISPLAY, _FOREGROUND, Qt.ItemDataRole.ToolTipRole, MemberIdRole, SummaryRole,
                             ConfidentialRole})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

CONFIDENTIAL_MARK = "\u25cf "  # a dot before the name; the tooltip says what it means
CONFIDENTIAL_COLOUR = QColor("#8a1c1c")  # the name of a confidential member


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    sort_key: str  # a SortOrder column


COLUMNS: tuple[Column, ...] = (
    Column("Name", "last_name"),
    Column("Email", "email"),
    Column("Mobile", "mobile_phone"),
    Column("Postcode", "postcode"),
    Column("Branch", "branch"),
    Column("LIEN status", "status"),
    Column("Labour standing", "standing"),
    Column("Joined", "joined_on"),
)
NAME, EMAIL, MOBILE, POSTCODE, BRANCH, STATUS, STANDING, JOINED = range(len(COLUMNS))


def display_name(row: MemberSummary) -> str:
    """'Last, First' — and the preferred name in brackets when the member uses another one."""
    first = row.first_name
    if row.preferred_name and row.preferred_name != row.first_name:
        first = f"{first} ({row.preferred_name})" if first else row.preferred_name
    if row.last_name and first:
        return f"{row.last_name}, {first}"
    return row.last_name or first


def cell_text(row: MemberSummary, column: int) -> str:
    if column == NAME:
        return (CONFIDENTIAL_MARK if row.confidential else "") + display_name(row)
    if column == EMAIL:
        return row.email
    if column == MOBILE:
        return display_phone(row.mobile_phone)
    if column == POSTCODE:
        return row.postcode
    if column == BRANCH:
        return row.branch
    if column == STATUS:
        return row.status.label
    if column == STANDING:
        return row.standing.label if row.standing else ""
    if column == JOINED:
        return format_uk_date(row.joined_on)
    return ""


class MembersTableModel(QAbstractTableModel):
    BLOCK = 100  # rows fetched per query: a screenful or two
    CACHE_LIMIT = 4000  # rows kept; the oldest blocks are dropped first
    FIRST_PAGE = 1000  # ids read at once when the rest can follow from a worker (dozens of screenfuls)
    # The rest of a long list is read once its first page is painted (the view calls start_reading_rest),
    # or after this long if it is not painted (the table hidden behind another tab).
    REST_AFTER_MS = 100

    rows_completed = Signal()  # every matching id is known (at once, or after the first page)

    def __init__(self, members: MemberService, chapter_id: int | None = None, parent=None,  # type: ignore[no-untyped-def]
                 runner: JobRunner | None = None):
        super().__init__(parent)
        self.members = members
        self.chapter_id = chapter_id
        self.filter = MemberFilter()
        self.order = SortOrder()
        self.runner = runner  # None: every query reads the whole list at once
        self._ids: list[int] = []
        self._complete = True
        self._generation = 0  # bumped at each query: a late full list of an older query is dropped
        self._rest: Job | None = None  # reading the rest of the list: prepared, not yet started
        self._rows_by_id: dict[int, int] | None = None  # built when first needed
        # member id -> (row, its cells' texts): formatted once, not at every paint (phones are slow)
        self._cache: OrderedDict[int, tuple[MemberSummary, list[str | None]]] = OrderedDict()
        self._sort_column = NAME
        self._sort_descending = False
        if chapter_id is not None:
            self._ids = self._query()

    # --- what the model shows -------------------------------------------------------------------

    def _query(self) -> list[int]:
        """Every matching id, read now (a sort or a refresh must keep the selected member in view)."""
        self._generation += 1
        self._rest = None  # an older list's rest is never read
        self._complete = True
        if self.chapter_id is None:
            return []
        return self.members.ids(self.chapter_id, self.filter, self.order)

    def _query_first_page(self) -> list[int]:
        """The first page of matching ids now, and the rest from the runner's worker if there are more."""
        if self.runner is None or self.chapter_id is None:
            return self._query()
        self._generation += 1
        self._rest = None  # an older list's rest is never read (typing on: only the last search's is)
        generation, chapter_id, flt, order, members = (self._generation, self.chapter_id, self.filter,
                                                       self.order, self.members)
        page = members.first_page(chapter_id, flt, order, self.FIRST_PAGE)
        self._complete = page.complete
        if self._complete:
            return page.ids
        def read_the_rest(_progress: object) -> tuple[int, list[int] | None]:
            try:
                return generation, members.ids(chapter_id, flt, order)
            except Exception:  # noqa: BLE001 - read again on the GUI thread, where an error is shown
                log.warning("reading the rest of the members list on a worker failed", exc_info=True)
                return generation, None

        job = self.runner.prepare(read_the_rest, "list of members")
        job.signals.succeeded.connect(self._full_list_arrived)
        # Not yet: a worker reading while the first page is painted holds Python's GIL in turns with
        # the painting, which then takes a quarter longer (measured: 34-38 ms a keystroke, 27-31 ms).
        self._rest = job
        QTimer.singleShot(self.REST_AFTER_MS, self, self.start_reading_rest)
        return page.ids

    def start_reading_rest(self) -> None:
        """Start reading the rest of a long list, if it is still to be read (once its first page is
        on screen: see REST_AFTER_MS)."""
        job, self._rest = self._rest, None
        if job is not None and self.runner is not None:
            self.runner.submit(job)

    def _full_list_arrived(self, result: tuple[int, list[int] | None]) -> None:
        generation, ids = result
        if generation != self._generation:  # a newer search was typed meanwhile
            return
        if ids is None:  # the worker failed: once more here; an error now reaches the error dialog
            ids = self.members.ids(self.chapter_id, self.filter, self.order) if self.chapter_id is not None else []
        self._complete = True
        shown = len(self._ids)
        if ids[:shown] != self._ids:  # changed between the two reads: map the selection over
            self._forget_all()
            self._relayout(ids)
        elif len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            self._rows_by_id = None
            self.endInsertRows()
        self.rows_completed.emit()

    @property
    def complete(self) -> bool:
        """False while the rest of a long list is still being read after its first page."""
        return self._complete

    def set_chapter(self, chapter_id: int | None) -> None:
        self.chapter_id = chapter_id
        self._start_afresh(keep_rows_read=False)

    def set_filter(self, flt: MemberFilter) -> None:
        """A new search or filter: the matching ids are queried again and the view starts afresh."""
        self.filter = flt
        # Rows already read stay cached: a search changes who is shown, not what they hold (edits come
        # through refresh, which forgets them).
        self._start_afresh(keep_rows_read=True)

    def _start_afresh(self, keep_rows_read: bool) -> None:
        self.beginResetModel()
        self._ids = self._query_first_page()
        if keep_rows_read:
            self._rows_by_id = None
        else:
            self._forget_all()
        self.endResetModel()
        if self._complete:
            self.rows_completed.emit()

    def refresh(self) -> None:
        """After a change (save, undo, redo): query again, keeping the selection and current row.

        A layout change (not a reset) maps each persistent index to the same member's new row, so the
        view keeps its selection; a member that is no longer shown loses it.
        """
        new_ids = self._query()
        self._forget_all()
        if new_ids == self._ids:
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
            return
        self._relayout(new_ids)

    def refresh_members(self, member_ids: Iterable[int]) -> None:
        """Some members changed in place: fetch their rows again and repaint only those rows."""
        rows = self._rows()
        for member_id in member_ids:
            self._cache.pop(member_id, None)
            row = rows.get(member_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _relayout(self, new_ids: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_members = [(self._ids[p.row()] if 0 <= p.row() < len(self._ids) else None, p.column()) for p in persistent]
        self._ids = new_ids
        self._rows_by_id = None
        rows = self._rows()
        new_indexes = []
        for member_id, column in old_members:
            row = rows.get(member_id) if member_id is not None else None
            new_indexes.append(self.index(row, column) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()

    def _forget_all(self) -> None:
        self._cache.clear()
        self._rows_by_id = None

    def _rows(self) -> dict[int, int]:
        if self._rows_by_id is None:
            self._rows_by_id = {member_id: row for row, member_id in enumerate(self._ids)}
        return self._rows_by_id

    # --- lookups for the window -----------------------------------------------------------------

    def member_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, member_id: int) -> int | None:
        return self._rows().get(member_id)

    def member_count(self) -> int:
        return len(self._ids)

    def summary(self, row: int) -> MemberSummary | None:
        cached = self._cached(row)
        return cached[0] if cached else None

    def display_text(self, row: int, column: int) -> str | None:
        """What a cell shows (its DisplayRole), for the table's delegate: one call, no role to check."""
        cached = self._cached(row) if 0 <= column < len(COLUMNS) else None
        if cached is None:  # removed since the ids were read; the next refresh drops it
            return None
        summary, texts = cached
        text = texts[column]
        if text is None:
            text = texts[column] = cell_text(summary, column)
        return text

    def foreground(self, row: int, column: int) -> QColor | None:
        """A cell's own text colour (its ForegroundRole), or None for the style's: a confidential
        member's name."""
        if column != NAME:
            return None
        cached = self._cached(row)
        return CONFIDENTIAL_COLOUR if cached is not None and cached[0].confidential else None

    def _cached(self, row: int) -> tuple[MemberSummary, list[str | None]] | None:
        member_id = self.member_id(row)
        if member_id is None:
            return None
        found = self._cache.get(member_id)
        if found is None:
            self._fetch_block(row)
            found = self._cache.get(member_id)
        return found

    def _fetch_block(self, row: int) -> None:
        start = row - row % self.BLOCK
        wanted = [i for i in self._ids[start : start + self.BLOCK] if i not in self._cache]
        for member_id, summary in self.members.summaries(wanted).items():
            self._cache[member_id] = (summary, [None] * len(COLUMNS))  # texts made when first shown
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)

    # --- QAbstractTableModel --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        # Called for every role of every visible cell at each paint: answer the common case first.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        if row_number >= len(self._ids) or column >= len(COLUMNS):
            return None
        if role == _DISPLAY:
            return self.display_text(row_number, column)
        if role == _FOREGROUND:
            colour = self.foreground(row_number, column)
            return QBrush(colour) if colour is not None else None
        if role == MemberIdRole:
            return self._ids[row_number]
        cached = self._cached(row_number)
        if cached is None:  # removed since the ids were read; the next refresh drops it
            return None
        row = cached[0]
        if role == SummaryRole:
            return row
        if role == ConfidentialRole:
            return row.confidential
        if not row.confidential or column != NAME:
            return None
        return f"{display_name(row)} — confidential: share nothing about this member"  # tooltip

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new query in the database, not a sort in Python."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column = column
        self._sort_descending = order == Qt.SortOrder.DescendingOrder
        self.order = SortOrder(COLUMNS[column].sort_key, self._sort_descending)
        self._relayout(self._query())  # the cached rows stay: the same members, in another order

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_descending(self) -> bool:
        return self._sort_descending
