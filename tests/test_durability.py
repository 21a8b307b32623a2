"""Real failures, no mocks: kill -9 in the middle of writes and of a backup, a full disk, a read-only
file system, a write lock held by another program, damaged bytes, and a second copy of the app."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lien_desktop.db import engine as engine_module
from lien_desktop.db.errors import DatabaseBusy, DatabaseReadOnly, DiskFull
from lien_desktop.db.instance_lock import AlreadyOpen
from lien_desktop.domain.errors import DatabaseRefused
from lien_desktop.services.backups import backup_now
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import check_database, init_database, open_existing
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService

REPO = Path(__file__).resolve().parent.parent


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def start_python(code: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def member_count(path, passphrase=None) -> int:
    database = open_existing(path, passphrase=passphrase)
    try:
        with database.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM members").scalar()
    finally:
        database.close()


def wait_for(condition, timeout=120.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # polling another process, not a GUI


# --- kill -9 ------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("passphrase", [None, "correct horse battery staple"])
def test_kill_9_in_the_middle_of_a_large_import_leaves_the_state_before(db_path, passphrase):
    init_database(db_path, "Before", passphrase=passphrase).close()
    process = start_python(
        "import sys\n"
        "from lien_desktop.services.database import open_existing\n"
        "from lien_desktop.services.demo import fill_demo\n"
        f"db = open_existing({str(db_path)!r}, passphrase={passphrase!r})\n"
        "print('started', flush=True)\n"
        "fill_demo(db, members=50_000)\n"
        "print('finished', flush=True)\n"
    )
    assert process.stdout.readline().strip() == "started"
    wal = Path(f"{db_path}-wal")
    # Wait until the transaction has written megabytes of pages, then pull the plug.
    wait_for(lambda: wal.exists() and wal.stat().st_size > 4_000_000 or process.poll() is not None,
             what="the import to write")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    report = check_database(db_path, passphrase=passphrase)
    assert report.ok and report.integrity == "ok"
    assert [c.name for c in report.chapters] == ["Before"]  # the state before: no demo chapter at all
    assert member_count(db_path, passphrase) == 0


@pytest.mark.slow
def test_kill_9_between_many_small_changes_keeps_every_committed_one(db_path):
    database = init_database(db_path, "Steady")
    chapter_id = ChapterService(database).list()[0].id
    database.close()
    process = start_python(
        "from lien_desktop.services.database import open_existing\n"
        "from lien_desktop.services.members import MemberService\n"
        f"service = MemberService(open_existing({str(db_path)!r}))\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        f"    service.add({chapter_id}, {{'first_name': 'Committed', 'last_name': f'N{{n}}'}})\n"
        "    print(n, flush=True)\n"
    )
    last = 0
    while last < 200:
        last = int(process.stdout.readline())
    process.send_signal(signal.SIGKILL)
    process.wait()
    printed = process.stdout.read().split()  # what it reported before dying, still in the pipe
    last = int(printed[-1]) if printed else last
    assert check_database(db_path).ok
    count = member_count(db_path)
    # Everything reported as committed is there; the change in flight is either complete or absent.
    assert last <= count <= last + 1
    conn = sqlite3.connect(db_path)
    numbers = sorted(int(r[0][1:]) for r in conn.execute("SELECT last_name FROM members"))
    conn.close()
    assert numbers == list(range(1, count + 1))


@pytest.mark.slow
def test_kill_9_in_the_middle_of_a_backup(db_path, tmp_path):
    database = init_database(db_path, "Backed up")
    fill_demo(database, members=20_000)
    database.close()
    before = member_count(db_path)
    out = tmp_path / "backup.sqlite3"
    process = start_python(
        "import time\n"
        "from lien_desktop.db.sqlite_copy import backup_database\n"
        "from lien_desktop.services.database import open_existing\n"
        f"db = open_existing({str(db_path)!r})\n"
        "def slow(done, total):\n"
        "    print(done, total, flush=True)\n"
        "    time.sleep(0.05)\n"
        f"backup_database(db, __import__('pathlib').Path({str(out)!r}), progress=slow)\n"
        "print('finished', flush=True)\n"
    )
    for _ in range(5):
        line = process.stdout.readline().split()
        assert line and line[0] != "finished"
    done, total = map(int, line)
    assert 0 < done < total  # really in the middle
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists()  # no half-written backup under the chosen name
    assert check_database(db_path).ok and member_count(db_path) == before
    # A new backup to the same place works and clears the killed one's leftovers.
    database = open_existing(db_path)
    backup_now(database, out)
    database.close()
    assert check_database(out).ok and member_count(out) == before
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


# --- small disks and read-only file systems (need root to mount a tmpfs) -------------------------------

@pytest.fixture
def small_disk(tmp_path):
    mountpoint = tmp_path / "small-disk"
    mountpoint.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a 2 MB tmpfs here (needs root): {result.stderr.strip()}")
    yield mountpoint
    subprocess.run(["umount", str(mountpoint)], capture_output=True)
    if os.path.ismount(mountpoint):
        subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)


def remount(mountpoint, mode):
    result = subprocess.run(["mount", "-o", f"remount,{mode}", str(mountpoint)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_full_disk_gives_a_clear_message_and_loses_nothing(small_disk, run_cli):
    path = small_disk / "register.sqlite3"
    database = init_database(path, "Full")
    chapter_id = ChapterService(database).list()[0].id
    MemberService(database).add(chapter_id, {"first_name": "Kept", "last_name": "Safe"})
    with pytest.raises(DiskFull, match="disk is full"):
        fill_demo(database, members=20_000)
    # The app carries on: reading works and the member saved before is there; nothing half-written.
    assert [m.last_name for m in MemberService(database).search(chapter_id)] == ["Safe"]
    database.close()
    report = check_database(path)
    assert report.ok and [c.name for c in report.chapters] == ["Full"]
    assert member_count(path) == 1
    # The command line says the same in one line, exit 2.
    result = run_cli("demo", "--db", path, "--members", "20000")
    assert result.returncode == 2 and "disk is full" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert member_count(path) == 1 and check_database(path).ok


def test_a_backup_to_a_full_disk_says_so_and_leaves_nothing_there(small_disk, db_path):
    database = init_database(db_path, "Big")
    fill_demo(database, members=4000)
    try:
        with pytest.raises(DiskFull, match="disk is full"):
            backup_now(database, small_disk / "backup.sqlite3")
    finally:
        database.close()
    assert list(small_disk.iterdir()) == []
    assert check_database(db_path).ok


def test_a_read_only_file_system_opens_for_reading_and_refuses_changes(small_disk, run_cli):
    """A tmpfs remounted read-only: the kernel refuses every write (even root's), as on a locked USB
    stick or a read-only network share; SQLite cannot create the -shm file there either."""
    path = small_disk / "register.sqlite3"
    database = init_database(path, "Read only")
    chapter_id = ChapterService(database).list()[0].id
    MemberService(database).add(chapter_id, {"first_name": "Ada", "last_name": "Reader"})
    database.close()
    before = digest(path)
    remount(small_disk, "ro")
    try:
        database = open_existing(path)
        try:
            assert database.read_only
            service = MemberService(database)
            assert [m.last_name for m in service.search(chapter_id)] == ["Reader"]
            with pytest.raises(DatabaseReadOnly, match="read-only"):
                service.add(chapter_id, {"first_name": "New", "last_name": "Member"})
        finally:
            database.close()
        report = check_database(path)
        assert report.ok and report.access == "read-only"
        result = run_cli("demo", "--db", path, "--members", "5")
        assert result.returncode == 2 and "read-only" in result.stderr
        result = run_cli("members", "--db", path)
        assert result.returncode == 0 and "Reader" in result.stdout
    finally:
        remount(small_disk, "rw")
    assert digest(path) == before


def chattr(flag, path):
    result = subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"chattr not possible here: {result.stderr.strip()}")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_immutable_file_or_folder_opens_read_only(tmp_path, what):
    """chattr +i: even root cannot write (EPERM), the way a non-root user meets a read-only file."""
    folder = tmp_path / "shelf"
    path = folder / "register.sqlite3"
    database = init_database(path, "Immutable")
    chapter_id = ChapterService(database).list()[0].id
    MemberService(database).add(chapter_id, {"first_name": "Ida", "last_name": "Fixed"})
    database.close()
    before = digest(path)
    target = path if what == "file" else folder
    chattr("+i", target)
    try:
        database = open_existing(path)
        try:
            assert database.read_only
            assert [m.last_name for m in MemberService(database).search(chapter_id)] == ["Fixed"]
            with pytest.raises(DatabaseReadOnly):
                MemberService(database).add(chapter_id, {"first_name": "No", "last_name": "Way"})
        finally:
            database.close()
    finally:
        chattr("-i", target)
    assert digest(path) == before


# --- locks ---------------------------------------------------------------------------------------------

def test_a_write_lock_held_by_another_program_gives_a_clear_message(db_path, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    database = init_database(db_path, "Busy")
    chapter_id = ChapterService(database).list()[0].id
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        service = MemberService(database)
        started = time.monotonic()
        with pytest.raises(DatabaseBusy, match="locked by another program"):
            service.add(chapter_id, {"first_name": "Waiting", "last_name": "Person"})
        assert time.monotonic() - started >= 0.25  # it waited for the busy timeout first
        assert service.search(chapter_id) == []  # reading still works (WAL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    service.add(chapter_id, {"first_name": "Waiting", "last_name": "Person"})
    assert len(service.search(chapter_id)) == 1
    database.close()


def test_an_exclusive_lock_by_another_program_refuses_opening_clearly(db_path, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    init_database(db_path, "Exclusive").close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusy, match="locked by another program"):
            open_existing(db_path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    open_existing(db_path).close()


def test_a_second_copy_of_the_app_is_told_the_database_is_open(db_path):
    init_database(db_path, "Once").close()
    first = open_existing(db_path, lock=True)
    with pytest.raises(AlreadyOpen, match="already open"):
        open_existing(db_path, lock=True)
    first.close()
    open_existing(db_path, lock=True).close()  # released on close


def test_the_lock_of_a_crashed_app_is_not_stale(db_path):
    init_database(db_path, "Crash").close()
    process = start_python(
        "from lien_desktop.services.database import open_existing\n"
        f"db = open_existing({str(db_path)!r}, lock=True)\n"
        "print('open', flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    assert process.stdout.readline().strip() == "open"
    with pytest.raises(AlreadyOpen):
        open_existing(db_path, lock=True)
    process.send_signal(signal.SIGKILL)
    process.wait()
    open_existing(db_path, lock=True).close()  # the kernel released the dead process's lock


# --- damaged bytes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("passphrase", [None, "correct horse battery staple"])
def test_a_few_damaged_bytes_are_refused_and_the_file_is_untouched(db_path, passphrase):
    database = init_database(db_path, "Damaged", passphrase=passphrase)
    fill_demo(database, members=2000)
    database.close()
    data = bytearray(db_path.read_bytes())
    for offset in (4096 * 6 + 100, 4096 * 9 + 2000, 4096 * 12 + 7):
        data[offset:offset + 4] = bytes(b ^ 0x5A for b in data[offset:offset + 4])
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(DatabaseRefused):
        check_database(db_path, passphrase=passphrase)
    assert digest(db_path) == before
