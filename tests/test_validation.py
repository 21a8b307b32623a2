import datetime as dt

import pytest

from lien_desktop.domain.errors import ValidationError
from lien_desktop.domain.validation import (
    FieldProblem,
    display_phone,
    normalise_email,
    normalise_phone,
    normalise_postcode,
    parse_uk_date,
    validate_member,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("07700 900123", "+447700900123"), ("+44 7700 900123", "+447700900123"), ("0044 7911 123456", "+447911123456"),
     ("020 7946 0123", "+442079460123"), ("+33 1 42 68 53 00", "+33142685300"), ("", "")],
)
def test_phone_numbers_are_stored_as_e164(typed, stored):
    assert normalise_phone(typed) == stored


def test_phone_numbers_are_shown_nationally_for_the_uk():
    assert display_phone("+447700900123") == "07700 900123"
    assert display_phone("+33142685300") == "+33 1 42 68 53 00"


@pytest.mark.parametrize("bad", ["12", "not a number", "07700 9001234567", "+44 123"])
def test_bad_phone_numbers_are_refused_with_the_value(bad):
    with pytest.raises(FieldProblem, match="phone number"):
        normalise_phone(bad)


@pytest.mark.parametrize(("typed", "stored"), [("sw1a1aa", "SW1A 1AA"), (" m1  1ae ", "M1 1AE"), ("CF10 1EP", "CF10 1EP")])
def test_postcodes_are_upper_case_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


def test_a_bad_postcode_is_refused():
    with pytest.raises(FieldProblem, match="not a UK postcode"):
        normalise_postcode("12345")


def test_email_is_trimmed_of_every_space_and_domain_lowered():
    assert normalise_email("\u00a0Jo.Bloggs@EXAMPLE.org\u200b ") == "Jo.Bloggs@example.org"
    with pytest.raises(FieldProblem, match="not a valid email"):
        normalise_email("jo@@example")


def test_dates_are_read_in_uk_order_and_impossible_dates_refused():
    assert parse_uk_date("03/04/2021") == dt.date(2021, 4, 3)
    assert parse_uk_date("2021-04-03") == dt.date(2021, 4, 3)
    assert parse_uk_date("3 April 2021") == dt.date(2021, 4, 3)
    with pytest.raises(FieldProblem, match="not a real date"):
        parse_uk_date("31/02/2021")
    with pytest.raises(FieldProblem):
        parse_uk_date("04/13/2021")  # never read in US order


def test_validate_member_reports_every_bad_field_at_once():
    with pytest.raises(ValidationError) as caught:
        validate_member({"first_name": "Zoë", "email": "nope", "postcode": "XYZ", "mobile_phone": "12"})
    assert set(caught.value.problems) == {"email", "postcode", "mobile_phone"}
    assert "Email" in str(caught.value) and "Postcode" in str(caught.value)


def test_a_member_needs_a_name():
    with pytest.raises(ValidationError, match="name"):
        validate_member({"email": "a@example.org"})
