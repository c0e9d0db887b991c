"""The titles a reader sees in attachment 1's files (the Word document's title property, the
spreadsheet's first row) agree with its text: the copies of one station are named in the
singular, as the register and the attachment's heading name them.

Each expected title is written here by hand for station 12 of the example (two protocols, one
per contest; one protocol when the case has the maslikhat alone).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import ROOT, read_rows, write_rows
from election_appeal import api
from test_wording_form import _renderer
from test_wording_presumptions import _one_contest_one_station, _text

pytestmark = pytest.mark.slow

TWO_PROTOCOLS = {
    "ru": "Таблица результатов голосования по данным копий протоколов участковой избирательной "
    "комиссии № 12",
    "kk": "№ 12 учаскелік сайлау комиссиясы хаттамаларының көшірмелері бойынша дауыс беру "
    "нәтижелерінің кестесі",
}
ONE_PROTOCOL = {
    "ru": "Таблица результатов голосования по данным копии протокола участковой избирательной "
    "комиссии № 12",
    "kk": "№ 12 учаскелік сайлау комиссиясы хаттамасының көшірмесі бойынша дауыс беру "
    "нәтижелерінің кестесі",
}
# The spreadsheet's first row opens with the mark of the illustrative example and the heading.
HEADING = {
    "ru": "ОБРАЗЕЦ. Приложение 1 к заявлению от 5 апреля 2021 г. ",
    "kk": "ҮЛГІ. 2021 жылғы 5 сәуірдегі арызға 1-қосымша. ",
}
# The example's many stations keep the table's title, uncounted.
MANY = {
    "ru": "Таблица результатов голосования по данным копий протоколов участковых избирательных "
    "комиссий",
    "kk": "Учаскелік сайлау комиссиялары хаттамаларының көшірмелері бойынша дауыс беру "
    "нәтижелерінің кестесі",
}
SUFFIX = {"ru": "", "kk": ".kk"}


def _titles(case_dir: Path, language: str) -> tuple[str, str]:
    """The DOCX title property and the spreadsheet's first cell of attachment 1."""
    files = api.render(case_dir, formats=("docx", "xlsx"), language=language)
    name = f"attachment-1-protocols{SUFFIX[language]}"
    title = docx.Document(io.BytesIO(files[f"{name}.docx"])).core_properties.title
    sheet = openpyxl.load_workbook(io.BytesIO(files[f"{name}.xlsx"])).active
    assert sheet is not None
    first = str(sheet["A1"].value).replace("\u00a0", " ")
    return title.replace("\u00a0", " "), first


def _station_12(case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    write_rows(path, [r for r in read_rows(path) if r["station"] == "12"])


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_stations_two_protocols_are_named_in_the_titles(case_dir: Path, language: str) -> None:
    _station_12(case_dir)
    title, first = _titles(case_dir, language)
    assert title == TWO_PROTOCOLS[language]
    assert first == HEADING[language] + TWO_PROTOCOLS[language]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_stations_one_protocol_is_singular_in_the_titles(case_dir: Path, language: str) -> None:
    _one_contest_one_station(case_dir)
    title, first = _titles(case_dir, language)
    assert title == ONE_PROTOCOL[language]
    assert first == HEADING[language] + ONE_PROTOCOL[language]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_many_stations_keep_the_tables_title(case_dir: Path, language: str) -> None:
    title, first = _titles(case_dir, language)
    assert title == MANY[language]
    assert first == HEADING[language] + MANY[language]


# The totals of one station are that station's figures: their difference cannot differ from the
# difference of the sums, so the attachment does not say it may.
ONE_STATION_TOTALS = {
    "ru": "«—» — данных в копии нет; в строке ± — нет хотя бы одной из двух цифр. В строках "
    "«Итого» — суммы известных цифр.",
    "kk": "«—» — көшірмеде дерек жоқ; ± жолында — екі санның біреуі жоқ. «Барлығы» жолдарында — "
    "белгілі сандардың сомасы.",
}
MAY_DIFFER = {"ru": "может не совпадать", "kk": "сәйкес келмеуі мүмкін"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_stations_totals_are_not_said_to_differ(case_dir: Path, language: str) -> None:
    _station_12(case_dir)
    text = _text(_renderer(case_dir, language).attachment_html())
    assert ONE_STATION_TOTALS[language] in text
    assert MAY_DIFFER[language] not in text
    # Several stations: the totals' difference adds only stations with both copies.
    text = _text(_renderer(ROOT / "data" / "almaty-2021", language).attachment_html())
    assert MAY_DIFFER[language] in text
