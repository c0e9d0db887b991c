"""A protocol line a table leaves out is a figure not known, never 0: a table without the votes
against all, on the ballots of an election that had the line, is refused with the file and the
column named, instead of accusing every station of a shortfall the size of its votes against
all; a blank cell leaves that station's balance unchecked, and says so.

The figures are those of the Kurultai example (data/kurultai-2026, 30 August 2026, after the
line «против всех» came onto the ballots) and of the Almaty example (10 January 2021, before)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.analysis.protocols import check_protocols
from election_appeal.case import load_case
from election_appeal.case.protocols import LINE_COLUMNS, Protocol

KURULTAI = ROOT / "data" / "kurultai-2026"
MISSING = "the column against_all is missing"


@pytest.fixture
def kurultai(tmp_path: Path) -> Path:
    folder = tmp_path / "kurultai"
    shutil.copytree(KURULTAI, folder)
    return folder


def _drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    write_rows(path, [{k: v for k, v in row.items() if k != column} for row in rows])


def _set(path: Path, station: str, column: str, value: str) -> None:
    rows = read_rows(path)
    for row in rows:
        if row["station"] == station:
            row[column] = value
    write_rows(path, rows)


# Station 478 of the example, the same in the copies and the official table: 807 ballots in the
# boxes = 27 invalid + 503 + 132 + 66 + 39 + 24 = 764 for the parties + 16 against all.
STATION_478 = {"ballots_in_boxes": 807, "invalid": 27, "against_all": 16}
PARTIES_478 = {"party_a": 503, "party_b": 132, "party_v": 66, "party_g": 39, "party_d": 24}


def test_the_station_figures_are_those_of_the_example() -> None:
    with (KURULTAI / "official.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["station"] == "478")
    assert {k: int(row[k]) for k in (*STATION_478, *PARTIES_478)} == STATION_478 | PARTIES_478
    assert 27 + sum(PARTIES_478.values()) + 16 == 807


@pytest.mark.parametrize("table", ["official.csv", "protocols.csv"])
def test_a_table_without_against_all_is_refused_never_accused(
    run, kurultai: Path, table: str
) -> None:
    _drop_column(kurultai / table, "against_all")
    result = run("check", kurultai)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f'Error: {kurultai / table}, row 1: {MISSING}: the ballots ("Курултай") carry the line '
        "«против всех» (elections held from 20 November 2022 have it, and this one was held on "
        "30 August 2026), so every protocol gives the votes against all. Without them the "
        "ballots in the boxes cannot be set against the invalid ballots and the votes cast, and "
        "are not: a missing figure is not known, never 0. Add the column against_all with each "
        "station's figure; leave a cell empty where the figure is not known"
    ]
    # Read as 0, the votes against all of station 478 (16) were a shortfall of the ballots.
    assert "control ratio" not in result.output


def test_the_column_is_asked_for_when_case_yaml_gives_the_votes_against_all(
    run, case_dir: Path
) -> None:
    """Before the line's first day on record (10 January 2021) a table needs no such column,
    unless case.yaml gives the contest's votes against all: its ballots had the line."""
    _drop_column(case_dir / "protocols.csv", "against_all")
    assert MISSING not in run("check", case_dir).output
    edit_case(case_dir, lambda d: d["contests"][1].update(against_all=1000))
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert (
        f'Error: {case_dir / "protocols.csv"}, row 1: {MISSING}: the ballots ("Маслихат") carry '
        "the line «против всех» (case.yaml gives the votes against all of the contest)"
    ) in result.stderr


def test_before_the_line_a_blank_is_0_and_the_balance_is_still_checked(run, case_dir: Path) -> None:
    """Station 170, «Маслихат», 2021: 419 in the boxes − (9 invalid + 55 + 220 + 27 + 68 + 28 =
    398 for the parties) = +12, with no «против всех» on the ballot: a shortfall it is."""
    _drop_column(case_dir / "protocols.csv", "against_all")
    assert 419 - (9 + 55 + 220 + 27 + 68 + 28) == 12
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert (
        'station 170, the "Маслихат" copy breaks a control ratio: ballots in the boxes ≠ '
        "invalid ballots + votes for the parties (+ against all) (difference +12)"
    ) in result.output


@pytest.mark.parametrize("table", ["protocols.csv", "official.csv"])
def test_a_blank_against_all_leaves_that_station_unchecked_and_says_so(
    kurultai: Path, table: str
) -> None:
    _set(kurultai / table, "478", "against_all", "")
    _set(kurultai / table, "478", "invalid", "26")  # a slip beside the blank
    checked = api.check(kurultai)
    blank = [p for p in checked.warnings if p.column == "against_all"]
    assert [(p.file, p.message) for p in blank] == [
        (
            str(kurultai / table),
            "the votes against all are empty at stations 478 (1 in all) although the ballots "
            "carry the line «против всех»: the figure is not known there, so the ballots in the "
            "boxes are not checked against the invalid ballots and the votes cast; fill the cells "
            "in where the protocol gives the figure",
        )
    ]
    # 807 − (26 + 764) = +17 would be the gap if the blank were 0; it is not known, so the
    # station's balance is not checked at all, in the copies or the official figures.
    analysis = analyse(load_case(kurultai))
    assert analysis.official is not None
    broken = [*analysis.protocol_checks, *analysis.official.violations]
    assert [v for v in broken if v.station == "478"] == []
    assert "difference +17" not in " ".join(p.message for p in checked.warnings)


def _protocol(**lines: int | None) -> Protocol:
    values: dict[str, int | None] = dict.fromkeys(LINE_COLUMNS)
    values.update(lines)
    return Protocol(2, "478", "", "", "", "kurultai", values, PARTIES_478)


def test_a_blank_is_0_only_where_the_ballot_had_no_such_line() -> None:
    unknown = _protocol(ballots_in_boxes=807, invalid=27, against_all=None)
    assert check_protocols([unknown]) == []
    assert check_protocols([unknown], without_against_all=["other"]) == []
    [broken] = check_protocols([unknown], without_against_all=["kurultai"])
    assert (broken.rule, broken.gap) == ("boxes_balance", 807 - (27 + 764))
    assert broken.values == {
        "ballots_in_boxes": 807,
        "invalid": 27,
        "votes_for_parties": 764,
        "against_all": 0,
    }
    # Known, it counts whatever the ballot: 807 = 27 + 764 + 16.
    assert check_protocols([_protocol(ballots_in_boxes=807, invalid=27, against_all=16)]) == []


def test_a_forgotten_line_column_is_named(run, kurultai: Path) -> None:
    """Without `invalid`, the balance of the ballots in the boxes is not checked: said, with the
    column; a table of votes alone is not told of columns it never meant to have."""
    _drop_column(kurultai / "protocols.csv", "invalid")
    result = run("check", kurultai)
    assert result.exit_code == 0, result.output
    assert (
        f"Warning: {kurultai / 'protocols.csv'}, row 1: the table has no column(s) invalid: these "
        "figures are not known, never 0"
    ) in result.output
    for line in LINE_COLUMNS:
        _drop_column(kurultai / "protocols.csv", line)
    result = run("check", kurultai)
    assert "the table has no column(s)" not in result.output
    assert MISSING not in result.output


def test_the_messages_are_in_the_users_language(
    run, kurultai: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drop_column(kurultai / "official.csv", "against_all")
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert "нет столбца against_all: в бюллетенях («Курултай») есть графа «против всех»" in (
        run("check", kurultai).stderr
    )
    monkeypatch.setenv("APPEAL_LANG", "kk")
    assert "against_all бағаны жоқ: бюллетеньдерде («Құрылтай») «бәріне қарсымын» жолы бар" in (
        run("check", kurultai).stderr
    )
