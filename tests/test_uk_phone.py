"""The fast UK phone checks agree with phonenumbers on every number tried."""

import random

import phonenumbers
import pytest

from lien_desktop.domain.uk_phone import display_uk, is_valid_uk


@pytest.mark.parametrize("seed", [1, 2])
def test_validity_and_display_agree_with_phonenumbers(seed):
    rng = random.Random(seed)
    valid = 0
    for _ in range(6000):
        nsn = rng.choice("1237589") + "".join(rng.choice("0123456789") for _ in range(rng.choice((8, 9, 9, 9))))
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(nsn))
        expected = phonenumbers.is_valid_number(number)
        assert is_valid_uk(nsn) == expected, nsn
        if expected:
            valid += 1
            assert display_uk(nsn) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL), nsn
    assert valid > 1000
    for nsn in ("7700900123", "2079460123", "1134960000", "1632960001", "7624123456", "1481123456"):
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(nsn))
        assert display_uk(nsn) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def test_display_agrees_with_phonenumbers_for_invalid_numbers_too():
    """The search index shows every UK number as display_uk groups it, valid or not."""
    rng = random.Random(3)
    invalid = 0
    for _ in range(6000):
        nsn = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 10)))
        number = phonenumbers.PhoneNumber(country_code=44, national_number=int(nsn))
        invalid += not phonenumbers.is_valid_number(number)
        assert display_uk(nsn) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL), nsn
    assert invalid > 3000
