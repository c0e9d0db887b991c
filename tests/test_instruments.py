"""Each kind of authority gets its instrument: title, parts and requests present, the other
kinds' requests absent; asserted on the DOCX text (and once on the PDF) of the example and its
variations. Expected dates are counted by hand: 10 days from 11 January 2021 end on 21 January;
the ballots, kept 30 days from 10 January, until 9 February (law.yaml, both unverified)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import edit_case
from election_appeal import api

COURT = (
    "city_court: {kind: court, name: {ru: Алматинский городской суд, kk: Алматы қалалық соты}}\n"
)
TEC = "Территориальная избирательная комиссия города Алматы"

CRIMINAL = ["Едином реестре досудебных расследований", "заведомо ложный донос", "статьи 190"]
OLD_DEFECTS = ["(-ей)", "(-а)", "провести по нему проверку", "в пределах компетенции"]


def _text(case_dir: Path, addressee: str | None = None, language: str | None = None) -> str:
    files = api.render(case_dir, formats=("docx",), addressee=addressee, language=language)
    # The letter to `addressee`, or the main letter (the case's "to").
    stem = f"appeal--{addressee}" if addressee else "appeal"
    name = next(n for n in files if n.split(".")[0] == stem and n.endswith(".docx"))
    paragraphs = [p.text for p in Document(io.BytesIO(files[name])).paragraphs]
    return "\n".join(paragraphs).replace("\u00a0", " ")


def _named(d: dict) -> None:
    d["applicant"].update(full_name="Жумабеков Ерлан Серикович", address="г. Алматы, ул. Абая, 1")
    d["applicant"]["status"] = {"kind": "voter", "station": 12}


def _commission_on_time(d: dict) -> None:
    _named(d)
    d["appeal"]["date"] = "2021-01-18"
    d["contests"][1].update(source_date="2021-01-11", decided_by=TEC)
    d["addressees"].append({"id": "central_election_commission", "role": "cc"})


def _court(case_dir: Path, appeal: str) -> None:
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")

    def change(d: dict) -> None:
        _commission_on_time(d)
        d["appeal"]["date"] = appeal
        # A claim is filed to the court alone: the court is the addressee, the others get
        # letters of their own.
        for other in d["addressees"]:
            other["role"] = "cc"
        d["addressees"].append({"id": "city_court", "role": "to"})

    edit_case(case_dir, change)


def test_the_example_to_the_prosecutor(case_dir: Path) -> None:
    text = _text(case_dir)
    assert "ЗАЯВЛЕНИЕ" in text
    assert (
        "при установлении признаков уголовного правонарушения зарегистрировать сведения о нем в "
        "Едином реестре досудебных расследований"
    ) in text
    # 85 days after the election the ballots are no longer kept: ask what was kept.
    assert (
        "установить, какие избирательные бюллетени и иные документы голосования сохранились" in text
    )
    assert "принять меры к сохранности" not in text
    # НПК 25 434 975 and Ак жол 21 063 000 a year, each above 11 668 000.
    assert "выплачиваемых по итогам выборов партиям НПК, «Ак жол» (каждой в отдельности" in text
    # The placeholder name has no sex: no word that would need agreement.
    assert "Мне известно об уголовной ответственности за заведомо ложный донос" in text
    assert "от [Фамилия Имя Отчество], адрес: [почтовый адрес заявителя]" in text
    for defect in OLD_DEFECTS:
        assert defect not in text, defect


@pytest.mark.parametrize("addressee", ["police_almaty", "anticorruption_almaty"])
def test_a_crime_report_to_the_police_and_the_agency(case_dir: Path, addressee: str) -> None:
    edit_case(case_dir, _named)
    text = _text(case_dir, addressee)
    assert "ЗАЯВЛЕНИЕ" in text
    assert (
        "от Жумабекова Ерлана Сериковича, проживающего по адресу: г. Алматы, ул. Абая, 1, "
        "являющегося избирателем избирательного участка № 12"
    ) in text
    assert "зарегистрировать настоящее заявление в Едином реестре досудебных расследований" in text
    assert "начать досудебное расследование (статья 179" in text
    assert "о номере в Едином реестре досудебных расследований" in text
    assert "Об уголовной ответственности за заведомо ложный донос (статья 419" in text
    assert "предупрежден." in text
    for absent in [*OLD_DEFECTS, "признать незаконным", "Ответчик", "АДМИНИСТРАТИВНЫЙ ИСК"]:
        assert absent not in text, absent


def test_a_woman_is_warned_in_the_feminine(case_dir: Path) -> None:
    def woman(d: dict) -> None:
        d["applicant"].update(full_name="Оспанова Әсем Нурланқызы")

    edit_case(case_dir, woman)
    text = _text(case_dir, "police_almaty")
    assert "от Оспановой Әсем Нурланқызы, проживающей по адресу" in text
    assert "предупреждена." in text


def test_a_complaint_to_the_commission_within_its_time_limit(case_dir: Path) -> None:
    edit_case(case_dir, _commission_on_time)
    text = _text(case_dir, "central_election_commission")
    assert "ЖАЛОБА" in text
    assert "Срок обжалования — 10 дней (статья 20 Конституционного закона" in text
    assert "последний день срока — 21 января 2021 г.;" in text
    assert "срок не пропущен." in text
    assert (
        "при подтверждении расхождений отменить решение об итогах выборов депутатов маслихата "
        f"города Алматы ({TEC})"
    ) in text
    # On 18 January the ballots are still kept (until 9 February): ask to preserve them.
    assert "принять меры к сохранности избирательных бюллетеней" in text
    assert "какие избирательные бюллетени и иные документы голосования сохранились" not in text
    for absent in [*CRIMINAL, *OLD_DEFECTS, "Особо крупным размером"]:
        assert absent not in text, absent


def test_a_claim_to_a_court(case_dir: Path) -> None:
    _court(case_dir, "2021-01-18")
    text = _text(case_dir, "city_court")
    assert "АДМИНИСТРАТИВНЫЙ ИСК" in text
    assert (
        "Истец: Жумабеков Ерлан Серикович, адрес: г. Алматы, ул. Абая, 1; избиратель "
        "избирательного участка № 12"
    ) in text
    assert f"Ответчик: {TEC}" in text
    assert (
        "признать незаконным и отменить решение от 11 января 2021 г. об итогах выборов "
        f"депутатов маслихата города Алматы ({TEC});"
    ) in text
    assert "истребовать у ответчика протоколы" in text
    # Nothing in the case says the copies are certified, so the claim does not say so.
    assert "сверить протоколы участковых избирательных комиссий с копиями протоколов" in text
    assert "заверенными" not in text
    # A court decides a claim; it is not asked for a written reply.
    assert "прошу сообщить в письменной форме" not in text
    for absent in [*CRIMINAL, *OLD_DEFECTS, "Особо крупным размером", "ОБРАЩЕНИЕ"]:
        assert absent not in text, absent


def test_a_late_claim_says_the_time_limit_is_missed(case_dir: Path) -> None:
    _court(case_dir, "2021-01-25")
    text = _text(case_dir, "city_court")
    assert "последний день срока — 21 января 2021 г." in text
    assert "срок пропущен." in text


def test_a_claim_without_the_decisions_date_counts_from_the_election_day(case_dir: Path) -> None:
    _court(case_dir, "2021-01-18")
    edit_case(case_dir, lambda d: d["contests"][1].pop("source_date"))
    text = _text(case_dir, "city_court")
    # 10 days from 10 January: not before 20 January.
    assert "Дата обжалуемого решения в деле не указана" in text
    assert "последний день срока — не ранее 20 января 2021 г., и срок не пропущен." in text


def _variation_2023(d: dict) -> None:
    """2023: НПК 5 000 and Ак жол 6 000 votes more in the Mazhilis: 10 500 000 and 12 600 000
    tenge a year, each below 4 000 × 3 450 = 13 800 000, together 23 100 000 above it."""
    d["election"]["date"] = "2023-03-19"
    d["appeal"]["date"] = "2023-04-03"
    d["allocation"]["threshold"] = "5%"
    mazhilis, maslikhat = d["contests"][0], d["contests"][1]
    mazhilis["votes"] = {
        **maslikhat["votes"],
        "npk": maslikhat["votes"]["npk"] + 5_000,
        "ak_zhol": maslikhat["votes"]["ak_zhol"] + 6_000,
        "nur_otan": maslikhat["votes"]["nur_otan"] - 20_000,
    }
    mazhilis["source"] = "Постановление ЦИК от 28 марта 2023 года"
    maslikhat["source"] = "Протокол ТИК от 21 марта 2023 года"


def test_2023_no_party_alone_above_the_threshold_pleads_no_fraud(case_dir: Path) -> None:
    edit_case(case_dir, _variation_2023)
    text = _text(case_dir)
    assert "годовая сумма всех этих партий вместе превышает этот размер" in text
    assert "а выплата ни одной партии в отдельности его не превышает" in text
    assert "статьи 190" not in text
    assert "Особо крупным размером признается" in text  # to a prosecutor, the threshold is said


def test_the_kazakh_crime_report(case_dir: Path) -> None:
    text = _text(case_dir, "police_almaty", language="kk")
    assert "Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімінде тіркеу" in text
    assert "сотқа дейінгі тергеп-тексеруді бастау" in text
    assert "ескертілдім" in text
    assert "тексеру жүргізу" not in text  # no "check" stage before an investigation


def test_the_kazakh_claim(case_dir: Path) -> None:
    _court(case_dir, "2021-01-18")
    text = _text(case_dir, "city_court", language="kk")
    assert "ӘКІМШІЛІК ТАЛАП ҚОЮ" in text
    assert f"Жауапкер: {TEC}" in text
    assert "мерзім өткізілмеген." in text
    # The decision's date with its ending (-дағы), contested whole.
    assert "қорытындылары туралы 2021 жылғы 11 қаңтардағы шешімді" in text
    assert "тізілімінде" not in text and "ескертілдім" not in text
    assert "қатысты бөлігінде" not in text


def test_the_claim_in_the_pdf(case_dir: Path) -> None:
    _court(case_dir, "2021-01-18")
    files = api.render(case_dir, formats=("pdf",), addressee="city_court")
    name = next(n for n in files if n.startswith("appeal--") or n == "appeal.pdf")
    pages = PdfReader(io.BytesIO(files[name])).pages
    text = " ".join(page.extract_text() for page in pages).replace("\u00a0", " ")
    text = " ".join(text.split())
    assert "АДМИНИСТРАТИВНЫЙ ИСК" in text
    assert f"Ответчик: {TEC}" in text
    assert "Едином реестре" not in text
