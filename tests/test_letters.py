"""Letters by route and attachments headed as a lawyer files them.

A copy «к сведению» goes only to an authority of the main addressee's kind; an authority of
another kind gets a letter of its own in its own instrument, with its own attachments, each
headed «Приложение N к <instrument> от <date>» and ending with the applicant's signature line.
Expected strings are written by hand from the example's case.yaml and authorities.yaml (the
example is dated 5 April 2021; the variations' dates are set here; a claim is written for the
example moved to an illustrative election of October 2021, claim_variant.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from claim_variant import COURT, to_the_court
from conftest import edit_case
from election_appeal import api

PLACEHOLDER = "[Фамилия Имя Отчество]"
TEC = "Территориальная избирательная комиссия города Алматы"
DUTY = "Государственная пошлина не уплачивается"
AGENCY_NOTE = (
    "Мошенничество является коррупционным уголовным правонарушением только тогда, когда оно "
    "совершено лицом с использованием своего служебного положения."
)


def _docx_text(content: bytes) -> str:
    """Every paragraph of a Word file, those in table cells too, one a line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines).replace("\u00a0", " ")


def _texts(case_dir: Path, language: str | None = None) -> dict[str, str]:
    """The text of every DOCX the case's build writes, by file name."""
    files = api.render(case_dir, formats=("docx",), language=language)
    return {name: _docx_text(data) for name, data in files.items() if name.endswith(".docx")}


def _to(main: str, *cc: str, date: str | None = None) -> object:
    """A change of case.yaml: `main` the addressee, `cc` the others; the appeal's `date`."""

    def change(d: dict) -> None:
        d["addressees"] = [{"id": main, "role": "to"}, *({"id": i, "role": "cc"} for i in cc)]
        if date:
            d["appeal"]["date"] = date

    return change


def _commission(d: dict) -> None:
    """Dated 18 January 2021, the maslikhat's result decided by the city's commission on the
    11th: within a complaint's time limit."""
    d["appeal"]["date"] = "2021-01-18"
    d["contests"][1].update(source_date="2021-01-11", decided_by=TEC)


# The main letter's kind, the case's change, the attachment heading and the signature's date.
HEADINGS = {
    "prosecutor": (
        _to("prosecutor_general"),
        "Приложение 1 к заявлению от 5 апреля 2021 г.",
        "Приложение 2 к заявлению от 5 апреля 2021 г.",
        "5 апреля 2021 г.",
    ),
    "police": (
        _to("police_almaty"),
        "Приложение 1 к заявлению от 5 апреля 2021 г.",
        "Приложение 2 к заявлению от 5 апреля 2021 г.",
        "5 апреля 2021 г.",
    ),
    "anticorruption": (
        _to("anticorruption_almaty"),
        "Приложение 1 к заявлению от 5 апреля 2021 г.",
        "Приложение 2 к заявлению от 5 апреля 2021 г.",
        "5 апреля 2021 г.",
    ),
    "election_commission": (
        _to("central_election_commission"),
        "Приложение 1 к жалобе от 18 января 2021 г.",
        "Приложение 2 к жалобе от 18 января 2021 г.",
        "18 января 2021 г.",
    ),
    # The claim of the example moved to October 2021 (claim_variant.py).
    "court": (
        _to("city_court"),
        "Приложение 1 к административному иску от 18 октября 2021 г.",
        "Приложение 2 к административному иску от 18 октября 2021 г.",
        "18 октября 2021 г.",
    ),
}
KK_HEADINGS = {
    "prosecutor": "2021 жылғы 5 сәуірдегі арызға 1-қосымша",
    "police": "2021 жылғы 5 сәуірдегі арызға 1-қосымша",
    "anticorruption": "2021 жылғы 5 сәуірдегі арызға 1-қосымша",
    "election_commission": "2021 жылғы 18 қаңтардағы шағымға 1-қосымша",
    "court": "2021 жылғы 18 қазандағы әкімшілік талап қоюға 1-қосымша",
}


def _case_for(case_dir: Path, kind: str) -> None:
    change, *_rest = HEADINGS[kind]
    if kind == "court":
        to_the_court(case_dir)
    if kind == "election_commission":
        edit_case(case_dir, _commission)
    edit_case(case_dir, change)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(HEADINGS))
def test_each_attachment_is_headed_for_its_instrument_and_signed(case_dir: Path, kind: str) -> None:
    _case_for(case_dir, kind)
    _change, protocols, statistics, dated = HEADINGS[kind]
    texts = _texts(case_dir)
    first = texts["attachment-1-protocols.docx"]
    second = texts["attachment-2-statistics.docx"]
    assert first.splitlines()[0] == protocols
    assert second.splitlines()[0] == statistics
    # The signature line: in attachment 1 the table's last row (date and place, then the blank
    # and the name), in attachment 2 after the last paragraph.
    assert f"{dated}, г. Алматы\n____________________ {PLACEHOLDER}" in first
    assert f"{dated}\nг. Алматы\n____________________ {PLACEHOLDER}" in second
    # The appeal's register numbers them as the headings do.
    appeal = texts["appeal.docx"]
    register = appeal[appeal.index("Приложение:") :]
    assert "\nТаблица результатов голосования" in register
    assert register.index("Таблица результатов") < register.index("Статистическая оценка")


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KK_HEADINGS))
def test_the_kazakh_attachment_headings(case_dir: Path, kind: str) -> None:
    _case_for(case_dir, kind)
    texts = _texts(case_dir, language="kk")
    assert texts["attachment-1-protocols.kk.docx"].splitlines()[0] == KK_HEADINGS[kind]
    statistics = KK_HEADINGS[kind].replace("1-қосымша", "2-қосымша")
    assert texts["attachment-2-statistics.kk.docx"].splitlines()[0] == statistics


@pytest.mark.slow
def test_the_example_copies_the_city_prosecutor_and_writes_to_the_police_and_agency(
    case_dir: Path,
) -> None:
    texts = _texts(case_dir)
    main = texts["appeal.docx"]
    header = main[main.index("К сведению:") : main.index("от [Фамилия")]
    assert header.splitlines() == ["К сведению:", "Прокуратура города Алматы"]  # one: no number
    assert "Копия настоящего заявления направлена в прокуратуру города Алматы." in main
    assert (
        "По этим же обстоятельствам также направлены заявления об уголовном правонарушении в "
        "Департамент Агентства Республики Казахстан по противодействию коррупции по городу "
        "Алматы и в Департамент полиции города Алматы."
    ) in main
    # No letter to the city prosecutor: it gets a copy of the main one.
    assert not [n for n in texts if "prosecutor_almaty" in n]
    police = texts["appeal--police_almaty.docx"]
    assert police.splitlines()[0] == "Департамент полиции города Алматы"
    assert "К сведению:" not in police and "Копия настоящего" not in police
    assert "зарегистрировать настоящее заявление в Едином реестре досудебных расследований" in (
        police
    )
    assert (
        "По этим же обстоятельствам также направлено заявление в Генеральную прокуратуру "
        "Республики Казахстан;"
    ) in police
    # A crime report is an «заявление» too: the three letters share one set of attachments.
    assert not [n for n in texts if n.startswith("attachment") and "--" in n]
    assert texts["attachment-1-protocols.docx"].startswith(
        "Приложение 1 к заявлению от 5 апреля 2021 г."
    )


@pytest.mark.slow
def test_a_copy_to_the_same_kind_only_is_a_covering_line(case_dir: Path) -> None:
    edit_case(case_dir, _to("prosecutor_almaty", "prosecutor_general"))
    texts = _texts(case_dir)
    assert sorted(n for n in texts if n.startswith("appeal")) == ["appeal.docx"]
    main = texts["appeal.docx"]
    assert "К сведению:\nГенеральная прокуратура Республики Казахстан\n" in main
    assert (
        "Копия настоящего заявления направлена в Генеральную прокуратуру Республики Казахстан."
    ) in main
    assert "По этим же обстоятельствам" not in main


@pytest.mark.slow
def test_a_commission_copied_gets_a_complaint_of_its_own(case_dir: Path) -> None:
    edit_case(case_dir, _commission)
    edit_case(case_dir, _to("prosecutor_general", "central_election_commission"))
    texts = _texts(case_dir)
    main = texts["appeal.docx"]
    assert "К сведению:" not in main
    assert (
        "По этим же обстоятельствам также подана жалоба в Центральную избирательную комиссию "
        "Республики Казахстан."
    ) in main
    complaint = texts["appeal--central_election_commission.docx"]
    assert "ЖАЛОБА" in complaint.splitlines()
    assert (
        "По этим же обстоятельствам также направлено заявление в Генеральную прокуратуру "
        "Республики Казахстан."
    ) in complaint
    assert texts["attachment-1-protocols--central_election_commission.docx"].startswith(
        "Приложение 1 к жалобе от 18 января 2021 г."
    )


def test_a_court_as_a_copy_is_refused(run, case_dir: Path) -> None:
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")
    edit_case(case_dir, lambda d: d["addressees"].append({"id": "city_court", "role": "cc"}))
    result = run("check", case_dir)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {case_dir / 'case.yaml'}, line ")
    assert errors[0].endswith(
        # The court by its name, not its id.
        'addressees[4].role: "Алматинский городской суд" is a court: a claim is filed to a court '
        "alone, not sent as a copy; make it the addressee (role: to) of a case of its own, or "
        "remove it"
    )


@pytest.mark.slow
def test_the_duty_and_the_defendants_copy_only_in_a_claim(case_dir: Path) -> None:
    _case_for(case_dir, "court")
    claim = _texts(case_dir)["appeal.docx"]
    # The register's last line, after the tool's two attachments; the duty said before it.
    assert claim.index(DUTY) < claim.index("Приложение:")
    register = claim[claim.index("Приложение:") :].splitlines()
    assert register[3] == "Копия административного иска с приложениями для ответчика"
    # Dated October 2021: the Tax Code of 2017 (law.yaml, unverified); no figure of a duty anywhere.
    assert (
        f"{DUTY}: заявители по заявлениям о нарушении избирательных прав граждан освобождаются "
        "от ее уплаты в судах (статья 616 Кодекса Республики Казахстан от 25 декабря 2017 года "
        "№ 120-VI «О налогах и других обязательных платежах в бюджет (Налоговый кодекс)»)."
    ) in claim
    assert "МРП" not in claim[claim.index(DUTY) :]
    # A claim asks the court and names its limit as one of going to court.
    assert "ПРОШУ СУД:" in claim and "Закон отводит на обращение в суд 10 дней (" in claim
    assert "Срок обжалования" not in claim
    for other in ("prosecutor", "police", "election_commission"):
        text = _texts(_fresh(case_dir, other))["appeal.docx"]
        assert DUTY not in text and "для ответчика" not in text, other
        assert "ПРОШУ:" in text and "ПРОШУ СУД" not in text, other


@pytest.mark.slow
def test_a_claim_of_2026_cites_the_tax_code_in_force(case_dir: Path) -> None:
    _case_for(case_dir, "court")
    edit_case(case_dir, _late_2026)
    claim = _texts(case_dir)["appeal.docx"]
    assert f"{DUTY}: заявители по заявлениям о нарушении избирательных прав" in claim
    # Its item 9) (applicants about electoral rights), the Code named by its first day.
    assert (
        "(подпункт 9) статьи 668 Налогового кодекса Республики Казахстан, введенного в действие "
        "с 1 января 2026 года)"
    ) in claim


def _late_2026(d: dict) -> None:
    d["appeal"]["date"] = "2026-02-02"


def _fresh(case_dir: Path, kind: str) -> Path:
    """A new copy of the example addressed to `kind`, beside `case_dir`."""
    import shutil

    from conftest import EXAMPLE

    target = case_dir.parent / f"case-{kind}"
    shutil.copytree(EXAMPLE, target)
    _case_for(target, kind)
    return target


@pytest.mark.slow
def test_the_agency_note_only_to_the_agency(case_dir: Path) -> None:
    texts = _texts(case_dir)
    agency = texts["appeal--anticorruption_almaty.docx"]
    assert AGENCY_NOTE in agency
    # The agency's jurisdiction rests on the item of fraud using an official position; НПК and
    # Ак жол are each above the especially large amount: part 4 is cited beside it.
    assert (
        "может содержать признаки такого мошенничества (пункт 2) части 3 статьи 190 Уголовного "
        "кодекса Республики Казахстан от 3 июля 2014 года № 226-V (мошенничество, совершенное "
        "лицом с использованием своего служебного положения); в особо крупном размере — часть 4 "
        "статьи 190 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V "
        "(мошенничество в особо крупном размере)); на этом основано направление настоящего "
        "заявления в орган по противодействию коррупции."
    ) in agency
    for other in ("appeal.docx", "appeal--police_almaty.docx"):
        assert "коррупционным уголовным правонарушением" not in texts[other], other


@pytest.mark.slow
def test_the_agency_note_cites_fraud_only_when_a_party_alone_is_above_the_threshold(
    case_dir: Path,
) -> None:
    from test_instruments import _variation_2023

    # 2023: НПК 10 500 000 and Ак жол 12 600 000 tenge a year, each below 13 800 000.
    edit_case(case_dir, _variation_2023)
    agency = _texts(case_dir)["appeal--anticorruption_almaty.docx"]
    assert AGENCY_NOTE in agency
    # The official position alone: no party is above the amount, so part 4 is not cited.
    assert (
        "может содержать признаки такого мошенничества (пункт 2) части 3 статьи 190 Уголовного "
        "кодекса Республики Казахстан от 3 июля 2014 года № 226-V (мошенничество, совершенное "
        "лицом с использованием своего служебного положения)); на этом основано направление "
        "настоящего заявления в орган по противодействию коррупции."
    ) in agency
    assert "часть 4 статьи 190" not in agency


@pytest.mark.slow
def test_no_agency_note_without_the_funding_section(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.pop("funding"))
    agency = _texts(case_dir)["appeal--anticorruption_almaty.docx"]
    assert "коррупционным уголовным правонарушением" not in agency


@pytest.mark.slow
def test_the_kazakh_agency_note(case_dir: Path) -> None:
    texts = _texts(case_dir, language="kk")
    agency = texts["appeal--anticorruption_almaty.kk.docx"]
    assert (
        "Алаяқтық қызметтік жағдайын пайдаланған адам жасаған жағдайда ғана сыбайлас жемқорлық "
        "қылмыстық құқық бұзушылығы болып табылады."
    ) in agency.replace("\n", " ")
    assert "сыбайлас жемқорлық қылмыстық" not in texts["appeal--police_almaty.kk.docx"]


def test_the_spreadsheet_is_headed_for_its_letter(case_dir: Path) -> None:
    files = api.render(case_dir, formats=("xlsx",))
    assert sorted(files) == ["attachment-1-protocols.xlsx"]  # shared by the three letters
    for name, heading in [
        ("attachment-1-protocols.xlsx", "Приложение 1 к заявлению от 5 апреля 2021 г."),
    ]:
        sheet = openpyxl.load_workbook(io.BytesIO(files[name])).active
        title = str(sheet["A1"].value).replace("\u00a0", " ")
        # The example is illustrative: its mark opens the title row.
        assert title == (
            f"ОБРАЗЕЦ. {heading} Таблица результатов голосования по данным копий протоколов "
            "участковых избирательных комиссий"
        ), name


def _pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.slow
def test_kazakh_to_the_police_with_a_prosecutor_copied_in_the_pdf(case_dir: Path) -> None:
    edit_case(case_dir, _to("police_almaty", "prosecutor_almaty"))
    # Not illustrative: the mark's letters would come out of the PDF among the words.
    edit_case(case_dir, lambda d: d.update(illustrative=False))
    files = api.render(case_dir, formats=("pdf",), language="kk")
    assert sorted(n for n in files if n.startswith("appeal")) == [
        "appeal--prosecutor_almaty.kk.pdf",
        "appeal-bundle--prosecutor_almaty.kk.pdf",
        "appeal-bundle.kk.pdf",
        "appeal.kk.pdf",
    ]
    report = _pdf_text(files["appeal.kk.pdf"])
    assert "Мәлімет үшін" not in report
    assert (
        "Осы мән-жайлар бойынша сондай-ақ Алматы қаласының прокуратурасына арыз жіберілді."
    ) in report
    letter = _pdf_text(files["appeal--prosecutor_almaty.kk.pdf"])
    assert (
        "Осы мән-жайлар бойынша сондай-ақ Алматы қаласы Полиция департаментіне қылмыстық "
        "құқық бұзушылық туралы арыз жіберілді."
    ) in letter
    police = _pdf_text(files["attachment-1-protocols.kk.pdf"])
    assert police.startswith("2021 жылғы 5 сәуірдегі арызға 1-қосымша")
    # The table's last row is the signature line; then only the page number.
    assert police.rstrip(" 0123456789").endswith(
        "2021 жылғы 5 сәуір, Алматы қаласы ____________________ [Тегі Аты Әкесінің аты]"
    )
    # The prosecutor's letter shares the report's attachments: its bundle carries them.
    assert not [n for n in files if n.startswith("attachment") and "--" in n]
    prosecutor = _pdf_text(files["attachment-2-statistics.kk.pdf"])
    assert "2021 жылғы 5 сәуірдегі арызға 2-қосымша" in prosecutor
    bundle = _pdf_text(files["appeal-bundle--prosecutor_almaty.kk.pdf"])
    assert bundle.count("2021 жылғы 5 сәуірдегі арызға 2-қосымша") == 1
    assert "____________________ [Тегі Аты Әкесінің аты]" in prosecutor


@pytest.mark.slow
def test_the_copies_attachment_is_numbered_as_the_register_lists_it() -> None:
    from conftest import ROOT

    files = api.render(ROOT / "tests" / "data" / "evidence-example", formats=("pdf",))
    register = _pdf_text(files["appeal.pdf"])
    register = register[register.index("Приложение:") :]
    # The register: the protocols, the statistics, the copies (its list numbers are generated
    # content, apart from the items in the PDF's text).
    assert register.index("Таблица результатов") < register.index("Статистическая оценка")
    assert register.index("Статистическая оценка") < register.index("Копии протоколов")
    copies = _pdf_text(files["attachment-copies.pdf"])
    assert copies.startswith("Приложение 3 к заявлению от 5 апреля 2021 г.")
    assert f"5 апреля 2021 г., г. Алматы ____________________ {PLACEHOLDER}" in copies
    assert "attachment-copies--police_almaty.pdf" not in files  # shared with the police


@pytest.mark.slow
def test_the_kazakh_claim_has_the_defendants_copy_and_the_duty(case_dir: Path) -> None:
    _case_for(case_dir, "court")
    claim = _texts(case_dir, language="kk")["appeal.kk.docx"]
    register = claim[claim.index("Қосымша:") :].splitlines()
    assert "СОТТАН СҰРАЙМЫН:" in claim and "Заңмен талап қою үшін 10 күн белгіленген (" in claim
    assert "Шағымдану мерзімі" not in claim
    assert register[3] == "Жауапкерге арналған қосымшалары бар әкімшілік талап қоюдың көшірмесі"
    assert (
        "Мемлекеттік баж төленбейді: азаматтардың сайлау құқықтарын бұзу туралы арыз берушілер "
        "соттарда мемлекеттік баж төлеуден босатылады (Қазақстан Республикасының 2017 жылғы "
        "25 желтоқсандағы № 120-VI «Салық және бюджетке төленетін басқа да міндетті төлемдер "
        "туралы» Кодексінің (Салық кодексі) 616-бабы)."
    ) in claim.replace("\n", " ")
