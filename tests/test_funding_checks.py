"""State funding of parties follows the votes of one chamber's election: the Mazhilis's, under
the rules on record (data/reference/funding.yaml, DOMAIN §3). A funding section tied to a
maslikhat contest, or to a Kurultai contest while no rule naming the Kurultai is on record
(DOMAIN §7), would state a rule that does not exist: `check` refuses it, with the field, the
reason and what to do; a rule naming the Kurultai, added with its source, is used."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, edit_case
from election_appeal import api
from election_appeal.analysis.funding import vote_value
from election_appeal.case import load_case
from election_appeal.case.reference import load_reference
from election_appeal.errors import CaseError
from kurultai_rule import reference_with_kurultai_rule, use_kurultai_rule

KURULTAI = ROOT / "data" / "kurultai-2026"
RULE_2009 = (
    "Постановление Центральной избирательной комиссии Республики Казахстан от 3 сентября 2009 "
    "года № 166/314, пункт 4"
)


@pytest.fixture
def kurultai(tmp_path: Path) -> Path:
    """The Kurultai example with its votes tied to party funding."""
    folder = tmp_path / "kurultai"
    shutil.copytree(KURULTAI, folder)
    edit_case(folder, lambda d: d.update(funding={"contest": "kurultai", "term_years": 5}))
    return folder


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_a_maslikhat_contest_cannot_drive_funding(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["funding"].update(contest="maslikhat"))
    result = run("check", case_dir)
    assert result.exit_code == 1
    [error] = _errors(result)
    assert error.startswith(f"Error: {case_dir / 'case.yaml'}, line ")
    assert error.endswith(
        ', funding.contest: "Маслихат" is an election to a maslikhat, but state funding of '
        f"parties is paid by the votes of the elections to the Mazhilis only ({RULE_2009}): no "
        "funding is paid by a maslikhat's votes, and the documents would say it is. Remove the "
        "funding block from case.yaml, or set funding.contest to the contest of the elections "
        "to the Mazhilis if the case has one"
    )
    # The build refuses it too: nothing is written.
    out = case_dir.parent / "out"
    assert run("build", case_dir, "--out", out).exit_code == 1
    assert not (out / "case" / "appeal.pdf").exists()


def test_a_maslikhat_alone_in_kazakh(run, case_dir: Path, monkeypatch) -> None:
    edit_case(case_dir, lambda d: d["funding"].update(contest="maslikhat"))
    monkeypatch.setenv("APPEAL_LANG", "kk")
    assert (
        "funding.contest: «Мәслихат» — мәслихат сайлауы, бірақ партияларды мемлекеттік "
        "қаржыландыру тек Мәжіліс сайлауындағы дауыстар бойынша жүзеге асырылады"
    ) in run("check", case_dir).stderr


def test_a_kurultai_contest_without_a_rule_on_record_is_refused(run, kurultai: Path) -> None:
    result = run("check", kurultai)
    assert result.exit_code == 1
    [error] = _errors(result)
    assert error.endswith(
        ', funding.contest: "Курултай" is an election to the Kurultai, but no rule on record '
        "says what a vote in it is worth in state funding of parties: since the Constitution of "
        "2026 the funding is set by a constitutional law whose official text was not read, and "
        "the rules on record pay by the votes of the elections to the Mazhilis. The documents "
        "cannot state it: remove the funding block from case.yaml. A rule read in the official "
        "text is added to data/reference/funding.yaml with body: kurultai and its source"
    )
    assert "0,65" not in result.output and "0.65" not in result.output


def test_a_rule_naming_the_kurultai_is_used(
    kurultai: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests' rule (0,65 МРП from 2026, kurultai_rule.py): 0,65 × 4 325 (МРП of 2026) =
    2 811,25 tenge a vote a year."""
    use_kurultai_rule(monkeypatch, tmp_path)
    data = api.check(kurultai).data
    value = vote_value(data.case, data.reference)
    assert (value.base, value.base_amount, value.per_year) == ("mrp", 4325, Decimal("2811.25"))
    assert value.rule_source.ru.startswith("ТЕСТОВОЕ правило")


def test_the_rule_of_the_body_is_taken_not_the_first_of_the_year(
    kurultai: Path, tmp_path: Path
) -> None:
    """Two rules for 2026: the Mazhilis's 0,65 МРП (shipped) and a Kurultai rule of ½ МРП: the
    Kurultai contest is priced by its own, 4 325 / 2 = 2 162,50 tenge."""
    reference = reference_with_kurultai_rule(tmp_path)
    funding = reference / "funding.yaml"
    funding.write_text(
        funding.read_text(encoding="utf-8").replace(
            'body: kurultai\n    base: mrp\n    share: "0.65"',
            'body: kurultai\n    base: mrp\n    share: "1/2"',
        ),
        encoding="utf-8",
    )
    data = load_case(kurultai, reference)
    assert vote_value(data.case, data.reference).per_year == Decimal("2162.50")
    assert 4325 / 2 == 2162.5


def test_no_rule_may_name_a_maslikhat(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", reference)
    funding = reference / "funding.yaml"
    funding.write_text(
        funding.read_text(encoding="utf-8").replace("body: mazhilis", "body: maslikhat", 1),
        encoding="utf-8",
    )
    with pytest.raises(CaseError) as error:
        load_reference(reference)
    assert any(p.file == "reference/funding.yaml" for p in error.value.problems)


def test_the_shipped_rules_name_the_mazhilis_alone() -> None:
    """No rule for the Kurultai is shipped until one is read in the official text."""
    data = yaml.safe_load((ROOT / "data" / "reference" / "funding.yaml").read_text("utf-8"))
    assert [rule["body"] for rule in data["vote_value"]] == ["mazhilis", "mazhilis"]
    rules = load_reference(ROOT / "data" / "reference").funding.vote_value
    assert {rule.body for rule in rules} == {"mazhilis"}


def test_a_title_naming_no_body_is_warned(case_dir: Path) -> None:
    def untitled(d: dict) -> None:
        d["contests"][0].update(title="Голосование по партийным спискам", short_title="Первое")

    edit_case(case_dir, untitled)
    [warning] = [p for p in api.check(case_dir).warnings if p.where.endswith("funding.contest")]
    assert warning.message == (
        '"Первое": its title names no elected body, and the documents will say that state '
        "funding of parties is paid by its votes, which is true only of the elections to the "
        f"Mazhilis ({RULE_2009}); name the Mazhilis in the title if it is that election, else "
        "remove the funding block from case.yaml"
    )
