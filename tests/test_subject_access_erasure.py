"""Subject access (real PDF and xlsx read back) and erasure (the whole file searched afterwards)."""

import datetime as dt
import sqlite3
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import REPO
from lien_desktop.domain.data_protection import Article9Condition, AuditFilter, LawfulBasis, LawfulBasisRecord
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.members import Consent, ConsentChannel, MemberFilter, OfficerPost
from lien_desktop.services.audit import AuditService
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.lawful_basis import LawfulBasisService
from lien_desktop.services.members import MemberService
from lien_desktop.services.subject_access import build_report, find_member, subject_access

EMAIL = "zofia.wisniewska@example.org"
NEW_EMAIL = "zofia.w@example.org"


@pytest.fixture
def person(database, chapter_id):
    service = MemberService(database)
    m = service.add(chapter_id, {
        "first_name": "Zofia", "last_name": "Wiśniewska-Łukasik", "email": EMAIL, "mobile_phone": "07700 900461",
        "town": "Llanelli", "postcode": "SA15 3AA", "notes": "Met at <Pride> & rally", "confidential": True,
        "labour_membership_number": "L7654321", "tags": ["Canvasser"], "status": "left",
    })
    service.update(m.id, {"email": NEW_EMAIL, "tags": ["Canvasser", "Driver"]})
    service.record_standing(m.id, "member", dt.date(2015, 4, 1))
    service.record_standing(m.id, "expelled", dt.date(2023, 9, 14), "auto-exclusion letter")
    service.set_consent(m.id, Consent(ConsentChannel.EMAIL, True, dt.date(2022, 1, 5), "sign-up form",
                                      withdrawn_on=dt.date(2024, 2, 2)))
    service.add_officer_post(m.id, OfficerPost("Treasurer", dt.date(2022, 5, 1), dt.date(2023, 5, 1)))
    LawfulBasisService(database).set(m.id, LawfulBasisRecord(LawfulBasis.CONTRACT,
                                                             Article9Condition.NOT_FOR_PROFIT_BODY))
    # a bystander, who must be untouched by the erasure
    other = service.add(chapter_id, {"first_name": "Dai", "last_name": "Jones", "email": "dai@example.org"})
    return m.id, other.id


def test_sar_pdf_and_xlsx_hold_every_section(database, person, tmp_path):
    member_id, _ = person
    report, paths = subject_access(database, NEW_EMAIL, tmp_path / "sar")
    pdf, xlsx = paths
    assert pdf.suffix == ".pdf" and xlsx.suffix == ".xlsx" and "Zofia" not in pdf.name
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    plain = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for needle in ("Wiśniewska-Łukasik", NEW_EMAIL, "Met at <Pride> & rally", "Expelled / auto-excluded",
                   "auto-exclusion letter", "Treasurer", "Driver", "sign-up form", "02/02/2024",
                   "Not-for-profit body", "CONFIDENTIAL", "Audit trail", EMAIL):
        assert needle in plain, needle
    assert "Wiśniewska" in text
    titles = [s.title for s in report.sections]
    assert titles == ["Details", "Lawful basis", "Labour standing timeline", "Contact consents", "Tags",
                      "Officer posts", "Audit trail"]
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["About this report", *titles]
    details = {r[0]: r[1] for r in book["Details"].iter_rows(min_row=2, values_only=True)}
    assert details["Last name"] == "Wiśniewska-Łukasik" and details["Email"] == NEW_EMAIL
    assert details["Notes"] == "Met at <Pride> & rally"
    audit_rows = list(book["Audit trail"].iter_rows(min_row=2, values_only=True))
    assert any(f"{EMAIL} → {NEW_EMAIL}" in (r[4] or "") for r in audit_rows)
    about = {r[0]: r[1] for r in book["About this report"].iter_rows(min_row=2, values_only=True)}
    assert about["Member id"] == member_id and about["Confidential"].startswith("CONFIDENTIAL")


def test_member_is_found_by_id_email_or_number_and_ambiguity_is_refused(database, chapter_id, person):
    member_id, other_id = person
    assert find_member(database, str(member_id)).member_id == member_id
    assert find_member(database, NEW_EMAIL.upper()).member_id == member_id
    assert find_member(database, "l7654321").member_id == member_id
    assert find_member(database, "nobody@example.org") is None
    MemberService(database).update(other_id, {"email": NEW_EMAIL})
    with pytest.raises(LienError, match="matches 2 members"):
        find_member(database, NEW_EMAIL)


def _every_text_value(db_path):
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, (str, bytes)):
                        yield table, value if isinstance(value, str) else value.decode("utf-8", "replace")


def test_erasure_removes_every_trace(database, chapter_id, person, db_path, tmp_path):
    member_id, other_id = person
    service = MemberService(database)
    assert service.search(chapter_id, MemberFilter(search="wisniewska"))
    result = erase_member(database, member_id)
    assert result.records_removed >= 8 and result.audit_entries_redacted >= 8

    traces = ("Zofia", "Wiśniewska", "wisniewska", "zofia", "900461", "L7654321", "SA15", "Llanelli", "Pride",
              "auto-exclusion")
    found = [(t, v[:60]) for t, v in _every_text_value(db_path) if any(x.lower() in v.lower() for x in traces)]
    assert found == []
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for needle in (EMAIL, NEW_EMAIL, "Wiśniewska", "Llanelli", "wisniewska", "L7654321"):
        assert needle.encode() not in raw, needle

    assert service.search(chapter_id, MemberFilter(search="wisniewska", include_removed=True)) == []
    assert service.search(chapter_id, MemberFilter(search="zofia", include_removed=True)) == []
    report = build_report(database, str(member_id))
    assert not report.holds_anything
    assert subject_access(database, NEW_EMAIL, tmp_path / "none")[1] == []
    # the one trace: that an erasure happened, by whom and when, with no personal data
    erased = AuditService(database).entries(AuditFilter(action="erase"))
    assert len(erased) == 1 and erased[0].record_id == str(member_id) and erased[0].label == "[erased]"
    assert erased[0].os_user
    redacted = [e for e in AuditService(database).entries() if e.redacted]
    assert redacted and all(set(e.after.values()) <= {"[erased]"} for e in redacted)
    # the bystander is intact, and searchable
    assert service.get(other_id).data.email == "dai@example.org"
    assert [m.id for m in service.search(chapter_id, MemberFilter(search="dai jones"))] == [other_id]


def test_erasure_of_an_unknown_member_is_refused(database):
    with pytest.raises(LienError, match="no member with id 999"):
        erase_member(database, 999)


def test_search_index_is_intact_after_erasure(database, person, db_path):
    from lien_desktop.services.database import check_database

    erase_member(database, person[0])
    database.close()
    assert check_database(db_path).ok


def test_erasure_commits_even_when_another_reader_blocks_compaction(database, person, db_path):
    reader = sqlite3.connect(db_path, timeout=0.1)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM members").fetchone()  # a read transaction held open
        result = erase_member(database, person[0])
    finally:
        reader.close()
    assert result.records_removed >= 8
    assert result.compacted is False  # said, not hidden: the WAL could not be emptied under the reader
    assert not build_report(database, str(person[0])).holds_anything


def test_sar_pdf_prints_markup_and_cjk_names_as_text(database, chapter_id, tmp_path):
    from lien_desktop.io.sar_pdf import markup

    member = MemberService(database).add(chapter_id, {"first_name": "李", "last_name": "<b>Wong</b> & Co",
                                                      "notes": "line one\nline <two>"})
    assert "&lt;b&gt;" in markup("<b>") and "DroidSansFallback" in markup("李")
    _report, paths = subject_access(database, str(member.id), tmp_path)
    plain = subprocess.run(["pdftotext", str(paths[0]), "-"], capture_output=True, text=True).stdout
    assert "李" in plain and "<b>Wong</b> & Co" in plain and "line <two>" in plain



def test_sar_pdf_after_a_meeting_pdf_in_the_same_process(database, chapter_id, db_path, tmp_path):
    """Fonts are registered once per process, by whichever document prints first: a subject access report
    printed after minutes (DejaVu there, the fallback not yet) still prints a CJK name. In a new process,
    so that no earlier test has registered anything."""
    import sys

    member = MemberService(database).add(chapter_id, {"first_name": "李", "last_name": "Wong"})
    database.close()
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from lien_desktop.io.pdf.fonts import register_fonts\n"
        "from lien_desktop.services.database import open_existing\n"
        "from lien_desktop.services.subject_access import subject_access\n"
        "register_fonts()  # as printing minutes leaves it\n"
        "database = open_existing(Path(sys.argv[1]))\n"
        "subject_access(database, sys.argv[2], Path(sys.argv[3]))\n"
        "database.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db_path), str(member.id), str(tmp_path)], check=True,
                   cwd=REPO)
    pdf = next(tmp_path.glob("*.pdf"))
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "李" in plain and "Wong" in plain
