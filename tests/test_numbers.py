from decimal import Decimal

import pytest

from election_appeal.case.numbers import NumberFormatError, parse_count, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("43337", 43337),
        ("43 337", 43337),
        ("43\u00a0337", 43337),  # no-break space, as Excel writes it in a Russian locale
        ("43\u202f337", 43337),  # narrow no-break space, as LibreOffice writes it
        ("1 234 567", 1234567),
        ("1\u00a0234\u202f567", 1234567),  # separators as copied from two programs
        ("+5", 5),
        (" 12 ", 12),
        ("0", 0),
        ("12,0", 12),
        (12, 12),
        (12.0, 12),  # an xlsx cell holding a whole number
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_counts_as_russian_spreadsheets_write_them(text: object, expected: int | None) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("13,49", Decimal("13.49")), ("13.49", Decimal("13.49")), ("−0,5", Decimal("-0.5"))],
)
def test_decimals_accept_a_comma(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


GROUPS = (
    'cannot be read: digits after a space must come in groups of three, as in "43 337"; '
    "check the protocol and type the figure again"
)


AT_MOST = "(at most 999 999 999 999)"


def test_the_largest_count_is_read() -> None:
    assert parse_count("999 999 999 999") == 999_999_999_999
    assert parse_count("1" * 12) == 111_111_111_111


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,5", '"12,5" is not a whole number; a count of votes has no fractions'),
        (12.5, '"12.5" is not a whole number; a count of votes has no fractions'),
        ("-3", '"-3" is negative; a count cannot be below zero'),
        ("−3", '"−3" is negative; a count cannot be below zero'),
        ("abc", '"abc" is not a number'),
        ("12a", '"12a" is not a number'),
        ("1,2,3", '"1,2,3" is not a number'),
        (True, '"True" is not a number'),
        ("12,", '"12," is not a number'),
        ("3 3", f'"3 3" {GROUPS}'),
        ("12 5", f'"12 5" {GROUPS}'),
        ("1234 567", f'"1234 567" {GROUPS}'),
        ("43  337", f'"43  337" {GROUPS}'),
        ("43\u2009337", '"43\u2009337" is not a number'),  # a thin space is not a group separator
        ("٤٣", '"٤٣" is written with digits other than 0–9; retype it with 0–9'),
        ("４３", '"４３" is written with digits other than 0–9; retype it with 0–9'),
        ("1" * 41, f'"{"1" * 20}…" is 41 characters long, too long to be a number'),
        ("1 000 000 000 000", f'"1 000 000 000 000" is too large for a count {AT_MOST}'),
        (1e12, f'"1000000000000.0" is too large for a count {AT_MOST}'),
        (float("inf"), '"inf" is not a number'),
    ],
)
def test_bad_counts_say_what_is_wrong(text: object, message: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_count(text)
    assert str(caught.value) == message
