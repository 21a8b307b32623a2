"""Subject access and erasure cover the meetings: attendance, motions, amendments, actions, minutes text,
signed minutes (which stay signed, with an addendum recording the redaction), and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lien_desktop.db.models import Meeting
from lien_desktop.domain.data_protection import FORMER_MEMBER, AuditFilter
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meeting_documents import SignatureCheck
from lien_desktop.io.pdf import write_minutes
from lien_desktop.services.audit import AuditService
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.meeting_archive import ArchiveService
from lien_desktop.services.meeting_documents import MeetingDocuments
from lien_desktop.services.members import MemberService
from lien_desktop.services.subject_access import build_report, subject_access
from meeting_helpers import item, make_world
from test_subject_access_erasure import _every_text_value

NAME = "Bronwen Pryce-Tŷ"
ASCII_NAME = "Bronwen Pryce-Ty"
EMAIL = "bronwen.pryce@example.org"
TRACES = ("Bronwen", "Pryce", "bronwen.pryce")


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def scene(database, chapter_id):
    """Bronwen at two meetings: March (signed minutes) and April (draft), in every role."""
    world = make_world(database, chapter_id)
    bronwen = MemberService(database).add(chapter_id, {
        "first_name": "Bronwen", "last_name": "Pryce-Tŷ", "email": EMAIL, "labour_membership_number": "L5550001"}).id
    march = world.held_meeting("March general meeting", dt.date(2026, 3, 12))
    world.attendance.check_in(march.id, bronwen, at=dt.time(19, 40))
    march = world.meetings.add_item(march.id, "Campaign report", presenter=NAME)
    report = next(i for i in march.items if i.title == "Campaign report")
    world.meetings.edit_item(march.id, report.id,
                             notes=f"{NAME} reported on the leafleting. Thanks to {ASCII_NAME.upper()} and Zoë.")
    motion = world.business.add_motion(march.id, {
        "item_id": report.id, "title": "Leaflets", "wording": f"Print 2,000 leaflets, as {NAME} proposed.",
        "proposer_id": bronwen, "seconder_id": world.members[0], "result": "carried",
        "votes_for": 4, "votes_against": 0, "abstentions": 1}).meeting.motions[0]
    world.business.add_amendment(motion.id, {"wording": "Make it 3,000.", "mover_id": world.members[1],
                                             "seconder_id": bronwen, "result": "fallen"})
    world.business.add_decision(march.id, f"Thanks recorded to {NAME}.")
    world.business.add_action(march.id, "Order the leaflets", bronwen, dt.date(2026, 4, 1))
    world.attendance.add_guest(march.id, "Dr Amara Osei")
    april = world.held_meeting("April general meeting", dt.date(2026, 4, 9))
    world.attendance.record(april.id, bronwen, "apologies")
    world.business.add_action(april.id, f"Ask {NAME} for the receipts", world.members[2])
    world.minutes.circulate(march.id)
    world.minutes.approve(march.id, april.id)
    signed = world.minutes.sign(march.id, "Siân Evans")
    assert world.minutes.check(march.id) is SignatureCheck.INTACT
    return world, bronwen, march.id, april.id, signed.minutes.fingerprint


def test_subject_access_lists_meetings_motions_and_actions(database, scene, tmp_path):
    world, bronwen, march_id, april_id, _ = scene
    report, (pdf, xlsx) = subject_access(database, EMAIL, tmp_path / "sar")
    titles = [s.title for s in report.sections]
    assert titles[titles.index("Officer posts") + 1:titles.index("Audit trail")] == [
        "Meetings attended", "Motions proposed or seconded", "Actions"]
    sections = {s.title: s for s in report.sections}
    assert sections["Meetings attended"].rows == [
        ("12/03/2026", "March general meeting", "Present", "arrived 19:40"),
        ("09/04/2026", "April general meeting", "Apologies", "")]
    motions = sections["Motions proposed or seconded"].rows
    assert ("12/03/2026", "March general meeting", "M1 Leaflets", "proposer", "Carried") in motions
    assert ("12/03/2026", "March general meeting", "Amendment 1 to M1 Leaflets: Make it 3,000.",
            "seconder of the amendment", "Fallen") in motions
    assert sections["Actions"].rows == [("A1: Order the leaflets", "12/03/2026 March general meeting", "01/04/2026",
                                         "Open")]
    text = _pdf_text(pdf)
    for needle in ("Meetings attended", "Motions proposed or seconded", "Order the leaflets", "Apologies"):
        assert needle in text, needle
    assert {"Meetings attended", "Motions proposed or seconded", "Actions"} <= set(
        load_workbook(xlsx, read_only=True).sheetnames)
    # attendance and actions are in the person's audit trail too
    audit = sections["Audit trail"].rows
    assert any(r[2].startswith("meeting_attendance") for r in audit)
    assert any(r[2].startswith("action_items") for r in audit)


def test_a_member_without_meetings_gets_no_meeting_sections(database, scene):
    world = scene[0]
    report = build_report(database, str(world.members[5]))
    assert not {"Meetings attended", "Motions proposed or seconded", "Actions"} & {s.title for s in report.sections}


def test_erasure_redacts_the_minutes_and_keeps_them_signed(database, scene, db_path, tmp_path):
    world, bronwen, march_id, april_id, fingerprint = scene
    other_notes_before = world.meetings.get(april_id).actions[0].what
    assert NAME in other_notes_before

    documents = MeetingDocuments(database)
    quorum_before = documents.minutes_doc(march_id).quorum_statement
    present_before = world.meetings.get(march_id).present_count
    result = erase_member(database, bronwen)
    assert result.records_removed > 10

    # nothing left of her: every text column of every table, then the file's raw bytes
    found = [(t, v[:80]) for t, v in _every_text_value(db_path) if any(x.lower() in v.lower() for x in TRACES)]
    assert found == []
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for needle in (EMAIL, "Bronwen", "Pryce", "L5550001"):
        assert needle.encode() not in raw, needle
    assert not build_report(database, str(bronwen)).holds_anything

    # the minutes are intact, with "a former member" in her places
    march = world.meetings.get(march_id)
    assert march.minutes.status.value == "signed" and march.minutes.fingerprint == fingerprint
    assert march.minutes.signed_by == "Siân Evans"
    # her row is gone; the count stays: "a former member" is listed present and the quorum reads the same
    assert bronwen not in {a.member_id for a in march.attendance}
    assert [a.name for a in march.attendance if a.member_id == 0] == [FORMER_MEMBER]
    assert march.present_count == present_before == 5
    assert documents.minutes_doc(march_id).quorum_statement == quorum_before
    assert world.attendance.quorum(march_id).present == 5
    motion = march.motions[0]
    assert motion.proposer.name == FORMER_MEMBER and motion.seconder.id == world.members[0]
    assert motion.wording == f"Print 2,000 leaflets, as {FORMER_MEMBER} proposed."
    assert motion.amendments[0].seconder.name == FORMER_MEMBER
    assert march.actions[0].owner.name == FORMER_MEMBER and march.actions[0].what == "Order the leaflets"
    report = next(i for i in march.items if i.title == "Campaign report")
    notes = report.notes
    assert notes == f"{FORMER_MEMBER} reported on the leafleting. Thanks to {FORMER_MEMBER} and Zoë."
    assert report.presenter == FORMER_MEMBER
    assert march.decisions[0].text == f"Thanks recorded to {FORMER_MEMBER}."
    assert march.guests[0].name == "Dr Amara Osei"
    today = dt.date.today()
    assert [a.text for a in march.addenda] == [
        f"On {today:%d/%m/%Y} personal data of a former member was redacted (UK GDPR Art. 17)."]
    assert march.addenda[0].redaction

    # still signed: verification says "redacted after signing, see addendum", not "tampered"
    assert world.minutes.check(march_id) is SignatureCheck.REDACTED
    assert world.minutes.verify(march_id)
    assert "see addendum" in SignatureCheck.REDACTED.message
    with pytest.raises(Exception, match="signed"):
        world.meetings.add_item(march_id, "Late item")

    # the draft April minutes: apologies gone, her name in another's action replaced, no addendum
    april = world.meetings.get(april_id)
    assert april.actions[0].what == f"Ask {FORMER_MEMBER} for the receipts" and april.addenda == ()
    assert sorted(a.member_id for a in april.attendance) == [0, *world.members[:4]]
    assert [a.kind.value for a in april.attendance if a.member_id == 0] == ["apologies"]
    with pytest.raises(LienError, match="former member"):
        world.attendance.clear(april_id, 0)

    # the minutes still print (and the circulation copy says "a former member", not its initials)
    for circulation in (False, True):
        pdf = tmp_path / f"minutes-{circulation}.pdf"
        write_minutes(documents.minutes_doc(march_id, circulation=circulation), pdf)
        text = " ".join(_pdf_text(pdf).split())
        assert "a former member" in text and "Bronwen" not in text and "AFM" not in text
        assert "Present (5)" in text
        assert "personal data of a former member was redacted (UK GDPR Art. 17)" in text
        assert fingerprint in text.replace(" ", "") or fingerprint[:16] in text
    register = documents.motions_register_doc(world.chapter_id)
    assert register.rows[0].proposer == FORMER_MEMBER

    # audit entries of the meetings tables no longer quote her
    entries = AuditService(database).entries(AuditFilter())
    blob = json.dumps([(e.label, e.before, e.after, e.detail) for e in entries], ensure_ascii=False)
    assert "Bronwen" not in blob and "Pryce" not in blob

    # the JSON archive still exports, re-imports into another database, and verifies there
    exported = ArchiveService(database).export(march_id, tmp_path / "march.json")
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["meeting"]["motions"][0]["proposer"] is None
    assert document["meeting"]["actions"][0]["owner"] is None
    assert document["meeting"]["former_attendance"] == {"present": 1, "apologies": 0, "absent": 0}
    assert "Bronwen" not in exported.read_text(encoding="utf-8")


def test_redacted_archive_imports_and_stays_signed(database, scene, tmp_path, chapter_id):
    world, bronwen, march_id, _, fingerprint = scene
    erase_member(database, bronwen)
    path = ArchiveService(database).export(march_id, tmp_path / "march.json")
    # import it back as a new meeting (new uid) to prove the file is accepted as signed-and-redacted
    document = json.loads(path.read_text(encoding="utf-8"))
    with database.transaction() as session:  # make room: the same uid is refused
        meeting = session.get(Meeting, march_id)
        meeting.uid = "00000000-0000-0000-0000-000000000000"
    imported = ArchiveService(database).import_file(path, chapter_id)
    assert imported.minutes.fingerprint == fingerprint and imported.motions[0].proposer.name == FORMER_MEMBER
    assert world.minutes.check(imported.id) is SignatureCheck.REDACTED
    assert imported.present_count == 5
    # a change beyond the redaction is still caught
    document["meeting"]["decisions"][0]["text"] = "Something else entirely."
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(Exception, match="changed after signing"):
        ArchiveService(database).import_file(altered, chapter_id)


def test_minutes_altered_before_the_erasure_stay_reported_as_altered(database, scene):
    world, bronwen, march_id, _, _ = scene
    with database.transaction() as session:  # tampering behind the services' back
        session.get(Meeting, march_id).title = "A different meeting"
    assert world.minutes.check(march_id) is SignatureCheck.ALTERED
    erase_member(database, bronwen)
    assert world.minutes.check(march_id) is SignatureCheck.ALTERED  # the redaction does not launder it


def test_editing_a_draft_motion_keeps_a_former_proposer(database, scene):
    world, bronwen, _, april_id, _ = scene
    motion = world.business.add_motion(april_id, {"title": "Room", "wording": "Book the room.",
                                                  "proposer_id": world.members[3], "seconder_id": world.members[0]})
    with database.transaction() as session:
        from lien_desktop.db.models import Motion
        session.get(Motion, motion.meeting.motions[0].id).proposer_id = None
    updated = world.business.update_motion(motion.meeting.motions[0].id, {"result": "carried"}).meeting
    assert updated.motions[0].proposer.name == FORMER_MEMBER and updated.motions[0].result.value == "carried"


def test_cli_sar_and_erase_include_meetings(database, scene, db_path, run_cli, tmp_path):
    world, bronwen, march_id, _, _ = scene
    database.close()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db_path, copy)
    result = run_cli("sar", "--db", copy, EMAIL, "--out", tmp_path / "sar")
    assert result.returncode == 0, result.stderr
    xlsx = next((tmp_path / "sar").glob("*.xlsx"))
    book = load_workbook(xlsx, read_only=True)
    assert {"Meetings attended", "Motions proposed or seconded", "Actions"} <= set(book.sheetnames)
    result = run_cli("erase", "--db", copy, EMAIL, "--yes")
    assert result.returncode == 0, result.stderr
    assert b"Bronwen" not in copy.read_bytes()
    shown = run_cli("meeting", "show", "--db", copy, str(march_id))
    assert shown.returncode == 0 and "signature: redacted after signing, see addendum" in shown.stdout, shown.stderr
    result = run_cli("sar", "--db", copy, str(bronwen), "--out", tmp_path / "after")
    assert result.returncode == 0 and "no personal data" in result.stdout


def test_migration_0006_keeps_amendments_both_ways(database, scene, db_path):
    """Rebuilding `motions` (batch mode, foreign keys on) would cascade to the amendments: they are kept."""
    from alembic import command

    from lien_desktop.db.migrations import alembic_config, upgrade_to_head
    from lien_desktop.services.database import open_existing

    world, _, march_id, _, _ = scene
    before = world.meetings.get(march_id)
    database.close()
    reopened = open_existing(db_path)
    try:
        with reopened.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0005")
        with reopened.engine.begin() as connection:
            upgrade_to_head(connection)
        after = MeetingDocuments(reopened)._load(march_id)[0]
    finally:
        reopened.close()
    assert after.motions == before.motions and after.motions[0].amendments
    assert after.actions == before.actions


def test_meeting_screens_show_a_former_member(database, scene, qtbot, qtmodeltester):
    from lien_desktop.ui.meetings import MeetingsPanel
    from lien_desktop.ui.meetings.models import ActionsModel, AttendanceModel, MotionsModel
    from lien_desktop.ui.workers import JobRunner

    world, bronwen, march_id, _, _ = scene
    erase_member(database, bronwen)
    runner = JobRunner()
    panel = MeetingsPanel(database, world.chapter_id, runner)
    qtbot.addWidget(panel)
    panel.show()
    panel.open_meeting(march_id)
    assert "Redacted after signing" in panel.status_label.text() and "see addendum" in panel.status_label.text()
    recorded = panel.attendance.recorded
    qtmodeltester.check(recorded)
    assert FORMER_MEMBER in [recorded.data(recorded.index(r, 0)) for r in range(recorded.rowCount())]
    motions = panel.motions.model
    qtmodeltester.check(motions)
    shown = [motions.data(motions.index(0, c)) for c in range(motions.columnCount())]
    assert FORMER_MEMBER in shown
    detail = world.meetings.get(march_id)
    for model, rows in ((AttendanceModel(), detail.attendance), (MotionsModel(), detail.motions),
                        (ActionsModel(), detail.actions)):
        model.set_rows(rows)
        qtmodeltester.check(model)
    runner.wait(5000)


def test_a_second_erasure_scrubs_audit_entries_the_first_one_redacted(database, scene, db_path):
    world, bronwen, march_id, april_id, _ = scene
    sian = world.members[0]  # "Siân Evans" (chair, seconder of M1)
    world.meetings.edit_item(april_id, world.meetings.get(april_id).items[0].id,
                             notes=f"{NAME} and Siân Evans will speak to the branch.")
    erase_member(database, bronwen)
    erase_member(database, sian)
    found = [(t, v[:80]) for t, v in _every_text_value(db_path)
             if any(x in v for x in ("Bronwen", "Siân Evans", "Sian Evans"))]
    assert found == []
    assert world.meetings.get(april_id).items[0].notes == f"{FORMER_MEMBER} and {FORMER_MEMBER} will speak to the branch."
    with sqlite3.connect(db_path) as conn:  # still append-only: no un-redaction, no plain rewrite
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET after_values = '{}' WHERE redacted_at IS NULL")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET redacted_at = NULL WHERE redacted_at IS NOT NULL")
