"""The facts the wording depends on, at their edges: a difference of one vote, none at all, rows
without figures before rows with them. Expected values by hand."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import read_rows, write_rows
from election_appeal.analysis import analyse
from election_appeal.analysis.facts import difference_facts, sample_facts
from election_appeal.analysis.results import Comparison, PartyComparison
from election_appeal.analysis.sample import PartySample, SampleAnalysis
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry
from election_appeal.render.documents import Renderer


def _comparison(differences: dict[str, int]) -> Comparison:
    rows = [
        PartyComparison(p, 1000, Fraction(0), 1000 + d, Fraction(0), d)
        for p, d in differences.items()
    ]
    return Comparison("a", "b", rows, [])


def _sample(rows: list[PartySample], big_n: int = 10) -> SampleAnalysis:
    return SampleAnalysis(big_n, 10, big_n - 10, 0, 0, Fraction(0), 1, 1, rows)


def test_directions_and_orders_of_magnitude() -> None:
    facts = difference_facts(_comparison({"p": 1, "q": -1, "r": 0, "s": 10, "t": -100}))
    assert (facts.largest_party, facts.largest) == ("t", -100)
    assert (facts.magnitude_low, facts.magnitude_high) == (0, 2)  # 1 and 100
    assert (facts.gained, facts.lost, facts.unchanged) == (["p", "s"], ["q", "t"], ["r"])


def test_no_difference_at_all() -> None:
    facts = difference_facts(_comparison({"p": 0, "q": 0}))
    assert (facts.largest_party, facts.largest) == ("p", 0)  # the first listed on a tie
    assert (facts.magnitude_low, facts.magnitude_high) == (None, None)
    assert (facts.gained, facts.lost, facts.unchanged) == ([], [], ["p", "q"])


def test_rows_without_figures_do_not_stop_the_others() -> None:
    rows = [
        PartySample("g", 10, 0, sum_diff=3),  # no official difference: nothing to compare
        PartySample("f", 1, 100),  # one station: no figures
        PartySample("d", 10, 50, sum_diff=-1, ci95=(60.0, 90.0)),  # opposite sign, D outside
    ]
    facts = sample_facts(_sample(rows))
    assert (facts.opposite, facts.under_half) == (["d"], [])
    assert (facts.outside_ci95, facts.inside_ci95) == (["d"], [])


def test_an_official_difference_of_one_vote_has_a_direction() -> None:
    # D = +1 over N = 10 stations: 0.1 a station; the copies' mean 5 / 10 = 0.5 agrees.
    facts = sample_facts(_sample([PartySample("x", 10, 1, sum_diff=5)]))
    assert (facts.opposite, facts.under_half) == ([], [])
    # D = −1: a mean of −3 / 5 = −0.6 a station agrees too; +2 / 5 runs the other way.
    facts = sample_facts(_sample([PartySample("y", 5, -1, sum_diff=-3)]))
    assert (facts.opposite, facts.under_half) == ([], [])
    facts = sample_facts(_sample([PartySample("z", 5, -1, sum_diff=2)]))
    assert (facts.opposite, facts.under_half) == (["z"], [])


def test_an_official_difference_on_a_bound_of_the_interval_lies_inside_it() -> None:
    rows = [
        PartySample("low", 10, 100, sum_diff=9, ci95=(100.0, 150.0)),
        PartySample("high", 10, 100, sum_diff=9, ci95=(50.0, 100.0)),
        PartySample("above", 10, 100, sum_diff=9, ci95=(50.0, 99.5)),
    ]
    facts = sample_facts(_sample(rows))
    assert (facts.inside_ci95, facts.outside_ci95) == (["low", "high"], ["above"])


def test_an_interval_without_width_tests_nothing() -> None:
    # Every sampled d = 0: the estimate is 0, its standard error 0, the "interval" 0 … 0. An
    # official difference of +500 is neither inside nor outside anything that was measured.
    rows = [
        PartySample("flat", 3, 500, sum_diff=0, standard_error=0.0, ci95=(0.0, 0.0)),
        PartySample("wide", 3, 500, sum_diff=9, standard_error=40.0, ci95=(-50.0, 600.0)),
    ]
    facts = sample_facts(_sample(rows))
    assert (facts.outside_ci95, facts.inside_ci95) == ([], ["wide"])
    assert facts.without_interval == ["flat"]


@pytest.mark.parametrize(
    ("language", "said", "claim"),
    [
        ("ru", "интервала. У НПК интервал не построен", "У партии НПК официальная разница"),
        ("kk", "шегінде. ҚХП партиясының аралығы құрылмады", "ҚХП партиясының ресми айырмасы 95"),
    ],
)
def test_the_appeal_claims_nothing_of_an_interval_without_width(
    case_dir: Path, language: str, said: str, claim: str
) -> None:
    # Stations 12 and 13, whose copies give НПК the same votes in both contests: every d is 0.
    rows = _two_stations(case_dir)
    for row in rows:
        if row["contest"] == "maslikhat":
            first = next(r for r in rows if r["station"] == row["station"] and r is not row)
            row["npk"] = first["npk"]
    text = _appeal_text(case_dir, rows, language)
    assert said in text
    assert claim not in text


def test_one_broken_ratio_is_named_in_the_singular(case_dir: Path) -> None:
    # Station 12's Mazhilis copy lists 200 voters and issues 295 ballots: ratio 2 only.
    rows = _two_stations(case_dir)
    rows[0]["voters_on_list"] = "200"
    assert (
        "В копиях протоколов 1 участка (№ 12) не выполняется контрольное соотношение протокола "
        "(выдано бюллетеней больше, чем избирателей в списке); это отмечено в приложении 1."
    ) in _appeal_text(case_dir, rows)


def test_the_boxes_ratio_counts_against_all_when_the_protocols_have_it(case_dir: Path) -> None:
    # Every copy has "against all" = 0; station 12's Mazhilis copy says 20 invalid where
    # 294 − (33 + 152 + 32 + 51 + 16) = 10: ratio 4 is broken, and it includes that line.
    rows = _two_stations(case_dir)
    for row in rows:
        row["against_all"] = "0"
    rows[0]["invalid"] = "20"
    assert (
        "не выполняется контрольное соотношение протокола (число бюллетеней в ящиках не равно "
        "сумме недействительных бюллетеней, голосов за партии и голосов «против всех»); это "
        "отмечено в приложении 1."
    ) in _appeal_text(case_dir, rows)


def _two_stations(case_dir: Path) -> list[dict[str, str]]:
    """The example's protocol rows of stations 12 and 13, to change and write back."""
    return [r for r in read_rows(case_dir / "protocols.csv") if r["station"] in {"12", "13"}]


def _appeal_text(case_dir: Path, rows: list[dict[str, str]], language: str = "ru") -> str:
    """The appeal's text for the example with these protocol rows, in `language`."""
    write_rows(case_dir / "protocols.csv", rows)
    data = load_case(case_dir)
    data = replace(data, case=data.case.model_copy(update={"language": language}))
    html = Renderer(data, analyse(data), None).appeal_html([RegisterEntry("Таблица", 1)], None)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())
