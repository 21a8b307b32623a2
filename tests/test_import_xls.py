"""Excel 97-2003 (.xls): formulas, error cells, hidden rows and columns are reported exactly as for .xlsx
(issue 3), read from the sheet's BIFF records; damaged or hostile record streams are refused."""

import json
import struct

import olefile
import pytest
import xlwt

from import_fixtures import HEADERS
from lien_desktop.io import xls_details as xls
from lien_desktop.io.file_safety import UnsafeFile, inspect
from lien_desktop.io.spreadsheet_reader import read_sheet
from lien_desktop.services.importing import ImportRefused, ImportService
from lien_desktop.services.members import MemberService
from xls_fixtures import ERROR_CODES, XlsError, save_results


def _workbook(rows, hidden_rows=(), hidden_columns=(), sheets=("Members",)):
    wb = xlwt.Workbook()
    for name in sheets[:-1]:
        wb.add_sheet(name).write(0, 0, "Nothing here")
    ws = wb.add_sheet(sheets[-1])
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, tuple) and value[0] == "error":
                ws.row(i).set_cell_error(j, ERROR_CODES[value[1]])  # by code: xlwt has no "#N/A" name
            elif isinstance(value, str) and value.startswith("="):
                ws.write(i, j, xlwt.Formula(value[1:]))
            elif value != "":
                ws.write(i, j, value)
    for i in hidden_rows:
        ws.row(i).hidden = True
    for j in hidden_columns:
        ws.col(j).hidden = True
    return wb


def _problems(report):
    return {(p.sheet, p.row, p.column, p.value, p.severity.value) for p in report.problems if p.row is not None}


def _run(database, chapter_id, path, **kwargs):
    service = ImportService(database)
    preview = service.preview(service.open(path), chapter_id)
    return preview, service.run(preview, **kwargs)


def test_formulas_error_cells_and_missing_results_as_for_xlsx(database, chapter_id, tmp_path):
    path = tmp_path / "formulas.xls"
    _workbook([
        HEADERS,
        ["Ann", '="Smi"&"th"', "ann@example.org", "", "LS1 4AB", "", "active"],    # row 2: text result saved
        ["Bob", "Jones", "bob@example.org", "", "=1/0", "", "active"],             # row 3: error result saved
        ["Cat", "Brown", "cat@example.org", "", "LS1 4AB", "", '=IF(1,"active","left")'],  # row 4: never calculated
        ["Dan", "Green", "dan@example.org", "", "LS1 4AB", "", ("error", "#DIV/0!")],       # row 5: error cell
        ["Eve", "White", "eve@example.org", "=7700900000+123", "LS1 4AB", "", "active"],     # row 6: number saved
        ["Fay", "Black", "fay@example.org", "", "LS1 4AB", "", ("error", "#N/A")],           # row 7: error cell
    ]).save(str(path))
    save_results(path, {(1, 1): "Smith", (2, 4): XlsError("#DIV/0!"), (5, 3): 7700900123.0})
    service = ImportService(database)
    with pytest.raises(ImportRefused) as info:
        service.run(service.preview(service.open(path), chapter_id))
    report = info.value.report
    assert _problems(report) == {
        ("Members", 2, "Surname", "Smith", "warning"),
        ("Members", 3, "Post Code", "#DIV/0!", "error"),
        ("Members", 4, "Status", '=IF(1,"active","left")', "error"),  # the formula, as for .xlsx
        ("Members", 5, "Status", "#DIV/0!", "error"),
        ("Members", 6, "Mobile", "7700900123", "warning"),
        ("Members", 7, "Status", "#N/A", "error"),
    }
    reasons = {(p.row, p.column): p.reason for p in report.problems if p.row is not None}
    assert reasons[(2, "Surname")] == 'is a formula (="Smi"&"th"); its last calculated value was used'
    assert reasons[(4, "Status")].startswith("is a formula that was never calculated, so it has no value")
    assert reasons[(5, "Status")] == "holds the spreadsheet error #DIV/0!, not a value; correct the cell"
    assert report.counts["errors"] == 4 and report.counts["warnings"] == 2
    assert MemberService(database).count(chapter_id) == 0  # refused: nothing changed

    _preview, report = _run(database, chapter_id, path, valid_only=True)
    assert report.counts["imported"] == 2
    stored = {m["email"]: m for m in MemberService(database).plain_rows(chapter_id)}
    assert set(stored) == {"ann@example.org", "eve@example.org"}
    assert stored["ann@example.org"]["last_name"] == "Smith"
    assert stored["eve@example.org"]["mobile_phone"] == "+447700900123"


def test_hidden_rows_and_columns_are_included_and_told(database, chapter_id, tmp_path):
    path = tmp_path / "hidden.xls"
    headers = ["First name", "Surname", "Email", "Status", "Notes"]
    _workbook([headers, ["Ann", "Smith", "ann@example.org", "active", "door"],
               ["Bob", "Jones", "bob@example.org", "lapsed", "phone"],
               ["Cat", "Brown", "cat@example.org", "left", ""]],
              hidden_rows=(2,), hidden_columns=(4,), sheets=("Read me", "Members")).save(str(path))
    preview, report = _run(database, chapter_id, path)
    assert preview.source.sheet == "Members"
    assert preview.hidden_rows == [3] and report.counts["hidden_rows"] == 1
    notices = {(p.row, p.column, p.reason) for p in report.problems if p.severity.value == "notice"}
    assert notices == {(None, "", "1 hidden or filtered row(s) are included: rows 3"),
                       (1, "Notes", "this column is hidden in the file; it is read like the others")}
    assert report.counts["imported"] == 3
    stored = {m["email"]: m for m in MemberService(database).plain_rows(chapter_id)}
    assert (stored["bob@example.org"]["status"], stored["bob@example.org"]["notes"]) == ("lapsed", "phone")


def test_cli_json_reports_the_xls_problems(run_cli, tmp_path):
    from lien_desktop.services.database import init_database

    db = tmp_path / "register.sqlite3"
    init_database(db, "Test Chapter", "").close()
    path = tmp_path / "cli.xls"
    _workbook([["First name", "Surname", "Status"], ["Ann", "Smith", ("error", "#DIV/0!")],
               ["Bob", "Jones", "=LOWER(\"ACTIVE\")"]]).save(str(path))
    done = run_cli("import", path, "--db", db, "--json")
    assert done.returncode == 2
    problems = {(p["sheet"], p["row"], p["column"], p["value"], p["severity"]) for p in json.loads(done.stdout)["problems"]}
    assert problems == {("Members", 2, "Status", "#DIV/0!", "error"),
                        ("Members", 3, "Status", '=LOWER("ACTIVE")', "error")}


# --- damaged and hostile record streams --------------------------------------------------------------------


def _stream(path):
    with olefile.OleFileIO(str(path)) as ole:
        return bytearray(ole.openstream("Workbook").read())


def _put_stream(path, data):
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        ole.write_stream("Workbook", bytes(data))


def _offsets(data, wanted):
    pos, found = 0, []
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        if kind == 0 and length == 0:
            break
        if kind == wanted:
            found.append(pos)
        pos += 4 + length
    return found


@pytest.fixture
def plain_xls(tmp_path):
    path = tmp_path / "plain.xls"
    _workbook([["First name", "Status"], ["Ann", "active"]]).save(str(path))
    return path


def test_a_record_running_past_the_stream_is_refused(plain_xls):
    data = _stream(plain_xls)
    last_row = _offsets(data, xls.ROW)[-1]
    struct.pack_into("<H", data, last_row + 2, 0xFFFF)  # a ROW record claiming 65,535 bytes
    _put_stream(plain_xls, data)
    with pytest.raises(UnsafeFile, match="is damaged: a record runs past the end of the workbook"):
        xls.xls_details(plain_xls, plain_xls.name, "Members")


def test_a_sheet_offset_outside_the_stream_is_refused(plain_xls):
    data = _stream(plain_xls)
    struct.pack_into("<I", data, _offsets(data, xls.BOUNDSHEET)[0] + 4, 0x7FFF_FFF0)
    _put_stream(plain_xls, data)
    with pytest.raises(UnsafeFile, match="sheet “Members” does not start where the workbook says"):
        xls.xls_details(plain_xls, plain_xls.name, "Members")


def test_a_sheet_without_its_end_is_refused(plain_xls):
    data = _stream(plain_xls)
    eof = _offsets(data, xls.EOF)[-1]
    data[eof : eof + 4] = struct.pack("<HH", 0x0225, 0)  # the sheet's EOF becomes another record
    _put_stream(plain_xls, data)
    with pytest.raises(UnsafeFile, match="a sheet ends before its last record"):
        xls.xls_details(plain_xls, plain_xls.name, "Members")


def test_the_walk_stops_after_too_many_records(monkeypatch):
    data = struct.pack("<HH", xls.BOF, 0) + struct.pack("<HH", 0x0225, 0) * 200_000
    monkeypatch.setattr(xls, "MAX_RECORDS", 100_000)
    walk = xls._Walk(data, "many.xls", deadline=float("inf"))
    with pytest.raises(UnsafeFile, match="more than 100,000 records"):
        list(walk.records(0))
    walk = xls._Walk(data, "slow.xls", deadline=0.0)  # already past its deadline
    with pytest.raises(UnsafeFile, match="takes too long to read"):
        list(walk.records(0))


def test_a_formula_result_through_the_reader(plain_xls, tmp_path):
    path = tmp_path / "one.xls"
    _workbook([["First name", "Status"], ["Ann", '="act"&"ive"']]).save(str(path))
    save_results(path, {(1, 1): "active"})
    raw = read_sheet(inspect(path), "Members")
    assert raw.rows[1] == ["Ann", "active"]
    assert {k: v[0].value for k, v in raw.notes.items()} == {(2, 1): "formula"}


def test_xlsx_hidden_columns_are_told_the_same_way(database, chapter_id, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Members"
    for row in (["First name", "Surname", "Email", "Status", "Notes"], ["Ann", "Smith", "ann@example.org", "active", "x"]):
        ws.append(row)
    ws.column_dimensions["E"].hidden = True
    wb.save(tmp_path / "hidden.xlsx")
    _preview, report = _run(database, chapter_id, tmp_path / "hidden.xlsx")
    notices = {(p.row, p.column, p.reason) for p in report.problems if p.severity.value == "notice"}
    assert notices == {(1, "Notes", "this column is hidden in the file; it is read like the others")}


@pytest.mark.parametrize("formula", ['"Smi"&"th"', 'IF(A1>=3,TRUE,FALSE)', 'SUM(A1:B2)+$C$3*-2', '2.5%',
                                     'VLOOKUP(A3,X1:Y9,2,0)', 'CONCATENATE(A1," ",B1)', '"say ""hi"""', 'TODAY()'])
def test_formula_text_is_read_back_from_the_tokens(tmp_path, formula):
    path = tmp_path / "f.xls"
    wb = xlwt.Workbook()
    wb.add_sheet("Members").write(0, 0, xlwt.Formula(formula))
    wb.save(str(path))
    assert xls.xls_details(path, path.name, "Members").notes == {(1, 0): (xls.CellNote.FORMULA_NO_VALUE, "=" + formula)}


def test_unreadable_or_hostile_tokens_give_no_text():
    from lien_desktop.io.xls_formulas import formula_text

    assert formula_text(bytes([0x1E, 0x01, 0x00])) == "=1"
    assert formula_text(bytes([0x1E, 0x01])) is None  # cut short
    assert formula_text(bytes([0x17, 0xFF, 0x00, 0x41])) is None  # a text longer than the tokens
    assert formula_text(bytes([0x03])) is None  # an operator without operands
    assert formula_text(bytes([0x23, 0, 0, 0, 0])) is None  # a defined name: not read
    assert formula_text(bytes([0x1E, 0x01, 0x00]) * 2000) is None  # too many tokens
    assert formula_text(bytes([0x21, 0xFF, 0x7F])) is None  # an unknown function
