"""Export writers and profiles: real .xlsx and .csv files written and read back (openpyxl, calamine, csv)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from lien_desktop.domain.export_profiles import (
    CONTACTS,
    FULL,
    NATIONAL_RETURN,
    CellKind,
    export_phone,
    is_formula_like,
    neutralise_csv,
    restore_neutralised,
)
from lien_desktop.domain.validation import display_phone, normalise_phone
from lien_desktop.io.export_csv import write_csv
from lien_desktop.io.export_xlsx import CellRefused, write_xlsx

PAYLOADS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "  =1", "＝1", "＋1", "－1", "＠SUM(1)",
            "\r=1", "\n=1", "\u00a0=1", "=HYPERLINK(\"http://x\",\"y\")"]
HARMLESS = ["Smith", "O'Brien", "07700 900123", "1+1", "a=b", "Łukasz Żółkiewski", "'quoted'"]


def _listing(folder):
    return sorted(os.listdir(folder))


# --- the rule ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_values_are_recognised_and_prefixed(payload):
    assert is_formula_like(payload)
    assert neutralise_csv(payload) == "'" + payload
    assert restore_neutralised(neutralise_csv(payload)) == payload


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_values_are_untouched(value):
    assert not is_formula_like(value)
    assert neutralise_csv(value) == value
    assert restore_neutralised(value) == value


def test_apostrophes_in_front_of_a_formula_survive_the_round_trip():
    for value in ("'=1", "''=1"):
        assert neutralise_csv(value) == "'" + value
        assert restore_neutralised(neutralise_csv(value)) == value


def test_phones_export_as_dialled_and_read_back_the_same():
    for e164 in ("+447700900123", "+447911123456", "+442079460123", "+441134960123", "+441632960001",
                 "+447624123456", "+447600123456", "+33123456789", "+353861234567"):
        shown = export_phone(e164)
        assert shown == display_phone(e164)  # the fast path for mobiles formats exactly as phonenumbers
        assert normalise_phone(restore_neutralised(neutralise_csv(shown))) == e164
    assert export_phone("+447700900123") == "07700 900123"
    assert not is_formula_like(export_phone("+447700900123"))
    assert export_phone("+33123456789") == "+33 1 23 45 67 89"


# --- the writers ------------------------------------------------------------------------------------

def test_injection_payloads_are_text_in_xlsx(tmp_path):
    path = tmp_path / "inj.xlsx"
    values = PAYLOADS + HARMLESS
    write_xlsx(path, ["Notes"], [CellKind.TEXT], [[v] for v in values])
    sheet = openpyxl.load_workbook(path).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    for cell, value in zip(cells, values, strict=True):
        assert cell.data_type == "s"  # a string cell, never a formula ("f")
        assert cell.quotePrefix == is_formula_like(value)  # stays text even when the user edits it
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    # python-calamine decodes every escape: the values are exactly what was stored.
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in read[1:]] == values


def test_injection_payloads_get_an_apostrophe_in_csv(tmp_path):
    path = tmp_path / "inj.csv"
    values = PAYLOADS + HARMLESS
    write_csv(path, ["Notes"], [[v] for v in values])
    with open(path, encoding="utf-8-sig", newline="") as fh:
        read = [row[0] for row in csv.reader(fh)][1:]
    for got, value in zip(read, values, strict=True):
        assert got == ("'" + value if is_formula_like(value) else value)
        assert not is_formula_like(got)
        assert restore_neutralised(got) == value


def test_xlsx_layout_dates_and_numbers(tmp_path):
    path = tmp_path / "layout.xlsx"
    rows = [[1, "Siân", dt.date(2021, 4, 3)], [2, "Łukasz", None], [3, "", dt.date(1999, 12, 31)]]
    written = write_xlsx(path, ["Member ID", "First name", "Date joined"],
                         [CellKind.NUMBER, CellKind.TEXT, CellKind.DATE], rows, widths=[10, 14, 12])
    assert written == 3
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["Member ID", "First name", "Date joined"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    assert sheet["C2"].value == dt.datetime(2021, 4, 3) and sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["C3"].value is None and sheet["B4"].value is None  # empty stays empty
    assert sheet["A2"].value == 1 and sheet["A2"].data_type == "n"
    assert sheet.column_dimensions["B"].width >= 14
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert calamine[1][2] == dt.date(2021, 4, 3)


def test_csv_has_bom_crlf_accents_and_uk_dates(tmp_path):
    path = tmp_path / "list.csv"
    write_csv(path, ["First name", "Last name", "Date joined"],
              [["Siobhán", "Ó Súilleabháin", dt.date(2021, 4, 3)], ["Llŷr", "Żółkiewski, \"Jr\"", None]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["First name", "Last name", "Date joined"],
                    ["Siobhán", "Ó Súilleabháin", "03/04/2021"], ["Llŷr", "Żółkiewski, \"Jr\"", ""]]


class Stop(Exception):
    pass


def _cancel_after(n):
    calls = {"n": 0}

    def check():
        calls["n"] += 1
        if calls["n"] > n:
            raise Stop()

    return check


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_cancel_mid_write_leaves_no_file_and_no_temp(tmp_path, suffix):
    out = tmp_path / "out"
    work = tmp_path / "work"
    out.mkdir()
    work.mkdir()
    rows = ([i, f"name {i}", dt.date(2020, 1, 1)] for i in range(5000))
    kinds = [CellKind.NUMBER, CellKind.TEXT, CellKind.DATE]
    with pytest.raises(Stop):
        if suffix == "xlsx":
            write_xlsx(out / "list.xlsx", ["a", "b", "c"], kinds, rows, check=_cancel_after(2500), work_dir=work)
        else:
            write_csv(out / "list.csv", ["a", "b", "c"], rows, check=_cancel_after(2500))
    assert _listing(out) == []
    assert _listing(work) == []


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_cancel_keeps_the_previous_file_intact(tmp_path, suffix):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"list.{suffix}"
    target.write_bytes(b"the previous export")
    rows = ([i] for i in range(100))
    with pytest.raises(Stop):
        if suffix == "xlsx":
            write_xlsx(target, ["a"], [CellKind.NUMBER], rows, check=_cancel_after(50), work_dir=folder)
        else:
            write_csv(target, ["a"], rows, check=_cancel_after(50))
    assert target.read_bytes() == b"the previous export"
    assert _listing(folder) == [target.name]


def test_progress_is_reported(tmp_path):
    seen = []
    write_csv(tmp_path / "p.csv", ["a"], ([i] for i in range(2500)), total=2500,
              progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (1000, 2500) and seen[-1] == (2500, 2500)


# --- the profiles -----------------------------------------------------------------------------------

def test_profile_headers_are_a_secretarys_words():
    assert FULL.headers[:6] == ["Member ID", "First name", "Last name", "Preferred name", "Email", "Mobile"]
    for header in ("Postcode", "Status", "Date joined", "Labour standing", "Standing since", "Tags",
                   "Officer posts", "Email consent", "Phone consent", "Post consent", "Notes", "Confidential"):
        assert header in FULL.headers
    assert CONTACTS.headers == ["First name", "Last name", "Preferred name", "Email", "Mobile", "Home phone",
                                "Address line 1", "Address line 2", "Town", "Postcode", "Branch",
                                "Email consent", "Phone consent", "Post consent"]
    assert NATIONAL_RETURN.headers == ["Member reference", "Constituency code", "Constituency name", "Branch",
                                       "Status", "Year joined"]
    for prof in (FULL, CONTACTS, NATIONAL_RETURN):
        assert len(set(prof.headers)) == len(prof.headers)


def test_a_value_too_long_for_excel_is_refused_not_cut(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CellRefused, match="longer than an Excel cell"):
        write_xlsx(folder / "long.xlsx", ["Notes"], [CellKind.TEXT], [["short"], ["x" * 40_000]], work_dir=folder)
    assert _listing(folder) == []
    write_csv(folder / "long.csv", ["Notes"], [["x" * 40_000]])  # CSV has no such limit
    with open(folder / "long.csv", encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh))[1][0] == "x" * 40_000
