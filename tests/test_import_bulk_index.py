"""Bulk imports index new members without the per-row trigger, and put the trigger back exactly."""

import sqlite3

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
