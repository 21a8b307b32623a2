"""The import wizard: file → sheet/encoding → column mapping → preview → duplicates → import → summary.

Nothing is written before the last step, which runs in a JobRunner job (progress bar, Cancel); a
cancel rolls the whole import back. Open it with `ImportWizard(database, chapter_id, parent)`, or
`open_import_wizard(database, chapter_id, path, parent)` for a file dropped on the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QWidget,
    QWizard,
)

from lien_desktop.db.engine import Database
from lien_desktop.domain.errors import LienError
from lien_desktop.io.csv_reader import EncodingUndecided
from lien_desktop.io.file_safety import PasswordRequired
from lien_desktop.services.importing import ImportPreview, ImportRefused, ImportReport, ImportService, ImportSource
from lien_desktop.ui.import_preview_model import ImportPreviewModel
from lien_desktop.ui.workbook_password import ask_workbook_password
from lien_desktop.ui.workers import JobError, JobRunner, run_while_waiting

from lien_desktop.ui.import_wizard_pages import (  # noqa: F401 - the steps' ids are part of this API
    FILE,
    SOURCE,
    MAPPING,
    PREVIEW,
    DUPLICATES,
    RUN,
    FilePage,
    SourcePage,
    MappingPage,
    PreviewPage,
    DuplicatesPage,
    RunPage,
)


class ImportWizard(QWizard):
    def __init__(self, database: Database, chapter_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import members")
        self.service = ImportService(database)
        self.chapter_id = chapter_id
        self.runner = JobRunner(self)
        self.path = Path()
        self.source: ImportSource | None = None
        self.encoding_previews: dict[str, str] | None = None
        self.preview: ImportPreview | None = None
        self.preview_model = ImportPreviewModel(parent=self)
        self.report: ImportReport | None = None
        self.outcome = ""  # "imported", "cancelled", "failed"
        self.job = None
        self._password: str | None = None
        self.file_page = FilePage(self)
        self.source_page = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.run_page = RunPage(self)
        for page_id, page in ((FILE, self.file_page), (SOURCE, self.source_page), (MAPPING, self.mapping_page),
                              (PREVIEW, self.preview_page), (DUPLICATES, self.duplicates_page),
                              (RUN, self.run_page)):
            self.setPage(page_id, page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)

    # --- steps -----------------------------------------------------------------------------------

    def open_file(self, path: Path, *, sheet: str | None = None, encoding: str | None = None,
                  error: QLabel) -> bool:
        if path != self.path:
            self._password = None  # kept only while the same file is being read (its sheets)
        self.path = path
        try:
            # Reading a large workbook takes seconds: off the GUI thread, the window stays responsive.
            self.source = self._read(path, sheet, encoding)
            self.encoding_previews = None if encoding is None else self.encoding_previews
            return True
        except EncodingUndecided as exc:
            self.encoding_previews = exc.previews
            self.source = None
            return True  # the next page asks for the encoding
        except LienError as exc:
            error.setText(str(exc))
            return False

    def _read(self, path: Path, sheet: str | None, encoding: str | None) -> ImportSource:
        """Read the file; a password-protected workbook asks for its password until it opens or the
        secretary cancels (then the refusal is shown like any other)."""
        while True:
            password = self._password
            try:
                return run_while_waiting(
                    self.runner, self, lambda: self.service.open(path, sheet=sheet, encoding=encoding,
                                                                 password=password), f"Reading {path.name}…")
            except PasswordRequired as exc:
                typed = ask_workbook_password(self, path.name, exc.wrong)
                if typed is None:
                    raise
                self._password = typed

    def make_preview(self, mapping: dict[int, str | None], error: QLabel) -> bool:
        assert self.source is not None
        try:
            self.service.remember_mapping(self.source, mapping)
            source = self.source
            self.preview = run_while_waiting(
                self.runner, self, lambda: self.service.preview(source, self.chapter_id, mapping),
                "Checking every row…")
        except LienError as exc:
            error.setText(str(exc))
            return False
        self.preview_model.set_preview(self.preview)
        return True

    def start_import(self) -> None:
        preview = self.preview
        assert preview is not None
        decisions = self.duplicates_page.decisions() if preview.reviews else {}
        valid_only = self.preview_page.valid_only.isChecked()
        self.outcome = ""
        self.run_page.cancel.setEnabled(True)

        def work(progress):  # type: ignore[no-untyped-def]
            return self.service.run(preview, decisions=decisions, valid_only=valid_only, progress=progress)

        job = self.runner.prepare(work, "import")
        job.signals.progressed.connect(self._progressed)
        job.signals.succeeded.connect(self._succeeded)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.finished.connect(self._finished)
        self.job = job
        self.runner.submit(job)

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.run_page.progress.setMaximum(max(total, 1))
        self.run_page.progress.setValue(done)
        self.run_page.progress.setFormat(text or "%p%")

    def _succeeded(self, report: ImportReport) -> None:
        self.report = report
        self.outcome = "imported"
        c = report.counts
        self.run_page.result.setText(
            f"Imported {c['imported']} new member(s), updated {c['updated']}, skipped {c['skipped']} "
            f"({c['duplicates']} duplicates, {c['warnings']} warnings, {c['errors']} errors). "
            f"It can be undone from the import history (import {report.import_id}).")
        self.run_page.progress.setValue(self.run_page.progress.maximum())

    def _failed(self, error: JobError) -> None:
        self.outcome = "failed"
        self.run_page.result.setText(f"Nothing was imported: {error.message}")

    def _cancelled(self) -> None:
        self.outcome = "cancelled"
        self.run_page.result.setText("Cancelled: nothing was imported; the register is as it was.")

    def _finished(self) -> None:
        self.job = None
        self.run_page.cancel.setEnabled(False)
        self.run_page.completeChanged.emit()

    def save_error_report(self, _checked: bool = False, path: str | None = None) -> Path | None:
        if self.preview is None:
            return None
        if path is None:
            suggested = str(self.path.with_name(f"{self.path.stem} - problems.xlsx"))
            path, _ = QFileDialog.getSaveFileName(self, "Save error report", suggested, "Excel workbook (*.xlsx)")
            if not path:
                return None
        return self.service.save_error_report(self.preview, path)

    def nextId(self) -> int:  # noqa: N802
        current = self.currentId()
        if current == FILE:
            show_source = self.encoding_previews is not None or bool(self.source and len(self.source.sheets) > 1)
            return SOURCE if show_source else MAPPING
        return super().nextId()

    def done(self, result: int) -> None:
        self._password = None  # a workbook's password lives no longer than the wizard's window
        super().done(result)

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()  # closing the window cancels: the transaction is rolled back
            self.runner.wait(30_000)
        super().reject()


def open_import_wizard(database: Database, chapter_id: int, path: str | Path | None = None,
                       parent: QWidget | None = None) -> ImportWizard:
    """Start the wizard, on a dropped file if one is given (it goes straight to the next step)."""
    wizard = ImportWizard(database, chapter_id, parent)
    if path is not None:
        wizard.file_page.path.setText(str(path))
    wizard.show()
    if path is not None:
        wizard.next()
    return wizard


__all__ = ["ImportWizard", "ImportRefused", "open_import_wizard"]
