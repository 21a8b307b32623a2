"""Spreadsheet files for the import tests, written with the libraries a secretary's files come from."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

HEADERS = ["First Name", "Surname", "E-mail Address", "Mobile", "Post Code", "Date Joined", "Status"]


UNIT = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(i: int) -> str:
    """Distinct for the first 162,000 people (so no two test people share a postcode by accident)."""
    return f"{('LS', 'M', 'CF', 'G', 'BS')[i // 32400 % 5]}{i % 9 + 1} {i // 9 % 9 + 1}{UNIT[i // 81 % 20]}{UNIT[i // 1620 % 20]}"


def people(n: int, start: int = 0) -> list[list[object]]:
    return [[f"Ann{i}", f"Smith{i}", f"ann{i}@example.org", f"07700 900{i % 1000:03d}", postcode(i),
             dt.date(2021, 1, 1) + dt.timedelta(days=i % 900), "active"] for i in range(start, start + n)]


def write_xlsx(path: Path, rows: list[list[object]], headers: list[str] | None = None, sheet: str = "Members") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers or HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_big_xlsx(path: Path, n: int) -> Path:
    """Many rows, quickly (xlsxwriter constant memory), dates as real date cells."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Members")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADERS)
    for i in range(n):
        ws.write_string(i + 1, 0, f"Ann{i}")
        ws.write_string(i + 1, 1, f"Smith{i}")
        ws.write_string(i + 1, 2, f"ann{i}@example.org")
        ws.write_string(i + 1, 3, f"07700 900{i % 1000:03d}")
        ws.write_string(i + 1, 4, postcode(i))
        ws.write_datetime(i + 1, 5, dt.datetime(2021, 1, 1) + dt.timedelta(days=i % 900), date)
        ws.write_string(i + 1, 6, ("active", "lapsed", "left")[i % 3])
    wb.close()
    return path


def zip_with(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def minimal_xlsx_entries(sheet_xml: bytes, workbook_extra: bytes = b"") -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?>' + workbook_extra + b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
