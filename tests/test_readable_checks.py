"""The cross-checks of a case.yaml the model refused, run on what could be read
(validate.readable_cross_check): a slip in a vote count no longer hides an unknown addressee
and a court written as a copy until it is fixed. Expected messages written by hand."""

from __future__ import annotations

from pathlib import Path

from conftest import edit_case
from election_appeal.case.reference import load_reference
from election_appeal.case.validate import readable_cross_check, readable_protocols
from election_appeal.case.yamlfile import read_yaml
from election_appeal.resources import reference_dir

COURT = "city_court: {kind: court, name: {ru: Алматинский городской суд}}\n"


def _readable(case_dir: Path) -> list[str]:
    doc = read_yaml(case_dir / "case.yaml", str(case_dir / "case.yaml"))
    reference = load_reference(reference_dir(), case_dir)
    found = readable_cross_check(doc, doc.data, reference, case_dir, readable_protocols(case_dir))
    return [f"{p.severity.name} {p.where.split(', ', 1)[1]}: {p.message}" for p in found]


def test_a_bad_count_no_longer_hides_the_addressees_problems(case_dir: Path) -> None:
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")

    def spoil(d: dict) -> None:
        d["contests"][0]["votes"]["adal"] = "12 5"  # two figures in one field
        d["addressees"].append({"id": "nosuch", "role": "cc"})
        d["addressees"].append({"id": "city_court", "role": "cc"})

    edit_case(case_dir, spoil)
    found = _readable(case_dir)
    assert (
        'ERROR addressees[4].id: "nosuch" is not in data/reference/authorities.yaml (known: '
        "prosecutor_general, anticorruption_almaty, police_almaty, prosecutor_almaty, "
        "central_election_commission, city_court)"
    ) in found
    assert (
        'ERROR addressees[5].role: "Алматинский городской суд" is a court: a claim is filed to '
        "a court alone, not sent as a copy; make it the addressee (role: to) of a case of its "
        "own, or remove it"
    ) in found
    # The count left out is not reported again as missing.
    assert not [f for f in found if f.split(":")[0].endswith("contests[0].votes")], found


def test_a_missing_required_field_leaves_the_checks_for_after_the_fix(case_dir: Path) -> None:
    """Without the election's date nothing dated can be checked: nothing is guessed."""
    edit_case(case_dir, lambda d: d["election"].pop("date"))
    assert _readable(case_dir) == []


def test_check_lists_the_count_and_the_addressees_at_once(run, monkeypatch, case_dir) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")

    def spoil(d: dict) -> None:
        d["contests"][0]["votes"]["adal"] = "12 5"
        d["addressees"].append({"id": "city_court", "role": "cc"})

    edit_case(case_dir, spoil)
    result = run("check", case_dir)
    assert result.exit_code == 1
    errors = [line.split(", ", 2)[2] for line in result.stderr.splitlines() if "Ошибка:" in line]
    assert errors == [
        "addressees[4].role: «Алматинский городской суд» — суд: административный иск подается в "
        "суд, а не направляется ему в копии; сделайте суд адресатом (role: to) отдельного дела "
        "или уберите его",
        "contests[0].votes.adal: «12 5» не удаётся прочитать: после пробела цифры должны идти "
        "группами по три, как в «43 337»; сверьте с протоколом и наберите число заново",
    ]
