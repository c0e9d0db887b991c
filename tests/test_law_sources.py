"""Where each citation of law.yaml was read: every entry names its provision, its official page
and whether it was read there; a verified one says the page read (verified_from), which `appeal
law` shows. The criminal threshold of funding.yaml is flagged exactly as law.yaml flags it."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from claim_variant import later_election
from conftest import ROOT, edit_case
from election_appeal.case.law import in_force, load_law
from election_appeal.case.reference import load_reference
from election_appeal.errors import Problem

REFERENCE = ROOT / "data" / "reference"


def _raw_versions() -> list[tuple[str, dict]]:
    data = yaml.safe_load((REFERENCE / "law.yaml").read_text(encoding="utf-8"))
    return [(key, version) for key, versions in data.items() for version in versions]


def test_every_version_names_its_provision_its_page_and_whether_it_was_read() -> None:
    for key, version in _raw_versions():
        assert version.get("ru"), key  # the provision as the appeal cites it
        assert "url" in version, key  # the official page, or null where none was found
        assert isinstance(version.get("verified"), bool), key


def test_every_verified_version_says_which_official_page_was_read() -> None:
    verified = [(key, v) for key, v in _raw_versions() if v["verified"]]
    # Read in the official text so far: the Administrative Procedural Code, the election law's
    # requisites, the 2018 maslikhat rule. The laws on the prosecutor's office were read only up
    # to article 3, so the article the letters cite (21, 24) is not among them.
    assert sorted(key for key, _ in verified) == [
        "appeals_procedure",
        "election_law",
        "maslikhat_party_lists",
    ]
    for key, version in verified:
        read = version.get("verified_from")
        assert read and read["url"].startswith("https://adilet.zan.kz/"), key
    for key, version in _raw_versions():
        if not version["verified"]:
            assert "verified_from" not in version, key


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{ru: статья, url: null, verified: true}", "verified: true needs verified_from"),
        (
            "{ru: статья, url: null, verified: false, verified_from: {url: https://adilet.zan.kz/x}}",
            "verified_from is only for verified: true",
        ),
    ],
)
def test_a_verified_flag_and_its_source_go_together(
    tmp_path: Path, entry: str, message: str
) -> None:
    (tmp_path / "law.yaml").write_text(f"x:\n  - {entry}\n", encoding="utf-8")
    problems: list[Problem] = []
    load_law(tmp_path / "law.yaml", problems)
    assert len(problems) == 1 and message in problems[0].message


def test_the_crime_report_articles_stay_unread() -> None:
    # Searched by number and title (December 2026): the official pages of the Criminal Procedure
    # Code are stored only from their opening; arts. 179-181 were not reached, so no entry on
    # registering a report may claim to have been read.
    problems: list[Problem] = []
    law = load_law(REFERENCE / "law.yaml", problems)
    day = datetime.date(2023, 4, 3)
    for key in ("criminal_report", "pretrial_start", "pretrial_grounds", "crime_report"):
        version = in_force(law, key, day)
        assert version is not None and not version.verified, key
        assert version.note and "Searched in December 2026" in version.note, key
    grounds = in_force(law, "pretrial_grounds", day)
    assert grounds is not None and "part 3" in (grounds.note or "")


@pytest.mark.parametrize(
    "election_day",
    [datetime.date(2021, 1, 10), datetime.date(2023, 3, 19), datetime.date(2026, 8, 30)],
)
def test_the_especially_large_amount_is_one_unverified_figure(
    election_day: datetime.date,
) -> None:
    # The reference appeal's 4 000 МРП (subparagraph 3) of art. 3 of the Criminal Code) was not
    # read in the official text: the Law of 12 July 2018 No 180-VI, read on
    # adilet.zan.kz/kaz/docs/Z1800000180/compare, rewords subparagraphs 2) and 3) but the text
    # of 3) was cut off. So funding.yaml keeps 4 000 for every date and says it is unverified,
    # as law.yaml's especially_large (the provision the appeal cites for it) does.
    reference = load_reference(REFERENCE)
    threshold = reference.funding.especially_large
    assert threshold.mrp == 4000
    assert not threshold.verified
    assert threshold.note and "No 180-VI" in threshold.note
    provision = in_force(reference.law, "especially_large", election_day)
    assert provision is not None and not provision.verified
    assert threshold.source.ru == provision.ru
    assert "No 180-VI" in (provision.note or "")


def test_appeal_law_shows_where_a_checked_citation_was_read(run, case_dir: Path) -> None:
    # A complaint to the CEC (the example moved to October 2021, its result's decision dated)
    # cites the election law, read on its official English page.
    def change(d: dict) -> None:
        later_election(d)
        d.update(illustrative=False)
        d["applicant"]["status"] = {"kind": "voter", "station": 12}
        d["addressees"] = [{"id": "central_election_commission", "role": "to"}]

    edit_case(case_dir, change)
    result = run("law", case_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("election_law (2021-10-10): checked")
    assert lines[at + 2 : at + 4] == [
        "  https://adilet.zan.kz/rus/docs/Z950002464_",
        "  read on https://adilet.zan.kz/eng/docs/Z950002464_ (edition of the text: not shown)",
    ]
    # An unverified citation has its page but no line saying it was read.
    unread = lines.index("electoral_rights (2021-10-10): NOT CHECKED against the official text")
    assert not lines[unread + 3].startswith("  read on ")
    # The other read citation: the maslikhat's election by party lists (as worded in 2018).
    assert sum(line.startswith("  read on ") for line in lines) == 2
    read = "  read on https://adilet.zan.kz/kaz/docs/Z1800000162 (edition of the text: not shown)"
    assert read in lines


def test_appeal_law_shows_the_edition_when_the_page_gave_one(tmp_path: Path) -> None:
    from election_appeal.api import Citations
    from election_appeal.case.law import LawVersion
    from election_appeal.case.validate import Citation
    from election_appeal.console import law_report

    version = LawVersion.model_validate(
        {
            "ru": "статья 1",
            "url": "https://adilet.zan.kz/rus/docs/X",
            "verified": True,
            "verified_from": {"url": "https://adilet.zan.kz/rus/docs/X", "edition": "2024-03-06"},
        }
    )
    day = datetime.date(2024, 5, 1)
    report = law_report(Citations([Citation("x", day, version)], tmp_path / "law.yaml"))
    assert "  read on https://adilet.zan.kz/rus/docs/X (edition of the text: 2024-03-06)" in (
        report.splitlines()
    )


# --- The prosecutor's power: the article on considering appeals, never article 1 -------------
#
# Article 1 of either law on the prosecutor's office states its purpose (highest supervision of
# legality) and grants no power. The Prosecutor General's instructions on appeals rest on
# article 21 of the Law of 30 June 2017 No 81-VI (order of 1 June 2018 No 72: «Заңының 21-бабына
# … сәйкес») and on article 24 of the Constitutional Law of 5 November 2022 No 155-VII (order
# of 17 January 2023 No 29: «со статьями 24 и 25», article 24 «Рассмотрение обращений»). The
# 2017 law ends on 17 November 2022, the 2022 one applies from the 18th.

ART_21_RU = "статья 21 Закона Республики Казахстан от 30 июня 2017 года № 81-VI «О прокуратуре»"
ART_24_RU = (
    "статья 24 Конституционного закона Республики Казахстан от 5 ноября 2022 года № 155-VII "
    "«О прокуратуре»"
)
ART_21_KK = (
    "«Прокуратура туралы» Қазақстан Республикасының 2017 жылғы 30 маусымдағы № 81-VI Заңының "
    "21-бабы"
)
ART_24_KK = (
    "«Прокуратура туралы» Қазақстан Республикасының 2022 жылғы 5 қарашадағы № 155-VII "
    "Конституциялық заңының 24-бабы"
)
# What no letter may cite as the prosecutor's power.
ARTICLE_1 = (
    "статья 1 Закона Республики Казахстан от 30 июня 2017 года",
    "статья 1 Конституционного закона",
    "№ 81-VI Заңының 1-бабы",
    "№ 155-VII Конституциялық заңының 1-бабы",
)
BASIS = {
    "ru": "в соответствии с законодательством о прокуратуре ({law})",
    "kk": "прокуратура туралы заңнамаға сәйкес ({law})",
}


def _letter(folder: Path, language: str, addressee: str | None = None) -> str:
    """The appeal's HTML in a language, as plain words (tags and footnotes out)."""
    import dataclasses
    import re

    from election_appeal.analysis import analyse
    from election_appeal.case import load_case
    from election_appeal.render.context import appeal_context
    from election_appeal.render.env import make_environment, render_template

    data = load_case(folder)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    moment = datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC)
    context = appeal_context(data, analyse(data), [], moment, addressee)
    html = render_template(make_environment(None, language), "appeal.html.j2", context)
    body = html[html.index("<body") :]
    body = re.sub(r'<span class="footnote">.*?</span>', "", body, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", body).replace("\xa0", " ").split())
    return re.sub(r" ([,.;:)])", r"\1", text.replace("( ", "("))


@pytest.mark.parametrize(
    ("election", "appeal", "article"),
    [
        ("2021-01-10", "2021-04-05", "21"),
        ("2021-01-10", "2022-11-17", "21"),  # the last day of the 2017 law
        ("2021-01-10", "2022-11-18", "24"),  # the first of the Constitutional Law of 2022
        ("2023-03-19", "2023-04-03", "24"),
        ("2023-03-19", "2026-01-15", "24"),
    ],
)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_prosecutor_letter_cites_the_article_on_appeals(
    case_dir: Path, election: str, appeal: str, article: str, language: str
) -> None:
    def change(d: dict) -> None:
        d["election"]["date"], d["appeal"]["date"] = election, appeal

    edit_case(case_dir, change)
    text = _letter(case_dir, language)
    laws = {("ru", "21"): ART_21_RU, ("ru", "24"): ART_24_RU}
    laws |= {("kk", "21"): ART_21_KK, ("kk", "24"): ART_24_KK}
    assert BASIS[language].format(law=laws[language, article]) in text
    assert [cited for cited in ARTICLE_1 if cited in text] == []


def test_the_prosecutor_articles_are_marked_unread_with_their_sources() -> None:
    problems: list[Problem] = []
    law = load_law(REFERENCE / "law.yaml", problems)
    assert problems == []
    for day, article, order in [
        (datetime.date(2021, 4, 5), ART_21_RU, "No 72"),
        (datetime.date(2023, 4, 3), ART_24_RU, "No 29"),
    ]:
        version = in_force(law, "prosecutor_office", day)
        assert version is not None and version.ru == article
        # Read in an order's preamble and an unofficial copy, not in the law's official text.
        assert not version.verified
        assert order in (version.note or "")


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_check_says_the_prosecutor_article_is_unchecked(
    run, case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_case(case_dir, lambda d: d.update(illustrative=False))
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    names = {"en": ART_21_RU, "ru": ART_21_RU, "kk": ART_21_KK}
    assert names[language] in said
    unread = {"en": "not checked", "ru": "не сверен", "kk": "салыстырылмаған"}
    line = next(line for line in said.split(" addressees[") if names[language] in line)
    assert unread[language] in line


# --- Article 131: a claim states the claimant's date and place of birth --------------------
#
# Part 2 subpoint 2) of art. 131 of the Administrative Procedural Code (unofficial English
# translation, zakonpravo.kz): "the surname, first name and patronymic … of the plaintiff, …
# his place of residence, date and place of birth". A letter to a body (art. 63) does not ask
# for them, so only a claim prints them.


def _real_claim(case_dir: Path, **applicant: object) -> None:
    from claim_variant import to_the_court

    to_the_court(case_dir)

    def change(d: dict) -> None:
        d["illustrative"] = False
        d["applicant"].update(
            full_name={"ru": "Иванов Иван Иванович", "kk": "Иванов Иван Иванович"},
            address={"ru": "г. Алматы, ул. Абая, 1", "kk": "Алматы қаласы, Абай көшесі, 1"},
            status={
                "kind": "observer",
                "organisation": {"ru": "ОО «Наблюдатели»", "kk": "«Байқаушылар» ҚБ"},
            },
            **applicant,
        )

    edit_case(case_dir, change)


def _birth_warnings(case_dir: Path) -> list[tuple[str, str]]:
    from election_appeal import api

    return [
        (p.where.split(", ", 1)[1], p.message)
        for p in api.check(case_dir).warnings
        if "birth" in p.where
    ]


@pytest.mark.parametrize(
    ("language", "date", "place"),
    [
        ("en", "the applicant's date of birth is missing (applicant.birth_date)", "the "
         "applicant's place of birth is missing (applicant.birth_place)"),
        ("ru", "не указана дата рождения заявителя (applicant.birth_date)",
         "не указано место рождения заявителя (applicant.birth_place)"),
        ("kk", "өтініш берушінің туған күні көрсетілмеген (applicant.birth_date)",
         "өтініш берушінің туған жері көрсетілмеген (applicant.birth_place)"),
    ],
)  # fmt: skip
def test_a_real_claim_without_birth_data_is_warned_of_each_field(
    case_dir: Path, language: str, date: str, place: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _real_claim(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    said = _birth_warnings(case_dir)
    assert [where for where, _message in said] == ["applicant.birth_date", "applicant.birth_place"]
    assert said[0][1].startswith(date) and said[1][1].startswith(place)
    article = {"en": "статья 131", "ru": "статья 131", "kk": "кодексінің 131-бабы"}[language]
    assert all(article in message for _where, message in said)


def test_a_claim_with_birth_data_or_no_claim_is_not_warned(case_dir: Path, tmp_path: Path) -> None:
    _real_claim(case_dir, birth_date="1980-02-01", birth_place={"ru": "г. Алматы", "kk": "Алматы"})
    assert _birth_warnings(case_dir) == []
    # Only the place given: the date alone is asked for.
    edit_case(case_dir, lambda d: d["applicant"].pop("birth_date"))
    assert [where for where, _m in _birth_warnings(case_dir)] == ["applicant.birth_date"]
    # A real appeal to the prosecutor's office alone: art. 63 asks for neither.
    letter = tmp_path / "letter"
    shutil.copytree(case_dir.parent / "case", letter)
    edit_case(letter, lambda d: d.update(addressees=[{"id": "prosecutor_general", "role": "to"}]))
    assert _birth_warnings(letter) == []


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("ru", "Истец: Иванов Иван Иванович, наблюдатель (организация, направившая наблюдателя: "
         "ОО «Наблюдатели»), ИИН 791028302728, "
         "дата рождения: 1 февраля 1980 г., место рождения: г. Алматы, адрес: г. Алматы, "
         "ул. Абая, 1"),
        ("kk", "Талап қоюшы: Иванов Иван Иванович («Байқаушылар» ҚБ атынан байқаушы), ЖСН "
         "791028302728, туған күні: 1980 жылғы 1 ақпан, туған жері: Алматы қаласы, тұратын "
         "мекенжайы: Алматы қаласы, Абай көшесі, 1"),
    ],
)  # fmt: skip
def test_a_claim_names_the_claimant_then_the_standing_then_the_requisites(
    case_dir: Path, language: str, line: str
) -> None:
    _real_claim(
        case_dir,
        iin="791028302728",  # valid (DOMAIN §5)
        birth_date="1980-02-01",
        birth_place={"ru": "г. Алматы", "kk": "Алматы қаласы"},
    )
    assert line in _letter(case_dir, language, "city_court")


def test_a_letter_to_a_body_prints_no_birth_data(case_dir: Path) -> None:
    _real_claim(case_dir, birth_date="1980-02-01", birth_place="г. Алматы")
    text = _letter(case_dir, "ru", "prosecutor_general")
    assert "от Иванова Ивана Ивановича" in text
    assert "рождения" not in text


# --- A candidate's standing: after the name, with the party list the case file names --------


def _candidate(case_dir: Path, party: str | None) -> None:
    """A complaint to the CEC about the maslikhat's result of October 2021 (claim_variant)."""

    def change(d: dict) -> None:
        later_election(d)
        d["illustrative"] = False
        d["applicant"].update(
            full_name={"ru": "Иванов Иван Иванович", "kk": "Иванов Иван Иванович"},
            address={"ru": "г. Алматы, ул. Абая, 1", "kk": "Алматы қаласы, Абай көшесі, 1"},
            status={"kind": "candidate", **({"party": party} if party else {})},
        )
        d["addressees"] = [{"id": "central_election_commission", "role": "to"}]

    edit_case(case_dir, change)


@pytest.mark.parametrize(
    ("language", "party", "line"),
    [
        ("ru", "auyl", "от Иванова Ивана Ивановича, являющегося кандидатом в депутаты по "
         "партийному списку партии «Ауыл», проживающего по адресу: г. Алматы, ул. Абая, 1"),
        ("ru", None, "от Иванова Ивана Ивановича, являющегося кандидатом в депутаты, "
         "проживающего по адресу: г. Алматы, ул. Абая, 1"),
        ("kk", "auyl", "Иванов Иван Иванович («Ауыл» партиясының тізімі бойынша депутаттыққа "
         "кандидат), тұратын мекенжайы: Алматы қаласы, Абай көшесі, 1"),
    ],
)  # fmt: skip
def test_a_complaint_gives_the_candidates_standing_after_the_name(
    case_dir: Path, language: str, party: str | None, line: str
) -> None:
    _candidate(case_dir, party)
    assert line in _letter(case_dir, language)


def test_a_candidate_without_a_party_is_warned_and_no_party_is_invented(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from election_appeal import api

    _candidate(case_dir, None)
    monkeypatch.setenv("APPEAL_LANG", "en")
    said = [p.message for p in api.check(case_dir).warnings if p.where.endswith("status")]
    assert said == [
        "the applicant is a candidate, but applicant.status.party is not given: the documents "
        "do not say on whose party list the applicant stands; give the id of the party"
    ]
    assert "партии" not in _letter(case_dir, "ru").split("проживающего")[0]
    _candidate(case_dir, "auyl")
    assert not [p for p in api.check(case_dir).warnings if p.where.endswith("status")]


# --- The Criminal Code's articles in Kazakh: no title without a source ----------------------


def test_the_kazakh_offences_are_cited_without_an_unread_title() -> None:
    # No official or unofficial Kazakh text of arts. 151 and 190 was found (law.yaml notes), so
    # the Kazakh citations end at the article and part, with no translated heading.
    law = load_law(REFERENCE / "law.yaml", [])
    day = datetime.date(2023, 3, 19)
    fraud, falsification = (
        in_force(law, "fraud_especially_large", day),
        in_force(law, "election_fraud", day),
    )
    assert fraud is not None and fraud.kk is not None
    assert fraud.kk.endswith("Қылмыстық кодексінің 190-бабының 4-бөлігі")
    assert falsification is not None and falsification.kk is not None
    assert falsification.kk.endswith("Қылмыстық кодексінің 151-бабы")
    assert not fraud.verified and not falsification.verified


def test_the_web_page_edits_the_date_and_place_of_birth(cases: Path, tmp_path: Path) -> None:
    """The applicant's form takes the date as people write it and keeps it as a date; a file
    without them gains no empty keys when the form is saved blank."""
    from starlette.testclient import TestClient

    from election_appeal.web.app import create_app
    from test_web import BASE, CODE, PORT, form_of

    client = TestClient(create_app([cases], tmp_path / "output", CODE, PORT), base_url=BASE)
    assert client.get(f"/?code={CODE}").status_code == 200
    page = "/case/almaty-2021/applicant"
    details = {"applicant.full_name": "Иванов Иван Иванович", "applicant.address": "г. Алматы"}
    client.post(page, data={**form_of(client, page), **details})
    case_file = cases / "almaty-2021" / "case.yaml"
    assert "birth_" not in case_file.read_text(encoding="utf-8")
    birth = {"applicant.birth_date": "01.02.1980", "applicant.birth_place": "г. Алматы"}
    client.post(page, data={**form_of(client, page), **details, **birth})
    applicant = yaml.safe_load(case_file.read_text(encoding="utf-8"))["applicant"]
    assert applicant["birth_date"] == datetime.date(1980, 2, 1)
    assert "г. Алматы" in str(applicant["birth_place"])
    shown = client.get(page).text
    assert 'name="applicant.birth_date" type="text" value="01.02.1980"' in shown
    assert "Дата рождения" in shown and "Место рождения" in shown


@pytest.mark.slow
def test_the_build_warns_of_a_claim_without_birth_data(run, case_dir: Path, tmp_path: Path) -> None:
    _real_claim(case_dir)
    edit_case(case_dir, lambda d: d.update(addressees=[{"id": "city_court", "role": "to"}]))
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ".yaml, line " in line]
    fields = [line.split(".yaml, ", 1)[1].split(": ", 1)[0] for line in lines]
    fields = [field for field in fields if "birth" in field]
    assert fields == ["line 3, applicant.birth_date", "line 3, applicant.birth_place"]
