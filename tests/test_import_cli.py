"""`lien-desktop import/imports/import-undo`, run as scripts run them; and a kill -9 in mid-import."""

import json
import os
import signal
import subprocess
import sys

from conftest import REPO
from import_fixtures import people, write_big_xlsx, write_xlsx


def members(run_cli, db):
    return json.loads(run_cli("members", "--db", db, "--json").stdout)


def test_import_json_report_exit_codes_and_nothing_changed_when_refused(run_cli, tmp_path):
    db = tmp_path / "c.sqlite3"
    assert run_cli("init", "--db", db, "--chapter", "Leeds").returncode == 0
    bad = write_xlsx(tmp_path / "bad.xlsx", [*people(2), ["Cat", "Brown", "cat@example.org", "", "LS1 4AB",
                                                          "31/02/2021", ""]])
    result = run_cli("import", bad, "--db", db, "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["counts"]["read"] == 3 and report["counts"]["errors"] == 2 and report["counts"]["imported"] == 0
    assert {(p["sheet"], p["row"], p["column"], p["value"]) for p in report["problems"] if p["severity"] == "error"} \
        == {("Members", 4, "Date Joined", "31/02/2021"), ("Members", 4, "Status", "")}
    assert members(run_cli, db) == []
    dry = json.loads(run_cli("import", bad, "--db", db, "--json", "--valid-only", "--dry-run").stdout)
    assert dry["dry_run"] and dry["counts"]["imported"] == 2 and members(run_cli, db) == []
    result = run_cli("import", bad, "--db", db, "--json", "--valid-only")
    assert result.returncode == 0, result.stderr
    done = json.loads(result.stdout)
    assert done["counts"]["imported"] == 2 and done["counts"]["skipped"] == 1
    assert sorted(m["email"] for m in members(run_cli, db)) == ["ann0@example.org", "ann1@example.org"]
    again = json.loads(run_cli("import", bad, "--db", db, "--json", "--valid-only").stdout)
    assert again["counts"]["imported"] == 0 and again["counts"]["duplicates"] == 2
    history = json.loads(run_cli("imports", "--db", db, "--json").stdout)
    assert [h["imported"] for h in history] == [0, 2]
    result = run_cli("import-undo", "--db", db, str(done["import_id"]))
    assert result.returncode == 0, result.stderr
    assert members(run_cli, db) == []


def test_on_duplicate_choice(run_cli, tmp_path):
    db = tmp_path / "d.sqlite3"
    run_cli("init", "--db", db, "--chapter", "Leeds")
    rows = [["Bob", "Jones", "home@example.org", "", "LS2 7HY", "", "active"],
            ["Sue", "Jones", "home@example.org", "", "LS2 7HY", "", "active"]]
    path = write_xlsx(tmp_path / "house.xlsx", rows)
    result = run_cli("import", path, "--db", db, "--json")
    assert result.returncode == 2 and "need a decision" in result.stderr
    assert json.loads(result.stdout)["reviews"][0]["row"] == 3
    assert run_cli("import", path, "--db", db, "--on-duplicate", "keep-both").returncode == 0
    assert len(members(run_cli, db)) == 2


KILLED_IMPORT = """
import sys, time
from pathlib import Path
from lien_desktop.services.database import open_existing
from lien_desktop.services.importing import ImportService

class Progress:
    def check(self):
        pass
    def report(self, done, total=0, text=""):
        print("writing", done, flush=True)
        time.sleep(30)  # killed here, in the middle of the transaction

database = open_existing(Path(sys.argv[2]))
service = ImportService(database)
preview = service.preview(service.open(sys.argv[1]), 1)
service.run(preview, progress=Progress())
"""


def test_kill_9_in_the_middle_leaves_the_register_intact_and_unchanged(run_cli, tmp_path):
    db = tmp_path / "k.sqlite3"
    run_cli("init", "--db", db, "--chapter", "Leeds")
    run_cli("import", write_xlsx(tmp_path / "first.xlsx", people(20, start=50000)), "--db", db)
    before = members(run_cli, db)
    big = write_big_xlsx(tmp_path / "big.xlsx", 20000)
    process = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(big), str(db)], stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        line = process.stdout.readline()
        assert line.startswith("writing"), line
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    check = run_cli("check", "--db", db)
    assert check.returncode == 0 and "result: ok" in check.stdout, check.stdout + check.stderr
    assert members(run_cli, db) == before
    assert len(json.loads(run_cli("imports", "--db", db, "--json").stdout)) == 1
