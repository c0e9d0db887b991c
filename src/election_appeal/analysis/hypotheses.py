"""Hypothesis 1: the seats of one contest re-allocated with the other contest's votes."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..case.schema import Case, Contest
from .seats import Allocation, allocate


@dataclass(frozen=True)
class SeatRow:
    """One party: seats awarded, seats under the hypothesis, and awarded − hypothetical.

    The awarded seats come from the second contest's votes and the hypothetical ones from the
    first's, so the difference follows the one convention of the appeal: second − first.
    """

    party: str
    awarded: int | None
    hypothetical: int
    difference: int | None


@dataclass(frozen=True)
class Hypothesis1:
    """The seat table of hypothesis 1, and the check that the official votes give the awarded."""

    seat_contest: str  # whose seats are re-allocated
    votes_contest: str  # whose votes are taken as the true will
    hypothetical: Allocation
    official: Allocation
    reproduces_awarded: bool | None  # None when the awarded seats are not in the case
    rows: list[SeatRow]


def allocate_contest(case: Case, seats: int, votes_of: Contest) -> Allocation:
    """Allocate `seats` with a contest's votes under the case's allocation settings."""
    settings = case.allocation
    return allocate(
        votes_of.votes,
        seats,
        method=settings.method,
        threshold=Fraction(settings.threshold),
        against_all=votes_of.against_all or 0,
        base=votes_of.turnout if settings.base == "turnout" else None,
        min_parties=settings.min_parties,
        registered={p.id: p.registered for p in case.parties},
    )


@dataclass(frozen=True)
class OwnSeatRow:
    """One party: seats its official votes give, seats awarded, and awarded − computed."""

    party: str
    computed: int
    awarded: int | None
    difference: int | None


@dataclass(frozen=True)
class ContestSeats:
    """The seats of a contest allocated with its own official votes, against those awarded:
    the seat table of a case without a second contest."""

    seat_contest: str
    official: Allocation
    reproduces_awarded: bool | None  # None when the awarded seats are not in the case
    rows: list[OwnSeatRow]


def contest_seats(case: Case, contest: Contest) -> ContestSeats | None:
    """Allocate a contest's seats with its own votes; None when it has no seats."""
    if contest.seats is None:
        return None
    official = allocate_contest(case, contest.seats, contest)
    awarded = contest.seats_awarded
    rows = []
    for party in case.parties:
        given = None if awarded is None else awarded.get(party.id, 0)
        computed = official.parties[party.id].seats
        rows.append(
            OwnSeatRow(party.id, computed, given, None if given is None else given - computed)
        )
    reproduces = None if awarded is None else all(r.difference == 0 for r in rows)
    return ContestSeats(contest.id, official, reproduces, rows)


def hypothesis_1(case: Case) -> Hypothesis1 | None:
    """Re-allocate the seats of the compared contest that has seats; None if neither has, or
    when the case compares no two contests."""
    if case.comparison is None:
        return None
    first, second = case.contest(case.comparison.first), case.contest(case.comparison.second)
    seat_contest, votes_contest = (second, first) if second.seats else (first, second)
    if seat_contest.seats is None:
        return None
    hypothetical = allocate_contest(case, seat_contest.seats, votes_contest)
    official = allocate_contest(case, seat_contest.seats, seat_contest)
    awarded = seat_contest.seats_awarded
    rows = []
    for party in case.parties:
        given = None if awarded is None else awarded.get(party.id, 0)
        seats = hypothetical.parties[party.id].seats
        rows.append(SeatRow(party.id, given, seats, None if given is None else given - seats))
    reproduces = (
        None
        if awarded is None
        else official.seats_of() == {p.id: awarded.get(p.id, 0) for p in case.parties}
    )
    return Hypothesis1(seat_contest.id, votes_contest.id, hypothetical, official, reproduces, rows)
