"""Protocol tables as spreadsheets really write them: encodings, separators, xlsx, bad files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import read_rows
from election_appeal.case import load_case

HEADER = "station;contest;npk;nur_otan;auyl;ak_zhol;adal"


def _example_rows(case_dir: Path) -> list[dict[str, str]]:
    return read_rows(case_dir / "protocols.csv")


def _as_russian_excel(case_dir: Path, encoding: str, bom: bool = False) -> None:
    """Rewrite the table as Russian Excel saves "CSV (разделители — точки с запятой)"."""
    rows = _example_rows(case_dir)
    lines = [";".join(rows[0])]
    for row in rows:
        cells = [f"{int(v):,}".replace(",", "\u00a0") if v.isdigit() else v for v in row.values()]
        lines.append(";".join(cells))
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    (case_dir / "protocols.csv").write_bytes(("\ufeff".encode() if bom else b"") + data)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1251", False)]
)
def test_encodings_and_russian_number_format(case_dir: Path, encoding: str, bom: bool) -> None:
    _as_russian_excel(case_dir, encoding, bom)
    data = load_case(case_dir)
    first = data.protocols.protocols[0]
    assert (first.station, first.district, first.kind, first.source) == (
        "12",
        "Ауэзовский",
        "обычный",
        "Наблюдатели А",
    )
    assert first.votes == {"npk": 33, "nur_otan": 152, "auyl": 32, "ak_zhol": 51, "adal": 16}
    assert first.lines["voters_on_list"] == 772
    assert first.lines["against_all"] is None


def test_columns_in_any_order_and_any_case(case_dir: Path) -> None:
    rows = _example_rows(case_dir)
    order = list(reversed(list(rows[0])))
    text = ",".join(name.upper() for name in order) + "\n"
    text += "".join(",".join(row[c] for c in order) + "\n" for row in rows)
    (case_dir / "protocols.csv").write_text(text, encoding="utf-8")
    assert load_case(case_dir).protocols.protocols[0].votes["nur_otan"] == 152


def _write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_xlsx_with_numbers_and_text_numbers(case_dir: Path) -> None:
    rows = _example_rows(case_dir)
    (case_dir / "protocols.csv").unlink()
    grid: list[list[object]] = [list(rows[0])]
    for row in rows:
        grid.append([int(v) if v.isdigit() else v for v in row.values()])
    grid[1][grid[0].index("nur_otan")] = "1\u00a0152"  # a number typed as text, with a space
    _write_xlsx(case_dir / "protocols.xlsx", grid)
    first = load_case(case_dir).protocols.protocols[0]
    assert first.station == "12"
    assert first.votes["nur_otan"] == 1152
    assert first.votes["npk"] == 33


def test_xlsx_fractional_vote(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    _write_xlsx(case_dir / "protocols.xlsx", [HEADER.split(";"), [1, "mazhilis", 1.5, 2, 3, 4, 5]])
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert (
        f'Error: {case_dir / "protocols.xlsx"}, sheet "Sheet", row 2, column "npk": "1.5" is not '
        "a whole number; a count of votes has no fractions"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protocols.csv", b"", "the file is empty: it has no header and no rows"),
        ("protocols.csv", b"\n \n;;\n", "the file is empty: it has no header and no rows"),
        ("protocols.xlsx", b"PK\x03\x04 not really a workbook", None),
    ],
)
def test_empty_and_unreadable_files(run, case_dir: Path, name: str, content: bytes, message):
    (case_dir / "protocols.csv").unlink()
    (case_dir / name).write_bytes(content)
    result = run("check", case_dir)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {case_dir / name}: ")
    if message:
        assert first == f"Error: {case_dir / name}: {message}"
    else:
        assert "cannot be read as an Excel workbook" in first
        assert first.endswith("save it again as .xlsx")
    assert "Traceback" not in result.output


def test_a_sheet_without_header(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").write_text("12,1,33,152,32,51,16\n13,1,41,198,33,55,26\n")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {case_dir / 'protocols.csv'}, row 1: the first non-empty row must be the header "
        "with the column names (station, contest, ...), but it holds numbers only"
    )


def test_an_xlsx_sheet_without_header(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    _write_xlsx(case_dir / "protocols.xlsx", [[None], [12, 1, 33, 152, 32, 51, 16]])
    result = run("check", case_dir)
    assert result.stderr.splitlines()[0] == (
        f'Error: {case_dir / "protocols.xlsx"}, sheet "Sheet", row 2: the first non-empty row '
        "must be the header with the column names (station, contest, ...), "
        "but it holds numbers only"
    )


def test_a_folder_with_no_protocols_or_both(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").rename(case_dir / "copies.csv")
    result = run("check", case_dir)
    assert result.stderr.splitlines()[0] == (
        f"Error: {case_dir}: the case folder must hold one protocol table, "
        "protocols.csv or protocols.xlsx"
    )
    (case_dir / "copies.csv").rename(case_dir / "protocols.csv")
    _write_xlsx(case_dir / "protocols.xlsx", [HEADER.split(";")])  # a blank, as `appeal new`
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert f"132 rows from {case_dir / 'protocols.csv'}" in result.stdout
    rows = [line.split(",") for line in (case_dir / "protocols.csv").read_text().splitlines()]
    _write_xlsx(case_dir / "protocols.xlsx", rows[:2])  # both tables filled in
    result = run("check", case_dir)
    assert result.stderr.splitlines()[0] == (
        f"Error: {case_dir}: both protocols.csv and protocols.xlsx hold rows; remove one, "
        "or name one in case.yaml as protocols: <file>"
    )
