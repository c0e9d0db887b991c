"""The value of a vote and the wages in force, at the boundaries of their periods, and money
rounded to the tiyn. Expected values from data/reference (DOMAIN.md section 3) by hand."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from election_appeal.analysis.funding import (
    VoteValue,
    funding_cost,
    rule_for,
    to_money,
    vote_value,
    wages_on,
)
from election_appeal.analysis.sample import PartySample, holm_adjusted
from election_appeal.case import CaseData, load_case
from election_appeal.case.reference import Bilingual, Wages, load_reference
from election_appeal.case.schema import Case
from election_appeal.errors import AppealError
from election_appeal.resources import reference_dir
from test_figures import write_small_case

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


@pytest.fixture(scope="module")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> CaseData:
    return load_case(write_small_case(tmp_path_factory.mktemp("funding") / "case"))


def _funding(data: CaseData, **update: object) -> Case:
    funding = data.case.funding
    assert funding is not None
    return data.case.model_copy(update={"funding": funding.model_copy(update=update)})


def test_a_vote_in_a_later_year_under_the_2025_rule(small_case: CaseData) -> None:
    # The election was in 2021; the funding year 2025 takes 0.65 МРП of 1 January 2025:
    # 0.65 · 3 932 = 2 555.80 tenge.
    rule = rule_for(REFERENCE.funding.vote_value, 2025)
    wages = wages_on(REFERENCE.wages, datetime.date(2025, 1, 1))
    value = vote_value(_funding(small_case, year=2025), REFERENCE)
    assert value == VoteValue(
        2025, "mrp", 3932, Fraction(13, 20), Decimal("2555.80"), rule.source, wages.source
    )


def _act(name: str) -> Bilingual:
    return Bilingual(ru=name, kk=name)


def test_a_later_year_takes_the_wages_of_its_first_day(small_case: CaseData) -> None:
    wages = [
        Wages(2021, datetime.date(2021, 1, 1), 42500, 2917, _act("2021")),
        Wages(2022, datetime.date(2022, 1, 1), 60000, 3063, _act("2022")),
        Wages(2022, datetime.date(2022, 1, 2), 99999, 3063, _act("later")),  # not on 1 January
    ]
    reference = replace(REFERENCE, wages=wages)
    value = vote_value(_funding(small_case, year=2022), reference)
    assert (value.base_amount, value.per_year, value.wages_source) == (60000, 1800, _act("2022"))


def test_the_funded_contest_may_be_the_second(small_case: CaseData) -> None:
    # Contest b funded: b − a = −1 000, +1 000, −500 votes at 1 275 tenge (2021).
    case = _funding(small_case, contest="b")
    cost = funding_cost(case, REFERENCE)
    assert (cost.funded_contest, cost.other_contest) == ("b", "a")
    assert [(p.funded_votes, p.other_votes, p.per_year) for p in cost.parties] == [
        (4000, 5000, -1_275_000),
        (4000, 3000, 1_275_000),
        (1500, 2000, -637_500),
    ]
    assert cost.overpaid_per_year == 1_275_000  # p2 only: p3 is not funded


def test_any_positive_amount_is_overpaid(small_case: CaseData) -> None:
    # A vote worth 3 % of an МЗП of 10 tenge, 0.30; p1 funded for one vote more than b gives it.
    wages = [Wages(2021, datetime.date(2021, 1, 1), 10, 2917, "тест")]
    votes = {"votes": {"p1": 4001, "p2": 3000, "p3": 2000}}
    a = small_case.case.contests[0].model_copy(update=votes)
    case = small_case.case.model_copy(update={"contests": [a, small_case.case.contests[1]]})
    cost = funding_cost(case, replace(REFERENCE, wages=wages))
    assert cost.parties[0].per_year == Decimal("0.30")
    assert cost.overpaid_per_year == Decimal("0.30")
    assert cost.overpaid_over_term == Decimal("1.50")


def test_nobody_overpaid_is_zero_tenge(small_case: CaseData) -> None:
    case = _funding(small_case, funded_parties=["p2"])  # p2: 3 000 − 4 000, paid less
    cost = funding_cost(case, REFERENCE)
    assert cost.overpaid_per_year == 0
    assert isinstance(cost.overpaid_per_year, Decimal)  # money stays Decimal, never int
    assert cost.overpaid_exceeds_threshold is False


def test_the_election_year_takes_the_wages_of_the_election_day(small_case: CaseData) -> None:
    # An МЗП raised on 5 January 2021 is in force on the election day, 10 January: 3 % of
    # 50 000 = 1 500 tenge, not 3 % of the 42 500 of 1 January.
    wages = [
        Wages(2021, datetime.date(2021, 1, 1), 42500, 2917, "1 January"),
        Wages(2021, datetime.date(2021, 1, 5), 50000, 2917, "5 January"),
    ]
    value = vote_value(small_case.case, replace(REFERENCE, wages=wages))
    assert (value.year, value.base_amount, value.per_year) == (2021, 50000, 1500)
