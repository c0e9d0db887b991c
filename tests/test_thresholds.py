"""The criminal-law "especially large amount" is compared with ONE party's own overpayment.

Expected values worked out by hand from DOMAIN §1 and §3: a vote is worth 3 % of the МЗП a
year (2021: 42 500 → 1 275 tenge; 2023: 70 000 → 2 100 tenge); the threshold is 4 000 МРП of the
election year (2021: 4 000 × 2 917 = 11 668 000; 2023: 4 000 × 3 450 = 13 800 000).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import edit_case
from election_appeal import api


def test_the_2021_example_two_parties_each_above_the_threshold(case_dir: Path) -> None:
    result = api.analyse(case_dir)
    cost = result.analysis.hypothesis_2
    assert cost is not None
    assert cost.threshold_amount == Decimal(11_668_000)
    per_year = {p.party: p.per_year for p in cost.parties}
    # (Mazhilis − Maslikhat) × 1 275: НПК 19 949, Ак жол 16 520, Nur Otan −39 542.
    assert per_year["npk"] == Decimal(25_434_975)
    assert per_year["ak_zhol"] == Decimal(21_063_000)
    assert per_year["nur_otan"] == Decimal(-50_416_050)
    # Ауыл's 9 194 025 is not counted: it is not represented in the Mazhilis, so not paid.
    assert cost.parties_over_threshold == ["npk", "ak_zhol"]
    assert cost.overpaid_exceeds_threshold is True
    threshold = result.analysis.facts.threshold
    assert threshold is not None
    assert (threshold.over, threshold.under, threshold.sum_only) == (["npk", "ak_zhol"], [], False)


def _variation_2023(case_dir: Path, npk_excess: int, ak_zhol_excess: int) -> None:
    """The example moved to 2023, with Mazhilis votes beyond the maslikhat's as given."""

    def change(d: dict) -> None:
        d["election"]["date"] = "2023-03-19"
        d["appeal"]["date"] = "2023-04-03"
        d["allocation"]["threshold"] = "5%"
        mazhilis, maslikhat = d["contests"][0], d["contests"][1]
        mazhilis["votes"] = {
            **maslikhat["votes"],
            "npk": maslikhat["votes"]["npk"] + npk_excess,
            "ak_zhol": maslikhat["votes"]["ak_zhol"] + ak_zhol_excess,
            "nur_otan": maslikhat["votes"]["nur_otan"] - 20_000,
        }
        mazhilis["source"] = "Постановление ЦИК от 28 марта 2023 года"
        maslikhat["source"] = "Протокол ТИК от 21 марта 2023 года"

    edit_case(case_dir, change)


def test_2023_no_single_party_reaches_the_threshold_though_the_sum_does(case_dir: Path) -> None:
    # НПК 5 000 × 2 100 = 10 500 000; Ак жол 6 000 × 2 100 = 12 600 000: each below 13 800 000,
    # together 23 100 000 above it.
    _variation_2023(case_dir, 5_000, 6_000)
    analysis = api.analyse(case_dir).analysis
    cost = analysis.hypothesis_2
    assert cost is not None
    assert cost.threshold_amount == Decimal(13_800_000)
    assert {p.party: p.per_year for p in cost.parties if p.per_year > 0} == {
        "npk": Decimal(10_500_000),
        "ak_zhol": Decimal(12_600_000),
    }
    assert cost.overpaid_per_year == Decimal(23_100_000)
    assert cost.sum_exceeds_threshold is True
    assert cost.parties_over_threshold == []
    assert cost.overpaid_exceeds_threshold is False  # no part 4 of art. 190 for anyone
    threshold = analysis.facts.threshold
    assert threshold is not None
    assert (threshold.over, threshold.under, threshold.sum_only) == ([], ["npk", "ak_zhol"], True)


def test_2023_one_party_above_and_one_below(case_dir: Path) -> None:
    # Ак жол 7 000 × 2 100 = 14 700 000 > 13 800 000; НПК 10 500 000 stays below.
    _variation_2023(case_dir, 5_000, 7_000)
    analysis = api.analyse(case_dir).analysis
    threshold = analysis.facts.threshold
    assert threshold is not None
    assert (threshold.over, threshold.under, threshold.sum_only) == (["ak_zhol"], ["npk"], False)
    assert analysis.hypothesis_2 is not None
    assert analysis.hypothesis_2.overpaid_exceeds_threshold is True


def test_over_the_term_each_party_alone(case_dir: Path) -> None:
    # Over five years НПК gets 52 500 000 and Ак жол 63 000 000: each above 13 800 000.
    _variation_2023(case_dir, 5_000, 6_000)
    cost = api.analyse(case_dir).analysis.hypothesis_2
    assert cost is not None
    assert cost.parties_over_threshold_over_term == ["npk", "ak_zhol"]


def test_a_case_without_funding_has_no_threshold_facts(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.pop("funding"))
    assert api.analyse(case_dir).analysis.facts.threshold is None
