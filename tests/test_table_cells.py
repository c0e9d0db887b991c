"""Cells a spreadsheet would run as formulas, and quotes that swallow rows, named at their row."""

from __future__ import annotations

from pathlib import Path

from conftest import set_cells


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def test_text_cells_a_spreadsheet_would_run_are_refused(run, case_dir: Path) -> None:
    set_cells(
        case_dir,
        {
            (2, "district"): '=HYPERLINK("http://x","y")',
            (2, "source"): "@SUM(A1)",
            (3, "district"): "+cmd|x",
            (3, "kind"): "-1+2",
            (4, "npk"): "=33",
        },
    )
    table = case_dir / "protocols.csv"
    formula = "so a spreadsheet would read it as a formula"
    assert _errors(run("check", case_dir)) == [
        f'Error: {table}, row 2, column "district": «=HYPERLINK("http://x","y")» begins with '
        f'«=», {formula}; write it without «=», as «HYPERLINK("http://x","y")»',
        f'Error: {table}, row 2, column "source": «@SUM(A1)» begins with «@», {formula}; '
        "write it without «@», as «SUM(A1)»",
        f'Error: {table}, row 3, column "district": «+cmd|x» begins with «+», {formula}; '
        "write it without «+», as «cmd|x»",
        f'Error: {table}, row 3, column "kind": «-1+2» begins with «-», {formula}; '
        "write it without «-», as «1+2»",
        f'Error: {table}, row 4, column "npk": «=33» begins with «=», {formula}; '
        "write it without «=», as «33»",
    ]


def test_signed_numbers_and_a_lone_dash_are_not_formulas(run, case_dir: Path) -> None:
    # "-" is how tables write "nothing"; "+12" and "-5" are numbers, which a spreadsheet reads
    # as numbers (a negative count is refused for what it is, not as a formula).
    set_cells(case_dir, {(2, "kind"): "-", (3, "npk"): "+41", (4, "npk"): "-5"})
    errors = _errors(run("check", case_dir))
    assert [e for e in errors if "formula" in e] == []
    assert len(errors) == 1 and errors[0].startswith(
        f'Error: {case_dir / "protocols.csv"}, row 4, column "npk": '
    )


def test_an_opening_quote_never_closed_is_named_at_its_row(run, case_dir: Path) -> None:
    table = case_dir / "protocols.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[3] = '"' + lines[3]  # row 4 of 133: every later line falls into its first cell
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _errors(run("check", case_dir)) == [
        f'Error: {table}, row 4: an opening quote (") without its closing quote in this row: '
        "lines 4 to 133 of the file were read as one cell; remove the quote, or close it in "
        "the same cell"
    ]


def test_a_quote_closed_rows_later_is_named_with_the_lines_it_joined(run, case_dir: Path):
    table = case_dir / "protocols.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Ауэзовский", '"Ауэзовский', 1)  # opened on line 2
    lines[4] = lines[4].replace("Ауэзовский", 'Ауэзовский"', 1)  # closed on line 5
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = _errors(run("check", case_dir))
    assert errors[0] == (
        f'Error: {table}, row 2: an opening quote (") without its closing quote in this row: '
        "lines 2 to 5 of the file were read as one cell; remove the quote, or close it in the "
        "same cell"
    )


def test_a_quote_swallowing_more_than_a_cell_can_hold(run, case_dir: Path) -> None:
    table = case_dir / "protocols.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    filler = [lines[1]] * 2000  # ~140 000 characters after the quote: past the csv limit
    text = "\n".join([lines[0], '"' + lines[1], *filler]) + "\n"
    table.write_text(text, encoding="utf-8")
    errors = _errors(run("check", case_dir))
    assert len(errors) == 1
    assert errors[0].startswith(f'Error: {table}, row 2: an opening quote (") without its ')
    assert "field limit" not in errors[0]


def test_a_cell_longer_than_any_table_holds(run, case_dir: Path) -> None:
    set_cells(case_dir, {(3, "district"): "Ж" * 200_000})
    assert _errors(run("check", case_dir)) == [
        f"Error: {case_dir / 'protocols.csv'}, row 3: a cell of this row is longer than "
        "131 072 characters; no cell of a table is that long: check the row"
    ]


def test_appeal_tables_names_a_formula_cell_and_writes_nothing(tmp_path: Path) -> None:
    import yaml
    from click.testing import CliRunner

    from election_appeal.cli import main

    folder = tmp_path / "my-city"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    header = (folder / "protocols.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    typed = "12;Ауэзовский;обычный;=HYPERLINK(1);first;772;772;295;477;294;10;;;"
    (folder / "protocols.csv").write_text(f"{header}\r\n{typed}\r\n", encoding="utf-8")
    (folder / "protocols.xlsx").unlink()
    data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    data["parties"][0]["id"], data["parties"][1]["id"] = "npk", "nur_otan"
    (folder / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = (folder / "protocols.csv").read_bytes()
    result = CliRunner().invoke(main, ["tables", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f'Error: {folder / "protocols.csv"}, row 2, column "source": «=HYPERLINK(1)» begins with '
        "«=», so a spreadsheet would read it as a formula; write it without «=», as «HYPERLINK(1)»"
    )
    assert (folder / "protocols.csv").read_bytes() == before


def _workbook_variant(change) -> bytes:  # type: ignore[no-untyped-def]
    """A small workbook of the protocol columns, its parts stored uncompressed and changed."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["station", "contest", "npk"])
    book.active.append([12, "mazhilis", 33])
    saved = io.BytesIO()
    book.save(saved)
    source = zipfile.ZipFile(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
    return change(out.getvalue())


def test_a_damaged_workbook_is_described_in_the_users_language(tmp_path: Path, monkeypatch):
    import pytest

    from election_appeal.case.tables import read_sheet
    from election_appeal.errors import CaseError

    monkeypatch.setenv("APPEAL_LANG", "ru")
    path = tmp_path / "protocols.xlsx"
    # One letter of the stored sheet changed: its CRC-32 no longer matches.
    path.write_bytes(_workbook_variant(lambda raw: raw.replace(b"mazhilis", b"mazhilix", 1)))
    with pytest.raises(CaseError) as caught:
        read_sheet(path, "protocols.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "protocols.xlsx: не удаётся прочитать как книгу Excel (часть файла повреждена: не "
        "совпадает её контрольная сумма); сохраните её заново в формате .xlsx"
    ]


def test_a_row_with_another_separator_is_named(run, case_dir: Path) -> None:
    table = case_dir / "protocols.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",", ";")  # row 3 saved with semicolons, the rest with commas
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _errors(run("check", case_dir)) == [
        f"Error: {table}, row 3: this row separates its cells by «;», the header by «,», so it "
        "was read as one cell; save the whole table with one separator"
    ]
