"""Bulk imports index new members without the per-row trigger, and put the trigger back exactly."""

import sqlite3

import pytest

from conftest import REPO
from import_fixtures import people, write_xlsx
from lien_desktop.db.search_index import INSERT_TRIGGER
from lien_desktop.domain.members import MemberFilter
from lien_desktop.services.importing import ImportService
from lien_desktop.services.members import MemberService


def test_trigger_text_matches_the_migration():
    migration = (REPO / "database/migrations/versions/0001_register.py").read_text()
    assert INSERT_TRIGGER in migration


def test_imported_members_are_found_and_the_index_is_intact(database, chapter_id, db_path, tmp_path):
    service = ImportService(database)
    service.run(service.preview(service.open(write_xlsx(tmp_path / "a.xlsx", people(50))), chapter_id))
    members = MemberService(database)
    assert [m.email for m in members.search(chapter_id, MemberFilter(search="ann17"))] == ["ann17@example.org"]
    assert len(members.search(chapter_id, MemberFilter(search="07700 900017"))) == 1
    added = members.add(chapter_id, {"first_name": "Zoë", "last_name": "Quinn", "status": "active"})
    assert [m.id for m in members.search(chapter_id, MemberFilter(search="zoe"))] == [added.id]  # trigger back
    con = sqlite3.connect(db_path)
    try:
        con.execute("INSERT INTO member_search(member_search, rank) VALUES ('integrity-check', 1)")
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'members_search_ai'").fetchone()[0]
    finally:
        con.close()
    assert sql == INSERT_TRIGGER


def _fts_ok(db_path) -> None:
    con = sqlite3.connect(db_path)
    try:
        con.execute("INSERT INTO member_search(member_search, rank) VALUES ('integrity-check', 1)")
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def _schema(db_path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("rebuild_from", [1, 10**9], ids=["indexes built afresh", "indexes updated"])
def test_many_batches_written_while_the_next_is_prepared_are_all_there(database, chapter_id, db_path, tmp_path,
                                                                       monkeypatch, rebuild_from):
    from lien_desktop.db import bulk_members

    monkeypatch.setattr(bulk_members, "BATCH", 7)  # 50 rows: eight batches, seven handed to the writer thread
    monkeypatch.setattr(bulk_members, "REBUILD_INDEXES_FROM", rebuild_from)
    schema = _schema(db_path)
    service = ImportService(database)
    report = service.run(service.preview(service.open(write_xlsx(tmp_path / "a.xlsx", people(50))), chapter_id))
    assert report.counts["imported"] == 50
    members = MemberService(database)
    for i in (0, 6, 7, 48, 49):  # both sides of each batch edge, and the last, short batch
        assert [m.email for m in members.search(chapter_id, MemberFilter(search=f"ann{i}@"))] == [f"ann{i}@example.org"]
    assert [m.first_name for m in members.search(chapter_id, MemberFilter())][:3] == ["Ann0", "Ann1", "Ann10"]
    _fts_ok(db_path)
    assert _schema(db_path) == schema  # every index and trigger back, exactly as it was


class _CancelAt:
    """A progress that cancels at its n-th check, as the Cancel button does."""

    def __init__(self, n: int):
        self.left = n

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        pass

    def check(self) -> None:
        self.left -= 1
        if self.left == 0:
            raise KeyboardInterrupt("cancelled")


@pytest.mark.parametrize("rebuild_from", [1, 10**9], ids=["indexes built afresh", "indexes updated"])
def test_a_cancel_between_batches_leaves_the_register_and_its_index_as_they_were(database, chapter_id, db_path,
                                                                                  tmp_path, monkeypatch, rebuild_from):
    from lien_desktop.db import bulk_members

    monkeypatch.setattr(bulk_members, "BATCH", 5)
    monkeypatch.setattr(bulk_members, "REBUILD_INDEXES_FROM", rebuild_from)
    members = MemberService(database)
    kept = members.add(chapter_id, {"first_name": "Zoë", "last_name": "Quinn", "status": "active"})
    schema = _schema(db_path)
    service = ImportService(database)
    preview = service.preview(service.open(write_xlsx(tmp_path / "a.xlsx", people(40))), chapter_id)
    try:
        service.run(preview, progress=_CancelAt(3))  # two batches written, a third in flight
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the import was not cancelled")
    assert [m.id for m in members.search(chapter_id, MemberFilter())] == [kept.id]
    assert members.search(chapter_id, MemberFilter(search="ann1")) == []
    _fts_ok(db_path)
    assert _schema(db_path) == schema
    # Nothing is left half-done: the same file imports completely afterwards, and the trigger is back.
    report = service.run(service.preview(service.open(tmp_path / "a.xlsx"), chapter_id))
    assert report.counts["imported"] == 40
    added = members.add(chapter_id, {"first_name": "Łukasz", "last_name": "Nowak", "status": "active"})
    assert [m.id for m in members.search(chapter_id, MemberFilter(search="lukasz"))] == [added.id]


def test_a_value_holding_a_nul_character_is_stored_whole(database, chapter_id):
    """(An .xls string can hold one.) The batch statement reads values out of JSON, which would end a text
    at a NUL: such a batch is written the plain way instead."""
    import datetime as dt

    from lien_desktop.db.repositories.imports import ImportRepository

    now = dt.datetime(2026, 11, 30, 12, 0)
    with database.transaction() as session:
        repo = ImportRepository(session)
        import_id = repo.add_record(chapter_id, "a.xls", "Members", "x", now)
        ids = repo.insert_members(chapter_id, import_id, [
            (2, {"first_name": "Ann", "last_name": "Smith", "status": "active", "notes": "before\x00after"}),
            (3, {"first_name": "Bob", "last_name": "Jones", "status": "active", "notes": "plain"}),
        ], now, lambda done: None)
    members = MemberService(database)
    assert [members.get(i).data.notes for i in ids] == ["before\x00after", "plain"]
    assert [m.id for m in members.search(chapter_id, MemberFilter(search="bob"))] == [ids[1]]


def test_an_encrypted_register_takes_a_bulk_import_the_same_way(tmp_path, monkeypatch):
    """SQLCipher's driver: the batch statements, the indexes built afresh, the search index."""
    from lien_desktop.db import bulk_members
    from lien_desktop.services.chapters import ChapterService
    from lien_desktop.services.database import check_database, init_database

    monkeypatch.setattr(bulk_members, "BATCH", 7)
    monkeypatch.setattr(bulk_members, "REBUILD_INDEXES_FROM", 1)
    path, secret = tmp_path / "secret.sqlite3", "correct horse battery staple"
    database = init_database(path, "Secret Chapter", passphrase=secret)
    try:
        chapter_id = ChapterService(database).list()[0].id
        service = ImportService(database)
        report = service.run(service.preview(service.open(write_xlsx(tmp_path / "a.xlsx", people(30))), chapter_id))
        assert report.counts["imported"] == 30
        found = MemberService(database).search(chapter_id, MemberFilter(search="ann29"))
        assert [m.email for m in found] == ["ann29@example.org"]
    finally:
        database.close()
    check = check_database(path, passphrase=secret)
    assert check.ok and check.integrity == "ok"
