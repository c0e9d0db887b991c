"""The official results of the contests: of one contest alone, or of two compared party by party
(difference = second − first)."""

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


@dataclass(frozen=True)
class PartyResult:
    """One party's official votes in a contest and their share of the votes for parties (and
    against all)."""

    party: str
    votes: int
    share: Fraction


@dataclass(frozen=True)
class ContestTotal:
    """A published total of a contest; None where it was not published."""

    key: str
    value: int | None


@dataclass(frozen=True)
class ContestResult:
    """The official result table of one contest: the table of a case without a comparison."""

    contest: str
    parties: list[PartyResult]
    totals: list[ContestTotal]

    @property
    def first_gap(self) -> str | None:
        """The first total not published: where the table's footnote goes."""
        return next((t.key for t in self.totals if t.value is None), None)


def contest_result(case: Case, contest: Contest) -> ContestResult:
    """One contest's official votes and shares, party by party, and its published totals."""
    base = share_base(contest)
    parties = [
        PartyResult(
            p.id,
            contest.votes[p.id],
            Fraction(contest.votes[p.id], base) if base else Fraction(0),
        )
        for p in case.parties
    ]
    totals = [
        ContestTotal(key, total(contest, key))
        for key in TOTALS
        if key != "against_all" or contest.against_all is not None
    ]
    return ContestResult(contest.id, parties, totals)


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
    assert case.comparison is not None, "a case without a comparison has nothing to compare"
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
