"""Table models of the meeting screens: each shows a tuple of plain rows and is reset with new rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import AttendanceKind
from lien_desktop.services.business_helpers import votes_text

Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], object]]


def _date(value) -> str:  # type: ignore[no-untyped-def]
    return f"{value:%d/%m/%Y}" if value else ""


class RowsModel(QAbstractTableModel):
    """Read-only rows described by (header, getter) columns."""

    columns: Sequence[Column] = ()

    def __init__(self, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self._rows[index]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", getattr(row, "member_id", None))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None


class MeetingListModel(RowsModel):
    columns = (
        ("Date", lambda m: _date(m.date)),
        ("Meeting", lambda m: m.title),
        ("Minutes", lambda m: m.minutes_status.value.capitalize()),
        ("Present", lambda m: m.present),
    )


class AgendaModel(RowsModel):
    columns = (
        ("No.", lambda i: i.number),
        ("Item", lambda i: ("    " * i.depth) + i.title),
        ("Presenter", lambda i: i.presenter),
    )


class CheckInModel(RowsModel):
    """Members found at the door; the first column is a tick box (present)."""

    columns = (
        ("Present", lambda a: ""),
        ("Name", lambda a: a.name + (" (confidential)" if a.confidential else "")),
        ("Recorded", lambda a: a.kind.label + (f", {a.note}" if a.note else "")),
    )

    def __init__(self, on_tick: Callable[[v.AttendanceView, bool], None], parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.on_tick = on_tick
        self.editable = True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0 and self.editable:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0 \
                and 0 <= index.row() < len(self._rows):
            present = self._rows[index.row()].kind is AttendanceKind.PRESENT
            return Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0 or not self.editable:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.on_tick(self._rows[index.row()], checked)
        return True

    def replace(self, row: int, value: v.AttendanceView) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class AttendanceModel(RowsModel):
    columns = (
        ("Name", lambda a: a.name),
        ("Attendance", lambda a: a.kind.label),
        ("Note", lambda a: a.note),
    )


class MotionsModel(RowsModel):
    columns = (
        ("No.", lambda m: m.label),
        ("Motion", lambda m: m.title or m.wording[:80]),
        ("Proposer", lambda m: m.proposer.name),
        ("Seconder", lambda m: m.seconder.name),
        ("Votes", lambda m: votes_text(m)),
        ("Result", lambda m: m.result.label),
        ("Amendments", lambda m: len(m.amendments) or ""),
    )


class ActionsModel(RowsModel):
    columns = (
        ("No.", lambda a: a.label),
        ("Action", lambda a: a.what),
        ("Who", lambda a: a.owner.name),
        ("By", lambda a: _date(a.due)),
        ("Status", lambda a: a.status.label),
        ("From", lambda a: f"{a.meeting_title} ({_date(a.meeting_date)})"),
    )


def tune_table(view, stretch_column: int) -> None:  # type: ignore[no-untyped-def]
    """One line per row, the main column taking the spare width, the others fitted to their text."""
    from PySide6.QtWidgets import QHeaderView

    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
