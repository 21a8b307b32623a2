"""Backups through SQLite's online backup API, restore with verification and a safety copy, and the
rotation of automatic backups."""

import datetime as dt
import hashlib
import sqlite3
import threading

import pytest

from lien_desktop.db.opening import inspect_file
from lien_desktop.domain.errors import DatabaseRefused, LienError
from lien_desktop.services.backups import (
    BackupPolicy, automatic_backup, automatic_backups, backup_now, restore_backup, to_keep,
)
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import check_database, init_database, open_existing
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def member_rows(path, passphrase=None):
    database = open_existing(path, passphrase=passphrase)
    try:
        with database.engine.connect() as conn:
            return sorted(map(tuple, conn.exec_driver_sql("SELECT * FROM members")))
    finally:
        database.close()


@pytest.fixture
def filled(db_path):
    database = init_database(db_path, "Bristol")
    fill_demo(database, members=1500, seed=2)
    yield database
    database.close()


def test_backup_under_concurrent_writes_is_consistent_and_restores(filled, db_path, tmp_path):
    chapter = ChapterService(filled).list()[0]
    service = MemberService(filled)
    stop = threading.Event()
    written = []

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            service.add(chapter.id, {"first_name": "Writer", "last_name": f"Number{n}"})
            written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            pass
        seen_progress = []
        out = backup_now(filled, tmp_path / "during.sqlite3", progress=lambda d, t: seen_progress.append((d, t)))
        started_after = len(written)
        while len(written) < started_after + 5:  # the writer carries on after the backup
            pass
    finally:
        stop.set()
        thread.join()
    assert seen_progress and seen_progress[-1][0] == seen_progress[-1][1]
    assert out.stat().st_mode & 0o777 == 0o600  # special-category data: the owner's eyes only
    report = check_database(out)
    assert report.ok and report.integrity == "ok"
    # One consistent snapshot: the writer's members in the backup are an unbroken run 1..k (those
    # committed before the snapshot), and everything in the backup is also in the live database.
    conn = sqlite3.connect(out)
    numbers = sorted(int(r[0][len("Number"):]) for r in
                     conn.execute("SELECT last_name FROM members WHERE last_name LIKE 'Number%'"))
    conn.close()
    assert len(numbers) >= 5 and numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) < len(written)
    in_backup = member_rows(out)
    live_rows = member_rows(db_path)
    assert set(in_backup) < set(live_rows)
    assert len(live_rows) == 1500 + len(written)

    # Restore the backup over the live database: the live one is kept as a safety copy.
    filled.close()
    result = restore_backup(out, db_path)
    assert result.safety_copy is not None and result.safety_copy.exists()
    assert member_rows(db_path) == in_backup
    assert member_rows(result.safety_copy) == live_rows
    assert not [p for p in db_path.parent.iterdir() if ".restoring-" in p.name or ".partial-" in p.name]


def test_a_backup_never_overwrites_without_asking_and_never_the_database(filled, db_path, tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_text("keep me")
    with pytest.raises(LienError, match="already exists"):
        backup_now(filled, target)
    assert target.read_text() == "keep me"
    with pytest.raises(LienError, match="is the database itself"):
        backup_now(filled, db_path, overwrite=True)
    backup_now(filled, target, overwrite=True)
    assert inspect_file(target, full_check=True).integrity == "ok"


def test_a_cancelled_backup_leaves_nothing(filled, tmp_path):
    class Cancelled(Exception):
        pass

    def cancel():
        raise Cancelled

    with pytest.raises(Cancelled):
        backup_now(filled, tmp_path / "never.sqlite3", check=cancel)
    assert not [p for p in tmp_path.iterdir() if "never" in p.name]


def test_restore_into_a_new_path(filled, tmp_path):
    out = backup_now(filled, tmp_path / "b.sqlite3")
    target = tmp_path / "elsewhere" / "restored.sqlite3"
    result = restore_backup(out, target)
    assert result.safety_copy is None and check_database(target).ok
    assert member_rows(target) == member_rows(out)


def bad_backups(tmp_path, good):
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    for number in range(2, 30):
        data[4096 * number: 4096 * number + 12] = b"\xff" * 12
    damaged.write_bytes(bytes(data))
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    return {"damaged": damaged, "newer": newer, "foreign": foreign, "text": text}


@pytest.mark.parametrize("kind", ["damaged", "newer", "foreign", "text"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(filled, db_path, tmp_path, kind):
    good = backup_now(filled, tmp_path / "good.sqlite3")
    filled.close()
    bad = bad_backups(tmp_path, good)[kind]
    before = digest(db_path)
    with pytest.raises(DatabaseRefused):
        restore_backup(bad, db_path)
    assert digest(db_path) == before
    assert not [p for p in db_path.parent.iterdir() if "before-restore" in p.name or ".restoring-" in p.name]


def test_restore_refuses_while_the_app_has_the_database_open(tmp_path, db_path):
    database = init_database(db_path, "Open")
    out = backup_now(database, tmp_path / "b.sqlite3")
    database.close()
    app = open_existing(db_path, lock=True)
    try:
        with pytest.raises(DatabaseRefused, match="already open"):
            restore_backup(out, db_path)
    finally:
        app.close()
    restore_backup(out, db_path)


def test_rotation_keeps_the_last_n_and_daily_and_weekly():
    start = dt.datetime(2026, 1, 1, 9, 0)
    stamps = [start + dt.timedelta(hours=6 * i) for i in range(4 * 70)]  # four a day for 70 days
    keep = to_keep(stamps, BackupPolicy(keep_last=5, keep_daily=7, keep_weekly=4))
    newest = sorted(stamps, reverse=True)
    assert set(newest[:5]) <= keep
    days = {s.date() for s in keep}
    assert len([d for d in days if d >= newest[0].date() - dt.timedelta(days=6)]) == 7
    weeks = {s.isocalendar()[:2] for s in keep}
    assert len(weeks) == 4
    assert len(keep) <= 5 + 7 + 4


def test_automatic_backups_rotate_in_the_data_folder(filled, isolated_profile):
    policy = BackupPolicy(keep_last=2, keep_daily=2, keep_weekly=2)
    base = dt.datetime(2026, 3, 2, 18, 0)
    for day in range(0, 15, 1):
        automatic_backup(filled, policy=policy, now=base + dt.timedelta(days=day))
    automatic_backup(filled, policy=policy, now=base + dt.timedelta(days=14, hours=1))
    kept = automatic_backups(filled.path)
    folder = isolated_profile / "data" / "backups"
    assert all(path.parent == folder for _, path in kept)
    stamps = [s for s, _ in kept]
    assert stamps[0] == base + dt.timedelta(days=14, hours=1)
    assert len(kept) == len(to_keep(stamps, policy)) <= 6
    assert base + dt.timedelta(days=13) in stamps  # yesterday's (daily)
    (folder / "my-own-notes.txt").write_text("never deleted")
    automatic_backup(filled, policy=policy, now=base + dt.timedelta(days=20))
    assert (folder / "my-own-notes.txt").exists()
    assert check_database(automatic_backups(filled.path)[0][1]).ok


def test_protection_settings_round_trip_and_survive_a_bad_file(isolated_profile):
    from lien_desktop.services.protection_settings import (
        ProtectionSettings, load_settings, save_settings, settings_path,
    )

    assert load_settings() == ProtectionSettings()  # no file yet: the defaults
    path = save_settings(ProtectionSettings(idle_lock_minutes=5, keep_last=3, keep_daily=2, keep_weekly=1))
    assert path == settings_path() and path.parent == isolated_profile / "config"
    loaded = load_settings()
    assert loaded.idle_lock_seconds == 300 and loaded.backup_policy == BackupPolicy(3, 2, 1)
    path.write_text('{"idle_lock_minutes": -4, "keep_last": 0, "keep_weekly": "many", "colour": 1}')
    odd = load_settings()
    assert odd.idle_lock_minutes == 0 and odd.keep_last == 1 and odd.keep_weekly == 8
    path.write_text("not json at all")
    assert load_settings() == ProtectionSettings()
