"""Attachment 1 as a reader checks a station: its protocol lines and party votes in both contests
and their difference, three rows a station, and the cells of a broken control ratio marked with
the ratio's number, the same in the PDF, the DOCX and the XLSX.

Expected figures are those of data/almaty-2021/protocols.csv, station 12, worked out by hand;
the hand-made copy of station 12's Мажилис protocol shows 800 ballots issued (772 on the list,
772 received, 477 cancelled), which breaks two ratios: 1 (received 772 ≠ issued 800 + cancelled
477 = 1 277) and 2 (issued 800 > 772 on the list); ratios 3 (in boxes 294 ≤ 800) and 4 (294 =
invalid 10 + votes 33 + 152 + 32 + 51 + 16 = 294) still hold.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from conftest import EXAMPLE, edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.case import load_case

LINES = ["Избирателей в списке", "Получено бюллетеней", "Выдано", "Погашено", "В ящиках"]
HEADER = [
    "Участок",
    "Район",
    "Вид",
    "Источник",
    "Голосование (± = Маслихат − Мажилис)",
    *LINES,
    "Недействительных",
    "НПК",
    "«Nur Otan»",
    "«Ауыл»",
    "«Ак жол»",
    "«ADAL»",
]
# Station 12 as the example has it: lines, then the parties npk, nur_otan, auyl, ak_zhol, adal.
STATION_12 = [
    ["Мажилис", "772", "772", "295", "477", "294", "10", "33", "152", "32", "51", "16"],
    ["Маслихат", "772", "772", "284", "488", "281", "4", "33", "154", "26", "54", "10"],
    # Маслихат − Мажилис: 284 − 295, 488 − 477, 281 − 294, 4 − 10, 154 − 152, 26 − 32, 54 − 51,
    # 10 − 16.
    ["±", "0", "0", "−11", "+11", "−13", "−6", "0", "+2", "−6", "+3", "−6"],
]
# The hand-made copy: the Мажилис row with 800 issued and its marks.
BROKEN = ["Мажилис", "772 [2]", "772 [1]", "800 [1, 2]", "477 [1]", "294", "10"]
BROKEN_DIFFERENCE = ["±", "0", "0", "−516", "+11", "−13", "−6"]  # 284 − 800 = −516


@pytest.fixture
def example(example_files: dict[str, bytes]) -> dict[str, bytes]:
    """The example's documents: the session's shared build (conftest.py)."""
    return example_files


@pytest.fixture(scope="module")
def broken_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("broken") / "case"
    shutil.copytree(EXAMPLE, target)
    rows = read_rows(target / "protocols.csv")
    for row in rows:
        if (row["station"], row["contest"]) == ("12", "mazhilis"):
            row["ballots_issued"] = "800"
    write_rows(target / "protocols.csv", rows)
    return target


@pytest.fixture(scope="module")
def broken(broken_case: Path) -> dict[str, bytes]:
    return api.render(broken_case, formats=("pdf", "docx", "xlsx"))


def _pdf_rows(pdf: bytes, station: str, tmp_path: Path) -> list[list[str]]:
    """The station's block as pdftotext lays it out: each row's words from its contest on."""
    path = tmp_path / "attachment.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{station}\s+Ауэзовский", line))
    # A text cell may wrap ("Наблюдатели / А"): the block's rows are the lines with a contest.
    labelled = [re.search(r"\s(Мажилис|Маслихат|±)\s.*", line) for line in lines[start:]]
    return [m[0].split() for m in labelled if m][:3]


def test_the_station_table_marks_the_cells_of_each_broken_ratio(broken_case: Path) -> None:
    row = next(r for r in analyse(load_case(broken_case)).stations.rows if r.station == "12")
    assert row.marks["first"] == {
        "voters_on_list": ("issued_not_above_list",),
        "ballots_received": ("received_balance",),
        "ballots_issued": ("received_balance", "issued_not_above_list"),
        "ballots_cancelled": ("received_balance",),
    }
    assert row.marks["second"] == {}


def test_a_station_is_three_rows_in_the_pdf(example: dict[str, bytes], tmp_path: Path) -> None:
    rows = _pdf_rows(example["attachment-1-protocols.pdf"], "12", tmp_path)
    assert rows == STATION_12


@pytest.mark.slow
def test_the_marks_in_the_pdf_stand_apart_from_the_figures(
    broken: dict[str, bytes], tmp_path: Path
) -> None:
    rows = _pdf_rows(broken["attachment-1-protocols.pdf"], "12", tmp_path)
    # pdftotext splits at spaces: "800 [1, 2]" is the words "800", "[1,", "2]".
    assert " ".join(rows[0][:12]) == " ".join(BROKEN)
    assert rows[1] == STATION_12[1]
    assert rows[2][:7] == BROKEN_DIFFERENCE


def _docx_rows(docx: bytes, station: str) -> list[list[str]]:
    table = Document(io.BytesIO(docx)).tables[0]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    start = next(i for i, row in enumerate(texts) if row[0] == station)
    return [row[4:] for row in texts[start : start + 3]]


def test_a_station_is_three_rows_in_the_docx(example: dict[str, bytes]) -> None:
    table = Document(io.BytesIO(example["attachment-1-protocols.docx"])).tables[0]
    # The typography puts no-break spaces after "в" and before "−", "=": read as spaces here.
    assert [cell.text.replace("\u00a0", " ") for cell in table.rows[0].cells] == HEADER
    assert _docx_rows(example["attachment-1-protocols.docx"], "12") == STATION_12


@pytest.mark.slow
def test_the_marks_in_the_docx(broken: dict[str, bytes]) -> None:
    rows = _docx_rows(broken["attachment-1-protocols.docx"], "12")
    assert rows[0][:7] == BROKEN
    assert rows[1] == STATION_12[1]
    assert rows[2][:7] == BROKEN_DIFFERENCE


def _sheet_rows(xlsx: bytes, station: int) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Протоколы"]
    return [row for row in sheet.iter_rows(min_row=6) if row[0].value == station]


def test_a_station_is_three_rows_in_the_xlsx(example: dict[str, bytes]) -> None:
    rows = _sheet_rows(example["attachment-1-protocols.xlsx"], 12)
    values = [[c.value for c in row] for row in rows]
    assert [row[:4] for row in values] == [[12, "Ауэзовский", "обычный", "Наблюдатели А"]] * 3
    assert [row[4:-1] for row in values] == [
        ["Мажилис", 772, 772, 295, 477, 294, 10, 33, 152, 32, 51, 16],
        ["Маслихат", 772, 772, 284, 488, 281, 4, 33, 154, 26, 54, 10],
        ["±", 0, 0, -11, 11, -13, -6, 0, 2, -6, 3, -6],
    ]
    assert [row[-1] for row in values] == [None] * 3
    assert not any(c.comment for row in rows for c in row)


@pytest.mark.slow
def test_the_marks_in_the_xlsx(broken: dict[str, bytes]) -> None:
    rows = _sheet_rows(broken["attachment-1-protocols.xlsx"], 12)
    marked = {
        (row[4].value, c.column): (c.value, c.comment.text, c.fill.fgColor.rgb)
        for row in rows
        for c in row
        if c.comment
    }
    one = "[1] получено бюллетеней ≠ выдано + погашено"
    two = "[2] выдано больше, чем избирателей в списке"
    flagged = "00FFE4C4"
    assert marked == {
        ("Мажилис", 6): (772, two, flagged),
        ("Мажилис", 7): (772, one, flagged),
        ("Мажилис", 8): (800, f"{one}\n{two}", flagged),
        ("Мажилис", 9): (477, one, flagged),
    }
    assert [row[-1].value for row in rows] == ["1, 2", None, None]
    unmarked = [c for row in rows for c in row if not c.comment]
    assert all(c.fill.fill_type is None for c in unmarked)


def test_the_docx_keeps_a_station_block_together(example: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(example["attachment-1-protocols.docx"])) as package:
        document = package.read("word/document.xml").decode()
    table = document[document.index("<w:tbl>") : document.index("</w:tbl>")]
    rows = re.findall(r"<w:tr>.*?</w:tr>", table)
    # The header, then 66 blocks of three rows, the totals' three and the applicant's signature
    # line in the last block.
    assert len(rows) == 1 + 3 * 66 + 3 + 1
    assert "<w:tblHeader/>" in rows[0]
    assert all("<w:cantSplit/>" in row for row in rows)
    keeps = ["<w:keepNext/>" in row for row in rows[1:]]
    # Every paragraph of a block's rows but the last keeps with the next row.
    assert keeps == [True, True, False] * 65 + [True] * 6 + [False]
    assert all(
        row.count("<w:keepNext/>") == row.count("<w:p>") for row in rows[1:] if "keepNext" in row
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_never_splits_a_station_block(tmp_path: Path) -> None:
    from test_pdf import long_case

    docx = api.render(long_case(tmp_path, 150), formats=("docx",))["attachment-1-protocols.docx"]
    (tmp_path / "a.docx").write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "a.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "a.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("<page ")[1:]
    assert len(pages) > 10
    for page in pages:
        words = [
            (float(m[1]), m[2])
            for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', page)
        ]
        # The header's lowest line ends "Мажилис)"; the topmost contest label under it is the
        # first row of a block.
        header = max(y for y, w in words if w == "Мажилис)")
        labels = sorted((y, w) for y, w in words if y > header and w in ("Мажилис", "Маслихат"))
        assert labels[0][1] == "Мажилис"


def _grid(docx: bytes) -> list[int]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        document = package.read("word/document.xml").decode()
    grid = document[document.index("<w:tblGrid>") : document.index("</w:tblGrid>")]
    return [int(w) for w in re.findall(r'w:w="(\d+)"', grid)]


@pytest.mark.slow
def test_the_docx_columns_make_room_for_a_figure_far_down_the_table(tmp_path: Path) -> None:
    from test_pdf import long_case

    widths = {}
    for huge in (False, True):
        case = long_case(tmp_path / str(huge), 150)
        if huge:
            # The last station (the 450th row, far past any sample of the first rows) has only
            # a Мажилис copy, with 9 999 999 votes for НПК: the Мажилис total holds it too, the
            # total difference (the table's last row) does not.
            rows = read_rows(case / "protocols.csv")[:-1]
            rows[-1]["npk"] = "9999999"
            write_rows(case / "protocols.csv", rows)
        docx = api.render(case, formats=("docx",))["attachment-1-protocols.docx"]
        widths[huge] = _grid(docx)
    npk = 5 + 6  # after the descriptive columns and six protocol lines
    assert len(widths[True]) == len(widths[False]) == npk + 5
    # "9 999 999" against "1 234" at most: the column takes a larger share of the page.
    assert widths[True][npk] > 1.5 * widths[False][npk]


@pytest.mark.slow
def test_the_against_all_column_only_when_a_protocol_has_that_line(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    rows = read_rows(case / "protocols.csv")
    rows[0]["against_all"] = "0"  # station 12, Мажилис: a ballot with the line, none marked
    write_rows(case / "protocols.csv", rows)
    built = api.render(case, formats=("docx", "xlsx"))
    table = Document(io.BytesIO(built["attachment-1-protocols.docx"])).tables[0]
    header = [cell.text.replace("\u00a0", " ") for cell in table.rows[0].cells]
    assert header[5:13] == [*LINES, "Недействительных", "Против всех", "НПК"]
    assert _docx_rows(built["attachment-1-protocols.docx"], "12")[0][7] == "0"
    assert _docx_rows(built["attachment-1-protocols.docx"], "13")[0][7] == "—"
    sheet = _sheet_rows(built["attachment-1-protocols.xlsx"], 12)
    assert [row[11].value for row in sheet] == [0, None, None]


@pytest.mark.slow
def test_a_broken_copy_of_a_contest_not_compared_is_not_said_to_be_marked(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)

    def third(data: dict) -> None:
        extra = {**data["contests"][1], "id": "extra", "title": "Выборы Х", "short_title": "Х"}
        for key in ("seats", "seats_awarded"):
            extra.pop(key, None)
        data["contests"].append(extra)

    edit_case(case, third)
    rows = read_rows(case / "protocols.csv")
    copies = [{**r, "contest": "extra"} for r in rows if r["contest"] == "maslikhat"]
    copies[0]["ballots_issued"] = "800"  # station 12 of the third contest: ratios 1 and 2
    write_rows(case / "protocols.csv", rows + copies)
    built = api.render(case, formats=("docx",))
    appeal = " ".join(p.text for p in Document(io.BytesIO(built["appeal.docx"])).paragraphs)
    # Stations 170 and 440 (the contests compared) only: the attachment marks no other.
    assert "2 участков (№ 170, 440)" in appeal.replace("\u00a0", " ")
    rows_12 = _docx_rows(built["attachment-1-protocols.docx"], "12")
    assert not any("[" in cell for row in rows_12 for cell in row)
