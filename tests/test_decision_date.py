"""A complaint's (or claim's) time limit counts from the decision on the result; without the
decision's date (contests[].source_date) it is counted from the election day, and `check` says
plainly what is missing, where to write it and what the limit is counted from meanwhile. The
case: the example complained of to the CEC on 15 January 2021. Figures by hand: 10 days from
the election day, 10 January, end on 20 January, 5 days after the 15th; the maslikhat's source
names the protocol of 11 January 2021."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_case
from election_appeal import api
from election_appeal.errors import Severity

CEC = {"en": "Центральная избирательная комиссия Республики Казахстан"}
CEC["ru"] = CEC["en"]
CEC["kk"] = "Қазақстан Республикасының Орталық сайлау комиссиясы"

NAMED = {
    "en": f"{CEC['en']}: the time limit for filing is counted from the decision on this result, "
    "but its date is missing. The result's source names 11 January 2021: if the decision is of "
    "that day, write source_date: 2021-01-11 in this contest. Until the date is given, the time "
    "limit is counted from the election day, 10 January 2021, and ends on 20 January 2021",
    "ru": f"{CEC['ru']}: срок подачи считается со дня решения об этих итогах, но дата решения не "
    "указана. В источнике итогов названа дата 11 января 2021 г.: если решение принято в этот "
    "день, впишите в это голосование source_date: 2021-01-11. Пока дата не указана, срок "
    "считается со дня выборов, 10 января 2021 г., и истекает 20 января 2021 г.",
    "kk": f"{CEC['kk']}: беру мерзімі осы қорытынды туралы шешім күнінен бастап есептеледі, "
    "бірақ шешімнің күні көрсетілмеген. Қорытындының дереккөзінде 2021 жылғы 11 қаңтар күні "
    "аталған: шешім сол күні қабылданса, осы дауыс беруге source_date: 2021-01-11 деп жазыңыз. "
    "Күні көрсетілгенше мерзім сайлау күнінен бастап (2021 жылғы 10 қаңтар) есептеледі, соңғы "
    "күні — 2021 жылғы 20 қаңтар",
}
LINE = {
    "en": f"  {CEC['en']} — complaint: 10 days from the election day, 10 January 2021, as the "
    "decision's date is not given, last day 20 January 2021: 5 days left",
    "ru": f"  {CEC['ru']} — жалоба: 10 дней со дня выборов, 10 января 2021 г., так как дата "
    "решения не указана, последний день 20 января 2021 г.: осталось 5 дней",
    "kk": f"  {CEC['kk']} — шағым: 10 күн, есебі: сайлау күнінен бастап, 2021 жылғы 10 қаңтар, "
    "өйткені шешімнің күні көрсетілмеген; соңғы күні 2021 жылғы 20 қаңтар: 5 күн қалды",
}
UNNAMED = (
    f"{CEC['en']}: the time limit for filing is counted from the decision on this result, but "
    "its date is missing: write it in this contest as source_date, a date like 2021-01-11. "
    "Until the date is given, the time limit is counted from the election day, 10 January "
    "2021, and ends on 20 January 2021"
)
FIELD = "contests[1].source_date: "


def _complaint(case_dir: Path, source: str | None = None, source_date: str | None = None) -> None:
    def change(d: dict) -> None:
        d["appeal"]["date"] = "2021-01-15"
        d["addressees"] = [{"id": "central_election_commission", "role": "to"}]
        maslikhat = d["contests"][1]
        maslikhat["decided_by"] = "Территориальная избирательная комиссия города Алматы"
        if source is not None:
            maslikhat["source"] = source
        if source_date is not None:
            maslikhat["source_date"] = source_date

    edit_case(case_dir, change)


def _said(output: str) -> list[str]:
    return [line.split(FIELD, 1)[1] for line in output.splitlines() if FIELD in line]


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_missing_date_is_asked_for_where_it_goes(
    run, case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _complaint(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert _said(result.output) == [NAMED[language]]
    lines = result.output.splitlines()
    assert any(line.startswith(LINE[language] + " (") for line in lines), result.output
    # The web page: the same warning at the same field.
    found = [p for p in api.check(case_dir).warnings if p.where.endswith("source_date")]
    assert [(p.message, p.severity) for p in found] == [(NAMED[language], Severity.WARNING)]


@pytest.mark.parametrize(
    "source",
    [
        "Протокол Территориальной избирательной комиссии города Алматы",
        # A date before the election is another act's: not offered as the decision's.
        "Протокол Территориальной избирательной комиссии города Алматы от 5 января 2021 года",
    ],
)
def test_without_a_date_in_the_source_the_form_of_one_is_shown(
    run, case_dir: Path, source: str
) -> None:
    _complaint(case_dir, source=source)
    result = run("check", case_dir)
    assert _said(result.output) == [UNNAMED]


def test_the_decisions_date_given_is_counted_from_and_not_asked_for(run, case_dir: Path) -> None:
    """From the decision of 11 January: the last day is 21 January, 6 days after the 15th."""
    _complaint(case_dir, source_date="2021-01-11")
    result = run("check", case_dir)
    assert _said(result.output) == []
    assert (
        f"  {CEC['en']} — complaint: 10 days from the decision of 11 January 2021, last day "
        "21 January 2021: 6 days left"
    ) in result.output


def test_letters_without_a_limit_from_the_decision_are_not_told(run, case_dir: Path) -> None:
    """The example (the prosecutor, the agency, the police): no route counts from a decision."""
    result = run("check", case_dir)
    assert "source_date" not in result.output
