"""The grammar of the sentences that name other authorities, sources and decisions, and the
sentences that must read as one for one station: every expected sentence is written here by
hand, in Russian and in Kazakh, for the kinds of authority and the variations that change it.

The forms of the reference authorities are those of data/reference/authorities.yaml
(`sent_to`): the Russian accusative after «в», the Kazakh dative. An authority of the case
folder without them is named in the nominative, after a noun that needs no other case.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest

from claim_variant import TEC, TEC_KK, later_election, to_the_court
from conftest import edit_case, write_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry, letters
from election_appeal.render.documents import Renderer, render_case
from test_wording_presumptions import _equal_contests, _html, _one_contest_one_station, _text

CEC = "central_election_commission"


def _to(main: str, *cc: str):
    def change(d: dict) -> None:
        d["addressees"] = [{"id": main, "role": "to"}, *({"id": i, "role": "cc"} for i in cc)]

    return change


def _appeal(case_dir: Path, language: str) -> str:
    return _text(_html(case_dir, language))


# 1. A copy sent to an authority: «направлена в …» / «…-ға жіберілді».

ONE_COPY = {
    "ru": "Копия настоящего заявления направлена в прокуратуру города Алматы.",
    "kk": "Осы арыздың көшірмесі Алматы қаласының прокуратурасына жіберілді.",
}
NOT_A_LABEL = {"ru": "(адресат)", "kk": "(алушы)"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_example_sends_its_copy_to_the_city_prosecutor(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language)
    assert ONE_COPY[language] in text
    assert NOT_A_LABEL[language] not in text


TWO_COPIES = {
    "ru": "Копии настоящего заявления направлены в прокуратуру города Алматы и в прокуратуру "
    "города Шымкент.",
    "kk": "Осы арыздың көшірмелері Алматы қаласының прокуратурасына және Шымкент қаласының "
    "прокуратурасына жіберілді.",
}
# A case-local authority without its forms: both named in the nominative after the noun.
NOMINATIVE = {
    "ru": "Получатели копии настоящего заявления: Прокуратура города Алматы; Прокуратура "
    "города Шымкент.",
    "kk": "Осы арыздың көшірмесін алушылар: Алматы қаласының прокуратурасы; Шымкент қаласының "
    "прокуратурасы.",
}
SHYMKENT = (
    "prosecutor_shymkent:\n  kind: prosecutor\n  name:\n    ru: Прокуратура города Шымкент\n"
    "    kk: Шымкент қаласының прокуратурасы\n"
)
SHYMKENT_SENT_TO = (
    "  sent_to:\n    ru: прокуратуру города Шымкент\n    kk: Шымкент қаласының прокуратурасына\n"
)


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("forms", [True, False])
def test_two_copies_are_named_in_the_case_their_sentence_needs(
    case_dir: Path, language: str, forms: bool
) -> None:
    entry = SHYMKENT + (SHYMKENT_SENT_TO if forms else "")
    (case_dir / "authorities.yaml").write_text(entry, encoding="utf-8")
    edit_case(case_dir, _to("prosecutor_general", "prosecutor_almaty", "prosecutor_shymkent"))
    text = _appeal(case_dir, language)
    expected, other = (TWO_COPIES, NOMINATIVE) if forms else (NOMINATIVE, TWO_COPIES)
    assert expected[language] in text
    assert other[language] not in text
    assert NOT_A_LABEL[language] not in text


def test_a_russian_form_is_not_used_in_a_kazakh_document(case_dir: Path) -> None:
    """`sent_to` given in Russian only: the Kazakh letter names the authority in the
    nominative, never with the Russian accusative."""
    entry = SHYMKENT + "  sent_to: {ru: прокуратуру города Шымкент}\n"
    (case_dir / "authorities.yaml").write_text(entry, encoding="utf-8")
    edit_case(case_dir, _to("prosecutor_general", "prosecutor_almaty", "prosecutor_shymkent"))
    assert TWO_COPIES["ru"] in _appeal(case_dir, "ru")
    kazakh = _appeal(case_dir, "kk")
    assert NOMINATIVE["kk"] in kazakh
    assert "прокуратуру" not in kazakh


# 2. The sources of the official results: after a dash, in the words of the case.

SOURCES = {
    "ru": "Источник официальных итогов выборов депутатов Мажилиса Парламента Республики "
    "Казахстан — Постановление Центральной избирательной комиссии Республики Казахстан от "
    "12 января 2021 года № 60/395; итогов выборов депутатов маслихата города Алматы — "
    "Протокол Территориальной избирательной комиссии города Алматы от 11 января 2021 года.",
    "kk": "Қазақстан Республикасы Парламенті Мәжілісінің депутаттарын сайлаудың ресми "
    "қорытындыларының дереккөзі — Қазақстан Республикасы Орталық сайлау комиссиясының "
    "2021 жылғы 12 қаңтардағы № 60/395 қаулысы; Алматы қаласы мәслихатының депутаттарын "
    "сайлаудың қорытындыларының дереккөзі — Алматы қаласы аумақтық сайлау комиссиясының "
    "2021 жылғы 11 қаңтардағы хаттамасы.",
}
ONE_SOURCE = {
    "ru": "Источник официальных итогов выборов депутатов маслихата города Алматы — Протокол "
    "Территориальной избирательной комиссии города Алматы от 11 января 2021 года.",
    "kk": "Алматы қаласы мәслихатының депутаттарын сайлаудың ресми қорытындыларының дереккөзі — "
    "Алматы қаласы аумақтық сайлау комиссиясының 2021 жылғы 11 қаңтардағы хаттамасы.",
}
PUBLISHED_COLON = {"ru": "опубликованы:", "kk": "жарияланды:"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_sources_follow_a_dash(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language)
    assert SOURCES[language] in text
    assert PUBLISHED_COLON[language] not in text
    _one_contest_one_station(case_dir)
    text = _appeal(case_dir, language)
    assert ONE_SOURCE[language] in text
    assert PUBLISHED_COLON[language] not in text


# 3. The contested decision: the defendant's in a claim, its maker after a dash in a complaint.

COMPLAINT_REMEDY = {
    "ru": "при подтверждении расхождений отменить решение об итогах выборов депутатов маслихата "
    f"города Алматы (принявший его орган — {TEC});",
    "kk": "алшақтықтар расталған жағдайда Алматы қаласы мәслихатының депутаттарын сайлаудың "
    f"қорытындылары туралы шешімнің күшін жою (шешімді қабылдаған орган — {TEC_KK});",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_names_who_took_the_decision_in_the_nominative(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, later_election)
    edit_case(case_dir, _to(CEC))
    text = _appeal(case_dir, language)
    assert COMPLAINT_REMEDY[language] in text
    assert f"({TEC})" not in text and f"({TEC_KK})" not in text


CLAIM_DECISION = {
    "ru": (
        "обжалуемое решение ответчика от 11 октября 2021 г. об итогах выборов депутатов "
        "маслихата города Алматы может не соответствовать этим протоколам.",
        "признать незаконным и отменить решение ответчика от 11 октября 2021 г. об итогах "
        "выборов депутатов маслихата города Алматы",
    ),
    "kk": (
        "Баяндалған алшақтықтар жауапкердің Алматы қаласы мәслихатының депутаттарын сайлаудың "
        "қорытындылары туралы 2021 жылғы 11 қазандағы шешімі осы хаттамаларға сәйкес келмеуі "
        "мүмкін екенін көрсетеді.",
        "жауапкердің Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары туралы "
        "2021 жылғы 11 қазандағы шешімін заңсыз деп тану және оның күшін жою;",
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_claim_calls_the_decision_the_defendants(case_dir: Path, language: str) -> None:
    to_the_court(case_dir)
    text = _appeal(case_dir, language)
    for sentence in CLAIM_DECISION[language]:
        assert sentence in text
    # The defendant is named once, in the heading, in the nominative (the Kazakh source of the
    # maslikhat's result names the same commission in the genitive, «…комиссиясының»).
    name = TEC if language == "ru" else TEC_KK
    assert len(re.findall(re.escape(name) + r"(?!\w)", text)) == 1
    assert f"({name}" not in text


# 4. One route, one letter: the second prosecutor's office gets a copy of the first's letter.


def test_two_prosecutors_beside_a_claim_share_one_letter(case_dir: Path) -> None:
    to_the_court(case_dir)
    data = load_case(case_dir)
    plan = letters(data, [None])
    assert [(x.addressee, x.copies) for x in plan] == [
        ("city_court", ()),
        ("prosecutor_general", ("prosecutor_almaty",)),
        ("anticorruption_almaty", ()),
        ("police_almaty", ()),
    ]
    texts = {}
    for language in ("ru", "kk"):
        localised = dataclasses.replace(
            data, case=data.case.model_copy(update={"language": language})
        )
        renderer = Renderer(localised, analyse(localised), None)
        texts[language] = {
            x.addressee: _text(renderer.appeal_html([RegisterEntry("Таблица", 1)], x)) for x in plan
        }
    assert ONE_COPY["ru"] in texts["ru"]["prosecutor_general"]
    assert ONE_COPY["kk"] in texts["kk"]["prosecutor_general"]
    # The court's claim lists the three letters, not the copy.
    claim = texts["ru"]["city_court"]
    assert (
        "По этим же обстоятельствам также направлено заявление в Генеральную прокуратуру "
        "Республики Казахстан; заявления об уголовном правонарушении направлены в Департамент "
        "Агентства Республики Казахстан по противодействию коррупции по городу Алматы и в "
        "Департамент полиции города Алматы."
    ) in claim
    assert "рокуратур" not in claim.split("Генеральную прокуратуру")[1]
    # The letter to the police names the prosecutor's letter, not its copy.
    police = texts["ru"]["police_almaty"]
    # The court has no form: its claim is named in the nominative, the others in their forms.
    assert (
        "По этим же обстоятельствам также подан административный иск (адресат: Алматинский "
        "городской суд); заявление направлено в Генеральную прокуратуру Республики Казахстан;"
    ) in police
    assert "Прокуратура города Алматы" not in police


def test_the_same_route_written_to_alone_still_gets_its_own_letter(case_dir: Path) -> None:
    """`--per-addressee`: the user asked for one letter to each; nothing is merged."""
    to_the_court(case_dir)
    plan = letters(load_case(case_dir), ["prosecutor_general", "prosecutor_almaty"])
    assert [(x.addressee, x.copies) for x in plan] == [
        ("prosecutor_general", ()),
        ("prosecutor_almaty", ()),
    ]


# 5. One station, one copy: singular throughout.

ONE_COPY_HELD = {
    "ru": "Заявитель располагает копией протокола об итогах голосования участковой "
    "избирательной комиссии № 12 (одной из 581), полученной наблюдателями (Наблюдатели А — 1). "
    "Данные протокола приведены в приложении 1.",
    "kk": "Арыз берушіде № 12 учаскелік сайлау комиссиясының (аумақтағы 581 комиссияның бірі) "
    "дауыс беру қорытындылары туралы хаттамасының көшірмесі бар; көшірмені байқаушылар алған "
    "(Байқаушылар А — 1). Хаттаманың деректері 1-қосымшада келтірілген.",
}
ONE_COPY_COMPARED = {
    "ru": "сверить экземпляр протокола об итогах голосования, хранящийся в избирательной "
    "комиссии, с копией протокола, полученной наблюдателями (приложение 1);",
    "kk": "сайлау комиссиясында сақталатын дауыс беру қорытындылары туралы хаттаманың данасын "
    "байқаушылар алған хаттаманың көшірмесімен (1-қосымша) салыстыру;",
}
PLURAL_COPIES = {
    "ru": ("копиями протоколов", "Перечень участков", "экземпляры протоколов"),
    "kk": ("хаттамаларының көшірмелері бар", "Учаскелердің тізбесі", "хаттамалардың даналарын"),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_copy_reads_as_one(case_dir: Path, language: str) -> None:
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _to("police_almaty"))
    text = _appeal(case_dir, language)
    assert ONE_COPY_HELD[language] in text
    assert ONE_COPY_COMPARED[language] in text
    assert [w for w in PLURAL_COPIES[language] if w in text] == []


ONE_CLAIM_REQUESTS = {
    "ru": (
        # One station, nothing to compare its copy with: no seat is shown to change, so the
        # station is rechecked, conditionally (tests/test_wording_requests.py).
        "обязать ответчика перепроверить протокол об итогах голосования избирательного участка "
        "№ 12 по копии протокола, полученной наблюдателями (приложение 1), и, если итоги не "
        "соответствуют протоколам участковых избирательных комиссий, внести соответствующие "
        "исправления в протокол этого участка и в итоги выборов депутатов маслихата города "
        "Алматы.",
        "истребовать у ответчика протокол об итогах голосования избирательного участка, "
        "указанного в приложении 1;",
    ),
    "kk": (
        "жауапкерді № 12 сайлау учаскесінің дауыс беру қорытындылары туралы хаттамасын "
        "байқаушылар алған хаттама көшірмесі бойынша (1-қосымша) қайта тексеруге және "
        "қорытындылар учаскелік сайлау комиссияларының хаттамаларына сәйкес келмеген жағдайда "
        "осы учаскенің хаттамасына және Алматы қаласы мәслихатының депутаттарын сайлаудың "
        "қорытындыларына тиісті түзетулер енгізуге міндеттеу.",
        "жауапкерден 1-қосымшада көрсетілген сайлау учаскесінің дауыс беру қорытындылары "
        "туралы хаттамасын талап етіп алу;",
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_claim_on_one_copy_asks_for_one_protocol(case_dir: Path, language: str) -> None:
    to_the_court(case_dir)
    _one_contest_one_station(case_dir)
    text = _appeal(case_dir, language)
    for request in ONE_CLAIM_REQUESTS[language]:
        assert request in text


def _official_for_the_copies(case_dir: Path, delta: int) -> None:
    """An official table of the copies' stations, `delta` votes added to «Nur Otan»'s figure of
    the first row (0: the table agrees with the copies)."""
    rows = list(csv.DictReader((case_dir / "protocols.csv").open(encoding="utf-8")))
    rows[0]["nur_otan"] = str(int(rows[0]["nur_otan"]) + delta)
    write_rows(case_dir / "official.csv", rows, lineterminator="\n")
    edit_case(
        case_dir,
        lambda d: d.update(
            official_results={"file": "official.csv", "source": {"ru": "Сводная", "kk": "Жиынтық"}}
        ),
    )


# One station, one contest: one protocol; a delta of 5 makes its figures differ.
ONE_PROTOCOL_COMPARED = {
    ("ru", True): "Копия протокола участковой избирательной комиссии № 12 сверена с официальными "
    "итогами голосования по этому участку (источник — Сводная). Цифра копии протокола "
    "расходится с официальной (таблица 1).",
    ("ru", False): "Копия протокола участковой избирательной комиссии № 12 сверена с официальными "
    "итогами голосования по этому участку (источник — Сводная). Все цифры, которые есть и в "
    "копии, и в официальных итогах, совпадают.",
    ("kk", True): "№ 12 учаскелік сайлау комиссиясы хаттамасының көшірмесі осы учаске бойынша "
    "дауыс берудің ресми қорытындыларымен салыстырылды (дереккөзі — Жиынтық). Көшірмедегі "
    "бір сан ресми қорытындыдан өзгеше (1-кесте).",
    ("kk", False): "№ 12 учаскелік сайлау комиссиясы хаттамасының көшірмесі осы учаске бойынша "
    "дауыс берудің ресми қорытындыларымен салыстырылды (дереккөзі — Жиынтық). Көшірмеде де, "
    "ресми қорытындыларда да бар барлық сандар сәйкес келеді.",
}
# The kind of difference on that one station, № 12: the copy's 154 against the official 159
# (the planted 5), copy − official = −5, not called a sum; the station named, not counted.
ONE_KIND = {
    "ru": "«Маслихат», голоса за «Nur Otan»: на участке № 12 цифра копии протокола меньше "
    "официальной; разница \u22125.",
    "kk": "«Мәслихат», «Nur Otan» дауыстары: № 12 учаскеде хаттама көшірмесіндегі сан ресми "
    "қорытындыдан аз; айырмасы \u22125.",
}
PLURAL_STATIONS = {
    "ru": ("по этим участкам", "из этих участков", "сверены", "на 1 участке", "протокола 1 участк"),
    "kk": ("осы учаскелер", "учаскелердің", "учаскелер саны", "1 учаскелік сайлау комиссиясы хатт"),
}
# The section's heading and the table's title name the one station and its one copy.
TABLE_TITLE = {
    "ru": "Цифра копии протокола участка № 12, расходящаяся с официальными итогами.",
    "kk": "№ 12 учаске хаттамасы көшірмесінің ресми қорытындыдан өзгеше саны.",
}
HEADING = {
    "ru": "Сверка копии протокола с официальными итогами участка № 12",
    "kk": "№ 12 учаске хаттамасының көшірмесін ресми қорытындылармен салыстыру",
}
MANY_STATIONS = {
    "ru": "Сверка копий протоколов с официальными итогами по участкам",
    "kk": "Хаттамалардың көшірмелерін учаскелер бойынша ресми қорытындылармен салыстыру",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("differs", [True, False])
def test_one_station_compared_with_its_official_figures(
    case_dir: Path, language: str, differs: bool
) -> None:
    _one_contest_one_station(case_dir)
    _official_for_the_copies(case_dir, 5 if differs else 0)
    text = _appeal(case_dir, language)
    assert ONE_PROTOCOL_COMPARED[(language, differs)] in text
    assert (ONE_KIND[language] in text) is differs
    assert "в сумме разница" not in text and "айырманың жиыны" not in text
    assert [w for w in PLURAL_STATIONS[language] if w in text] == []
    assert (TABLE_TITLE[language] in text) is differs
    assert HEADING[language] in text
    assert MANY_STATIONS[language] not in text


def test_one_station_of_two_contests_has_two_protocols(case_dir: Path) -> None:
    """Both contests' copies of one station: the copies are two, the station one."""
    path = case_dir / "protocols.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    first = rows[0]["station"]
    write_rows(path, [r for r in rows if r["station"] == first], lineterminator="\n")
    _official_for_the_copies(case_dir, 5)
    text = _appeal(case_dir, "ru")
    assert (
        "Копии протоколов участковой избирательной комиссии № 12 сверены с официальными итогами "
        "голосования по этому участку (источник — Сводная). Одна из цифр копий протоколов "
        "расходится с официальной (таблица 1)."
    ) in text
    assert "Сверка копий протоколов с официальными итогами участка № 12" in text
    assert "Цифра копий протоколов участка № 12, расходящаяся с официальными итогами." in text


# 6. Version 1 says the seats would go otherwise only when they would.

SEATS_SENTENCE = {
    ("ru", "differ"): "то 39 мандатов по итогам выборов депутатов маслихата города Алматы "
    "следовало бы распределить иначе.",
    ("ru", "as_official"): "то 39 мандатов по итогам выборов депутатов маслихата города Алматы "
    "были бы распределены так же, как по официальным итогам выборов депутатов маслихата города "
    "Алматы.",
    ("ru", "as_awarded"): "то 39 мандатов по итогам выборов депутатов маслихата города Алматы "
    "были бы распределены так же, как они фактически выданы.",
    ("kk", "differ"): "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары бойынша "
    "39 мандат басқаша бөлінуге тиіс еді.",
    ("kk", "as_official"): "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары "
    "бойынша 39 мандат Алматы қаласы мәслихатының депутаттарын сайлаудың ресми қорытындылары "
    "бойынша бөлінгендей бөлінер еді.",
    ("kk", "as_awarded"): "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары "
    "бойынша 39 мандат іс жүзінде берілгендей бөлінер еді.",
}


def _awarded_as_version_1(d: dict) -> None:
    """The seats awarded made those the Mazhilis votes give (DOMAIN §1, checked by hand:
    quota 302 487 / 39 = 7 756,08; НПК 6, Nur Otan 23, Ауыл 4, Ак жол 6, ADAL below 7 %)."""
    d["contests"][1]["seats_awarded"] = {
        "npk": 6,
        "nur_otan": 23,
        "auyl": 4,
        "ak_zhol": 6,
        "adal": 0,
    }


VARIATIONS = {
    "differ": lambda d: None,  # the example: 6/23/4/6 against the awarded 3/29/3/4
    "as_official": _equal_contests,  # the same votes, no seats awarded on record
    "as_awarded": _awarded_as_version_1,
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("change", list(VARIATIONS))
def test_version_1_says_otherwise_only_when_the_seats_differ(
    case_dir: Path, language: str, change: str
) -> None:
    edit_case(case_dir, VARIATIONS[change])
    text = _appeal(case_dir, language)
    assert SEATS_SENTENCE[(language, change)] in text
    for other in VARIATIONS:
        if other != change:
            assert SEATS_SENTENCE[(language, other)] not in text


# 7. The claim: its time limit in a section of its own, its claims, then the motion on the
# evidence; the claimant's own right as a voter, or a blank the build warns about.

CLAIM_SECTIONS = {
    "ru": [
        "5. Срок обращения в суд",
        "Закон отводит на обращение в суд 10 дней",
        "6. Просьба",
        "ПРОШУ СУД:",
        "признать незаконным и отменить решение ответчика от 11 октября 2021 г. об итогах "
        "выборов депутатов маслихата города Алматы;",
        "обязать ответчика сверить протоколы участковых избирательных комиссий с копиями "
        "протоколов, полученными наблюдателями (приложение 1).",
        "7. Ходатайство",
        "Истец ходатайствует перед судом:",
        "истребовать у ответчика протоколы об итогах голосования избирательных участков, "
        "указанных в приложении 1;",
        "принять меры к сохранности избирательных бюллетеней и иной документации голосования.",
        "Государственная пошлина не уплачивается",
    ],
    "kk": [
        "5. Талап қою мерзімі",
        "Заңмен талап қою үшін 10 күн белгіленген",
        "Дау айтылатын шешім күнінен (2021 жылғы 11 қазан)",
        "6. Сұрау",
        "СОТТАН СҰРАЙМЫН:",
        "жауапкердің Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары туралы "
        "2021 жылғы 11 қазандағы шешімін заңсыз деп тану және оның күшін жою;",
        "жауапкерді учаскелік сайлау комиссияларының хаттамаларын байқаушылар алған хаттама "
        "көшірмелерімен (1-қосымша) салыстыруға міндеттеу.",
        "7. Өтінішхат",
        "Талап қоюшы мынадай өтінішхат мәлімдейді:",
        "жауапкерден 1-қосымшада көрсетілген сайлау учаскелерінің дауыс беру қорытындылары "
        "туралы хаттамаларын талап етіп алу;",
        "сайлау бюллетеньдері мен дауыс берудің өзге де құжаттамасының сақталуы үшін шаралар "
        "қабылдау.",
        "Мемлекеттік баж төленбейді",
    ],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_claim_states_its_limit_claims_and_motion_apart(case_dir: Path, language: str) -> None:
    to_the_court(case_dir)
    text = _appeal(case_dir, language)
    missing = [part for part in CLAIM_SECTIONS[language] if part not in text]
    assert missing == []
    places = [text.find(part) for part in CLAIM_SECTIONS[language]]
    assert places == sorted(places)
    # The time limit is said once, under its own heading, not under the claims.
    assert text.count("10 дней (" if language == "ru" else "10 күн белгіленген (") == 1


RIGHT = {
    "ru": "Истец является избирателем избирательного участка № 12. Решение об итогах, не "
    "соответствующее протоколам участковых избирательных комиссий, нарушает его право избирать, "
    "которое включает право на учет поданных голосов при установлении итогов.",
    "kk": "Талап қоюшы № 12 сайлау учаскесінің сайлаушысы болып табылады. Учаскелік сайлау "
    "комиссияларының хаттамаларына сәйкес келмейтін қорытындылар туралы шешім оның сайлау "
    "құқығын бұзады; бұл құқық берілген дауыстардың қорытындыларды белгілеу кезінде ескерілуін "
    "қамтиды.",
}
BLANK = {
    "ru": "[Укажите, какие права, свободы или законные интересы истца нарушает обжалуемое "
    "решение.]",
    "kk": "[Дау айтылатын шешім талап қоюшының қандай құқықтарын, бостандықтары мен заңды "
    "мүдделерін бұзатынын көрсетіңіз.]",
}
STANDINGS = {
    "voter": {"kind": "voter", "station": 12},
    "observer": {"kind": "observer", "organisation": "ОФ «Пример»", "station": 12},
    "none": None,
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("standing", list(STANDINGS))
def test_the_claimant_own_right_is_stated_only_for_a_voter(
    case_dir: Path, language: str, standing: str
) -> None:
    to_the_court(case_dir)

    def given(d: dict) -> None:
        d["applicant"].pop("status", None)
        if STANDINGS[standing] is not None:
            d["applicant"]["status"] = STANDINGS[standing]

    edit_case(case_dir, given)
    text = _appeal(case_dir, language)
    voter = standing == "voter"
    assert (RIGHT[language] in text) is voter
    assert (BLANK[language] in text) is not voter
    warnings = render_case(load_case(case_dir), formats=("docx",)).warnings
    warned = [w for w in warnings if "the claim does not say which right" in w]
    assert warned == ([] if voter else [CLAIM_WARNING])


CLAIM_WARNING = (
    "Алматинский городской суд: the claim does not say which right of the claimant the "
    "decision violates; it says so only for a voter (applicant.status: kind voter and the "
    "station) and for a candidate whose party list would win more seats by the other contest's "
    "votes. Fill in the bracketed sentence of the legal section before filing"
)


@pytest.mark.slow
def test_no_claim_no_warning_about_the_claimants_right(case_dir: Path) -> None:
    warnings = render_case(load_case(case_dir), formats=("docx",)).warnings
    assert not [w for w in warnings if "the claim does not say" in w]


@pytest.mark.parametrize("standing", list(STANDINGS))
def test_check_warns_of_the_claimants_right_before_the_build(case_dir: Path, standing: str) -> None:
    """`check` says what the build will: a claim of anyone but a voter leaves a blank, at the
    field to change; with no status at all, the standing error comes first instead."""
    to_the_court(case_dir)

    def given(d: dict) -> None:
        d["applicant"].pop("status", None)
        if STANDINGS[standing] is not None:
            d["applicant"]["status"] = STANDINGS[standing]

    edit_case(case_dir, given)
    said = [p for p in api.check(case_dir).warnings if "the claim does not say" in p.message]
    if standing == "observer":
        assert [p.message for p in said] == [CLAIM_WARNING]
        assert "applicant.status.kind" in said[0].where
    else:
        assert said == []
