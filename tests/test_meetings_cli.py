"""The meetings commands, run as scripts run them: exit codes, JSON, one-line refusals."""

import json
import subprocess

import pytest

from lien_desktop.services.members import MemberService
from meeting_helpers import PEOPLE


@pytest.fixture
def db(database, chapter_id, db_path):
    service = MemberService(database)
    for person in PEOPLE:
        service.add(chapter_id, person)
    database.close()
    return db_path


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess, text: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_a_meeting_recorded_headlessly(run_cli, db, tmp_path):
    created = json.loads(ok(run_cli("meeting", "create", "--db", db, "--title", "March GM", "--date", "12/03/2026",
                                    "--start", "19:00", "--chair", "1", "--json")))
    mid = str(created["id"])
    out = ok(run_cli("meeting", "attend", "--db", db, mid, "1", "2", "3"))
    assert "3 recorded present" in out and "Not quorate" in out
    ok(run_cli("quorum", "--db", db, "--fixed", "3"))
    ok(run_cli("meeting", "attend", "--db", db, mid, "6", "--kind", "apologies"))
    result = run_cli("motion", "add", "--db", db, mid, "--wording", "We resolve to <b>meet</b> monthly.",
                     "--proposer", "1", "--seconder", "2", "--result", "carried", "--for", "7", "--against", "0")
    assert "recorded motion M1" in ok(result)
    assert "warning: 7 votes recorded but only 3 members present" in result.stderr
    refused(run_cli("motion", "add", "--db", db, mid, "--wording", "x", "--proposer", "1", "--seconder", "1"),
            "must be different people")
    refused(run_cli("motion", "add", "--db", db, mid, "--wording", "x", "--proposer", "1", "--seconder", "5"),
            "must be present")
    refused(run_cli("motion", "add", "--db", db, mid, "--wording", "x", "--proposer", "1", "--seconder", "2",
                    "--for", "-2"), "cannot be negative")
    ok(run_cli("action", "add", "--db", db, mid, "--what", "Write to the MP", "--owner", "2", "--due", "01/04/2026"))
    ok(run_cli("meeting", "decision", "--db", db, mid, "Accounts accepted", "--item", "5.3"))
    listed = json.loads(ok(run_cli("meetings", "--db", db, "--json")))
    assert [(m["id"], m["title"], m["present"], m["motions"]) for m in listed] == [(int(mid), "March GM", 3, 1)]
    overdue = json.loads(ok(run_cli("actions", "--db", db, "--overdue", "--json")))
    assert [a["what"] for a in overdue] == ["Write to the MP"]


def test_sign_locks_and_every_edit_is_refused(run_cli, db, tmp_path):
    first = json.loads(ok(run_cli("meeting", "create", "--db", db, "--date", "12/03/2026", "--json")))["id"]
    second = json.loads(ok(run_cli("meeting", "create", "--db", db, "--date", "09/04/2026", "--json")))["id"]
    ok(run_cli("meeting", "attend", "--db", db, str(first), "1", "2"))
    refused(run_cli("meeting", "sign", "--db", db, str(first), "--by", "Chair"), "only approved minutes")
    ok(run_cli("meeting", "circulate", "--db", db, str(first)))
    ok(run_cli("meeting", "approve", "--db", db, str(first), "--at", str(second)))
    out = ok(run_cli("meeting", "sign", "--db", db, str(first), "--by", "Siân Evans"))
    fingerprint = out.split("fingerprint (SHA-256): ")[1].strip()
    assert len(fingerprint) == 64
    for args in (("meeting", "attend", "--db", db, str(first), "3"),
                 ("meeting", "guest", "--db", db, str(first), "Someone"),
                 ("meeting", "item", "--db", db, str(first), "Late item"),
                 ("motion", "add", "--db", db, str(first), "--wording", "x", "--proposer", "1", "--seconder", "2"),
                 ("action", "add", "--db", db, str(first), "--what", "x", "--owner", "1")):
        refused(run_cli(*args), "signed and locked")
    assert fingerprint in ok(run_cli("meeting", "show", "--db", db, str(first)))
    ok(run_cli("meeting", "addendum", "--db", db, str(first), "Correction after signing"))


def test_export_import_into_another_database(run_cli, db, tmp_path):
    mid = str(json.loads(ok(run_cli("meeting", "create", "--db", db, "--date", "12/03/2026", "--json")))["id"])
    ok(run_cli("meeting", "attend", "--db", db, mid, "1", "2", "4"))
    ok(run_cli("motion", "add", "--db", db, mid, "--wording", "Text", "--proposer", "1", "--seconder", "4",
               "--result", "carried", "--unanimous"))
    out = tmp_path / "meeting.json"
    ok(run_cli("meeting", "export", "--db", db, mid, "--out", out))
    other = tmp_path / "other.sqlite3"
    ok(run_cli("init", "--db", other, "--chapter", "Other"))
    refused(run_cli("meeting", "import", "--db", other, out), "unknown members in this chapter")
    assert json.loads(ok(run_cli("meetings", "--db", other, "--json"))) == []
    # The other secretary's register gets the same people (through the service, as a register import would).
    from lien_desktop.services.database import open_existing

    database = open_existing(other)
    try:
        for person in PEOPLE:
            MemberService(database).add(1, person)
    finally:
        database.close()
    assert "imported meeting" in ok(run_cli("meeting", "import", "--db", other, out))
    shown = json.loads(ok(run_cli("meeting", "show", "--db", other, "1", "--json")))
    assert shown["motions"][0]["vote_summary"] == "unanimous" and len(shown["attendance"]) == 3
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    refused(run_cli("meeting", "import", "--db", other, bad), "bad.json: is not valid JSON")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**json.loads(out.read_text(encoding="utf-8")), "format_version": 99}),
                     encoding="utf-8")
    refused(run_cli("meeting", "import", "--db", other, newer), "newer LIEN Desktop")
    refused(run_cli("meeting", "show", "--db", other, "77"), "there is no meeting with id 77")


def test_demo_makes_a_year_of_meetings(run_cli, tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert "added 13 demo meetings" in ok(run_cli("demo", "--db", db, "--members", "120", "--seed", "2"))
    meetings = json.loads(ok(run_cli("meetings", "--db", db, "--json")))
    assert len(meetings) == 13
    assert [m["minutes_status"] for m in meetings[-3:]] == ["signed", "circulated", "draft"]
    assert sum(m["motions"] for m in meetings) >= 12 and all(m["present"] >= 8 for m in meetings[:-1])
    assert len({m["title"] for m in meetings}) == 13  # one a month: no two called "General meeting, April"
    # Members only, for benchmarks; `meetings-demo` adds the year later, the same for the same seed.
    bare = tmp_path / "bare.sqlite3"
    assert "meetings" not in ok(run_cli("demo", "--db", bare, "--members", "120", "--seed", "2", "--no-meetings"))
    assert json.loads(ok(run_cli("meetings", "--db", bare, "--json"))) == []
    assert "added 13 demo meetings" in ok(run_cli("meetings-demo", "--db", bare, "--seed", "2"))
    again = json.loads(ok(run_cli("meetings", "--db", bare, "--json")))
    assert [{k: m[k] for k in ("uid", "title", "date", "present", "motions", "open_actions")} for m in again] == [
        {k: m[k] for k in ("uid", "title", "date", "present", "motions", "open_actions")} for m in meetings]
    # A chapter too small for meetings still gets its members, with a note.
    small = run_cli("demo", "--db", tmp_path / "small.sqlite3", "--members", "3")
    assert small.returncode == 0 and "no demo meetings" in small.stderr


# --- printed documents: written by lien_desktop.io.pdf (merged from the pdf branch) ----------------

def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_commands(run_cli, db, tmp_path):
    pytest.importorskip("lien_desktop.io.pdf")
    mid = str(json.loads(ok(run_cli("meeting", "create", "--db", db, "--title", "March GM", "--date",
                                    "12/03/2026", "--json")))["id"])
    ok(run_cli("meeting", "attend", "--db", db, mid, "1", "2", "5"))
    ok(run_cli("motion", "add", "--db", db, mid, "--wording", "We resolve to <b>meet</b> monthly.",
               "--proposer", "1", "--seconder", "5", "--result", "carried", "--for", "3", "--against", "0"))
    minutes, copy = tmp_path / "minutes.pdf", tmp_path / "copy.pdf"
    ok(run_cli("minutes", "--db", db, mid, "--out", minutes))
    text = _pdf_text(minutes)
    assert "Siân Evans" in text and "Llŷr Jones" in text and "<b>meet</b>" in text and "Draft minutes" in text
    ok(run_cli("minutes", "--db", db, mid, "--out", copy, "--circulation"))
    text = _pdf_text(copy)
    assert "Siân Evans" not in text and "Llŷr" not in text and "a member" in text
    for command in ("agenda", "signin-sheet"):
        out = tmp_path / f"{command}.pdf"
        ok(run_cli(command, "--db", db, mid, "--out", out))
        assert "March GM" in _pdf_text(out)
    register = tmp_path / "register.pdf"
    ok(run_cli("motions-register", "--db", db, "--out", register))
    assert "meet" in _pdf_text(register)
    refused(run_cli("minutes", "--db", db, "99", "--out", tmp_path / "x.pdf"), "no meeting with id 99")
