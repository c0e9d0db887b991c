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
    ],
)
def test_bad_counts_say_what_is_wrong(text: object, message: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_count(text)
    assert str(caught.value) == message
