"""The funding section names the chamber whose election the funded contest is: the parties
represented in the Mazhilis, or in the Kurultai.

The Kurultai case is the example moved to 30 August 2026 with its Mazhilis contest retitled the
Kurultai's (its votes drive the funding), read with a test's Kurultai funding rule
(kurultai_rule.py: none is on record, and `check` refuses such a case without one). Every
expected sentence is written here by hand from the example's funding table: «Ауыл» and «ADAL» are
not funded; НПК and «Ак жол» got more votes in the funded contest than in the maslikhat's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_case
from kurultai_rule import use_kurultai_rule
from test_wording_presumptions import _html, _text

KURULTAI = {
    "ru": [
        "по итогам выборов депутатов Курултая Республики Казахстан: партиям, представленным в "
        "Курултае, за каждый поданный за них голос ежегодно выплачивается",
        "то каждая партия, представленная в Курултае, получает из бюджета больше («+»)",
        "* Партия не представлена в Курултае и государственного финансирования не получает;",
        "то партиям, представленным в Курултае, которым по итогам выборов депутатов Курултая "
        "Республики Казахстан досталось больше голосов (НПК и «Ак жол»),",
    ],
    "kk": [
        "Қазақстан Республикасы Құрылтайының депутаттарын сайлаудың қорытындылары бойынша жүзеге "
        "асырылады: Құрылтайда өкілдігі бар партияларға олар үшін берілген әр дауыс үшін",
        "сәйкес келсе, Құрылтайда өкілдігі бар әр партия бюджеттен",
        "* Партияның Құрылтайда өкілдігі жоқ және ол мемлекеттік қаржыландыру алмайды;",
        "Құрылтайда өкілдігі бар ҚХП және «Ақ жол» партиялары",
    ],
}
# The same sentences of the example of 2021, in the Mazhilis.
MAZHILIS = {
    "ru": [
        "партиям, представленным в Мажилисе, за каждый поданный за них голос",
        "то каждая партия, представленная в Мажилисе, получает из бюджета больше («+»)",
        "* Партия не представлена в Мажилисе и государственного финансирования не получает;",
        "то партиям, представленным в Мажилисе, которым по итогам выборов депутатов Мажилиса "
        "Парламента Республики Казахстан досталось больше голосов (НПК и «Ак жол»),",
    ],
    "kk": [
        "Мәжілісте өкілдігі бар партияларға олар үшін берілген әр дауыс үшін",
        "сәйкес келсе, Мәжілісте өкілдігі бар әр партия бюджеттен",
        "* Партияның Мәжілісте өкілдігі жоқ және ол мемлекеттік қаржыландыру алмайды;",
        "Мәжілісте өкілдігі бар ҚХП және «Ақ жол» партиялары",
    ],
}
# Where the funding section named the chamber by a fixed word.
REPRESENTED = {"ru": "представлен", "kk": "өкілдігі"}
MAZHILIS_WORD = {"ru": "Мажилис", "kk": "Мәжіліс"}


def _in_the_kurultai(d: dict) -> None:
    d["election"]["date"] = "2026-08-30"
    d["appeal"]["date"] = "2026-09-07"
    funded = d["contests"][0]
    funded["title"] = {
        "ru": "Выборы депутатов Курултая Республики Казахстан",
        "kk": "Қазақстан Республикасы Құрылтайының депутаттарын сайлау",
    }
    funded["short_title"] = {"ru": "Курултай", "kk": "Құрылтай"}
    funded["source"] = "Постановление ЦИК от 1 сентября 2026 года"
    funded.pop("source_url", None)


def _sentences_with(text: str, word: str) -> list[str]:
    return [s for s in text.split(". ") if word in s]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_kurultai_case_funds_the_parties_represented_in_the_kurultai(
    case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_kurultai_rule(monkeypatch, tmp_path)
    edit_case(case_dir, _in_the_kurultai)
    text = _text(_html(case_dir, language))
    assert [s for s in KURULTAI[language] if s not in text] == []
    # No sentence of the funding section speaks of the Mazhilis.
    funding = _sentences_with(text, REPRESENTED[language])
    assert [s for s in funding if MAZHILIS_WORD[language] in s] == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_case_of_2021_funds_the_parties_represented_in_the_mazhilis(
    case_dir: Path, language: str
) -> None:
    text = _text(_html(case_dir, language))
    assert [s for s in MAZHILIS[language] if s not in text] == []
    assert "Курулта" not in text and "Құрылтай" not in text
