"""The time limits as `check` and `build` print them when the law of a route or of the
ballots' storage is not on record: what is unknown and what the user can do, in the user's
language, never the name of a file of the tool."""

from __future__ import annotations

from pathlib import Path

import pytest

from election_appeal.analysis.deadlines import time_limits
from election_appeal.case.load import load_case
from election_appeal.limits_text import time_limit_lines


def _lines_without_law(case_dir: Path) -> list[str]:
    data = load_case(case_dir)
    law = {k: v for k, v in data.reference.law.items() if not k.startswith("time_limit_")}
    law.pop("ballot_storage")
    limits = time_limits(data.case, law, {"prosecutor_general": "prosecutor"})
    return time_limit_lines(limits, {"prosecutor_general": "Генеральная прокуратура"})


@pytest.mark.parametrize(
    ("language", "route", "ballots"),
    [
        (
            "ru",
            "  Генеральная прокуратура — заявление: срок неизвестен: у инструмента нет закона об "
            "этом порядке обращения, действовавшего на 5 апреля 2021 г.; найдите срок в "
            "официальном тексте закона, действовавшего в этот день, или подавайте без "
            "промедления",
            "  бюллетени: срок их хранения неизвестен: у инструмента нет закона об этом; найдите "
            "срок в официальном тексте закона и просите сохранить бюллетени",
        ),
        (
            "kk",
            "  Генеральная прокуратура — арыз: мерзім белгісіз: құралда 2021 жылғы 5 сәуір "
            "күні қолданыста болған осы жүгіну тәртібі туралы заң жоқ; мерзімді сол күні "
            "қолданыста болған заңның ресми мәтінінен табыңыз немесе кідіртпей беріңіз",
            "  бюллетеньдер: сақтау мерзімі белгісіз: құралда бұл туралы заң жоқ; мерзімді заңның "
            "ресми мәтінінен табыңыз және бюллетеньдерді сақтауды сұраңыз",
        ),
    ],
)
def test_an_unknown_limit_says_what_to_do_and_names_no_file(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str, route: str, ballots: str
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    lines = _lines_without_law(case_dir)
    assert lines[1:] == [route, ballots]
    assert not any("law.yaml" in line or "data/reference" in line for line in lines)
