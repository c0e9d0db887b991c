"""The Babel filters: figures exactly as a Russian document writes them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from election_appeal.render.formatting import make_filters

NB = "\u00a0"


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("votes", (43337,), f"43{NB}337"),
        ("votes", (321322,), f"321{NB}322"),
        ("votes", (5,), "5"),
        ("votes", (None,), "—"),
        ("signed", (39542,), f"+39{NB}542"),
        ("signed", (-19949,), f"\u221219{NB}949"),
        ("signed", (0,), "0"),
        ("signed", (Fraction(-7, 4), 2), "\u22121,75"),
        ("signed", (1.4545, 2), "+1,45"),
        ("percent", (Fraction(43337, 321322),), f"13,49{NB}%"),
        ("percent", (Fraction(3, 100), 0), f"3{NB}%"),
        ("decimal", (Fraction(302487, 39),), f"7{NB}756,08"),
        ("decimal", (Fraction(298349, 39),), f"7{NB}649,97"),
        ("tenge", (Decimal(25434975),), f"25{NB}434{NB}975{NB}тенге"),
        ("tenge", (Decimal(-3694950), True), f"\u22123{NB}694{NB}950{NB}тенге"),
        ("tenge", (Decimal("2555.8"),), f"2{NB}555,80{NB}тенге"),
        ("tenge", (1275,), f"1{NB}275{NB}тенге"),
        ("date_long", (datetime.date(2021, 1, 12),), f"12{NB}января{NB}2021{NB}г."),
        ("pvalue", (0.03125,), "0,0313"),
        ("pvalue", (1e-70,), f"<{NB}0,0001"),
        ("lcfirst", ("Выборы депутатов",), "выборы депутатов"),
        ("plural", (581, "участок", "участка", "участков"), "участок"),
        ("plural", (22, "участок", "участка", "участков"), "участка"),
        ("plural", (66, "участок", "участка", "участков"), "участков"),
        ("plural", (11, "участок", "участка", "участков"), "участков"),
    ],
)
def test_filters(name: str, args: tuple, expected: str) -> None:
    # The filters are made inside the test, so that a mutation test sees the code under test.
    assert make_filters("ru")[name](*args) == expected


def test_kazakh_dates_are_ready() -> None:
    day = datetime.date(2021, 1, 12)
    assert make_filters("kk")["date_long"](day) == f"2021{NB}жылғы{NB}12{NB}қаңтар"


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_whole_numbers_are_written_as_babel_writes_them(locale: str) -> None:
    """Whole numbers take a fast route; every one must read as Babel's own formatting of it."""
    from babel.numbers import format_decimal

    votes, signed = make_filters(locale)["votes"], make_filters(locale)["signed"]
    numbers = [0, 9, 10, 999, 1000, 9999, 10000, 65536, 999999, 1000000, 2**40 + 17]
    for n in [*numbers, *(-n for n in numbers)]:
        babel = format_decimal(n, format="#,##0", locale=locale).replace("-", "\u2212")
        assert votes(n) == babel.replace("\u202f", NB)
        assert signed(n) == ("+" if n > 0 else "") + votes(n)
