"""`appeal new` writes protocol tables people can fill in: an XLSX that checks what is typed,
and a CSV that Excel with a Russian locale opens as columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from election_appeal.case.tables import read_table

# The skeleton's contests are "first" and "second", its parties "party_a" and "party_b".
HEADER = [
    "station",
    "district",
    "kind",
    "source",
    "contest",
    "voters_on_list",
    "ballots_received",
    "ballots_issued",
    "ballots_cancelled",
    "ballots_in_boxes",
    "invalid",
    "against_all",
    "party_a",
    "party_b",
]


@pytest.fixture
def city(run, tmp_path: Path) -> Path:
    """A new case folder made by `appeal new`."""
    result = run("new", tmp_path / "city")
    assert result.exit_code == 0, result.output
    return tmp_path / "city"


def test_the_new_folder_lists_every_file_and_what_to_do(run, tmp_path: Path) -> None:
    result = run("new", tmp_path / "city")
    folder = tmp_path / "city"
    assert result.stdout.splitlines() == [
        f"Wrote {folder / 'case.yaml'}",
        f"Wrote {folder / 'protocols.xlsx'}",
        f"Wrote {folder / 'protocols.csv'}",
        "Fill in case.yaml and one of the protocol tables, protocols.xlsx or protocols.csv; "
        f"delete the other one, then run: appeal check {folder}",
        "The tables have placeholder party columns until case.yaml names the parties and "
        f"contests; then run appeal tables {folder} to rewrite them, the rows typed kept.",
    ]


def test_the_csv_has_a_bom_and_semicolons(city: Path) -> None:
    expected = "\ufeff" + ";".join(HEADER) + "\r\n"
    assert (city / "protocols.csv").read_bytes() == expected.encode("utf-8")
    # The case reader takes it back with the same columns.
    assert read_table(city / "protocols.csv", "protocols.csv").header == HEADER


def test_the_xlsx_header_is_what_the_reader_expects(city: Path) -> None:
    assert read_table(city / "protocols.xlsx", "protocols.xlsx").header == HEADER


def test_the_xlsx_validates_counts_and_contests(city: Path) -> None:
    book = load_workbook(city / "protocols.xlsx")
    sheet = book.worksheets[0]
    validations = {v.type: v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"whole", "list"}

    counts = validations["whole"]
    # voters_on_list (F) to party_b (N): every count, from the first row under the header.
    assert str(counts.sqref) == "F2:N20001"
    assert (counts.operator, counts.formula1) == ("greaterThanOrEqual", "0")
    assert counts.allow_blank and counts.showErrorMessage
    assert counts.error == (
        "Type a whole number, 0 or more, as on the protocol; leave it empty if unknown."
    )

    contests = validations["list"]
    assert str(contests.sqref) == "E2:E20001"  # the contest column
    assert contests.formula1 == "'Lists'!$A$2:$A$3"
    lists = book["Lists"]
    assert [[c.value for c in row] for row in lists["A1:D3"]] == [
        ["contest", "name", "party", "name"],
        ["first", "Первое голосование", "party_a", "Полное наименование партии А"],
        ["second", "Второе голосование", "party_b", "Полное наименование партии Б"],
    ]


def test_the_xlsx_explains_and_formats_every_column(city: Path) -> None:
    sheet = load_workbook(city / "protocols.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert all(cell.comment is not None for cell in sheet[1])
    assert sheet["A1"].comment.text == (
        "Number of the polling station, as on the protocol. Required."
    )
    assert sheet["E1"].comment.text == (
        "Which contest the protocol is of: first, second. One row per protocol."
    )
    assert sheet["M1"].comment.text == (
        "Votes for party_a (Полное наименование партии А). A whole number, 0 or more; "
        "leave the cell empty if the copy does not show it."
    )
    assert sheet.column_dimensions["A"].number_format == "@"  # station numbers stay as typed
    assert sheet.column_dimensions["F"].number_format == "#,##0"  # 1 200 with a Russian locale
    assert sheet.column_dimensions["N"].number_format == "#,##0"
    assert sheet.freeze_panes == "A2"


def test_the_notes_are_in_the_interface_language(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert run("new", tmp_path / "city").exit_code == 0
    book = load_workbook(tmp_path / "city" / "protocols.xlsx")
    sheet = book.worksheets[0]
    assert sheet["A1"].comment.text == "Номер избирательного участка, как в протоколе. Обязательно."
    assert book.sheetnames == ["protocols", "Списки"]
    validation = next(v for v in sheet.data_validations.dataValidation if v.type == "list")
    assert validation.formula1 == "'Списки'!$A$2:$A$3"


def test_a_case_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from election_appeal.blank_tables import Ids, xlsx_bytes

    ids = Ids(contests=[("first", "=1+1")], parties=[("party_a", '=HYPERLINK("x")')])
    (tmp_path / "t.xlsx").write_bytes(xlsx_bytes(ids))
    lists = load_workbook(tmp_path / "t.xlsx").worksheets[1]
    assert (lists["B2"].value, lists["B2"].data_type) == ("=1+1", "s")
    assert (lists["D2"].value, lists["D2"].data_type) == ('=HYPERLINK("x")', "s")
