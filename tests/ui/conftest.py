"""GUI fixtures: a real demo database (a few hundred members) and a main window on it."""

from __future__ import annotations

import pytest

from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import init_database
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService


@pytest.fixture
def demo_db(tmp_path):
    """A database with a 300-member demo chapter plus a few members whose names we know."""
    path = tmp_path / "demo.sqlite3"
    database = init_database(path)
    result = fill_demo(database, members=300, seed=7)
    members = MemberService(database)
    for first, last in (("Łukasz", "Wiśniewski"), ("Lukasz", "Nowak"), ("Siobhán", "Ní Bhriain")):
        members.add(result.chapter_id, {"first_name": first, "last_name": last})
    database.path = path
    yield database
    database.close()


@pytest.fixture
def demo_chapter_id(demo_db) -> int:
    return ChapterService(demo_db).list()[0].id


@pytest.fixture
def window(qtbot, demo_db, demo_chapter_id):
    from lien_desktop.ui.main_window import MainWindow

    win = MainWindow(demo_db, demo_chapter_id, db_path=demo_db.path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
