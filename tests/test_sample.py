"""Sample statistics: a hand-checked fixture, coverage by simulation, and the degenerate cases."""

from __future__ import annotations

import json
import math
import random

import pytest

from conftest import EXAMPLE
from election_appeal.analysis.sample import (
    BOOTSTRAP_REPLICATES,
    PartySample,
    bootstrap_intervals,
    holm_adjusted,
    party_statistics,
    ratio_estimate,
)

# Five stations of a territory of N = 20 with M = 2 000 votes for parties in the first contest;
# the official difference D = 50. Every expected value below is worked out by hand.
D_FIX = [2, -1, 3, 0, 1]
M_FIX = [100, 80, 120, 90, 110]


def _t4_sf(t: float) -> float:
    """Upper tail of Student's t with 4 degrees of freedom, in closed form."""
    return 0.5 - t * (t * t + 6) / (2 * (t * t + 4) ** 1.5)


# Made for each test (it takes milliseconds): `make mutation` runs, for a mutant, only the tests
# that called the mutated code, and a module-wide fixture is called by the first test alone.
@pytest.fixture
def fixture_row() -> PartySample:
    return party_statistics("x", D_FIX, M_FIX, big_n=20, big_m=2000, official=50)


def test_descriptive_figures(fixture_row: PartySample) -> None:
    r = fixture_row
    assert (r.n_stations, r.sum_diff, r.min_diff, r.max_diff) == (5, 5, -1, 3)
    assert r.mean_diff == 1.0
    assert r.sd_diff == pytest.approx(math.sqrt(10 / 4))  # squared deviations 1+4+4+1+0
    assert r.required_mean_unobserved == 3.0  # (50 − 5) / (20 − 5)
    assert r.stations_reaching_required == 1  # only the station with +3


def test_ratio_estimate_and_intervals(fixture_row: PartySample) -> None:
    r = fixture_row
    assert r.ratio_estimate == pytest.approx(20.0)  # 5/500 · 2 000
    # Residuals d − 0.01·m: 1, −1.8, 1.8, −0.9, −0.1; squares add up to 8.30.
    se = 20 * math.sqrt((1 - 5 / 20) / 5 * 8.30 / 4)
    assert r.standard_error == pytest.approx(se)
    assert se == pytest.approx(11.157956, abs=1e-6)
    assert r.ci95 == pytest.approx((20 - 2.776445 * se, 20 + 2.776445 * se), abs=1e-4)
    assert r.ci99 == pytest.approx((20 - 4.604095 * se, 20 + 4.604095 * se), abs=1e-4)
    assert r.z == pytest.approx(30 / se)
    assert r.p_value == pytest.approx(2 * _t4_sf(30 / se))


def test_sensitivity_figures(fixture_row: PartySample) -> None:
    # Meng: (d̄ − D/N) / (√((N − n)/n) · s) = (1 − 2.5) / (√3 · √2.5) = −√0.3
    assert fixture_row.defect_correlation == pytest.approx(-math.sqrt(0.3))
    # The gap 45 at no more than +3 a station takes 15 unobserved stations.
    assert fixture_row.fewest_stations_for_gap == 15
    assert fixture_row.defect_correlation_reachable is True  # √0.3 ≈ 0.55
    # 15 is exactly the number of stations without copies (20 − 5): they could, just.
    assert fixture_row.fewest_stations_exceed_unobserved is False


def test_a_gap_that_needs_more_stations_than_lack_copies() -> None:
    # Official 53: the gap 48 at no more than +3 a station takes 16 of the 15 unobserved.
    row = party_statistics("x", D_FIX, M_FIX, big_n=20, big_m=2000, official=53)
    assert (row.fewest_stations_for_gap, row.fewest_stations_exceed_unobserved) == (16, True)


@pytest.mark.parametrize(
    ("rho", "reachable"), [(None, None), (0.0, True), (-1.0, True), (1.0001, False), (-4.37, False)]
)
def test_a_correlation_beyond_one_is_unreachable(rho: float | None, reachable: bool | None) -> None:
    assert PartySample("p", 1, 0, defect_correlation=rho).defect_correlation_reachable is reachable


def test_bootstrap_is_reproducible_and_bounded(fixture_row: PartySample) -> None:
    again = bootstrap_intervals([D_FIX], M_FIX, 2000, BOOTSTRAP_REPLICATES)
    assert again == [fixture_row.bootstrap_ci95]
    low, high = fixture_row.bootstrap_ci95
    # Any resample's estimate lies between M·min(d/m) = −25 and M·max(d/m) = 50.
    assert -25 <= low < 20 < high <= 50


def test_holm_adjustment() -> None:
    rows = [PartySample(p, 5, 0, p_value=v) for p, v in (("a", 0.01), ("b", 0.04), ("c", 0.03))]
    assert [r.p_holm for r in holm_adjusted(rows)] == pytest.approx([0.03, 0.06, 0.06])


@pytest.mark.parametrize(
    ("d", "m", "message"),
    [
        ([], [], "no station has copies of both contests with this party's votes"),
        ([4], [100], "only one station has copies of both contests; at least two are needed"),
    ],
)
def test_too_few_stations_give_a_message_not_a_number(d, m, message) -> None:
    row = party_statistics("x", d, m, big_n=20, big_m=2000, official=50)
    assert row.message == message
    assert row.ratio_estimate is None and row.z is None and row.ci95 is None


def test_the_95_interval_covers_the_true_total_in_93_to_97_percent() -> None:
    """1 000 random samples of 66 from 581 synthetic stations, as in the Almaty case."""
    from scipy.stats import t

    rng = random.Random(581)
    m = [rng.randint(120, 480) for _ in range(581)]
    d = [round(0.01 * x + rng.gauss(0, 4)) for x in m]
    true_total, big_m = sum(d), sum(m)
    quantile = float(t.ppf(0.975, 65))
    covered = 0
    for _ in range(1000):
        picked = rng.sample(range(581), 66)
        estimate, se = ratio_estimate([d[i] for i in picked], [m[i] for i in picked], 581, big_m)
        covered += abs(estimate - true_total) <= quantile * se
    assert 930 <= covered <= 970


def test_the_example_sample(run) -> None:
    result = run("analyse", EXAMPLE, "--json")
    sample = json.loads(result.stdout)["sample"]
    assert sample["paired_stations"] == 66
    assert sample["covered_votes"] == 21588
    assert round(sample["coverage"] * 100, 1) == 6.7
    assert sample["bootstrap_seed"] != 20210110  # the case's own: test_honest_warnings.py
    nur_otan = sample["parties"]["nur_otan"]
    assert (nur_otan["min_diff"], nur_otan["max_diff"], nur_otan["sum_diff"]) == (-66, 140, 96)
    assert nur_otan["official_difference"] == 39542
    assert nur_otan["required_mean_unobserved"] == pytest.approx((39542 - 96) / 515)
    assert set(nur_otan) >= {
        "n_stations",
        "sum_diff",
        "mean_diff",
        "sd_diff",
        "min_diff",
        "max_diff",
        "ratio_estimate",
        "standard_error",
        "ci95",
        "ci99",
        "bootstrap_ci95",
        "official_difference",
        "z",
        "p_holm",
        "required_mean_unobserved",
        "stations_reaching_required",
    }
    for party in sample["parties"].values():
        assert party["ci95"][0] < party["ratio_estimate"] < party["ci95"][1]
        assert party["p_holm"] < 1e-6  # the official differences are far outside the sample's
    assert len(sample["caveats"]) == 4
    assert sample["caveats"][0].startswith("Участки, копии протоколов")
    assert "2100" not in result.stdout and "2 100" not in result.stdout
