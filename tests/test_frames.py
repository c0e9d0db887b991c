"""The analysis tables as DataFrames (api.AnalysisResult.frames), for notebooks. The expected
figures are those of the reference appeal (tests/test_build.py FIGURES): the official results of
the Мажилис (first) and маслихат (second) contests in Almaty, 10 January 2021."""

from __future__ import annotations

import pandas
import pytest

from conftest import EXAMPLE
from election_appeal import api


@pytest.fixture(scope="module")
def frames() -> dict[str, pandas.DataFrame]:
    return api.analyse(EXAMPLE).frames()


def test_the_tables_of_the_example(frames: dict[str, pandas.DataFrame]) -> None:
    assert sorted(frames) == [
        "comparison",
        "funding",
        "protocol_checks",
        "sample",
        "seats",
        "totals",
    ]


def test_the_comparison_by_party_in_the_case_order(frames: dict[str, pandas.DataFrame]) -> None:
    table = frames["comparison"]
    assert list(table.index) == ["npk", "nur_otan", "auyl", "ak_zhol", "adal"]
    assert table.loc["npk"].to_dict() == {
        "first_votes": 43337,
        "first_percent": 13.49,
        "second_votes": 23388,
        "second_percent": 7.31,
        "difference": -19949,  # second − first
    }
    assert table.loc["nur_otan", "difference"] == 39542
    # Integers stay integers: the votes add up exactly to the total of the votes for parties.
    assert table["first_votes"].sum() == 321322 and table["second_votes"].sum() == 320082


def test_a_figure_not_published_is_missing_not_zero(frames: dict[str, pandas.DataFrame]) -> None:
    totals = frames["totals"]
    assert totals.loc["votes_for_parties"].to_list() == [321322, 320082, -1240]
    assert pandas.isna(totals.loc["invalid", "first"])
    assert totals.loc["invalid", "second"] == 10364


def test_the_broken_control_ratios(frames: dict[str, pandas.DataFrame]) -> None:
    checks = frames["protocol_checks"]
    assert list(checks.columns) == ["station", "contest", "row", "rule", "gap"]
    # The example's copies of stations 170 and 440 break three ratios (rows 37, 37 and 86).
    assert checks[["station", "row"]].values.tolist() == [["170", 37], ["170", 37], ["440", 86]]


def test_no_frames_for_hypotheses_the_case_lacks(case_dir) -> None:
    from conftest import edit_case

    edit_case(case_dir, lambda data: data.pop("funding"))
    assert "funding" not in api.analyse(case_dir).frames()
