"""What the numbers say, in words: two facts the appeal states in plain sentences when they hold.

- The total of votes for parties barely changes between the two contests while votes move
  between parties: |net change| is at most a tenth of the votes the gaining parties gained and
  of those the losing parties lost.
- The official difference of a party needs, per station without copies, more than twice what
  the copies show per station (or the copies show the other direction): the stations without
  copies would have to carry (D − Σd) / (N − n) each, against Σd / n observed.

Exact arithmetic (integers and fractions); the templates only choose by these facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .results import Comparison
from .sample import SampleAnalysis

# "Barely changes": the net change is at most this share of the votes gained and of those lost.
BARELY = Fraction(1, 10)
# The stations without copies "need more" when their required mean exceeds the observed mean,
# taken in the direction of D, this many times.
NEEDS_MORE = 2


@dataclass(frozen=True)
class VoteShift:
    """The votes for parties in both contests: their totals, and what moved between parties."""

    first_total: int
    second_total: int
    gained: int  # Σ D over the parties with D > 0 (D = second − first)
    lost: int  # Σ |D| over the parties with D < 0

    @property
    def net(self) -> int:
        """second total − first total (= gained − lost)."""
        return self.second_total - self.first_total

    @property
    def barely_changes(self) -> bool:
        """Votes moved both ways, and the total changed by at most a tenth of either way."""
        return (
            self.gained > 0
            and self.lost > 0
            and abs(self.net) <= BARELY * min(self.gained, self.lost)
        )


def vote_shift(comparison: Comparison) -> VoteShift:
    """The totals of the votes for parties in both contests, and the votes gained and lost."""
    rows = comparison.parties
    return VoteShift(
        first_total=sum(r.first_votes for r in rows),
        second_total=sum(r.second_votes for r in rows),
        gained=sum(r.difference for r in rows if r.difference > 0),
        lost=sum(-r.difference for r in rows if r.difference < 0),
    )


@dataclass(frozen=True)
class StationGap:
    """One party's official difference D spread over the stations: what the copies show per
    station, and what each station without copies would need for D to add up."""

    party: str
    official: int  # D
    stations: int  # n, the stations with both copies and the party's votes in both
    unobserved: int  # N − n
    observed_sum: int  # Σd
    observed_mean: Fraction  # Σd / n
    required_mean: Fraction  # (D − Σd) / (N − n)

    @property
    def needs_more(self) -> bool:
        """The stations without copies would each need more than NEEDS_MORE times the observed
        mean, in the direction of D (always so when the copies show 0 or the other way)."""
        direction = 1 if self.official > 0 else -1
        required, observed = self.required_mean * direction, self.observed_mean * direction
        return required > 0 and required > NEEDS_MORE * observed


def station_gap(sample: SampleAnalysis, party: str) -> StationGap | None:
    """The party's station gap; None when it cannot be stated: D is 0, fewer than two stations
    have its votes in both copies, or every station of the territory has copies."""
    row = next((r for r in sample.parties if r.party == party), None)
    big_n = sample.stations_in_territory
    if row is None or row.sum_diff is None or row.official_difference == 0:
        return None
    n = row.n_stations
    if n < 2 or big_n <= n:
        return None
    return StationGap(
        party=party,
        official=row.official_difference,
        stations=n,
        unobserved=big_n - n,
        observed_sum=row.sum_diff,
        observed_mean=Fraction(row.sum_diff, n),
        required_mean=Fraction(row.official_difference - row.sum_diff, big_n - n),
    )
