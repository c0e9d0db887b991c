"""The legends of attachment 1 say only what is true of the case: the example of a cell that
differs from the official figure is the table's own first such cell (never fixed figures that
read as data), and the spreadsheet of one station speaks of that station's rows, not of "each
station's". Expected sentences are written out by hand from tests/data/evidence-example."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, edit_case, read_rows, write_rows
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import attachment_context
from election_appeal.render.env import make_environment, render_template, template_module
from election_appeal.render.xlsx import sheet_words

EVIDENCE = ROOT / "tests" / "data" / "evidence-example"
MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
SOURCE = (
    "Сводная таблица итогов голосования по участкам Территориальной избирательной комиссии "
    "города Алматы от 11 января 2021 года (ИЛЛЮСТРАЦИЯ: цифры составлены для примера)"
)


def _text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).replace("&#34;", '"')


@pytest.fixture
def station_47_differs(tmp_path: Path) -> Path:
    """The evidence example whose official table differs from the copies only at station 47's
    maslikhat protocol: «Недействительных» 5 in the copy, 4 officially; «ADAL» 28 and 31."""
    case_dir = tmp_path / "case"
    shutil.copytree(EVIDENCE, case_dir, ignore=shutil.ignore_patterns("copies"))
    rows = [dict(r) for r in read_rows(case_dir / "protocols.csv")]
    for row in rows:
        if (row["station"], row["contest"]) == ("47", "maslikhat"):
            assert (row["invalid"], row["adal"]) == ("5", "28")
            row.update(invalid="4", adal="31")
    write_rows(case_dir / "official.csv", rows)
    edit_case(case_dir, lambda d: d.pop("copies", None))  # another attachment, not this one's
    return case_dir


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Знак «≠» и число после цифры копии протокола — официальная цифра этого участка, с "
            "которой цифра копии расходится (так, на участке № 47 в копии 5, по официальным "
            f"итогам 4: «5 ≠4»); официальные итоги: {SOURCE}.",
        ),
        (
            "kk",
            "Хаттама көшірмесіндегі саннан кейінгі «≠» белгісі мен сан — көшірмедегі сан өзгеше "
            "болған осы учаскенің ресми саны (мысалы, № 47 учаскеде көшірмеде 5, ресми "
            f"қорытынды бойынша 4: «5 ≠4»); ресми қорытындылар: {SOURCE}.",
        ),
    ],
)
def test_the_legend_shows_the_cases_first_differing_cell(
    station_47_differs: Path, language: str, expected: str
) -> None:
    data = load_case(station_47_differs)
    context = attachment_context(data, analyse(data), MOMENT)
    env = make_environment(None, language)
    text = _text(render_template(env, "attachment-protocols.html.j2", context))
    assert expected in text
    assert "152 ≠190" not in text and "(190)" not in text


def _legend(language: str, second: str | None, station: str | None) -> list[str]:
    env = make_environment(None, language)
    titles = template_module(env, "files.j2")
    texts = template_module(env, "texts.j2")
    words = sheet_words(titles, texts, ["«Nur Otan»"], "Мажилис", second, [], False, station, 1)
    return list(words.legend[:2])


@pytest.mark.parametrize(
    ("language", "second", "expected"),
    [
        (
            "ru",
            "Маслихат",
            [
                "Три строки: строки протокола и голоса за партии в голосовании «Мажилис», в "
                "голосовании «Маслихат» и их разница ± = «Маслихат» − «Мажилис» («+» — во втором "
                "голосовании больше, «−» — меньше). Пустая ячейка — данных в копии нет (в "
                "строке ± — нет хотя бы одной из двух цифр).",
                "В строках «Итого» — суммы известных цифр.",
            ],
        ),
        (
            "ru",
            None,
            [
                "Одна строка: строки протокола и голоса за партии в голосовании «Мажилис». "
                "Пустая ячейка — данных в копии нет.",
                "В строке «Итого» — суммы известных цифр.",
            ],
        ),
        (
            "kk",
            "Маслихат",
            [
                "Үш жол: «Мажилис» дауыс беруіндегі хаттама жолдары мен партияларға берілген "
                "дауыстар, «Маслихат» дауыс беруіндегі сол деректер және олардың айырмасы ± = "
                "«Маслихат» − «Мажилис» («+» — екінші дауыс беруде көп, «−» — аз). Бос ұяшық — "
                "көшірмеде дерек жоқ (± жолында — екі санның біреуі жоқ).",
                "«Барлығы» жолдарында — белгілі сандардың сомасы.",
            ],
        ),
        (
            "kk",
            None,
            [
                "Бір жол: «Мажилис» дауыс беруіндегі хаттама жолдары мен партияларға берілген "
                "дауыстар. Бос ұяшық — көшірмеде дерек жоқ.",
                "«Барлығы» жолында — белгілі сандардың сомасы.",
            ],
        ),
    ],
)
def test_the_spreadsheet_of_one_station_speaks_of_its_rows(
    language: str, second: str | None, expected: list[str]
) -> None:
    legend = _legend(language, second, "47")
    assert [line.replace("\u00a0", " ") for line in legend] == expected
    # Several stations: each station's rows.
    several = " ".join(_legend(language, second, None))
    assert ("По каждому участку" if language == "ru" else "Әр учаске бойынша") in several
