"""Importing member lists: what is read, what is reported (sheet/row/column), what is stored."""

import datetime as dt

import openpyxl
import pytest
import xlsxwriter
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from import_fixtures import HEADERS, people, write_xlsx
from lien_desktop.domain.import_duplicates import Decision
from lien_desktop.domain.members import MemberFilter
from lien_desktop.services.import_history import ImportHistoryService
from lien_desktop.services.importing import ImportRefused, ImportService
from lien_desktop.services.members import MemberService


def run(database, chapter_id, path, **kwargs):
    service = ImportService(database)
    source = service.open(path, sheet=kwargs.pop("sheet", None), encoding=kwargs.pop("encoding", None))
    preview = service.preview(source, chapter_id)
    return preview, service.run(preview, **kwargs)


def refused(database, chapter_id, path, **kwargs):
    with pytest.raises(ImportRefused) as info:
        run(database, chapter_id, path, **kwargs)
    return info.value.report


def stored(database, chapter_id):
    return {m["email"] or m["last_name"]: m for m in MemberService(database).plain_rows(chapter_id)}


def problems_at(report):
    return {(p.sheet, p.row, p.column, p.value, p.severity.value) for p in report.problems if p.row is not None}


def test_title_rows_merged_cells_second_sheet_blank_and_hidden_rows(database, chapter_id, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active["A1"] = "This workbook lists our members"
    ws = wb.create_sheet("Members 2024")
    ws["B2"] = "Leeds LIEN members"
    ws.merge_cells("B2:H2")
    ws["B3"] = "Exported 01/02/2024"
    for j, header in enumerate(HEADERS, start=2):
        ws.cell(row=5, column=j, value=header)
    for i, row in enumerate(people(3)):
        for j, value in enumerate(row, start=2):
            ws.cell(row=6 + i + (1 if i == 2 else 0), column=j, value=value)  # row 8 blank, rows 6,7,9 people
    ws.row_dimensions[7].hidden = True
    ws["B1000000"].font = openpyxl.styles.Font(bold=True)  # formatted-empty row at the bottom
    path = tmp_path / "members.xlsx"
    wb.save(path)

    preview, report = run(database, chapter_id, path)
    assert preview.source.sheet == "Members 2024" and preview.source.header_row == 5
    assert [r.row for r in preview.rows] == [6, 7, 9]
    assert preview.blank_rows == [8] and preview.hidden_rows == [7]
    assert report.counts["read"] == 3 and report.counts["imported"] == 3 and report.counts["blank_rows"] == 1
    notices = [p.reason for p in report.problems if p.severity.value == "notice"]
    assert any("hidden or filtered" in n and "rows 7" in n for n in notices)
    members = stored(database, chapter_id)
    assert members["ann0@example.org"]["mobile_phone"] == "+447700900000"
    assert members["ann0@example.org"]["joined_on"] == dt.date(2021, 1, 1)


def test_values_read_as_a_careful_person_would(database, chapter_id, tmp_path):
    rows = [
        ["Ann", "Smith", " ann@Example.ORG\u00a0", 7700900123, "ls1 4ab", "03/04/2021", " Active "],
        ["Bob", "Jones", "bob\u200b@example.org", "447700900124", "LS2 7HY", 44289, "LAPSED"],
        ["Cat", "Brown", "cat@example.org", "7.7E+09", "LS2 7HY", "2021-04-05", "left"],
    ]
    path = write_xlsx(tmp_path / "values.xlsx", rows)
    preview, report = run(database, chapter_id, path)
    members = stored(database, chapter_id)
    assert members["ann@example.org"]["mobile_phone"] == "+447700900123"
    assert members["ann@example.org"]["postcode"] == "LS1 4AB"
    assert members["ann@example.org"]["joined_on"] == dt.date(2021, 4, 3)  # 3 April: UK order
    assert members["ann@example.org"]["status"] == "active"
    assert members["bob@example.org"]["mobile_phone"] == "+447700900124"
    assert members["bob@example.org"]["joined_on"] == dt.date(2021, 4, 3)  # serial 44289
    assert members["bob@example.org"]["status"] == "lapsed"
    assert members["cat@example.org"]["mobile_phone"] == ""  # never "7.7E+09"
    assert "Mobile phone in the imported file: 7.7E+09" in members["cat@example.org"]["notes"]
    assert ("Members", 4, "Mobile", "7.7E+09", "warning") in problems_at(report)
    assert report.counts["imported"] == 3 and report.counts["errors"] == 0


def test_errors_refuse_everything_and_name_the_cell(database, chapter_id, tmp_path):
    rows = [
        ["Ann", "Smith", "ann@example.org", "", "LS1 4AB", "31/02/2021", "active"],
        ["Bob", "Jones", "bob@example", "", "LS1 4AB", "", "Suspended"],
        ["Cat", "Brown", "cat@example.org", "", "NOT A CODE", "", ""],
        ["Dan", "Green", "dan@example.org", "", "LS1 4AB", "", "paid"],
        ["Eve", "White", "eve@example.org", "", "LS1 4AB", "", "active"],
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    report = refused(database, chapter_id, path)
    assert problems_at(report) == {
        ("Members", 2, "Date Joined", "31/02/2021", "error"),
        ("Members", 3, "E-mail Address", "bob@example", "error"),
        ("Members", 3, "Status", "Suspended", "error"),
        ("Members", 4, "Post Code", "NOT A CODE", "error"),
        ("Members", 4, "Status", "", "error"),
        ("Members", 5, "Status", "paid", "error"),
    }
    assert MemberService(database).count(chapter_id) == 0
    assert ImportHistoryService(database).history() == []
    # Chosen explicitly after seeing the report: only the valid row.
    _preview, report = run(database, chapter_id, path, valid_only=True)
    assert report.counts["imported"] == 1 and report.counts["skipped"] == 4
    assert set(stored(database, chapter_id)) == {"eve@example.org"}


def test_no_status_column_is_refused_never_defaulted(database, chapter_id, tmp_path):
    path = write_xlsx(tmp_path / "nostatus.xlsx", [r[:6] for r in people(2)], headers=HEADERS[:6])
    report = refused(database, chapter_id, path, valid_only=True)
    assert "no column is mapped to LIEN status" in report.refused
    assert MemberService(database).count(chapter_id) == 0


def test_formulas_and_error_values(database, chapter_id, tmp_path):
    path = tmp_path / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Members")
    ws.write_row(0, 0, HEADERS)
    ws.write_row(1, 0, ["Ann", "Smith", "ann@example.org", "", "LS1 4AB", "", "active"])
    ws.write_formula(1, 1, '="Smi"&"th"', None, "Smith")  # cached value: used, with a warning
    ws.write_row(2, 0, ["Bob", "Jones", "bob@example.org", "", "LS1 4AB", "", "active"])
    ws.write_formula(2, 4, "=VLOOKUP(A3,X:Y,2,0)", None, "#N/A")
    ws.write_row(3, 0, ["Cat", "Brown", "cat@example.org", "", "LS1 4AB", "", "active"])
    ws.write_formula(3, 6, '=IF(1,"active","left")', None, "")  # never calculated: no value
    wb.close()
    report = refused(database, chapter_id, path)
    found = problems_at(report)
    assert ("Members", 2, "Surname", '="Smi"&"th"', "warning") not in found  # the value shown is the result
    assert ("Members", 2, "Surname", "Smith", "warning") in found
    assert ("Members", 3, "Post Code", "#N/A", "error") in found
    assert ("Members", 4, "Status", '=IF(1,"active","left")', "error") in found
    _p, report = run(database, chapter_id, path, valid_only=True)
    assert set(stored(database, chapter_id)) == {"ann@example.org"}
    assert stored(database, chapter_id)["ann@example.org"]["last_name"] == "Smith"


@pytest.mark.parametrize("date1904", [False, True])
def test_real_dates_in_both_date_systems(database, chapter_id, tmp_path, date1904):
    path = tmp_path / "dates.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    ws = wb.add_worksheet("Members")
    fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADERS)
    ws.write_row(1, 0, ["Ann", "Smith", "ann@example.org", "", "LS1 4AB"])
    ws.write_datetime(1, 5, dt.datetime(2021, 4, 3), fmt)
    ws.write_string(1, 6, "active")
    wb.close()
    run(database, chapter_id, path)
    assert stored(database, chapter_id)["ann@example.org"]["joined_on"] == dt.date(2021, 4, 3)


def test_duplicates_in_file_and_against_register_and_idempotence(database, chapter_id, tmp_path):
    MemberService(database).add(chapter_id, {"first_name": "Ann", "last_name": "Smith", "email": "ann@example.org",
                                             "status": "active", "postcode": "LS1 4AB"})
    rows = [
        ["Ann", "Smith", "ANN@example.org", "07700 900001", "LS1 4AB", "", "active"],  # certain: merges, adds phone
        ["Bob", "Jones", "home@example.org", "", "LS2 7HY", "", "active"],
        ["Sue", "Jones", "home@example.org", "", "LS2 7HY", "", "active"],  # shared email, other name: review
        ["Łukasz", "Nowak", "", "", "LS3 1AA", "", "active"],
        ["Lukasz", "Nowak", "", "", "LS3 1AA", "", "lapsed"],  # same person, conflicting status: review
    ]
    path = write_xlsx(tmp_path / "dups.xlsx", rows)
    report = refused(database, chapter_id, path)
    assert {(m.row, m.other_row) for m in report.reviews} == {(4, 3), (6, 5)}
    assert "conflict" in next(m.reason for m in report.reviews if m.row == 6)
    _p, report = run(database, chapter_id, path, decisions={4: Decision.KEEP_BOTH, 6: Decision.SKIP})
    assert report.counts["imported"] == 3 and report.counts["updated"] == 1
    members = MemberService(database).plain_rows(chapter_id)
    assert len(members) == 4
    ann = next(m for m in members if m["first_name"] == "Ann")
    assert ann["mobile_phone"] == "+447700900001"
    assert next(m for m in members if m["first_name"] == "Łukasz")["status"] == "active"  # never silently lapsed
    before = MemberService(database).plain_rows(chapter_id)
    _p, again = run(database, chapter_id, path, decisions={4: Decision.KEEP_BOTH, 6: Decision.SKIP})
    assert again.counts["imported"] == 0 and again.counts["updated"] == 0
    assert MemberService(database).plain_rows(chapter_id) == before


def test_undo_whole_import_tells_about_edited_members(database, chapter_id, tmp_path):
    MemberService(database).add(chapter_id, {"first_name": "Ann", "last_name": "Smith", "email": "ann@example.org",
                                             "status": "active"})
    rows = [["Ann", "Smith", "ann@example.org", "07700 900001", "LS1 4AB", "", "active"], *people(2, start=10)]
    _p, report = run(database, chapter_id, write_xlsx(tmp_path / "u.xlsx", rows))
    assert report.counts["imported"] == 2 and report.counts["updated"] == 1
    history = ImportHistoryService(database)
    assert [h.imported for h in history.history()] == [2]
    members = MemberService(database)
    edited_id = next(m["id"] for m in members.plain_rows(chapter_id) if m["first_name"] == "Ann10")
    members.update(edited_id, {"notes": "phoned"})
    assert [e.member_id for e in history.edited_since(report.import_id)] == [edited_id]
    with pytest.raises(Exception, match="edited since"):
        history.undo(report.import_id)
    result = history.undo(report.import_id, include_edited=True)
    assert (result.removed, result.restored) == (2, 1)
    remaining = members.plain_rows(chapter_id)
    assert [(m["first_name"], m["postcode"], m["mobile_phone"]) for m in remaining] == [("Ann", "", "")]
    assert members.search(chapter_id, MemberFilter(search="ann10")) == []


def test_csv_encodings_and_delimiters(database, chapter_id, tmp_path):
    text = "First name;Surname;Email;Status;Notes\nSiân;Ó Briain;sian@example.org;active;paid £5 café\n"
    cases = {
        "cp1252.csv": text.encode("cp1252"),
        "bom.csv": text.replace(";", ",").encode("utf-8-sig"),
        "utf16.csv": text.replace(";", "\t").encode("utf-16"),
        "plain.tsv": text.replace(";", "\t").encode("utf-8"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        _p, report = run(database, chapter_id, tmp_path / name)
        member = stored(database, chapter_id)["sian@example.org"]
        assert (member["first_name"], member["last_name"], member["notes"]) == ("Siân", "Ó Briain", "paid £5 café"), name


def test_undecidable_encoding_asks(database, chapter_id, tmp_path):
    from lien_desktop.io.csv_reader import EncodingUndecided

    path = tmp_path / "odd.csv"
    path.write_bytes("First name,Surname,Status\nSiân,Evans,active\n".encode("mac_roman"))  # â -> ‰ in cp1252
    with pytest.raises(EncodingUndecided) as info:
        ImportService(database).open(path)
    assert "cp1252" in info.value.previews
    assert info.value.previews["mac_roman"].splitlines()[1] == "Siân,Evans,active"
    source = ImportService(database).open(path, encoding="mac_roman")
    assert source.raw.rows[1][0] == "Siân"


def test_xls_and_ods(database, chapter_id, tmp_path):
    xls = tmp_path / "old.xls"
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Members")
    for j, header in enumerate(HEADERS):
        ws.write(0, j, header)
    for j, value in enumerate(["Siân", "Evans", "sian@example.org", 7700900123, "CF10 1AA"]):
        ws.write(1, j, value)
    ws.write(1, 5, dt.date(2021, 4, 3), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    ws.write(1, 6, "active")
    wb.save(str(xls))
    run(database, chapter_id, xls)
    member = stored(database, chapter_id)["sian@example.org"]
    assert (member["mobile_phone"], member["joined_on"]) == ("+447700900123", dt.date(2021, 4, 3))

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Members")
    for values in (HEADERS, ["Dafydd", "Owen", "dafydd@example.org", "07700 900111", "SA1 1AA", "03/04/2021",
                             "lapsed"]):
        tr = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "list.ods"))
    run(database, chapter_id, tmp_path / "list.ods")
    assert stored(database, chapter_id)["dafydd@example.org"]["status"] == "lapsed"


def test_mapping_is_remembered_for_the_same_headers(database, chapter_id, tmp_path):
    headers = ["Given", "Family", "Contact", "Condition"]
    path = write_xlsx(tmp_path / "odd.xlsx", [["Ann", "Smith", "ann@example.org", "active"]], headers=headers)
    service = ImportService(database)
    source = service.open(path)
    assert source.header_row == 1 and not source.mapping_remembered
    assert set(source.mapping.values()) == {None}
    mapping = {0: "first_name", 1: "last_name", 2: "email", 3: "status"}
    service.remember_mapping(source, mapping)
    again = service.open(write_xlsx(tmp_path / "odd2.xlsx", [["Bob", "Jones", "bob@example.org", "left"]],
                                    headers=["Condition", "Given", "Family", "Contact"]))
    assert again.mapping_remembered
    assert again.mapping == {0: "status", 1: "first_name", 2: "last_name", 3: "email"}


def test_error_report_highlights_the_bad_cells(database, chapter_id, tmp_path):
    rows = [["Ann", "Smith", "ann@example.org", "", "LS1 4AB", "31/02/2021", "active"],
            ["Bob", "Jones", "bob@example.org", "", "LS1 4AB", "", "active"]]
    service = ImportService(database)
    preview = service.preview(service.open(write_xlsx(tmp_path / "r.xlsx", rows)), chapter_id)
    out = service.save_error_report(preview, tmp_path / "report.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws["F2"].value == "31/02/2021" and ws["F2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["H1"].value == "Problems"
    assert ws["H2"].value.startswith("Date Joined: is not a real date")
    assert ws["H3"].value is None and ws["B3"].value == "Jones"


def test_unrecognised_columns_are_listed_by_name_or_letter(database, chapter_id, tmp_path):
    rows = [["Ann", "Smith", "ann@example.org", "", "LS1 4AB", "", "active", "size 5", "blue"]]
    path = write_xlsx(tmp_path / "extra.xlsx", rows, headers=[*HEADERS, "Shoe size", ""])
    service = ImportService(database)
    source = service.open(path)
    assert [c.title for c in source.unmapped_columns()] == ["Shoe size", "column I"]
    preview = service.preview(source, chapter_id)
    listed = {(p.row, p.column) for p in preview.file_problems if "not imported" in p.reason}
    assert listed == {(1, "Shoe size"), (1, "column I")}


def test_error_values_saved_as_text_are_errors_not_text(database, chapter_id, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("First name,Surname,Email,Status\nAnn,#N/A,ann@example.org,active\nBob,Jones,#VALUE!,active\n",
                    encoding="utf-8")
    report = refused(database, chapter_id, path)
    assert problems_at(report) == {("", 2, "Surname", "#N/A", "error"), ("", 3, "Email", "#VALUE!", "error")}


def test_ods_hidden_rows_columns_and_formulas(database, chapter_id, tmp_path):
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Members")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    table.addElement(TableColumn(visibility="collapse"))  # column C (Email) hidden
    table.addElement(TableColumn())

    def row(values, hidden=False, formula_at=None):
        tr = TableRow(visibility="collapse") if hidden else TableRow()
        for j, value in enumerate(values):
            if j == formula_at:
                cell = TableCell(valuetype="string", stringvalue=value, formula='of:=CONCATENATE("Sm";"ith")')
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)

    row(["First name", "Surname", "Email", "Status"])
    row(["Ann", "Smith", "ann@example.org", "active"], formula_at=1)
    row(["Bob", "Jones", "bob@example.org", "lapsed"], hidden=True)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "members.ods"))
    preview, report = run(database, chapter_id, tmp_path / "members.ods")
    assert preview.hidden_rows == [3]
    assert ("Members", 2, "Surname", "Smith", "warning") in problems_at(report)
    notices = {(p.row, p.column, p.reason) for p in report.problems if p.severity.value == "notice"}
    assert notices == {(None, "", "1 hidden or filtered row(s) are included: rows 3"),
                       (1, "Email", "this column is hidden in the file; it is read like the others")}
    assert report.counts["imported"] == 2
