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


def test_a_file_checked_at_close_is_not_read_again_at_the_next_start(database, db_path, chapter_id, monkeypatch):
    database.close()
    assert integrity.check_and_remember(db_path) == "ok"
    integrity._results.clear()  # as in a new process

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the unchanged file was read again")

    monkeypatch.setattr(integrity.sqlite3, "connect", no_reading)
    assert integrity.quick_check(db_path) == "ok"
    monkeypatch.undo()

    from lien_desktop.services.database import open_existing

    reopened = open_existing(db_path)  # any write makes the next start check the file in full
    MemberService(reopened).add(chapter_id, {"first_name": "New", "last_name": "Member"})
    reopened.close()
    integrity._results.clear()
    monkeypatch.setattr(integrity.sqlite3, "connect", no_reading)
    try:
        integrity.quick_check(db_path)
    except AssertionError as exc:
        assert "read again" in str(exc)
    else:
        raise AssertionError("a changed file must be checked again")


def test_damage_after_the_check_at_close_is_found_at_the_next_start(database, db_path):
    database.close()
    assert integrity.check_and_remember(db_path) == "ok"
    integrity._results.clear()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for number in range(2, len(data) // page):  # scribble over the headers of b-tree pages
        data[page * number : page * number + 12] = b"\xff" * 12
    db_path.write_bytes(bytes(data))
    from lien_desktop.domain.errors import DatabaseRefused
    from lien_desktop.services.database import open_existing

    try:
        open_existing(db_path)
    except DatabaseRefused as exc:
        assert "damaged" in str(exc) or "cannot be read" in str(exc)
    else:
        raise AssertionError("the damaged file was opened")
