"""What the letter says of the official difference against the sample: a party is said to lie
outside only when every check attachment 2 reports agrees (the Student 95 % interval, the
bootstrap interval, Holm's p below 0,05); a party outside the Student interval alone is named
with the check that does not confirm it.

The stations are made by hand. Every station has m = 100 votes for parties unless said
otherwise, so T̂ = mean d × N and SE = N · √((1 − n/N) / n) · sd(d); the Student interval and
p are worked out again here with scipy, Holm's adjustment by hand, and the bootstrap interval
is pinned by what resampling whole stations can give at all."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from scipy import stats

from conftest import EXAMPLE
from election_appeal.analysis import analyse
from election_appeal.analysis.facts import sample_facts
from election_appeal.analysis.sample import (
    PartySample,
    SampleAnalysis,
    holm_adjusted,
    party_statistics,
)
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry
from election_appeal.render.documents import Renderer
from test_wording import _small_differences

PARTIES = ("npk", "nur_otan", "auyl", "ak_zhol", "adal")
# Symmetric stations: d = 0, 2, 4, 6, 8 with m = 100 each, N = 100 stations, M = 10 000.
# Mean 4, sd² = 40 / 4 = 10: T̂ = 400, SE = 100 · √(0.95 · 10 / 5) = 137.8. A resample of
# whole stations has a mean of at most 8, so its T̂ is at most 800: a D above 800 is outside the
# bootstrap interval whatever the draws.
EVEN = ([0, 2, 4, 6, 8], [100] * 5)
EVEN_N, EVEN_M, EVEN_MOST = 100, 10_000, 800
# Skewed stations: four with d = 1, m = 100 and one with d = 50, m = 1; N = 1 000, M = 100 000.
# T̂ = 54 / 401 · M = 13 466. In a resample of 5 stations the small one comes K ~ Bin(5, 1/5)
# times, and the others are all alike, so each K gives one value: P(K ≥ 3) = 0.058 > 0.025 and
# P(K ≥ 4) = 0.0067 < 0.025 put the upper bound at K = 3: (3·50 + 2) / (3 + 200) · M = 74 877;
# P(K = 0) = 0.33 puts the lower one at 1 / 100 · M = 1 000.
SKEWED = ([1, 1, 1, 1, 50], [100, 100, 100, 100, 1])
SKEWED_N, SKEWED_M = 1_000, 100_000
SKEWED_BOOTSTRAP = (1_000, 152 / 203 * SKEWED_M)

CONFIRMED_RU = (
    "официальная разница выходит за пределы как 95-процентного интервала, так и 95-процентного "
    "бутстреп-интервала, и ее отклонение от оценки статистически значимо на уровне 5 % с "
    "поправкой Холма на число партий."
)
NOT_BOOTSTRAP_RU = (
    "официальная разница выходит за пределы 95-процентного интервала, но не бутстреп-интервала."
)
NOT_HOLM_RU = (
    "официальная разница выходит за пределы 95-процентного интервала, но после поправки Холма "
    "на число партий ее отклонение от оценки статистически не значимо на уровне 5 %."
)
NEITHER_RU = (
    "официальная разница выходит за пределы 95-процентного интервала, но не бутстреп-интервала, "
    "и после поправки Холма на число партий ее отклонение от оценки статистически не значимо на "
    "уровне 5 %."
)
CONFIRMED_KK = (
    "ресми айырмасы 95 пайыздық аралықтан да, 95 пайыздық бутстреп-аралықтан да тыс шығады, ал "
    "оның бағадан ауытқуы партиялар санына Холм түзетуімен 5 % маңыздылық деңгейінде "
    "статистикалық маңызды."
)
NOT_BOOTSTRAP_KK = (
    "ресми айырмасы 95 пайыздық аралықтан тыс шығады, бірақ бутстреп-аралықтың шегінде."
)
NOT_HOLM_KK = (
    "ресми айырмасы 95 пайыздық аралықтан тыс шығады, бірақ партиялар санына Холм түзетуімен "
    "оның бағадан ауытқуы 5 % маңыздылық деңгейінде статистикалық маңызды емес."
)
# What the letter said before it weighed the other checks: true of the Student interval alone.
UNRESERVED_RU = "Официальная разница выходит за пределы 95-процентного интервала у"


def _estimate(d: list[int], m: list[int], big_n: int, big_m: int) -> tuple[float, float]:
    """T̂ and its standard error, from the formulas of attachment 2."""
    n, ratio = len(d), Fraction(sum(d), sum(m))
    residuals = [x - ratio * y for x, y in zip(d, m, strict=True)]
    se = big_n * math.sqrt((1 - n / big_n) / n * float(sum(r * r for r in residuals)) / (n - 1))
    return float(ratio * big_m), se


def _student(
    d: list[int], m: list[int], big_n: int, big_m: int, official: int
) -> tuple[tuple[float, float], float]:
    """The Student 95 % interval and the two-sided p of D, by scipy."""
    estimate, se = _estimate(d, m, big_n, big_m)
    half = stats.t.ppf(0.975, len(d) - 1) * se
    p = 2 * stats.t.sf(abs(official - estimate) / se, len(d) - 1)
    return (estimate - half, estimate + half), float(p)


def _official_at_p04(d: list[int], m: list[int], big_n: int, big_m: int) -> int:
    """A D above T̂ whose p is about 0,04: T̂ + t(0.98; n − 1) · SE, by scipy."""
    estimate, se = _estimate(d, m, big_n, big_m)
    return round(estimate + stats.t.ppf(0.98, len(d) - 1) * se)


def _holm(p: dict[str, float]) -> dict[str, float]:
    """Holm's step-down adjustment, written out: the k-th smallest of m p-values times
    (m − k + 1), never below the one before it, never above 1."""
    adjusted, running = {}, 0.0
    for rank, (party, value) in enumerate(sorted(p.items(), key=lambda item: item[1])):
        running = max(running, min(1.0, (len(p) - rank) * value))
        adjusted[party] = running
    return adjusted


def _analysis(
    stations: dict[str, tuple[list[int], list[int]]], big_n: int, big_m: int, d_of: dict
) -> SampleAnalysis:
    """The sample of the example's five parties; a party not in `stations` has one station."""
    rows = [
        party_statistics(party, *stations[party], big_n, big_m, d_of[party])
        if party in stations
        else PartySample(party, 1, d_of.get(party, 1), "one station")
        for party in PARTIES
    ]
    return SampleAnalysis(
        big_n, 5, big_n - 5, 500, big_m, Fraction(500, big_m), 1, 10_000, holm_adjusted(rows)
    )


def _letter(sample: SampleAnalysis, language: str = "ru") -> str:
    """The example's appeal, in `language`, with this sample instead of the copies'."""
    data = load_case(EXAMPLE)
    data = replace(data, case=data.case.model_copy(update={"language": language}))
    analysis = analyse(data)
    analysis = replace(
        analysis, sample=sample, facts=replace(analysis.facts, sample=sample_facts(sample))
    )
    html = Renderer(data, analysis, None).appeal_html([RegisterEntry("Таблица", 1)], None)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def test_every_check_agrees_that_every_party_lies_outside() -> None:
    # D = +2 000 for each party: above the most a resample can give (800), and by scipy far
    # above the Student interval with p far below 0,05 even times 5 parties.
    (_, high), p = _student(*EVEN, EVEN_N, EVEN_M, 2_000)
    assert high < 2_000 and EVEN_MOST < 2_000 and 5 * p < 0.05
    sample = _analysis(dict.fromkeys(PARTIES, EVEN), EVEN_N, EVEN_M, dict.fromkeys(PARTIES, 2_000))
    facts = sample_facts(sample)
    assert facts.outside_every_check == list(PARTIES)
    assert facts.outside_ci95 == list(PARTIES)
    text = _letter(sample)
    assert "У партий НПК, «Nur Otan», «Ауыл», «Ак жол» и «ADAL» " + CONFIRMED_RU in text
    assert "ҚХП, «Nur Otan», «Ауыл», «Ақ жол» және «ADAL» партияларының " + CONFIRMED_KK in (
        _letter(sample, "kk")
    )


def test_outside_the_student_interval_but_inside_the_bootstrap_one() -> None:
    # D = +60 000: above the Student interval's upper bound (scipy), p below 0,05 with the one
    # party tested, but under the bootstrap's upper bound 74 877 (module docstring).
    (_, high), p = _student(*SKEWED, SKEWED_N, SKEWED_M, 60_000)
    assert high < 60_000 < SKEWED_BOOTSTRAP[1] and p < 0.05
    sample = _analysis({"npk": SKEWED}, SKEWED_N, SKEWED_M, {"npk": 60_000})
    row = sample.parties[0]
    assert row.bootstrap_ci95 == pytest.approx(SKEWED_BOOTSTRAP)
    assert row.p_holm == pytest.approx(p)
    facts = sample_facts(sample)
    assert (facts.outside_ci95, facts.outside_every_check) == (["npk"], [])
    assert facts.outside_but_bootstrap == ["npk"]
    text = _letter(sample)
    assert "У партии НПК " + NOT_BOOTSTRAP_RU in text
    assert CONFIRMED_RU not in text and UNRESERVED_RU not in text
    assert "ҚХП партиясының " + NOT_BOOTSTRAP_KK in _letter(sample, "kk")


def test_holms_p_above_five_percent_is_not_called_significant() -> None:
    # Two parties with the same stations and D: each p ≈ 0,04 alone (outside the Student
    # interval), Holm's 2 · 0,04 = 0,08 for both; D ≈ 855 is above the most a resample gives.
    official = _official_at_p04(*EVEN, EVEN_N, EVEN_M)
    (_, high), p = _student(*EVEN, EVEN_N, EVEN_M, official)
    assert high < official and official > EVEN_MOST
    holm = _holm({"npk": p, "adal": p})
    assert 0.05 <= holm["npk"] == holm["adal"] < 0.1
    sample = _analysis(
        {"npk": EVEN, "adal": EVEN}, EVEN_N, EVEN_M, {"npk": official, "adal": official}
    )
    assert [r.p_holm for r in sample.parties if r.p_holm is not None] == pytest.approx(
        [holm["npk"], holm["adal"]]
    )
    facts = sample_facts(sample)
    assert (facts.outside_but_holm, facts.outside_every_check) == (["npk", "adal"], [])
    text = _letter(sample)
    assert "У партий НПК и «ADAL» " + NOT_HOLM_RU in text
    assert "значимо на уровне 5 % с поправкой" not in text and UNRESERVED_RU not in text
    assert "ҚХП және «ADAL» партияларының " + NOT_HOLM_KK in _letter(sample, "kk")


def test_the_case_of_the_brief_each_party_with_what_holds_for_it() -> None:
    # НПК's skewed stations with D = +70 000: outside the Student interval (upper bound 47 992),
    # inside the bootstrap one (74 877), p ≈ 0,01. «Ауыл» and «ADAL» with p ≈ 0,04 each;
    # «Nur Otan» and «Ак жол» far outside. Holm: the two tiny p × 5 and × 4, НПК's × 3 ≈ 0,03,
    # then 0,04 × 2 = 0,08 for «Ауыл» and «ADAL» (scipy's p, Holm by `_holm`).
    # The symmetric stations here count N = 1 000 and M = 100 000: T̂ = 4 000, and a resample
    # gives at most 8 / 100 · M = 8 000, so D = 20 000 is outside every interval.
    holm_d = _official_at_p04(*EVEN, SKEWED_N, SKEWED_M)
    assert holm_d > 8_000
    scaled = {"nur_otan": 20_000, "auyl": holm_d, "ak_zhol": 20_000, "adal": holm_d}
    p = {"npk": _student(*SKEWED, SKEWED_N, SKEWED_M, 70_000)[1]}
    for party, official in scaled.items():
        p[party] = _student(*EVEN, SKEWED_N, SKEWED_M, official)[1]
        assert _student(*EVEN, SKEWED_N, SKEWED_M, official)[0][1] < official
    holm = _holm(p)
    assert holm["npk"] < 0.05 <= holm["adal"] and holm["auyl"] >= 0.05
    assert holm["nur_otan"] < 0.05 and holm["ak_zhol"] < 0.05
    stations = {party: EVEN for party in scaled} | {"npk": SKEWED}
    sample = _analysis(stations, SKEWED_N, SKEWED_M, {**scaled, "npk": 70_000})
    facts = sample_facts(sample)
    assert facts.outside_every_check == ["nur_otan", "ak_zhol"]
    assert facts.outside_but_bootstrap == ["npk"]
    assert facts.outside_but_holm == ["auyl", "adal"]
    text = _letter(sample)
    assert "У партий «Nur Otan» и «Ак жол» " + CONFIRMED_RU in text
    assert "У партии НПК " + NOT_BOOTSTRAP_RU in text
    assert "У партий «Ауыл» и «ADAL» " + NOT_HOLM_RU in text
    assert UNRESERVED_RU not in text


def test_both_reservations_at_once() -> None:
    # Two parties with the skewed stations and D = T̂ + t(0.98; 4) · SE: p 0,04 each, Holm
    # 0,08; D ≈ 54 500 is above the Student interval but under the bootstrap's 74 877.
    official = _official_at_p04(*SKEWED, SKEWED_N, SKEWED_M)
    (_, high), p = _student(*SKEWED, SKEWED_N, SKEWED_M, official)
    assert high < official < SKEWED_BOOTSTRAP[1] and 0.05 <= 2 * p < 0.1
    sample = _analysis(
        {"npk": SKEWED, "adal": SKEWED}, SKEWED_N, SKEWED_M, {"npk": official, "adal": official}
    )
    assert sample_facts(sample).outside_t_only == ["npk", "adal"]
    assert "У партий НПК и «ADAL» " + NEITHER_RU in _letter(sample)


def test_every_party_inside() -> None:
    # D = +500 for each: inside 400 ± 2.776 · 137.8 = 17 … 783 (scipy).
    (low, high), _ = _student(*EVEN, EVEN_N, EVEN_M, 500)
    assert low < 500 < high
    sample = _analysis(dict.fromkeys(PARTIES, EVEN), EVEN_N, EVEN_M, dict.fromkeys(PARTIES, 500))
    facts = sample_facts(sample)
    assert (facts.outside_ci95, facts.inside_ci95) == ([], list(PARTIES))
    text = _letter(sample)
    assert "Официальная разница у всех партий находится в пределах 95-процентного интервала." in (
        text
    )
    assert "за пределы" not in text


def test_one_party_with_figures_and_one_inside() -> None:
    # НПК alone outside every check (D = 2 000, as in the first test); «ADAL» inside (D = 500);
    # the other three have one station each and no figures.
    sample = _analysis({"npk": EVEN, "adal": EVEN}, EVEN_N, EVEN_M, {"npk": 2_000, "adal": 500})
    p = _holm({"npk": _student(*EVEN, EVEN_N, EVEN_M, 2_000)[1], "adal": 0.5})
    assert p["npk"] < 0.05
    facts = sample_facts(sample)
    assert (facts.outside_every_check, facts.inside_ci95) == (["npk"], ["adal"])
    text = _letter(sample)
    assert (
        "У партии НПК " + CONFIRMED_RU + " Официальная разница у «ADAL» находится в пределах "
        "95-процентного интервала."
    ) in text
    kk = _letter(sample, "kk")
    assert "ҚХП партиясының " + CONFIRMED_KK in kk
    assert "«ADAL» партиясының ресми айырмасы 95 пайыздық аралықтың шегінде." in kk


def test_the_letter_agrees_with_attachment_2_when_the_differences_are_small(
    case_dir: Path,
) -> None:
    # The example with official differences of a few votes (test_wording's variation): НПК's
    # D = +12 and «ADAL»'s +14 lie outside the Student interval, but inside the bootstrap one
    # that attachment 2 prints beside it, and their Holm p is above 0,05 there too.
    _small_differences(case_dir)
    data = load_case(case_dir)
    analysis = analyse(data)
    rows = {row.party: row for row in analysis.sample.parties} if analysis.sample else {}
    for party in ("npk", "adal"):
        row = rows[party]
        assert row.ci95 and row.bootstrap_ci95 and row.p_holm is not None
        assert not row.ci95[0] <= row.official_difference <= row.ci95[1]
        assert row.bootstrap_ci95[0] <= row.official_difference <= row.bootstrap_ci95[1]
        assert row.p_holm >= 0.05
    html = Renderer(data, analysis, None).appeal_html([RegisterEntry("Таблица", 1)], None)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())
    assert "У партий НПК и «ADAL» " + NEITHER_RU in text
    assert UNRESERVED_RU not in text


def test_an_interval_that_could_not_be_computed_is_no_claim_either_way() -> None:
    # Stations without votes for parties in the first contest (Σm = 0): the estimate, its
    # standard error and so its interval are NaN, which no official difference lies outside.
    nan = math.nan
    row = PartySample("npk", 3, 500, sum_diff=9, standard_error=nan, ci95=(nan, nan))
    row = replace(row, bootstrap_ci95=(0.0, 0.0), p_holm=nan)
    facts = sample_facts(SampleAnalysis(100, 3, 97, 0, 0, Fraction(0), 1, 1, [row]))
    assert (facts.outside_ci95, facts.inside_ci95, facts.outside_every_check) == ([], [], [])


def test_a_bound_is_inside_and_holms_p_of_exactly_five_percent_is_not_below() -> None:
    # D = 100 beyond the Student interval 10 … 90 in each row; a bootstrap bound of exactly 100
    # contains it, and a Holm p of exactly 0,05 is not below 0,05.
    def row(party: str, bootstrap: tuple[float, float], p_holm: float) -> PartySample:
        found = PartySample(party, 5, 100, sum_diff=5, standard_error=20.0, ci95=(10.0, 90.0))
        return replace(found, bootstrap_ci95=bootstrap, p_holm=p_holm)

    rows = [
        row("on_bound", (0.0, 100.0), 0.01),
        row("at_five", (0.0, 99.0), 0.05),
        row("below", (0.0, 99.0), 0.0499),
        row("lower_bound", (100.0, 120.0), 0.01),
    ]
    facts = sample_facts(SampleAnalysis(100, 5, 95, 0, 0, Fraction(0), 1, 1, rows))
    assert facts.outside_but_bootstrap == ["on_bound", "lower_bound"]
    assert facts.outside_but_holm == ["at_five"]
    assert facts.outside_every_check == ["below"]
    assert facts.outside_t_only == []
