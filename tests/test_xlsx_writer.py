"""The spreadsheet's own writer, checked by readers that did not write it: LibreOffice (its CSV
and its own re-saved workbook) and openpyxl. Expected values come from the case's protocols.csv,
read here with the csv module, and the control ratios as the sheet's legend states them."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from conftest import EXAMPLE, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis.stations import NO_MARKS, PartyCells, StationRow, StationTable
from election_appeal.case.protocols import LINE_COLUMNS
from election_appeal.render.xlsx import SheetWords, render_xlsx
from election_appeal.render.xlsx_parts import Colours, styles
from election_appeal.render.xlsx_sheet import Layout, Row, write_workbook

NAME = "attachment-1-protocols.xlsx"
PARTIES = ("npk", "nur_otan", "auyl", "ak_zhol", "adal")
# The example has no "against all" line: the sheet shows the other lines.
LINES = tuple(line for line in LINE_COLUMNS if line != "against_all")
MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)


def _calc_installed() -> bool:
    """LibreOffice with its spreadsheet (libreoffice-calc-nogui): without it, soffice cannot
    open a workbook at all."""
    soffice = shutil.which("soffice")
    return soffice is not None and (Path(soffice).resolve().parent / "libscfiltlo.so").exists()


needs_calc = pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed")


def _libreoffice(workbook: bytes, tmp_path: Path, target: str) -> Path:
    """`workbook` converted by LibreOffice to `target` (a --convert-to argument)."""
    source = tmp_path / "book.xlsx"
    source.write_bytes(workbook)
    out = tmp_path / "converted"
    run = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = list(out.glob("book.*"))
    assert run.returncode == 0 and converted, run.stdout + run.stderr
    return converted[0]


def _libreoffice_rows(workbook: bytes, tmp_path: Path) -> list[list[str]]:
    """The sheet as LibreOffice reads it: every cell's value (not as formatted), as CSV."""
    # Comma, double quote, UTF-8, from line 1, ..., not the cells as shown: the raw values.
    options = "44,34,76,1,,0,false,true,false,false"
    path = _libreoffice(workbook, tmp_path, f"csv:Text - txt - csv (StarCalc):{options}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def example_xlsx() -> bytes:
    return api.render(EXAMPLE, formats=("xlsx",))[NAME]


def _broken_ratios(row: dict[str, str]) -> str:
    """The numbers of the control ratios a protocol copy breaks, as the sheet's legend words
    them; a ratio with an unknown figure is not checked."""
    figure = {k: int(v) for k, v in row.items() if k in (*LINES, *PARTIES) and v != ""}
    broken = []
    need = {
        1: ("ballots_received", "ballots_issued", "ballots_cancelled"),
        2: ("ballots_issued", "voters_on_list"),
        3: ("ballots_in_boxes", "ballots_issued"),
        4: ("ballots_in_boxes", "invalid", *PARTIES),
    }
    issued_and_cancelled = figure.get("ballots_issued", 0) + figure.get("ballots_cancelled", 0)
    if all(k in figure for k in need[1]) and figure["ballots_received"] != issued_and_cancelled:
        broken.append(1)
    if all(k in figure for k in need[2]) and figure["ballots_issued"] > figure["voters_on_list"]:
        broken.append(2)
    if all(k in figure for k in need[3]) and figure["ballots_in_boxes"] > figure["ballots_issued"]:
        broken.append(3)
    counted = figure.get("invalid", 0) + sum(figure.get(p, 0) for p in PARTIES)
    if all(k in figure for k in need[4]) and figure["ballots_in_boxes"] != counted:
        broken.append(4)
    return ", ".join(str(n) for n in broken)


def _expected_rows() -> list[list[str]]:
    """The table part of the sheet from protocols.csv: per station the Мажилис row, the
    Маслихат row and their difference (blank where a figure is missing), then the totals."""
    stations: dict[str, dict[str, dict[str, str]]] = {}
    for row in read_rows(EXAMPLE / "protocols.csv"):
        stations.setdefault(row["station"], {})[row["contest"]] = row
    figures = (*LINES, *PARTIES)
    expected = []
    sums = {c: {f: 0 for f in figures} for c in ("mazhilis", "maslikhat", "difference")}
    for station, contests in stations.items():
        first, second = contests["mazhilis"], contests["maslikhat"]
        described = [station, first["district"], first["kind"], first["source"]]
        for label, row in (("Мажилис", first), ("Маслихат", second)):
            expected.append([*described, label, *(row[f] for f in figures), _broken_ratios(row)])
            contest = "mazhilis" if row is first else "maslikhat"
            for f in figures:
                sums[contest][f] += int(row[f] or 0)
        difference = []
        for f in figures:
            if first[f] == "" or second[f] == "":
                difference.append("")
            else:
                difference.append(str(int(second[f]) - int(first[f])))
                sums["difference"][f] += int(second[f]) - int(first[f])
        expected.append([*described, "±", *difference, ""])
    for contest, label in (("mazhilis", "Мажилис"), ("maslikhat", "Маслихат"), ("difference", "±")):
        expected.append(["Итого", "", "", "", label, *(str(sums[contest][f]) for f in figures), ""])
    return expected


@pytest.mark.slow
@needs_calc
def test_libreoffice_reads_every_figure_of_the_protocols(
    example_xlsx: bytes, tmp_path: Path
) -> None:
    rows = _libreoffice_rows(example_xlsx, tmp_path)
    assert (
        rows[0][0]
        .replace("\xa0", " ")
        .startswith(
            "ОБРАЗЕЦ. Приложение 1 к заявлению от 5 апреля 2021 г. Таблица результатов голосования"
        )
    )
    assert rows[5][:5] == ["Участок", "Район", "Вид участка", "Источник", rows[5][4]]
    assert rows[5][-1] == "Нарушенные соотношения (номера)"
    expected = _expected_rows()
    assert len(expected) == 66 * 3 + 3
    assert rows[6:] == expected
    # The ratios the legend words, computed here, break at two copies only.
    assert [r[:5] + r[-1:] for r in expected if r[-1]] == [
        ["170", "Ауэзовский", "обычный", "Наблюдатели Б", "Маслихат", "3, 4"],
        ["440", "Медеуский", "обычный", "Наблюдатели Б", "Мажилис", "1"],
    ]


@pytest.mark.slow
@needs_calc
def test_libreoffice_reads_the_notes_fills_formats_and_marks(
    example_xlsx: bytes, tmp_path: Path
) -> None:
    resaved = _libreoffice(example_xlsx, tmp_path, "xlsx:Calc MS Excel 2007 XML")
    sheet = openpyxl.load_workbook(resaved).worksheets[0]
    notes = {
        c.coordinate: (c.comment.text, c.fill.fgColor.rgb[2:])
        for row in sheet.iter_rows()
        for c in row
        if c.comment
    }
    ratio_1 = "[1] получено бюллетеней ≠ выдано + погашено"
    ratio_3 = "[3] в ящиках больше, чем выдано"
    ratio_4 = "[4] в ящиках ≠ недействительные + голоса за партии"
    # Station 170's Маслихат row is sheet row 59 (7 + 3 × 17 + 1), station 440's Мажилис row
    # 133 (7 + 3 × 42); the columns: G received, H issued, I cancelled, J in boxes, K invalid.
    assert notes == {
        "H59": (ratio_3, "FFE4C4"),
        "J59": (f"{ratio_3}\n{ratio_4}", "FFE4C4"),
        "K59": (ratio_4, "FFE4C4"),
        "G133": (ratio_1, "FFE4C4"),
        "H133": (ratio_1, "FFE4C4"),
        "I133": (ratio_1, "FFE4C4"),
    }
    assert (sheet["A59"].value, sheet["E59"].value, sheet["A133"].value) == (170, "Маслихат", 440)
    assert sheet.oddHeader.center.text.endswith("ОБРАЗЕЦ")
    assert (sheet.oddFooter.left.text, sheet.oddFooter.right.text) == ("ОБРАЗЕЦ", "ОБРАЗЕЦ")
    assert (sheet.print_title_rows, sheet.auto_filter.ref) == ("$6:$6", "A6:Q204")
    assert sheet["A1"].font.b and sheet["A1"].font.color.rgb == "FFC00000"
    assert sheet["F7"].number_format == "#,##0"
    # The difference's format: a sign before each figure, the minus sign U+2212.
    assert sheet["F9"].number_format.replace("\\", "") == "+#,##0;−#,##0;0"


def test_two_builds_give_the_same_bytes(example_xlsx: bytes) -> None:
    again = api.render(EXAMPLE, formats=("xlsx",))[NAME]
    assert again == example_xlsx
    archive = zipfile.ZipFile(io.BytesIO(example_xlsx))
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert {entry.date_time for entry in archive.infolist()} == {(2021, 4, 5, 0, 0, 0)}
    for name in archive.namelist():
        ElementTree.fromstring(archive.read(name))  # every part is well-formed XML


# Texts a hostile or careless table could hold: a formula, a formula's look-alikes, characters
# XML cannot carry, OOXML's own escape, markup, white space at the ends, a Windows line break.
HYPERLINK = '=HYPERLINK("http://example.invalid/?q=1","Ауэзовский")'
HOSTILE = {
    "district": HYPERLINK,
    "kind": "@SUM(E6:E9) <b>&amp;</b> _x0041_",
    "source": " \x01Наблюдатели\x1f\ufffe\r\nА\t ",
}
LONG = "Ж" * 40_000


def _table(station: str, district: str, kind: str, source: str) -> StationTable:
    """One station of one contest: every line 10 and every party 1."""
    lines = {line: PartyCells(10, None, None) for line in LINES}
    parties = {party: PartyCells(1, None, None) for party in PARTIES}
    row = StationRow(station, district, kind, source, parties, [], lines, NO_MARKS)
    return StationTable([row], parties, lines, against_all=False)


def _words(sheet: str = "Протоколы") -> SheetWords:
    return SheetWords(
        sheet=sheet,
        title="=1+1",
        legend=("-легенда",),
        descriptive=("Участок", "Район", "Вид", "Источник"),
        contest="Голосование",
        labels=("+Мажилис",),
        lines=tuple(f"строка {n}" for n, _ in enumerate(LINES, 1)),
        parties=tuple(f"={party}" for party in PARTIES),
        checks="@",
        total="Итого",
        rules={},
    )


def _hostile_workbook(warnings: list[str]) -> bytes:
    table = _table("12345678901234567890", HOSTILE["district"], HOSTILE["kind"], LONG)
    words = _words("Д'А")
    return render_xlsx(table, PARTIES, words, MOMENT, mark="ОБРАЗЕЦ", warn=warnings.append)


def test_hostile_texts_stay_texts_in_a_valid_workbook() -> None:
    warnings: list[str] = []
    workbook = _hostile_workbook(warnings)
    archive = zipfile.ZipFile(io.BytesIO(workbook))
    for name in archive.namelist():
        ElementTree.fromstring(archive.read(name))
    assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Д'А"]
    # Title, legend, an empty row, the header (row 4), the station (row 5), its total (row 6).
    assert sheet.print_title_rows == "$4:$4"
    assert [sheet["A1"].value, sheet["A2"].value, sheet["E4"].value] == [
        "ОБРАЗЕЦ. =1+1",
        "-легенда",
        "Голосование",
    ]
    assert [c.value for c in sheet[4][11:]] == [*(f"={p}" for p in PARTIES), "@"]
    station = list(sheet[5])
    # A station number longer than a spreadsheet keeps exactly stays a text.
    assert [c.value for c in station[:3]] == ["12345678901234567890", *list(HOSTILE.values())[:2]]
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= {"s", "n"}
    assert all(c.data_type == "s" for c in [*station[:5], *sheet[1], *sheet[4]] if c.value)
    # The 40 000 characters: as many as a cell holds, the last one "…" to show the cut.
    assert station[3].value == "Ж" * 32_766 + "…"
    assert warnings == [
        "attachment 1 (XLSX), cell D5: the text is longer than a spreadsheet cell holds (32,767 "
        "characters); the cell shows its beginning and ends with «…» (cells with this text: 1)"
    ]
    # The figures, and no broken ratio.
    assert [c.value for c in station[5:]] == [10] * len(LINES) + [1] * len(PARTIES) + [None]


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept_exactly() -> None:
    table = _table("7", HOSTILE["district"], HOSTILE["kind"], HOSTILE["source"])
    workbook = render_xlsx(table, PARTIES, _words(), MOMENT)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Протоколы"]
    assert [c.value for c in sheet[5][:4]] == [
        7,
        HYPERLINK,
        "@SUM(E6:E9) <b>&amp;</b> _x0041_",
        # U+0001, U+001F and U+FFFE dropped; the spaces at the ends, CR LF and tab kept.
        " Наблюдатели\r\nА\t ",
    ]
    assert sheet.oddHeader.center.text is None and sheet.oddFooter.center.text == "&P"


@pytest.mark.slow
@needs_calc
def test_libreoffice_reads_hostile_texts_as_texts(tmp_path: Path) -> None:
    rows = _libreoffice_rows(_hostile_workbook([]), tmp_path)
    assert rows[0][0] == "ОБРАЗЕЦ. =1+1"
    assert rows[3][11:] == [*(f"={p}" for p in PARTIES), "@"]
    # OOXML's escape "_x0041_" typed in a cell is shown as typed, not as "A".
    assert rows[4][:4] == ["12345678901234567890", *list(HOSTILE.values())[:2], LONG[:32_766] + "…"]
    assert rows[4][5:] == ["10"] * len(LINES) + ["1"] * len(PARTIES) + [""]


CUT_WARNINGS = {
    "en": "attachment 1 (XLSX), cell B58: the text is longer than a spreadsheet cell holds "
    "(32,767 characters); the cell shows its beginning and ends with «…» (cells with this text: 3)",
    "ru": "приложение 1 (XLSX), ячейка B58: текст длиннее, чем вмещает ячейка электронной "
    "таблицы (32\u00a0767 знаков); в ячейке — его начало, в конце «…» (ячеек с этим текстом: 3)",
    "kk": "1-қосымша (XLSX), B58 ұяшығы: мәтін электрондық кесте ұяшығына сыятыннан ұзын "
    "(32\u00a0767 таңба); ұяшықта оның басы ғана, соңында «…» (осы мәтіні бар ұяшықтар: 3)",
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_district_too_long_for_a_cell_is_cut_and_the_build_says_so(
    case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    rows = read_rows(case_dir / "protocols.csv")
    for row in rows:
        if row["station"] == "170":
            row["district"] = LONG
    write_rows(case_dir / "protocols.csv", rows)
    documents = api.render(case_dir, formats=("xlsx",))
    sheet = openpyxl.load_workbook(io.BytesIO(documents[NAME]))["Протоколы"]
    # Station 170: rows 58 to 60 (7 + 3 × 17); each row repeats the district.
    assert [sheet[f"B{n}"].value for n in (58, 59, 60)] == ["Ж" * 32_766 + "…"] * 3
    assert [w for w in documents.warnings if "XLSX" in w] == [CUT_WARNINGS[language]]


def _many_rows(count: int) -> Iterator[Row]:
    for n in range(count):
        yield [(n, 0), ("район", 0), (n * 7, 1), (None, 1), (f"т{n % 50}", 0)], ()


def _peak_bytes(count: int) -> tuple[int, int]:
    layout = Layout("Лист", [10] * 5, 1, 15, count, "", "&C&P")
    sheet_styles = styles("0", Colours("FFE4C4", "BDD7EE", "C00000"))
    tracemalloc.start()
    workbook = write_workbook(layout, _many_rows(count), MOMENT, False, sheet_styles)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, len(workbook)


def test_the_writer_holds_the_rows_it_writes_not_the_sheet() -> None:
    """Ten times the rows: the memory at its highest grows by the written file only, not by the
    sheet's XML (about 130 characters a row: 4 MB or more for 30 000 rows)."""
    small, small_file = _peak_bytes(3_000)
    large, large_file = _peak_bytes(30_000)
    assert large - small < (large_file - small_file) + 1_000_000
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            write_workbook(
                Layout("Лист", [10] * 5, 1, 15, 3, "", "&C&P"),
                _many_rows(3),
                MOMENT,
                False,
                styles("0", Colours("FFE4C4", "BDD7EE", "C00000")),
            )
        )
    )["Лист"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [0, "район", 0, None, "т0"],
        [1, "район", 7, None, "т1"],
        [2, "район", 14, None, "т2"],
    ]


def _noted_rows(count: int) -> Iterator[Row]:
    for n in range(count):
        yield [(n, 0), (n, 0)], [(1, f"примечание {n}")]


@pytest.mark.slow
@needs_calc
def test_more_than_a_thousand_notes_are_all_read(tmp_path: Path) -> None:
    """The drawing that shows notes numbers its shapes in blocks of 1 024: 1 500 notes need
    two blocks."""
    layout = Layout("Лист", [10, 10], 1, 15, 1_500, "", "&C&P")
    workbook = write_workbook(
        layout, _noted_rows(1_500), MOMENT, True, styles("0", Colours("FFE4C4", "BDD7EE", "C00000"))
    )
    drawing = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/drawings/vmlDrawing1.vml")
    assert b'<o:idmap v:ext="edit" data="1,2"/>' in drawing
    assert drawing.count(b"<v:shape ") == 1_500
    for path in (io.BytesIO(workbook), _libreoffice(workbook, tmp_path, "xlsx")):
        sheet = openpyxl.load_workbook(path)["Лист"]
        notes = {
            c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row if c.comment
        }
        assert notes == {f"B{n + 1}": f"примечание {n}" for n in range(1_500)}


def test_the_text_rules_of_a_cell() -> None:
    from election_appeal.render.xlsx_text import cell_text, column_letter, text_element

    # ECMA-376 part 1, ST_Xstring: "_xHHHH_" stands for the character HHHH; a "_" written as
    # "_x005F_" is a "_" itself.
    assert text_element("_x0041_ и _x00e9_") == "<t>_x005F_x0041_ и _x005F_x00e9_</t>"
    assert text_element("_x41_ x0041_") == "<t>_x41_ x0041_</t>"
    assert text_element("a<b>&c\r\nd") == "<t>a&lt;b&gt;&amp;c&#13;\nd</t>"
    assert text_element(" a") == '<t xml:space="preserve"> a</t>'
    assert text_element("a\n") == '<t xml:space="preserve">a\n</t>'
    assert cell_text("a\x00\x08\tb\x0b\x0c\x0e\x1f\ud800\ufffe\uffffc\U0001f600") == (
        "a\tbc\U0001f600",
        False,
    )
    assert cell_text("я" * 32_767) == ("я" * 32_767, False)
    assert cell_text("я" * 32_768) == ("я" * 32_766 + "…", True)
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def _with_part(workbook: bytes, name: str, change: Callable[[str], str]) -> bytes:
    """The workbook with one part's text changed, the others as they were."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == name:
                content = change(content.decode()).encode()
            target.writestr(entry, content)
    return out.getvalue()


def test_the_mark_is_found_in_the_first_cell_the_header_and_the_footer_or_refused() -> None:
    from election_appeal.render.watermark import xlsx_marked

    marked = _hostile_workbook([])
    assert xlsx_marked(marked, "ОБРАЗЕЦ")
    assert not xlsx_marked(marked, "ҮЛГІ")
    sheet, strings = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
    for name, change in (
        (sheet, lambda xml: xml.replace("&amp;C&amp;20&amp;KC00000ОБРАЗЕЦ", "&amp;C&amp;20")),
        (sheet, lambda xml: xml.replace("&amp;LОБРАЗЕЦ&amp;C&amp;P&amp;RОБРАЗЕЦ", "&amp;C&amp;P")),
        (strings, lambda xml: xml.replace("ОБРАЗЕЦ. =1+1", "=1+1")),
    ):
        changed = _with_part(marked, name, change)
        assert changed != marked
        assert not xlsx_marked(changed, "ОБРАЗЕЦ")
    unmarked = render_xlsx(_table("7", "a", "b", "c"), PARTIES, _words(), MOMENT)
    assert not xlsx_marked(unmarked, "ОБРАЗЕЦ")


@pytest.mark.parametrize("name", ["'Протоколы", "Протоколы'", "history", "History"])
def test_a_sheet_name_excel_refuses_is_refused(name: str) -> None:
    from types import SimpleNamespace

    from election_appeal.errors import AppealError
    from election_appeal.render.xlsx import sheet_words

    titles = SimpleNamespace(xlsx_descriptive=["У", "Р", "В", "И"], xlsx_sheet=name)
    with pytest.raises(AppealError) as error:
        sheet_words(titles, None, [], "А", None, [])
    assert str(error.value).endswith(
        "xlsx_sheet: a sheet's name neither begins nor ends with an apostrophe (') and is not "
        "History"
    )


def test_a_workbook_whose_sheet_is_not_xml_is_refused_with_a_message() -> None:
    from election_appeal.errors import AppealError
    from election_appeal.render.watermark import verify_marks

    broken = _with_part(
        _hostile_workbook([]), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]
    )
    with pytest.raises(AppealError) as raised:
        verify_marks({NAME: broken}, "ОБРАЗЕЦ")
    assert str(raised.value).endswith(
        f"{NAME}: the mark «ОБРАЗЕЦ» is not in the header, footer and first row"
    )
