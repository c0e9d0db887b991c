"""Agreement in number: one station, one differing figure, one party or two are said as such,
not in the words of many; the letters of one instrument are named together; a section does not
open with its own heading. Every expected sentence is written here by hand, in Russian and in
Kazakh, from the example (data/almaty-2021) and the variations each test makes of it.

The example's first station is № 12; its maslikhat copy gives «Nur Otan» 154 votes and НПК 33
(data/almaty-2021/protocols.csv, second row).
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case, write_rows
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import (
    AuthorityView,
    RegisterEntry,
    appeal_context,
    by_instrument,
    letters,
)
from election_appeal.render.documents import Renderer
from test_wording_presumptions import _one_contest_one_station, _text


def _renderer(case_dir: Path, language: str) -> Renderer:
    data = load_case(case_dir)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    return Renderer(data, analyse(data), None)


def _appeal(case_dir: Path, language: str, addressee: str | None = None) -> str:
    renderer = _renderer(case_dir, language)
    letter = letters(renderer.data, [addressee])[0] if addressee else None
    return _text(renderer.appeal_html([RegisterEntry("Таблица", 1)], letter))


def _only_station_12(case_dir: Path) -> None:
    """The copies of station № 12 alone, of both contests: two protocols of one station."""
    path = case_dir / "protocols.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    write_rows(path, [r for r in rows if r["station"] == "12"], lineterminator="\n")


# 1. Attachment 1 of one station names it, its copy in the number of its protocols.

ONE_STATION_TITLES = {
    ("ru", 1): (
        "Приложение 1. Результаты голосования по данным копии протокола участковой "
        "избирательной комиссии № 12",
        "Результаты голосования 10 января 2021 г. на территории г. Алматы по данным копии "
        "протокола участковой избирательной комиссии № 12",
        "Таблица результатов голосования по данным копии протокола участковой избирательной "
        "комиссии № 12",
    ),
    ("ru", 2): (
        "Приложение 1. Результаты голосования по данным копий протоколов участковой "
        "избирательной комиссии № 12",
        "Результаты голосования 10 января 2021 г. на территории г. Алматы по данным копий "
        "протоколов участковой избирательной комиссии № 12",
        "Таблица результатов голосования по данным копий протоколов участковой избирательной "
        "комиссии № 12",
    ),
    ("kk", 1): (
        "1-қосымша. № 12 учаскелік сайлау комиссиясы хаттамасының көшірмесі бойынша дауыс беру "
        "нәтижелері",
        "2021 жылғы 10 қаңтар күні Алматы қаласы аумағында өткен дауыс берудің № 12 учаскелік "
        "сайлау комиссиясы хаттамасының көшірмесі бойынша нәтижелері",
        "№ 12 учаскелік сайлау комиссиясы хаттамасының көшірмесі бойынша дауыс беру "
        "нәтижелерінің кестесі",
    ),
    ("kk", 2): (
        "1-қосымша. № 12 учаскелік сайлау комиссиясы хаттамаларының көшірмелері бойынша дауыс "
        "беру нәтижелері",
        "2021 жылғы 10 қаңтар күні Алматы қаласы аумағында өткен дауыс берудің № 12 учаскелік "
        "сайлау комиссиясы хаттамаларының көшірмелері бойынша нәтижелері",
        "№ 12 учаскелік сайлау комиссиясы хаттамаларының көшірмелері бойынша дауыс беру "
        "нәтижелерінің кестесі",
    ),
}
# The words of many stations: a count of one, the commissions in the plural, rows «by each».
MANY_STATIONS = {
    "ru": ("(1 участок)", "участковых избирательных комиссий", "По каждому участку"),
    "kk": ("(1 учаске)", "сайлау комиссиялары", "Әр учаске бойынша"),
}
# How to read the table of one station: one row (one contest) or three (two contests).
ROWS = {
    ("ru", 1): "Одна строка: строки протокола и голоса за партии по итогам",
    ("ru", 2): "Три строки: строки протокола и голоса за партии по итогам",
    ("kk", 1): "Бір жол: Алматы қаласы мәслихатының",
    ("kk", 2): "Үш жол: Қазақстан Республикасы Парламенті Мәжілісінің",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("protocols", [1, 2])
def test_the_attachment_of_one_station_names_it(
    case_dir: Path, language: str, protocols: int
) -> None:
    if protocols == 1:
        _one_contest_one_station(case_dir)
    else:
        _only_station_12(case_dir)
    renderer = _renderer(case_dir, language)
    attachment = _text(renderer.attachment_html())
    entry = renderer.own_entries(False)[0].title
    title, subtitle, register = ONE_STATION_TITLES[language, protocols]
    assert title in attachment
    assert subtitle in attachment
    assert entry == register
    assert ROWS[language, protocols] in attachment
    assert [w for w in MANY_STATIONS[language] if w in attachment + entry] == []


# The example's 66 stations: counted, as before.
MANY_TITLES = {
    "ru": (
        "по данным копий протоколов участковых избирательных комиссий (66 участков)",
        "Таблица результатов голосования по данным копий протоколов участковых избирательных "
        "комиссий (66 участков)",
    ),
    "kk": (
        "учаскелік сайлау комиссиялары хаттамаларының көшірмелері бойынша нәтижелері (66 учаске)",
        "Учаскелік сайлау комиссиялары хаттамаларының көшірмелері бойынша дауыс беру "
        "нәтижелерінің кестесі (66 учаске)",
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_attachment_of_many_stations_counts_them(case_dir: Path, language: str) -> None:
    renderer = _renderer(case_dir, language)
    subtitle, register = MANY_TITLES[language]
    assert subtitle in _text(renderer.attachment_html())
    assert renderer.own_entries(False)[0].title == register
    assert "№ 12" not in register


# 2. One differing figure is «цифра … расходится», several «цифры … расходятся».


def _official(case_dir: Path, changes: dict[str, int]) -> None:
    """An official table of the copies' stations, equal to them but for the first row's
    parties, `changes` added to their figures."""
    rows = list(csv.DictReader((case_dir / "protocols.csv").open(encoding="utf-8")))
    for party, delta in changes.items():
        rows[0][party] = str(int(rows[0][party]) + delta)
    write_rows(case_dir / "official.csv", rows, lineterminator="\n")
    edit_case(
        case_dir,
        lambda d: d.update(
            official_results={"file": "official.csv", "source": {"ru": "Сводная", "kk": "Жиынтық"}}
        ),
    )


ONE_FIGURE = {"nur_otan": 5}
TWO_FIGURES = {"nur_otan": 5, "npk": -5}

# One station, one protocol.
ONE_STATION = {
    ("ru", 1): (
        "Цифра копии протокола расходится с официальной (таблица 1).",
        "Таблица 1. Цифра копии протокола участка № 12, расходящаяся с официальными итогами.",
    ),
    ("ru", 2): (
        "Цифры копии протокола расходятся с официальными (таблица 1).",
        "Таблица 1. Цифры копии протокола участка № 12, расходящиеся с официальными итогами.",
    ),
    ("kk", 1): (
        "Көшірмедегі бір сан ресми қорытындыдан өзгеше (1-кесте).",
        "1-кесте. № 12 учаске хаттамасы көшірмесінің ресми қорытындыдан өзгеше саны.",
    ),
    ("kk", 2): (
        "Көшірмедегі сандар ресми қорытындылардан өзгеше (1-кесте).",
        "1-кесте. № 12 учаске хаттамасы көшірмесінің ресми қорытындылардан өзгеше сандары.",
    ),
}
# The other number's words, which must not be said.
PLURAL_FIGURES = {
    "ru": ("Цифры копи", "расходятся"),
    "kk": ("сандар ресми қорытындылардан өзгеше", "өзгеше сандары"),
}
ONE_FIGURE_WORDS = {"ru": ("Цифра копи", "расходится"), "kk": ("бір сан", "өзгеше саны")}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("figures", [1, 2])
def test_one_station_differing_in_one_figure_says_it_in_the_singular(
    case_dir: Path, language: str, figures: int
) -> None:
    _one_contest_one_station(case_dir)
    _official(case_dir, ONE_FIGURE if figures == 1 else TWO_FIGURES)
    text = _appeal(case_dir, language)
    sentence, caption = ONE_STATION[language, figures]
    assert sentence in text
    assert caption in text
    other = PLURAL_FIGURES if figures == 1 else ONE_FIGURE_WORDS
    assert [w for w in other[language] if w in text] == []


# Station 12's two protocols (both contests), one figure of the maslikhat's differing.
TWO_PROTOCOLS_ONE_FIGURE = {
    "ru": "Одна из цифр копий протоколов расходится с официальной (таблица 1).",
    "kk": "Көшірмелердегі бір сан ресми қорытындыдан өзгеше (1-кесте).",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_figure_of_two_protocols_is_one_of_their_figures(case_dir: Path, language: str) -> None:
    _only_station_12(case_dir)
    _official(case_dir, ONE_FIGURE)
    text = _appeal(case_dir, language)
    assert TWO_PROTOCOLS_ONE_FIGURE[language] in text
    assert [w for w in PLURAL_FIGURES[language] if w in text] == []


# The example's 66 stations compared, one figure (or two, of one station) differing.
MANY_STATIONS_FIGURES = {
    ("ru", 1): (
        "На 1 из этих участков цифра копии протокола расходится с официальной (таблица 1).",
        "Таблица 1. Цифра копии протокола, расходящаяся с официальными итогами участка.",
    ),
    ("ru", 2): (
        "На 1 из этих участков цифры копий протоколов расходятся с официальными (таблица 1).",
        "Таблица 1. Цифры копий протоколов, расходящиеся с официальными итогами по участкам.",
    ),
    ("kk", 1): (
        "Осы учаскелердің бірінде көшірмедегі бір сан ресми қорытындыдан өзгеше (1-кесте).",
        "1-кесте. Хаттама көшірмесінің учаскенің ресми қорытындысынан өзгеше саны.",
    ),
    ("kk", 2): (
        "Көшірмелердегі сандар ресми қорытындылардан өзгеше болған учаскелер саны — 1 (1-кесте).",
        "1-кесте. Хаттамалар көшірмелерінің учаскелер бойынша ресми қорытындылардан өзгеше "
        "сандары.",
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("figures", [1, 2])
def test_many_stations_with_one_differing_figure_say_it_in_the_singular(
    case_dir: Path, language: str, figures: int
) -> None:
    _official(case_dir, ONE_FIGURE if figures == 1 else TWO_FIGURES)
    text = _appeal(case_dir, language)
    sentence, caption = MANY_STATIONS_FIGURES[language, figures]
    assert sentence in text
    assert caption in text


# 3. The letters of one instrument are named together, the instrument once.

# The example's letter to the Prosecutor General: the agency and the police both get a report of
# a criminal offence.
TWO_REPORTS = {
    "ru": "По этим же обстоятельствам также направлены заявления об уголовном правонарушении в "
    "Департамент Агентства Республики Казахстан по противодействию коррупции по городу Алматы "
    "и в Департамент полиции города Алматы.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы "
    "іс-қимыл агенттігінің Алматы қаласы бойынша департаментіне және Алматы қаласы Полиция "
    "департаментіне қылмыстық құқық бұзушылық туралы арыздар жіберілді.",
}
# A letter of its own to the city prosecutor (--per-addressee): the Prosecutor General's letter,
# then the two reports; in Kazakh the verb they share said once.
LETTER_AND_TWO_REPORTS = {
    "ru": "По этим же обстоятельствам также направлено заявление в Генеральную прокуратуру "
    "Республики Казахстан; заявления об уголовном правонарушении направлены в Департамент "
    "Агентства Республики Казахстан по противодействию коррупции по городу Алматы и в "
    "Департамент полиции города Алматы.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ Қазақстан Республикасының Бас прокуратурасына арыз, "
    "Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Алматы қаласы "
    "бойынша департаментіне және Алматы қаласы Полиция департаментіне қылмыстық құқық "
    "бұзушылық туралы арыздар жіберілді.",
}
INSTRUMENT = {"ru": "правонарушении", "kk": "құқық бұзушылық туралы"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_two_reports_are_named_together(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language)
    assert TWO_REPORTS[language] in text
    assert text.count(INSTRUMENT[language] + " — в") == 0


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_letter_and_two_reports_name_the_reports_once(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language, "prosecutor_almaty")
    assert LETTER_AND_TWO_REPORTS[language] in text
    sentence = LETTER_AND_TWO_REPORTS[language]
    assert sentence.count(INSTRUMENT[language]) == 1


# An authority of the case folder without its forms: its group named in the nominative, after
# the instrument they share and «адресаты» / «алушылар».
LOCAL_POLICE = (
    "police_local:\n  kind: police\n  name:\n    ru: Управление полиции района\n"
    "    kk: Аудан полиция басқармасы\n"
)
NOMINATIVE = {
    "ru": "По этим же обстоятельствам также направлены заявления об уголовном правонарушении "
    "(адресаты: Департамент Агентства Республики Казахстан по противодействию коррупции по "
    "городу Алматы и Управление полиции района).",
    "kk": "Осы мән-жайлар бойынша сондай-ақ қылмыстық құқық бұзушылық туралы арыздар жіберілді "
    "(алушылар: Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Алматы "
    "қаласы бойынша департаменті және Аудан полиция басқармасы).",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_reports_named_in_the_nominative_share_their_instrument(
    case_dir: Path, language: str
) -> None:
    (case_dir / "authorities.yaml").write_text(LOCAL_POLICE, encoding="utf-8")

    def local_police(d: dict) -> None:
        d["addressees"] = [
            {"id": "prosecutor_general", "role": "to"},
            {"id": "anticorruption_almaty", "role": "cc"},
            {"id": "police_local", "role": "cc"},
        ]

    edit_case(case_dir, local_police)
    assert NOMINATIVE[language] in _appeal(case_dir, language)


def _view(kind: str, name: str) -> AuthorityView:
    return AuthorityView(name, name, "", kind, name)


def test_the_grouping_keeps_case_order_and_puts_each_instrument_once() -> None:
    """Reports go to the police and the agency alike; every other kind has its own."""
    views = [
        _view("prosecutor", "P"),
        _view("police", "A"),
        _view("election_commission", "C"),
        _view("anticorruption", "B"),
        _view("police", "D"),
    ]
    groups = by_instrument(views)
    assert [(g.kind, [a.id for a in g.authorities]) for g in groups] == [
        ("prosecutor", ["P"]),
        ("police", ["A", "B", "D"]),
        ("election_commission", ["C"]),
    ]


# 4. Two parties are «екеуі», three or more «бәрі».


def _two_overpaid(d: dict) -> None:
    """The example as it is: of the funded parties, НПК and «Ак жол» got more by the Mazhilis
    (43 337 > 23 388, 48 887 > 32 367); «Nur Otan» less (178 461 < 218 003)."""


def _three_overpaid(d: dict) -> None:
    """«Nur Otan»'s maslikhat votes taken below its Mazhilis 178 461: it joins НПК and
    «Ак жол»."""
    maslikhat = next(c for c in d["contests"] if c["id"] == "maslikhat")
    maslikhat["votes"]["nur_otan"] = 170000


TOGETHER = {
    ("kk", 2): "осы партиялардың екеуіне бірге төленетін жылдық сома",
    ("kk", 3): "осы партиялардың бәріне бірге төленетін жылдық сома",
}


@pytest.mark.parametrize("parties", [2, 3])
def test_two_parties_are_both_and_three_all(case_dir: Path, parties: int) -> None:
    edit_case(case_dir, _two_overpaid if parties == 2 else _three_overpaid)
    text = _appeal(case_dir, "kk")
    assert TOGETHER["kk", parties] in text
    assert TOGETHER["kk", 5 - parties] not in text


# Every party's official difference inside its interval: «обеих» / «екі … да» of two parties,
# «всех» / «барлық» of three. The phrase as the appeal's template calls it, in the example's
# context; the parties it names are those of `inside`.
ALL_INSIDE = {
    ("ru", 2): "Официальная разница у обеих партий находится в пределах 95-процентного интервала.",
    ("ru", 3): "Официальная разница у всех партий находится в пределах 95-процентного интервала.",
    ("kk", 2): "Екі партияның да ресми айырмасы 95 пайыздық аралықтың шегінде.",
    ("kk", 3): "Барлық партиялардың ресми айырмасы 95 пайыздық аралықтың шегінде.",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("inside", [["npk", "adal"], ["npk", "adal", "auyl"]])
def test_two_parties_inside_their_intervals_are_both(
    case_dir: Path, language: str, inside: list[str]
) -> None:
    renderer = _renderer(case_dir, language)
    context = appeal_context(
        renderer.data, renderer.analysis, [RegisterEntry("Таблица", 1)], renderer.moment
    )
    call = renderer.env.from_string(
        '{% import "appeal.phrases.j2" as phrase with context %}'
        "{{ phrase.all_inside_interval(inside) }}"
    )
    said = " ".join(call.render(**context, inside=inside).split())
    assert said == ALL_INSIDE[language, len(inside)]


# 5. The verb before a list agrees with it.


def _maslikhat_votes(**votes: int):
    def change(d: dict) -> None:
        maslikhat = next(c for c in d["contests"] if c["id"] == "maslikhat")
        maslikhat["votes"].update(votes)

    return change


# «ADAL» at its Mazhilis 18 835: «Nur Otan» alone gains, three lose.
ONE_GAINED = {
    "ru": "получила партия «Nur Otan»; меньше голосов получили партии НПК, «Ауыл» и «Ак жол».",
    "kk": "көп дауыс алған партия: «Nur Otan»; аз дауыс алғандар — ҚХП, «Ауыл» және «Ақ жол».",
}
# «Ауыл» and «Ак жол» at their Mazhilis figures (31 802, 48 887): НПК alone loses, two gain.
ONE_LOST = {
    "ru": "получили: «Nur Otan» и «ADAL»; меньше голосов получила партия НПК.",
    "kk": "көп дауыс алғандар: «Nur Otan» және «ADAL»; аз дауыс алған партия — ҚХП.",
}
# The example: two gain, three lose; one verb serves both lists.
SEVERAL_EACH = {
    "ru": "получили: «Nur Otan» и «ADAL»; меньше — НПК, «Ауыл» и «Ак жол».",
    "kk": "көп дауыс алғандар: «Nur Otan» және «ADAL»; аз дауыс алғандар — ҚХП, «Ауыл» және "
    "«Ақ жол».",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("variant", ["one_gained", "one_lost", "several_each"])
def test_the_verb_agrees_with_the_parties_it_introduces(
    case_dir: Path, language: str, variant: str
) -> None:
    change, expected = {
        "one_gained": (_maslikhat_votes(adal=18835), ONE_GAINED),
        "one_lost": (_maslikhat_votes(auyl=31802, ak_zhol=48887), ONE_LOST),
        "several_each": (lambda d: None, SEVERAL_EACH),
    }[variant]
    edit_case(case_dir, change)
    text = _appeal(case_dir, language)
    assert expected[language] in text
    assert "получила партия «Nur Otan»; меньше —" not in text


# 6. A time-limit section does not open with its heading.


def _sections(html: str) -> dict[str, str]:
    """Each heading of the letter (without its number) and the first paragraph after it."""
    found = re.findall(r"<h2>\s*\d+\.\s*(.*?)</h2>\s*<p[^>]*>(.*?)</p>", html, flags=re.S)
    return {_text(h): _text(p) for h, p in found}


TIME_LIMIT = {
    ("ru", "court"): (
        "Срок обращения в суд",
        "Закон отводит на обращение в суд 10 дней (",
    ),
    ("kk", "court"): ("Талап қою мерзімі", "Заңмен талап қою үшін 10 күн белгіленген ("),
    ("ru", "commission"): ("Срок обжалования", "Закон отводит на обжалование 10 дней ("),
    ("kk", "commission"): ("Шағымдану мерзімі", "Заңмен шағымдану үшін 10 күн белгіленген ("),
}


def _to_the_commission(case_dir: Path) -> None:
    """Dated 18 January 2021, the maslikhat's result decided by the city's commission on the
    11th, the complaint to the Central Election Commission."""

    def change(d: dict) -> None:
        d["appeal"]["date"] = "2021-01-18"
        d["contests"][1].update(
            source_date="2021-01-11",
            decided_by={"ru": "Территориальная избирательная комиссия города Алматы"},
        )
        d["addressees"] = [{"id": "central_election_commission", "role": "to"}]

    edit_case(case_dir, change)


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("route", ["court", "commission"])
def test_the_time_limit_section_does_not_open_with_its_heading(
    case_dir: Path, language: str, route: str
) -> None:
    if route == "court":
        to_the_court(case_dir)
    else:
        _to_the_commission(case_dir)
    renderer = _renderer(case_dir, language)
    html = renderer.appeal_html([RegisterEntry("Таблица", 1)], None)
    heading, opening = TIME_LIMIT[language, route]
    first = _sections(html)[heading]
    assert first.startswith(opening)
    for title, paragraph in _sections(html).items():
        assert not paragraph.startswith(title), title
