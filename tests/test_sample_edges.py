"""The sample's sensitivity figures at their edges: no gap, a gap of one vote, a gap in the
direction no station moved, a sample of every station. Expected values by hand."""

from __future__ import annotations

import pytest

from election_appeal.analysis.sample import party_statistics


def _row(d: list[int], official: int, big_n: int = 20):  # type: ignore[no-untyped-def]
    return party_statistics("x", d, [100] * len(d), big_n=big_n, big_m=2000, official=official)


@pytest.mark.parametrize(
    ("d", "official", "fewest"),
    [
        ([2, -1, 3], 4, 0),  # no gap: the sample adds up to the official difference
        ([1, 0, 2], 4, 1),  # a gap of 1 at up to +2 a station: one station
        ([1, 0, 1], 5, 3),  # a gap of 3 at up to +1 a station: three
        ([2, -1, 3], -6, 10),  # a gap of −10 at down to −1 a station: ten
        ([-1, -2, 0], 5, None),  # a gap of +8 and no station above 0
        ([-1, -2, -3], 5, None),  # a gap of +11 and every station below 0
        ([1, 2, 3], -4, None),  # a gap of −10 and every station above 0
    ],
)
def test_fewest_unobserved_stations_to_carry_the_gap(d, official, fewest) -> None:
    assert _row(d, official).fewest_stations_for_gap == fewest


@pytest.mark.parametrize(
    ("d", "official", "big_n", "required", "reaching"),
    [
        ([2, 3, -1], 4, 20, 0.0, 2),  # gap 0: stations at or above 0 are 2 and 3
        ([2, -1, 3], -45, 20, -49 / 17, 0),  # (−45 − 4) / 17 = −2.88: none is as low
        ([-2, 0, 1], -5, 5, -2.0, 1),  # −4 over 2 stations: exactly −2 at one station
        ([2, -1, 3], 50, 20, 46 / 17, 1),  # (50 − 4) / 17 = +2.71: only the +3
    ],
)
def test_stations_reaching_what_the_unobserved_would_need(
    d, official, big_n, required, reaching
) -> None:
    row = _row(d, official, big_n)
    assert row.required_mean_unobserved == pytest.approx(required)
    assert row.stations_reaching_required == reaching


def test_a_sample_of_every_station_leaves_nothing_to_the_unobserved() -> None:
    row = _row([2, -1, 3], 10, big_n=3)
    assert (row.required_mean_unobserved, row.stations_reaching_required) == (None, None)
    assert row.defect_correlation is None
    # Every station observed: the ratio estimate has no sampling error left.
    assert row.standard_error == 0
    assert row.z is None


def test_no_spread_gives_no_defect_correlation() -> None:
    row = _row([2, 2, 2], 10)
    assert row.sd_diff == 0
    assert row.defect_correlation is None


@pytest.mark.parametrize(("d", "n"), [([], 0), ([4], 1)])
def test_a_party_without_figures_keeps_its_name_count_and_official_difference(d, n) -> None:
    row = _row(d, 50)
    assert (row.party, row.n_stations, row.official_difference) == ("x", n, 50)
    assert row.sum_diff is None and row.bootstrap_ci95 is None
