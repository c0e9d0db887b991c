"""A text `appeal new` writes for the user to replace, a «...» standing for a blank or the
skeleton's stand-in party («партии А») is found by `check` at its field; a real case holding
one is not built (its documents would print it as written), an illustrative one is, with a
warning. Expected fields and sentences written by hand from the skeleton."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import edit_case
from election_appeal.case.placeholders import placeholder_in
from election_appeal.scaffold import Answers, new_case

PLACEHOLDER = "a placeholder of a new case"
# What the skeleton writes for the user to replace, field by field (read off skeleton/*.yaml).
SKELETON_TEXTS = {
    "parties[0].name": "Полное наименование партии А",
    "parties[0].short_name": "«Краткое наименование партии А»",
    "parties[1].name": "Полное наименование партии Б",
    "parties[1].short_name": "«Краткое наименование партии Б»",
    "contests[0].title": "Выборы депутатов ...",
    "contests[0].source": "Постановление ... от ... № ...",
}
SECOND_CONTEST = {
    "contests[1].title": "Выборы депутатов ...",
    "contests[1].source": "Протокол ... от ...",
}


def _texts(value: object, path: str = "") -> dict[str, str]:
    """Every string of a YAML tree with a Cyrillic letter, by its dotted field."""
    if isinstance(value, dict):
        return {
            k: v
            for key, item in value.items()
            for k, v in _texts(item, f"{path}.{key}" if path else str(key)).items()
        }
    if isinstance(value, list):
        return {
            k: v for i, item in enumerate(value) for k, v in _texts(item, f"{path}[{i}]").items()
        }
    if isinstance(value, str) and re.search("[А-Яа-я]", value):
        return {path: value}
    return {}


def _reported(output: str) -> dict[str, str]:
    """The fields `check` names a placeholder at, with the text it quotes."""
    found = {}
    for line in output.splitlines():
        if PLACEHOLDER in line:
            field, said = re.search(r"line \d+, ([^:]+): (.*)$", line).groups()  # type: ignore[union-attr]
            found[field] = said.split(" is a placeholder")[0].split(" holds ")[0].strip("«»")
    return found


@pytest.mark.parametrize("contests", [1, 2])
def test_every_text_of_a_new_case_is_found(run, tmp_path: Path, contests: int) -> None:
    folder = tmp_path / "new"
    new_case(folder, Answers(contests=contests, territory="г. Алматы", appeal_place="г. Алматы"))
    written = _texts(yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")))
    # The user's own answers and the headings true of any case stay; everything else is found.
    kept = {f: t for f, t in written.items() if t == "г. Алматы" or f.endswith("short_title")}
    expected = SKELETON_TEXTS | (SECOND_CONTEST if contests == 2 else {})
    assert {f: t for f, t in written.items() if f not in kept} == expected
    result = run("check", folder)
    assert result.exit_code == 1
    assert _reported(result.output) == {f: t.strip("«»") for f, t in expected.items()}
    # The rest of the case is checked too: its empty fields are named at the same time.
    assert "election.date: this field is empty; fill it in" in result.output


def _real_with_placeholders(case_dir: Path, illustrative: bool) -> None:
    def change(data: dict) -> None:
        data["illustrative"] = illustrative
        data["contests"][0]["source"] = "Постановление ТИК г. Алматы от … № …"
        data["parties"][1]["name"] = "Полное наименование партии Б"
        data["allocation"]["threshold"] = 700  # a problem of its own, named at the same time

    edit_case(case_dir, change)


def test_check_names_each_placeholder_of_a_real_case_with_the_rest(run, case_dir: Path) -> None:
    _real_with_placeholders(case_dir, illustrative=False)
    result = run("check", case_dir)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(", ", 2)[-1] for line in lines if PLACEHOLDER in line] == [
        "parties[1].name: «Полное наименование партии Б» is a placeholder of a new case; the "
        "documents would print it as it is: write the real text; until then the build writes "
        "no document",
        "contests[0].source: «Постановление ТИК г. Алматы от … № …» holds «…», a placeholder "
        "of a new case; the documents would print it as it is: write the real text; until then "
        "the build writes no document",
    ]
    assert any("allocation.threshold: " in line for line in lines)


def test_a_real_case_with_a_placeholder_is_not_built(run, case_dir: Path, tmp_path: Path) -> None:
    _real_with_placeholders(case_dir, illustrative=False)
    edit_case(case_dir, lambda d: d["allocation"].update(threshold=0.07))
    out = tmp_path / "out"
    result = run("build", case_dir, "--out", out, "--format", "xlsx")
    assert result.exit_code != 0
    assert "«Полное наименование партии Б» is a placeholder" in result.output
    assert not list(out.rglob("*.xlsx")) and not list(out.rglob("*.pdf"))


def test_an_illustrative_case_is_built_and_told(run, case_dir: Path, tmp_path: Path) -> None:
    _real_with_placeholders(case_dir, illustrative=True)
    edit_case(case_dir, lambda d: d["allocation"].update(threshold=0.07))
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert (
        "parties[1].name: «Полное наименование партии Б» is a placeholder of a new case; the "
        "documents print it as it is, on pages marked ОБРАЗЕЦ (the case is illustrative)"
    ) in result.output


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Выборы депутатов ...", "Выборы депутатов ..."),
        ("Протокол № … от 11 января 2021 года", "…"),
        ("Постановление ЦИК от ... 2021 года", "..."),
        ("партия «...»", "..."),
        ("Демократическая партия, в списке партии Б", "партии Б"),
        # Real texts: a cut word, an elision inside a quotation, names of parties and people.
        ("Выборы депутатов маслихата города Алматы", None),
        ("Постановление ЦИК от 12 января 2021 года № 60/395", None),
        ("в нарушение статьи…", None),
        ("«…в нарушение закона»", None),
        ("партии «Ак жол»", None),
        ("партии Ак жол", None),
        ("Партия А", None),
        ("Иванова А.", None),
    ],
)
def test_what_is_a_placeholder(text: str, found: str | None) -> None:
    assert placeholder_in(text) == found


def test_prose_is_looked_at_for_the_skeletons_texts_only() -> None:
    assert placeholder_in("Он сказал: ... и ушёл", prose=True) is None
    assert placeholder_in("Выборы депутатов ...", prose=True) == "Выборы депутатов ..."
