"""The members table model against a real demo database: Qt's model checks, rows on demand, sorting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from lien_desktop.domain.members import MemberFilter, MemberStatus
from lien_desktop.services.members import MemberService
from lien_desktop.ui.members_model import (
    COLUMNS, EMAIL, JOINED, NAME, MemberIdRole, MembersTableModel, SummaryRole,
)


def names(model):
    return [model.data(model.index(r, NAME)) for r in range(model.rowCount())]


def test_model_passes_qt_model_checks(qtmodeltester, demo_db, demo_chapter_id):
    model = MembersTableModel(MemberService(demo_db), demo_chapter_id)
    assert model.rowCount() == 303
    qtmodeltester.check(model)
    model.set_filter(MemberFilter(search="lukasz"))
    qtmodeltester.check(model)
    model.sort(JOINED, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_rows_are_fetched_in_blocks_and_the_cache_is_bounded(demo_db, demo_chapter_id):
    model = MembersTableModel(MemberService(demo_db), demo_chapter_id)
    model.CACHE_LIMIT = 150
    assert model.data(model.index(0, NAME))
    assert len(model._cache) == model.BLOCK  # one block, not the whole chapter
    for row in range(0, model.rowCount(), 50):
        model.data(model.index(row, NAME))
    assert len(model._cache) <= 150


def test_cells_show_what_a_secretary_reads(demo_db, demo_chapter_id):
    members = MemberService(demo_db)
    record = members.add(demo_chapter_id, {
        "first_name": "Zoë", "last_name": "Aardvark", "preferred_name": "Zo", "email": "zoe@example.org",
        "mobile_phone": "07700 900123", "postcode": "sw1a1aa", "joined_on": "03/04/2021", "confidential": True,
    })
    model = MembersTableModel(members, demo_chapter_id)
    model.set_filter(MemberFilter(search="aardvark"))
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(len(COLUMNS))]
    assert "Aardvark, Zoë (Zo)" in row[NAME]
    assert row[1:4] == ["zoe@example.org", "07700 900123", "SW1A 1AA"]
    assert row[JOINED] == "03/04/2021"
    assert row[5] == "Active"
    assert model.data(model.index(0, NAME), Qt.ItemDataRole.ToolTipRole).endswith("share nothing about this member")
    assert model.data(model.index(0, EMAIL), MemberIdRole) == record.id
    assert model.data(model.index(0, EMAIL), SummaryRole).joined_on == dt.date(2021, 4, 3)
    assert model.headerData(JOINED, Qt.Orientation.Horizontal) == "Joined"


def test_sort_requeries_the_database(demo_db, demo_chapter_id):
    model = MembersTableModel(MemberService(demo_db), demo_chapter_id)
    model.sort(EMAIL, Qt.SortOrder.AscendingOrder)
    emails = [model.data(model.index(r, EMAIL)) for r in range(model.rowCount())]
    assert emails == sorted(emails)
    model.sort(EMAIL, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, EMAIL)) for r in range(model.rowCount())] == sorted(emails, reverse=True)


def test_refresh_members_shows_a_change_in_place(qtbot, demo_db, demo_chapter_id):
    members = MemberService(demo_db)
    model = MembersTableModel(members, demo_chapter_id)
    member_id = model.member_id(5)
    assert model.data(model.index(5, EMAIL)) != "changed@example.org"
    members.update(member_id, {"email": "changed@example.org"})
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as blocker:
        model.refresh_members([member_id])
    assert blocker.args[0].row() == 5 and blocker.args[1].row() == 5
    assert model.data(model.index(5, EMAIL)) == "changed@example.org"


def test_refresh_keeps_persistent_indexes_on_the_same_member(qtbot, demo_db, demo_chapter_id):
    members = MemberService(demo_db)
    model = MembersTableModel(members, demo_chapter_id)
    model.set_filter(MemberFilter(statuses=frozenset({MemberStatus.ACTIVE})))
    kept = model.member_id(10)
    persistent = __import__("PySide6.QtCore", fromlist=["QPersistentModelIndex"]).QPersistentModelIndex(
        model.index(10, 0))
    gone = model.member_id(3)
    members.update(gone, {"status": "left"})  # no longer matches the filter
    with qtbot.waitSignal(model.layoutChanged, timeout=1000):
        model.refresh()
    assert model.row_of(gone) is None
    assert persistent.row() == 9 and model.member_id(persistent.row()) == kept


def test_a_long_list_shows_its_first_page_at_once_and_the_rest_follows(qtbot, qtmodeltester, demo_db,
                                                                        demo_chapter_id):
    from lien_desktop.ui.workers import JobRunner

    members = MemberService(demo_db)
    model = MembersTableModel(members, None, runner=JobRunner())
    model.FIRST_PAGE = 50
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.rows_completed, timeout=10_000):
        model.set_chapter(demo_chapter_id)
        assert model.rowCount() == 50 and not model.complete  # the first page, painted at once
    assert model.complete and model.rowCount() == 303
    assert inserted == [(50, 302)]  # the rest appended: the first page and the selection stay put
    assert [model.member_id(r) for r in range(303)] == members.ids(demo_chapter_id)
    qtmodeltester.check(model)

    # A search typed while the rest of the previous list is being read: only the latest one counts.
    with qtbot.waitSignal(model.rows_completed, timeout=10_000):
        model.set_filter(MemberFilter(statuses=frozenset({MemberStatus.LAPSED})))
        model.set_filter(MemberFilter(search="a"))
    wanted = members.ids(demo_chapter_id, MemberFilter(search="a"))
    qtbot.waitUntil(lambda: model.complete and model.rowCount() == len(wanted))
    assert [model.member_id(r) for r in range(model.rowCount())] == wanted
    model.runner.wait()


def test_only_the_last_search_typed_has_the_rest_of_its_list_read(qtbot, demo_db, demo_chapter_id):
    """Searches typed before the first page was painted never have their long lists read."""
    import threading

    from lien_desktop.ui.workers import JobRunner

    class Recording(MemberService):
        def __init__(self, database):
            super().__init__(database)
            self.read_on_a_worker = []

        def ids(self, chapter_id, flt=None, order=None, limit=None):
            if threading.current_thread() is not threading.main_thread():
                self.read_on_a_worker.append(flt.search if flt else "")
            return super().ids(chapter_id, flt, order, limit)

    members = Recording(demo_db)
    model = MembersTableModel(members, None, runner=JobRunner())
    model.FIRST_PAGE = 50
    model.REST_AFTER_MS = 600_000  # only start_reading_rest (the view's paint) starts it
    model.set_chapter(demo_chapter_id)  # everyone: a long list
    model.set_filter(MemberFilter(search="e"))
    assert model.rowCount() == 50 and not model.complete
    with qtbot.waitSignal(model.rows_completed, timeout=10_000):
        model.start_reading_rest()
    assert members.read_on_a_worker == ["e"]
    wanted = members.ids(demo_chapter_id, MemberFilter(search="e"))
    assert len(wanted) > 50 and [model.member_id(r) for r in range(model.rowCount())] == wanted
    model.start_reading_rest()  # a later paint: nothing left to read
    model.runner.wait()
    assert members.read_on_a_worker == ["e"]


def test_a_short_list_is_complete_at_once(demo_db, demo_chapter_id):
    from lien_desktop.ui.workers import JobRunner

    model = MembersTableModel(MemberService(demo_db), demo_chapter_id, runner=JobRunner())
    model.set_filter(MemberFilter(search="lukasz"))
    assert model.complete and 0 < model.rowCount() < 50


def test_when_the_worker_cannot_read_the_rest_the_list_is_read_again_and_completed(qtbot, demo_db, demo_chapter_id):
    """Fault injection: the first read off the GUI thread fails (as a locked or busy file might)."""
    import threading

    from lien_desktop.ui.workers import JobRunner

    class FailingOnceOffThread(MemberService):
        failed = False

        def ids(self, *args, **kwargs):
            if threading.current_thread() is not threading.main_thread() and not self.failed:
                self.failed = True
                raise RuntimeError("database is locked")
            return super().ids(*args, **kwargs)

    members = FailingOnceOffThread(demo_db)
    model = MembersTableModel(members, None, runner=JobRunner())
    model.FIRST_PAGE = 50
    with qtbot.waitSignal(model.rows_completed, timeout=10_000):
        model.set_chapter(demo_chapter_id)
    assert members.failed and model.complete and model.rowCount() == 303
    assert [model.member_id(r) for r in range(303)] == MemberService(demo_db).ids(demo_chapter_id)
