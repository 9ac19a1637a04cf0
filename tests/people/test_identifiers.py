"""NHS numbers, postcodes and name keys (pure functions)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from openasc.people.identifiers import (
    clean_nhs_number,
    clean_postcode,
    fold_name,
    format_nhs_number,
    name_keys,
    nhs_check_digit,
    soundex,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_nhs_number_valid_only_with_its_check_digit(first_nine):
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    assert clean_nhs_number(first_nine + str(check)) == first_nine + str(check)
    for other in set("0123456789") - {str(check)}:
        with pytest.raises(ValueError, match="check digit"):
            clean_nhs_number(first_nine + other)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_nine_digits_without_a_check_digit_make_no_valid_number(first_eight):
    # Pick the ninth digit that makes the mod-11 remainder need a check "digit" of 10.
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_eight))
    ninth = next((d for d in range(10) if (total + 2 * d) % 11 == 1), None)
    assume(ninth is not None)
    first_nine = first_eight + str(ninth)
    assert nhs_check_digit(first_nine) is None
    for last in "0123456789":
        with pytest.raises(ValueError):
            clean_nhs_number(first_nine + last)


def test_known_nhs_number_and_separators():
    assert clean_nhs_number("943 476 5919") == "9434765919"
    assert clean_nhs_number("943-476-5919") == "9434765919"
    assert clean_nhs_number(" 9434765919 ") == "9434765919"
    assert format_nhs_number("9434765919") == "943 476 5919"


@pytest.mark.parametrize("raw", ["943476591", "94347659190", "943476591X", "ABC4765919", ""])
def test_nhs_number_wrong_length_or_letters(raw):
    with pytest.raises(ValueError, match="10 digits"):
        clean_nhs_number(raw)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("ds1 4ab", "DS1 4AB"),
        ("DS14AB", "DS1 4AB"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_valid_postcodes_normalised(raw, clean):
    assert clean_postcode(raw) == clean


@pytest.mark.parametrize("raw", ["", "DS1", "12345", "QS1 4AB", "DS1 4CB", "DS1 AAB", "DS1 4AB X"])
def test_invalid_postcodes(raw):
    with pytest.raises(ValueError, match="real postcode"):
        clean_postcode(raw)


def test_fold_name():
    assert fold_name("O’Brien-Smith") == "obriensmith"
    assert fold_name("Zoë") == "zoe"
    assert fold_name("") == ""


@pytest.mark.parametrize(
    "name, key",
    [
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Ashcraft", "A261"),
        ("Tymczak", "T522"),
        ("Pfister", "P236"),
        ("Lee", "L000"),
        ("", ""),
    ],
)
def test_soundex(name, key):
    assert soundex(name) == key


def test_similar_names_share_a_key():
    assert name_keys("Smith")[0] == name_keys("Smyth")[0]
    # A typo in the first letter spoils the forward key but not the reversed one.
    assert name_keys("Smith")[0] != name_keys("Xmith")[0]
    assert name_keys("Smith")[1] == name_keys("Xmith")[1]
