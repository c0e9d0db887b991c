"""changes.md for people: the cells that changed, named as the user finds them, and the
figures of the appeal that changed, as the appeal prints them, in the case's language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, read_rows, write_rows
from election_appeal.publish.changes import printed_figure

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example built once as a spreadsheet only (quick): (case folder, output root)."""
    from click.testing import CliRunner

    from election_appeal.cli import main

    root = tmp_path_factory.mktemp("changes")
    shutil.copytree(EXAMPLE, root / "almaty")
    result = CliRunner().invoke(
        main, ["build", str(root / "almaty"), "--out", str(root / "out"), "--format", "xlsx"]
    )
    assert result.exit_code == 0, result.output
    return root / "almaty", root / "out"


def _rebuild(run, built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, str]:
    """A writable copy of the built case and of its outputs: (case folder, output root)."""
    case, out = built
    shutil.copytree(case, tmp_path / "almaty")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "almaty", str(tmp_path / "out")


def _paired_sum(rows: list[dict[str, str]], party: str) -> int:
    """Σ (maslikhat − mazhilis) of a party over stations with both protocols: d as the appeal
    defines it, computed here from the table, independently of the tool."""
    by_station: dict[str, dict[str, int]] = {}
    for row in rows:
        if row[party].strip():
            by_station.setdefault(row["station"], {})[row["contest"]] = int(row[party])
    return sum(v["maslikhat"] - v["mazhilis"] for v in by_station.values() if len(v) == 2)


def test_one_edited_cell_names_the_cell_and_the_changed_figures(run, built, tmp_path: Path) -> None:
    case, out = _rebuild(run, built, tmp_path)
    rows = read_rows(case / "protocols.csv")
    assert (rows[0]["station"], rows[0]["contest"], rows[0]["npk"]) == ("12", "mazhilis", "33")
    before = _paired_sum(rows, "npk")
    rows[0]["npk"] = "35"
    write_rows(case / "protocols.csv", rows)
    assert (before, _paired_sum(rows, "npk")) == (28, 26)  # station 12: d = 33 − 35 = −2

    result = run("build", case, "--out", out, "--format", "xlsx")
    assert result.exit_code == 0, result.output
    report = (Path(out) / "almaty" / "changes.md").read_text(encoding="utf-8")
    lines = report.splitlines()
    assert lines[:6] == [
        "# Изменения в деле almaty с прошлой сборки",
        "",
        "## Ячейки таблицы протоколов",
        "",
        "- protocols.csv, участок 12, mazhilis, столбец npk: 33 → 35",
        "",
    ]
    assert "Ни один участок не добавлен и не удалён." in lines
    # 66 paired stations: the mean of d goes from 28/66 = 0,42 to 26/66 = 0,39; the votes for
    # parties at the paired stations grow by the 2 votes.
    for line in (
        f"- Выборка копий протоколов, голоса за партии на этих участках: 21{NBSP}588 → 21{NBSP}590",
        "- Выборка копий протоколов, НПК, сумма d: +28 → +26",
        "- Выборка копий протоколов, НПК, среднее d: +0,42 → +0,39",
    ):
        assert line in lines
    # The official results did not change, nor anything of the other parties' d.
    assert not [line for line in lines if line.startswith("- Сравнение итогов")]
    assert not [line for line in lines if "сумма d" in line and "НПК" not in line]
    # The one spreadsheet the three letters share.
    assert report.endswith("## Документы\n\nПересобраны:\n- attachment-1-protocols.xlsx\n")
    # No internal key reaches the report.
    assert "sample." not in report and "bootstrap_ci95" not in report
    # The manifest keeps the cell for the next comparison.
    manifest = json.loads((Path(out) / "almaty" / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["protocols"]["rows"][0]
    assert (first["station"], first["contest"], first["cells"]["npk"]) == ("12", "mazhilis", 35)


def test_beyond_the_listed_cells_the_rest_are_counted(run, built, tmp_path, monkeypatch) -> None:
    from election_appeal.publish import changes

    monkeypatch.setattr(changes, "MAX_CELLS_LISTED", 2)
    case, out = _rebuild(run, built, tmp_path)
    rows = read_rows(case / "protocols.csv")
    for row in rows[:3]:  # station 12 mazhilis and maslikhat (772), 13 mazhilis (692): + 1
        row["voters_on_list"] = str(int(row["voters_on_list"]) + 1)
    write_rows(case / "protocols.csv", rows)
    result = run("build", case, "--out", out, "--format", "xlsx")
    assert result.exit_code == 0, result.output
    lines = (Path(out) / "almaty" / "changes.md").read_text(encoding="utf-8").splitlines()
    assert lines[4:8] == [
        "- protocols.csv, участок 12, mazhilis, столбец voters_on_list: 772 → 773",
        "- protocols.csv, участок 12, maslikhat, столбец voters_on_list: 772 → 773",
        "- и ещё изменённых ячеек: 1",
        "",
    ]


def test_a_manifest_from_before_cells_were_kept(run, built, tmp_path: Path) -> None:
    case, out = _rebuild(run, built, tmp_path)
    manifest_path = Path(out) / "almaty" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["protocols"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run("build", case, "--out", out, "--format", "xlsx", "--force")
    assert result.exit_code == 0, result.output
    report = (Path(out) / "almaty" / "changes.md").read_text(encoding="utf-8")
    assert (
        "Прошлая сборка не сохранила ячейки таблицы протоколов; изменённые ячейки будут "
        "перечисляться начиная со следующей сборки." in report
    )
    assert "Ни одна цифра обращения не изменилась." in report


def test_a_template_folder_may_word_changes_md(run, built, tmp_path: Path) -> None:
    case, out = _rebuild(run, built, tmp_path)
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "changes.md.j2").write_text(
        "{% for c in cells %}{{ c.station }}/{{ c.column }}: {{ c.old }}→{{ c.new }}\n{% endfor %}",
        encoding="utf-8",
    )
    rows = read_rows(case / "protocols.csv")
    rows[1]["nur_otan"] = "1 154"  # station 12, maslikhat: 154 → 1154
    write_rows(case / "protocols.csv", rows)
    args = ("--format", "xlsx", "--templates", mine)
    result = run("build", case, "--out", out, *args)
    assert result.exit_code == 0, result.output
    report = (Path(out) / "almaty" / "changes.md").read_text(encoding="utf-8")
    assert report == f"12/nur_otan: 154→1{NBSP}154\n"


@pytest.mark.parametrize(
    ("path", "printed"),
    [
        ("comparison.parties.npk.first_votes", ("comparison", "npk", "first_votes", None)),
        ("comparison.totals.turnout.difference", ("totals", "turnout", "difference", None)),
        ("hypothesis_1.official.quota", ("seats", None, "quota", "official")),
        ("sample.parties.adal.ci99[1]", ("sample", "adal", "ci99", "1")),
        ("sample.parties.adal.p_value", None),  # the appeal prints p after Holm's correction
        ("sample.bootstrap_seed", None),
        ("protocol_checks[0].gap", None),
    ],
)
def test_which_figures_the_appeal_prints(path: str, printed: tuple | None) -> None:
    figure = printed_figure(path)
    found = None if figure is None else (figure.table, figure.party, figure.figure, figure.variant)
    assert found == printed


def test_the_kazakh_words_are_ready(tmp_path: Path) -> None:
    from election_appeal.render.env import make_environment, render_template

    context = {
        "language": "kk",
        "case": "almaty",
        "file": "protocols.csv",
        "cells_known": True,
        "cells": [
            {"station": "12", "contest": "mazhilis", "column": "npk", "old": "33", "new": "35"}
        ],
        "cells_not_listed": 0,
        "protocols_added": [],
        "protocols_removed": [],
        "stations_added": ["999"],
        "stations_removed": [],
        "figures": [
            {
                "table": "sample",
                "party": "npk",
                "figure": "sum_diff",
                "variant": None,
                "old": "+28",
                "new": "+26",
            }
        ],
        "other_figures": 0,
        "parties": {"npk": "НПК"},
        "labels": dict.fromkeys(("first", "second", "seats", "votes", "funded", "other")),
        "documents": ["appeal.pdf"],
        "documents_removed": [],
    }
    text = render_template(make_environment(locale="kk"), "changes.md.j2", context)
    assert text.splitlines() == [
        "# almaty ісіндегі соңғы жасалғаннан кейінгі өзгерістер",
        "",
        "## Хаттамалар кестесінің ұяшықтары",
        "",
        "- protocols.csv, учаске 12, mazhilis, баған npk: 33 → 35",
        "",
        "## Учаскелер",
        "",
        "Қосылды (1): 999",
        "",
        "## Өтініштегі сандар",
        "",
        "- Хаттама көшірмелерінің іріктемесі, НПК, d айырмаларының қосындысы: +28 → +26",
        "",
        "## Құжаттар",
        "",
        "Қайта жасалды:",
        "- appeal.pdf",
    ]


def test_an_official_figure_changed_names_every_printed_figure_it_moves(
    run, built: tuple[Path, Path], tmp_path: Path
) -> None:
    """НПК's Mazhilis result 43 337 → 43 338 (case.yaml): its difference −19 949 → −19 950,
    the parties' total 321 322 → 321 323 and its difference −1 240 → −1 241, by hand."""
    case, out = _rebuild(run, built, tmp_path)
    path = case / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("43337", "43338", 1), "utf-8")
    assert run("build", case, "--out", out, "--format", "xlsx").exit_code == 0
    lines = (Path(out) / "almaty" / "changes.md").read_text(encoding="utf-8").splitlines()
    for expected in (
        "- Сравнение итогов, НПК, голоса, Мажилис: 43 337 → 43 338",
        "- Сравнение итогов, НПК, разница (Маслихат − Мажилис): −19 949 → −19 950",
        "- Сравнение итогов, голоса за партии, Мажилис: 321 322 → 321 323",
        "- Сравнение итогов, голоса за партии, разница (Маслихат − Мажилис): −1 240 → −1 241",
    ):
        assert expected.replace(" ", NBSP).replace(f"{NBSP}→{NBSP}", " → ") in [
            line.replace(" ", NBSP).replace(f"{NBSP}→{NBSP}", " → ") for line in lines
        ]
