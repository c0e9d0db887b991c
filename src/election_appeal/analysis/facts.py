"""The facts the wording of the appeal depends on, computed once so that no template sentence
characterises figures it has not tested: orders of magnitude, directions, counts, comparisons.

Every comparison here is exact (integers and fractions); a template only chooses among worded
variants by these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .results import Comparison
from .sample import SampleAnalysis

# The sample needs this many stations with copies of both contests for any statistic.
MIN_STATIONS = 2


@dataclass(frozen=True)
class DifferenceFacts:
    """What the official differences D = second − first are like, party by party."""

    largest_party: str  # the party with the largest |D| (the first listed on a tie)
    largest: int  # its D, signed
    magnitude_low: int | None  # power of ten of the smallest non-zero |D|; None if all are 0
    magnitude_high: int | None  # power of ten of the largest |D|
    gained: list[str]  # parties with D > 0: more votes in the second contest
    lost: list[str]  # parties with D < 0
    unchanged: list[str]  # parties with D = 0


@dataclass(frozen=True)
class SampleFacts:
    """What the observers' copies say next to the official differences."""

    paired_stations: int
    statistics: bool  # at least MIN_STATIONS paired stations: the estimates exist
    opposite: list[str]  # parties whose Σd has not the sign of D (or is 0 while D is not)
    under_half: list[str]  # same sign, but the mean d per station is under half of D / N
    outside_ci95: list[str]  # parties whose D lies outside the 95 % interval of the estimate
    inside_ci95: list[str]  # parties whose D lies inside it
    # parties whose interval has no width: every sampled d fits the estimate exactly (all d = 0,
    # say), so there is no spread to build it from and nothing to test D against
    without_interval: list[str]


@dataclass(frozen=True)
class Facts:
    """The facts of one case; a case without a comparison of two contests has neither."""

    differences: DifferenceFacts | None
    sample: SampleFacts | None

    @property
    def statistics(self) -> bool:
        """Whether the sample gives statistics (attachment 2 and the sample's table)."""
        return self.sample is not None and self.sample.statistics


# Orders of magnitude are named up to millions; anything larger counts as millions too.
LARGEST_MAGNITUDE = 6


def magnitude(value: int) -> int:
    """The power of ten of a non-zero whole number: 7 211 → 3 (thousands), 39 542 → 4."""
    return min(len(str(abs(value))) - 1, LARGEST_MAGNITUDE)


def _sign(value: int | Fraction) -> int:
    return (value > 0) - (value < 0)


def difference_facts(comparison: Comparison) -> DifferenceFacts:
    """Directions and orders of magnitude of the official differences."""
    rows = comparison.parties
    largest = max(rows, key=lambda r: abs(r.difference))
    nonzero = [abs(r.difference) for r in rows if r.difference]
    return DifferenceFacts(
        largest_party=largest.party,
        largest=largest.difference,
        magnitude_low=magnitude(min(nonzero)) if nonzero else None,
        magnitude_high=magnitude(max(nonzero)) if nonzero else None,
        gained=[r.party for r in rows if r.difference > 0],
        lost=[r.party for r in rows if r.difference < 0],
        unchanged=[r.party for r in rows if r.difference == 0],
    )


def sample_facts(sample: SampleAnalysis) -> SampleFacts:
    """How the copies' differences stand against the official ones, party by party."""
    opposite: list[str] = []
    under_half: list[str] = []
    outside: list[str] = []
    inside: list[str] = []
    without: list[str] = []
    big_n = sample.stations_in_territory
    for row in sample.parties:
        if row.sum_diff is None or row.official_difference == 0:
            continue
        # mean d = Σd / n against D / N, both taken in the direction of D
        direction = _sign(row.official_difference)
        observed = Fraction(row.sum_diff, row.n_stations) * direction
        official = Fraction(row.official_difference, big_n) * direction
        if observed <= 0:
            opposite.append(row.party)
        elif observed * 2 < official:
            under_half.append(row.party)
        if row.ci95 is not None and row.standard_error == 0:
            without.append(row.party)
        elif row.ci95 is not None:
            low, high = row.ci95
            (inside if low <= row.official_difference <= high else outside).append(row.party)
    statistics = any(r.sum_diff is not None for r in sample.parties)
    return SampleFacts(
        sample.paired_stations, statistics, opposite, under_half, outside, inside, without
    )


def facts(comparison: Comparison | None, sample: SampleAnalysis | None) -> Facts:
    """Every fact the wording of the appeal depends on."""
    return Facts(
        difference_facts(comparison) if comparison else None,
        sample_facts(sample) if sample else None,
    )
