"""The spreadsheet attachment as a reader opens it: texts stay texts, and the sheet prints."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import edit_case, read_rows, write_rows
from election_appeal.publish import Settings, build_case

XLSX = Settings(("xlsx",), per_addressee=False, templates=None)
# Texts a spreadsheet program would run as formulas if they were written as formulas, where
# the case may still hold them: a table's text cell beginning with = + @ is refused as it is read
# (tests/test_table_cells.py), a number-like text such as "-1" is not, nor is a name in case.yaml.
PARTY_SHORT_NAME = "=1+1"
SOURCE_MINUS = "-1"


@pytest.fixture
def hostile_sheet(case_dir: Path, tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    """The attachment built from the example with formula-like texts where a case may hold them."""
    rows = read_rows(case_dir / "protocols.csv")
    for row in rows:
        if row["station"] == "13":
            row["source"] = SOURCE_MINUS
    write_rows(case_dir / "protocols.csv", rows)

    def rename(data: dict) -> None:
        data["parties"][0]["short_name"] = PARTY_SHORT_NAME

    edit_case(case_dir, rename)
    out = tmp_path / "out"
    outcome = build_case(case_dir, out, XLSX, force=True)
    assert outcome.status == "built", outcome.message
    path = out / "case" / "attachment-1-protocols.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    return openpyxl.load_workbook(path)["Протоколы"]


def test_no_cell_is_a_formula(hostile_sheet) -> None:
    kinds = {cell.data_type for row in hostile_sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    assert kinds <= {"s", "n"}


def test_formula_like_texts_are_kept_as_written(hostile_sheet) -> None:
    station_13 = next(r for r in hostile_sheet.iter_rows(min_row=7) if r[0].value == 13)
    assert (station_13[3].value, station_13[3].data_type) == (SOURCE_MINUS, "s")
    # The party's column: after 5 descriptive and 6 line columns.
    assert (hostile_sheet[6][11].value, hostile_sheet[6][11].data_type) == ("=1+1", "s")


def test_the_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
    built_xlsx: Path,
) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.oddFooter.center.text == "&P"


def test_title_and_legend_above_the_table_frozen_and_filtered(built_xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    # The example is illustrative: its title row opens with the mark, then the attachment's
    # heading for the letter to the Prosecutor General, dated 5 April 2021.
    assert sheet["A1"].value.replace("\u00a0", " ") == (
        "ОБРАЗЕЦ. Приложение 1 к заявлению от 5 апреля 2021 г. Таблица результатов голосования "
        "по данным копий протоколов участковых избирательных комиссий"
    )
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == (
        "По каждому участку три строки: строки протокола и голоса за партии в голосовании "
        "«Мажилис», в голосовании «Маслихат» и их разница ± = «Маслихат» − «Мажилис» («+» — во "
        "втором голосовании больше, «−» — меньше). Пустая ячейка — данных в копии нет (в строке "
        "± — нет хотя бы одной из двух цифр)."
    )
    assert sheet["A3"].value == (
        "В строках «Итого» — суммы известных цифр; их разница складывает только участки с "
        "копиями обоих протоколов."
    )
    assert sheet["A4"].value == (
        "Закрашена цифра, входящая в контрольное соотношение, которое в этой копии протокола не "
        "выполняется; номер соотношения — в примечании к ячейке и в столбце «Нарушенные "
        "соотношения (номера)»: 1 — получено бюллетеней ≠ выдано + погашено; 2 — выдано больше, "
        "чем избирателей в списке; 3 — в ящиках больше, чем выдано; 4 — в ящиках ≠ "
        "недействительные + голоса за партии (и «против всех», если в протоколе есть эта "
        "строка; закрашены «В ящиках» и «Недействительных»)."
    )
    assert sheet["A5"].value is None
    assert [c.value for c in sheet[6][:5]] == [
        "Участок",
        "Район",
        "Вид участка",
        "Источник",
        "Голосование (± = Маслихат − Мажилис)",
    ]
    # 66 stations, three rows each, in rows 7 to 204; the totals in rows 205 to 207, out of
    # the filter's range.
    assert sheet.freeze_panes == "B7"
    assert sheet.auto_filter.ref == "A6:Q204"
    assert [sheet[f"A{n}"].value for n in (205, 206, 207)] == ["Итого"] * 3
    assert [sheet[f"E{n}"].value for n in (205, 206, 207)] == ["Мажилис", "Маслихат", "±"]
    assert sheet.max_row == 207
    # A long district name wraps in its column (B7: station 12's district) instead of running on.
    assert (sheet["B7"].value, sheet["B7"].alignment.wrap_text) == ("Ауэзовский", True)


def test_flagged_cells_are_filled_and_numbered(built_xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    flagged = [row for row in sheet.iter_rows(min_row=7, max_row=204) if row[-1].value]
    # Station 170, Маслихат: 408 issued, 419 in boxes (ratio 3), 419 ≠ 9 invalid + 55 + 220 +
    # 27 + 68 + 28 votes = 407 (ratio 4); station 440, Мажилис: 497 received ≠ 255 issued + 235
    # cancelled = 490 (ratio 1).
    assert [(row[0].value, row[4].value, row[-1].value) for row in flagged] == [
        (170, "Маслихат", "3, 4"),
        (440, "Мажилис", "1"),
    ]
    header = [c.value for c in sheet[6]]
    filled = [
        (row[0].value, row[4].value, header[c.column - 1], c.value)
        for row in sheet.iter_rows(min_row=7)
        for c in row
        if c.fill.fill_type is not None
    ]
    assert filled == [
        (170, "Маслихат", "Выдано", 408),
        (170, "Маслихат", "В ящиках", 419),
        (170, "Маслихат", "Недействительных", 9),
        (440, "Мажилис", "Получено бюллетеней", 497),
        (440, "Мажилис", "Выдано", 255),
        (440, "Мажилис", "Погашено", 235),
    ]
    assert all(c.fill.fgColor.rgb == "00FFE4C4" for row in flagged for c in row if c.comment)


@pytest.fixture(scope="module")
def built_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import EXAMPLE

    out = tmp_path_factory.mktemp("xlsx")
    outcome = build_case(EXAMPLE, out, XLSX)
    assert outcome.status == "built", outcome.message
    return out / "almaty-2021" / "attachment-1-protocols.xlsx"
