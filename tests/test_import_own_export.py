"""Our own export imported again: every column is recognised. "Member ID" is named as the register's own
record number and left out on purpose; "Constituency name" is read as the constituency (issue 3)."""

from pathlib import Path

from lien_desktop.domain.import_columns import OWN_RECORD_REASON
from lien_desktop.services.exporting import ExportService
from lien_desktop.services.importing import ImportService
from lien_desktop.services.members import MemberService
from lien_desktop.ui.import_wizard import PREVIEW, open_import_wizard

NOT_CHOSEN = "this column is not imported (no register field chosen for it)"


def _export(database, chapter_id, tmp_path: Path, suffix: str = ".xlsx") -> Path:
    service = MemberService(database)
    service.add(chapter_id, {"first_name": "Ann", "last_name": "Smith", "email": "ann@example.org",
                             "status": "active", "constituency_code": "E14001318"})
    service.add(chapter_id, {"first_name": "Bob", "last_name": "Jones", "email": "bob@example.org",
                             "status": "lapsed", "constituency_code": "W07000102"})
    out = tmp_path / f"register{suffix}"
    ExportService(database).export(chapter_id, out, "full", include_confidential=True)
    return out


def test_a_real_export_has_no_unrecognised_columns(database, chapter_id, tmp_path):
    out = _export(database, chapter_id, tmp_path)
    service = ImportService(database)
    source = service.open(out)
    by_header = {c.header: (c.letter, source.mapping[c.index]) for c in source.columns}
    assert by_header["Member ID"] == ("A", None)
    assert by_header["Constituency name"] == ("M", "constituency_name")
    assert by_header["Constituency code"] == ("L", "constituency_code")
    preview = service.preview(source, chapter_id)
    notices = [(p.sheet, p.row, p.column, p.reason) for p in preview.file_problems if p.column]
    assert notices == [("Members", 1, "Member ID", OWN_RECORD_REASON)]
    assert not any(p.reason == NOT_CHOSEN for p in preview.problems)
    assert {r.values["first_name"]: r.values["constituency_code"] for r in preview.rows} == {
        "Ann": "E14001318", "Bob": "W07000102"}
    assert [p.describe() for p in preview.problems if p.severity.value == "error"] == []


def test_constituency_names_become_codes_and_wrong_ones_are_named(database, chapter_id, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("First name,Status,Constituency name,Constituency code\n"
                    "Ann,active,Leeds Central and Headingley,\n"           # row 2: name only, stored as its code
                    "Bob,active,montgomeryshire and glyndwr,W07000102\n"  # row 3: accents and case ignored, agrees
                    "Cy,active,Leeds Central and Headingley,W07000102\n"  # row 4: name and code disagree
                    "Di,active,Narnia North,\n"                           # row 5: not a constituency
                    "Ed,active,,E14001318\n", encoding="utf-8")           # row 6: code only
    service = ImportService(database)
    preview = service.preview(service.open(path), chapter_id)
    problems = {(p.row, p.column, p.value, p.severity.value) for r in preview.rows for p in r.problems}
    assert problems == {(4, "Constituency name", "Leeds Central and Headingley", "error"),
                        (5, "Constituency name", "Narnia North", "error")}
    reasons = {p.row: p.reason for r in preview.rows for p in r.problems}
    assert "the constituency code in this row is W07000102" in reasons[4]
    assert "is not the name of a Westminster constituency" in reasons[5]
    codes = {r.row: r.values.get("constituency_code") for r in preview.rows if not r.has_error}
    assert codes == {2: "E14001319", 3: "W07000102", 6: "E14001318"}
    report = service.run(preview, valid_only=True)
    assert report.counts["imported"] == 3
    stored = {m["first_name"]: m["constituency_code"] for m in MemberService(database).plain_rows(chapter_id)}
    assert stored == {"Ann": "E14001319", "Bob": "W07000102", "Ed": "E14001318"}


def test_wizard_says_member_id_is_left_out_on_purpose(qtbot, database, chapter_id, tmp_path):
    out = _export(database, chapter_id, tmp_path, ".csv")
    wizard = open_import_wizard(database, chapter_id, out)
    qtbot.addWidget(wizard)
    text = wizard.mapping_page.unmapped.text()
    assert "Not imported:" not in text
    assert text.startswith("Recognised and left out on purpose: Member ID (the register's own record number")
    combos = dict(wizard.mapping_page.combos)
    assert combos[12].currentText() == "Constituency (by name)"  # column M
    wizard.next()
    assert wizard.currentId() == PREVIEW


def test_preview_shows_a_constituency_name_as_the_code_stored(qtbot, qtmodeltester, database, chapter_id, tmp_path):
    from PySide6.QtCore import Qt

    path = tmp_path / "names.csv"
    path.write_text("First name,Status,Constituency name\nAnn,active,Leeds Central and Headingley\n"
                    "Bob,active,Narnia North\n", encoding="utf-8")
    wizard = open_import_wizard(database, chapter_id, path)
    qtbot.addWidget(wizard)
    wizard.next()
    assert wizard.currentId() == PREVIEW
    model = wizard.preview_model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["First name", "LIEN status", "Constituency code", "Problems"]
    assert model.data(model.index(0, 2)) == "E14001319"
    assert model.data(model.index(1, 2)) == "Narnia North"  # the wrong name, where the code would be
