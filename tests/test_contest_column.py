"""The `contest` column of the protocol and official tables: a contest may be typed as the
documents show it (its short title, in either language, whatever the letter case), a refused
cell is quoted as typed, a case of one contest needs no such column, and a table with a wrong
header still has every error of its rows listed in the same run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, read_rows, write_rows
from election_appeal.case import load_case

KURULTAI = ROOT / "data" / "kurultai-2026"


@pytest.fixture
def kurultai(tmp_path: Path) -> Path:
    folder = tmp_path / "kurultai"
    shutil.copytree(KURULTAI, folder)
    return folder


def _rewrite(path: Path, change) -> None:
    rows = read_rows(path)
    write_rows(path, [change(i, row) for i, row in enumerate(rows)])


def test_the_short_title_in_either_language_and_any_case_names_the_contest(
    kurultai: Path,
) -> None:
    typed = ["Курултай", "КУРУЛТАЙ", "Құрылтай", "kurultai"]
    _rewrite(kurultai / "protocols.csv", lambda i, row: row | {"contest": typed[i % 4]})
    _rewrite(kurultai / "official.csv", lambda i, row: row | {"contest": "құрылтай"})
    data = load_case(kurultai)
    assert len(data.protocols.protocols) == 40
    assert {p.contest for p in data.protocols.protocols} == {"kurultai"}
    assert data.official is not None and {p.contest for p in data.official.protocols} == {
        "kurultai"
    }


def test_a_contest_not_known_is_quoted_as_typed(run, kurultai: Path) -> None:
    _rewrite(
        kurultai / "protocols.csv", lambda i, row: row | {"contest": "Курултайй"} if i == 0 else row
    )
    result = run("check", kurultai)
    assert result.exit_code == 1
    assert (
        f'Error: {kurultai / "protocols.csv"}, row 2, column "contest": "Курултайй" is not a '
        "contest of case.yaml (known: kurultai («Курултай», «Құрылтай»))"
    ) in result.stderr.splitlines()


def test_a_table_of_one_contest_needs_no_contest_column_and_lists_every_error(
    run, kurultai: Path
) -> None:
    def without_contest(i: int, row: dict[str, str]) -> dict[str, str]:
        row = {k: v for k, v in row.items() if k != "contest"}
        return row | {"invalid": "1,80"} if i == 0 else row

    _rewrite(kurultai / "protocols.csv", without_contest)
    result = run("check", kurultai)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [
        f'Error: {kurultai / "protocols.csv"}, row 2, column "invalid": "1,80" is not a whole '
        "number; a count of votes has no fractions"
    ]
    _rewrite(kurultai / "protocols.csv", lambda i, row: row | {"invalid": "27"} if i == 0 else row)
    assert {p.contest for p in load_case(kurultai).protocols.protocols} == {"kurultai"}


def test_a_wrong_header_still_lists_the_errors_of_the_rows(run, case_dir: Path) -> None:
    """Two contests: the missing contest column is an error, and the bad figure of row 2 is
    listed beside it in the same run, not on the next one."""

    def without_contest(i: int, row: dict[str, str]) -> dict[str, str]:
        row = {k: v for k, v in row.items() if k != "contest"}
        return row | {"npk": "1,80"} if i == 0 else row

    _rewrite(case_dir / "protocols.csv", without_contest)
    result = run("check", case_dir)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    path = case_dir / "protocols.csv"
    assert errors == [
        f'Error: {path}, row 1: the required column "contest" is missing',
        f'Error: {path}, row 2, column "npk": "1,80" is not a whole number; a count of votes has '
        "no fractions",
    ]
