"""A case with errors still names its contests by the names case.yaml gives them in the
warnings about copies that break a control ratio (station 170's maslikhat copy, row 37, and
station 440's Mazhilis copy, row 86, of the example): its short title in the user's language,
else its title; an id only where case.yaml gives no readable name."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_case
from election_appeal import api
from election_appeal.errors import CaseError


def _broken(case_dir: Path, change=None) -> None:
    def breaking(data: dict) -> None:
        data["appeal"]["place"] = ""
        if change:
            change(data)

    edit_case(case_dir, breaking)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["в копии «Маслихат»", "в копии «Маслихат»", "в копии «Мажилис»"]),
        (
            "kk",
            ["«Мәслихат» көшірмесінде", "«Мәслихат» көшірмесінде", "«Мәжіліс» көшірмесінде"],
        ),
    ],
)
def test_a_case_with_errors_names_contests_in_the_users_language(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: list[str]
) -> None:
    _broken(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "protocols.csv" in line]
    assert len(lines) == 3
    for line, said in zip(lines, expected, strict=True):
        assert said in line, line


def test_a_title_serves_when_there_is_no_short_title(run, case_dir: Path) -> None:
    def plain_titles(data: dict) -> None:
        for contest in data["contests"]:
            del contest["short_title"]
        data["contests"][1]["title"] = "Выборы в маслихат"

    _broken(case_dir, plain_titles)
    output = run("check", case_dir).stdout
    assert output.count('the "Выборы в маслихат" copy breaks') == 2
    assert (
        output.count('the "Выборы депутатов Мажилиса Парламента Республики Казахстан" copy breaks')
        == 1
    )


def test_an_unreadable_title_leaves_the_id(case_dir: Path) -> None:
    def no_title(data: dict) -> None:
        for contest in data["contests"]:
            del contest["short_title"]
            contest["title"] = ["not", "a", "text"]

    _broken(case_dir, no_title)
    with pytest.raises(CaseError) as refused:
        api.check(case_dir)
    broken = [p.message for p in refused.value.broken_ratios]  # type: ignore[attr-defined]
    assert sum('the "maslikhat" copy' in m for m in broken) == 2
    assert sum('the "mazhilis" copy' in m for m in broken) == 1
