"""Birth dates in the three written forms, placeholders and bad values."""

from __future__ import annotations

import pytest

from safepassage.linkage.dates import BadDate, BirthDate, parse_birth_date


def test_it_reads_an_iso_date():
    assert BirthDate(1999, 3, 7) == parse_birth_date("1999-03-07")


def test_it_reads_a_dotted_russian_date():
    assert BirthDate(1999, 3, 7) == parse_birth_date("07.03.1999")


def test_it_reads_a_year_alone():
    assert BirthDate(1999) == parse_birth_date("1999")


def test_a_blank_date_is_unknown_not_an_error():
    assert BirthDate() == parse_birth_date("  ")


@pytest.mark.parametrize("placeholder", ["01.01.2001", "00.00.2001", "2001-01-01", "2001-00-00"])
def test_placeholders_count_as_year_only(placeholder):
    assert BirthDate(2001, placeholder=True) == parse_birth_date(placeholder)


@pytest.mark.parametrize("bad", ["31.02.1999", "1999/03/07", "March 1999", "12.1999", "1850"])
def test_it_rejects_what_is_not_a_date_with_the_value_in_the_message(bad):
    with pytest.raises(BadDate, match="is not a birth date"):
        parse_birth_date(bad)


def test_a_full_date_knows_its_iso_form_and_a_year_only_date_its_year():
    assert ("1999-03-07", "1999") == (BirthDate(1999, 3, 7).iso(), BirthDate(1999).iso())
