"""Several values in one cell (tags, officer posts): written by the export, read back by the import, whole."""

import pytest

from lien_desktop.domain.import_values import read_posts, read_tags
from lien_desktop.domain.list_cells import POST_SEPARATORS, TAG_SEPARATORS, join_values, split_values


def test_simple_values_are_written_exactly_as_before():
    assert join_values(("Café crew", "Leafleting"), TAG_SEPARATORS) == "Café crew, Leafleting"
    assert join_values(("Chair", "Treasurer"), POST_SEPARATORS) == "Chair; Treasurer"
    assert join_values(("Secretary, minutes",), POST_SEPARATORS) == "Secretary, minutes"  # a comma is no separator
    assert join_values((), TAG_SEPARATORS) == ""


def test_values_holding_a_separator_or_a_leading_quote_are_quoted():
    assert join_values(("Housing, renters", "Unite; GMB", "plain"), TAG_SEPARATORS) == \
        '"Housing, renters", "Unite; GMB", plain'
    assert join_values(('"Quoted" tag', 'say "hi"'), TAG_SEPARATORS) == '"""Quoted"" tag", say "hi"'
    assert join_values(("Secretary; minutes", "Chair"), POST_SEPARATORS) == '"Secretary; minutes"; Chair'


@pytest.mark.parametrize(("values", "separators"), [
    (("Housing, renters", "Unite; GMB", '"Quoted" tag', 'say "hi"', "plain", '"', 'a""b', "x,"), TAG_SEPARATORS),
    (("Secretary; minutes", 'Chair, "acting"', '"Co"-ordinator', "Treasurer"), POST_SEPARATORS),
])
def test_every_value_comes_back_whole(values, separators):
    assert split_values(join_values(values, separators), separators) == list(values)


def test_cells_typed_by_a_person_or_written_by_older_versions_read_as_before():
    assert read_tags("Café crew, Leafleting;Youth", []) == ("Café crew", "Leafleting", "Youth")
    assert read_tags('say "hi", there', []) == ('say "hi"', "there")
    assert read_tags('"unfinished, quote', []) == ('"unfinished', "quote")  # as typed, nothing dropped
    assert read_tags('"Housing, renters" and more, x', []) == ("Housing, renters and more", "x")
    assert read_posts("Chair; Treasurer;", []) == ("Chair", "Treasurer")
    assert read_posts('"Secretary; minutes"; Chair', []) == ("Secretary; minutes", "Chair")
