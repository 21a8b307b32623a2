"""The pages of the import wizard (ui.import_wizard): each shows one step and asks the wizard to do the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWizardPage,
)

from lien_desktop.domain.import_columns import check_mapping, field_title, ignored_reason, mappable_fields
from lien_desktop.domain.import_duplicates import Decision
from lien_desktop.io.csv_reader import CANDIDATE_ENCODINGS, ENCODING_LABELS

if TYPE_CHECKING:
    from lien_desktop.ui.import_wizard import ImportWizard

FILE, SOURCE, MAPPING, PREVIEW, DUPLICATES, RUN = range(6)
FILE_FILTER = "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #9c0006")
    label.setAccessibleName("Problem")
    return label


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Choose the member list")
        self.setSubTitle("A workbook (.xlsx, .xls, .ods) or a CSV file. Nothing is changed until the last step.")
        self.path = QLineEdit()
        self.path.setAccessibleName("File")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.error = _error_label()
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import members", "", FILE_FILTER)
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        self.error.clear()
        return self.w.open_file(Path(self.path.text().strip()), error=self.error)


class SourcePage(QWizardPage):
    """Which sheet; for text files, which encoding (with a preview when it could not be decided)."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Sheet and encoding")
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.encoding = QComboBox()
        self.encoding.setAccessibleName("Encoding")
        for code in CANDIDATE_ENCODINGS:
            self.encoding.addItem(ENCODING_LABELS[code], code)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Preview of the text")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        for widget in (self.info, QLabel("Sheet:"), self.sheet, QLabel("Encoding:"), self.encoding, self.text,
                       self.error):
            layout.addWidget(widget)
        self.encoding.currentIndexChanged.connect(self._show_encoding)

    def initializePage(self) -> None:  # noqa: N802
        w = self.w
        self.sheet.clear()
        source = w.source
        if source is not None and source.sheets:
            for info in source.sheets:
                self.sheet.addItem(info.name if info.visible else f"{info.name} (hidden)", info.name)
            self.sheet.setCurrentIndex(self.sheet.findData(source.sheet))
        undecided = w.encoding_previews is not None
        self.sheet.setVisible(bool(source and source.sheets))
        self.encoding.setVisible(undecided)
        self.text.setVisible(undecided)
        if undecided:
            self.info.setText("The file's encoding cannot be decided from its contents. Choose the one under which "
                              "the names and addresses look right.")
            self._show_encoding()
        elif source is not None:
            self.info.setText(f"The member list was found on sheet “{source.sheet}”, header on row "
                              f"{source.header_row}." if source.sheets else "A text file.")

    def _show_encoding(self) -> None:
        previews = self.w.encoding_previews or {}
        self.text.setPlainText(previews.get(self.encoding.currentData(), "(cannot be read this way)"))

    def validatePage(self) -> bool:  # noqa: N802
        self.error.clear()
        encoding = self.encoding.currentData() if self.w.encoding_previews is not None else None
        sheet = self.sheet.currentData() if self.sheet.count() else None
        return self.w.open_file(self.w.path, sheet=sheet, encoding=encoding, error=self.error)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Which column holds what")
        self.setSubTitle("Matched by header name. Correct anything wrong; the choice is remembered for files "
                         "with the same headers.")
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Column in the file", "Imported as"])
        self.table.setAccessibleName("Column mapping")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.unmapped = QLabel()
        self.unmapped.setWordWrap(True)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.unmapped)
        layout.addWidget(self.error)
        self.combos: list[tuple[int, QComboBox]] = []

    def initializePage(self) -> None:  # noqa: N802
        source = self.w.source
        assert source is not None
        self.table.setRowCount(len(source.columns))
        self.combos = []
        for i, column in enumerate(source.columns):
            label = QLabel(f"{column.letter}: {column.header}" if column.header else f"{column.letter}: (no header)")
            self.table.setCellWidget(i, 0, label)
            combo = QComboBox()
            combo.setAccessibleName(f"Imported as, column {column.letter}")
            combo.addItem("(not imported)", None)
            for name in mappable_fields():
                combo.addItem(field_title(name), name)
            combo.setCurrentIndex(max(0, combo.findData(source.mapping.get(column.index))))
            combo.currentIndexChanged.connect(self._update_unmapped)
            self.table.setCellWidget(i, 1, combo)
            self.combos.append((column.index, combo))
        self.table.resizeColumnToContents(0)
        self._update_unmapped()

    def mapping(self) -> dict[int, str | None]:
        return {index: combo.currentData() for index, combo in self.combos}

    def _update_unmapped(self) -> None:
        source = self.w.source
        assert source is not None
        mapping = self.mapping()
        left_out = [c for c in source.columns if not mapping.get(c.index)]
        own = [c.title for c in left_out if ignored_reason(c.header)]
        names = [c.title for c in left_out if not ignored_reason(c.header)]
        lines = ["Not imported: " + ", ".join(names)] if names else []
        if own:
            lines.append("Recognised and left out on purpose: " + ", ".join(own) + " (the register's own record "
                         "number from an export; members already here are found by email, membership number, or "
                         "name and postcode)")
        self.unmapped.setText("\n".join(lines) or "Every column is imported.")

    def validatePage(self) -> bool:  # noqa: N802
        mapping = self.mapping()
        problems = check_mapping(mapping)
        if problems:
            self.error.setText("; ".join(problems))
            return False
        self.error.clear()
        return self.w.make_preview(mapping, self.error)


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Preview: every row as it will be stored")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QTableView()
        self.view.setAccessibleName("Preview")
        self.view.setModel(wizard.preview_model)
        self.view.horizontalHeader().setStretchLastSection(True)
        wizard.preview_model.modelReset.connect(self.view.resizeColumnsToContents)
        self.valid_only = QCheckBox("Import only the valid rows (the rows with errors are left out)")
        self.valid_only.setAccessibleName("Import only the valid rows")
        self.valid_only.toggled.connect(self.completeChanged)
        self.report_button = QPushButton("Save error report…")
        self.report_button.clicked.connect(wizard.save_error_report)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.view, self.valid_only, self.report_button):
            layout.addWidget(widget)

    def initializePage(self) -> None:  # noqa: N802
        preview = self.w.preview
        assert preview is not None
        errors = len(preview.error_rows)
        notices = [f"“{p.column}”: {p.reason}." if p.column else f"{p.reason[:1].upper()}{p.reason[1:]}."
                   for p in preview.file_problems]
        self.summary.setText(f"{len(preview.rows)} rows read; {errors} with errors; "
                             f"{len(preview.reviews)} possible duplicates to review. " + " ".join(notices))
        self.valid_only.setVisible(errors > 0)
        self.valid_only.setChecked(False)

    def isComplete(self) -> bool:  # noqa: N802
        preview = self.w.preview
        if preview is None or preview.blocking or not preview.rows:
            return False
        return not preview.error_rows or self.valid_only.isChecked()

    def nextId(self) -> int:  # noqa: N802
        return DUPLICATES if self.w.preview is not None and self.w.preview.reviews else RUN


class DuplicatesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Possible duplicates")
        self.setSubTitle("For each pair, choose: update the existing member, keep both, or skip this row.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Row", "Looks like", "Decision"])
        self.table.setAccessibleName("Possible duplicates")
        self.table.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self).addWidget(self.table)
        self.combos: dict[int, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802
        preview = self.w.preview
        assert preview is not None
        self.table.setRowCount(len(preview.reviews))
        self.combos = {}
        rows = {r.row: r for r in preview.rows}
        for i, match in enumerate(preview.reviews):
            values = rows[match.row].values
            self.table.setCellWidget(i, 0, QLabel(f"{match.row}: {values.get('first_name', '')} "
                                                  f"{values.get('last_name', '')}"))
            if match.member_id is not None:
                other = preview.existing.get(match.member_id, {})
                target = f"member {other.get('first_name', '')} {other.get('last_name', '')} ({match.reason})"
            else:
                other = rows[match.other_row].values if match.other_row in rows else {}
                target = f"row {match.other_row}: {other.get('first_name', '')} {other.get('last_name', '')} " \
                         f"({match.reason})"
            self.table.setCellWidget(i, 1, QLabel(target))
            combo = QComboBox()
            combo.setAccessibleName(f"Decision for row {match.row}")
            for decision, label in ((Decision.SKIP, "Skip this row"), (Decision.UPDATE, "Update the existing one"),
                                    (Decision.KEEP_BOTH, "Keep both")):
                combo.addItem(label, decision)
            self.table.setCellWidget(i, 2, combo)
            self.combos[match.row] = combo

    def decisions(self) -> dict[int, Decision]:
        return {row: combo.currentData() for row, combo in self.combos.items()}


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Importing")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel import")
        self.cancel.clicked.connect(wizard.cancel_import)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Import result")
        self.report_button = QPushButton("Save error report…")
        self.report_button.clicked.connect(wizard.save_error_report)
        layout = QVBoxLayout(self)
        for widget in (self.progress, self.cancel, self.result, self.report_button):
            layout.addWidget(widget)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802
        self.result.clear()
        self.report_button.setVisible(bool(self.w.preview and self.w.preview.problems))
        self.w.start_import()

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.job is None
