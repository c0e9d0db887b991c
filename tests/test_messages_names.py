"""The messages of `check` and `build` name what the user named (an authority, a contest) and
write dates as people do, in the interface language; a route without a time limit says why.
Expected lines are written by hand from the example's authorities.yaml, case.yaml, law.yaml and
the catalogues' wording."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from claim_variant import to_the_court
from election_appeal.analysis.deadlines import TimeLimit
from election_appeal.case.law import LawVersion
from election_appeal.i18n import date_text
from election_appeal.limits_text import _addressee

ELECTION_LAW_KK = (
    "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
    "28 қыркүйектегі № 2464 Конституциялық заңының 20-бабы"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "21 January 2021"),
        ("ru", "21 января 2021 г."),
        ("kk", "2021 жылғы 21 қаңтар"),
    ],
)
def test_a_date_in_a_message(monkeypatch: pytest.MonkeyPatch, language: str, expected: str) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    assert date_text(datetime.date(2021, 1, 21)) == expected


def test_the_kazakh_check_names_the_court_and_dates_as_kazakh_writes_them(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    to_the_court(case_dir)
    monkeypatch.setenv("APPEAL_LANG", "kk")
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 10 days from the decision of 11 October 2021: the last day is the 21st, 3 days after the
    # claim of the 18th.
    assert (
        "  Алматы қалалық соты — әкімшілік талап қою: 10 күн, есебі: 2021 жылғы 11 қазан шешім "
        f"күнінен бастап; соңғы күні 2021 жылғы 21 қазан: 3 күн қалды ({ELECTION_LAW_KK}, ресми "
        "мәтінмен салыстырылмаған)"
    ) in lines
    assert "  Дауыс берулер:  Мәжіліс (бірінші), Мәслихат (екінші)" in lines
    assert "  Партиялар:      5 (ҚХП, «Nur Otan», «Ауыл», «Ақ жол», «ADAL»)" in lines
    assert "city_court" not in result.stdout and "mazhilis" not in result.stdout
    assert "2021-10" not in result.stdout  # no ISO date


@pytest.mark.slow
def test_the_build_report_names_the_addressees(
    run, case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The example: the Prosecutor General, the city prosecutor copied; the agency and the
    # police written to separately.
    assert (
        "  appeal: адресат — Генеральная прокуратура Республики Казахстан, копия — Прокуратура "
        "города Алматы"
    ) in lines
    assert "  appeal--police_almaty: адресат — Департамент полиции города Алматы" in lines
    assert "police_almaty (police)" not in result.stdout


def _limit(verified: bool) -> TimeLimit:
    """A route without days in law.yaml, read in the official text or not."""
    read = {"url": "https://adilet.zan.kz/rus/docs/x", "edition": None} if verified else None
    law = LawVersion(
        ru="статья 1 Закона", kk="Заңның 1-бабы", verified=verified, verified_from=read
    )
    return TimeLimit(
        "police_almaty", "police", "to", "time_limit_criminal_report", law,
        None, None, None, None, None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "verified", "expected"),
    [
        (
            "en",
            True,
            "Полиция — report of a criminal offence: the law sets no time limit for filing "
            "(статья 1 Закона)",
        ),
        (
            "en",
            False,
            "Полиция — report of a criminal offence: no time limit for filing is on record: none "
            "was found, but the law was not read in its official text, so one may exist (статья 1 "
            "Закона, not checked against the official text)",
        ),
        (
            "ru",
            True,
            "Полиция — заявление об уголовном правонарушении: закон не устанавливает срока подачи "
            "(статья 1 Закона)",
        ),
        (
            "kk",
            False,
            "Полиция — қылмыстық құқық бұзушылық туралы арыз: беру мерзімі жазылмаған: ол табылған "
            "жоқ, бірақ заң ресми мәтінінде оқылмаған, сондықтан мерзім болуы мүмкін (Заңның "
            "1-бабы, ресми мәтінмен салыстырылмаған)",
        ),
    ],
)
def test_no_time_limit_says_whether_the_law_sets_none_or_none_is_on_record(
    monkeypatch: pytest.MonkeyPatch, language: str, verified: bool, expected: str
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    names = {"police_almaty": "Полиция"}
    assert _addressee(_limit(verified), datetime.date(2021, 4, 5), names) == expected


def test_a_route_missing_from_the_law_file_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    limit = TimeLimit(
        "city_court", "court", "to", "time_limit_court_claim", None,
        None, None, None, None, None, None,
    )  # fmt: skip
    assert _addressee(limit, datetime.date(2021, 4, 5), {}) == (
        "city_court — административный иск: срок неизвестен: у инструмента нет закона об этом "
        "порядке обращения, действовавшего на 5 апреля 2021 г.; найдите срок в официальном "
        "тексте закона, действовавшего в этот день, или подавайте без промедления"
    )
