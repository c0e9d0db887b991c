"""The case's settings reach the figures: allocation settings in hypothesis 1, which contest has
the seats, the awarded seats check, a case without funding, the sample's counts. Seats are
worked out by hand in the comments (largest remainders unless said otherwise)."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from election_appeal.analysis import analyse
from election_appeal.analysis.hypotheses import Hypothesis1, hypothesis_1
from election_appeal.analysis.results import compare
from election_appeal.case import CaseData, load_case
from election_appeal.case.schema import Case
from test_figures import HEADER, protocol_row, write_small_case


@pytest.fixture(scope="module")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> CaseData:
    return load_case(write_small_case(tmp_path_factory.mktemp("settings") / "case"))


# Contest a's votes for these tests: 60 %, 25 %, 15 % of 10 000. Ten seats of contest b:
# quota 1 000, quotients 6, 2.5, 1.5; whole parts 6 + 2 + 1 = 9; the tenth seat goes to an
# equal remainder 0.5 of p2 and p3, so to the list registered earlier.
VOTES_A = {"p1": 6000, "p2": 2500, "p3": 1500}


def _case(data: CaseData, allocation: dict[str, Any] | None = None, **contests: Any) -> Case:
    """The small case with contest fields and allocation settings replaced."""
    case = data.case
    updated = [c.model_copy(update=contests.get(c.id, {})) for c in case.contests]
    settings = case.allocation.model_copy(update=allocation or {})
    return case.model_copy(update={"contests": updated, "allocation": settings})


def _seats(h1: Hypothesis1 | None) -> list[int]:
    assert h1 is not None
    return [r.hypothetical for r in h1.rows]


def test_the_largest_remainder_tie_goes_to_the_list_registered_earlier(small_case) -> None:
    case = _case(small_case, a={"votes": VOTES_A})
    assert _seats(hypothesis_1(case)) == [6, 3, 1]
    # p3 registered before p2: the tenth seat changes hands.
    parties = [
        p.model_copy(update={"registered": {"p1": 1, "p2": 3, "p3": 2}[p.id]}) for p in case.parties
    ]
    assert _seats(hypothesis_1(case.model_copy(update={"parties": parties}))) == [6, 2, 2]


def test_the_method_setting_is_used(small_case) -> None:
    # D'Hondt: p1 6 000, 3 000, 2 000, 1 500, 1 200, 1 000, 857; p2 2 500, 1 250, 833;
    # p3 1 500, 750. The ten largest: p1 seven, p2 two, p3 one.
    case = _case(small_case, {"method": "dhondt"}, a={"votes": VOTES_A})
    assert _seats(hypothesis_1(case)) == [7, 2, 1]


def test_the_threshold_setting_is_used(small_case) -> None:
    # 16 %: p3's 15 % fails. Quota 8 500 / 10 = 850; quotients 7.06 and 2.94; 7 + 2, the
    # tenth seat to p2's remainder 0.94.
    case = _case(small_case, {"threshold": "0.16"}, a={"votes": VOTES_A})
    assert _seats(hypothesis_1(case)) == [7, 3, 0]


@pytest.mark.parametrize(
    ("base", "turnout", "against_all", "seats"),
    [
        ("valid", None, None, [6, 3, 1]),  # p3: exactly 15 % of 10 000 passes
        ("valid", 10_100, None, [6, 3, 1]),  # the turnout is not the base unless asked for
        ("turnout", 10_100, None, [7, 3, 0]),  # 1 500 / 10 100 = 14.85 % fails
        ("valid", None, 100, [7, 3, 0]),  # "against all" joins the base: 1 500 / 10 100
    ],
)
def test_the_percentage_base(small_case, base, turnout, against_all, seats) -> None:
    contest = {"votes": VOTES_A, "turnout": turnout, "against_all": against_all}
    case = _case(small_case, {"threshold": "0.15", "base": base}, a=contest)
    assert _seats(hypothesis_1(case)) == seats


@pytest.mark.parametrize(("min_parties", "seats"), [(1, [10, 0, 0]), (2, [7, 3, 0])])
def test_the_lists_admitted_below_the_threshold(small_case, min_parties, seats) -> None:
    # 50 %: only p1 passes; with two lists required, p2 (the next largest) is admitted and the
    # seats go as with p3 out: 7 and 3.
    case = _case(small_case, {"threshold": "0.5", "min_parties": min_parties}, a={"votes": VOTES_A})
    assert _seats(hypothesis_1(case)) == seats


def test_the_seats_of_the_first_contest_when_only_it_has_seats(small_case) -> None:
    # Contest a's 10 seats with b's votes 4 000, 4 000, 1 500: quota 950; quotients 4.21,
    # 4.21, 1.58; 4 + 4 + 1, the tenth seat to p3's remainder 0.58.
    case = _case(small_case, a={"seats": 10}, b={"seats": None})
    h1 = hypothesis_1(case)
    assert h1 is not None
    assert (h1.seat_contest, h1.votes_contest) == ("a", "b")
    assert _seats(h1) == [4, 4, 2]
    assert hypothesis_1(_case(small_case, b={"seats": None})) is None


def test_the_awarded_seats_against_the_official_votes(small_case) -> None:
    # Contest b's own votes 4 000, 4 000, 1 500 give 4, 4, 2 (as above); contest a's votes
    # 5 000, 3 000, 2 000 give 5, 3, 2 exactly.
    h1 = hypothesis_1(_case(small_case, b={"seats_awarded": {"p1": 4, "p2": 4, "p3": 2}}))
    assert h1 is not None and h1.reproduces_awarded is True
    assert [(r.awarded, r.hypothetical, r.difference) for r in h1.rows] == [
        (4, 5, -1),
        (4, 3, 1),
        (2, 2, 0),
    ]
    h1 = hypothesis_1(_case(small_case, b={"seats_awarded": {"p1": 5, "p2": 4, "p3": 1}}))
    assert h1 is not None and h1.reproduces_awarded is False
    h1 = hypothesis_1(_case(small_case))
    assert h1 is not None and h1.reproduces_awarded is None
    assert [(r.awarded, r.difference) for r in h1.rows] == [(None, None)] * 3


def test_a_list_left_out_of_the_awarded_seats_won_none(small_case) -> None:
    # At 16 % p3 (15.8 % of b) fails in b: quota 8 000 / 10 = 800, so 5 and 5 — as awarded,
    # with p3 not listed. With a's votes p3 (20 %) passes: 5, 3, 2.
    awarded = {"p1": 5, "p2": 5}
    case = _case(small_case, {"threshold": "0.16"}, b={"seats_awarded": awarded})
    h1 = hypothesis_1(case)
    assert h1 is not None and h1.reproduces_awarded is True
    assert [(r.awarded, r.hypothetical, r.difference) for r in h1.rows] == [
        (5, 5, 0),
        (5, 3, 2),
        (0, 2, -2),
    ]


def test_a_case_without_funding_has_no_hypothesis_2(small_case) -> None:
    case = small_case.case.model_copy(update={"funding": None})
    assert analyse(_data(small_case, case)).hypothesis_2 is None


def test_the_sample_counts(small_case) -> None:
    sample = analyse(small_case).sample
    # 20 stations, 4 with both copies; contest a's copies there hold 4 · 100 votes for parties
    # of the official 10 000.
    assert (sample.stations_in_territory, sample.paired_stations) == (20, 4)
    assert sample.unobserved_stations == 16
    assert (sample.covered_votes, sample.territory_votes) == (400, 10_000)
    assert sample.coverage == Fraction(1, 25)
    assert sample.bootstrap_replicates == 10_000  # the seed is the case's: test_honest_warnings.py
    rows = {r.party: r for r in sample.parties}
    # p1: d = 5, −2, 10, −1, sum 12; official difference b − a = 4 000 − 5 000.
    assert (rows["p1"].n_stations, rows["p1"].sum_diff) == (4, 12)
    assert rows["p1"].official_difference == -1000
    assert rows["p1"].required_mean_unobserved == pytest.approx((-1000 - 12) / 16)


def test_copies_with_blank_figures(tmp_path: Path) -> None:
    folder = write_small_case(tmp_path / "case")
    rows = list(csv.DictReader((folder / "protocols.csv").open(encoding="utf-8")))
    for row in rows:
        if (row["station"], row["contest"]) == ("3", "a"):
            row["p2"] = ""  # contest a's total at station 3 is unknown: the station drops out
        if (row["station"], row["contest"]) == ("4", "b"):
            row["p3"] = ""  # p3 is known at stations 1 and 2 only
    with (folder / "protocols.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    sample = analyse(load_case(folder)).sample
    assert sample.paired_stations == 4
    assert sample.covered_votes == 300  # stations 1, 2 and 4: 100 each
    rows_by_party = {r.party: r for r in sample.parties}
    # p1: d = 5, −2, −1 at stations 1, 2, 4; p2: −5, 2, 1; p3: 0, 0 at stations 1, 2.
    found = {p: (r.n_stations, r.sum_diff) for p, r in rows_by_party.items()}
    assert found == {"p1": (3, 2), "p2": (3, -2), "p3": (2, 0)}
    assert rows_by_party["p3"].bootstrap_ci95 == (0.0, 0.0)
    # Three stations: a resample of one station three times over (probability 1/27, above
    # 2.5 %) gives the extremes 100 · −2 and 100 · 5, which are then the percentiles.
    assert rows_by_party["p1"].bootstrap_ci95 == pytest.approx((-200, 500))
    assert rows_by_party["p2"].bootstrap_ci95 == pytest.approx((-500, 200))


def _data(data: CaseData, case: Case) -> CaseData:
    return CaseData(
        data.folder, case, data.applicant, data.protocols, data.reference, data.warnings
    )


def test_the_comparison_with_against_all_and_partly_published_totals(small_case) -> None:
    # Shares of votes for parties plus "against all": a 5 000 / (10 000 + 500); b 4 000 / 9 500.
    case = _case(
        small_case,
        a={"against_all": 500, "turnout": 11_000},
        b={"invalid": 300},
    )
    comparison = compare(case)
    p1 = comparison.parties[0]
    assert (p1.first_share, p1.second_share, p1.difference) == (
        Fraction(5000, 10_500),
        Fraction(4000, 9500),
        -1000,
    )
    totals = [(t.key, t.first, t.second, t.difference) for t in comparison.totals]
    assert totals == [
        ("votes_for_parties", 10_000, 9500, -500),
        ("against_all", 500, None, None),
        ("invalid", None, 300, None),
        ("turnout", 11_000, None, None),
        ("ballots_issued", None, None, None),
    ]
    # Without an "against all" line in either contest the row is left out.
    assert [t.key for t in compare(small_case.case).totals] == [
        "votes_for_parties",
        "invalid",
        "turnout",
        "ballots_issued",
    ]


def test_a_contest_without_votes_has_zero_shares(small_case) -> None:
    case = _case(small_case, a={"votes": {"p1": 0, "p2": 0, "p3": 0}})
    shares = [(p.first_share, p.second_share) for p in compare(case).parties]
    assert shares == [
        (0, Fraction(4000, 9500)),
        (0, Fraction(4000, 9500)),
        (0, Fraction(1500, 9500)),
    ]
    case = _case(small_case, b={"votes": {"p1": 0, "p2": 0, "p3": 0}, "seats": None})
    assert [p.second_share for p in compare(case).parties] == [0, 0, 0]
    # Without seats to re-allocate: no list has votes in contest a to allocate them by.
    no_votes = {"votes": {"p1": 0, "p2": 0, "p3": 0}}
    sample = analyse(_data(small_case, _case(small_case, a=no_votes, b={"seats": None}))).sample
    assert (sample.territory_votes, sample.coverage) == (0, 0)


def test_a_broken_copy_is_listed_at_its_station_only(tmp_path: Path) -> None:
    folder = write_small_case(tmp_path / "case")
    text = (folder / "protocols.csv").read_text(encoding="utf-8")
    # Station 2, contest b: 300 ballots received, 102 issued + 198 cancelled; 299 says 1 short.
    broken = text.replace(
        "2,Район,обычный,Наблюдатели,b,500,300,", "2,Район,обычный,Наблюдатели,b,500,299,"
    )
    assert broken != text
    (folder / "protocols.csv").write_text(broken, encoding="utf-8")
    table = analyse(load_case(folder)).stations
    found = {r.station: [(v.contest, v.rule, v.gap) for v in r.violations] for r in table.rows}
    assert found == {
        "1": [],
        "2": [("b", "received_balance", -1)],
        "3": [],
        "4": [],
        "5": [],
        "6": [],
    }


def test_parties_observed_at_different_stations_are_resampled_apart(tmp_path: Path) -> None:
    folder = write_small_case(tmp_path / "case")
    # p2 is blank at station 1 and p3 at station 4 (contest b); station 4 has 130 votes for
    # parties in contest a, the others 100.
    stations = {
        "1": ((30, 50, 20), (35, None, 25)),
        "2": ((40, 40, 20), (38, 42, 22)),
        "3": ((10, 60, 30), (20, 50, 32)),
        "4": ((25, 45, 60), (24, 46, None)),
    }
    lines = [HEADER]
    for station, (a, b) in stations.items():
        lines += [protocol_row(station, "a", a), protocol_row(station, "b", b)]
    (folder / "protocols.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = {r.party: r for r in analyse(load_case(folder)).sample.parties}
    # Three stations each: the interval runs between the extreme stations' M · d / m, with
    # M = 10 000. p2 at stations 2–4: d = 2, −10, 1 and m = 100, 100, 130: 200, −1 000, 76.9.
    # p3 at stations 1–3: d = 5, 2, 2 and m = 100 each: 500, 200, 200.
    assert (rows["p2"].n_stations, rows["p3"].n_stations) == (3, 3)
    assert rows["p2"].bootstrap_ci95 == pytest.approx((-1000, 200))
    assert rows["p3"].bootstrap_ci95 == pytest.approx((200, 500))
