"""The value of a vote and the wages in force, at the boundaries of their periods, and money
rounded to the tiyn. Expected values from data/reference (DOMAIN.md section 3) by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from election_appeal.analysis.funding import rule_for, to_money, wages_on
from election_appeal.analysis.sample import PartySample, holm_adjusted
from election_appeal.case.reference import load_reference
from election_appeal.errors import AppealError
from election_appeal.resources import reference_dir

REFERENCE = load_reference(reference_dir())


@pytest.mark.parametrize(
    ("year", "base", "share"),
    [
        (2009, "mzp", Fraction(3, 100)),  # the first year of the 2009 resolution
        (2024, "mzp", Fraction(3, 100)),  # its last year
        (2025, "mrp", Fraction(65, 100)),  # the first year of the 2025 resolution
        (2040, "mrp", Fraction(65, 100)),  # still in force: no end year
    ],
)
def test_the_rule_in_force_in_a_year(year: int, base: str, share: Fraction) -> None:
    rule = rule_for(REFERENCE.funding.vote_value, year)
    assert (rule.base, rule.share) == (base, share)


def test_a_year_before_any_rule_is_refused() -> None:
    with pytest.raises(AppealError) as error:
        rule_for(REFERENCE.funding.vote_value, 2008)
    assert str(error.value) == "the funding rules have no value of a vote for 2008"


@pytest.mark.parametrize(
    ("day", "mzp", "mrp"),
    [
        (datetime.date(2020, 3, 31), 42500, 2651),
        (datetime.date(2020, 4, 1), 42500, 2778),  # the МРП raised from 1 April 2020
        (datetime.date(2021, 1, 1), 42500, 2917),
        (datetime.date(2021, 1, 10), 42500, 2917),
        (datetime.date(2025, 1, 1), 85000, 3932),
    ],
)
def test_the_wages_in_force_on_a_day(day: datetime.date, mzp: int, mrp: int) -> None:
    wages = wages_on(REFERENCE.wages, day)
    assert (wages.mzp, wages.mrp) == (mzp, mrp)


def test_a_day_before_the_wage_table_is_refused() -> None:
    with pytest.raises(AppealError) as error:
        wages_on(REFERENCE.wages, datetime.date(2017, 12, 31))
    assert str(error.value) == "the wage table has no МЗП and МРП in force on 2017-12-31"


@pytest.mark.parametrize(
    ("amount", "money"),
    [
        (Fraction(3, 100) * 42500, "1275"),  # 2021: 3 % of 42 500
        (Fraction(65, 100) * 3932, "2555.80"),  # 2025: 0.65 МРП, exact to the tiyn
        (Fraction(1, 8), "0.13"),  # half a tiyn rounds up, not to even
        (Fraction(-1, 8), "-0.13"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
    ],
)
def test_money_to_the_tiyn(amount: Fraction, money: str) -> None:
    assert to_money(amount) == Decimal(money)


def test_holm_never_exceeds_one() -> None:
    # Sorted 0.6, 0.7: 2 · 0.6 = 1.2 and 1 · 0.7, both capped at 1.
    rows = [PartySample(p, 5, 0, p_value=v) for p, v in (("a", 0.7), ("b", 0.6))]
    assert [r.p_holm for r in holm_adjusted(rows)] == [1.0, 1.0]
