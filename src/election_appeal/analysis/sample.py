"""What the observers' protocol copies say about the official totals, with the caveats beside it.

For each party, over stations with copies of both contests: d = second − first at a station,
m = votes for parties in the first contest there, N stations in the territory, n paired
stations, M votes for parties in the first contest in the territory, D the official difference.
Sums and the ratio estimate are exact; the standard error, intervals and tests are floats.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..case import CaseData
from ..case.protocols import Protocol
from . import student_t
from .caveats import SAMPLE_CAVEATS

BOOTSTRAP_REPLICATES = 10_000
# The seed of `bootstrap_intervals` when none is given; a case resamples with its own
# (`case_seed`).
BOOTSTRAP_SEED = 20210110


@dataclass(frozen=True)
class Pair:
    """One station with copies of both contests."""

    station: str
    first: Protocol
    second: Protocol


@dataclass(frozen=True)
class PartySample:
    """The sample's figures for one party; `message` instead of figures when there are none."""

    party: str
    n_stations: int
    official_difference: int
    message: str | None = None
    sum_diff: int | None = None
    mean_diff: float | None = None
    sd_diff: float | None = None
    min_diff: int | None = None
    max_diff: int | None = None
    required_mean_unobserved: float | None = None
    stations_reaching_required: int | None = None
    ratio_estimate: float | None = None
    standard_error: float | None = None
    ci95: tuple[float, float] | None = None
    ci99: tuple[float, float] | None = None
    bootstrap_ci95: tuple[float, float] | None = None
    z: float | None = None
    p_value: float | None = None
    p_holm: float | None = None
    defect_correlation: float | None = None
    fewest_stations_for_gap: int | None = None
    # More stations than have no copy: the unobserved ones cannot carry the gap that way.
    fewest_stations_exceed_unobserved: bool | None = None

    @property
    def defect_correlation_reachable(self) -> bool | None:
        """Whether a correlation could be that large: beyond ±1 it cannot, with the spread of
        the unobserved stations that of the sample."""
        return None if self.defect_correlation is None else abs(self.defect_correlation) <= 1


@dataclass(frozen=True)
class SampleAnalysis:
    """The sample statistics of every party, the coverage and the caveats."""

    stations_in_territory: int
    paired_stations: int
    unobserved_stations: int
    covered_votes: int
    territory_votes: int
    coverage: Fraction
    bootstrap_seed: int
    bootstrap_replicates: int
    parties: list[PartySample]
    caveats: tuple[str, ...] = SAMPLE_CAVEATS


def pairs(protocols: Sequence[Protocol], first: str, second: str) -> list[Pair]:
    """Stations with a copy of each contest, in the order of the table."""
    by_contest: dict[str, dict[str, Protocol]] = {first: {}, second: {}}
    for p in protocols:
        if p.contest in by_contest:
            by_contest[p.contest].setdefault(p.station, p)
    return [
        Pair(station, p, by_contest[second][station])
        for station, p in by_contest[first].items()
        if station in by_contest[second]
    ]


def _votes_for_parties(p: Protocol) -> int | None:
    votes = list(p.votes.values())
    return None if None in votes else sum(v for v in votes if v is not None)


def party_data(paired: Sequence[Pair], party: str) -> tuple[tuple[str, ...], list[int], list[int]]:
    """The stations where the party's votes and the first total are known, with d and m there."""
    stations, d, m = [], [], []
    for pair in paired:
        a, b = pair.first.votes[party], pair.second.votes[party]
        total = _votes_for_parties(pair.first)
        if a is not None and b is not None and total is not None:
            stations.append(pair.station)
            d.append(b - a)
            m.append(total)
    return tuple(stations), d, m


def analyse_sample(data: CaseData, replicates: int = BOOTSTRAP_REPLICATES) -> SampleAnalysis:
    """The sample statistics of a case, party by party."""
    case = data.case
    assert case.comparison is not None, "a case without a comparison has no sample of differences"
    first, second = case.contest(case.comparison.first), case.contest(case.comparison.second)
    paired = pairs(data.protocols.protocols, first.id, second.id)
    big_n, big_m = case.election.stations, sum(first.votes.values())
    covered = sum(v for v in map(_votes_for_parties, (p.first for p in paired)) if v is not None)
    data_of = {party.id: party_data(paired, party.id) for party in case.parties}
    seed = case_seed(data_of)
    intervals = _bootstraps(data_of, big_m, replicates, seed)
    rows = [
        party_statistics(
            party.id,
            data_of[party.id][1],
            data_of[party.id][2],
            big_n,
            big_m,
            second.votes[party.id] - first.votes[party.id],
            intervals.get(party.id),
        )
        for party in case.parties
    ]
    rows = holm_adjusted(rows)
    coverage = Fraction(covered, big_m) if big_m else Fraction(0)
    return SampleAnalysis(
        big_n,
        len(paired),
        big_n - len(paired),
        covered,
        big_m,
        coverage,
        seed,
        replicates,
        rows,
    )


def party_statistics(
    party: str,
    d: list[int],
    m: list[int],
    big_n: int,
    big_m: int,
    official: int,
    bootstrap: tuple[float, float] | None = None,
) -> PartySample:
    """Every figure for one party, or a message saying why there are none; `bootstrap` is its
    bootstrap interval, computed for all parties at once by `bootstrap_intervals`."""
    n = len(d)
    if n < 2:
        message = (
            "no station has copies of both contests with this party's votes"
            if n == 0
            else "only one station has copies of both contests; at least two are needed"
        )
        return PartySample(party, n, official, message)
    sum_d = sum(d)
    mean = sum_d / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    gap = official - sum_d
    required = gap / (big_n - n) if big_n > n else None
    estimate, se = ratio_estimate(d, m, big_n, big_m)
    z = (official - estimate) / se if se else None
    p = _two_sided_p(z, n - 1) if z is not None else None
    fewest = _fewest_stations(gap, d)
    return PartySample(
        party,
        n,
        official,
        None,
        sum_d,
        mean,
        sd,
        min(d),
        max(d),
        required,
        _reaching(d, required),
        estimate,
        se,
        _t_interval(estimate, se, n - 1, 0.95),
        _t_interval(estimate, se, n - 1, 0.99),
        bootstrap or bootstrap_intervals([d], m, big_m, BOOTSTRAP_REPLICATES)[0],
        z,
        p,
        None,
        _defect_correlation(mean, sd, official, n, big_n),
        fewest,
        None if fewest is None else fewest > big_n - n,
    )


def ratio_estimate(
    d: Sequence[int], m: Sequence[int], big_n: int, big_m: int
) -> tuple[float, float]:
    """T̂ = (Σd/Σm)·M and its standard error N·√((1 − n/N)/n · Σ(d − R̂m)²/(n − 1))."""
    n, sum_m = len(d), sum(m)
    if sum_m == 0:
        return math.nan, math.nan
    sum_d = sum(d)
    ratio = Fraction(sum_d, sum_m)
    # Σ(x − R̂y)² with R̂ = Σd/Σm, in integers: Σ(x·Σm − y·Σd)² / (Σm)², exact and without a
    # Fraction for every station.
    scaled = sum((x * sum_m - y * sum_d) ** 2 for x, y in zip(d, m, strict=True))
    residuals = Fraction(scaled, sum_m * sum_m)
    variance = (1 - Fraction(n, big_n)) / n * residuals / (n - 1)
    return float(ratio * big_m), big_n * math.sqrt(variance)


def _t_interval(estimate: float, se: float, df: int, level: float) -> tuple[float, float]:
    half = student_t.quantile(0.5 + level / 2, df) * se
    return estimate - half, estimate + half


def _two_sided_p(z: float, df: int) -> float:
    return student_t.two_sided_p(z, df)


# The seed of a case is printed in attachment 2: eight digits are easy to copy.
SEED_MODULUS = 100_000_000


def case_seed(data_of: dict[str, tuple[tuple[str, ...], list[int], list[int]]]) -> int:
    """The seed of a case's resampling, from the figures resampled (stations, differences and
    totals, party by party): the same data gives the same intervals, other data another seed,
    and no case shares a constant that someone could have chosen the data for."""
    canonical = json.dumps(
        {party: [list(stations), d, m] for party, (stations, d, m) in data_of.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return int(digest, 16) % SEED_MODULUS


def _bootstraps(
    data_of: dict[str, tuple[tuple[str, ...], list[int], list[int]]],
    big_m: int,
    replicates: int,
    seed: int,
) -> dict[str, tuple[float, float]]:
    """Bootstrap intervals of every party; parties observed at the same stations share the
    resamples, which is also what one seed gives them one by one."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for party, (stations, _, _) in data_of.items():
        if len(stations) >= 2:
            groups.setdefault(stations, []).append(party)
    intervals: dict[str, tuple[float, float]] = {}
    for parties in groups.values():
        m = data_of[parties[0]][2]
        found = bootstrap_intervals([data_of[p][1] for p in parties], m, big_m, replicates, seed)
        intervals.update(zip(parties, found, strict=True))
    return intervals


# Resampled station counts are built in batches of this many cells, to bound the memory.
BATCH_CELLS = 2_000_000


def bootstrap_intervals(
    d_columns: Sequence[Sequence[int]],
    m: Sequence[int],
    big_m: int,
    replicates: int,
    seed: int = BOOTSTRAP_SEED,
) -> list[tuple[float, float]]:
    """95 % percentile intervals of T̂ for each d column, whole stations resampled."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = len(m)
    # Whole numbers: the sums are exact integers, worked out without the BLAS library, whose
    # threads cost twice the CPU of one for products this small.
    values = np.column_stack([*(np.asarray(d, dtype=np.int64) for d in d_columns), m])
    totals = np.empty((replicates, len(d_columns)))
    batch = max(1, min(replicates, BATCH_CELLS // n))
    for start in range(0, replicates, batch):
        size = min(batch, replicates - start)
        picks = rng.integers(0, n, size=(size, n))
        # How often each station was drawn in each replicate, then all sums in one product.
        picks += n * np.arange(size)[:, None]
        counts = np.bincount(picks.ravel(), minlength=size * n)
        sums = counts.reshape(size, n) @ values
        sums_m = np.where(sums[:, -1] == 0, 1, sums[:, -1])
        totals[start : start + size] = sums[:, :-1] / sums_m[:, None] * big_m
    low, high = np.percentile(totals, [2.5, 97.5], axis=0)
    return [(float(lo), float(hi)) for lo, hi in zip(low, high, strict=True)]


def _reaching(d: Sequence[int], required: float | None) -> int | None:
    """Sampled stations whose difference is at least as large as the unobserved ones would need."""
    if required is None:
        return None
    return sum(1 for x in d if (x >= required if required >= 0 else x <= required))


def _defect_correlation(mean: float, sd: float, official: int, n: int, big_n: int) -> float | None:
    """Meng (2018): ρ needed for the sample mean to differ this much from the official D/N."""
    if sd == 0 or n >= big_n:
        return None
    return (mean - official / big_n) / (math.sqrt((big_n - n) / n) * sd)


def _fewest_stations(gap: int, d: Sequence[int]) -> int | None:
    """Unobserved stations needed to carry the gap, each at most the largest observed difference
    in the gap's direction; None when no observed station moves that way."""
    if gap == 0:
        return 0
    largest = max(d) if gap > 0 else min(d)
    if largest == 0 or (largest > 0) != (gap > 0):
        return None
    return math.ceil(Fraction(gap, largest))


def holm_adjusted(rows: list[PartySample]) -> list[PartySample]:
    """Holm's step-down adjustment of the parties' p-values."""
    from dataclasses import replace

    tested = sorted((r.p_value, i) for i, r in enumerate(rows) if r.p_value is not None)
    adjusted: dict[int, float] = {}
    running = 0.0
    for rank, (p, i) in enumerate(tested):
        running = max(running, min(1.0, (len(tested) - rank) * p))
        adjusted[i] = running
    return [replace(r, p_holm=adjusted.get(i)) for i, r in enumerate(rows)]
