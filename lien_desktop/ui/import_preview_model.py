"""The import preview as a table: every row as it will be stored, problems highlighted (tooltip = why)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from lien_desktop.domain.import_columns import CONSTITUENCY_NAME, FULL_NAME, field_title

# Pseudo-fields shown as the fields they are stored in (a full name is split; a constituency name is its code).
_SHOWN_AS = {FULL_NAME: ("first_name", "last_name"), CONSTITUENCY_NAME: ("constituency_code",)}
from lien_desktop.domain.import_table import Severity
from lien_desktop.domain.import_values import as_text
from lien_desktop.services.importing import ImportPreview

_ERROR = QBrush(QColor("#FFC7CE"))
_WARNING = QBrush(QColor("#FFEB9C"))
Index = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, preview: ImportPreview | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._preview: ImportPreview | None = None
        self._fields: list[str] = []
        if preview is not None:
            self.set_preview(preview)

    def set_preview(self, preview: ImportPreview) -> None:
        self.beginResetModel()
        self._preview = preview
        chosen = [f for f in preview.source.mapping.values() if f]
        fields: list[str] = []
        for name in chosen:
            fields.extend(_SHOWN_AS.get(name, (name,)))
        self._fields = list(dict.fromkeys(fields))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self._preview is None else len(self._preview.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._fields) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._fields):
                return field_title(self._fields[section])
            return "Problems" if section == len(self._fields) else None
        if self._preview is not None and 0 <= section < len(self._preview.rows):
            return str(self._preview.rows[section].row)  # the row as the spreadsheet shows it
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or self._preview is None:
            return None
        row = self._preview.rows[index.row()]
        column = index.column()
        if column == len(self._fields):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return "; ".join(f"{p.column}: {p.reason}" if p.column else p.reason for p in row.problems)
            if role == Qt.ItemDataRole.BackgroundRole:
                return _ERROR if row.has_error else _WARNING if row.has_warning else None
            return None
        name = self._fields[column]
        problems = [p for p in row.problems if p.field == name or name in _SHOWN_AS.get(p.field, ())]
        if role == Qt.ItemDataRole.DisplayRole:
            if name in row.values:
                value = row.values[name]
                if isinstance(value, tuple):
                    return ", ".join(value)
                if isinstance(value, bool):
                    return "yes" if value else ""
                return as_text(value)
            return problems[0].value if problems else ""
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return _ERROR if any(p.severity is Severity.ERROR for p in problems) else _WARNING
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(p.reason for p in problems)
        return None
