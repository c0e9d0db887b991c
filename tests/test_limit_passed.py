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
from election_appeal.case import load_case
from election_appeal.errors import CaseError

ART_20_RU = (
    "статья 20 Конституционного закона Республики Казахстан от 28 сентября 1995 года № 2464 "
    "«О выборах в Республике Казахстан», не сверено с официальным текстом"
)
LATE_CLAIM_RU = (
    "appeal.date: Алматинский городской суд: срок подачи административного иска истек "
    f"21 октября 2021 г. (10 дней со дня решения от 11 октября 2021 г.; {ART_20_RU}); суд может "
    "вернуть иск, поданный после срока, если срок не будет восстановлен. До подачи замените "
    "текст в квадратных скобках в разделе «Ходатайство о восстановлении пропущенного срока» "
    "причинами пропуска срока и приложите подтверждающие их документы"
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
    f"{ART_20_KK}), ал жазылған нормалардың ешқайсысы комиссияға өткізіп алынған мерзімді "
    "қалпына келтіруге мүмкіндік бермейді: комиссия шағымды қайтаруы мүмкін, ал мерзімді "
    "қалпына келтіру туралы өтінішхат қанағаттандырылмайды деп күтуге болады. Мұндай мерзімі "
    "жоқ жолдар қалады: прокуратураға тексеру туралы арыз және полицияға қылмыстық құқық "
    "бұзушылық туралы арыз (prosecutor немесе police түріндегі адресат, role: to). Шағымды "
    "бәрібір берсеңіз, «Өткізіп алынған мерзімді қалпына келтіру туралы өтінішхат» "
    "бөліміндегі тік жақшадағы мәтіннің орнына мерзімді өткізіп алу себептерін жазыңыз және "
    "оларды растайтын құжаттарды қоса беріңіз"
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
    # The one warning on the date: the limit, the routes without one and the blank together.
    assert _warnings(result.stdout, "Ескерту: ") == [LATE_COMPLAINT_KK], result.stdout


def test_a_late_copy_to_a_court_alone_is_not_warned_about(case_dir: Path) -> None:
    """A court in copy is refused (a claim is filed to a court alone): no claim is written to
    it, so nothing is said of its time limit or its blank."""
    to_the_court(case_dir, "2021-11-22")

    def court_in_copy(d: dict) -> None:
        d["addressees"][0]["role"] = "to"
        d["addressees"][-1]["role"] = "cc"

    edit_case(case_dir, court_in_copy)
    with pytest.raises(CaseError) as refused:
        load_case(case_dir)
    messages = [p.message for p in refused.value.problems]
    assert [m for m in messages if "a claim is filed to a court alone" in m] != []
    assert [m for m in messages if "time limit for filing" in m or "bracketed" in m] == []


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
