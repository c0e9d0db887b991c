"""Rounding for display: half away from zero at the number of places asked for, as published
tables round, whatever the filter's default."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from election_appeal.analysis.exact import percent, rounded
from election_appeal.render.formatting import make_filters

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(5, 2), 0, "3"),  # half away from zero, not to even
        (Fraction(-5, 2), 0, "-3"),
        (Fraction(1, 8), 2, "0.13"),
        (Fraction(-1, 8), 2, "-0.13"),
        (Fraction(2, 3), 3, "0.667"),
        (Fraction(0), 2, "0.00"),
        (Fraction(-1, 1000), 2, "0.00"),
    ],
)
def test_rounded(value: Fraction, places: int, expected: str) -> None:
    assert str(rounded(value, places)) == expected


def test_percent_at_the_places_asked_for() -> None:
    assert str(percent(Fraction(1, 8), 0)) == "13"  # 12.5 % → 13, not 12.50
    assert str(percent(Fraction(1, 3), 1)) == "33.3"
    assert str(percent(Fraction(43337, 321322))) == "13.49"


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("decimal", (Fraction(5, 2), 0), "3"),
        ("decimal", (2.5, 0), "3"),
        ("decimal", (Fraction(2, 3), 3), "0,667"),
        ("decimal", (Decimal("1234.5"), 1), f"1{NB}234,5"),
        ("signed", (Fraction(5, 2),), "+3"),
        ("signed", (Fraction(-5, 2),), "\u22123"),
        ("signed", (2.5, 1), "+2,5"),
        ("percent", (Fraction(1, 8), 0), f"13{NB}%"),
        ("percent", (Fraction(1, 3), 1), f"33,3{NB}%"),
        ("votes", (1234567,), f"1{NB}234{NB}567"),
        ("votes", (-1234,), f"\u22121{NB}234"),
        ("tenge", (Decimal("-2555.8"), True), f"\u22122{NB}555,80{NB}тенге"),
        ("tenge", (Decimal("2555.8"), True), f"+2{NB}555,80{NB}тенге"),
        ("tenge", (0, True), f"0{NB}тенге"),
        ("pvalue", (0.0001,), "0,0001"),
        ("pvalue", (0.00009,), f"<{NB}0,0001"),
        ("pvalue", (None,), "—"),
        ("decimal", (None,), "—"),
        ("signed", (None,), "—"),
        ("percent", (None,), "—"),
        ("tenge", (None,), "—"),
        ("date_long", (None,), "—"),
        ("lcfirst", ("ЦИК решил",), "цИК решил"),
        ("lcfirst", ("",), ""),
        ("plural", (1, "лист", "листа", "листов"), "лист"),
        ("plural", (-3, "лист", "листа", "листов"), "листа"),
        ("plural", (0, "лист", "листа", "листов"), "листов"),
    ],
)
def test_filters_at_their_edges(name: str, args: tuple, expected: str) -> None:
    assert make_filters("ru")[name](*args) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("votes", "43337", "the filter \"votes\" needs a number, not '43337'"),
        ("votes", True, 'the filter "votes" needs a number, not True'),
        ("percent", 0.5, 'the filter "percent" needs a share, not 0.5'),
        ("plural", 2.0, 'the filter "plural" needs a whole number, not 2.0'),
        ("date_long", "2021-01-10", "the filter \"date_long\" needs a date, not '2021-01-10'"),
        ("decimal", "x" * 50, f'the filter "decimal" needs a number, not \'{"x" * 38}…'),
    ],
)
def test_a_filter_refuses_a_value_of_the_wrong_kind(name: str, value: object, message: str) -> None:
    with pytest.raises(TypeError) as error:
        make_filters("ru")[name](value, *(["a", "b", "c"] if name == "plural" else []))
    assert str(error.value) == message


def test_digit_groups_are_always_split_by_a_no_break_space() -> None:
    # CLDR gives some locales a narrow no-break space (U+202F) between groups; documents use
    # the ordinary one throughout, whatever the locale's data says.
    assert make_filters("fr")["votes"](1234567) == f"1{NB}234{NB}567"
    assert make_filters("kk")["votes"](1234567) == f"1{NB}234{NB}567"
