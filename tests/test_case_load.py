"""Loading the example case to its exact figures; the applicant's file; schema; reference data."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, edit_case
from election_appeal.case import load_case
from election_appeal.case.reference import load_reference


def test_the_example_loads_to_the_official_figures() -> None:
    data = load_case(EXAMPLE)
    case = data.case
    mazhilis, maslikhat = case.contest("mazhilis"), case.contest("maslikhat")
    assert mazhilis.votes == {
        "npk": 43337,
        "nur_otan": 178461,
        "auyl": 31802,
        "ak_zhol": 48887,
        "adal": 18835,
    }
    assert maslikhat.votes == {
        "npk": 23388,
        "nur_otan": 218003,
        "auyl": 24591,
        "ak_zhol": 32367,
        "adal": 21733,
    }
    assert sum(mazhilis.votes.values()) == 321322
    assert sum(maslikhat.votes.values()) == 320082
    assert (mazhilis.invalid, mazhilis.turnout, mazhilis.ballots_issued) == (None, None, None)
    assert (maslikhat.invalid, maslikhat.turnout, maslikhat.ballots_issued) == (
        10364,
        330446,
        341431,
    )
    assert maslikhat.seats == 39
    assert maslikhat.seats_awarded == {"npk": 3, "nur_otan": 29, "auyl": 3, "ak_zhol": 4, "adal": 0}
    assert case.allocation.threshold == Decimal("0.07")
    assert (case.comparison.first, case.comparison.second) == ("mazhilis", "maslikhat")
    assert case.illustrative is True
    assert data.applicant.full_name == "[Фамилия Имя Отчество]"
    assert data.applicant.iin is None
    assert data.warnings == []


def test_the_example_protocols_have_the_described_properties() -> None:
    protocols = load_case(EXAMPLE).protocols
    first = [p for p in protocols.protocols if p.contest == "mazhilis"]
    second = {p.station: p for p in protocols.protocols if p.contest == "maslikhat"}
    assert len(protocols.stations()) == 66
    assert len({p.district for p in first}) == 8
    assert sum(1 for p in first if p.kind == "закрытый") == 4
    assert sorted(protocols.sources().values()) == [2, 4, 10, 50]
    assert sum(v or 0 for p in first for v in p.votes.values()) == 21588
    diffs = [
        (second[p.station].votes[party] or 0) - (votes or 0)
        for p in first
        for party, votes in p.votes.items()
    ]
    assert (min(diffs), max(diffs)) == (-66, 140)


def test_applicant_in_a_separate_file(case_dir: Path) -> None:
    (case_dir / "applicant.yaml").write_text(
        "full_name: Иванов Иван Иванович\niin: '791028302728'\naddress: г. Алматы\n",
        encoding="utf-8",
    )
    edit_case(case_dir, lambda d: d.update(applicant={"file": "applicant.yaml"}))
    applicant = load_case(case_dir).applicant
    assert (applicant.full_name, applicant.iin) == ("Иванов Иван Иванович", "791028302728")


def test_problems_in_the_applicants_file_name_that_file(run, case_dir: Path) -> None:
    (case_dir / "applicant.yaml").write_text("full_name: Иванов\niin: '061211600013'\n")
    edit_case(case_dir, lambda d: d.update(applicant={"file": "applicant.yaml"}))
    result = run("check", case_dir)
    assert result.exit_code == 1
    path = case_dir / "applicant.yaml"
    assert result.stderr.splitlines() == [
        f"Error: {path}, line 1, address: this field is required but is missing",
        f'Error: {path}, line 2, iin: "061211600013" has a wrong check digit '
        "(the last digit should be 2); check for a typo",
        "2 errors, 0 warnings. Fix the errors and run the command again.",
    ]


def test_a_missing_applicant_file(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.update(applicant={"file": "me.yaml"}))
    result = run("check", case_dir)
    assert result.stderr.splitlines()[0] == (
        f"Error: {case_dir / 'case.yaml'}, line 4, applicant.file: "
        'the applicant\'s file "me.yaml" is not in the case folder'
    )


def test_schema_is_json_schema_of_the_case(run, tmp_path: Path) -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Case"
    assert {"illustrative", "applicant", "contests"} <= set(schema["required"])
    # an election of one contest compares nothing: a case needs one contest and no comparison
    assert "comparison" not in schema["required"]
    assert schema["properties"]["contests"]["minItems"] == 1
    assert run("schema", "-o", tmp_path / "s.json").stdout == f"Wrote {tmp_path / 's.json'}\n"
    assert json.loads((tmp_path / "s.json").read_text()) == schema


def test_the_reference_tables_load() -> None:
    reference = load_reference(ROOT / "data" / "reference")
    wages = {w.year: w for w in reference.wages if w.valid_from.month == 1}
    assert (wages[2021].mzp, wages[2021].mrp) == (42500, 2917)
    assert [w.mrp for w in reference.wages if w.year == 2020] == [2651, 2778]
    assert reference.funding.especially_large.mrp == 4000
    assert reference.authorities["prosecutor_general"].name.texts["kk"] == (
        "Қазақстан Республикасының Бас прокуратурасы"
    )
    assert reference.authorities["prosecutor_general"].address.street is None


def test_a_broken_reference_row_is_named(run, tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    with (folder / "wages.csv").open("a", encoding="utf-8") as handle:
        handle.write("2027,2027-01-01,90 000,четыре,,\n")
    from election_appeal.errors import CaseError

    try:
        load_reference(folder)
    except CaseError as exc:
        assert [str(p) for p in exc.problems] == [
            'reference/wages.csv, row 12: cannot be read: "четыре" is not a number'
        ]
    else:
        raise AssertionError("a broken wages row must be reported")


def test_a_wages_row_without_its_kazakh_source_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    with (folder / "wages.csv").open("a", encoding="utf-8") as handle:
        handle.write("2027,2027-01-01,90000,4500,Закон о бюджете,\n")
    from election_appeal.errors import CaseError

    with pytest.raises(CaseError) as caught:
        load_reference(folder)
    assert [str(p) for p in caught.value.problems] == [
        "reference/wages.csv, row 12: year, valid_from, mzp, mrp, source and source_kk must all "
        "be filled in"
    ]


def test_a_funding_year_without_wages(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["funding"].update(year=2030))
    result = run("check", case_dir)
    assert result.stderr.splitlines()[0] == (
        f"Error: {case_dir / 'case.yaml'}, line 135, funding: data/reference/wages.csv has no "
        "МЗП and МРП for 2030 (years known: 2018–2026)"
    )
