"""Each kind of authority gets its instrument: title, parts and requests present, the other
kinds' requests absent; asserted on the DOCX text (and once on the PDF) of the example and its
variations. Expected dates are counted by hand: 10 days from 11 January 2021 end on 21 January;
the ballots, kept 30 days from 10 January, until 9 February (law.yaml, both unverified). A claim
is written for the example moved to an illustrative election of October 2021 (claim_variant.py),
after the Administrative Procedural Code took effect."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from claim_variant import CLAIM, COURT, TEC, TEC_KK, to_the_court
from conftest import edit_case
from election_appeal import api

TEC_GENERIC = "Территориальная избирательная комиссия города Алматы"

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
    d["contests"][1].update(source_date="2021-01-11", decided_by=TEC_GENERIC)
    d["addressees"].append({"id": "central_election_commission", "role": "cc"})


def _court(case_dir: Path, claim: str = CLAIM) -> None:
    """The claim of the later variant (claim_variant.py), signed on `claim` by a named voter; the
    example's addressees and the CEC written to separately."""
    edit_case(case_dir, _named)
    central = {"id": "central_election_commission", "role": "cc"}
    edit_case(case_dir, lambda d: d["addressees"].append(central))
    to_the_court(case_dir, claim)


@pytest.mark.slow
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
    assert "выплачиваемых по итогам выборов партиям НПК и «Ак жол» (каждой в отдельности" in text
    # The placeholder name has no sex: no word that would need agreement.
    assert "Мне известно об уголовной ответственности за заведомо ложный донос" in text
    assert "от [Фамилия Имя Отчество], адрес: [почтовый адрес заявителя]" in text
    for defect in OLD_DEFECTS:
        assert defect not in text, defect


@pytest.mark.slow
@pytest.mark.parametrize("addressee", ["police_almaty", "anticorruption_almaty"])
def test_a_crime_report_to_the_police_and_the_agency(case_dir: Path, addressee: str) -> None:
    edit_case(case_dir, _named)
    text = _text(case_dir, addressee)
    assert "ЗАЯВЛЕНИЕ" in text
    assert (
        "от Жумабекова Ерлана Сериковича, являющегося избирателем избирательного участка № 12, "
        "проживающего по адресу: г. Алматы, ул. Абая, 1"
    ) in text
    assert "зарегистрировать настоящее заявление в Едином реестре досудебных расследований" in text
    assert "начать досудебное расследование (статья 179" in text
    assert "о номере в Едином реестре досудебных расследований" in text
    assert "Об уголовной ответственности за заведомо ложный донос (статья 419" in text
    assert "предупрежден." in text
    for absent in [*OLD_DEFECTS, "признать незаконным", "Ответчик", "АДМИНИСТРАТИВНЫЙ ИСК"]:
        assert absent not in text, absent


@pytest.mark.slow
def test_a_woman_is_warned_in_the_feminine(case_dir: Path) -> None:
    def woman(d: dict) -> None:
        d["applicant"].update(full_name="Оспанова Әсем Нурланқызы")

    edit_case(case_dir, woman)
    text = _text(case_dir, "police_almaty")
    assert "от Оспановой Әсем Нурланқызы, проживающей по адресу" in text
    assert "предупреждена." in text


@pytest.mark.slow
def test_a_complaint_to_the_commission_within_its_time_limit(case_dir: Path) -> None:
    edit_case(case_dir, _commission_on_time)
    text = _text(case_dir, "central_election_commission")
    assert "ЖАЛОБА" in text
    assert "Закон отводит на обжалование 10 дней (статья 20 Конституционного закона" in text
    assert "последний день срока — 21 января 2021 г.;" in text
    assert "срок не пропущен." in text
    assert (
        "при подтверждении расхождений отменить решение об итогах выборов депутатов маслихата "
        f"города Алматы (принявший его орган — {TEC_GENERIC})"
    ) in text
    # On 18 January the ballots are still kept (until 9 February): ask to preserve them.
    assert "принять меры к сохранности избирательных бюллетеней" in text
    assert "какие избирательные бюллетени и иные документы голосования сохранились" not in text
    for absent in [*CRIMINAL, *OLD_DEFECTS, "Особо крупным размером"]:
        assert absent not in text, absent


@pytest.mark.slow
def test_a_claim_to_a_court(case_dir: Path) -> None:
    _court(case_dir)
    # Dated after 1 July 2021: the claim is the instrument of its day, nothing to warn about.
    assert not [p for p in api.check(case_dir).warnings if "which a court hears from" in p.message]
    text = _text(case_dir, "city_court")
    assert "АДМИНИСТРАТИВНЫЙ ИСК" in text
    assert (
        "об оспаривании решения от 11 октября 2021 г. об итогах выборов депутатов маслихата "
        "города Алматы"
    ) in text
    assert (
        "Истец: Жумабеков Ерлан Серикович, избиратель избирательного участка № 12, адрес: "
        "г. Алматы, ул. Абая, 1"
    ) in text
    assert f"Ответчик: {TEC}" in text
    # The party is the claimant throughout, not an applicant.
    assert "Истец исходит из того, что в них участвовали одни и те же избиратели." in text
    assert "Истец располагает копиями протоколов об итогах обоих голосований 66" in text
    for word in ("Заявитель", "заявителя", "заявителю", "заявителем"):
        assert word not in text, word
    # Why the decision is unlawful, and the code the claim is brought under.
    assert (
        "Итоги голосования устанавливаются на основании протоколов участковых избирательных "
        "комиссий. Изложенные расхождения указывают на то, что обжалуемое решение ответчика "
        "от 11 октября 2021 г. об итогах выборов депутатов маслихата города Алматы "
        "может не соответствовать этим протоколам. Такое решение истец считает незаконным."
    ) in text
    assert (
        "На основании изложенного, в порядке административного судопроизводства, иском об "
        "оспаривании (подпункт 1) части 1 статьи 131 Административного "
        "процедурно-процессуального кодекса Республики Казахстан от 29 июня 2020 года № 350-VI) "
        "и в соответствии с избирательным законодательством (Конституционный закон Республики "
        "Казахстан от 28 сентября 1995 года № 2464"
    ) in text
    assert (
        "признать незаконным и отменить решение ответчика от 11 октября 2021 г. об итогах "
        "выборов депутатов маслихата города Алматы"
    ) in text
    assert "истребовать у ответчика протоколы" in text
    # 18 October: the decision of the 11th may be contested until the 21st; the ballots are
    # kept until 9 November.
    assert "последний день срока — 21 октября 2021 г.;" in text
    assert "срок не пропущен." in text
    assert "принять меры к сохранности избирательных бюллетеней" in text
    # Nothing in the case says the copies are certified, so the claim does not say so.
    assert "сверить протоколы участковых избирательных комиссий с копиями протоколов" in text
    assert "заверенными" not in text
    # A court decides a claim; it is not asked for a written reply.
    assert "прошу сообщить в письменной форме" not in text
    # A court rules on the decision, not on its cost to the budget: no funding section.
    for absent in [*CRIMINAL, *OLD_DEFECTS, "ОБРАЩЕНИЕ", *FUNDING]:
        assert absent not in text, absent
    # The state duty stands before the list of attachments.
    assert text.index("Государственная пошлина не уплачивается") < text.index("Приложение:")


FUNDING = ["Версия 2", "финансирование", "тенге", "Особо крупным размером"]


@pytest.mark.slow
def test_the_letters_beside_a_claim_keep_the_funding(case_dir: Path) -> None:
    _court(case_dir)
    text = _text(case_dir, "prosecutor_general")
    assert "Версия 2: волеизъявлению соответствуют итоги выборов депутатов маслихата" in text
    assert "Особо крупным размером признается сумма" in text
    assert "Заявитель исходит из того" in text
    assert "Истец" not in text and "Государственная пошлина" not in text


@pytest.mark.slow
def test_a_late_claim_says_the_time_limit_is_missed(case_dir: Path) -> None:
    _court(case_dir, "2021-10-25")
    text = _text(case_dir, "city_court")
    assert "последний день срока — 21 октября 2021 г." in text
    assert "срок пропущен." in text


@pytest.mark.slow
def test_a_claim_without_the_decisions_date_counts_from_the_election_day(case_dir: Path) -> None:
    _court(case_dir)
    edit_case(case_dir, lambda d: d["contests"][1].pop("source_date"))
    text = _text(case_dir, "city_court")
    # 10 days from the election day, 10 October: 20 October; the claim of 18 October is in time.
    assert (
        "Считая со дня выборов (10 октября 2021 г.), последний день срока — 20 октября 2021 г.; "
        "срок не пропущен."
    ) in text
    assert "в деле не указана" not in text and "не ранее" not in text


def test_a_claim_before_the_code_still_warns(case_dir: Path) -> None:
    """The example's own January 2021 dated as a claim: the tool warns that no administrative
    claim existed yet (refused for a real case: test_deadlines.py)."""
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")
    edit_case(case_dir, _commission_on_time)  # 18 January 2021
    edit_case(case_dir, lambda d: d["addressees"].append({"id": "city_court", "role": "to"}))
    edit_case(case_dir, lambda d: d["addressees"][0].update(role="cc"))
    warnings = [p.message for p in api.check(case_dir).warnings]
    assert len([m for m in warnings if "which a court hears from 1 July 2021" in m]) == 1


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


@pytest.mark.slow
def test_2023_no_party_alone_above_the_threshold_pleads_no_fraud(case_dir: Path) -> None:
    edit_case(case_dir, _variation_2023)
    text = _text(case_dir)
    assert "сумма, выплачиваемая этим партиям вместе за год, превышает этот размер" in text
    assert "а выплата ни одной партии в отдельности его не превышает" in text
    assert "статьи 190" not in text
    assert "Особо крупным размером признается" in text  # to a prosecutor, the threshold is said


@pytest.mark.slow
def test_the_kazakh_crime_report(case_dir: Path) -> None:
    text = _text(case_dir, "police_almaty", language="kk")
    assert "Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімінде тіркеу" in text
    assert "сотқа дейінгі тергеп-тексеруді бастау" in text
    assert "ескертілдім" in text
    assert "тексеру жүргізу" not in text  # no "check" stage before an investigation


@pytest.mark.slow
def test_the_kazakh_claim(case_dir: Path) -> None:
    _court(case_dir)
    text = _text(case_dir, "city_court", language="kk")
    assert "ӘКІМШІЛІК ТАЛАП ҚОЮ" in text
    assert f"Жауапкер: {TEC_KK}" in text
    assert "Талап қоюшы: Жумабеков Ерлан Серикович" in text
    assert "Талап қоюшы оларға бірдей сайлаушылар қатысты деп есептейді." in text
    assert "Талап қоюшыда 66 учаскелік сайлау комиссиясының" in text
    for word in ("Арыз беруші", "арыз берушіде", "өтініш беруші", "Өтініш беруші"):
        assert word not in text, word
    assert "мерзім өткізілмеген." in text
    # The contest by its full title, the decision's date with its ending, contested whole, the
    # defendant in Kazakh (decided_by given in both languages).
    assert (
        "жауапкердің Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары туралы "
        "2021 жылғы 11 қазандағы шешімін заңсыз деп тану және оның күшін жою;"
    ) in text
    assert (
        "әкімшілік сот ісін жүргізу тәртібімен, дау айту туралы талап қою арқылы (Қазақстан "
        "Республикасының 2020 жылғы 29 маусымдағы № 350-VI Әкімшілік рәсімдік-процестік "
        "кодексінің 131-бабы бірінші бөлігінің 1) тармақшасы) және сайлау заңнамасына сәйкес"
    ) in text
    assert "Талап қоюшы мұндай шешімді заңсыз деп санайды." in text
    assert text.index("Мемлекеттік баж төленбейді") < text.index("Қосымша:")
    for absent in ["тізілімінде", "ескертілдім", "қатысты бөлігінде", TEC, "2-нұсқа"]:
        assert absent not in text, absent
    assert "қаржыландыру" not in text


@pytest.mark.slow
def test_the_claim_in_the_pdf(case_dir: Path) -> None:
    _court(case_dir)
    files = api.render(case_dir, formats=("pdf",), addressee="city_court")
    name = next(n for n in files if n.startswith("appeal--") or n == "appeal.pdf")
    reader = PdfReader(io.BytesIO(files[name]))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    text = " ".join(text.split())
    assert "АДМИНИСТРАТИВНЫЙ ИСК" in text
    assert f"Ответчик: {TEC}" in text
    assert "Истец исходит из того" in text
    assert "Едином реестре" not in text and "Заявитель" not in text
    assert "Версия 2" not in text
    assert text.index("Государственная пошлина не уплачивается") < text.index("Приложение:")
    assert reader.metadata is not None
    assert reader.metadata.title.replace("\u00a0", " ") == (
        "Административный иск об оспаривании решения об итогах голосования 10 октября 2021 г."
    )


def _title(case_dir: Path, language: str | None = None) -> str:
    """The title property of the main letter's DOCX."""
    files = api.render(case_dir, formats=("docx",), language=language)
    name = next(n for n in files if n.split(".")[0] == "appeal" and n.endswith(".docx"))
    return str(Document(io.BytesIO(files[name])).core_properties.title).replace("\u00a0", " ")


@pytest.mark.slow
def test_the_title_property_follows_the_instrument(case_dir: Path) -> None:
    assert _title(case_dir) == "Заявление от 5 апреля 2021 г."
    assert _title(case_dir, "kk") == "Арыз, 2021 жылғы 5 сәуір"
    edit_case(case_dir, lambda d: d.update(addressees=[{"id": "police_almaty", "role": "to"}]))
    assert _title(case_dir) == "Заявление об уголовном правонарушении от 5 апреля 2021 г."
    assert _title(case_dir, "kk") == "Қылмыстық құқық бұзушылық туралы арыз, 2021 жылғы 5 сәуір"


@pytest.mark.slow
def test_the_title_of_a_complaint_and_of_a_claim(case_dir: Path, tmp_path: Path) -> None:
    import shutil

    from conftest import EXAMPLE

    edit_case(case_dir, _commission_on_time)
    central = [{"id": "central_election_commission", "role": "to"}]
    edit_case(case_dir, lambda d: d.update(addressees=central))
    assert _title(case_dir) == "Жалоба от 18 января 2021 г."
    assert _title(case_dir, "kk") == "Шағым, 2021 жылғы 18 қаңтар"
    claim = tmp_path / "claim"
    shutil.copytree(EXAMPLE, claim)
    _court(claim)
    assert _title(claim) == "Административный иск от 18 октября 2021 г."
    assert _title(claim, "kk") == "Әкімшілік талап қою, 2021 жылғы 18 қазан"


@pytest.mark.slow
def test_a_decided_by_in_russian_only_is_warned_about_for_the_kazakh_claim(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The defendant is printed in the Kazakh claim as the case gives it: a text given only in
    Russian is told about in the user's language, never translated by the tool."""
    _court(case_dir)
    edit_case(case_dir, lambda d: d.update(languages=["ru", "kk"]))
    # Given in both languages (claim_variant.py): nothing to say about it.
    assert "contests[1].decided_by" not in run("check", case_dir).output
    edit_case(case_dir, lambda d: d["contests"][1].update(decided_by=TEC))
    expected = {
        "ru": "contests[1].decided_by: нет текста на kk — языке документов: документы покажут его "
        "как есть; запишите его так: {ru: …, kk: …}",
        "kk": "contests[1].decided_by: құжаттар тілінде (kk) мәтіні жоқ: құжаттар оны сол күйінде "
        "көрсетеді; оны былай жазыңыз: {ru: …, kk: …}",
    }
    for language, message in expected.items():
        monkeypatch.setenv("APPEAL_LANG", language)
        result = run("check", case_dir)
        assert result.exit_code == 0, result.output
        assert [line for line in result.output.splitlines() if line.endswith(message)], language
    # The Kazakh claim then shows the Russian text as it is (the user was told).
    assert f"Жауапкер: {TEC}" in _text(case_dir, "city_court", language="kk")


@pytest.mark.slow
def test_the_signature_never_stands_alone_on_a_page(case_dir: Path) -> None:
    """The Kazakh claim of the later variant once ended on a page holding only its signature
    line: a signed page must carry text of the document."""
    _court(case_dir)
    files = api.render(case_dir, formats=("pdf",), addressee="city_court", language="kk")
    pages = PdfReader(io.BytesIO(files["appeal--city_court.kk.pdf"])).pages
    last = pages[-1].extract_text().replace("\u00a0", " ")
    assert "____________________ Жумабеков Ерлан Серикович" in last
    before = last[: last.index("2021 жылғы 18 қазан")]
    # Words of the document itself, not the watermark (ҮЛГІ) or the page number.
    assert [word for word in before.split() if len(word) > 2 and word != "ҮЛГІ"], last


@pytest.mark.slow
def test_an_observers_organisation_in_one_language_is_warned_about(run, case_dir: Path) -> None:
    """The organisation that sent an observer is printed in the documents' language: given only
    in Russian for a case whose documents are also Kazakh, check says so; given in both, the
    Kazakh letter names it in Kazakh."""

    def observer(organisation: object) -> object:
        def change(d: dict) -> None:
            d["languages"] = ["ru", "kk"]
            d["applicant"]["status"] = {
                "kind": "observer",
                "organisation": organisation,
                "station": 12,
            }

        return change

    edit_case(case_dir, observer("ОФ «Свободные выборы»"))
    assert "applicant.status.organisation: has no text in kk" in run("check", case_dir).output
    edit_case(case_dir, observer({"ru": "ОФ «Свободные выборы»", "kk": "«Еркін сайлау» ҚБ"}))
    assert "applicant.status.organisation: has no text" not in run("check", case_dir).output
    assert "№ 12 сайлау учаскесіндегі «Еркін сайлау» ҚБ атынан байқаушы" in _text(
        case_dir, language="kk"
    )
    assert (
        "наблюдатель на избирательном участке № 12 (организация, направившая наблюдателя: "
        "ОФ «Свободные выборы»)"
    ) in _text(case_dir)
