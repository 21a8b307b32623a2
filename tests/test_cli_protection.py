"""backup / restore / rekey / init --encrypt / check on the command line: exit codes, one-line
messages, and the passphrase only ever from the environment or a file."""

import hashlib
import json

import pytest

PASS = "correct horse battery staple"
NEW = "a different good passphrase"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_refusal(result):
    assert result.returncode == 2, result
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_encrypted_round_trip_on_the_command_line(run_cli, tmp_path):
    db = tmp_path / "e.sqlite3"
    env = {"LIEN_PASSPHRASE": PASS}
    result = run_cli("init", "--db", db, "--encrypt", "--chapter", "Cardiff LIEN", env=env)
    assert result.returncode == 0 and "(encrypted)" in result.stdout, result.stderr
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert run_cli("demo", "--db", db, "--members", "300", "--chapter", "Cardiff LIEN", env=env).returncode == 0

    assert "passphrase is needed" in one_line_refusal(run_cli("check", "--db", db))
    before = digest(db)
    assert "passphrase does not open" in one_line_refusal(run_cli("check", "--db", db, env={"LIEN_PASSPHRASE": "no"}))
    assert digest(db) == before

    result = run_cli("check", "--db", db, env=env)
    assert result.returncode == 0 and "integrity: ok" in result.stdout and "encryption: SQLCipher" in result.stdout

    # From a file instead (a trailing newline, as `echo` writes, is not part of the passphrase).
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASS + "\n")
    backup = tmp_path / "backup.sqlite3"
    result = run_cli("backup", "--db", db, "--out", backup, "--passphrase-file", passfile)
    assert result.returncode == 0, result.stderr
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert "already exists" in one_line_refusal(run_cli("backup", "--db", db, "--out", backup, env=env))

    restored = tmp_path / "restored.sqlite3"
    result = run_cli("--passphrase-file", passfile, "restore", "--db", restored, backup)
    assert result.returncode == 0, result.stderr
    members = json.loads(run_cli("members", "--db", restored, "--json", env=env).stdout)
    assert len(members) == 300

    result = run_cli("rekey", "--db", restored, env={**env, "LIEN_NEW_PASSPHRASE": NEW})
    assert result.returncode == 0, result.stderr
    assert "passphrase does not open" in one_line_refusal(run_cli("check", "--db", restored, env=env))
    assert run_cli("check", "--db", restored, env={"LIEN_PASSPHRASE": NEW}).returncode == 0

    refusal = one_line_refusal(run_cli("rekey", "--db", restored, "--decrypt", env={"LIEN_PASSPHRASE": NEW}))
    assert "--yes-store-unencrypted" in refusal
    result = run_cli("rekey", "--db", restored, "--decrypt", "--yes-store-unencrypted", env={"LIEN_PASSPHRASE": NEW})
    assert result.returncode == 0 and "UNENCRYPTED" in result.stderr
    assert restored.read_bytes().startswith(b"SQLite format 3")
    assert run_cli("check", "--db", restored).returncode == 0

    result = run_cli("rekey", "--db", restored, env={"LIEN_NEW_PASSPHRASE": PASS})
    assert result.returncode == 0 and not restored.read_bytes().startswith(b"SQLite format 3")


def test_restore_over_an_existing_database_keeps_a_safety_copy(run_cli, tmp_path):
    db = tmp_path / "r.sqlite3"
    assert run_cli("demo", "--db", db, "--members", "50").returncode == 0
    backup = tmp_path / "b.sqlite3"
    assert run_cli("backup", "--db", db, "--out", backup).returncode == 0
    assert run_cli("demo", "--db", db, "--members", "70", "--seed", "9").returncode == 0
    result = run_cli("restore", "--db", db, backup)
    assert result.returncode == 0 and "kept as" in result.stdout
    safety = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(safety) == 1
    assert len(json.loads(run_cli("members", "--db", db, "--json").stdout)) == 50
    result = run_cli("chapters", "--db", safety[0], "--json")
    assert sum(c["member_count"] for c in json.loads(result.stdout)) == 120


@pytest.mark.parametrize("args", [
    ("init", "--db", "{db}", "--encrypt", "--passphrase", "hunter2hunter2"),
    ("--passphrase", "hunter2hunter2", "check", "--db", "{db}"),
    ("check", "--db", "{db}", "--passphrase=hunter2hunter2"),
    ("rekey", "--db", "{db}", "--new-passphrase", "hunter2hunter2"),
    ("backup", "--db", "{db}", "--out", "{db}.bak", "--passphrase", "hunter2hunter2"),
])
def test_a_passphrase_is_never_accepted_as_an_argument(run_cli, tmp_path, args):
    db = tmp_path / "x.sqlite3"
    result = run_cli(*(a.replace("{db}", str(db)) for a in args))
    refusal = one_line_refusal(result)
    assert "never taken from the command line" in refusal
    assert "hunter2" not in refusal + result.stdout  # not echoed back either
    assert not db.exists()


def test_refusals_of_the_protection_commands(run_cli, tmp_path):
    db = tmp_path / "p.sqlite3"
    assert "needs a passphrase" in one_line_refusal(run_cli("init", "--db", db, "--encrypt"))
    assert "too weak" in one_line_refusal(run_cli("init", "--db", db, "--encrypt", env={"LIEN_PASSPHRASE": "abc"}))
    assert not db.exists()
    assert run_cli("init", "--db", db).returncode == 0
    assert "no new passphrase" in one_line_refusal(run_cli("rekey", "--db", db))
    assert "already unencrypted" in one_line_refusal(
        run_cli("rekey", "--db", db, "--decrypt", "--yes-store-unencrypted"))
    assert "no such backup" in one_line_refusal(run_cli("restore", "--db", db, tmp_path / "missing.sqlite3"))
    assert "no such passphrase file" in one_line_refusal(
        run_cli("check", "--db", db, "--passphrase-file", tmp_path / "nothing.txt"))
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    before = digest(db)
    assert "not a LIEN Desktop database" in one_line_refusal(run_cli("restore", "--db", db, text))
    assert digest(db) == before
