"""`lien-desktop export` run as a script would run it."""

import csv

import openpyxl


def test_export_command(run_cli, tmp_path):
    db = tmp_path / "cli.sqlite3"
    assert run_cli("demo", "--db", db, "--members", "300", "--seed", "4").returncode == 0
    out = tmp_path / "members.xlsx"
    result = run_cli("export", "--db", db, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "exported" in result.stdout and "left out" in result.stderr and "confidential" in result.stderr
    sheet = openpyxl.load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    exported = int(result.stdout.split()[1])
    assert len(rows) == exported + 1 and rows[0][:3] == ("Member ID", "First name", "Last name")

    out = tmp_path / "contacts.csv"
    result = run_cli("export", "--db", db, "--out", out, "--profile", "contacts", "--include-confidential",
                     "--status", "lapsed")
    assert result.returncode == 0, result.stderr
    assert "left out" not in result.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and "Status" not in rows[0] and "Email" in rows[0]

    result = run_cli("export", "--db", db, "--out", out, "--search", "lukasz", "--profile", "national-return")
    assert result.returncode == 0, result.stderr


def test_export_refusals_are_one_line(run_cli, tmp_path):
    db = tmp_path / "cli.sqlite3"
    assert run_cli("demo", "--db", db, "--members", "10").returncode == 0
    result = run_cli("export", "--db", db, "--out", tmp_path / "members.ods")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and ".xlsx or .csv" in result.stderr
    result = run_cli("export", "--db", db, "--out", tmp_path / "missing" / "members.csv")
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = run_cli("export", "--db", db, "--out", tmp_path / "m.csv", "--profile", "everything")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("cli.sqlite3")) == ["profile"]
