"""Seat allocation: published results reproduced exactly, and properties that must always hold."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election_appeal.analysis.seats import AllocationError, allocate

MAZHILIS_VOTES = {"npk": 43337, "nur_otan": 178461, "auyl": 31802, "ak_zhol": 48887, "adal": 18835}
MASLIKHAT_VOTES = {"npk": 23388, "nur_otan": 218003, "auyl": 24591, "ak_zhol": 32367, "adal": 21733}


def test_almaty_maslikhat_with_mazhilis_votes() -> None:
    result = allocate(MAZHILIS_VOTES, 39, min_parties=1)
    assert result.quota == Fraction(302487, 39)
    assert result.seats_of() == {"npk": 6, "nur_otan": 23, "auyl": 4, "ak_zhol": 6, "adal": 0}
    quotients = {p: round(float(s.quotient), 2) for p, s in result.parties.items() if s.quotient}
    assert quotients == {"npk": 5.59, "nur_otan": 23.01, "auyl": 4.10, "ak_zhol": 6.30}
    assert not result.parties["adal"].passed


def test_almaty_maslikhat_as_awarded() -> None:
    result = allocate(MASLIKHAT_VOTES, 39, min_parties=1)
    assert result.quota == Fraction(298349, 39)
    assert result.seats_of() == {"npk": 3, "nur_otan": 29, "auyl": 3, "ak_zhol": 4, "adal": 0}


# Mazhilis, 10 January 2021, 98 party-list seats, 7 % threshold. Votes and seats as announced by
# the Central Election Commission on 12 January 2021 (reported by The Astana Times, "Kazakh
# parliamentary election: Central Election Commission announces final results", 12 January
# 2021; IFES ElectionGuide, election 3278: valid votes 7 241 562).
MAZHILIS_2021 = {
    "nur_otan": (5_148_074, 76),
    "ak_zhol": (792_828, 12),
    "npk": (659_019, 10),
    "auyl": (383_023, 0),
    "adal": (258_618, 0),
}
# Mazhilis, 20 March 2016, 98 seats: announced by the CEC chairman on 22 March 2016 (Kazinform,
# "Nur Otan wins Parliamentary Elections with 82.2% of votes and 84 seats in Majilis"; IFES
# ElectionGuide, election 2904: valid votes 7 522 868).
MAZHILIS_2016 = {
    "nur_otan": (6_183_757, 84),
    "ak_zhol": (540_406, 7),
    "knpk": (537_123, 7),  # 7.14 %: just over the threshold
    "auyl": (151_285, 0),
    "osdp": (88_813, 0),
    "birlik": (21_484, 0),
}


@pytest.mark.parametrize("published", [MAZHILIS_2021, MAZHILIS_2016], ids=["2021", "2016"])
def test_published_mazhilis_results_are_reproduced(published: dict[str, tuple[int, int]]) -> None:
    votes = {party: v for party, (v, _) in published.items()}
    result = allocate(votes, 98, threshold=Fraction(7, 100))
    assert result.seats_of() == {party: s for party, (_, s) in published.items()}


def test_tie_on_remainders_goes_to_the_list_registered_earlier() -> None:
    votes = {"a": 100, "b": 100, "c": 100}
    for order, winner in (({"a": 3, "b": 1, "c": 2}, "b"), ({"a": 1, "b": 2, "c": 3}, "a")):
        result = allocate(votes, 4, threshold=Fraction(0), registered=order)
        assert result.seats_of()[winner] == 2
        assert sum(result.seats_of().values()) == 4


def test_the_next_largest_list_is_admitted_when_one_passes() -> None:
    votes = {"big": 900, "second": 60, "third": 40}
    alone = allocate(votes, 98, min_parties=1)
    assert alone.seats_of() == {"big": 98, "second": 0, "third": 0}  # the 2007 outcome
    two = allocate(votes, 98, min_parties=2)
    assert two.parties["second"].admitted and not two.parties["second"].passed
    assert two.seats_of()["second"] > 0 and two.seats_of()["third"] == 0


def test_against_all_counts_in_the_base_but_gets_no_seats() -> None:
    votes = {"a": 600, "b": 65}
    without = allocate(votes, 10, threshold=Fraction(5, 100))
    assert without.parties["b"].passed  # 65 / 665 = 9.8 %
    with_against = allocate(votes, 10, threshold=Fraction(10, 100), against_all=100)
    assert not with_against.parties["b"].passed  # 65 / 765 = 8.5 %
    assert with_against.base == 765
    assert "against_all" not in with_against.parties


def test_turnout_base() -> None:
    result = allocate({"a": 500, "b": 80}, 10, base=1000, min_parties=1)
    assert result.parties["b"].share == Fraction(8, 100)
    assert result.base == 1000


def test_divisor_methods() -> None:
    votes = {"a": 100_000, "b": 80_000, "c": 30_000, "d": 20_000}
    no_threshold = Fraction(0)
    assert allocate(votes, 8, method="dhondt", threshold=no_threshold).seats_of() == {
        "a": 4,
        "b": 3,
        "c": 1,
        "d": 0,
    }
    assert allocate(votes, 8, method="sainte-lague", threshold=no_threshold).seats_of() == {
        "a": 3,
        "b": 3,
        "c": 1,
        "d": 1,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seats": 0}, "the number of seats must be 1 or more, not 0"),
        (
            {"method": "hare"},
            'unknown method "hare"; use one of: largest-remainder, dhondt, sainte-lague',
        ),
        (
            {"threshold": Fraction(3, 2)},
            "the threshold must be between 0 and 1 (0.07 for 7 %), not 3/2",
        ),
        ({"votes": {"a": -1}}, "votes cannot be negative (a)"),
        ({"votes": {}}, "there are no lists to allocate seats to"),
        ({"votes": {"a": 0, "b": 0}}, "no votes were cast, so no seats can be allocated"),
        (
            {"base": 10},
            "the percentage base (10) is smaller than the votes cast for lists "
            "and against all (300)",
        ),
    ],
)
def test_bad_input_is_refused(kwargs: dict, message: str) -> None:
    arguments = {"votes": {"a": 200, "b": 100}, "seats": 5, **kwargs}
    with pytest.raises(AllocationError) as caught:
        allocate(arguments.pop("votes"), arguments.pop("seats"), **arguments)
    assert str(caught.value) == message


METHODS = st.sampled_from(["largest-remainder", "dhondt", "sainte-lague"])
VOTES = st.dictionaries(
    st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=200_000), min_size=1
).filter(lambda v: sum(v.values()) > 0)
THRESHOLDS = st.sampled_from([Fraction(0), Fraction(5, 100), Fraction(7, 100), Fraction(1, 3)])


@given(VOTES, st.integers(min_value=1, max_value=150), METHODS, THRESHOLDS)
def test_seats_always_sum_to_the_total(votes, seats, method, threshold) -> None:
    result = allocate(votes, seats, method=method, threshold=threshold, min_parties=1)
    assert sum(result.seats_of().values()) == seats


@given(VOTES, st.integers(min_value=1, max_value=150), METHODS, THRESHOLDS)
def test_no_list_under_the_threshold_gets_a_seat(votes, seats, method, threshold) -> None:
    result = allocate(votes, seats, method=method, threshold=threshold, min_parties=1)
    for party in result.parties.values():
        if party.seats:
            assert party.passed or party.admitted
        if not party.passed and not party.admitted:
            assert party.seats == 0


@given(VOTES, st.integers(min_value=1, max_value=150), METHODS, st.randoms())
def test_the_order_of_rows_never_changes_the_result(votes, seats, method, rng) -> None:
    order = {p: i for i, p in enumerate(sorted(votes))}
    shuffled = list(votes.items())
    rng.shuffle(shuffled)
    first = allocate(votes, seats, method=method, registered=order)
    second = allocate(dict(shuffled), seats, method=method, registered=order)
    assert first.seats_of() == second.seats_of()


@given(
    VOTES,
    st.integers(min_value=1, max_value=150),
    st.sampled_from(["dhondt", "sainte-lague"]),
    st.integers(min_value=1, max_value=50_000),
    st.data(),
)
def test_divisor_methods_are_monotone(votes, seats, method, extra, data) -> None:
    """A list whose votes grow while the others stay never loses a seat (no threshold here)."""
    party = data.draw(st.sampled_from(sorted(votes)))
    order = {p: i for i, p in enumerate(sorted(votes))}
    before = allocate(votes, seats, method=method, threshold=Fraction(0), registered=order)
    grown = {**votes, party: votes[party] + extra}
    after = allocate(grown, seats, method=method, threshold=Fraction(0), registered=order)
    assert after.seats_of()[party] >= before.seats_of()[party]


@given(
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=2, max_value=6),
    st.integers(1, 60),
)
def test_equal_lists_share_by_registration_order(votes, lists, seats) -> None:
    parties = {f"p{i}": votes for i in range(lists)}
    order = {f"p{i}": lists - i for i in range(lists)}  # the last list registered first
    result = allocate(parties, seats, threshold=Fraction(0), registered=order)
    by_registration = sorted(parties, key=order.__getitem__)
    won = [result.seats_of()[p] for p in by_registration]
    assert won == sorted(won, reverse=True)
    assert max(won) - min(won) <= 1
