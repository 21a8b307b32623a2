"""Retention review, and the data-protection commands run as a separate process."""

import datetime as dt
import json

from openpyxl import load_workbook
from sqlalchemy import update

from lien_desktop.db.models import AuditEntry, Member
from lien_desktop.services.members import MemberService
from lien_desktop.services.preferences import PreferencesService
from lien_desktop.services.retention import FROM_AUDIT, FROM_RECORD, retention_candidates


def _backdate(database, member_id, when):
    """Pretend the member's records are old: the audit trail's rows (by the redaction-free path that
    only tests may take: through SQLAlchemy with the SQLite trigger dropped) and the record itself."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute(update(AuditEntry).where(AuditEntry.member_id == member_id).values(at=when))
        conn.execute(update(Member).where(Member.id == member_id).values(updated_at=when))


def test_retention_lists_members_lapsed_or_left_long_enough(database, chapter_id):
    service = MemberService(database)
    today = dt.date(2026, 11, 29)
    old_left = service.add(chapter_id, {"first_name": "Old", "last_name": "Leaver", "status": "active"})
    service.update(old_left.id, {"status": "left"})
    recent = service.add(chapter_id, {"first_name": "Recent", "last_name": "Lapse", "status": "lapsed"})
    active = service.add(chapter_id, {"first_name": "Still", "last_name": "Active"})
    secret = service.add(chapter_id, {"first_name": "Quiet", "last_name": "One", "status": "lapsed",
                                      "confidential": True})
    _backdate(database, old_left.id, dt.datetime(2019, 3, 1, 10, 0))
    _backdate(database, active.id, dt.datetime(2010, 1, 1))
    _backdate(database, secret.id, dt.datetime(2018, 1, 1))
    found = retention_candidates(database, chapter_id, 6, today=today)
    assert [c.member_id for c in found] == [secret.id, old_left.id]
    by_id = {c.member_id: c for c in found}
    assert by_id[old_left.id].since == dt.date(2019, 3, 1) and by_id[old_left.id].since_source == FROM_AUDIT
    assert by_id[secret.id].confidential and not by_id[old_left.id].confidential
    assert recent.id not in by_id
    assert [c.member_id for c in retention_candidates(database, chapter_id, 8, today=today)] == [secret.id]
    PreferencesService(database).save("", 7)
    assert len(retention_candidates(database, chapter_id, today=today)) == 2  # 7 years from preferences


def test_retention_falls_back_to_the_record_date_for_bulk_loaded_members(database):
    from lien_desktop.services.demo import fill_demo

    result = fill_demo(database, members=40, seed=5)  # demo rows were last changed on 1 January 2026
    found = retention_candidates(database, result.chapter_id, 1, today=dt.date(2027, 6, 1))
    assert found and all(c.since_source == FROM_RECORD and c.since == dt.date(2026, 1, 1) for c in found)
    assert {c.status for c in found} <= {"lapsed", "left"}


def _make(run_cli, tmp_path):
    db = tmp_path / "dp.sqlite3"
    assert run_cli("init", "--db", db, "--chapter", "Swansea LIEN").returncode == 0
    from lien_desktop.services.database import open_existing

    database = open_existing(db)
    try:
        service = MemberService(database)
        a = service.add(1, {"first_name": "Gwenllïan", "last_name": "Prŷs", "email": "gwen@example.org",
                            "labour_membership_number": "L1111111"})
        b = service.add(1, {"first_name": "Twin", "last_name": "One", "email": "twin@example.org"})
        c = service.add(1, {"first_name": "Twin", "last_name": "Two", "email": "twin@example.org"})
    finally:
        database.close()
    return db, a.id, b.id, c.id


def test_cli_sar_erase_exit_codes_and_one_line_refusals(run_cli, tmp_path):
    db, a, b, c = _make(run_cli, tmp_path)
    out = tmp_path / "sar"
    result = run_cli("sar", "--db", db, "gwen@example.org", "--out", out)
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert [f.suffix for f in files] == [".pdf", ".xlsx"]
    details = {r[0]: r[1] for r in load_workbook(files[1], read_only=True)["Details"].iter_rows(values_only=True)}
    assert details["Last name"] == "Prŷs"

    refusals = [
        ("sar", "--db", db, "twin@example.org", "--out", out),  # ambiguous
        ("erase", "--db", db, "twin@example.org", "--yes"),  # ambiguous
        ("erase", "--db", db, str(a)),  # no terminal, no --yes
        ("erase", "--db", db, "nobody@example.org", "--yes"),
        ("sar", "--db", db, str(a)),  # --out missing
        ("erase", "--db", tmp_path / "missing.sqlite3", "1", "--yes"),
        ("retention", "--db", db, "--years", "0"),
    ]
    errors = []
    for args in refusals:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, args
        errors.append(result.stderr)
    assert "give the member id" in errors[0] and "--yes" in errors[2]

    members = json.loads(run_cli("members", "--db", db, "--json").stdout)
    assert len(members) == 3  # nothing was erased by the refusals
    result = run_cli("erase", "--db", db, "L1111111", "--yes")
    assert result.returncode == 0 and f"erased member {a}" in result.stdout, result.stderr
    assert len(json.loads(run_cli("members", "--db", db, "--json").stdout)) == 2
    result = run_cli("sar", "--db", db, str(a), "--out", tmp_path / "after")
    assert result.returncode == 0 and "no personal data is held" in result.stdout
    assert not (tmp_path / "after").exists()
    entries = json.loads(run_cli("audit", "--db", db, "--json").stdout)
    assert any(e["action"] == "erase" and e["record_id"] == str(a) for e in entries)
    assert "Prŷs" not in json.dumps(entries, ensure_ascii=False) and "gwen@" not in json.dumps(entries)
    result = run_cli("erase", "--db", db, str(b), input="no\n")
    assert result.returncode == 2  # stdin is not a terminal: refused, whatever it says


def test_cli_retention_and_preferences(run_cli, tmp_path):
    db, *_ = _make(run_cli, tmp_path)
    result = run_cli("preferences", "--db", db, "--secretary", "Rhiannon Davies", "--retention-years", "4")
    assert result.returncode == 0 and "Rhiannon Davies" in result.stdout and "4 years" in result.stdout
    result = run_cli("retention", "--db", db, "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []
    result = run_cli("audit", "--db", db, "--out", tmp_path / "audit.csv")
    assert result.returncode == 0 and (tmp_path / "audit.csv").exists()
    assert "Rhiannon Davies" in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
