"""The comparison of two contests' official results, party by party: difference = second − first."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..case.schema import Case, Contest

# The published totals compared below the party rows, in the order the table shows them.
TOTALS = ("votes_for_parties", "against_all", "invalid", "turnout", "ballots_issued")


@dataclass(frozen=True)
class PartyComparison:
    """One party in both contests; shares are of the votes cast for parties (and against all)."""

    party: str
    first_votes: int
    first_share: Fraction
    second_votes: int
    second_share: Fraction
    difference: int  # second − first


@dataclass(frozen=True)
class TotalComparison:
    """A published total in both contests; None where it was not published."""

    key: str
    first: int | None
    second: int | None
    difference: int | None  # second − first, when both are known


@dataclass(frozen=True)
class Comparison:
    """The discrepancy table of the appeal."""

    first: str
    second: str
    parties: list[PartyComparison]
    totals: list[TotalComparison]


def share_base(contest: Contest) -> int:
    """Votes for parties plus "against all": the base of the published percentages."""
    return sum(contest.votes.values()) + (contest.against_all or 0)


def total(contest: Contest, key: str) -> int | None:
    """A published total of the contest; votes for parties is always known."""
    if key == "votes_for_parties":
        return sum(contest.votes.values())
    value: int | None = getattr(contest, key)
    return value


def compare(case: Case) -> Comparison:
    """Compare the case's first and second contest, party by party and total by total."""
    first, second = case.contest(case.comparison.first), case.contest(case.comparison.second)
    base1, base2 = share_base(first), share_base(second)
    parties = [
        PartyComparison(
            p.id,
            first.votes[p.id],
            Fraction(first.votes[p.id], base1) if base1 else Fraction(0),
            second.votes[p.id],
            Fraction(second.votes[p.id], base2) if base2 else Fraction(0),
            second.votes[p.id] - first.votes[p.id],
        )
        for p in case.parties
    ]
    totals = []
    for key in TOTALS:
        a, b = total(first, key), total(second, key)
        if key == "against_all" and a is None and b is None:
            continue  # the ballot had no such line
        totals.append(TotalComparison(key, a, b, None if a is None or b is None else b - a))
    return Comparison(first.id, second.id, parties, totals)
