"""The audit trail: every change through the services is recorded with before/after; nothing else."""

import datetime as dt
import getpass
import sqlite3

import pytest
from sqlalchemy import text

from lien_desktop.db.models import Member
from lien_desktop.domain.data_protection import AuditFilter
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost
from lien_desktop.services.audit import AuditService
from lien_desktop.services.members import MemberService
from lien_desktop.services.preferences import PreferencesService


def _entries(database, **kw):
    return list(reversed(AuditService(database).entries(AuditFilter(**kw))))  # oldest first


@pytest.fixture
def member(database, chapter_id):
    return MemberService(database).add(chapter_id, {"first_name": "Siân", "last_name": "Ó Súilleabháin",
                                                    "email": "sian@example.org", "tags": ["Canvasser"]})


def test_adding_a_member_records_who_and_every_value(database, chapter_id):
    PreferencesService(database).save("Ffion Hughes", 6)
    record = MemberService(database).add(chapter_id, {"first_name": "Siân", "last_name": "Ó Súilleabháin",
                                                      "email": "sian@example.org"})
    entries = _entries(database, member_id=record.id)
    assert entries[0].action == "insert" and entries[0].table == "members"
    assert entries[0].record_id == str(record.id)
    assert entries[0].after["email"] == "sian@example.org" and entries[0].after["first_name"] == "Siân"
    assert entries[0].before == {}
    assert entries[0].secretary == "Ffion Hughes" and entries[0].os_user == getpass.getuser()
    assert entries[0].label == "Siân Ó Súilleabháin"
    assert abs(entries[0].at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=1)


def test_update_records_only_changed_fields_with_before_and_after(database, member):
    service = MemberService(database)
    service.update(member.id, {"email": "new@example.org", "town": "Abertawe", "last_name": "Ó Súilleabháin"})
    last = _entries(database, member_id=member.id)[-1]
    assert last.action == "update"
    assert set(last.fields) == {"email", "town"}
    assert last.before == {"email": "sian@example.org", "town": ""}
    assert last.after == {"email": "new@example.org", "town": "Abertawe"}


def test_tags_timeline_consents_posts_and_removal_are_all_audited(database, member):
    service = MemberService(database)
    service.update(member.id, {"tags": ["Canvasser", "Driver"]})
    event = service.record_standing(member.id, "suspended", dt.date(2024, 3, 1), "letter of 1 March")
    service.retract_standing(member.id, event.id)
    service.set_consent(member.id, Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 1), "form"))
    service.set_consent(member.id, Consent(ConsentChannel.EMAIL, True, dt.date(2024, 1, 1), "form",
                                           withdrawn_on=dt.date(2024, 6, 1)))
    post = service.add_officer_post(member.id, OfficerPost("Treasurer", dt.date(2024, 5, 1)))
    service.remove_officer_post(member.id, post.id)
    service.remove(member.id)
    service.restore(member.id)
    seen = [(e.table, e.action, tuple(e.fields) if e.action == "update" else ()) for e in
            _entries(database, member_id=member.id)]
    assert ("members", "update", ("tags",)) in seen
    assert ("standing_events", "insert", ()) in seen and ("standing_events", "delete", ()) in seen
    assert ("member_consents", "insert", ()) in seen
    assert ("member_consents", "update", ("withdrawn_on",)) in seen
    assert ("officer_posts", "insert", ()) in seen and ("officer_posts", "delete", ()) in seen
    assert seen.count(("members", "update", ("removed_at",))) == 2
    tags = next(e for e in _entries(database, member_id=member.id) if e.fields == ("tags",) and e.action == "update"
                and "Driver" in e.after["tags"])
    assert tags.before["tags"] == ["Canvasser"] and tags.after["tags"] == ["Canvasser", "Driver"]
    deleted = next(e for e in _entries(database, member_id=member.id) if e.table == "standing_events"
                   and e.action == "delete")
    assert deleted.before["note"] == "letter of 1 March"


def test_rollback_leaves_no_audit_rows(database, member):
    before = len(_entries(database))
    with pytest.raises(RuntimeError):
        with database.transaction() as session:
            session.get(Member, member.id).email = "rolled@example.org"
            session.flush()  # the audit row is written ...
            raise RuntimeError("power cut")  # ... and rolled back with the change
    assert len(_entries(database)) == before
    assert MemberService(database).get(member.id).data.email == "sian@example.org"


def test_refused_change_leaves_no_audit_rows(database, member):
    before = len(_entries(database))
    with pytest.raises(Exception):
        MemberService(database).update(member.id, {"email": "not an email"})
    assert len(_entries(database)) == before


def test_audit_log_is_append_only_in_the_database(database, member, db_path):
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET after_values = '{}'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # not a real redaction
            conn.execute("UPDATE audit_log SET label = 'x', redacted_at = '2026-01-01'")
    assert all(e.after for e in _entries(database, member_id=member.id) if e.action == "insert")


def test_filters_by_member_text_action_user_and_dates(database, chapter_id, member):
    other = MemberService(database).add(chapter_id, {"first_name": "Dai", "last_name": "Jones"})
    service = AuditService(database)
    assert {e.member_id for e in service.entries(AuditFilter(member_id=other.id))} == {other.id}
    assert {e.member_id for e in service.entries(AuditFilter(text="súilleab"))} == {member.id}
    MemberService(database).record_standing(member.id, "member", dt.date(2020, 1, 1))
    found = service.entries(AuditFilter(text="sian suilleabhain"))  # accents folded, child records too
    assert {e.member_id for e in found} == {member.id} and "standing_events" in {e.table for e in found}
    assert all(e.action == "insert" for e in service.entries(AuditFilter(action="insert")))
    assert service.entries(AuditFilter(user=getpass.getuser()))
    assert not service.entries(AuditFilter(user="nobody-at-all"))
    today = dt.datetime.now(dt.UTC).date()
    assert service.entries(AuditFilter(since=today, until=today))
    assert not service.entries(AuditFilter(until=today - dt.timedelta(days=1)))
    assert getpass.getuser() in service.users(chapter_id)


def test_bulk_loads_leave_one_entry(database):
    from lien_desktop.services.demo import fill_demo

    fill_demo(database, members=50, seed=2)
    bulk = AuditService(database).entries(AuditFilter(action="bulk"))
    assert len(bulk) == 1 and "50" in bulk[0].label


def test_export_xlsx_and_csv_marks_confidential(database, chapter_id, member, tmp_path):
    from openpyxl import load_workbook

    secret = MemberService(database).add(chapter_id, {"first_name": "=cmd|' /C calc'!A0", "last_name": "Hidden",
                                                      "confidential": True})
    service = AuditService(database)
    count = service.export(tmp_path / "audit.xlsx", AuditFilter(chapter_id=chapter_id))
    rows = list(load_workbook(tmp_path / "audit.xlsx", read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == count + 1 and rows[0][0] == "When (UTC)"
    secret_rows = [r for r in rows[1:] if r[5] == secret.id]
    assert secret_rows and all(r[7] == "CONFIDENTIAL" for r in secret_rows)
    assert all(r[7] != "CONFIDENTIAL" for r in rows[1:] if r[5] == member.id)
    assert any(str(r[6]).startswith("=cmd") for r in secret_rows)  # text, not a formula
    service.export(tmp_path / "audit.csv", AuditFilter(member_id=secret.id))
    csv_text = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert "CONFIDENTIAL" in csv_text and "'=cmd" in csv_text


def test_preference_changes_are_audited_without_a_member(database):
    PreferencesService(database).save("Ffion Hughes", 8)
    entries = _entries(database, text="preference")
    assert {e.label for e in entries} == {"preference secretary_name", "preference retention_years"}
    assert all(e.member_id is None for e in entries)


def test_audit_trail_is_written_in_the_same_transaction(database, member, db_path):
    with database.engine.connect() as conn:
        members = conn.execute(text("SELECT COUNT(*) FROM members")).scalar()
        audit = conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE table_name = 'members' "
                                  "AND action = 'insert'")).scalar()
    assert members == audit == 1
