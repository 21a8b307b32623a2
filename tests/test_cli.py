"""The command line, run as a separate process the way scripts and benchmarks run it."""

import json
import sqlite3


def test_init_demo_members_check(run_cli, tmp_path):
    db = tmp_path / "cli.sqlite3"
    result = run_cli("init", "--db", db, "--chapter", "Leeds Central LIEN", "--constituency", "Leeds Central and Headingley")
    assert result.returncode == 0, result.stderr
    assert "Leeds Central LIEN" in result.stdout
    result = run_cli("demo", "--db", db, "--members", "300", "--seed", "7", "--chapter", "Leeds Central LIEN")
    assert result.returncode == 0, result.stderr
    result = run_cli("members", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    members = json.loads(result.stdout)
    assert len(members) == 300
    assert {"id", "first_name", "last_name", "email", "status", "standing", "tags"} <= set(members[0])
    result = run_cli("check", "--db", db)
    assert result.returncode == 0 and "result: ok" in result.stdout


def test_demo_is_deterministic_and_has_accents(run_cli, tmp_path):
    outputs = []
    for name in ("a.sqlite3", "b.sqlite3"):
        db = tmp_path / name
        assert run_cli("demo", "--db", db, "--members", "400", "--seed", "3").returncode == 0
        outputs.append(json.loads(run_cli("members", "--db", db, "--json").stdout))
    assert outputs[0] == outputs[1]
    everyone = " ".join(f"{m['first_name']} {m['last_name']}" for m in outputs[0])
    assert any(ch in everyone for ch in "áéëóúŁłśŵŷ")
    assert {m["status"] for m in outputs[0]} == {"active", "lapsed", "left"}


def test_members_search_is_accent_insensitive(run_cli, tmp_path):
    db = tmp_path / "s.sqlite3"
    run_cli("demo", "--db", db, "--members", "2000", "--seed", "1")
    found = json.loads(run_cli("members", "--db", db, "--search", "lukasz", "--json").stdout)
    assert found and all("Łukasz" in m["first_name"] or "ukasz" in m["email"] for m in found)


def test_refusals_are_one_line_without_traceback(run_cli, tmp_path):
    not_ours = tmp_path / "recipes.db"
    with sqlite3.connect(not_ours) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER)")
    cases = [
        ("members", "--db", tmp_path / "missing.sqlite3"),
        ("check", "--db", not_ours),
        ("init", "--db", not_ours),
        ("init", "--db", tmp_path / "x.sqlite3", "--constituency", "Atlantis"),
        ("demo", "--db", tmp_path / "y.sqlite3", "--members", "many"),
        ("no-such-command",),
    ]
    for args in cases:
        result = run_cli(*args)
        assert result.returncode != 0, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_several_chapters_need_a_choice(run_cli, tmp_path):
    db = tmp_path / "two.sqlite3"
    run_cli("init", "--db", db, "--chapter", "One")
    run_cli("demo", "--db", db, "--members", "5", "--chapter", "Two")
    result = run_cli("members", "--db", db)
    assert result.returncode == 2 and "--chapter" in result.stderr
    result = run_cli("members", "--db", db, "--chapter", "Two", "--json")
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 5


def test_default_database_lives_in_the_data_folder(run_cli, isolated_profile):
    assert run_cli("init", "--chapter", "Mine").returncode == 0
    assert (isolated_profile / "data" / "lien.sqlite3").exists()
