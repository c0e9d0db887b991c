"""funding.year set to a year other than the election's: the documents then value the votes of
one election by another year's rates (and perhaps rule), and `check` says so with the figures
of both years. The figures are worked out by hand from data/reference/wages.csv and
funding.yaml: 3 % of the МЗП until 2024 (2019 and 2021: 42 500, 2023: 70 000), 0,65 МРП from
2025 (2026: 4 325)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import edit_case
from election_appeal import api
from election_appeal.analysis.funding import funding_cost
from election_appeal.case import load_case
from test_wording_presumptions import _appeal


def _funding_year(case_dir: Path, year: int | None) -> None:
    def change(data: dict) -> None:
        data["funding"]["year"] = year

    edit_case(case_dir, change)


def _said(output: str) -> list[str]:
    return [
        line.split("funding.year: ", 1)[1]
        for line in output.splitlines()
        if "funding.year: " in line
    ]


EXPECTED_2023 = {
    "en": "funding.year is 2023, but the election was on 10 January 2021: the documents value one "
    "vote at 2,100 tenge a year, 3 % of the МЗП of 2023 (70,000 tenge); with the rates of 2021, "
    "the election's year, it is 1,275 tenge, 3 % of the МЗП of 2021 (42,500 tenge); remove "
    "funding.year to count with the rates of 2021, or keep it only if the appeal is about the "
    "funding paid in 2023",
    "ru": "funding.year — 2023, а выборы прошли 10 января 2021 г.: документы оценивают один "
    "голос в 2 100 тенге в год (3 % от МЗП 2023 года, МЗП — 70 000 тенге); по ставкам 2021 года, "
    "года выборов, это 1 275 тенге (3 % от МЗП 2021 года, МЗП — 42 500 тенге); удалите "
    "funding.year, чтобы считать по ставкам 2021 года, или оставьте его, только если обращение "
    "касается финансирования, выплаченного в 2023 году",
    "kk": "funding.year — 2023, ал сайлау күні — 2021 жылғы 10 қаңтар: құжаттар бір дауысты "
    "жылына 2 100 теңге деп бағалайды (2023 жылғы ЕТЖ-ның 3 %-ы, ЕТЖ — 70 000 теңге); сайлау "
    "өткен 2021 жылғы мөлшерлемелер бойынша бұл 1 275 теңге (2021 жылғы ЕТЖ-ның 3 %-ы, ЕТЖ — "
    "42 500 теңге); 2021 жылғы мөлшерлемелермен есептеу үшін funding.year жолын өшіріңіз; оны "
    "өтініш 2023 жылы төленген қаржыландыру туралы болса ғана қалдырыңыз",
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_rates_of_a_later_year_are_named_with_the_elections(
    run, case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewer's variation: the 2021 votes priced by the 2023 rates."""
    _funding_year(case_dir, 2023)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert _said(result.output) == [EXPECTED_2023[language]]


def test_the_warned_value_is_the_one_the_documents_use(case_dir: Path) -> None:
    _funding_year(case_dir, 2023)
    value = api.analyse(case_dir).analysis.hypothesis_2.vote_value
    assert (value.year, value.base_amount, value.per_year) == (2023, 70000, Decimal(2100))


def test_a_later_rule_is_named_with_its_source(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2026: 0,65 × 4 325 = 2 811,25 tenge, under the CEC resolution of 2025, which did not
    set the value of a vote in 2021."""
    _funding_year(case_dir, 2026)
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert _said(run("check", case_dir).output) == [
        "funding.year — 2026, а выборы прошли 10 января 2021 г.: документы оценивают один голос в "
        "2 811,25 тенге в год (0,65 МРП 2026 года, МРП — 4 325 тенге) по правилу, которое "
        "действовало в 2026 году, но не в 2021 году (Постановление Центральной избирательной "
        "комиссии Республики Казахстан от 13 января 2025 года); по правилу и ставкам 2021 года, "
        "года выборов, это 1 275 тенге (3 % от МЗП 2021 года, МЗП — 42 500 тенге); удалите "
        "funding.year, чтобы считать по ставкам 2021 года, или оставьте его, только если "
        "обращение касается финансирования, выплаченного в 2026 году"
    ]


def test_a_year_before_the_election_is_never_right(run, case_dir: Path) -> None:
    """2019's МЗП equals 2021's (42 500): the same value, but no vote of 2021 was paid in 2019."""
    _funding_year(case_dir, 2019)
    assert _said(run("check", case_dir).output) == [
        "funding.year is 2019, but the election was on 10 January 2021: the documents value one "
        "vote at 1,275 tenge a year, 3 % of the МЗП of 2019 (42,500 tenge); with the rates of "
        "2021, the election's year, it is 1,275 tenge, 3 % of the МЗП of 2021 (42,500 tenge); "
        "the votes of this election were not paid for in 2019, before it: remove funding.year "
        "to count with the rates of 2021"
    ]


@pytest.mark.parametrize("year", [None, 2021])
def test_the_elections_own_year_is_not_warned_about(run, case_dir: Path, year) -> None:
    _funding_year(case_dir, year)
    result = run("check", case_dir)
    assert result.exit_code == 0
    assert "funding.year" not in result.output


def test_the_web_page_hears_it_from_api_check(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _funding_year(case_dir, 2023)
    monkeypatch.setenv("APPEAL_LANG", "kk")
    messages = [p.message for p in api.check(case_dir).warnings]
    assert EXPECTED_2023["kk"] in messages


# The "especially large amount" is 4 000 МРП (law.yaml); the МРП from wages.csv: 2 917 tenge in
# 2021, 3 692 in 2024, 4 325 in 2026. A yearly sum priced at a year's rates is weighed against
# that year's МРП, not the election's.
@pytest.mark.parametrize(
    ("year", "amount"),
    [(None, 11_668_000), (2021, 11_668_000), (2024, 14_768_000), (2026, 17_300_000)],
)
def test_the_threshold_is_of_the_year_the_funding_is_priced_at(
    case_dir: Path, year: int | None, amount: int
) -> None:
    _funding_year(case_dir, year)
    data = load_case(case_dir)
    cost = funding_cost(data.case, data.reference)
    assert (cost.threshold_amount, cost.threshold_year) == (amount, year or 2021)
    said = {
        "ru": f"{amount:,} тенге в {year or 2021} году",
        "kk": f"{year or 2021} жылы {amount:,} теңге",
    }
    for language, words in said.items():
        assert words.replace(",", " ") in _appeal(case_dir, language)
