"""Tables that follow the case: `appeal tables` rewrites the blank protocol tables of `appeal
new` once case.yaml names the parties and contests, keeping what was typed; `appeal new`
proposes the threshold in force on the election day."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner

from election_appeal.cli import main

HEADER_LINES = (
    "station;district;kind;source;contest;voters_on_list;ballots_received;ballots_issued;"
    "ballots_cancelled;ballots_in_boxes;invalid;against_all"
)


def _new(tmp_path: Path) -> Path:
    folder = tmp_path / "my-city"
    result = CliRunner().invoke(main, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _name_parties_and_contests(folder: Path) -> None:
    path = folder / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parties"][0]["id"], data["parties"][1]["id"] = "npk", "nur_otan"
    data["contests"][0]["id"], data["contests"][1]["id"] = "mazhilis", "maslikhat"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _csv_lines(folder: Path) -> list[str]:
    return (folder / "protocols.csv").read_text(encoding="utf-8-sig").splitlines()


def test_new_writes_placeholder_columns(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    assert _csv_lines(folder) == [f"{HEADER_LINES};party_a;party_b"]


def test_tables_follow_the_parties_and_keep_the_typed_rows(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    typed = "12;Ауэзовский;обычный;Наблюдатели А;first;772;772;295;477;294;10;;;"
    (folder / "protocols.csv").write_text(
        "\ufeff" + _csv_lines(folder)[0] + "\r\n" + typed + "\r\n", encoding="utf-8"
    )
    blank = openpyxl.load_workbook(folder / "protocols.xlsx")
    for column, value in enumerate(["12", "Ауэзовский", "обычный", "Наблюдатели А", "first", 772]):
        cell = blank["protocols"].cell(row=2, column=column + 1, value=value)
        cell.data_type = "s" if isinstance(value, str) else "n"
    blank.save(folder / "protocols.xlsx")
    _name_parties_and_contests(folder)
    result = CliRunner().invoke(main, ["tables", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Wrote {folder / 'protocols.xlsx'}",
        f"Wrote {folder / 'protocols.csv'}",
    ]
    assert _csv_lines(folder) == [
        f"{HEADER_LINES};npk;nur_otan",
        "12;Ауэзовский;обычный;Наблюдатели А;first;772;772;295;477;294;10;;;",
    ]
    book = openpyxl.load_workbook(folder / "protocols.xlsx")
    sheet = book["protocols"]
    assert [c.value for c in sheet[1]][-2:] == ["npk", "nur_otan"]
    typed_row = [c.value for c in sheet[2]]
    assert typed_row[:6] == ["12", "Ауэзовский", "обычный", "Наблюдатели А", "first", 772]
    assert sheet["D2"].data_type == "s"  # a text, never a formula
    lists = book.worksheets[1]
    assert [lists["A2"].value, lists["A3"].value] == ["mazhilis", "maslikhat"]
    assert [lists["C2"].value, lists["C3"].value] == ["npk", "nur_otan"]
    # Run again: nothing to do.
    again = CliRunner().invoke(main, ["tables", str(folder)])
    assert again.output == "The protocol tables already follow case.yaml; nothing was written.\n"


def test_figures_under_a_column_case_yaml_lost_are_never_dropped(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    rows = [_csv_lines(folder)[0], "12;;;;first;;;;;;;;33;152", "13;;;;first;;;;;;;;;7"]
    (folder / "protocols.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    before = (folder / "protocols.csv").read_bytes(), (folder / "protocols.xlsx").read_bytes()
    _name_parties_and_contests(folder)
    result = CliRunner().invoke(main, ["tables", str(folder)])
    assert result.exit_code == 1
    csv = folder / "protocols.csv"
    assert result.stderr.splitlines() == [
        f'Error: {csv}, row 1, column "party_a": the column "party_a" is not a party or line of '
        "case.yaml, but row 2 holds a figure in it; rename the column to the party's id, or move "
        "the figure, then run appeal tables again",
        f'Error: {csv}, row 1, column "party_b": the column "party_b" is not a party or line of '
        "case.yaml, but rows 2, 3 hold figures in it; rename the column to the party's id, or "
        "move the figures, then run appeal tables again",
        "2 errors, 0 warnings. Fix the errors and run the command again.",
    ]
    after = (folder / "protocols.csv").read_bytes(), (folder / "protocols.xlsx").read_bytes()
    assert after == before  # neither table was touched


def test_tables_need_the_parties_first(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    path = folder / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parties"] = []
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["tables", str(folder)])
    assert result.exit_code == 1
    assert "name the parties and the contests first" in result.stderr


def _interactive(tmp_path: Path, election_day: str) -> str:
    answers = [
        "Фамилия Имя Отчество",
        "",
        "г. Алматы, ул. Абая, 1",
        "",
        "",
        election_day,
        "г. Алматы",
        "",  # the territory after «на территории»
        "581",
        "2",  # two votings
        "05.04.2024",
        "г. Алматы",
        "да",
    ]
    folder = tmp_path / election_day
    result = CliRunner().invoke(
        main, ["new", str(folder), "--interactive"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    return (folder / "case.yaml").read_text(encoding="utf-8")


def test_new_proposes_the_threshold_of_the_election_day(tmp_path: Path) -> None:
    # DOMAIN.md: 7 % until 2021, 5 % from 2023 (law.yaml dates the change 2023-01-01).
    assert "  threshold: 5%\n" in _interactive(tmp_path, "19.03.2023")
    assert "  threshold: 7%\n" in _interactive(tmp_path, "10.01.2021")


def test_new_without_a_day_leaves_the_threshold_to_fill_in(tmp_path: Path) -> None:
    text = (_new(tmp_path) / "case.yaml").read_text(encoding="utf-8")
    assert "  threshold: null\n" in text
    # law.yaml: 7 % until 2022, 5 % from 2023, no figure read for the Kurultai (July 2026 on).
    assert (
        "7% … – 2022-12-31 (not verified); 5% 2023-01-01 – 2026-06-30 (not verified); "
        "no figure on record 2026-07-01 – … (not verified)"
    ) in text
