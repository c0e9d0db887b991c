"""`appeal check` on a claim or a complaint dated after its time limit, and on the commission
whose decision it contests (the court variant of the example, claim_variant.py).

Dates by hand: the city's commission decided on 11 October 2021; 10 days from then (law.yaml,
unverified) end on 21 October. A claim signed on the 21st is on the last day; one signed on
22 November 2021 is 32 days late (10 days of October after the 21st + 22 of November).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case

ART_20_RU = (
    "статья 20 Конституционного закона Республики Казахстан от 28 сентября 1995 года № 2464 "
    "«О выборах в Республике Казахстан», не сверено с официальным текстом"
)
LATE_CLAIM_RU = (
    "appeal.date: Алматинский городской суд: срок подачи административного иска истек "
    f"21 октября 2021 г. (10 дней со дня решения от 11 октября 2021 г.; {ART_20_RU}); суд может "
    "вернуть иск, поданный после срока, если срок не будет восстановлен: иск содержит "
    "ходатайство о восстановлении срока: перед подачей замените в нем текст в квадратных "
    "скобках причинами пропуска срока"
)
ART_20_KK = (
    "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
    "28 қыркүйектегі № 2464 Конституциялық заңының 20-бабы, ресми мәтінмен салыстырылмаған"
)
LATE_COMPLAINT_KK = (
    "appeal.date: Қазақстан Республикасының Орталық сайлау комиссиясы: шағым беру мерзімі өтті, "
    "соңғы күні "
    "2021 жылғы 21 қазан болды (10 күн, есебі: 2021 жылғы 11 қазан шешім күнінен бастап; "
    # No «мерзім қалпына келтірілмесе»: no provision on record lets a commission restore it.
    f"{ART_20_KK}); комиссия мерзімнен кейін берілген шағымды "
    "қайтаруы мүмкін: шағымда мерзімді қалпына келтіру туралы өтінішхат бар: беру алдында "
    "ондағы тік жақшадағы мәтіннің орнына мерзімді өткізіп алу себептерін жазыңыз"
)


def _warnings(output: str, prefix: str) -> list[str]:
    """The warnings on the appeal's date, from the field on."""
    lines = output.splitlines()
    return [
        line[line.index("appeal.date: ") :]
        for line in lines
        if line.startswith(prefix) and "appeal.date: " in line
    ]


@pytest.mark.parametrize("illustrative", [True, False])
def test_a_late_claim_to_a_court_is_a_warning_saying_what_to_file(
    run, monkeypatch, case_dir: Path, illustrative: bool
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    to_the_court(case_dir, "2021-11-22")
    if not illustrative:
        edit_case(case_dir, lambda d: d.update(illustrative=False))
    result = run("check", case_dir)
    # A real case also has errors (the applicant's standing): the report goes to stderr then.
    warnings = _warnings(result.output, "Предупреждение: ")
    assert LATE_CLAIM_RU in warnings, result.output
    if illustrative:  # a case that can be used: the information line stays, same count
        assert "последний день 21 октября 2021 г.: истек 32 дня назад" in result.stdout


def test_a_claim_on_the_last_day_is_not_late(run, monkeypatch, case_dir: Path) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    to_the_court(case_dir, "2021-10-21")
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert "последний день 21 октября 2021 г.: сегодня последний день" in result.stdout
    assert "appeal.date:" not in result.stdout


def test_a_late_complaint_to_a_commission_in_kazakh(run, monkeypatch, case_dir: Path) -> None:
    monkeypatch.setenv("APPEAL_LANG", "kk")
    to_the_court(case_dir, "2021-11-22")
    # The commission above the city's, which decided the result (a commission does not hear a
    # complaint against its own decision: test_route_checks.py).
    (case_dir / "authorities.yaml").write_text(
        "city_court: {kind: election_commission, name: {ru: Центральная избирательная "
        "комиссия Республики Казахстан, kk: Қазақстан Республикасының Орталық сайлау "
        "комиссиясы}}\n",
        encoding="utf-8",
    )
    result = run("check", case_dir)
    assert LATE_COMPLAINT_KK in _warnings(result.stdout, "Ескерту: "), result.stdout


def test_a_late_copy_to_a_court_alone_is_not_warned_about(run, case_dir: Path) -> None:
    """A limit passed for an addressee in copy only (cc) is the information line's matter: the
    instrument filed is the main addressee's."""
    to_the_court(case_dir, "2021-11-22")

    def court_in_copy(d: dict) -> None:
        d["addressees"][0]["role"] = "to"
        d["addressees"][-1]["role"] = "cc"

    edit_case(case_dir, court_in_copy)
    result = run("check", case_dir)
    assert "time limit for filing the administrative claim ended" not in result.stdout


def test_decided_by_is_asked_of_the_contested_contest_only(run, case_dir: Path) -> None:
    """The claim contests the maslikhat's result (contests[1], which names its commission): the
    Mazhilis, compared beside it, needs no decided_by; without the maslikhat's, only it is
    asked for."""
    to_the_court(case_dir)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert "decided_by:" not in result.stdout

    edit_case(case_dir, lambda d: d["contests"][1].pop("decided_by"))
    result = run("check", case_dir)
    asked = [line for line in result.stdout.splitlines() if "decided_by:" in line]
    assert len(asked) == 1, result.stdout
    assert "contests[1].decided_by: a court or an election commission is addressed" in asked[0]
