"""The facts the wording of the appeal depends on, computed once so that no template sentence
characterises figures it has not tested: orders of magnitude, directions, counts, comparisons.

Every comparison here is exact (integers and fractions); a template only chooses among worded
variants by these values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..case.schema import ApplicantStatus, Case, Contest
from .deadlines import TimeLimits
from .funding import FundingCost
from .hypotheses import Hypothesis1, allocate_contest
from .official import OfficialDifference
from .results import Comparison
from .sample import PartySample, SampleAnalysis

# The sample needs this many stations with copies of both contests for any statistic.
MIN_STATIONS = 2
# Holm's p must be below this for the letter to call a difference significant: the level that
# matches the 95 % intervals of attachment 2.
SIGNIFICANCE = Fraction(5, 100)


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
    outside_ci95: list[str]  # parties whose D lies outside the Student 95 % interval
    inside_ci95: list[str]  # parties whose D lies inside it
    # parties whose interval has no width: every sampled d fits the estimate exactly (all d = 0,
    # say), so there is no spread to build it from and nothing to test D against
    without_interval: list[str]
    # outside_ci95 split by the other checks attachment 2 reports, so that the letter claims
    # only what survives all of them: D outside the bootstrap interval too, and Holm's p (the
    # parties' p-values adjusted for their number) below SIGNIFICANCE. Each party of
    # outside_ci95 is in exactly one of these four lists.
    outside_every_check: list[str]
    outside_but_bootstrap: list[str]  # D inside the bootstrap interval; Holm's p below
    outside_but_holm: list[str]  # D outside the bootstrap interval; Holm's p not below
    outside_t_only: list[str]  # D inside the bootstrap interval and Holm's p not below


@dataclass(frozen=True)
class ThresholdFacts:
    """Which funded parties' own yearly overpayment reaches the criminal-law "especially large
    amount". A threshold of fraud is met by what one recipient received, so each party is
    compared alone; the sum over parties decides nothing here."""

    over: list[str]  # funded parties paid more than the threshold in a year, each on its own
    under: list[str]  # funded parties paid more than the other contest gives, but not that much
    sum_only: bool  # the parties together exceed it, none alone does: plead no "особо крупный"


@dataclass(frozen=True)
class Facts:
    """The facts of one case; a case without a comparison of two contests has neither."""

    differences: DifferenceFacts | None
    sample: SampleFacts | None
    threshold: ThresholdFacts | None = None  # None when the case has no funding section
    # Each addressee's time limit and the ballots' storage on the appeal's date: past the
    # storage, deadlines.ballots.ask_archived replaces the request to preserve the ballots.
    deadlines: TimeLimits | None = None

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
    inside: list[str] = []
    without: list[str] = []
    # outside the Student interval, by which of the other two checks also hold
    outside: dict[tuple[bool, bool], list[str]] = {
        (b, h): [] for b in (True, False) for h in (True, False)
    }
    outside_all: list[str] = []
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
        elif _measured(row.ci95):
            if not _outside(row.official_difference, row.ci95):
                inside.append(row.party)
            else:
                outside_all.append(row.party)
                checks = (_outside(row.official_difference, row.bootstrap_ci95), _holm_holds(row))
                outside[checks].append(row.party)
    statistics = any(r.sum_diff is not None for r in sample.parties)
    return SampleFacts(
        sample.paired_stations,
        statistics,
        opposite,
        under_half,
        outside_all,
        inside,
        without,
        outside_every_check=outside[True, True],
        outside_but_bootstrap=outside[False, True],
        outside_but_holm=outside[True, False],
        outside_t_only=outside[False, False],
    )


def _measured(interval: tuple[float, float] | None) -> bool:
    """Whether an interval was computed with finite bounds (a sample whose stations have no
    votes for parties at all gives none: NaN is neither inside nor outside anything)."""
    return interval is not None and all(math.isfinite(bound) for bound in interval)


def _outside(official: int, interval: tuple[float, float] | None) -> bool:
    """Whether D lies outside an interval; a bound itself is inside, no interval tests nothing."""
    if not _measured(interval):
        return False
    assert interval is not None
    low, high = interval
    return not low <= official <= high


def _holm_holds(row: PartySample) -> bool:
    """Whether the party's p-value, adjusted by Holm for the number of parties tested, is below
    SIGNIFICANCE; float and Fraction compare exactly."""
    return row.p_holm is not None and math.isfinite(row.p_holm) and row.p_holm < SIGNIFICANCE


def threshold_facts(cost: FundingCost) -> ThresholdFacts:
    """Each overpaid funded party's own amount against the "especially large amount"."""
    over = cost.parties_over_threshold
    overpaid = cost.overpaid_parties
    under = [party for party in overpaid if party not in over]
    return ThresholdFacts(over, under, not over and cost.sum_exceeds_threshold)


def facts(
    comparison: Comparison | None,
    sample: SampleAnalysis | None,
    funding: FundingCost | None = None,
    deadlines: TimeLimits | None = None,
) -> Facts:
    """Every fact the wording of the appeal depends on; a case of one contest has no
    comparison and no sample."""
    return Facts(
        difference_facts(comparison) if comparison else None,
        sample_facts(sample) if sample else None,
        threshold_facts(funding) if funding is not None else None,
        deadlines,
    )


def list_gain(h1: Hypothesis1 | None, party: str | None) -> int:
    """The seats a party's list would gain if version 1 (the other contest's votes) were the
    voters' will: hypothetical − awarded, 0 when it would gain none or the seats awarded are
    not on record."""
    if h1 is None or party is None:
        return 0
    row = next((r for r in h1.rows if r.party == party), None)
    if row is None or row.difference is None:
        return 0
    return max(-row.difference, 0)


def copies_change_seats(
    case: Case, contest: Contest, differences: Sequence[OfficialDifference]
) -> bool | None:
    """Whether the contest's seats would go otherwise if its party votes were corrected by the
    copies (official + (copy − official) at every station that differs); None when the
    corrected votes cannot be allocated (a negative count)."""
    if contest.seats is None:
        return None
    corrected = dict(contest.votes)
    for d in differences:
        if d.contest == contest.id and d.is_party and d.item in corrected:
            corrected[d.item] += d.difference
    if corrected == contest.votes:
        return False
    if any(v < 0 for v in corrected.values()):
        return None
    own = allocate_contest(case, contest.seats, contest)
    other = allocate_contest(case, contest.seats, contest.model_copy(update={"votes": corrected}))
    return own.seats_of() != other.seats_of()


def candidate_list_gain(status: ApplicantStatus | None, h1: Hypothesis1 | None) -> int | None:
    """The seats the applicant's party list would gain by version 1, when the applicant is a
    candidate of a party (None otherwise): what a claim's violated right rests on."""
    if status is None or status.kind != "candidate" or status.party is None:
        return None
    return list_gain(h1, status.party)
