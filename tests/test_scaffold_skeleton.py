"""`appeal new`'s case.yaml for one voting and for two: every value it writes is true for any
election (no funding named for a body it may not be, no «против всех» line for ballots that
had none, the same fields asked of each contest), and the file reads as YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from election_appeal import api
from election_appeal.scaffold import Answers, new_case


def _case(folder: Path, **answers: object) -> dict:
    new_case(folder, Answers(**answers))  # type: ignore[arg-type]
    return yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("contests", [1, 2])
def test_a_new_case_names_no_funding_and_asks_each_contest_the_same(
    tmp_path: Path, contests: int
) -> None:
    case = _case(tmp_path / "c", contests=contests, election_date="2026-08-30")
    assert "funding" not in case
    assert len(case["contests"]) == contests
    for contest in case["contests"]:
        assert contest["decided_by"] is None and contest["source_date"] is None
        assert contest["against_all"] is None  # the line was on the ballots of 2026
    assert ("comparison" in case) is (contests == 2)
    assert case["election"]["territory_genitive"] is None  # asked; left for the user


def test_the_genitive_answered_is_written(tmp_path: Path) -> None:
    case = _case(tmp_path / "c", territory="г. Алматы", territory_genitive="г. Алматы")
    assert case["election"] == {
        "date": None,
        "territory": "г. Алматы",
        "territory_genitive": "г. Алматы",
        "stations": None,
    }


@pytest.mark.parametrize(
    ("day", "line"),
    [("2021-01-10", False), ("2022-11-19", False), ("2022-11-20", True), ("2023-03-19", True)],
)
def test_against_all_only_where_the_ballots_had_it(tmp_path: Path, day: str, line: bool) -> None:
    # law.yaml: the line «против всех» from 20 November 2022 (the day the CEC said it was law).
    written = new_case(tmp_path / "c", Answers(election_date=day))
    text = written[0].read_text(encoding="utf-8")
    assert ("against_all" in text) is line


def test_the_page_passes_the_genitive_through_the_api(tmp_path: Path) -> None:
    answers = {"territory": "Республика Казахстан", "territory_genitive": "Республики Казахстан"}
    api.new_case(tmp_path / "c", {**answers, "contests": 1})
    text = (tmp_path / "c" / "case.yaml").read_text(encoding="utf-8")
    assert 'territory_genitive: "Республики Казахстан"\n' in text


@pytest.mark.parametrize(("contests", "least"), [(1, 2), (2, 1)])
def test_the_second_list_is_admitted_only_for_a_national_election(
    tmp_path: Path, contests: int, least: int
) -> None:
    # The Mazhilis' rule since 2009 (DOMAIN.md §2); the maslikhats compared in a case of two
    # votings have none on record (the example's maslikhat: min_parties 1).
    case = _case(tmp_path / "c", contests=contests)
    assert case["allocation"]["min_parties"] == least
