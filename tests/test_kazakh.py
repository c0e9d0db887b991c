"""Kazakh documents: `language: kk` or `--language ru,kk` builds the appeal and every attachment
in Kazakh, with Kazakh dates, currency, addressee, watermark and spreadsheet headers."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from conftest import EXAMPLE, ROOT, edit_case
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.errors import AppealError
from election_appeal.render.context import RegisterEntry, appeal_context
from election_appeal.render.documents import APPEAL_TEMPLATE as APPEAL
from election_appeal.render.env import make_environment, render_template
from election_appeal.render.formatting import make_filters
from test_wording import (
    MOMENT,
    Variation,
    _election_2023,
    _html_text,
    _local_authority,
    _no_funding,
    _normal,
    _one_station,
    _small_differences,
    _with_iin_and_steps,
)

# The letter to the Prosecutor General and, of its own, to the agency and to the police (another
# kind of authority, another instrument), each with its attachments.
KK_FILES = {
    *(
        name
        for suffix in ("", "--anticorruption_almaty", "--police_almaty")
        for name in (
            f"appeal{suffix}.kk.pdf",
            f"appeal{suffix}.kk.docx",
            f"appeal-bundle{suffix}.kk.pdf",
        )
    ),
    # The three letters share the attachments, all headed «арызға».
    "attachment-1-protocols.kk.pdf",
    "attachment-1-protocols.kk.docx",
    "attachment-1-protocols.kk.xlsx",
    "attachment-2-statistics.kk.pdf",
    "attachment-2-statistics.kk.docx",
}
# Words of the Russian templates that no Kazakh document may contain (the example's own texts
# are checked word by word in test_no_text_of_the_case_is_in_the_other_language).
RUSSIAN_ONLY = (
    "заявление",
    "прошу",
    "выборов",
    "голосов",
    "участков",
    "приложение",
    "таблица",
    "разница",
    "тенге",
    "образец",
    "итоги",
    "обстоятельства",
    "просьба",
    "республиканском",  # the acts behind the funding figures (data/reference) are cited in Kazakh
)
# The example: election day 10 January 2021, appeal signed 5 April 2021, addressed to the
# General Prosecutor's Office (data/reference/authorities.yaml, kk).
ELECTION_DAY = "2021 жылғы 10 қаңтар"
SIGNED = "2021 жылғы 5 сәуір"
ADDRESSEE = "Қазақстан Республикасының Бас прокуратурасы"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def kazakh() -> api.Documents:
    return api.render(EXAMPLE, language="kk")


def pdf_pages(data: bytes) -> list[str]:
    return [_plain(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return _plain("\n".join(parts))


def test_every_kazakh_file_is_named_with_kk(kazakh: api.Documents) -> None:
    assert set(kazakh) == KK_FILES


def test_kazakh_date_filter_writes_the_year_first() -> None:
    import datetime

    date_long = make_filters("kk")["date_long"]
    assert date_long(datetime.date(2021, 1, 10)) == "2021\u00a0жылғы\u00a010\u00a0қаңтар"
    assert date_long(datetime.date(2021, 12, 1)) == "2021\u00a0жылғы\u00a01\u00a0желтоқсан"
    assert make_filters("ru")["date_long"](datetime.date(2021, 1, 10)) == (
        "10\u00a0января\u00a02021\u00a0г."
    )


def test_tenge_is_spelled_in_the_documents_language() -> None:
    assert make_filters("kk")["tenge"](25434975) == "25\u00a0434\u00a0975\u00a0теңге"
    assert make_filters("ru")["tenge"](25434975) == "25\u00a0434\u00a0975\u00a0тенге"


@pytest.mark.parametrize("name", ["appeal.kk.pdf", "appeal.kk.docx"])
def test_the_kazakh_appeal_says_it_in_kazakh(kazakh: api.Documents, name: str) -> None:
    data = kazakh[name]
    text = " ".join(pdf_pages(data)) if name.endswith(".pdf") else docx_text(data)
    assert ELECTION_DAY in text
    assert SIGNED in text
    assert ADDRESSEE in text
    assert "АРЫЗ" in text and "СҰРАЙМЫН:" in text
    # Hypothesis 2: one vote is worth 3 % of the 2021 minimum wage of 42 500 tenge.
    assert "42 500 теңге" in text and "1 275 теңге" in text
    # The caveat and the Kazakh citation of the Criminal Code from law.yaml.
    assert "Қылмыстық кодексінің" in text
    if name.endswith(".docx"):
        return  # the DOCX text read here leaves out the footnotes, where the acts are cited
    # The act that set the 2021 minimum wage and the rule of a vote's worth, in Kazakh
    # (data/reference/wages.csv, source_kk; funding.yaml, source.kk).
    assert "«2021–2023 жылдарға арналған республикалық бюджет туралы» Қазақстан" in text
    assert "Орталық сайлау комиссиясының 2009 жылғы 3 қыркүйектегі № 166/314 қаулысы" in text
    lower = text.lower()
    assert [w for w in RUSSIAN_ONLY if w in lower] == []


@pytest.mark.parametrize(
    "name",
    [
        "appeal.kk.pdf",
        "attachment-1-protocols.kk.pdf",
        "attachment-2-statistics.kk.pdf",
        "appeal-bundle.kk.pdf",
    ],
)
def test_every_kazakh_page_is_marked_as_a_sample(kazakh: api.Documents, name: str) -> None:
    pages = pdf_pages(kazakh[name])
    assert pages and all("ҮЛГІ" in page for page in pages)
    lower = " ".join(pages).lower()
    assert [w for w in RUSSIAN_ONLY if w in lower] == []


def test_the_statistics_attachment_gives_the_caveats_in_kazakh(kazakh: api.Documents) -> None:
    text = " ".join(pdf_pages(kazakh["attachment-2-statistics.kk.pdf"]))
    assert "Ескертпелер" in text
    assert "учаскелер кездейсоқ іріктелген жоқ" in text
    # ҚХП (НПК): a correlation of +4,37 cannot be, and 2 854 stations are more than the 515
    # without copies (the Russian figures of tests/test_templates.py).
    assert "ҚХП мүмкін емес (+4,37) 2 854 — көшірмесі жоқ учаскелерден көп 515" in text


def test_the_kazakh_spreadsheet_has_kazakh_headers(kazakh: api.Documents) -> None:
    book = openpyxl.load_workbook(io.BytesIO(kazakh["attachment-1-protocols.kk.xlsx"]))
    assert book.sheetnames == ["Хаттамалар"]
    rows = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "Учаске")
    assert header[:4] == ["Учаске", "Аудан", "Учаске түрі", "Дереккөз"]
    assert header[4:12] == [
        "Дауыс беру (± = Мәслихат − Мәжіліс)",
        "Тізімдегі сайлаушылар",
        "Алынған бюллетеньдер",
        "Берілген",
        "Өтелген",
        "Жәшіктерде",
        "Жарамсыз",
        "ҚХП",
    ]
    assert header[-1] == "Орындалмаған арақатынастар (нөмірлері)"
    assert rows[-1][0] == "Барлығы"


def test_build_in_both_languages_writes_both_sets(case_dir: Path, tmp_path: Path, run) -> None:
    out = tmp_path / "out"
    result = run("build", case_dir, "--out", out, "--language", "ru,kk", "--jobs", "1")
    assert result.exit_code == 0, result.output
    names = {p.name for p in (out / "case").iterdir()}
    russian = {name.replace(".kk", "") for name in KK_FILES}
    assert russian | KK_FILES <= names
    ru = " ".join(pdf_pages((out / "case" / "appeal.pdf").read_bytes()))
    assert "10 января 2021 г." in ru and "ЗАЯВЛЕНИЕ" in ru


def test_the_case_can_ask_for_both_languages(case_dir: Path, tmp_path: Path) -> None:
    edit_case(case_dir, lambda data: data.update(languages=["ru", "kk"]))
    report = api.build([case_dir], tmp_path / "out", formats=("xlsx",), jobs=1)
    names = {p.name for p in report.outcomes[0].outputs}
    assert {"attachment-1-protocols.xlsx", "attachment-1-protocols.kk.xlsx"} <= names


def test_a_case_in_kazakh_builds_kazakh_files(case_dir: Path, tmp_path: Path) -> None:
    edit_case(case_dir, lambda data: data.update(language="kk"))
    report = api.build([case_dir], tmp_path / "out", formats=("xlsx",), jobs=1)
    assert sorted(p.name for p in report.outcomes[0].outputs if p.suffix == ".xlsx") == [
        "attachment-1-protocols.kk.xlsx",
    ]


def test_an_unknown_language_is_refused(run, tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out", tmp_path / "out", "--language", "ru,en")
    assert result.exit_code == 2
    assert "documents in en cannot be made; use ru, kk" in result.output
    with pytest.raises(api.UsageError, match="documents in de cannot be made; use ru, kk"):
        api.render(EXAMPLE, language="de")


def test_templates_are_looked_up_in_the_language_folders_first(tmp_path: Path) -> None:
    from election_appeal.render.env import make_environment
    from election_appeal.resources import templates_dir

    user = tmp_path / "mine"
    (user / "kk").mkdir(parents=True)
    (user / "kk" / "appeal.html.j2").write_text('{% extends "default:appeal.html.j2" %}')
    (user / "files.j2").write_text('{% set xlsx_note = "" %}')
    defaults = templates_dir()

    def found(language: str, name: str) -> Path:
        return Path(make_environment(user, language).get_template(name).filename or "")

    assert found("kk", "appeal.html.j2") == user / "kk" / "appeal.html.j2"
    assert found("kk", "files.j2") == user / "files.j2"
    assert found("kk", "texts.j2") == defaults / "kk" / "texts.j2"
    assert found("kk", "style.css") == defaults / "style.css"
    assert found("kk", "default:appeal.html.j2") == defaults / "appeal.html.j2"
    assert found("kk", "appeal.phrases.j2") == defaults / "kk" / "appeal.phrases.j2"
    assert found("kk", "default:style.css") == defaults / "style.css"
    assert found("ru", "appeal.html.j2") == defaults / "appeal.html.j2"
    assert found("ru", "default:texts.j2") == defaults / "ru" / "texts.j2"
    assert found("ru", "appeal.phrases.j2") == defaults / "ru" / "appeal.phrases.j2"


KAZAKH_LETTERS = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"


@pytest.mark.parametrize("bold", [False, True])
def test_the_document_font_has_every_kazakh_letter(bold: bool) -> None:
    from fontTools.ttLib import TTFont

    from election_appeal.render.grid_font import font_file

    path = font_file("Liberation Serif", bold)
    assert path is not None, "Liberation Serif is not installed"
    cmap = TTFont(str(path)).getBestCmap()
    letters = KAZAKH_LETTERS + KAZAKH_LETTERS.lower()
    assert [c for c in letters if ord(c) not in cmap] == []


def test_the_kazakh_pdfs_use_only_the_document_font(kazakh: api.Documents) -> None:
    """A letter the font lacks would be drawn in a fallback font: none is used."""
    fonts = set()
    for name in sorted(n for n in KK_FILES if n.endswith(".pdf") and "bundle" not in n):
        for page in PdfReader(io.BytesIO(kazakh[name])).pages:
            resources = page["/Resources"].get_object()
            for font in resources.get("/Font", {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts == {"Liberation-Serif", "Liberation-Serif-Bold"}


def test_the_kazakh_docx_says_its_language_and_title(kazakh: api.Documents) -> None:
    props = Document(io.BytesIO(kazakh["appeal.kk.docx"])).core_properties
    assert (props.language, _plain(props.title)) == ("kk-KZ", "Арыз, 2021 жылғы 5 сәуір")


# Variations of the example (the changes of test_wording.py) rendered in Kazakh, with the
# sentences each must hold and those it must not, written out from the variation's figures.
KK_PROSECUTOR_2017 = (
    "«Прокуратура туралы» Қазақстан Республикасының 2017 жылғы 30 маусымдағы № 81-VI Заңының "
    "21-бабы"
)
KK_PROSECUTOR_2022 = (
    "«Прокуратура туралы» Қазақстан Республикасының 2022 жылғы 5 қарашадағы № 155-VII "
    "Конституциялық заңының 24-бабы"
)
KK_REGISTER = [
    RegisterEntry("Дауыс беру нәтижелерінің кестесі", 4, key="protocols"),
    RegisterEntry("Статистикалық бағалау", 3, key="statistics"),
]
KK_CRIMINAL = ("сотқа дейінгі", "Қылмыстық кодексінің", "Прокуратура туралы", "жалған сөз")
KK_VARIATIONS = [
    Variation(
        "example",
        None,
        [
            "мыңдаған дауыстан ондаған мың дауысқа дейін ерекшеленеді; ең үлкен айырма "
            "+39 542 дауысты құрайды («Nur Otan» партиясы; 1-кесте)",
            "көп дауыс алғандар: «Nur Otan» және «ADAL»; аз дауыс алғандар — ҚХП, «Ауыл» және "
            "«Ақ жол».",
            "1. Мән-жайлар",
            "4. 2-нұсқа: сайлаушылардың ерік білдіруіне Алматы қаласы мәслихатының депутаттарын "
            "сайлаудың қорытындылары сәйкес келеді",
            "6. Сұрау",
            f"прокуратура туралы заңнамаға сәйкес ({KK_PROSECUTOR_2017})",
            "Қылмыстық кодексінің 190-бабының 4-бөлігі",
            "2-қосымшада баяндалған",
            "жалақының ең төмен мөлшерінің 3 %-ы төленеді",
            "жылдық сома бұл мөлшерден асады",
            "ескертілдім",  # a prosecutor asked for an investigation hears the art. 419 line
        ],
        ["аспайды"],
    ),
    Variation(
        "small differences",
        _small_differences,
        [
            # the party by its short name, as in the Russian «(партия «Ауыл»; таблица 1)»
            "ондаған дауысқа ерекшеленеді; ең үлкен айырма +18 дауысты құрайды («Ауыл» партиясы; "
            "1-кесте)",
            "көп дауыс алғандар: ҚХП, «Ауыл» және «ADAL»; аз дауыс алғандар — «Nur Otan» және "
            "«Ақ жол».",
            "жылдық сома бұл мөлшерден аспайды",
        ],
        ["мыңдаған", "190-бабының 4-бөлігі"],
    ),
    Variation(
        "one station",
        _one_station,
        [
            "Арыз берушіде 581 учаскелік сайлау комиссиясының біреуінің ғана екі дауыс беру "
            "қорытындылары туралы хаттамаларының көшірмелері бар; көшірмелерді байқаушылар алған",
            "Бір учаске бойынша статистикалық бағалау мүмкін емес, сондықтан ол келтірілмейді.",
            "2-кесте. «Мәслихат» мандаттары",
            "3-кесте. Партияларды мемлекеттік қаржыландырудағы",
        ],
        ["Іріктеме бойынша бағалау", "95 % аралық"],
    ),
    Variation(
        "police",
        None,
        [
            "АРЫЗ",
            "екі дауыс берудің қорытындыларын белгілеу кезіндегі ықтимал қылмыстық құқық "
            "бұзушылық туралы",
            "осы арызды Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімінде тіркеу",
            "Көрінеу жалған сөз жеткізгені үшін қылмыстық жауаптылық туралы (Қазақстан "
            "Республикасының 2014 жылғы 3 шілдедегі № 226-V Қылмыстық кодексінің 419-бабы) "
            "ескертілдім.",
            "қылмыстық-процестік заңнамаға сәйкес (Қазақстан Республикасының 2014 жылғы "
            "4 шілдедегі № 231-V Қылмыстық-процестік кодексі)",
        ],
        ["Прокуратура туралы", "қадағалау тәртібімен"],
        addressee="police_almaty",
    ),
    Variation(
        "election commission",
        lambda d: edit_case(
            d, lambda c: c["addressees"].append({"id": "central_election_commission", "role": "cc"})
        ),
        [
            "ШАҒЫМ",
            "Қазақстан Республикасының Орталық сайлау комиссиясы",
            "сайлау заңнамасына сәйкес («Қазақстан Республикасындағы сайлау туралы» Қазақстан "
            "Республикасының 1995 жылғы 28 қыркүйектегі № 2464 Конституциялық заңы)",
            "өтініш берушіге жоғарыда көрсетілген мекенжай бойынша жазбаша түрде салыстыру "
            "нәтижелері және қорытындылар алшақтығының себептері туралы хабарлау.",
        ],
        list(KK_CRIMINAL),
        addressee="central_election_commission",
    ),
    Variation(
        "an election in 2023",
        _election_2023,
        [f"прокуратура туралы заңнамаға сәйкес ({KK_PROSECUTOR_2022})"],
        ["81-VI"],
    ),
    Variation(
        "no funding block",
        _no_funding,
        ["2. Учаскелік", "3. 1-нұсқа", "4. Құқықтық баға", "5. Сұрау"],
        ["2-нұсқа", "6. Сұрау", "190-бабының"],
    ),
    Variation(
        "ИИН, earlier steps and all protocols",
        _with_iin_and_steps,
        [
            # An «АРЫЗ» to the prosecutor: its applicant is «арыз беруші» (DOMAIN.md §6).
            "Арыз беруші: [Тегі Аты Әкесінің аты], ЖСН 791028302728, тұратын мекенжайы: "
            "[арыз берушінің пошталық мекенжайы]",
            "2. Арыз берушінің бұған дейін жасаған әрекеттері",
            "2021 жылғы 24 ақпан — соттың ұйғарымы (шешімі) № 7527-21-00-2а/1",
            "барлық 581 учаскелік сайлау комиссиясының дауыс беру қорытындылары туралы "
            "хаттамаларының көшірмелерін талап етіп алу",
            "7. Сұрау",
        ],
    ),
]


def _kazakh_appeal(folder: Path, addressee: str | None) -> str:
    data = load_case(folder)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": "kk"}))
    context = appeal_context(data, analyse(data), KK_REGISTER, MOMENT, addressee)
    return _normal(_html_text(render_template(make_environment(None, "kk"), APPEAL, context)))


@pytest.mark.parametrize("variation", KK_VARIATIONS, ids=[v.name for v in KK_VARIATIONS])
def test_the_kazakh_appeal_says_what_the_case_supports(
    tmp_path: Path, variation: Variation
) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    if variation.change:
        variation.change(folder)
    text = _kazakh_appeal(folder, variation.addressee)
    for phrase in variation.present:
        assert _normal(phrase) in text, phrase
    for phrase in variation.absent:
        assert phrase not in text, phrase
    lower = text.lower()
    assert [w for w in RUSSIAN_ONLY if w in lower] == []


def test_an_authority_without_a_kazakh_name_is_named_in_the_error(case_dir: Path) -> None:
    _local_authority(case_dir)
    with pytest.raises(AppealError) as error:
        _kazakh_appeal(case_dir, "district_court")
    assert str(error.value) == (
        'authorities: "district_court" has no name in "kk"; add name.kk to its entry to '
        "address documents in that language to it"
    )


def _sheet_with(tmp_path: Path, replace: dict[str, str]) -> list[list[object]]:
    """The spreadsheet of the example built with the default Russian phrasebook of files.j2
    edited by `replace`, put in a user's template folder."""
    from election_appeal.resources import templates_dir

    mine = tmp_path / "mine"
    mine.mkdir()
    text = (templates_dir() / "ru" / "files.phrases.j2").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    (mine / "files.phrases.j2").write_text(text, encoding="utf-8")
    files = api.render(EXAMPLE, formats=("xlsx",), templates=mine)
    book = openpyxl.load_workbook(io.BytesIO(files["attachment-1-protocols.xlsx"]))
    return [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]


def test_the_spreadsheets_words_come_from_the_templates(tmp_path: Path) -> None:
    rows = _sheet_with(
        tmp_path,
        {
            '"Итого"': '"Всего по участкам"',
            "Голосование (± = {{ second }}": "Контест (± = {{ second }}",
            '"Источник"]': '"Кто получил копию"]',
        },
    )
    header = next(row for row in rows if row and row[0] == "Участок")
    assert header[3:6] == [
        "Кто получил копию",
        "Контест (± = Маслихат − Мажилис)",
        "Избирателей в списке",
    ]
    assert rows[-1][0] == "Всего по участкам"


def test_a_sheet_name_a_spreadsheet_refuses_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(AppealError) as error:
        _sheet_with(tmp_path, {'"Протоколы"': '"Протоколы/2021"'})
    assert str(error.value).endswith(
        "xlsx_sheet: a sheet's name has 1 to 31 characters, none of [ ] : * ? / \\"
    )


def test_languages_are_read_from_a_list_or_a_comma_separated_text() -> None:
    assert api.check_languages("kk, ru,kk") == ("kk", "ru")
    assert api.check_languages(["ru"]) == ("ru",)
    with pytest.raises(api.UsageError, match="documents in no language cannot be made"):
        api.check_languages("")


def _case_words(value: object, language: str) -> set[str]:
    """The words of the example's case.yaml in `language`: of every text given as
    {ru: …, kk: …}, and of the protocol table's words (the keys of protocol_texts, Russian)."""
    if isinstance(value, dict) and set(value) == {"ru", "kk"}:
        return set(re.findall(r"\w+", str(value[language]).lower()))
    if isinstance(value, dict):
        return set().union(*(_case_words(v, language) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(_case_words(v, language) for v in value), set())
    return set()


def _words_of_the_example() -> dict[str, set[str]]:
    import yaml

    raw = yaml.safe_load((EXAMPLE / "case.yaml").read_text(encoding="utf-8"))
    table = set(re.findall(r"\w+", " ".join(raw["protocol_texts"]).lower()))
    table_kk = set(
        re.findall(r"\w+", " ".join(t["kk"] for t in raw["protocol_texts"].values()).lower())
    )
    words = {language: _case_words(raw, language) for language in ("ru", "kk")}
    words["ru"] |= table
    words["kk"] |= table_kk
    return {
        "ru": words["ru"] - words["kk"],  # Russian only: «г», «мажилиса», «ауэзовский», …
        "kk": words["kk"] - words["ru"],
    }


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_text_of_the_case_is_in_the_other_language(language: str) -> None:
    """The example gives every text in both languages: a document shows none of the other
    language's (the Kazakh documents once showed «г. Алматы», «Мажилис» and the Russian party
    names, sources and districts)."""
    other = {"ru": "kk", "kk": "ru"}[language]
    # A word the language's own phrasebooks use is a word of that language («партия»).
    own = (ROOT / "templates" / language).glob("*.j2")
    phrasebooks = set(
        re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8") for p in own).lower())
    )
    foreign = _words_of_the_example()[other] - phrasebooks
    assert {"мажилиса", "ауэзовский", "наблюдатели"} <= _words_of_the_example()["ru"]
    assert {"мәжілісінің", "әуезов", "байқаушылар"} <= _words_of_the_example()["kk"]
    files = api.render(EXAMPLE, language=language, formats=("docx", "xlsx"))
    texts = [docx_text(data) for name, data in files.items() if name.endswith(".docx")]
    book = openpyxl.load_workbook(
        io.BytesIO(next(d for n, d in files.items() if n.endswith("xlsx")))
    )
    texts += [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    shown = set(re.findall(r"\w+", " ".join(texts).lower()))
    assert sorted(shown & foreign) == []


def test_check_names_each_text_missing_in_a_language_of_the_documents(run, case_dir: Path) -> None:
    def plain(data: dict) -> None:
        data["languages"] = ["ru", "kk"]
        data["election"]["territory"] = "г. Алматы"  # the Russian text only
        data["parties"][0]["name"] = {"kk": "Қазақстан Халық партиясы"}  # the Kazakh text only
        del data["protocol_texts"]["Ауэзовский"]

    edit_case(case_dir, plain)
    result = run("check", case_dir)
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if "has no text in" in line]
    assert [w.split(", ", 2)[-1].split(":")[0] for w in warnings] == [
        "election.territory",
        "parties[0].name",
        "protocol_texts",
    ]
    assert "election.territory: has no text in kk, a language of the documents" in warnings[0]
    assert "parties[0].name: has no text in ru," in warnings[1]
    assert "«Ауэзовский» of the protocol table has no text in kk" in warnings[2]


def test_a_text_per_language_takes_known_languages_only(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["election"].update(territory={"ru": "г. Алматы", "en": "x"}))
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert "election.territory: a text in each language has the keys ru, kk, not en" in (
        result.output
    )


def test_every_caveat_is_worded_in_each_language() -> None:
    """The analysis names its caveats by key; the catalogues word them: a caveat missing in one
    would print the English text in a Russian or Kazakh document."""
    from election_appeal.analysis.caveat_text import caveats
    from election_appeal.analysis.caveats import SAMPLE_CAVEATS

    english = caveats(SAMPLE_CAVEATS, "en")
    russian, kazakh = caveats(SAMPLE_CAVEATS, "ru"), caveats(SAMPLE_CAVEATS, "kk")
    assert english[0].startswith("The stations were not chosen at random")
    assert russian[0].startswith("Участки, копии протоколов которых получены наблюдателями")
    assert kazakh[0].startswith("Байқаушылар хаттамаларының көшірмелерін алған учаскелер")
    assert all(re.search("[әғқңөұүһі]", text) for text in kazakh)
    assert not set(russian) & set(english) and not set(kazakh) & set(russian)
