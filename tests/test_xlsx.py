"""The spreadsheet attachment as a reader opens it: texts stay texts, and the sheet prints."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import edit_case, read_rows, write_rows
from election_appeal.publish import Settings, build_case

XLSX = Settings(("xlsx",), per_addressee=False, templates=None)
# Texts a spreadsheet program would run as formulas if they were written as formulas.
HOSTILE = {
    "district": '=HYPERLINK("http://example.invalid/?q=1","Ауэзовский")',
    "kind": "@SUM(E6:E9)",
    "source": "+7 701 000 00 00",
}
PARTY_SHORT_NAME = "=1+1"
SOURCE_MINUS = "-1"


@pytest.fixture
def hostile_sheet(case_dir: Path, tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    """The attachment built from the example with formula-like texts in every kind of text cell."""
    rows = read_rows(case_dir / "protocols.csv")
    for row in rows:
        if row["station"] == "12":
            row.update(HOSTILE)
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
    station_12 = next(r for r in hostile_sheet.iter_rows(min_row=6) if r[0].value == 12)
    assert [c.value for c in station_12[1:4]] == list(HOSTILE.values())
    assert all(c.data_type == "s" for c in station_12[1:4])
    station_13 = next(r for r in hostile_sheet.iter_rows(min_row=6) if r[0].value == 13)
    assert (station_13[3].value, station_13[3].data_type) == (SOURCE_MINUS, "s")
    assert [c.value for c in hostile_sheet[5][4:7]] == [
        "=1+1: Мажилис",
        "=1+1: Маслихат",
        "=1+1: разница (Маслихат − Мажилис)",
    ]


def test_the_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
    built_xlsx: Path,
) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.oddFooter.center.text == "&P"


def test_title_and_legend_above_the_table_frozen_and_filtered(built_xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    assert sheet["A1"].value == (
        "Таблица результатов голосования по данным копий протоколов участковых "
        "избирательных комиссий"
    )
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == (
        "По каждой партии: голоса в голосовании «Мажилис», в голосовании «Маслихат» и разница "
        "«Маслихат» − «Мажилис» («+» — во втором голосовании больше, «−» — меньше)."
    )
    assert sheet["A3"].value == (
        "Закрашены участки, в копии протокола которых не выполняется контрольное соотношение "
        "(указано в столбце «Контрольные соотношения»). Пустая ячейка — данных в копии нет."
    )
    assert sheet["A4"].value is None
    assert [c.value for c in sheet[5][:4]] == ["Участок", "Район", "Вид участка", "Источник"]
    # 66 stations in rows 6 to 71, the totals in row 72.
    assert sheet.freeze_panes == "B6"
    assert sheet.auto_filter.ref == "A5:T71"
    assert sheet["A72"].value == "Итого"


def test_flagged_stations_are_filled_and_explained(built_xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(built_xlsx)["Протоколы"]
    flagged = [row for row in sheet.iter_rows(min_row=6, max_row=71) if row[-1].value]
    assert [row[0].value for row in flagged] == [170, 440]
    assert all(row[0].fill.fgColor.rgb == "00FFE4C4" for row in flagged)
    plain = next(row for row in sheet.iter_rows(min_row=6, max_row=71) if not row[-1].value)
    assert plain[0].fill.fill_type is None


@pytest.fixture(scope="module")
def built_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import EXAMPLE

    out = tmp_path_factory.mktemp("xlsx")
    outcome = build_case(EXAMPLE, out, XLSX)
    assert outcome.status == "built", outcome.message
    return out / "almaty-2021" / "attachment-1-protocols.xlsx"
