"""Time limits per addressee, the ballots' storage, and the dates `check` refuses.

Every expected date is counted by hand on the calendar: a period of N days counted from an
event starts the next day and ends N days after it (10 days from 11 January end on 21 January).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from conftest import edit_case
from election_appeal import api
from election_appeal.analysis.deadlines import period_end, time_limits
from election_appeal.case import load_case
from election_appeal.errors import CaseError, Severity

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2021, 1, 11), 10, D(2021, 1, 21)),
        (D(2021, 1, 25), 10, D(2021, 2, 4)),  # 6 days left in January, 4 in February
        (D(2024, 2, 25), 10, D(2024, 3, 6)),  # 2024 is a leap year: 29 February counts
        (D(2021, 1, 10), 30, D(2021, 2, 9)),  # 21 days of January after the 10th + 9
    ],
)
def test_a_period_ends_that_many_days_after_its_event(
    start: datetime.date, days: int, end: datetime.date
) -> None:
    assert period_end(start, days) == end


def test_the_example_prosecutor_and_police_routes_have_no_limit_and_the_ballots_are_gone(
    case_dir: Path,
) -> None:
    limits = api.time_limits(case_dir)
    assert limits.on == D(2021, 4, 5)
    assert [(t.addressee, t.kind, t.status) for t in limits.addressees] == [
        ("prosecutor_general", "prosecutor", "none"),
        ("anticorruption_almaty", "anticorruption", "none"),
        ("police_almaty", "police", "none"),
        ("prosecutor_almaty", "prosecutor", "none"),
    ]
    # Before 1 July 2021 an appeal to the prosecutor falls under the law of 2007.
    assert limits.addressees[0].law is not None and "2007 года" in limits.addressees[0].law.ru
    assert limits.addressees[1].law_key == "time_limit_criminal_report"
    ballots = limits.ballots
    # Kept 30 days from 10 January 2021: until 9 February; 5 April is 55 days later
    # (19 days of February after the 9th, 31 of March, 5 of April).
    assert (ballots.ends, ballots.days_left, ballots.past) == (D(2021, 2, 9), -55, True)
    assert (ballots.ask_preservation, ballots.ask_archived) == (False, True)


def _with_commission(case_dir: Path, appeal: str, **contest_dates: str) -> None:
    def change(d: dict) -> None:
        d["addressees"].append({"id": "central_election_commission", "role": "cc"})
        d["appeal"]["date"] = appeal
        for contest in d["contests"]:
            if contest["id"] in contest_dates:
                contest["source_date"] = contest_dates[contest["id"]]

    edit_case(case_dir, change)


def _commission(case_dir: Path):
    found = [t for t in api.time_limits(case_dir).addressees if t.kind == "election_commission"]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("appeal", "left", "status"),
    [
        ("2021-01-18", 3, "open"),
        ("2021-01-21", 0, "last_day"),
        ("2021-01-25", -4, "past"),
    ],
)
def test_a_complaint_to_a_commission_counts_ten_days_from_the_decision(
    case_dir: Path, appeal: str, left: int, status: str
) -> None:
    _with_commission(case_dir, appeal, maslikhat="2021-01-11")
    limit = _commission(case_dir)
    assert (limit.days, limit.start_source, limit.start) == (10, "decision", D(2021, 1, 11))
    assert (limit.ends, limit.days_left, limit.status) == (D(2021, 1, 21), left, status)
    assert limit.verified is False  # the ten days were not read in the official text


def test_the_earliest_decision_starts_the_count(case_dir: Path) -> None:
    _with_commission(case_dir, "2021-01-18", mazhilis="2021-01-12", maslikhat="2021-01-11")
    assert _commission(case_dir).start == D(2021, 1, 11)


def test_without_a_decision_date_the_election_day_starts_the_count(case_dir: Path) -> None:
    _with_commission(case_dir, "2021-01-18")
    limit = _commission(case_dir)
    assert (limit.start_source, limit.start, limit.ends) == (
        "election",
        D(2021, 1, 10),
        D(2021, 1, 20),
    )
    assert limit.days_left == 2


@pytest.mark.parametrize(
    ("appeal", "left", "past"),
    [("2021-02-09", 0, False), ("2021-02-10", -1, True), ("2021-01-20", 20, False)],
)
def test_the_ballots_are_kept_until_the_thirtieth_day(
    case_dir: Path, appeal: str, left: int, past: bool
) -> None:
    edit_case(case_dir, lambda d: d["appeal"].update(date=appeal))
    ballots = api.time_limits(case_dir).ballots
    assert (ballots.days_left, ballots.past) == (left, past)
    assert (ballots.ask_preservation, ballots.ask_archived) == (not past, past)


def test_after_july_2021_the_prosecutor_route_follows_the_code(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["appeal"].update(date="2021-07-05"))
    limit = api.time_limits(case_dir).addressees[0]
    assert limit.law is not None and "№ 350-VI" in limit.law.ru
    assert limit.status == "none"


def test_a_route_with_no_provision_on_record_is_unknown(case_dir: Path) -> None:
    data = load_case(case_dir)
    law = {k: v for k, v in data.reference.law.items() if not k.startswith("time_limit_")}
    law.pop("ballot_storage")
    limits = time_limits(data.case, law, {"prosecutor_general": "prosecutor"})
    assert [t.status for t in limits.addressees] == ["unknown"]
    # Without a storage period, both requests stay open to the wording.
    assert (limits.ballots.past, limits.ballots.ask_preservation, limits.ballots.ask_archived) == (
        None,
        True,
        True,
    )


def test_check_prints_a_running_limit(case_dir: Path, run) -> None:
    _with_commission(case_dir, "2021-01-18", maslikhat="2021-01-11")
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert (
        "  Центральная избирательная комиссия Республики Казахстан — complaint: 10 days from "
        "the decision of 11 January 2021, last day 21 January 2021: 3 days left (статья 20 "
        "Конституционного закона Республики Казахстан от 28 сентября 1995 года № 2464 «О "
        "выборах в Республике Казахстан», not checked against the official text)"
    ) in result.stdout.splitlines()
    assert (
        "  ballots: kept 30 days from the election day, last day 9 February 2021: 22 days left; "
        "ask that they be preserved (Постановление Центральной избирательной комиссии Республики "
        "Казахстан от 17 июля 2014 года № 11/236, not checked against the official text)"
    ) in result.stdout.splitlines()


# --- dates check refuses --------------------------------------------------------------------


def _errors(case_dir: Path) -> list[str]:
    """Every error of the case as 'field: message'."""
    with pytest.raises(CaseError) as caught:
        load_case(case_dir)
    found = []
    for problem in caught.value.problems:
        if problem.severity is Severity.ERROR:
            found.append(f"{_field(problem.where)}: {problem.message}")
    return found


def test_an_appeal_before_the_election_and_before_the_results_it_cites(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["appeal"].update(date="2021-01-09"))
    # The sources are dated in their text: 12 January (CEC) and 11 January (the city's TEC).
    assert _errors(case_dir) == [
        # Dates in messages as people write them, not ISO.
        "appeal.date: the appeal is dated 9 January 2021, before the election of 10 January 2021",
        "contests[0].source: the appeal of 9 January 2021 cites this document of 12 January 2021, "
        "which it cannot precede",
        "contests[1].source: the appeal of 9 January 2021 cites this document of 11 January 2021, "
        "which it cannot precede",
    ]


def test_an_appeal_before_a_result_dated_in_source_date(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["contests"][1].update(source_date="2021-04-06"))
    assert _errors(case_dir) == [
        "contests[1].source_date: the appeal of 5 April 2021 cites this document of 6 April 2021, "
        "which it cannot precede"
    ]


def test_a_result_dated_before_its_election(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["contests"][1].update(source_date="2021-01-09"))
    assert _errors(case_dir) == [
        "contests[1].source_date: the result is dated 9 January 2021, before the election of "
        "10 January 2021"
    ]


def test_earlier_steps_after_the_appeal(case_dir: Path) -> None:
    def steps(d: dict) -> None:
        step = {"kind": "court_ruling", "authority": "Суд", "summary": "отказано"}
        d["earlier_steps"] = [
            {**step, "date": "2021-02-24"},
            {**step, "date": "2021-04-06"},
            {**step, "date": "2021-03-31"},
            {**step, "date": "2021-05-01"},
        ]

    edit_case(case_dir, steps)
    assert _errors(case_dir) == [
        "earlier_steps[1].date: this step is dated 6 April 2021, after the appeal of 5 April 2021; "
        "an appeal tells only of what came before it",
        "earlier_steps[3].date: this step is dated 1 May 2021, after the appeal of 5 April 2021; "
        "an appeal tells only of what came before it",
    ]


def test_the_date_errors_in_russian(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    edit_case(case_dir, lambda d: d["contests"][1].update(source_date="2021-01-09"))
    assert _errors(case_dir) == [
        "contests[1].source_date: итоги датированы 9 января 2021 г., раньше выборов "
        "10 января 2021 г."
    ]


# --- the applicant's standing and sex -------------------------------------------------------


def _real(
    case_dir: Path, applicant: dict, addressee: str | None = "central_election_commission"
) -> None:
    def change(d: dict) -> None:
        d["illustrative"] = False
        d["applicant"].update(applicant)
        if addressee:
            d["addressees"].append({"id": addressee, "role": "cc"})
        _name_the_commissions(d)

    edit_case(case_dir, change)


def _name_the_commissions(d: dict) -> None:
    d["contests"][0]["decided_by"] = "Центральная избирательная комиссия Республики Казахстан"
    d["contests"][1]["decided_by"] = "Территориальная избирательная комиссия города Алматы"


def test_a_commission_needs_the_applicants_standing(case_dir: Path) -> None:
    _real(case_dir, {"full_name": "Жумабеков Ерлан Серикович"})
    assert _errors(case_dir) == [
        "applicant.status: a court or an election commission is addressed, so say who the "
        "applicant is in the election: status with kind voter, observer, candidate or "
        "party_representative"
    ]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (
            {"kind": "voter"},
            "applicant.status: a voter needs station: the number of the polling station",
        ),
        (
            {"kind": "observer", "station": 12},
            "applicant.status: an observer needs organisation: who sent the observer",
        ),
        (
            {"kind": "party_representative", "party": "amanat"},
            'applicant.status.party.amanat: "amanat" is not a party of this case (parties: npk, '
            "nur_otan, auyl, ak_zhol, adal)",
        ),
    ],
)
def test_an_incomplete_standing_is_an_error(case_dir: Path, status: dict, error: str) -> None:
    _real(case_dir, {"full_name": "Жумабеков Ерлан Серикович", "status": status})
    assert _errors(case_dir) == [error]


def test_a_complete_standing_passes(case_dir: Path) -> None:
    status = {"kind": "observer", "organisation": "ОО «Независимые наблюдатели»", "station": 12}
    _real(case_dir, {"full_name": "Жумабеков Ерлан Серикович", "status": status})
    applicant = load_case(case_dir).case.applicant
    assert applicant.status.organisation == "ОО «Независимые наблюдатели»"


def _field(where: str) -> str:
    return re.sub(r"^line \d+, ", "", where)


def _sex_warnings(case_dir: Path) -> list[str]:
    return [
        f"{_field(p.where)}: {p.message}"
        for p in load_case(case_dir).warnings
        if p.where.endswith("applicant.sex")
    ]


def test_a_real_case_whose_name_hides_the_sex_is_asked_for_it(case_dir: Path) -> None:
    _real(case_dir, {}, addressee=None)
    assert _sex_warnings(case_dir) == [
        "applicant.sex: give sex: male or female; the name does not show it, and the Russian "
        "documents need it to write «проживающего» or «проживающей»"
    ]


def test_a_sex_contradicting_the_patronymic_is_a_warning(case_dir: Path) -> None:
    _real(case_dir, {"full_name": "Жумабеков Ерлан Серикович", "sex": "female"}, None)
    assert _sex_warnings(case_dir) == [
        "applicant.sex: sex is female, but the patronymic in full_name is a man's"
    ]


def test_a_patronymic_that_shows_the_sex_needs_no_field(case_dir: Path) -> None:
    _real(case_dir, {"full_name": "Оспанова Әсем Нурланқызы"}, None)
    assert _sex_warnings(case_dir) == []


def test_kazakh_documents_only_need_no_sex(case_dir: Path) -> None:
    _real(case_dir, {}, addressee=None)
    edit_case(case_dir, lambda d: d.update(language="kk"))
    assert _sex_warnings(case_dir) == []


DECIDED_BY = (
    "a court or an election commission is addressed: give decided_by, the commission that "
    "established this result, whose decision the claim or complaint contests"
)


def test_a_real_claim_or_complaint_must_name_the_commission_it_contests(
    case_dir: Path,
) -> None:
    status = {"kind": "voter", "station": 12}
    _real(case_dir, {"full_name": "Жумабеков Ерлан Серикович", "status": status})
    edit_case(case_dir, lambda d: [c.pop("decided_by") for c in d["contests"]])
    # Without it the claim's defendant is only "the commission": an error, in case.yaml, at the
    # field to fill in; asked of the contest whose decision the claim contests (the second
    # compared, the maslikhat), not of the Mazhilis compared beside it.
    with pytest.raises(CaseError) as caught:
        load_case(case_dir)
    errors = [p for p in caught.value.problems if p.severity is Severity.ERROR]
    assert {p.file for p in errors} == {str(case_dir / "case.yaml")}
    assert [f"{_field(p.where)}: {p.message}" for p in errors] == [
        f"contests[1].decided_by: {DECIDED_BY}",
    ]

    edit_case(case_dir, _name_the_commissions)
    contest = load_case(case_dir).case.contests[1]
    assert contest.decided_by == "Территориальная избирательная комиссия города Алматы"


def test_an_illustrative_claim_without_the_commission_is_a_warning(case_dir: Path) -> None:
    edit_case(
        case_dir,
        lambda d: d["addressees"].append({"id": "central_election_commission", "role": "cc"}),
    )
    warnings = [
        f"{_field(p.where)}: {p.message}"
        for p in load_case(case_dir).warnings
        if "decided_by" in p.message
    ]
    assert warnings == [
        f"contests[1].decided_by: {DECIDED_BY}",
    ]


def test_a_case_to_the_prosecutor_alone_needs_no_commission_named(case_dir: Path) -> None:
    assert not [p for p in load_case(case_dir).warnings if "decided_by" in p.message]


def _court_as_addressee(case_dir: Path, day: str) -> None:
    (case_dir / "authorities.yaml").write_text(
        "city_court: {kind: court, name: {ru: Алматинский городской суд}}\n", encoding="utf-8"
    )

    def change(d: dict) -> None:
        d["appeal"]["date"] = day
        for other in d["addressees"]:
            other["role"] = "cc"
        d["addressees"].append({"id": "city_court", "role": "to"})

    edit_case(case_dir, change)


def _claim_problems(case_dir: Path) -> list[str]:
    try:
        problems = load_case(case_dir).warnings
    except CaseError as error:
        problems = error.problems
    return [
        f"{_field(p.where)}: {p.message}"
        for p in problems
        if "is a court: the tool writes" in p.message
    ]


def test_a_claim_dated_before_the_administrative_procedural_code_is_refused(
    case_dir: Path,
) -> None:
    """Law.yaml's claim_requisites (art. 131 of the Administrative Procedural Code) starts on
    1 July 2021: an administrative claim dated 18 January 2021 is the wrong instrument."""
    _real(
        case_dir,
        {"full_name": "Жумабеков Ерлан Серикович", "status": {"kind": "voter", "station": 12}},
        None,
    )
    _court_as_addressee(case_dir, "2021-01-18")
    assert _claim_problems(case_dir) == [
        'addressees[4].id: "Алматинский городской суд" is a court: the tool writes an '
        "administrative claim, which a court hears from 1 July 2021 (статья 131 "
        "Административного процедурно-процессуального кодекса Республики Казахстан от 29 июня "
        "2020 года № 350-VI, not checked against the official text); this appeal is dated "
        "18 January 2021: a claim of that time was written under another code, which the tool "
        "does not write"
    ]
    with pytest.raises(CaseError):
        load_case(case_dir)
    # From the code's first day the claim is the court's instrument.
    edit_case(case_dir, lambda d: d["appeal"].update(date="2021-07-01"))
    assert _claim_problems(case_dir) == []


def test_an_illustrative_claim_before_the_code_is_a_warning(case_dir: Path) -> None:
    _court_as_addressee(case_dir, "2021-01-18")
    found = [p for p in load_case(case_dir).warnings if "is a court: the tool" in p.message]
    assert [p.severity for p in found] == [Severity.WARNING]
