"""Figures a signer relies on, each checked against a value worked out independently: by hand in
a comment, or by a second method computed here. Each test fails if its figure were wrong."""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.analysis.funding import FundingCost, funding_cost
from election_appeal.analysis.protocols import check_protocols
from election_appeal.analysis.sample import BOOTSTRAP_REPLICATES, bootstrap_intervals
from election_appeal.analysis.seats import allocate
from election_appeal.analysis.stations import PartyCells
from election_appeal.case import CaseData, load_case
from election_appeal.case.protocols import LINE_COLUMNS, Protocol
from election_appeal.case.reference import (
    Bilingual,
    FundingRules,
    Reference,
    Threshold,
    VoteValueRule,
    Wages,
    load_reference,
)
from election_appeal.resources import reference_dir

# A territory of 20 stations and three lists. Stations 1–4 have copies of both contests,
# station 5 of the first only, station 6 of the second only. Every protocol balances.
CASE_YAML = """\
illustrative: true
language: ru
applicant: {full_name: Тестов Тест Тестович, address: "г. Алматы, ул. Тестовая, 1"}
appeal: {date: 2021-04-05, place: г. Алматы}
addressees: [{id: prosecutor_general, role: to}]
election: {date: 2021-01-10, territory: г. Алматы, stations: 20}
parties:
  - {id: p1, name: Первая партия, short_name: П1, registered: 1}
  - {id: p2, name: Вторая партия, short_name: П2, registered: 2}
  - {id: p3, name: Третья партия, short_name: П3, registered: 3}
contests:
  - id: a
    title: Выборы А
    short_title: А
    source: Протокол А
    votes: {p1: 5000, p2: 3000, p3: 2000}
  - id: b
    title: Выборы Б
    short_title: Б
    source: Протокол Б
    votes: {p1: 4000, p2: 4000, p3: 1500}
    seats: 10
comparison: {first: a, second: b}
funding: {contest: a, term_years: 5, funded_parties: [p1, p2]}
"""
HEADER = "station,district,kind,source,contest," + ",".join(LINE_COLUMNS) + ",p1,p2,p3"
# station: (votes in contest a, votes in contest b); None: no copy of that contest.
STATIONS: dict[str, tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]] = {
    "1": ((30, 50, 20), (35, 45, 20)),  # d = +5, −5, 0
    "2": ((40, 40, 20), (38, 42, 20)),  # d = −2, +2, 0
    "3": ((10, 60, 30), (20, 50, 30)),  # d = +10, −10, 0
    "4": ((25, 45, 30), (24, 46, 30)),  # d = −1, +1, 0
    "5": ((11, 22, 33), None),
    "6": (None, (7, 8, 9)),
}


def protocol_row(station: str, contest: str, votes: tuple[int | None, ...]) -> str:
    """One protocol copy as a CSV line; a None vote is a blank cell."""
    cast = sum(v for v in votes if v is not None)
    # on list, received, issued, cancelled, in boxes, invalid (2), against all (blank)
    lines = [500, 300, cast + 2, 300 - cast - 2, cast + 2, 2]
    cells = [station, "Район", "обычный", "Наблюдатели", contest, *map(str, lines), ""]
    return ",".join([*cells, *("" if v is None else str(v) for v in votes)])


def write_small_case(folder: Path) -> Path:
    """The small case above, written as a case folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(CASE_YAML, encoding="utf-8")
    rows = [HEADER]
    for station, (a, b) in STATIONS.items():
        rows += [protocol_row(station, "a", a)] if a else []
        rows += [protocol_row(station, "b", b)] if b else []
    (folder / "protocols.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> CaseData:
    return load_case(write_small_case(tmp_path_factory.mktemp("small") / "case"))


# --- the bootstrap interval: its level (95 %) and bounds -------------------------------------


def test_the_bootstrap_interval_of_three_stations_spans_the_extreme_resamples() -> None:
    # Ratios d/m: 2/100 = 0.02, −1/80 = −0.0125, 3/120 = 0.025; M = 2 000, so a resample of one
    # station three times gives T̂ = −25 (lowest possible) or 50 (highest possible). Each has
    # probability 1/27 ≈ 3.7 %, above 2.5 %: the 2.5th and 97.5th percentiles are exactly these.
    # An 80 % interval (10th, 90th percentiles) would lie strictly inside.
    [(low, high)] = bootstrap_intervals([[2, -1, 3]], [100, 80, 120], 2000, BOOTSTRAP_REPLICATES)
    assert low == pytest.approx(-25)
    assert high == pytest.approx(50)


# Floating-point sums of the resamples against exact fractions.
TOLERANCE = 1e-9


def _exact_bootstrap_quantile(d: list[int], m: list[int], big_m: int, level: float) -> float:
    """The `level` quantile of T̂ over all n^n equally likely resamples, by enumeration."""
    values = sorted(
        Fraction(sum(d[i] for i in picks), sum(m[i] for i in picks)) * big_m
        for picks in itertools.product(range(len(d)), repeat=len(d))
    )
    return float(values[min(len(values) - 1, int(level * len(values)))])


def test_the_bootstrap_interval_of_four_stations_matches_the_exact_distribution() -> None:
    # All 4^4 = 256 resamples enumerated: with 10 000 replicates the Monte Carlo percentiles lie
    # within a few standard errors (√(0.025 · 0.975 / 10 000) ≈ 0.16 %) of the exact ones, so
    # between the exact 1.5 % and 3.5 % quantiles (and 96.5 %, 98.5 %).
    d, m, big_m = [5, -2, 10, -1], [100, 80, 120, 90], 10_000
    [(low, high)] = bootstrap_intervals([d], m, big_m, BOOTSTRAP_REPLICATES)
    exact = {q: _exact_bootstrap_quantile(d, m, big_m, q) for q in (0.015, 0.035, 0.965, 0.985)}
    assert exact[0.015] - TOLERANCE <= low <= exact[0.035] + TOLERANCE
    assert exact[0.965] - TOLERANCE <= high <= exact[0.985] + TOLERANCE
    # The test tells a 95 % interval from an 80 % one: the 10 % quantile lies above the band.
    assert _exact_bootstrap_quantile(d, m, big_m, 0.10) > exact[0.035]
    assert _exact_bootstrap_quantile(d, m, big_m, 0.90) < exact[0.965]


def test_the_bootstrap_interval_is_the_percentile_interval_of_plain_resampling() -> None:
    # A second method: draw the same resamples by plain indexing and take numpy's percentiles.
    d, m, big_m = [5, -2, 10, -1, 4], [100, 80, 120, 90, 110], 10_000
    picks = np.random.default_rng(20210110).integers(0, 5, size=(BOOTSTRAP_REPLICATES, 5))
    totals = np.asarray(d)[picks].sum(axis=1) / np.asarray(m)[picks].sum(axis=1) * big_m
    expected = np.percentile(totals, [2.5, 97.5])
    [(low, high)] = bootstrap_intervals([d], m, big_m, BOOTSTRAP_REPLICATES)
    assert (low, high) == pytest.approx(tuple(expected))


def test_a_bootstrap_of_many_stations_drawn_in_batches_is_the_same_interval() -> None:
    # 250 stations: the resamples are drawn in batches (2 000 000 cells / 250 = 8 000 rows),
    # which must give what one plain draw of all 10 000 gives.
    rng = np.random.default_rng(7)
    m = rng.integers(100, 500, size=250)
    d = np.rint(0.02 * m + rng.normal(0, 5, size=250)).astype(int)
    picks = np.random.default_rng(20210110).integers(0, 250, size=(BOOTSTRAP_REPLICATES, 250))
    totals = d[picks].sum(axis=1) / m[picks].sum(axis=1) * 100_000
    expected = np.percentile(totals, [2.5, 97.5])
    [(low, high)] = bootstrap_intervals([d.tolist()], m.tolist(), 100_000, BOOTSTRAP_REPLICATES)
    assert (low, high) == pytest.approx(tuple(expected))


def test_a_resample_of_stations_without_votes_counts_as_no_difference() -> None:
    # Station 1 had no votes for parties in the first contest (m = 0) and no difference. A
    # resample of it alone (probability 1/27) has T̂ = 0 rather than 0 / 0; the others give
    # M · 5/100 = 50 up to M · 10/100 = 100, so the interval is 0 to 100. The second column
    # differs only at station 3, so a resample of stations 1 and 2 adds no difference there:
    # its resamples give 0 up to M · 3/100 = 30.
    d1, d2, m = [0, 5, 10], [0, 0, 3], [0, 100, 100]
    [first, second] = bootstrap_intervals([d1, d2], m, 1000, BOOTSTRAP_REPLICATES)
    assert first == pytest.approx((0, 100))
    assert second == pytest.approx((0, 30))


def test_the_case_bootstrap_interval_per_party(small_case: CaseData) -> None:
    # Party p1 at stations 1–4: d = 5, −2, 10, −1 and m = 100 at each (votes for parties in
    # contest a); M = 10 000. T̂ = mean of the resampled d · 100: every station three times
    # over gives 500, −200, 1 000, −100; the exact quantiles bound the percentiles as above.
    sample = analyse(small_case).sample
    rows = {r.party: r for r in sample.parties}
    d, m = [5, -2, 10, -1], [100] * 4
    low, high = rows["p1"].bootstrap_ci95 or (0.0, 0.0)
    exact = {q: _exact_bootstrap_quantile(d, m, 10_000, q) for q in (0.015, 0.035, 0.965, 0.985)}
    assert exact[0.015] - TOLERANCE <= low <= exact[0.035] + TOLERANCE
    assert exact[0.965] - TOLERANCE <= high <= exact[0.985] + TOLERANCE
    # p2 moves exactly opposite to p1 at every station: its interval is p1's mirrored.
    assert rows["p2"].bootstrap_ci95 == pytest.approx((-high, -low))
    assert rows["p3"].bootstrap_ci95 == pytest.approx((0.0, 0.0))
    assert (sample.paired_stations, sample.covered_votes, sample.territory_votes) == (4, 400, 10000)


# --- hypothesis 2: "overpaid above the threshold" on both sides and at equality --------------


AUTHORITIES = load_reference(reference_dir()).authorities


CRIMINAL_CODE_3 = Bilingual(ru="УК РК, статья 3", kk="ҚР ҚК, 3-бап")


def _reference(mzp: int, mrp: int) -> Reference:
    """One year of wages and the 2009–2024 rule: a vote is worth 3 % of МЗП a year."""
    source = Bilingual(ru="тест", kk="сынақ")
    wages = [Wages(2021, datetime.date(2021, 1, 1), mzp, mrp, source)]
    rules = [VoteValueRule(from_year=2009, base="mzp", share=Fraction(3, 100), source=source)]
    threshold = Threshold(mrp=4000, source=CRIMINAL_CODE_3)
    return Reference(AUTHORITIES, wages, FundingRules(vote_value=rules, especially_large=threshold))


def _cost(small_case: CaseData, mrp: int) -> FundingCost:
    # МЗП 100 000: a vote is worth 3 000 tenge a year. Contest a − contest b: p1 +1 000,
    # p2 −1 000, p3 +500 (p3 is not funded). Paid beyond b: p1 only, 3 000 000 a year,
    # 15 000 000 over five years. The threshold is 4 000 МРП.
    return funding_cost(small_case.case, _reference(100_000, mrp))


def test_the_funding_figures_by_hand(small_case: CaseData) -> None:
    cost = _cost(small_case, 750)
    assert cost.vote_value.per_year == Decimal(3000)
    assert cost.per_vote_over_term == Decimal(15000)
    table = {p.party: (p.excess_votes, p.per_year, p.over_term, p.funded) for p in cost.parties}
    assert table == {
        "p1": (1000, Decimal(3_000_000), Decimal(15_000_000), True),
        "p2": (-1000, Decimal(-3_000_000), Decimal(-15_000_000), True),
        "p3": (500, Decimal(1_500_000), Decimal(7_500_000), False),
    }
    assert (cost.overpaid_per_year, cost.overpaid_over_term) == (3_000_000, 15_000_000)
    assert (cost.funded_contest, cost.other_contest, cost.term_years) == ("a", "b", 5)
    assert (cost.threshold_mrp, cost.threshold_source) == (4000, CRIMINAL_CODE_3)


@pytest.mark.parametrize(
    ("mrp", "threshold", "exceeds"),
    [
        (749, 2_996_000, True),  # 3 000 000 > 4 000 · 749
        (750, 3_000_000, False),  # equal: "exceeding" means strictly more
        (751, 3_004_000, False),
    ],
)
def test_the_yearly_overpayment_against_the_threshold(
    small_case: CaseData, mrp: int, threshold: int, exceeds: bool
) -> None:
    cost = _cost(small_case, mrp)
    assert cost.threshold_amount == threshold
    assert cost.overpaid_exceeds_threshold is exceeds
    # The same comparison party by party, by absolute value: p2's −3 000 000 counts too.
    flags = {p.party: p.per_year_exceeds for p in cost.parties}
    assert flags == {"p1": exceeds, "p2": exceeds, "p3": False}


@pytest.mark.parametrize(
    ("mrp", "exceeds"),
    [(3749, True), (3750, False), (3751, False)],  # 4 000 · 3 750 = 15 000 000 over the term
)
def test_the_overpayment_over_the_term_against_the_threshold(
    small_case: CaseData, mrp: int, exceeds: bool
) -> None:
    cost = _cost(small_case, mrp)
    flags = {p.party: (p.per_year_exceeds, p.over_term_exceeds) for p in cost.parties}
    # p3's 7 500 000 over the term stays below every threshold here.
    assert flags == {"p1": (False, exceeds), "p2": (False, exceeds), "p3": (False, False)}
    assert cost.overpaid_exceeds_threshold is False  # 3 000 000 a year is below 14 996 000


def test_every_party_is_funded_when_the_case_names_none(small_case: CaseData) -> None:
    funding = small_case.case.funding
    assert funding is not None
    case = small_case.case.model_copy(
        update={"funding": funding.model_copy(update={"funded_parties": None})}
    )
    cost = funding_cost(case, _reference(100_000, 750))
    assert [p.funded for p in cost.parties] == [True, True, True]
    assert cost.overpaid_per_year == 4_500_000  # p1 3 000 000 + p3 1 500 000


def test_the_appeal_says_the_yearly_sum_exceeds_the_threshold_only_when_it_does(
    small_case: CaseData,
) -> None:
    from dataclasses import replace

    from election_appeal.render import render_case

    # Only П1 of the funded П1 and П2 gets more votes in contest А (5 000 against 4 000): its
    # own amount is the yearly sum, said of one party, never as a sum of "these parties".
    for mrp, exceeds in ((749, True), (750, False)):
        wages_and_rules = _reference(100_000, mrp)
        reference = replace(wages_and_rules, law=small_case.reference.law)  # the law cited
        data = replace(small_case, reference=reference)
        html = render_case(data, formats=("docx",)).html["appeal"]
        over, under = "выплата партии П1 превышает его", "выплата партии П1 его не превышает"
        assert (over if exceeds else under) in html, mrp
        assert "вместе за год" not in html


# --- the seat threshold at exact equality ----------------------------------------------------
# Constitutional Law "On elections", art. 97-1 (DOMAIN.md section 2): lists with 7 % or more
# of the base take part in the allocation, so a list with exactly 7 % passes.


def test_a_list_with_exactly_the_threshold_share_passes() -> None:
    # 7 of 100 votes is exactly 7 %. Quota 100 / 10 = 10; quotients 0.7, 5, 4.3; whole parts
    # 0 + 5 + 4 = 9 seats; the tenth goes to the largest remainder, a's 0.7.
    result = allocate({"a": 7, "b": 50, "c": 43}, 10)
    assert result.parties["a"].share == Fraction(7, 100)
    assert [p.passed for p in result.parties.values()] == [True, True, True]
    assert result.seats_of() == {"a": 1, "b": 5, "c": 4}


def test_a_list_just_below_the_threshold_fails() -> None:
    # 699 of 10 000 is 6.99 %. Qualifying: b and c, quota 9 301 / 10 = 930.1; quotients
    # 5.376 and 4.624; whole parts 5 + 4; the tenth seat to c's remainder 0.624.
    result = allocate({"a": 699, "b": 5000, "c": 4301}, 10)
    assert [p.passed for p in result.parties.values()] == [False, True, True]
    assert result.seats_of() == {"a": 0, "b": 5, "c": 5}


def test_the_threshold_at_equality_with_the_turnout_base_and_five_percent() -> None:
    # Base 1 000 voters who took part: a's 50 votes are exactly 5 %, b's 49 are 4.9 %.
    result = allocate(
        {"a": 50, "b": 49, "c": 800}, 9, threshold=Fraction(5, 100), base=1000, min_parties=1
    )
    assert [p.passed for p in result.parties.values()] == [True, False, True]
    # Quota 850 / 9; quotients 0.529 and 8.471: c 8, and the ninth seat to a's 0.529.
    assert result.seats_of() == {"a": 1, "b": 0, "c": 8}


# --- each control ratio on both sides ---------------------------------------------------------

BALANCED = {
    "voters_on_list": 200,
    "ballots_received": 200,
    "ballots_issued": 100,
    "ballots_cancelled": 100,
    "ballots_in_boxes": 95,
    "invalid": 5,
    "against_all": None,
}


def _protocol(votes: dict[str, int | None] | None = None, **lines: int | None) -> Protocol:
    values = {**BALANCED, **lines}
    return Protocol(
        7, "12", "Район", "обычный", "Наблюдатели", "a", values, votes or {"x": 50, "y": 40}
    )


def _broken(protocol: Protocol) -> list[tuple[str, int]]:
    # Contest "a" is of a ballot without the line «против всех»: its blank figure is 0.
    return [(v.rule, v.gap) for v in check_protocols([protocol], without_against_all=["a"])]


def test_a_balanced_protocol_breaks_no_ratio() -> None:
    # 200 = 100 + 100; 95 ≤ 100; 95 = 5 + 50 + 40; 100 ≤ 200
    assert _broken(_protocol()) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # received = issued + cancelled, the gap received − (issued + cancelled) either way
        ({"ballots_received": 201}, [("received_balance", 1)]),
        ({"ballots_received": 199}, [("received_balance", -1)]),
        # in boxes ≤ issued: equality holds; one more breaks it (and the box balance: 96 ≠ 95)
        ({"ballots_issued": 95, "ballots_cancelled": 105}, []),
        ({"ballots_issued": 94, "ballots_cancelled": 106}, [("boxes_not_above_issued", 1)]),
        # in boxes = invalid + votes for parties + against all, either way
        ({"invalid": 4}, [("boxes_balance", 1)]),
        ({"invalid": 6}, [("boxes_balance", -1)]),
        ({"invalid": 4, "against_all": 1}, []),
        ({"against_all": 2}, [("boxes_balance", -2)]),
        # issued ≤ voters on the list: equality holds, one voter fewer breaks it
        ({"voters_on_list": 100}, []),
        ({"voters_on_list": 99}, [("issued_not_above_list", 1)]),
    ],
)
def test_each_control_ratio_on_both_sides(lines: dict[str, int], expected: list) -> None:
    assert _broken(_protocol(**lines)) == expected


def test_a_broken_ratio_reports_its_figures() -> None:
    [received, boxes] = check_protocols(
        [_protocol(ballots_received=210, ballots_in_boxes=101, invalid=11)], ["a"]
    )
    assert (received.station, received.contest, received.row) == ("12", "a", 7)
    assert received.values == {
        "ballots_received": 210,
        "ballots_issued": 100,
        "ballots_cancelled": 100,
    }
    assert (boxes.rule, boxes.gap, boxes.values) == (
        "boxes_not_above_issued",
        1,
        {"ballots_in_boxes": 101, "ballots_issued": 100},
    )
    [on_list] = check_protocols([_protocol(voters_on_list=90)])
    assert on_list.values == {"ballots_issued": 100, "voters_on_list": 90}
    [balance] = check_protocols([_protocol(against_all=3)])
    assert balance.values == {
        "ballots_in_boxes": 95,
        "invalid": 5,
        "votes_for_parties": 90,
        "against_all": 3,
    }


@pytest.mark.parametrize(
    "unknown",
    ["ballots_received", "ballots_issued", "ballots_cancelled", "ballots_in_boxes", "invalid"],
)
def test_a_ratio_with_an_unknown_figure_is_skipped(unknown: str) -> None:
    # Every ratio the blank figure takes part in is skipped; the others are still checked.
    wrong = {"ballots_received": 1, "voters_on_list": 1, "ballots_in_boxes": 300, "invalid": 0}
    found = {rule for rule, _ in _broken(_protocol(**{**wrong, unknown: None}))}
    uses = {
        "received_balance": {"ballots_received", "ballots_issued", "ballots_cancelled"},
        "boxes_not_above_issued": {"ballots_in_boxes", "ballots_issued"},
        "boxes_balance": {"ballots_in_boxes", "invalid"},
        "issued_not_above_list": {"ballots_issued", "voters_on_list"},
    }
    assert found == {rule for rule, figures in uses.items() if unknown not in figures}


def test_an_unknown_party_figure_skips_the_box_balance_only() -> None:
    assert _broken(_protocol({"x": 50, "y": None}, invalid=0, voters_on_list=99)) == [
        ("issued_not_above_list", 1)
    ]


# --- attachment 1: totals per column ----------------------------------------------------------


def test_the_station_table_and_its_totals(small_case: CaseData) -> None:
    table = analyse(small_case).stations
    assert [r.station for r in table.rows] == ["1", "2", "3", "4", "5", "6"]
    assert table.rows[0].parties["p1"] == PartyCells(30, 35, 5)
    assert table.rows[4].parties["p1"] == PartyCells(11, None, None)
    assert table.rows[5].parties["p1"] == PartyCells(None, 7, None)
    # Contest a adds every copy of a: p1 30 + 40 + 10 + 25 + 11 = 116; contest b every copy of
    # b: 35 + 38 + 20 + 24 + 7 = 124; the difference only stations with both copies:
    # 5 − 2 + 10 − 1 = 12 (not 124 − 116 = 8).
    assert table.totals == {
        "p1": PartyCells(116, 124, 12),
        "p2": PartyCells(217, 191, -12),  # 50+40+60+45+22; 45+42+50+46+8; −5+2−10+1
        "p3": PartyCells(133, 109, 0),  # 20+20+30+30+33; 20+20+30+30+9; 0
    }
    assert all(r.violations == [] for r in table.rows)


@pytest.fixture(scope="module")
def sheet(small_case: CaseData) -> object:
    files = api.render(small_case.folder, formats=("xlsx",))
    assert list(files) == ["attachment-1-protocols.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(files["attachment-1-protocols.xlsx"]))
    return book["Протоколы"]


def _table_rows(sheet) -> list[tuple]:
    """The rows from the header down (a title and a legend stand above), blanks as None."""
    rows = [tuple(None if v == "" else v for v in row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Участок")
    return rows[header:]


def test_the_xlsx_rows_and_totals(sheet) -> None:
    rows = _table_rows(sheet)
    assert rows[0][4:] == ("Голосование (± = Б − А)", *LINE_HEADINGS, "П1", "П2", "П3", CHECKS)
    # Station 1: 100 votes cast in each contest, so 102 issued and in boxes, 198 cancelled.
    described = (1, "Район", "обычный", "Наблюдатели")
    assert rows[1] == (*described, "А", 500, 300, 102, 198, 102, 2, 30, 50, 20, None)
    assert rows[3][4:] == ("±", 0, 0, 0, 0, 0, 0, 5, -5, 0, None)
    # Station 5 has no copy of Б: its Б and ± rows are blank.
    assert rows[13][:5] + rows[13][11:14] == (5, "Район", "обычный", "Наблюдатели", "А", 11, 22, 33)
    assert rows[14][4:] == ("Б", *[None] * 10)
    assert rows[15][4:] == ("±", *[None] * 10)
    # Totals: А adds stations 1-5 (66 votes cast at station 5: 68 issued), Б stations 1-4 and 6
    # (24 cast: 26 issued); ± only stations 1-4, which have both.
    assert rows[-3:] == [
        ("Итого", None, None, None, "А", 2500, 1500, 476, 1024, 476, 10, 116, 217, 133, None),
        ("Итого", None, None, None, "Б", 2500, 1500, 434, 1066, 434, 10, 124, 191, 109, None),
        ("Итого", None, None, None, "±", 0, 0, 0, 0, 0, 0, 12, -12, 0, None),
    ]


LINE_HEADINGS = (
    "Избирателей в списке",
    "Получено бюллетеней",
    "Выдано",
    "Погашено",
    "В ящиках",
    "Недействительных",
)
CHECKS = "Нарушенные соотношения (номера)"
# Counts with digit groups; differences always signed, a true minus, and a bare 0.
COUNT_FORMAT = "#,##0"
DIFFERENCE_FORMAT = "+#,##0;\u2212#,##0;0"


def test_the_xlsx_number_formats(sheet) -> None:
    first = sheet.freeze_panes and int(sheet.freeze_panes[1:])  # the first row under the header
    for row in sheet.iter_rows(min_row=first):
        expected = DIFFERENCE_FORMAT if row[4].value == "±" else COUNT_FORMAT
        assert {c.number_format for c in row[5:14]} == {expected}
        assert {c.number_format for c in (*row[:5], row[14])} == {"General"}


def test_the_threshold_is_dated_by_the_mrp_it_is_counted_in(case_dir) -> None:
    """Funding priced at 2022's rates (its own МЗП): the yearly sum is weighed against 2022's
    МРП too, 4 000 × 3 063 = 12 252 000 tenge (wages.csv), not the election day's (2021)."""
    import io

    from docx import Document

    from conftest import edit_case
    from election_appeal import api

    edit_case(case_dir, lambda d: d["funding"].update(year=2022))
    files = api.render(case_dir, formats=("docx",))
    text = "\n".join(p.text for p in Document(io.BytesIO(files["appeal.docx"])).paragraphs)
    flat = text.replace("\u00a0", " ")
    assert (
        "то есть 12 252 000 тенге в 2022 году; сумма, выплачиваемая этим партиям вместе за год"
        in flat
    )
    assert "в 2021 году; сумма" not in flat
    assert "В 2022 году минимальный размер заработной платы" in flat
