"""Seat allocation by party lists, exactly: Fraction everywhere, no rounding.

`largest-remainder` follows the Constitutional Law "On elections in the Republic of Kazakhstan",
art. 97-1: lists with at least the threshold share of the percentage base qualify; the first
electoral quotient is the qualifying lists' votes divided by the seats; each list gets the whole
part of its votes divided by the quotient, and the seats left go one each to the largest
remainders, an equal remainder to the list registered earlier. `dhondt` and `sainte-lague` are
the highest-averages methods with divisors 1, 2, 3, … and 1, 3, 5, …
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Literal

from ..errors import AppealError

Method = Literal["largest-remainder", "dhondt", "sainte-lague"]
METHODS: tuple[Method, ...] = ("largest-remainder", "dhondt", "sainte-lague")
AGAINST_ALL = "against_all"


class AllocationError(AppealError):
    """The votes or settings cannot be allocated; the message says which and why."""


@dataclass(frozen=True)
class PartySeats:
    """One list's result: its share of the base, whether it qualified and why, its seats."""

    party: str
    votes: int
    share: Fraction
    passed: bool
    admitted: bool  # below the threshold, admitted because too few lists passed
    quotient: Fraction | None  # votes / electoral quotient (largest-remainder only)
    seats: int


@dataclass(frozen=True)
class Allocation:
    """The outcome of one allocation, party by party, in the order the votes were given."""

    method: Method
    seats: int
    threshold: Fraction
    base: int
    quota: Fraction | None
    parties: dict[str, PartySeats]

    def seats_of(self) -> dict[str, int]:
        """Seats per party id."""
        return {pid: p.seats for pid, p in self.parties.items()}


def allocate(
    votes: Mapping[str, int],
    seats: int,
    *,
    method: Method = "largest-remainder",
    threshold: Fraction = Fraction(7, 100),
    against_all: int = 0,
    base: int | None = None,
    min_parties: int = 2,
    registered: Mapping[str, int] | None = None,
) -> Allocation:
    """Allocate `seats` among the lists in `votes`.

    The percentage base is votes for lists plus `against_all` unless `base` (for instance the
    number of voters who took part) is given. `registered` gives each list's registration order;
    by default the order of `votes`.
    """
    _check_inputs(votes, seats, method, threshold, against_all, min_parties)
    order = dict(registered) if registered else {p: i for i, p in enumerate(votes)}
    valid = sum(votes.values()) + against_all
    base = valid if base is None else base
    if base < valid:
        raise AllocationError(
            f"the percentage base ({base}) is smaller than the votes cast for lists "
            f"and against all ({valid})"
        )
    if base == 0:
        raise AllocationError("no votes were cast, so no seats can be allocated")
    shares = {p: Fraction(v, base) for p, v in votes.items()}
    passed = {p for p, s in shares.items() if s >= threshold}
    admitted = _admit_next_largest(votes, passed, min_parties, order)
    qualifying = [p for p in votes if p in passed | admitted]
    if sum(votes[p] for p in qualifying) == 0:
        raise AllocationError("no qualifying list has votes, so no seats can be allocated")
    quota, quotients, won = _METHODS[method](votes, qualifying, seats, order)
    parties = {
        p: PartySeats(p, v, shares[p], p in passed, p in admitted, quotients.get(p), won.get(p, 0))
        for p, v in votes.items()
    }
    return Allocation(method, seats, threshold, base, quota, parties)


def _check_inputs(
    votes: Mapping[str, int],
    seats: int,
    method: str,
    threshold: Fraction,
    against_all: int,
    min_parties: int,
) -> None:
    if method not in METHODS:
        raise AllocationError(f'unknown method "{method}"; use one of: {", ".join(METHODS)}')
    if seats < 1:
        raise AllocationError(f"the number of seats must be 1 or more, not {seats}")
    if not 0 <= threshold < 1:
        raise AllocationError(
            f"the threshold must be between 0 and 1 (0.07 for 7 %), not {threshold}"
        )
    if min_parties < 1:
        raise AllocationError(f"min_parties must be 1 or more, not {min_parties}")
    if not votes:
        raise AllocationError("there are no lists to allocate seats to")
    negative = [p for p, v in votes.items() if v < 0]
    if negative or against_all < 0:
        raise AllocationError(f"votes cannot be negative ({', '.join(negative) or AGAINST_ALL})")


def _admit_next_largest(
    votes: Mapping[str, int], passed: set[str], min_parties: int, order: Mapping[str, int]
) -> set[str]:
    """Lists admitted below the threshold so that at least `min_parties` take part (since 2009)."""
    others = sorted((p for p in votes if p not in passed), key=lambda p: (-votes[p], order[p]))
    return set(others[: max(0, min_parties - len(passed))])


Result = tuple[Fraction | None, dict[str, Fraction], dict[str, int]]


def _largest_remainder(
    votes: Mapping[str, int], qualifying: list[str], seats: int, order: Mapping[str, int]
) -> Result:
    quota = Fraction(sum(votes[p] for p in qualifying), seats)
    quotients = {p: votes[p] / quota for p in qualifying}
    won = {p: int(q) for p, q in quotients.items()}  # int() of a Fraction ≥ 0 is its floor
    left = seats - sum(won.values())
    by_remainder = sorted(qualifying, key=lambda p: (-(quotients[p] - won[p]), order[p]))
    for p in by_remainder[:left]:
        won[p] += 1
    return quota, quotients, won


def _highest_averages(
    votes: Mapping[str, int],
    qualifying: list[str],
    seats: int,
    order: Mapping[str, int],
    divisor: Callable[[int], int],
) -> Result:
    # A plain function bound with partial below, not a closure made at import, so that a
    # mutation test can reach its code.
    won = dict.fromkeys(qualifying, 0)
    for _ in range(seats):
        best = min(qualifying, key=lambda p: (-Fraction(votes[p], divisor(won[p])), order[p]))
        won[best] += 1
    return None, {}, won


_METHODS: dict[str, Callable[..., Result]] = {
    "largest-remainder": _largest_remainder,
    "dhondt": partial(_highest_averages, divisor=lambda n: n + 1),
    "sainte-lague": partial(_highest_averages, divisor=lambda n: 2 * n + 1),
}
