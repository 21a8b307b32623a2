"""Damaged, disguised and hostile files: one clear sentence each, and the register untouched."""

import json
import zipfile

import openpyxl
import pytest

from import_fixtures import minimal_xlsx_entries, people, write_xlsx, zip_with
from lien_desktop.io.file_safety import OLE2_MAGIC, UnsafeFile
from lien_desktop.services.importing import ImportService
from lien_desktop.services.members import MemberService

SHEET = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>First name</t></is></c></row></sheetData>'
         b'</worksheet>')
BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
XXE = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def hostile_files(tmp_path):
    files = {}
    files["zero.xlsx"] = (tmp_path / "zero.xlsx", "is empty (0 bytes)")
    (tmp_path / "zero.xlsx").write_bytes(b"")
    png = tmp_path / "photo.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    files["png"] = (png, "is a PNG picture")
    html = tmp_path / "report.xls"
    html.write_bytes(b"<html><body><table><tr><td>First name</td></tr></table></body></html>")
    files["html"] = (html, "is a web page (HTML)")
    files["zip"] = (zip_with(tmp_path / "plain.xlsx", {"notes.txt": b"hello"}), "is a zip archive, not a spreadsheet")
    files["slip"] = (zip_with(tmp_path / "slip.xlsx", {**minimal_xlsx_entries(SHEET), "../../evil.txt": b"x"}),
                     "points outside the workbook")
    files["bomb"] = (zip_with(tmp_path / "bomb.xlsx", {**minimal_xlsx_entries(SHEET),
                                                       "xl/media/big.bin": b"\x00" * (50 * 1024 * 1024)}),
                     "compression bomb")
    files["laughs"] = (zip_with(tmp_path / "laughs.xlsx", minimal_xlsx_entries(SHEET, BILLION_LAUGHS)),
                       "XML entity declarations")
    files["xxe"] = (zip_with(tmp_path / "xxe.xlsx", minimal_xlsx_entries(SHEET.replace(
        b'<?xml version="1.0" encoding="UTF-8"?>', b'<?xml version="1.0" encoding="UTF-8"?>' + XXE))),
        "XML entity declarations")
    good = write_xlsx(tmp_path / "good.xlsx", people(3))
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["truncated"] = (truncated, "is damaged")
    claim = SHEET.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                                             b"</row></sheetData>")
    files["claim"] = (zip_with(tmp_path / "claim.xlsx", minimal_xlsx_entries(claim)), "17,179,869,184 cells")
    tall = SHEET.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                                            b"</row></sheetData>")  # a far row in column A: six digits
    files["tall claim"] = (zip_with(tmp_path / "tall.xlsx", minimal_xlsx_entries(tall)), "27,262,976 cells")
    huge = SHEET.replace(b"</sheetData>", b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 100_000
                         + b"</t></is></c></row></sheetData>")
    files["huge cell"] = (zip_with(tmp_path / "huge.xlsx", minimal_xlsx_entries(huge)), "holds 100,000 characters")
    encrypted = tmp_path / "secret.xlsx"
    # What Office writes for a password-protected workbook: an OLE2 container with an EncryptedPackage stream.
    encrypted.write_bytes(OLE2_MAGIC + b"\x00" * 504 + "EncryptedInfo".encode("utf-16-le") + b"\x00" * 50
                          + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2000)
    files["password"] = (encrypted, "protected with a password")
    return files


def test_each_hostile_file_is_refused_with_a_sentence(database, chapter_id, tmp_path):
    for name, (path, words) in hostile_files(tmp_path).items():
        with pytest.raises(UnsafeFile) as info:
            ImportService(database).open(path)
        assert words in str(info.value), name
        assert path.name in str(info.value), name
    assert MemberService(database).count(chapter_id) == 0


def test_headers_only_and_empty_workbook_refused(database, chapter_id, tmp_path):
    service = ImportService(database)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    for path, words in ((write_xlsx(tmp_path / "headers.xlsx", []), "no members below them"),
                        (empty, "the sheet is empty")):
        preview = service.preview(service.open(path), chapter_id)
        assert any(words in p.reason for p in preview.problems), path.name
        with pytest.raises(Exception, match="nothing was imported"):
            service.run(preview)


def test_cli_refuses_hostile_file_with_one_line(run_cli, tmp_path):
    db = tmp_path / "r.sqlite3"
    run_cli("init", "--db", db, "--chapter", "T")
    for name, (path, words) in hostile_files(tmp_path).items():
        result = run_cli("import", path, "--db", db)
        assert result.returncode == 2, name
        assert words in result.stderr and "Traceback" not in result.stderr, name
    assert json.loads(run_cli("members", "--db", db, "--json").stdout) == []


def test_zip_with_lying_sizes_is_caught(database, tmp_path):
    path = zip_with(tmp_path / "liar.xlsx", minimal_xlsx_entries(SHEET))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Shrink the declared size in the local header and the central directory.
    old = info.file_size.to_bytes(4, "little")
    data = data.replace(old, (10).to_bytes(4, "little"))
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeFile, match="damaged"):
        ImportService(database).open(path)
