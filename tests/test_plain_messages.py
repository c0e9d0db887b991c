"""Messages of `appeal check` a first-time user can act on: a threshold written as a percentage
without its sign, and a time limit counted from the election day for want of the decision's
date. Expected texts written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case

THRESHOLD = {
    # 7 meant as 7 %: 7 / 100 = 0,07.
    ("ru", 7): "allocation.threshold: 7 — не доля: доля меньше 1 (целого); если это 7 %, "
    "напишите 7% или 0,07",
    # 7,5 % is 0,075.
    ("ru", 7.5): "allocation.threshold: 7,5 — не доля: доля меньше 1 (целого); если это 7,5 %, "
    "напишите 7,5% или 0,075",
    ("kk", 7): "allocation.threshold: 7 — үлес емес: үлес 1-ден (бүтіннен) кіші; егер 7 % деген "
    "болсаңыз, 7% немесе 0,07 деп жазыңыз",
    ("en", 7): "allocation.threshold: 7 is not a share: a share is below 1 (the whole); if you "
    "meant 7 %, write 0.07 or 7%",
    # 100 % is no threshold anyone means: no guess at what was meant.
    ("ru", "100%"): "allocation.threshold: доля меньше 1 (целого): напишите процент меньше 100, "
    "например 7%, или дробь, например 0,07",
    ("ru", 700): "allocation.threshold: доля меньше 1 (целого): напишите процент меньше 100, "
    "например 7%, или дробь, например 0,07",
}


@pytest.mark.parametrize(("language", "written"), list(THRESHOLD))
def test_a_threshold_of_the_whole_or_more_says_how_to_write_it(
    run, monkeypatch, case_dir: Path, language: str, written: object
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    edit_case(case_dir, lambda d: d["allocation"].update(threshold=written))
    result = run("check", case_dir)
    assert result.exit_code == 1
    found = [line for line in result.stderr.splitlines() if "allocation.threshold: " in line]
    assert len(found) == 1, result.output
    assert found[0].endswith(THRESHOLD[(language, written)])


@pytest.mark.parametrize("written", [0.07, "7%", "0,07", "7 %"])
def test_a_threshold_written_as_a_share_or_a_percentage_is_taken(
    run, case_dir: Path, written: object
) -> None:
    edit_case(case_dir, lambda d: d["allocation"].update(threshold=written))
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert "allocation.threshold" not in result.output


def test_a_limit_from_the_election_day_says_where_the_decisions_date_goes(
    run, monkeypatch, case_dir: Path
) -> None:
    """Without any source_date the claim's 10 days run from the election day, 10 October
    2021: the last day is 20 October, 2 days after the claim of the 18th."""
    monkeypatch.setenv("APPEAL_LANG", "ru")
    to_the_court(case_dir)
    edit_case(case_dir, lambda d: [c.pop("source_date", None) for c in d["contests"]])
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    # The line says what the limit counts from, without nested brackets; where the date goes is
    # check's warning at the contest (tests/test_decision_date.py).
    assert (
        "Алматинский городской суд — административный иск: 10 дней со дня выборов, 10 октября "
        "2021 г., так как дата решения не указана, последний день 20 октября 2021 г.: осталось "
        "2 дня"
    ) in result.stdout
    assert "contests[1].source_date: Алматинский городской суд: срок подачи" in result.stdout


def test_the_analysis_heads_the_difference_with_a_noun_and_a_minus_sign(run, monkeypatch) -> None:
    """The one-contest example: station 905's party_a copy says 769, the official table 810
    (protocols.csv, official.csv): 769 − 810 = −41, under the heading the appeal's table has."""
    from conftest import ROOT

    monkeypatch.setenv("APPEAL_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "200")
    result = run("analyse", ROOT / "data" / "kurultai-2026")
    assert result.exit_code == 0, result.output
    assert "копия − официальные итоги" in result.stdout
    row = next(line for line in result.stdout.splitlines() if " 905 " in line and "party_a" in line)
    assert row.split()[-2:] == ["\u221241", "│"]
