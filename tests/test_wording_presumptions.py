"""Sentences that presume what the case may not have: discrepancies where none is stated, a
space between sentences lost to whitespace control, a time limit told in the tool's words, the
stage of criminal procedure a crime report leaves the rest to.

Every expected sentence is written here by hand. The example (data/almaty-2021) is dated
5 April 2021; its election day is 10 January 2021, and neither contest gives the date of its
decision, so a complaint's ten days (law.yaml `complaint_time_limit`) count from the election
day: 10 + 10 = 20 January 2021, long past on 5 April, not yet on 15 January.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest

from conftest import edit_case
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry
from election_appeal.render.documents import Renderer

POLICE = "police_almaty"
AGENCY = "anticorruption_almaty"
CEC = "central_election_commission"
PROSECUTOR = "prosecutor_general"


def _to(addressee: str, date: str | None = None):
    def change(d: dict) -> None:
        d["addressees"] = [{"id": addressee, "role": "to"}]
        if date:
            d["appeal"]["date"] = date

    return change


def _one_contest_one_station(case_dir: Path) -> None:
    """The maslikhat alone, with the copy of one station: no official station figures, nothing
    to compare the copy with, and the seats the maslikhat's own votes give are those awarded."""

    def one_contest(d: dict) -> None:
        d.pop("comparison")
        d.pop("funding")
        d["contests"] = [c for c in d["contests"] if c["id"] == "maslikhat"]

    edit_case(case_dir, one_contest)
    path = case_dir / "protocols.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    kept = [r for r in rows if r["contest"] == "maslikhat"][:1]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)


def _html(case_dir: Path, language: str) -> str:
    data = load_case(case_dir)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    renderer = Renderer(data, analyse(data), None)
    return renderer.appeal_html([RegisterEntry("Таблица", 1)], None)


def _text(html: str) -> str:
    """The text a reader sees, footnotes left out, on one line."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span class="footnote">.*?</span>', "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def _appeal(case_dir: Path, language: str) -> str:
    return _text(_html(case_dir, language))


# 1. Discrepancies only where some are stated (one article listed: one offence, «следующей
# нормой», «мынада»).

ONE_STATION_CRIME = {
    "ru": (
        "Если официальные итоги голосования не соответствуют протоколам участковых "
        "избирательных комиссий, это может свидетельствовать о признаках уголовного "
        "правонарушения, предусмотренного следующей нормой:"
    ),
    "kk": (
        "Дауыс берудің ресми қорытындылары учаскелік сайлау комиссияларының "
        "хаттамаларына сәйкес келмеген жағдайда, бұл мынада көзделген қылмыстық құқық "
        "бұзушылықтың белгілерін көрсетуі мүмкін:"
    ),
}
# Every word for "discrepancy" of each language (ru расхождение / расходятся, kk алшақтық).
DISCREPANCY_WORDS = {"ru": ("асхожд", "асходя"), "kk": ("алшақ",)}


@pytest.mark.parametrize("addressee", [POLICE, AGENCY])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_crime_report_stating_no_discrepancy_refers_to_none(
    case_dir: Path, addressee: str, language: str
) -> None:
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _to(addressee))
    html = _html(case_dir, language)
    text = _text(html)
    assert ONE_STATION_CRIME[language] in text
    # Not in the text, nor in the document's title (the PDF's and DOCX's metadata).
    assert [w for w in DISCREPANCY_WORDS[language] if w in html] == []


# One station, nothing compared with its copy: no seat is shown to change, so the complaint
# asks for the station to be rechecked, conditionally, not for the result to be set aside.
ONE_STATION_COMPLAINT = {
    "ru": (
        "назначить пересчет голосов (повторную проверку протоколов об итогах голосования) на "
        "избирательном участке № 12 и, если итоги не соответствуют протоколам участковых "
        "избирательных комиссий, внести соответствующие исправления в протокол этого участка и "
        "в итоги выборов депутатов маслихата города Алматы;"
    ),
    "kk": (
        "№ 12 сайлау учаскесінде дауыстарды қайта санауды (дауыс беру қорытындылары туралы "
        "хаттамаларды қайта тексеруді) тағайындау және қорытындылар учаскелік сайлау "
        "комиссияларының хаттамаларына сәйкес келмеген жағдайда осы учаскенің хаттамасына және "
        "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындыларына тиісті түзетулер "
        "енгізу;"
    ),
}
ONE_STATION_TITLE = {
    "ru": "<title>Жалоба на решение об итогах голосования 10 января 2021 г.</title>",
    "kk": "<title>Шағым: 2021 жылғы 10 қаңтар күнгі дауыс беру қорытындылары туралы шешімге",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_stating_no_discrepancy_asks_conditionally(
    case_dir: Path, language: str
) -> None:
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _to(CEC))
    html = _html(case_dir, language)
    assert ONE_STATION_COMPLAINT[language] in _text(html)
    assert ONE_STATION_TITLE[language] in html.replace("\u00a0", " ")
    # The commission's basis is conditional («Если копии … расходятся») and stays; nothing else
    # refers to discrepancies.
    text = _text(html).replace("Если копии протоколов, выданные наблюдателям, расходятся", "")
    text = text.replace("көшірмелері комиссиялар белгілеген", "")
    assert [w for w in DISCREPANCY_WORDS[language] if w in text] == []


STATED_CRIME = {
    "ru": "Расхождения, изложенные выше, если они не получат объяснения, могут свидетельствовать",
    "kk": "Жоғарыда баяндалған алшақтықтар, егер олар түсіндірілмесе,",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_example_with_its_differences_refers_to_them(language: str) -> None:
    from conftest import EXAMPLE

    text = _appeal(EXAMPLE, language)
    assert STATED_CRIME[language] in text
    assert ONE_STATION_CRIME[language] not in text


def _equal_contests(d: dict) -> None:
    """The maslikhat's official votes made those of the Mazhilis, no seats awarded on record:
    the two official results do not differ, and nothing else is stated as a discrepancy."""
    mazhilis, maslikhat = d["contests"]
    maslikhat["votes"] = dict(mazhilis["votes"])
    maslikhat.pop("seats_awarded")


def test_a_complaint_on_two_equal_results_asks_for_no_causes_of_a_difference(
    case_dir: Path,
) -> None:
    edit_case(case_dir, _equal_contests)
    edit_case(case_dir, _to(CEC))
    text = _appeal(case_dir, "ru")
    assert ("ЖАЛОБА на решение об итогах выборов депутатов маслихата города Алматы ОБРАЗЕЦ") in text
    assert (
        "сообщить заявителю в письменной форме по указанному выше адресу о результатах сверки."
    ) in text
    assert "о расхождениях между официальными итогами" not in text
    assert "о причинах расхождения итогов" not in text


def test_a_prosecutor_on_two_equal_results_is_asked_to_check_them(case_dir: Path) -> None:
    edit_case(case_dir, _equal_contests)
    edit_case(case_dir, _to(PROSECUTOR))
    text = _appeal(case_dir, "ru")
    assert "установить причины расхождения" not in text
    assert (
        "проверить, соответствуют ли официальные итоги выборов депутатов Мажилиса Парламента "
        "Республики Казахстан и выборов депутатов маслихата города Алматы протоколам участковых "
        "избирательных комиссий;"
    ) in text
    assert ONE_STATION_CRIME["ru"] in text
    # The funding section: no party gets more or less, none is paid beyond the other result.
    assert (
        "Итоги выборов депутатов Мажилиса Парламента Республики Казахстан и выборов депутатов "
        "маслихата города Алматы по партиям совпадают, поэтому ни одна партия не получает из "
        "бюджета больше или меньше, чем соответствовало бы итогам выборов депутатов маслихата "
        "города Алматы (таблица 4)."
    ) in text
    assert (
        "Ни одной из партий, представленных в Мажилисе, по итогам выборов депутатов Мажилиса "
        "Парламента Республики Казахстан не досталось больше голосов, чем по итогам выборов "
        "депутатов маслихата города Алматы."
    ) in text
    assert "больше («+») или меньше («−»)" not in text
    assert "выплачивается 0" not in text


# 2. A space between sentences.

JOINED = re.compile(r"[a-zа-яёәіңғүұқөһ.][A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]")


def _joins(html: str) -> list[str]:
    """Places where a sentence runs into the next inside one element of the text."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span class="footnote">.*?</span>', "", html, flags=re.S)
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    raw = re.sub(r"<[^>]+>", "|", html)
    return [raw[max(0, m.start() - 30) : m.end() + 10] for m in JOINED.finditer(raw)]


@pytest.mark.parametrize("addressee", [CEC, POLICE, AGENCY, PROSECUTOR])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_sentence_runs_into_the_next(case_dir: Path, addressee: str, language: str) -> None:
    edit_case(case_dir, _to(addressee))
    assert _joins(_html(case_dir, language)) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "требует сверки протоколов и объяснения. Изложенное затрагивает"),
        ("kk", "салыстыруды және түсіндіруді талап етеді. Баяндалғандар азаматтардың"),
    ],
)
def test_the_commission_basis_is_followed_by_a_space(
    case_dir: Path, language: str, expected: str
) -> None:
    edit_case(case_dir, _to(CEC))
    assert expected in _appeal(case_dir, language)


# 3. The complaint's time limit, counted from the election day.

LIMIT_PAST = {
    "ru": (
        "Считая со дня выборов (10 января 2021 г.), последний день срока — 20 января 2021 г.; "
        "срок пропущен."
    ),
    "kk": (
        "Сайлау күнінен (2021 жылғы 10 қаңтар) бастап есептегенде мерзімнің соңғы күні — "
        "2021 жылғы 20 қаңтар; мерзім өткізіп алынған."
    ),
}
LIMIT_OPEN = {
    "ru": (
        "Считая со дня выборов (10 января 2021 г.), последний день срока — 20 января 2021 г.; "
        "срок не пропущен."
    ),
    "kk": (
        "Сайлау күнінен (2021 жылғы 10 қаңтар) бастап есептегенде мерзімнің соңғы күні — "
        "2021 жылғы 20 қаңтар; мерзім өткізілмеген."
    ),
}
# The tool's words about its own case file, and the hedge that hid a passed limit.
NEVER = ("в деле не указана", "не ранее", "истe көрсетілмеген", "істе көрсетілмеген", "ерте емес")


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize(("date", "expected"), [(None, LIMIT_PAST), ("2021-01-15", LIMIT_OPEN)])
def test_a_complaint_without_the_decisions_date_counts_from_the_election_day(
    case_dir: Path, language: str, date: str | None, expected: dict[str, str]
) -> None:
    edit_case(case_dir, _to(CEC, date))
    text = _appeal(case_dir, language)
    assert expected[language] in text
    assert [w for w in NEVER if w in text] == []
    assert "г.." not in text


# 4. A crime report leaves the rest to the pre-trial investigation.

NOT_WHO = {
    ("ru", True): "это может установить только досудебное расследование.",
    ("ru", False): "это может установить только проверка.",
    ("kk", True): "мұны тек сотқа дейінгі тергеп-тексеру анықтай алады.",
    ("kk", False): "мұны тек тексеру анықтай алады.",
}


@pytest.mark.parametrize("addressee", [POLICE, AGENCY, PROSECUTOR])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_who_changed_the_results_is_left_to_the_stage_of_the_addressee(
    case_dir: Path, addressee: str, language: str
) -> None:
    edit_case(case_dir, _to(addressee))
    text = _appeal(case_dir, language)
    crime_report = addressee != PROSECUTOR
    assert NOT_WHO[(language, crime_report)] in text
    assert NOT_WHO[(language, not crime_report)] not in text


def test_the_kazakh_funding_of_two_equal_results_says_no_party_gets_more(case_dir: Path) -> None:
    edit_case(case_dir, _equal_contests)
    edit_case(case_dir, _to(PROSECUTOR))
    text = _appeal(case_dir, "kk")
    assert (
        "қорытындылары партиялар бойынша сәйкес келеді, сондықтан бірде-бір партия бюджеттен "
        "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындыларына сәйкес келетіннен көп "
        "немесе аз алмайды (4-кесте)."
    ) in text
    assert (
        "Мәжілісте өкілдігі бар бірде-бір партия Қазақстан Республикасы Парламенті Мәжілісінің "
        "депутаттарын сайлаудың қорытындылары бойынша Алматы қаласы мәслихатының депутаттарын "
        "сайлаудың қорытындыларына қарағанда көп дауыс алған жоқ."
    ) in text
    assert "көп («+») немесе аз («−»)" not in text


NOTHING_TO_REPORT = (
    "Департамент полиции города Алматы: заявление об уголовном правонарушении не называет ни "
    "одного расхождения, потому что в деле их нет"
)


def _build_warnings(case_dir: Path) -> list[str]:
    from election_appeal.render.documents import render_case

    return render_case(load_case(case_dir), formats=("docx",)).warnings


@pytest.mark.slow
def test_a_crime_report_of_a_case_stating_no_discrepancy_is_warned_about(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-station case states nothing a crime report could report: the build says so for
    the police's report, and not for the example, whose contests differ by tens of thousands."""
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert not any("уголовном правонарушении не называет" in w for w in _build_warnings(case_dir))
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _to(POLICE))
    assert [w for w in _build_warnings(case_dir) if w.startswith(NOTHING_TO_REPORT)] != []
