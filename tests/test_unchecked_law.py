"""Law stated as certain but not read in the official text (law.yaml `verified: false`): `check`
names for each letter the provisions it will cite, the build those each written document
prints, and both say to read them on adilet.zan.kz before signing. The lists are worked out by
hand from law.yaml (its order, the kinds each letter cites) and the letters' texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import EXAMPLE, edit_case
from election_appeal.case import load_case
from election_appeal.case.unverified import letter_plan, unchecked_in
from election_appeal.render.context import letters

CRIMINAL_CODE = "Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V"
PROCEDURE_CODE = "Уголовно-процессуального кодекса Республики Казахстан от 4 июля 2014 года № 231-V"
BY_ANALOGY = (
    "статья 97-1 Конституционного закона Республики Казахстан от 28 сентября 1995 года № 2464 "
    "«О выборах в Республике Казахстан» (правила распределения мандатов депутатов Мажилиса, "
    "применяемые к маслихатам по аналогии)"
)
ELECTION_FRAUD = (
    f"статья 151 {CRIMINAL_CODE} (фальсификация избирательных документов, неправильный подсчет "
    "голосов)"
)
FRAUD = f"часть 4 статьи 190 {CRIMINAL_CODE} (мошенничество в особо крупном размере)"
# What the letter to a prosecutor cites unverified, in the order of law.yaml, without the fraud
# article (which stands third when pleaded).
PROSECUTOR = [
    f"статья 419 {CRIMINAL_CODE}",
    ELECTION_FRAUD,
    f"статья 3 {CRIMINAL_CODE} (4,000 МРП)",
    "статья 33 Конституции Республики Казахстан",
    "статья 25 Международного пакта о гражданских и политических правах",
    "пункт 5 статьи 50 Конституции Республики Казахстан",
    f"статья 180 {PROCEDURE_CODE}",
    BY_ANALOGY,
]
# The letter to a prosecutor cites before them the article on appeals of the law on the
# prosecutor's office in force on the appeal's date (first in law.yaml).
TO_PROSECUTOR = [
    "статья 21 Закона Республики Казахстан от 30 июня 2017 года № 81-VI «О прокуратуре»",
    *PROSECUTOR,
]
# A crime report adds the Code as a whole (first in law.yaml) and its art. 179, after art. 180:
# a citation takes the place of the first provision citing it, and art. 180 is cited first by
# the time limit of a crime report (above pretrial_start in law.yaml).
CRIME_REPORT = [
    "Уголовно-процессуальный кодекс Республики Казахстан от 4 июля 2014 года № 231-V",
    *PROSECUTOR[:7],
    f"статья 179 {PROCEDURE_CODE}",
    PROSECUTOR[7],
]


# The report to the anti-corruption agency rests its jurisdiction on fraud by a person using an
# official position: the item follows part 4 of the article (law.yaml's order).
OFFICIAL_POSITION = (
    f"пункт 2) части 3 статьи 190 {CRIMINAL_CODE} (мошенничество, совершенное лицом с "
    "использованием своего служебного положения)"
)


def _for_agency(provisions: list[str]) -> list[str]:
    at = provisions.index(next(p for p in provisions if p.startswith(FRAUD))) + 1
    return [*provisions[:at], OFFICIAL_POSITION, *provisions[at:]]


def _with_fraud(provisions: list[str], fraud: str) -> list[str]:
    at = provisions.index(ELECTION_FRAUD) + 1
    return [*provisions[:at], fraud, *provisions[at:]]


def _real(case_dir: Path, change=None) -> None:
    def real(data: dict) -> None:
        data["illustrative"] = False
        data["appeal"]["date"] = "2021-07-05"
        if change:
            change(data)

    edit_case(case_dir, real)


def _listed(line: str, opening: str, closing: str) -> list[str]:
    """The provisions a warning lists between its opening and its closing."""
    assert opening in line and closing in line, line
    return line.split(opening, 1)[1].split(closing, 1)[0].split("; ")


# --- check ------------------------------------------------------------------------------


def test_check_names_each_letters_provisions(run, case_dir: Path) -> None:
    """The letter to the Prosecutor General; the reports to the agency and the police, each in
    a warning of its own: the agency's also cites the item of fraud using an official
    position."""
    _real(case_dir)
    result = run("check", case_dir)
    lines = [line for line in result.output.splitlines() if ".id: the letter" in line]
    assert [line.split(".id: ")[0].rsplit(", ", 1)[1] for line in lines] == [
        "addressees[0]",
        "addressees[1]",
        "addressees[2]",
    ]
    assert (
        "the letter to Департамент Агентства Республики Казахстан по противодействию " in (lines[1])
    )
    condition = "(if one party alone is paid over 4,000 МРП a year)"
    opening, closing = "not checked against the official text: ", "; read them on adilet"
    fraud = f"{FRAUD} {condition}"
    assert _listed(lines[0], opening, closing) == _with_fraud(TO_PROSECUTOR, fraud)
    assert _listed(lines[1], opening, closing) == _for_agency(_with_fraud(CRIME_REPORT, fraud))
    assert _listed(lines[2], opening, closing) == _with_fraud(CRIME_REPORT, fraud)
    assert lines[0].endswith(
        f"; read them on adilet.zan.kz before signing (their addresses: appeal law {case_dir})"
    )


def test_offences_of_the_case_replace_the_default_ones(run, case_dir: Path) -> None:
    """legal_articles replaces the list of offences: arts. 151 and 190 are not cited."""
    _real(case_dir, lambda d: d.update(legal_articles=["статья 150 Уголовного кодекса"]))
    lines = [line for line in run("check", case_dir).output.splitlines() if "the letter to" in line]
    opening, closing = "not checked against the official text: ", "; read them on adilet"
    without = [p for p in TO_PROSECUTOR if p != ELECTION_FRAUD]
    assert _listed(lines[0], opening, closing) == without
    assert "8 provisions" in lines[0]


def _complaint(case_dir: Path) -> None:
    """A complaint to the CEC signed 15 January 2021, the decision of 11 January."""

    def change(data: dict) -> None:
        data["addressees"] = [{"id": "central_election_commission", "role": "to"}]
        data["applicant"]["status"] = {"kind": "voter", "station": 12}
        data["applicant"]["sex"] = "male"
        data["contests"][1]["decided_by"] = {
            "ru": "Территориальная избирательная комиссия города Алматы",
            "kk": "Алматы қаласының аумақтық сайлау комиссиясы",
        }
        data["contests"][1]["source_date"] = "2021-01-11"
        data["appeal"]["date"] = "2021-01-15"

    _real(case_dir, change)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "ru",
            "документ (адресат — Центральная избирательная комиссия Республики Казахстан) "
            "ссылается на 4 нормы, не сверенные с официальным текстом: "
            "статья 33 Конституции Республики Казахстан; "
            "статья 25 Международного пакта о гражданских и политических правах; "
            "статья 20 Конституционного закона Республики Казахстан от 28 сентября 1995 года "
            "№ 2464 «О выборах в Республике Казахстан» (10 дней); "
            f"{BY_ANALOGY}; "
            "прочтите их на adilet.zan.kz до подписания (адреса текстов покажет команда: "
            "appeal law {folder})",
        ),
        (
            "kk",
            "құжат (алушы — Қазақстан Республикасының Орталық сайлау комиссиясы) ресми мәтінмен "
            "салыстырылмаған 4 нормаға сілтеме жасайды: "
            "Қазақстан Республикасы Конституциясының 33-бабы; "
            "Азаматтық және саяси құқықтар туралы халықаралық пактінің 25-бабы; "
            "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
            "28 қыркүйектегі № 2464 Конституциялық заңының 20-бабы (10 күн); "
            "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
            "28 қыркүйектегі № 2464 Конституциялық заңының 97-1-бабы (Мәжіліс депутаттарының "
            "мандаттарын бөлу қағидалары, мәслихаттарға ұқсастығы бойынша қолданылады); "
            "қол қоймас бұрын оларды adilet.zan.kz сайтынан оқыңыз (мәтіндердің мекенжайларын "
            "мына пәрмен көрсетеді: appeal law {folder})",
        ),
    ],
)
def test_a_complaints_provisions_in_the_users_language(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """The complaint cites the Constitution (art. 33; not art. 50, the funding's term: a
    complaint prices nothing), the Covenant, art. 20 for its ten days, art. 97-1 by analogy; the
    law on elections itself was read. The citations in the user's language, Kazakh ones from
    law.yaml's kk."""
    _complaint(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert [
        line.split("addressees[0].id: ")[1]
        for line in result.output.splitlines()
        if "addressees[0].id: " in line
    ] == [said.format(folder=case_dir)]


# --- what a written document prints -------------------------------------------------------


@pytest.fixture(scope="module")
def example_case():
    return load_case(EXAMPLE)


def _in(case, language: str):
    return case.case.model_copy(update={"language": language})


def test_a_citation_inside_a_longer_one_is_not_printed_on_its_own(example_case) -> None:
    """The Kazakh Code («…кодексі») is the start of its article («…кодексінің 180-бабы»)."""
    code = "Қазақстан Республикасының 2014 жылғы 4 шілдедегі №\u00a0231-V Қылмыстық-процестік"
    article = f"<p>({code} кодексінің 180-бабы)</p>"
    case, reference = _in(example_case, "kk"), example_case.reference

    def printed(text: str) -> list[str]:
        return [u.version.citation("kk") for u in unchecked_in(text, case, reference)]

    plain = code.replace("\u00a0", " ")
    assert printed(article) == [f"{plain} кодексінің 180-бабы"]
    both = f"{article}<p>{code} кодексі</p>"
    assert printed(both) == [f"{plain} кодексі", f"{plain} кодексінің 180-бабы"]


def test_a_citation_broken_across_lines_or_hyphenated_is_found(example_case) -> None:
    case, reference = _in(example_case, "ru"), example_case.reference
    text = "<li>статья 33 Кон\u00adсти\u00adту\u00adции\n   Республики&nbsp;Казахстан</li>"
    assert [u.key for u in unchecked_in(text, case, reference)] == ["electoral_rights"]


def test_a_verified_citation_and_a_repeated_one(example_case) -> None:
    """The law on elections was read: not listed. Article 20 stands for both time limits: named
    once, with its ten days."""
    case, reference = _in(example_case, "ru"), example_case.reference
    law = "Конституционный закон Республики Казахстан от 28 сентября 1995 года № 2464"
    article = "статья 20 Конституционного закона Республики Казахстан от 28 сентября 1995 года"
    title = "«О выборах в Республике Казахстан»"
    text = f"<p>({law} {title})</p><p>{article} № 2464 {title}</p>"
    found = unchecked_in(text, case, reference)
    assert [(u.key, u.figure) for u in found] == [("time_limit_court_claim", "10 days")]


# --- build --------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_build_names_what_each_document_prints(run, case_dir: Path, tmp_path: Path) -> None:
    """The example, real: the letter to the Prosecutor General (the city prosecutor copied)
    prints ten unverified provisions, the reports to the agency and the police the same
    eleven, in Russian and in Kazakh alike (one warning for both); the fraud article is printed
    (a party's own overpayment is above 4 000 МРП), so the build states it without a
    condition."""
    _real(case_dir)
    result = run(
        "build", case_dir, "--out", tmp_path / "out", "--format", "docx", "--language", "ru,kk"
    )
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines() if "stated as certain" in line]
    opening, closing = "not checked against the official text: ", "; read them on adilet"
    # Said once for both languages: the Kazakh documents print the same provisions.
    assert [line.split(": ", 2)[1] for line in lines] == [
        "appeal (appeal.pdf, appeal.kk.pdf)",
        "report of a criminal offence (appeal--anticorruption_almaty.pdf, "
        "appeal--anticorruption_almaty.kk.pdf)",
        "report of a criminal offence (appeal--police_almaty.pdf, appeal--police_almaty.kk.pdf)",
    ]
    assert _listed(lines[0], opening, closing) == _with_fraud(TO_PROSECUTOR, FRAUD)
    assert _listed(lines[1], opening, closing) == _for_agency(_with_fraud(CRIME_REPORT, FRAUD))
    assert _listed(lines[2], opening, closing) == _with_fraud(CRIME_REPORT, FRAUD)
    assert lines[0] == (
        "Warning: appeal (appeal.pdf, appeal.kk.pdf): 10 provisions stated as certain were not "
        f"checked against the official text: {'; '.join(_with_fraud(TO_PROSECUTOR, FRAUD))}; read "
        "them on adilet.zan.kz before signing and correct the text where they differ"
    )


@pytest.mark.slow
def test_the_build_reads_the_letter_not_the_kind(run, case_dir: Path, tmp_path: Path) -> None:
    """With the case's own offences the letter prints neither art. 151 nor art. 190."""
    _real(case_dir, lambda d: d.update(legal_articles=["статья 150 Уголовного кодекса"]))
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "docx")
    lines = [line.strip() for line in result.output.splitlines() if "stated as certain" in line]
    opening, closing = "not checked against the official text: ", "; read them on adilet"
    assert _listed(lines[0], opening, closing) == [p for p in TO_PROSECUTOR if p != ELECTION_FRAUD]


@pytest.mark.slow
def test_an_illustrative_case_is_spared(run, tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0
    assert "stated as certain" not in result.output


@pytest.mark.parametrize("variant", ["example", "court", "commission"])
def test_check_foresees_the_letters_the_build_writes(case_dir: Path, variant: str) -> None:
    """`check` cannot import the renderer: its plan of letters follows the same rule."""
    if variant == "court":
        to_the_court(case_dir)
    elif variant == "commission":
        _complaint(case_dir)
    data = load_case(case_dir)
    ids = [a.id for a in data.case.addressees]
    foreseen = [ids[i] for i, _kind in letter_plan(data.case, data.reference)]
    assert foreseen == [letter.addressee for letter in letters(data, [None])]
