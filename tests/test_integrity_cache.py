"""The start-up integrity check is done once per version of the file, and never trusted after a change."""

from lien_desktop.db import integrity
from lien_desktop.services.members import MemberService


def test_quick_check_is_remembered_until_the_file_changes(database, db_path, chapter_id, monkeypatch):
    database.close()
    assert integrity.quick_check(db_path) == "ok"
    stamp = integrity._stamp(db_path)
    assert stamp in integrity._results
    from lien_desktop.services.database import open_existing

    reopened = open_existing(db_path)  # opening it for writing (WAL) and adding a member changes it
    MemberService(reopened).add(chapter_id, {"first_name": "New", "last_name": "Member"})
    assert integrity._stamp(db_path) != stamp
    reopened.close()


def test_background_check_is_joined_by_the_open(database, db_path):
    database.close()
    integrity._results.clear()
    integrity.check_in_background(db_path)
    assert integrity.quick_check(db_path) == "ok"
    assert integrity._stamp(db_path) in integrity._results
