"""Seat allocation at its edges: which list is admitted next, the limits of the settings and
their exact messages, the figures each party's row carries. Seats by hand in the comments."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from election_appeal.analysis.sample import ratio_estimate
from election_appeal.analysis.seats import AllocationError, allocate


def test_the_list_admitted_is_the_next_largest_not_the_first_named() -> None:
    # 50 %: only "c" passes; the second list admitted is "b" with 60 votes, not "a" with 40.
    # Quota 960 / 10 = 96; quotients 9.375 and 0.625: c 9, and the tenth seat to b's 0.625.
    result = allocate({"a": 40, "b": 60, "c": 900}, 10, threshold=Fraction(1, 2))
    assert [(p.passed, p.admitted) for p in result.parties.values()] == [
        (False, False),
        (False, True),
        (True, False),
    ]
    assert result.seats_of() == {"a": 0, "b": 1, "c": 9}


def test_of_equal_lists_below_the_threshold_the_one_registered_earlier_is_admitted() -> None:
    result = allocate(
        {"a": 50, "b": 50, "c": 900},
        10,
        threshold=Fraction(1, 2),
        registered={"a": 2, "b": 1, "c": 3},
    )
    assert [p.admitted for p in result.parties.values()] == [False, True, False]


def test_each_row_carries_its_list_votes_share_and_quotient() -> None:
    result = allocate({"a": 7, "b": 50, "c": 43}, 10)
    a = result.parties["a"]
    assert (a.party, a.votes, a.share, a.quotient, a.seats) == (
        "a",
        7,
        Fraction(7, 100),
        Fraction(7, 10),
        1,
    )
    assert (result.method, result.seats, result.base, result.quota) == (
        "largest-remainder",
        10,
        100,
        10,
    )
    assert result.threshold == Fraction(7, 100)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": Fraction(1)}, "the threshold must be between 0 and 1 (0.07 for 7 %), not 1"),
        ({"min_parties": 0}, "min_parties must be 1 or more, not 0"),
        ({"votes": {"a": -1, "b": -2}}, "votes cannot be negative (a, b)"),
        ({"against_all": -1}, "votes cannot be negative (against_all)"),
        (
            {"votes": {"a": 0, "b": 0}, "against_all": 10},
            "no qualifying list has votes, so no seats can be allocated",
        ),
    ],
)
def test_settings_out_of_range_are_refused(kwargs: dict, message: str) -> None:
    arguments = {"votes": {"a": 200, "b": 100}, **kwargs}
    with pytest.raises(AllocationError) as caught:
        allocate(arguments.pop("votes"), 5, **arguments)
    assert str(caught.value) == message


def test_the_ratio_estimate_without_votes_is_undefined_not_an_error() -> None:
    estimate, se = ratio_estimate([0, 0], [0, 0], 10, 1000)
    assert math.isnan(estimate) and math.isnan(se)
    # One vote in the sample is enough: Σd/Σm = 1/1, T̂ = 1 000; residuals 0 and 1 − 0 = ...
    estimate, se = ratio_estimate([1, 0], [1, 0], 10, 1000)
    assert estimate == 1000
    # Residuals d − 1·m: 0 and 0: no spread.
    assert se == 0
