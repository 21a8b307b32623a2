"""The import wizard, driven as a user would: file → mapping → preview → duplicates → import."""

from PySide6.QtCore import Qt

from import_fixtures import people, write_xlsx
from lien_desktop.services.import_history import ImportHistoryService
from lien_desktop.services.members import MemberService
from lien_desktop.ui.import_preview_model import ImportPreviewModel
from lien_desktop.ui.import_wizard import DUPLICATES, MAPPING, PREVIEW, RUN, open_import_wizard


def test_wizard_imports_a_dropped_file(qtbot, qtmodeltester, database, chapter_id, tmp_path):
    rows = [*people(3), ["Ann0", "Smith0", "ann0@example.org", "", "LS9 9ZZ", "", "lapsed"],  # conflicting status
            ["Bad", "Row", "bad@example.org", "", "NOPE", "", "active"]]
    path = write_xlsx(tmp_path / "dropped.xlsx", rows)
    wizard = open_import_wizard(database, chapter_id, path)
    qtbot.addWidget(wizard)
    assert wizard.currentId() == MAPPING
    combos = dict(wizard.mapping_page.combos)
    assert combos[6].currentData() == "status"
    wizard.next()
    assert wizard.currentId() == PREVIEW
    qtmodeltester.check(wizard.preview_model)
    model: ImportPreviewModel = wizard.preview_model
    assert model.rowCount() == 5 and model.headerData(4, Qt.Orientation.Vertical) == "6"
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # errors: refused until chosen
    wizard.preview_page.valid_only.setChecked(True)
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentId() == DUPLICATES
    assert list(wizard.duplicates_page.combos) == [5]
    wizard.duplicates_page.combos[5].setCurrentIndex(0)  # skip: the conflicting status is never merged
    wizard.next()
    assert wizard.currentId() == RUN
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)
    assert wizard.outcome == "imported", wizard.run_page.result.text()
    assert MemberService(database).count(chapter_id) == 3
    assert ImportHistoryService(database).history()[0].imported == 3
    report = wizard.save_error_report(path=str(tmp_path / "problems.xlsx"))
    assert report.exists()


def test_wizard_cancel_leaves_the_register_untouched(qtbot, database, chapter_id, tmp_path):
    path = write_xlsx(tmp_path / "many.xlsx", people(3000))
    wizard = open_import_wizard(database, chapter_id, path)
    qtbot.addWidget(wizard)
    wizard.next()
    assert wizard.currentId() == PREVIEW
    # Cancel as soon as the job reports progress (the first batch is written, not committed).
    wizard.runner.pool.setMaxThreadCount(1)
    wizard.next()
    wizard.cancel_import()
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)
    assert wizard.outcome == "cancelled"
    assert MemberService(database).count(chapter_id) == 0
    assert ImportHistoryService(database).history() == []


def test_wizard_asks_for_the_encoding_with_a_preview(qtbot, database, chapter_id, tmp_path):
    from lien_desktop.ui.import_wizard import SOURCE

    path = tmp_path / "mac.csv"
    path.write_bytes("First name,Surname,Email,Status\nSiân,Evans,sian@example.org,active\n".encode("mac_roman"))
    wizard = open_import_wizard(database, chapter_id, path)
    qtbot.addWidget(wizard)
    assert wizard.currentId() == SOURCE
    page = wizard.source_page
    assert page.encoding.isVisibleTo(wizard)
    page.encoding.setCurrentIndex(page.encoding.findData("mac_roman"))
    assert "Siân,Evans" in page.text.toPlainText()
    wizard.next()
    assert wizard.currentId() == MAPPING
    wizard.next()
    assert wizard.currentId() == PREVIEW
    wizard.next()
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)
    assert wizard.outcome == "imported"
    assert [m["first_name"] for m in MemberService(database).plain_rows(chapter_id)] == ["Siân"]
