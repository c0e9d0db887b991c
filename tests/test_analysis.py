"""Every figure of the reference case (DOMAIN.md section 1), and the protocol control ratios."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from conftest import EXAMPLE
from election_appeal.analysis import Analysis, analyse
from election_appeal.analysis.protocols import check_protocols
from election_appeal.case import load_case
from election_appeal.case.protocols import LINE_COLUMNS, Protocol


# Made for each test (it is quick): `make mutation` runs, for a mutant, only the tests
# that called the mutated code, and a module-wide fixture is called by the first test alone.
@pytest.fixture
def analysis() -> Analysis:
    return analyse(load_case(EXAMPLE))


def test_comparison_table(analysis: Analysis) -> None:
    rows = {
        r.party: (r.first_votes, r.first_share, r.second_votes, r.second_share, r.difference)
        for r in analysis.comparison.parties
    }
    from election_appeal.analysis.exact import percent

    assert {p: (a, percent(b), c, percent(d), e) for p, (a, b, c, d, e) in rows.items()} == {
        "npk": (43337, Decimal("13.49"), 23388, Decimal("7.31"), -19949),
        "nur_otan": (178461, Decimal("55.54"), 218003, Decimal("68.11"), 39542),
        "auyl": (31802, Decimal("9.90"), 24591, Decimal("7.68"), -7211),
        "ak_zhol": (48887, Decimal("15.21"), 32367, Decimal("10.11"), -16520),
        "adal": (18835, Decimal("5.86"), 21733, Decimal("6.79"), 2898),
    }
    totals = {t.key: (t.first, t.second, t.difference) for t in analysis.comparison.totals}
    assert totals == {
        "votes_for_parties": (321322, 320082, -1240),
        "invalid": (None, 10364, None),
        "turnout": (None, 330446, None),
        "ballots_issued": (None, 341431, None),
    }


def test_hypothesis_1(analysis: Analysis) -> None:
    h1 = analysis.hypothesis_1
    assert h1 is not None
    assert (h1.seat_contest, h1.votes_contest) == ("maslikhat", "mazhilis")
    assert h1.hypothetical.quota == Fraction(302487, 39)
    assert h1.official.quota == Fraction(298349, 39)
    assert h1.reproduces_awarded is True
    assert [(r.party, r.awarded, r.hypothetical, r.difference) for r in h1.rows] == [
        ("npk", 3, 6, -3),
        ("nur_otan", 29, 23, 6),
        ("auyl", 3, 4, -1),
        ("ak_zhol", 4, 6, -2),
        ("adal", 0, 0, 0),
    ]


def test_hypothesis_2(analysis: Analysis) -> None:
    cost = analysis.hypothesis_2
    assert cost is not None
    assert cost.vote_value.per_year == Decimal(1275)
    assert cost.per_vote_over_term == Decimal(6375)
    assert {p.party: p.per_year for p in cost.parties} == {
        "npk": Decimal(25434975),
        "nur_otan": Decimal(-50416050),
        "auyl": Decimal(9194025),
        "ak_zhol": Decimal(21063000),
        "adal": Decimal(-3694950),
    }
    assert cost.threshold_amount == Decimal(11668000)
    assert [p.party for p in cost.parties if p.funded] == ["npk", "nur_otan", "ak_zhol"]
    # НПК and «Ак жол» were paid 46 497 975 tenge a year beyond the maslikhat result.
    assert cost.overpaid_per_year == Decimal(46497975)
    assert cost.overpaid_parties == ["npk", "ak_zhol"]  # the funded parties with a plus above
    assert cost.overpaid_over_term == Decimal(232489875)
    assert {p.party for p in cost.parties if p.per_year_exceeds} == {"npk", "nur_otan", "ak_zhol"}


def test_the_illustrative_broken_protocols_are_found(analysis: Analysis) -> None:
    found = [(v.station, v.contest, v.rule, v.gap) for v in analysis.protocol_checks]
    assert found == [
        ("170", "maslikhat", "boxes_not_above_issued", 11),
        ("170", "maslikhat", "boxes_balance", 12),
        ("440", "mazhilis", "received_balance", 7),
    ]


def _protocol(**lines: int | None) -> Protocol:
    values = dict.fromkeys(LINE_COLUMNS)
    values.update(lines)
    return Protocol(2, "7", "", "", "", "mazhilis", values, {"a": 50, "b": 40})


def test_each_control_ratio() -> None:
    good = dict(
        voters_on_list=200,
        ballots_received=200,
        ballots_issued=100,
        ballots_cancelled=100,
        ballots_in_boxes=95,
        invalid=5,
    )
    assert check_protocols([_protocol(**good)]) == []
    cases = {
        "received_balance": {**good, "ballots_cancelled": 90},
        "boxes_not_above_issued": {**good, "ballots_in_boxes": 101, "invalid": 11},
        "boxes_balance": {**good, "invalid": 4},
        "issued_not_above_list": {**good, "voters_on_list": 99},
    }
    # A ballot without the line «против всех» (the contest listed): its blank figure is 0.
    no_line = ["mazhilis"]
    for rule, lines in cases.items():
        assert [v.rule for v in check_protocols([_protocol(**lines)], no_line)] == [rule]
    broken = check_protocols([_protocol(**cases["boxes_balance"])], no_line)[0]
    assert broken.values == {
        "ballots_in_boxes": 95,
        "invalid": 4,
        "votes_for_parties": 90,
        "against_all": 0,
    }
    assert broken.gap == 1


def test_unknown_figures_skip_the_ratio() -> None:
    assert check_protocols([_protocol(ballots_in_boxes=1000)]) == []


def test_analyse_json_has_the_stable_keys(run) -> None:
    result = run("analyse", EXAMPLE, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "comparison",
        "hypothesis_1",
        "hypothesis_2",
        "protocol_checks",
        "sample",
        "result",  # the three of a case of one contest, null here
        "seats",
        "copies_funding",
    ]
    assert data["result"] is None and data["seats"] is None and data["copies_funding"] is None
    assert data["comparison"]["parties"]["nur_otan"] == {
        "first_votes": 178461,
        "first_percent": "55.54",
        "second_votes": 218003,
        "second_percent": "68.11",
        "difference": 39542,
    }
    h1 = data["hypothesis_1"]
    assert (h1["hypothetical"]["quota"], h1["official"]["quota"]) == ("7756.08", "7649.97")
    assert h1["seats"]["nur_otan"] == {"awarded": 29, "hypothetical": 23, "difference": 6}
    h2 = data["hypothesis_2"]
    assert h2["vote_value"]["per_year"] == "1275"
    assert h2["vote_value"]["over_term"] == "6375"
    assert h2["parties"]["npk"]["per_year"] == "25434975"
    assert h2["especially_large"]["amount"] == "11668000"
    assert data["protocol_checks"][2] == {
        "station": "440",
        "contest": "mazhilis",
        "row": 86,
        "rule": "received_balance",
        "values": {"ballots_received": 497, "ballots_issued": 255, "ballots_cancelled": 235},
        "gap": 7,
    }


def test_analyse_prints_tables(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: no cell is wrapped
    result = run("analyse", EXAMPLE)
    assert result.exit_code == 0
    for text in (
        "Official results compared",
        "maslikhat − mazhilis",
        "+39 542",
        "7756.08",
        "awarded − hypothetical",
        "+25 434 975",
        "11 668 000",
        "Protocol copies",
    ):
        assert text in result.stdout


def test_analyse_a_broken_case_lists_problems(run, tmp_path) -> None:
    result = run("analyse", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'case.yaml'}: file not found\n"


def _votes_file(tmp_path, text: str):
    path = tmp_path / "votes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_seats_command_json(run, tmp_path) -> None:
    votes = _votes_file(
        tmp_path,
        "party,votes\nnpk,43 337\nnur_otan,178461\nauyl,31802\nak_zhol,48887\nadal,18835\n",
    )
    result = run("seats", votes, "--seats", "39", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "method": "largest-remainder",
        "quota": "7756.08",
        "quota_fraction": "100829/13",
        "seats": {"npk": 6, "nur_otan": 23, "auyl": 4, "ak_zhol": 6, "adal": 0},
    }


def test_seats_command_with_against_all_and_registration(run, tmp_path) -> None:
    votes = _votes_file(tmp_path, "party;votes;registered\na;500;2\nb;500;1\nagainst_all;100;\n")
    result = run(
        "seats", votes, "--seats", "3", "--threshold", "5%", "--method", "dhondt", "--json"
    )
    assert json.loads(result.stdout) == {
        "method": "dhondt",
        "quota": None,
        "quota_fraction": None,
        "seats": {"a": 1, "b": 2},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "party,votes\na,-5\n",
            'votes.csv, row 2, column "votes": "-5" is negative; a count cannot be below zero',
        ),
        ("", "votes.csv: the file is empty: it has no header and no rows"),
        ("party,votes\n", "votes.csv: the file lists no party"),
    ],
)
def test_seats_command_file_errors(run, tmp_path, monkeypatch, content, message) -> None:
    monkeypatch.chdir(tmp_path)
    _votes_file(tmp_path, content)
    result = run("seats", "votes.csv", "--seats", "5")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--method", "hare"],
            "Invalid value for '--method': 'hare' is not one of "
            "'largest-remainder', 'dhondt', 'sainte-lague'.",
        ),
        (["--seats", "0"], "Invalid value for --seats: must be 1 or more"),
        (
            ["--threshold", "1.5"],
            "Invalid value for '--threshold': must be between 0 and 1, such as 0.07 or 7% "
            "(got 1.5)",
        ),
        (["--threshold", "семь"], "Invalid value for '--threshold': \"семь\" is not a number"),
        (
            ["--base", "turnout"],
            "--base turnout needs --turnout N, the number of voters who took part",
        ),
    ],
)
def test_seats_command_option_errors(run, tmp_path, monkeypatch, options, message) -> None:
    """A bad option is a usage error (exit 2), as click reports every other option."""
    monkeypatch.chdir(tmp_path)
    _votes_file(tmp_path, "party,votes\na,5\n")
    arguments = ["--seats", "5", *options] if "--seats" not in options else options
    result = run("seats", "votes.csv", *arguments)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"Error: {message}")
    assert result.stdout == ""


def test_seats_options_take_russian_numbers(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _votes_file(tmp_path, "party,votes\na,1 500\nb,500\n")
    result = run("seats", "votes.csv", "--seats", "1 000", "--threshold", "7 %", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seats"] == {"a": 750, "b": 250}


# --- The facts the wording depends on --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "power"), [(9, 0), (-10, 1), (2898, 3), (-7211, 3), (39542, 4), (10**9, 6)]
)
def test_magnitude(value: int, power: int) -> None:
    from election_appeal.analysis.facts import magnitude

    assert magnitude(value) == power


def test_difference_facts_of_the_example(analysis: Analysis) -> None:
    # DOMAIN.md section 1: differences −19 949, +39 542, −7 211, −16 520, +2 898.
    d = analysis.facts.differences
    assert (d.largest_party, d.largest) == ("nur_otan", 39542)
    assert (d.magnitude_low, d.magnitude_high) == (3, 4)  # 2 898 … 39 542
    assert (d.gained, d.lost, d.unchanged) == (["nur_otan", "adal"], ["npk", "auyl", "ak_zhol"], [])


def _row(party: str, n: int, sum_d: int | None, official: int, ci95=None):
    from election_appeal.analysis.sample import PartySample

    return PartySample(party, n, official, sum_diff=sum_d, ci95=ci95)


def _sample(rows, paired: int = 10, big_n: int = 100):
    from election_appeal.analysis.sample import SampleAnalysis

    return SampleAnalysis(big_n, paired, big_n - paired, 0, 0, Fraction(0), 1, 1, rows)


def test_sample_facts_compare_the_mean_with_the_official_mean() -> None:
    from election_appeal.analysis.facts import sample_facts

    # N = 100, n = 10. D / N: a 1.0, b 1.0, c −2.0, d 0.5, e 1.0. Sample mean Σd / n:
    # a 0.4 (under half of 1.0), b 0.5 (exactly half: not under), c −0.9 (under half of 2.0),
    # d −0.1 (opposite sign), e 0 (zero against a non-zero D: opposite).
    rows = [
        _row("a", 10, 4, 100, (50.0, 150.0)),
        _row("b", 10, 5, 100, (101.0, 150.0)),
        _row("c", 10, -9, -200),
        _row("d", 10, -1, 50),
        _row("e", 10, 0, 100),
        _row("f", 1, None, 100),  # one station: no figures, no statement
        _row("g", 10, 3, 0),  # no official difference: nothing to compare
    ]
    s = sample_facts(_sample(rows))
    assert (s.opposite, s.under_half) == (["d", "e"], ["a", "c"])
    assert (s.inside_ci95, s.outside_ci95) == (["a"], ["b"])
    assert s.statistics and s.paired_stations == 10


def test_sample_facts_without_two_stations() -> None:
    from election_appeal.analysis.facts import sample_facts

    s = sample_facts(_sample([_row("a", 1, None, 100)], paired=1))
    assert (s.statistics, s.paired_stations, s.opposite, s.under_half) == (False, 1, [], [])


def _rows(path) -> dict[tuple[str, str], dict[str, str]]:
    from conftest import read_rows

    return {(r["station"], r["contest"]): r for r in read_rows(path)}


def test_analyse_prints_every_copy_figure_that_differs_from_the_official_one(
    run, monkeypatch
) -> None:
    """The one-contest example: the figures worked out from the two CSV files, not by the tool."""
    from conftest import ROOT

    case = ROOT / "data" / "kurultai-2026"
    copies, official = _rows(case / "protocols.csv"), _rows(case / "official.csv")
    numeric = [
        c
        for c in next(iter(copies.values()))
        if c not in ("station", "district", "kind", "source", "contest")
    ]
    expected = [
        (key[0], item, int(copies[key][item]), int(official[key][item]))
        for key in copies
        if key in official
        for item in numeric
        if copies[key][item] and official[key][item] and copies[key][item] != official[key][item]
    ]
    assert len({s for s, *_ in expected}) == 4  # the example plants four differing stations
    monkeypatch.setenv("COLUMNS", "200")
    result = run("analyse", case)
    assert result.exit_code == 0
    assert "Copies against the official station figures: 4 of 40 differ" in result.stdout
    lines = result.stdout.splitlines()
    for station, item, copy, off in expected:
        cells = [
            station,
            item,
            f"{copy:,}".replace(",", " "),
            f"{off:,}".replace(",", " "),
            f"{copy - off:+,}".replace(",", " ").replace("-", "\u2212"),  # a real minus sign
        ]
        assert any(all(f" {c} " in f" {line} " for c in cells) for line in lines), cells
