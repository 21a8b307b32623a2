"""An erased chair or minute-taker reads "a former member" in the heading, the minutes PDF and the
archive, and is never mistaken for a meeting that had no chair recorded."""

from __future__ import annotations

import datetime as dt
import json

from pypdf import PdfReader

from lien_desktop.db.models import Meeting
from lien_desktop.domain.data_protection import FORMER_MEMBER
from lien_desktop.domain.meeting_documents import SignatureCheck
from lien_desktop.io.pdf import write_minutes
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.meeting_archive import ArchiveService
from lien_desktop.services.meeting_documents import MeetingDocuments
from lien_desktop.services.members import MemberService
from lien_desktop.ui.meetings import MeetingsPanel
from lien_desktop.ui.workers import JobRunner
from meeting_helpers import make_world


def _pdf_lines(path) -> list[str]:
    return [line.strip() for page in PdfReader(path).pages for line in page.extract_text().splitlines()]


def _details(path) -> dict[str, str]:
    """The heading's label/value rows (Date, Time, Place, Chair, Minute-taker) as the reader sees them."""
    lines = _pdf_lines(path)
    return {label: value for label, value in zip(lines, lines[1:])
            if label in ("Date", "Time", "Place", "Chair", "Minute-taker")}


def _scene(database, chapter_id):
    """Gwen chairs a signed meeting and takes the minutes of a draft one; a third has no chair at all."""
    world = make_world(database, chapter_id)
    gwen = MemberService(database).add(chapter_id, {"first_name": "Gwen", "last_name": "Ap Rhys"}).id
    signed = world.meetings.plan(chapter_id, {"title": "March general meeting", "date": dt.date(2026, 3, 12),
                                              "start": "19:00", "chair_id": gwen, "minute_taker_id": world.members[1]})
    draft = world.meetings.plan(chapter_id, {"title": "April general meeting", "date": dt.date(2026, 4, 9),
                                             "start": "19:00", "chair_id": world.members[0], "minute_taker_id": gwen})
    bare = world.meetings.plan(chapter_id, {"title": "May general meeting", "date": dt.date(2026, 5, 14)})
    world.minutes.circulate(signed.id)
    world.minutes.approve(signed.id, draft.id)
    world.minutes.sign(signed.id, "Gwen Ap Rhys")
    erase_member(database, gwen)
    return world, signed.id, draft.id, bare.id


def test_erased_officers_read_a_former_member_everywhere(database, chapter_id, tmp_path, qtbot):
    world, signed, draft, bare = _scene(database, chapter_id)
    assert world.meetings.get(signed).chair.name == FORMER_MEMBER
    assert world.meetings.get(draft).minute_taker.name == FORMER_MEMBER
    assert world.meetings.get(draft).chair.name == "Siân Evans"
    assert world.meetings.get(bare).chair is None  # no chair recorded is not an erased one
    assert world.minutes.check(signed) is SignatureCheck.REDACTED

    runner = JobRunner()
    panel = MeetingsPanel(database, chapter_id, runner)
    qtbot.addWidget(panel)
    panel.show()
    panel.open_meeting(signed)
    assert panel.header.text().splitlines()[-1] == f"Chair: {FORMER_MEMBER} · Minute-taker: Łukasz Wiśniewski"
    panel.open_meeting(draft)
    assert panel.header.text().splitlines()[-1] == f"Chair: Siân Evans · Minute-taker: {FORMER_MEMBER}"
    panel.open_meeting(bare)
    assert "Chair" not in panel.header.text() and FORMER_MEMBER not in panel.header.text()
    runner.wait(5000)

    documents = MeetingDocuments(database)
    for meeting_id, circulation, role in ((signed, False, "Chair"), (signed, True, "Chair"),
                                          (draft, False, "Minute-taker")):
        path = tmp_path / f"{meeting_id}-{circulation}.pdf"
        write_minutes(documents.minutes_doc(meeting_id, circulation=circulation), path)
        assert _details(path)[role] == FORMER_MEMBER
    path = tmp_path / "bare.pdf"
    write_minutes(documents.minutes_doc(bare), path)
    assert "Chair" not in _details(path) and "Date" in _details(path)


def test_the_archive_keeps_former_officers_and_the_signature(database, chapter_id, tmp_path):
    world, signed, _, _ = _scene(database, chapter_id)
    path = ArchiveService(database).export(signed, tmp_path / "march.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["meeting"]["chair"] is None and document["meeting"]["former_officers"] == ["chair"]
    with database.transaction() as session:  # make room: the same uid is refused
        session.get(Meeting, signed).uid = "00000000-0000-0000-0000-000000000000"
    imported = ArchiveService(database).import_file(path, chapter_id)
    assert imported.chair.name == FORMER_MEMBER and world.minutes.check(imported.id) is SignatureCheck.REDACTED
    # A role named as former while someone holds it is refused, naming the place.
    document["meeting"]["former_officers"] = ["minute_taker"]
    document["meeting"]["uid"] = "11111111-1111-1111-1111-111111111111"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    try:
        ArchiveService(database).import_file(bad, chapter_id)
    except Exception as exc:  # noqa: BLE001 - the message is what the user sees
        assert "meeting.former_officers[0]" in str(exc)
    else:
        raise AssertionError("a minute-taker both named and former was imported")


def test_editing_details_keeps_a_former_chair_until_someone_is_chosen(database, chapter_id):
    world, _, draft, _ = _scene(database, chapter_id)
    kept = world.meetings.update(draft, {"venue": "Trades Club", "minute_taker_id": None})
    assert kept.minute_taker.name == FORMER_MEMBER and kept.venue == "Trades Club"
    chosen = world.meetings.update(draft, {"minute_taker_id": world.members[2]})
    assert chosen.minute_taker.name == "Siobhán Ní Bhriain"
    assert world.meetings.update(draft, {"minute_taker_id": None}).minute_taker is None


def test_meeting_show_names_a_former_chair(database, chapter_id, db_path, run_cli):
    _, signed, _, _ = _scene(database, chapter_id)
    database.close()
    shown = run_cli("meeting", "show", "--db", db_path, str(signed))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[:3] == ["March general meeting", "Thursday 12 March 2026, 19:00",
                                             f"Chair: {FORMER_MEMBER} · Minute-taker: Łukasz Wiśniewski"]
