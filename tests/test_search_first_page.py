"""The members table's quick first page of a search gives exactly what the search index gives.

The first page of a search most members match is found by reading the head of the list and testing
each member's search text (domain.search.text_matches), not by the FTS5 index; the rest of the list
still comes from the index. The two must never disagree, or rows would jump when the rest arrives.
"""

from __future__ import annotations

import string

import pytest

from lien_desktop.domain.members import MemberFilter, MemberStatus, SortOrder
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService

QUERIES = [
    *string.ascii_lowercase, *string.digits, "07700 9", "077009", "+44 7700", "o'brien", "ni bhriain", "sw1a",
    "sw1a 1aa", "zoë", "łukasz", "LUKASZ", "siobhán", "e a", "an", "ma", "jo", "st", "example", "org", "1",
    "-", "@", "   ", "x y z", "smith j", "é", "9 0",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from lien_desktop.services.chapters import ChapterService
    from lien_desktop.services.database import init_database

    database = init_database(tmp_path_factory.mktemp("first-page") / "demo.sqlite3")
    fill_demo(database, members=1500, seed=3)
    chapter_id = ChapterService(database).list()[0].id
    yield MemberService(database), chapter_id
    database.close()


@pytest.mark.parametrize("order", [SortOrder(), SortOrder("email", True), SortOrder("joined_on"),
                                   SortOrder("status", True)], ids=["name", "email-desc", "joined", "status-desc"])
def test_first_page_is_the_start_of_what_the_index_finds(demo, order):
    members, chapter_id = demo
    members.HEAD_ROWS, members.ENOUGH_TO_SHOW = 300, 20  # a head smaller than the chapter
    for query in QUERIES:
        for statuses in (frozenset(), frozenset({MemberStatus.ACTIVE})):
            flt = MemberFilter(search=query, statuses=statuses)
            everyone = members.ids(chapter_id, flt, order)  # the search index's answer
            page = members.first_page(chapter_id, flt, order, size=100)
            assert page.ids == everyone[: len(page.ids)], (query, statuses)
            assert len(page.ids) == min(100, len(everyone)) or not page.complete, (query, statuses)
            if page.complete:
                assert page.ids == everyone, (query, statuses)


def test_a_dense_search_is_answered_from_the_head_and_a_rare_one_by_the_index(demo):
    members, chapter_id = demo
    members.HEAD_ROWS, members.ENOUGH_TO_SHOW = 300, 20
    dense = members.first_page(chapter_id, MemberFilter(search="07700"), SortOrder(), size=100)
    assert len(dense.ids) == 100 and not dense.complete  # the rest comes from the index later
    rare = members.first_page(chapter_id, MemberFilter(search="zzzz-nobody"), SortOrder(), size=100)
    assert rare.ids == [] and rare.complete


def test_typing_on_deleting_and_retyping_keep_every_first_page_right(demo):
    """The head is skipped once it missed a search that the next keystroke narrows; never otherwise."""
    members, chapter_id = demo
    members.HEAD_ROWS, members.ENOUGH_TO_SHOW = 300, 20
    typed = ["s", "sm", "smi", "smit", "smith", "smit", "smi", "sm", "s", "", "0", "07", "077", "0770", "07700",
             "07700 9", "07700", "o", "o'", "o'b", "o'br", "o", "e", "e a", "e", "ex", "exa", "x"]
    for statuses in (frozenset(), frozenset({MemberStatus.ACTIVE})):
        for query in typed:
            flt = MemberFilter(search=query, statuses=statuses)
            everyone = members.ids(chapter_id, flt, SortOrder())
            page = members.first_page(chapter_id, flt, SortOrder(), size=100)
            assert page.ids == everyone[: len(page.ids)], (query, statuses)
            assert len(page.ids) == min(100, len(everyone)) or not page.complete, (query, statuses)
            if page.complete:
                assert page.ids == everyone, (query, statuses)
