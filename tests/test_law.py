"""law.yaml: the version in force on a date, its problems, and the warnings a case gets."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from claim_variant import later_election
from conftest import ROOT, edit_case
from election_appeal.case import load_case
from election_appeal.case.law import cited, in_force, load_law, seat_rule
from election_appeal.errors import CaseError, Problem, Severity

LAW = ROOT / "data" / "reference" / "law.yaml"


@pytest.fixture(scope="module")
def law():
    problems: list[Problem] = []
    found = load_law(LAW, problems)
    assert problems == []
    return found


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (datetime.date(2021, 4, 5), "№ 81-VI"),
        (datetime.date(2022, 11, 17), "№ 81-VI"),  # the last day of the 2017 law
        (datetime.date(2022, 11, 18), "№ 155-VII"),  # the Constitutional Law of 2022
        (datetime.date(2026, 1, 1), "№ 155-VII"),
    ],
)
def test_the_law_on_the_prosecutors_office_in_force(law, day: datetime.date, number: str) -> None:
    version = in_force(law, "prosecutor_office", day)
    assert version is not None and number in version.ru


def test_appeals_follow_the_administrative_procedural_code_from_july_2021(law) -> None:
    before = in_force(law, "appeals_procedure", datetime.date(2021, 6, 30))
    after = in_force(law, "appeals_procedure", datetime.date(2021, 7, 1))
    assert before is not None and "2007 года" in before.ru
    assert after is not None and after.ru.startswith("Административный процедурно-процессуальный")


@pytest.mark.parametrize(("year", "value"), [(2021, "0.07"), (2023, "0.05")])
def test_the_threshold_by_election_date(law, year: int, value: str) -> None:
    version = in_force(law, "threshold", datetime.date(year, 6, 1))
    assert version is not None and str(version.value) == value


def test_every_cited_provision_exists_for_every_kind(law) -> None:
    kinds = {"prosecutor", "anticorruption", "police", "election_commission", "court", "other"}
    for key in cited(kinds, seats=True, funding=True):
        assert in_force(law, key, datetime.date(2024, 1, 1)) is not None, key


def test_an_unverified_version_says_why(law) -> None:
    for key, versions in law.items():
        for version in versions:
            assert version.verified or version.note, key


def test_overlapping_versions_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "law.yaml").write_text(
        "x:\n"
        "  - {valid_to: 2022-12-31, ru: первая, verified: false}\n"
        "  - {valid_from: 2022-06-01, ru: вторая, verified: false}\n"
        "y:\n"
        "  - {valid_from: 2022-06-01, valid_to: 2022-01-01, ru: третья, verified: true}\n",
        encoding="utf-8",
    )
    problems: list[Problem] = []
    load_law(tmp_path / "law.yaml", problems)
    assert [str(p) for p in problems] == [
        f"{tmp_path.name}/law.yaml, line 1, x: two versions are in force on the same day; "
        "end the earlier with valid_to",
        f"{tmp_path.name}/law.yaml, line 5, y[0]: valid_to is before valid_from",
    ]


def _warnings(folder: Path) -> list[str]:
    return [p.message for p in load_case(folder).warnings if p.severity is Severity.WARNING]


def test_an_illustrative_case_gets_no_law_warnings(case_dir: Path) -> None:
    assert _warnings(case_dir) == []


def test_a_real_case_hears_of_every_unverified_citation_and_the_missing_iin(
    case_dir: Path,
) -> None:
    def real(d: dict) -> None:
        d["illustrative"] = False
        d["appeal"]["date"] = "2021-07-05"  # under the Administrative Procedural Code

    edit_case(case_dir, real)
    messages = _warnings(case_dir)
    assert messages[-1] == (
        "the applicant's ИИН is missing; give it if the applicant has one: an appeal to a state "
        "body must give it under статья 63 Административного процедурно-процессуального "
        "кодекса Республики Казахстан от 29 июня 2020 года № 350-VI, not checked against the "
        "official text"
    )
    # One warning for the letter to the Prosecutor General (the city prosecutor copied), one for
    # the report to the anti-corruption agency, one for the police's: the agency's also cites
    # the item of fraud by a person using an official position, on which its jurisdiction rests.
    letters = [m for m in messages if m.startswith("the letter")]
    assert [m.split(" cite")[0] for m in letters] == [
        "the letter to Генеральная прокуратура Республики Казахстан",
        "the letter to Департамент Агентства Республики Казахстан по противодействию коррупции "
        "по городу Алматы",
        "the letter to Департамент полиции города Алматы",
    ]
    # The prosecutor's letter: Constitution art. 33, the Covenant, Criminal Code arts. 419, 151,
    # 190 and 3, Criminal Procedure Code art. 180, art. 97-1 by analogy, Constitution art. 50;
    # the reports add the Criminal Procedure Code and its art. 179, the agency's art. 190 part 3
    # item 2). The prosecutor's letter also cites art. 21 of the law on the prosecutor's office,
    # not read in the official text.
    assert [re.search(r" cites? (\d+) provisions", m)[1] for m in letters] == ["10", "12", "11"]
    assert (
        "статья 419 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V;"
        in (letters[0])
    )
    # The prosecutor's letter alone names the law on the prosecutor's office, by its article 21.
    assert [m for m in messages if "О прокуратуре" in m] == [letters[0]]
    assert (
        "статья 21 Закона Республики Казахстан от 30 июня 2017 года № 81-VI «О прокуратуре»"
        in (letters[0])
    )


def test_before_the_code_the_iin_warning_names_no_provision(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.update(illustrative=False))
    assert _warnings(case_dir)[-1] == (
        "the applicant's ИИН is missing; the tool's reference data names no provision on the "
        "requisites of an appeal signed on 5 April 2021; give it if the applicant has one"
    )


def test_a_given_iin_is_no_warning(case_dir: Path) -> None:
    def real(d: dict) -> None:
        d["illustrative"] = False
        d["applicant"]["iin"] = "791028302728"

    edit_case(case_dir, real)
    assert not any("ИИН" in m for m in _warnings(case_dir))


def test_a_threshold_other_than_the_laws_is_a_warning(case_dir: Path) -> None:
    def moved(d: dict) -> None:
        d["election"]["date"] = "2023-03-19"
        d["appeal"]["date"] = "2023-04-03"

    edit_case(case_dir, moved)
    messages = _warnings(case_dir)
    assert messages[0] == (
        "the threshold is 7 %, but by the tool's reference data the law gives 5 % for an "
        "election on 19 March 2023 (статья 97-1 Конституционного закона Республики Казахстан «О "
        "выборах в Республике Казахстан» (порог 5 %), not checked against the official text): "
        "enter 5 % as allocation.threshold, or keep 7 % if the official text in force on that "
        "day gives it"
    )
    # The rest are of 2023 as well: no «против всех» figure in either contest, and the
    # maslikhat's seats must be its list seats (tests/test_law_2023_2026.py).
    # (And the protocol table's blank «против всех» cells: tests/test_ballot_lines.py.)
    of_contests = [m for m in messages[1:] if not m.startswith("the votes against all are empty")]
    assert [m.split(":")[0] for m in of_contests] == ['"Мажилис"', '"Маслихат"', '"Маслихат"']


def test_a_case_folder_adds_and_overrides_authorities(case_dir: Path) -> None:
    (case_dir / "authorities.yaml").write_text(
        "prosecutor_general:\n  kind: prosecutor\n  name: {ru: Другое название}\n"
        "city_court:\n  kind: court\n  name: {ru: Алматинский городской суд}\n",
        encoding="utf-8",
    )

    def add(d: dict) -> None:
        # A claim is filed to a court alone: the court is the addressee.
        for other in d["addressees"]:
            other["role"] = "cc"
        d["addressees"].append({"id": "city_court", "role": "to"})
        d["applicant"]["status"] = {"kind": "voter", "station": 12}

    edit_case(case_dir, add)
    authorities = load_case(case_dir).reference.authorities
    assert authorities["prosecutor_general"].name == "Другое название"
    assert authorities["city_court"].kind == "court"
    assert authorities["police_almaty"].kind == "police"  # the shipped ones stay


def test_a_broken_case_authority_names_the_case_file(case_dir: Path) -> None:
    (case_dir / "authorities.yaml").write_text(
        "city_court:\n  kind: judge\n  name: {ru: Суд}\n", encoding="utf-8"
    )
    with pytest.raises(CaseError) as caught:
        load_case(case_dir)
    assert [str(p) for p in caught.value.problems] == [
        f'{case_dir / "authorities.yaml"}, line 2, city_court.kind: "judge" is not allowed; '
        "use one of 'prosecutor', 'anticorruption', 'police', 'election_commission', 'court' "
        "or 'other'"
    ]


def test_the_shipped_reference_folder_copies_with_law(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "reference")
    (tmp_path / "reference" / "law.yaml").unlink()
    from election_appeal.case.reference import load_reference

    with pytest.raises(CaseError) as caught:
        load_reference(tmp_path / "reference")
    assert [str(p) for p in caught.value.problems] == ["reference/law.yaml: file not found"]


@pytest.mark.parametrize(
    "addressee",
    [
        "prosecutor_general",
        "police_almaty",
        "anticorruption_almaty",
        "central_election_commission",
        "city_court",
        "ombudsman",
    ],
)
def test_the_warnings_name_exactly_what_the_appeal_cites(case_dir: Path, addressee: str) -> None:
    from election_appeal.analysis import analyse
    from election_appeal.render.context import RegisterEntry, appeal_context, citations
    from election_appeal.render.env import make_environment, render_template

    (case_dir / "authorities.yaml").write_text(
        "city_court: {kind: court, name: {ru: Алматинский городской суд}}\n"
        "ombudsman: {kind: other, name: {ru: Уполномоченный по правам человека}}\n",
        encoding="utf-8",
    )

    def only(d: dict) -> None:
        d["addressees"] = [{"id": addressee, "role": "to"}]
        d["applicant"]["status"] = {"kind": "voter", "station": 12}
        if addressee == "city_court":  # a claim exists from 1 July 2021 (claim_variant.py)
            later_election(d)

    edit_case(case_dir, only)
    data = load_case(case_dir)
    context = appeal_context(
        data, analyse(data), [RegisterEntry("Т", 1)], datetime.datetime(2021, 4, 5)
    )
    html = render_template(make_environment(), "appeal.html.j2", context)
    # No-break spaces of Russian typesetting read as spaces here.
    html = html.replace("\u00a0", " ")
    found = citations(data)
    shown = {
        key for key, c in found.items() if c is not None and c.text.replace("\u00a0", " ") in html
    }
    kind = data.reference.authorities[addressee].kind
    expected = set(cited({kind}, seats=True, funding=True, seat_key=seat_rule(data.case)))
    # Another provision with the same words as a cited one (a time limit of another route) is
    # found by them; and a citation contained in a longer one shown (97-1 in «97-1 … по
    # аналогии») is that one.
    same = {found[key].text for key in shown & expected if found[key]}
    shown = {k for k in shown if k in expected or found[k].text not in same}
    shown = {
        k
        for k in shown
        if not any(found[o].text != found[k].text and found[k].text in found[o].text for o in shown)
    }
    assert shown == expected


# --- sources and dates of every entry; the law of 2026 ---------------------------------------


def test_every_version_names_its_source_and_a_verified_one_its_official_page(law) -> None:
    for key, versions in law.items():
        for version in versions:
            assert version.url or version.note, key  # where it was read, or why it was not
            if version.verified:
                assert version.url and version.url.startswith("https://adilet.zan.kz/"), key
                assert version.note and "Read on adilet.zan.kz" in version.note, key


def test_every_route_has_a_time_limit_on_record_on_any_appeal_date(law) -> None:
    from election_appeal.case.law import BALLOT_STORAGE, TIME_LIMIT_BY_KIND

    for day in (datetime.date(2021, 4, 5), datetime.date(2023, 4, 3), datetime.date(2026, 9, 1)):
        for kind, key in TIME_LIMIT_BY_KIND.items():
            assert in_force(law, key, day) is not None, (kind, day)
        assert in_force(law, BALLOT_STORAGE, day) is not None


def test_time_limits_in_days_say_what_they_count_from(law) -> None:
    from election_appeal.case.law import TIME_LIMIT_BY_KIND

    day = datetime.date(2024, 1, 1)
    routes = {k: in_force(law, k, day) for k in set(TIME_LIMIT_BY_KIND.values())}
    days = {k: (v.days, v.counted_from) for k, v in routes.items() if v is not None}
    assert days == {
        "time_limit_court_claim": (10, "decision"),
        "time_limit_commission_complaint": (10, "decision"),
        "time_limit_criminal_report": (None, None),
        "time_limit_prosecutor_appeal": (None, None),
        "time_limit_appeal": (None, None),
    }
    # None of the figures was read in the official text.
    assert not any(v.verified for v in routes.values() if v is not None)
    storage = in_force(law, "ballot_storage", day)
    assert storage is not None and (storage.days, storage.counted_from) == (30, "election")


def test_days_without_what_they_count_from_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "law.yaml").write_text(
        "x:\n  - {ru: срок, verified: false, note: н, days: 10}\n", encoding="utf-8"
    )
    problems: list[Problem] = []
    load_law(tmp_path / "law.yaml", problems)
    assert [p.message for p in problems] == [
        "days and counted_from go together: give both or neither"
    ]


def test_the_registration_of_reports_in_the_erdr_is_cited_unverified(law) -> None:
    day = datetime.date(2024, 1, 1)
    for key, article in (
        ("pretrial_start", "179"),
        ("pretrial_grounds", "180"),
        ("crime_report", "181"),
    ):
        version = in_force(law, key, day)
        assert version is not None and f"статья {article} Уголовно-процессуального" in version.ru
        assert not version.verified
    assert in_force(law, "pretrial_start", datetime.date(2014, 12, 31)) is None  # code of 1997


def test_maslikhat_seats_by_year_and_by_analogy(law) -> None:
    lists_2021 = in_force(law, "maslikhat_party_lists", datetime.date(2021, 1, 10))
    assert lists_2021 is not None and lists_2021.verified
    assert "пункт 2 статьи 9" in lists_2021.ru and "№ 162-VI" in lists_2021.ru
    lists_2023 = in_force(law, "maslikhat_party_lists", datetime.date(2023, 3, 19))
    assert lists_2023 is not None and not lists_2023.verified
    assert "одномандатным округам" in lists_2023.ru
    allocation = in_force(law, "seat_allocation_maslikhat", datetime.date(2021, 1, 10))
    assert allocation is not None and allocation.by_analogy and not allocation.verified
    assert "по аналогии" in allocation.ru and "ұқсастығы бойынша" in (allocation.kk or "")


def test_the_mazhilis_rules_end_with_the_parliament_of_1995(law) -> None:
    last, first = datetime.date(2026, 6, 30), datetime.date(2026, 7, 1)
    for key in ("seat_allocation", "mazhilis_term"):
        assert in_force(law, key, last) is not None and in_force(law, key, first) is None
    kurultai = in_force(law, "threshold", first)
    assert kurultai is not None and kurultai.value is None and not kurultai.verified
    old, new = in_force(law, "electoral_rights", last), in_force(law, "electoral_rights", first)
    assert old is not None and "статья 33" in old.ru
    assert new is not None and "15 марта 2026 года" in new.ru and not new.verified


def test_the_kurultai_from_the_press_only(law) -> None:
    day = datetime.date(2026, 9, 1)
    keys = (
        "constitution_2026",
        "kurultai_seats",
        "kurultai_term",
        "kurultai_allocation",
        "kurultai_funding",
    )
    for key in keys:
        version = in_force(law, key, day)
        assert version is not None and not version.verified and version.note, key
        assert in_force(law, key, datetime.date(2026, 6, 30)) is None, key
    seats = in_force(law, "kurultai_seats", day)
    term = in_force(law, "kurultai_term", day)
    assert seats is not None and seats.value == 145
    assert term is not None and term.value == 5


def test_every_instrument_cites_what_law_yaml_holds(law) -> None:
    from election_appeal.case.law import (
        INSTRUMENT_CITES,
        INSTRUMENT_CITES_WITH_INVESTIGATION,
        TIME_LIMIT_BY_KIND,
    )

    assert set(INSTRUMENT_CITES) == set(TIME_LIMIT_BY_KIND)
    day = datetime.date(2024, 1, 1)
    for kind, keys in INSTRUMENT_CITES.items():
        for key in (*keys, *INSTRUMENT_CITES_WITH_INVESTIGATION):
            assert in_force(law, key, day) is not None, (kind, key)
    # No criminal-procedure provision in a claim, a complaint or an appeal to another body.
    for kind in ("court", "election_commission", "other"):
        assert not {"false_report", "pretrial_grounds"} & set(INSTRUMENT_CITES[kind])


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Выборы депутатов маслихата города Алматы", "maslikhat"),
        ("Алматы қаласы мәслихатының депутаттарын сайлау", "maslikhat"),
        ("Выборы депутатов Мажилиса Парламента Республики Казахстан", "mazhilis"),
        ("Выборы депутатов Курултая Республики Казахстан", "kurultai"),
        ("Выборы акима города", None),
    ],
)
def test_the_body_a_contest_elects(title: str, body: str | None) -> None:
    from election_appeal.analysis.hypotheses import body_of
    from election_appeal.case.schema import Contest

    assert body_of(Contest(id="c", title=title, source="с", votes={})) == body


def test_the_examples_maslikhat_seats_cite_the_mazhilis_article_by_analogy(
    case_dir: Path, law
) -> None:
    from election_appeal import api

    h = api.analyse(case_dir).analysis.hypothesis_1
    assert h is not None
    assert (h.seat_contest, h.seat_body, h.seat_rule) == (
        "maslikhat",
        "maslikhat",
        "seat_allocation_maslikhat",
    )
    rule = in_force(law, h.seat_rule, datetime.date(2021, 1, 10))
    assert rule is not None and rule.by_analogy and "по аналогии" in rule.ru
