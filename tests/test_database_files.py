"""A database that is not ours, too new or damaged is refused at opening and never modified."""

import hashlib
import sqlite3
import shutil

import pytest

from lien_desktop.domain.errors import DatabaseRefused
from lien_desktop.services.database import check_database, init_database, open_existing


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_at_the_current_schema_with_wal_and_foreign_keys(db_path):
    database = init_database(db_path)
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.close()
    report = check_database(db_path)
    assert report.ok and report.schema == report.expected_schema and report.integrity == "ok"


def test_init_refuses_to_overwrite(db_path):
    init_database(db_path).close()
    with pytest.raises(DatabaseRefused, match="already exists"):
        init_database(db_path)


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file" * 10, b"\x89PNG\r\n\x1a\n" + b"\0" * 200])
def test_a_file_that_is_not_a_database_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "thing.sqlite3"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(DatabaseRefused):
        open_existing(path)
    assert digest(path) == before
    assert not (tmp_path / "thing.sqlite3-wal").exists()


def test_another_programs_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="not a LIEN Desktop database"):
        open_existing(path)
    assert digest(path) == before


def test_a_database_from_a_newer_version_is_refused_and_untouched(db_path):
    init_database(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(db_path)
    with pytest.raises(DatabaseRefused, match="newer version"):
        open_existing(db_path)
    assert digest(db_path) == before


def test_a_damaged_database_is_refused_and_untouched(tmp_path, db_path):
    from lien_desktop.services.demo import fill_demo

    database = init_database(db_path)
    fill_demo(database, members=300)
    database.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for number in range(2, 40):  # scribble over the headers of b-tree pages
        data[page * number : page * number + 12] = b"\xff" * 12
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    before = digest(damaged)
    with pytest.raises(DatabaseRefused, match="damaged|cannot be read"):
        check_database(damaged)
    assert digest(damaged) == before


def test_a_missing_database_is_refused(tmp_path):
    with pytest.raises(DatabaseRefused, match="no such database"):
        open_existing(tmp_path / "nothing.sqlite3")


def test_copy_of_database_opens(tmp_path, db_path):
    init_database(db_path, "Chapter").close()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db_path, copy)
    open_existing(copy).close()
