"""From a case and its analysis to the variables the templates see. Nothing is computed here
beyond choosing and naming: every figure comes from `analysis`."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis
from ..analysis.caveat_text import caveats
from ..analysis.facts import candidate_list_gain, copies_change_seats
from ..analysis.funding import CopiesFunding, FundingCost
from ..analysis.hypotheses import ContestSeats, Hypothesis1
from ..analysis.official import OfficialComparison
from ..analysis.protocols import Violation
from ..analysis.stations import SIDES, StationTable
from ..case import CaseData
from ..case.election_day_law import funded_chamber
from ..case.law import CITED_WITH_SEAT_RULE, date_for, in_force, seat_rule
from ..case.reference import Authority
from ..case.routes import letter_blanks, routes
from ..case.schema import Case
from ..case.texts import Localised, in_language
from ..case.time_limit import TimeLimit
from ..errors import AppealError
from ..grammar import applicant_grammar
from .chart import difference_chart
from .evidence import SourceProvenance
from .languages import document_language


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the attachments register: "1. <title> — на N л."; `key` names the tool's own
    documents (protocols, statistics) so that the text can refer to them by number."""

    title: str
    sheets: int | None
    note: str = ""
    key: str = ""
    # The protocol table's: where the copies it was typed from come from, by source
    # (render/evidence.py), for the sentences that introduce the copies.
    provenance: tuple[SourceProvenance, ...] = ()


@dataclass(frozen=True)
class AuthorityView:
    """An addressee as the document shows it: the name, the known parts of the address, and
    its kind, which decides the legal basis and the requests."""

    id: str
    name: str
    address: str
    kind: str = "other"
    # The name after «направлена в» (ru accusative) or before «жіберілді» (kk dative), when
    # authorities.yaml gives it in the document's language; None: use the nominative alone.
    sent_to: str | None = None


@dataclass(frozen=True)
class Citation:
    """A provision as the document cites it: the words in the document's language, the
    official source, and whether the words were checked against it."""

    text: str
    url: str | None
    verified: bool
    # Written for another body and applied by analogy: the sentence citing it says so.
    by_analogy: bool = False


def _authority(authority_id: str, authority: Authority, language: str) -> AuthorityView:
    if isinstance(authority.name, Localised) and authority.name.text(language) is None:
        raise AppealError(
            f'authorities: "{authority_id}" has no name in "{language}"; add name.{language} '
            "to its entry to address documents in that language to it"
        )
    parts = in_language(authority.address, language)
    known = [parts.postal_code, parts.city, parts.street, parts.building]
    return AuthorityView(
        authority_id,
        in_language(authority.name, language),
        ", ".join(p for p in known if p),
        authority.kind,
        _own_language(authority.sent_to, language),
    )


def _own_language(text: object, language: str) -> str | None:
    """A text in `language` only: a case form written for another language would be wrong."""
    if text is None:
        return None
    if isinstance(text, Localised):
        return text.text(language)
    return str(text)


def in_document_language(data: CaseData, analysis: Analysis) -> tuple[CaseData, Analysis]:
    """The case and its analysis as a document in the case's language shows them: every text
    given in several languages replaced by the language's, and the protocol table's districts,
    kinds and sources by their words in `protocol_texts`."""
    localised = _localised(data)
    words = table_words(data.case)
    if not words:
        return localised, analysis
    return localised, dataclasses.replace(analysis, stations=_table_in(analysis.stations, words))


def table_words(case: Case) -> dict[str, str]:
    """The protocol table's texts that `protocol_texts` words in the case's language."""
    language = case.language
    return {
        word: texts[language] for word, texts in case.protocol_texts.items() if language in texts
    }


def _localised(data: CaseData) -> CaseData:
    """The case's texts in its language; the same object when it has none in several."""
    language = data.case.language
    case, applicant = in_language(data.case, language), in_language(data.applicant, language)
    if case is data.case and applicant is data.applicant:
        return data
    return dataclasses.replace(data, case=case, applicant=applicant)


def _table_in(table: StationTable, words: dict[str, str]) -> StationTable:
    """The station table with its descriptive texts in the words of `protocol_texts`."""
    rows = [
        dataclasses.replace(
            row,
            district=words.get(row.district, row.district),
            kind=words.get(row.kind, row.kind),
            source=words.get(row.source, row.source),
        )
        for row in table.rows
    ]
    return dataclasses.replace(table, rows=rows)


def citations(data: CaseData) -> dict[str, Citation | None]:
    """Every provision of law.yaml as in force on its day (None when none is on record)."""
    case = data.case
    found: dict[str, Citation | None] = {}
    for key in data.reference.law:
        day = date_for(key, case.election.date, case.appeal.date)
        version = in_force(data.reference.law, key, day)
        found[key] = (
            None
            if version is None
            # A number stays with its sign: "№ 226-V" is never split across lines.
            else Citation(
                version.citation(case.language).replace("№ ", "№\u00a0"),
                version.url,
                version.verified,
                version.by_analogy,
            )
        )
    return found


def titles_of(case: Case) -> dict[str, str]:
    """Each contest named in running text, in the genitive ("the results of …"), in the case's
    language: the case's `title_genitive`, else the language's own way (render/languages.py)."""
    contest_of = document_language(case.language).contest_of
    return {
        contest.id: contest.title_genitive or contest_of(contest.title, case.label(contest.id))
        for contest in case.contests
    }


OWN_ATTACHMENTS = ("protocols", "statistics")


def attachment_numbers(register: list[RegisterEntry]) -> dict[str, int | None]:
    """The number of each of the tool's own attachments in the register (None when it is not
    there); the protocol table comes first unless the register says otherwise."""
    numbers: dict[str, int | None] = dict.fromkeys(OWN_ATTACHMENTS)
    numbers |= {e.key: i for i, e in enumerate(register, 1) if e.key}
    if register and numbers["protocols"] is None:
        numbers["protocols"] = 1
    return numbers


def section_numbers(present: list[tuple[str, bool]]) -> dict[str, int | None]:
    """Numbers of the sections present, in order and without gaps; None for an absent one."""
    numbers: dict[str, int | None] = {}
    count = 0
    for name, shown in present:
        count += shown
        numbers[name] = count if shown else None
    return numbers


@dataclass(frozen=True)
class Letter:
    """One document a build writes: addressed to `addressee` (an authority id), in the
    instrument of its `kind`, its files named with `suffix` ("" for the case's main letter,
    "--<id>" otherwise); `copies` get a copy of it (a covering line), `separately` were sent
    letters of their own about the same facts."""

    addressee: str
    kind: str
    suffix: str
    copies: tuple[str, ...] = ()
    separately: tuple[str, ...] = ()


def letters(data: CaseData, addressed: list[str | None]) -> list[Letter]:
    """The letters of a build. `[None]`: one letter per kind of authority, the later
    addressees of a kind given a copy (case/routes.py); every letter names the addressees of
    the others, written to separately. A list of ids: one letter to each (`--per-addressee`),
    every other addressee written to separately."""
    case, authorities = data.case, data.reference.authorities
    ordered = [a.id for a in case.addressees]

    def kind(authority: str) -> str:
        return authorities[authority].kind

    if addressed != [None]:
        return [
            Letter(i, kind(i), f"--{i}", (), tuple(o for o in ordered if o != i))
            for i in addressed
            if i is not None
        ]
    main = next(a.id for a in case.addressees if a.role == "to")
    planned = routes(case, data.reference)
    heads = [head for head, _copies in planned]
    return [
        Letter(
            head,
            kind(head),
            "" if head == main else f"--{head}",
            tuple(copies),
            tuple(o for o in heads if o != head),
        )
        for head, copies in planned
    ]


# The instrument each kind of authority is written in (docs/instruments.md): a report of a
# criminal offence goes to the police and to the anti-corruption agency alike, so the letters
# to both are named together. A kind not listed has an instrument of its own.
SHARED_INSTRUMENT = {"anticorruption": "crime_report", "police": "crime_report"}


@dataclass(frozen=True)
class InstrumentGroup:
    """Authorities written to in one instrument, in case order: `kind` is the first one's
    kind, by which a phrasebook words the instrument (one or `len(authorities)` of them)."""

    kind: str
    authorities: tuple[AuthorityView, ...]

    @property
    def in_nominative(self) -> bool:
        """Whether the group is named in the nominative: one of its authorities has no
        sent_to form for a sentence to send a document to it."""
        return any(a.sent_to is None for a in self.authorities)


def by_instrument(views: list[AuthorityView]) -> list[InstrumentGroup]:
    """`views` grouped by the instrument they are written in, each group where its first
    authority stands: «заявления … — в A и в B; жалоба — в C», never the instrument twice."""
    groups: dict[str, list[AuthorityView]] = {}
    for view in views:
        groups.setdefault(SHARED_INSTRUMENT.get(view.kind, view.kind), []).append(view)
    return [InstrumentGroup(group[0].kind, tuple(group)) for group in groups.values()]


def addressees(
    data: CaseData, main: str | None = None
) -> tuple[AuthorityView, list[AuthorityView]]:
    """The authority the appeal is addressed to, and those it is copied to, in case order."""
    language, authorities = data.case.language, data.reference.authorities
    main = main or next(a.id for a in data.case.addressees if a.role == "to")
    ordered = [a.id for a in data.case.addressees]
    views = {i: _authority(i, authorities[i], language) for i in ordered}
    return views[main], [views[i] for i in ordered if i != main]


def authority_views(data: CaseData, ids: tuple[str, ...]) -> list[AuthorityView]:
    """The authorities `ids` as a document in the case's language names them."""
    language, authorities = data.case.language, data.reference.authorities
    return [_authority(i, authorities[i], language) for i in ids]


def common_context(data: CaseData, timestamp: datetime.datetime) -> dict[str, Any]:
    """What every document of a case shows: parties, contests, the applicant, the watermark."""
    data = _localised(data)
    case = data.case
    # A case without a comparison has one contest (case/validate.py): it is the first, and
    # `second` is None, which the templates test before any sentence about two contests.
    compared = case.compared()
    first = case.contest(compared[0] if compared else case.contests[0].id)
    second = case.contest(compared[1]) if compared else None
    titles = titles_of(case)
    return {
        "case": case,
        "titles": titles,
        "first_of": titles[first.id],
        "second_of": titles[second.id] if second else None,
        "illustrative": case.illustrative,
        "language": case.language,
        "applicant": data.applicant,
        "election": case.election,
        "parties": {p.id: p for p in case.parties},
        "party_order": [p.id for p in case.parties],
        "first": first,
        "second": second,
        "first_label": case.label(first.id),
        "second_label": case.label(second.id) if second else None,
        "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "page_numbers": True,
        # Every document the applicant files is dated and signed as the appeal is.
        "appeal": case.appeal,
    }


def compared_violations(data: CaseData, analysis: Analysis) -> list[Violation]:
    """The broken ratios of the copies of the two contests compared: those attachment 1 shows
    and marks (a case may hold copies of another contest too)."""
    compared = set(data.case.concerned())
    return [v for v in analysis.protocol_checks if v.contest in compared]


def _broken(data: CaseData, analysis: Analysis) -> dict[str, Any]:
    """The compared contests' broken control ratios, their stations in the table's order and
    the ratios broken (rule ids)."""
    violations = compared_violations(data, analysis)
    stations = {v.station for v in violations}
    return {
        "violations": violations,
        "violating_stations": [s for s in data.protocols.stations() if s in stations],
        "broken_rules": {v.rule for v in violations},
        # ratio 4 counts the "against all" line too when the protocols have one
        "against_all": analysis.stations.against_all,
    }


def appeal_context(
    data: CaseData,
    analysis: Analysis,
    register: list[RegisterEntry],
    timestamp: datetime.datetime,
    main_addressee: str | None = None,
    letter: Letter | None = None,
) -> dict[str, Any]:
    """The variables of appeal.html.j2: the letter `letter`, by default the one to
    `main_addressee` (the case's "to" when None, see `letters`)."""
    data = _localised(data)
    case = data.case
    letter = letter or letters(data, [main_addressee])[0]
    addressee, _others = addressees(data, letter.addressee)
    h1 = analysis.hypothesis_1
    facts = analysis.facts
    statistics = facts.statistics
    evidence = official_evidence(data, analysis)
    law = citations(data)
    over = threshold_parties(analysis)
    fraud = fraud_pleaded(addressee.kind, analysis, law, case)
    priced = funding_shown(addressee.kind, over, fraud, bool(case.legal_articles))
    funding = analysis.hypothesis_2 if priced else None
    copies_funding = analysis.copies_funding if priced else None
    seats, h1_shown = seats_shown(addressee.kind, analysis.seats, h1)
    gain = candidate_list_gain(data.applicant.status, h1)
    blanks = letter_blanks(case, data.reference, addressee.id, data.applicant, gain)
    route = route_limit(analysis, addressee.id)
    # A claim and a complaint state their time limit when it is counted and its law is cited.
    time_limit_stated = (
        addressee.kind in ("court", "election_commission")
        and route is not None
        and route.ends is not None
        and law.get(route.law_key) is not None
    )
    sections = section_numbers(
        [
            ("official_evidence", evidence["official"] is not None),
            ("facts", True),
            ("steps", bool(case.earlier_steps)),
            ("sample", True),
            ("seats", seats is not None),
            ("copies_funding", copies_funding is not None),
            ("hypothesis_1", h1_shown is not None),
            ("hypothesis_2", funding is not None),
            ("legal", True),
            ("time_limit", time_limit_stated),
            # filed after its time limit: a motion to restore it (its reasons a blank)
            ("restore", "restore_reasons" in blanks),
            ("requests", True),
            ("motion", addressee.kind == "court"),
        ]
    )
    tables = section_numbers(
        [
            ("official_stations", bool(evidence["official_differences"])),
            ("official", True),
            ("sample", statistics),
            ("seats", h1_shown is not None or seats is not None),
            ("funding", funding is not None),
            ("copies_funding", copies_funding is not None),
        ]
    )
    return {
        **common_context(data, timestamp),
        "addressee": addressee,
        "kind": addressee.kind,
        "copies": authority_views(data, letter.copies),
        "separately": authority_views(data, letter.separately),
        "separately_by_instrument": by_instrument(authority_views(data, letter.separately)),
        "facts": facts,
        "law": law,
        "time_limit_stated": time_limit_stated,
        "section": sections,
        "table": tables,
        "attachment_no": attachment_numbers(register),
        "earlier_steps": case.earlier_steps,
        "request_all_protocols": case.request_all_protocols
        and _covered(analysis) < case.election.stations,
        "comparison": analysis.comparison,
        "result": analysis.result,
        "counts": analysis.counts,
        "covered_stations": _covered(analysis),
        # the copies' one station, named rather than counted
        "copy_station": stations[0] if len(stations := data.protocols.stations()) == 1 else None,
        "seats": seats,
        **seat_rule_context(data, law),
        "copies_funding": copies_funding,
        "hypothesis_1": h1_shown,
        "seats_change": seats_change(h1),
        "seats_at_stake": seats_at_stake(data, analysis),
        "recheck_stations": recheck_stations(data, analysis),
        "blanks": blanks,
        "fraud_pleaded": fraud,
        "threshold_stated": addressee.kind == "prosecutor"
        or (addressee.kind in CRIME_REPORT_KINDS and bool(over)),
        "list_gain": gain or 0,
        "seat_label": case.label(h1.seat_contest) if h1 else None,
        "votes_label": case.label(h1.votes_contest) if h1 else None,
        "funding": funding,
        "funding_rule_past": funding_rule_past(funding or copies_funding, case.appeal.date),
        "chamber": funded_chamber(case),
        "funded_label": case.label(funding.funded_contest) if funding else None,
        "other_label": case.label(funding.other_contest) if funding else None,
        "sample": analysis.sample,
        "caveats": caveats(analysis.sample.caveats, case.language) if analysis.sample else [],
        **_broken(data, analysis),
        **evidence,
        **discrepancy_facts(analysis, evidence),
        "copies_over": copies_over_threshold(copies_funding),
        **copy_counts(data, analysis),
        "shift": analysis.shift if analysis.shift and analysis.shift.barely_changes else None,
        "station_gap": analysis.station_gap
        if analysis.station_gap and analysis.station_gap.needs_more
        else None,
        "sources": [
            (table_words(case).get(name, name) if name != "—" else None, n)
            for name, n in data.protocols.sources().items()
        ],
        "named_sources": any(name != "—" for name in data.protocols.sources()),
        "first_gap": next(
            (t.key for t in analysis.comparison.totals if t.first is None or t.second is None), None
        )
        if analysis.comparison
        else analysis.result.first_gap
        if analysis.result
        else None,
        "narrative": case.narrative,
        "legal_articles": case.legal_articles,
        "requests": case.requests,
        "register": register,
        **_instrument(data, analysis, addressee.id),
    }


def _instrument(data: CaseData, analysis: Analysis, addressee: str) -> dict[str, Any]:
    """What the instrument of the addressee's kind needs: the applicant's grammar and standing,
    the route's time limit, the ballots' storage, the parties above the criminal threshold."""
    applicant, case = data.applicant, data.case
    given = applicant.name_cases.model_dump(exclude_none=True) if applicant.name_cases else {}
    limits = analysis.time_limits
    route = route_limit(analysis, addressee)
    return {
        "grammar": applicant_grammar(str(applicant.full_name), applicant.sex, case.language, given),
        "status": applicant.status,
        "route": route,
        "ballots": limits.ballots,
        "threshold": analysis.facts.threshold,
        "contested": case.contested(),
    }


def route_limit(analysis: Analysis, addressee: str) -> TimeLimit | None:
    """The time limit of the route to `addressee`, if the analysis counted one."""
    return next((t for t in analysis.time_limits.addressees if t.addressee == addressee), None)


def official_evidence(data: CaseData, analysis: Analysis) -> dict[str, Any]:
    """The copies against the official station figures, as the appeal's leading section shows
    them: `official` is None (no section) without an official table, or when no copy has a
    station in it and no published total is contradicted by its station figures."""
    found = analysis.official
    if (
        found is not None
        and not found.compared_protocols
        and not found.total_mismatches
        and not found.violations
    ):
        found = None
    return {
        "official": found,
        "official_differences": found.differences if found else [],
        # the figures that differ (a row of the table each): «цифра … расходится» for one
        "official_figures": len(found.differences) if found else 0,
        "official_kinds": found.kinds if found else [],
        "official_mismatches": found.total_mismatches if found else [],
        "official_station": _only_compared_station(data, found),
        "official_breaks": official_breaks(found.violations if found else []),
        "contest_labels": {c.id: data.case.label(c.id) for c in data.case.contests},
    }


@dataclass(frozen=True)
class RatioBreak:
    """A control ratio the official figures of some stations break in one contest: the
    stations in the official table's order; `gap` (left side − right side) when one only."""

    contest: str
    rule: str
    stations: list[str]
    gap: int | None


def official_breaks(violations: list[Violation]) -> list[RatioBreak]:
    """The official figures' broken control ratios, one entry per contest and ratio."""
    grouped: dict[tuple[str, str], list[Violation]] = {}
    for v in violations:
        grouped.setdefault((v.contest, v.rule), []).append(v)
    return [
        RatioBreak(contest, rule, [v.station for v in vs], vs[0].gap if len(vs) == 1 else None)
        for (contest, rule), vs in grouped.items()
    ]


def _only_compared_station(data: CaseData, found: OfficialComparison | None) -> str | None:
    """The station compared with the official figures when there is one only: the letter
    names it («участковой избирательной комиссии № 12») instead of counting one station."""
    if found is None or found.compared_stations != 1:
        return None
    missing = set(found.not_in_official)
    return next(
        (p.station for p in data.protocols.protocols if (p.station, p.contest) not in missing),
        None,
    )


def funding_rule_past(funding: FundingCost | CopiesFunding | None, day: datetime.date) -> bool:
    """Whether the funding rule and rates priced are those of a year before the appeal's
    (case.yaml funding.year): the letter then tells them as that year's, in the past tense,
    for the rule may have changed since (it did in 2025)."""
    return funding is not None and funding.vote_value.year < day.year


# A report of a crime states the facts that show its signs (docs/instruments.md).
CRIME_REPORT_KINDS = ("anticorruption", "police")


def seats_shown(
    kind: str, seats: ContestSeats | None, h1: Hypothesis1 | None
) -> tuple[ContestSeats | None, Hypothesis1 | None]:
    """The seat sections a letter to an authority of `kind` shows: all of them, except that a
    crime report leaves out an allocation that changes no seat (the contest's own votes give
    the seats awarded, or version 1 gives the same seats): it shows no sign of an offence."""
    if kind not in CRIME_REPORT_KINDS:
        return seats, h1
    own = seats if seats is not None and seats.reproduces_awarded is False else None
    return own, h1 if seats_change(h1) == "differ" else None


def seat_rule_context(data: CaseData, law: dict[str, Citation | None]) -> dict[str, Any]:
    """The provision the seats of the case are allocated by (the seat contest's body's: the
    Mazhilis article, the same by analogy for a maslikhat, the Kurultai's), the one on which of
    the body's seats are filled by lists, and whether the case's threshold is the figure the
    law on record gives for the election day (else it is the case's own, unconfirmed)."""
    case = data.case
    key = seat_rule(case)
    lists = CITED_WITH_SEAT_RULE.get(key, ())
    version = in_force(data.reference.law, "threshold", case.election.date)
    return {
        "seat_rule": law.get(key),
        "seat_lists": law.get(lists[0]) if lists else None,
        "threshold_on_record": version is not None
        and version.value is not None
        and version.value == case.allocation.threshold,
    }


def seats_change(h1: Hypothesis1 | None) -> str | None:
    """What version 1 does to the seats: "differ" (they would go otherwise), "as_awarded" (as
    they were awarded) or, when the awarded seats are not on record, "as_official" (as the
    contest's own official votes give them, or "differ" from those); None without version 1."""
    if h1 is None:
        return None
    hypothetical = h1.hypothetical.seats_of()
    if any(row.awarded is not None for row in h1.rows):
        return "as_awarded" if all(row.difference == 0 for row in h1.rows) else "differ"
    return "as_official" if hypothetical == h1.official.seats_of() else "differ"


def seats_at_stake(data: CaseData, analysis: Analysis) -> bool | None:
    """Whether the result the letter contests could give other seats: version 1 gives other
    seats, the contest's own votes do not give the seats awarded, or its votes corrected by
    the copies (where they differ from the official station figures) give other seats. False:
    no seat would change, so a complaint or claim asks for the stations to be rechecked, not
    for the result to be set aside; None: the case has no seats to tell by."""
    h1, own = analysis.hypothesis_1, analysis.seats
    differences = analysis.official.differences if analysis.official else []
    if h1 is not None:
        if h1.reproduces_awarded is False or seats_change(h1) == "differ":
            return True
        seat_contest = data.case.contest(h1.seat_contest)
        return copies_change_seats(data.case, seat_contest, differences) is not False
    if own is None:
        return None
    if own.reproduces_awarded is False:
        return True
    return copies_change_seats(data.case, data.case.contest(own.seat_contest), differences)


# More stations than this are referred to by the attachment that lists them.
STATIONS_NAMED = 20


def recheck_stations(data: CaseData, analysis: Analysis) -> list[str]:
    """The stations a recheck is asked for, in the protocol table's order: those whose copies
    differ from the official figures or break a control ratio, else every station with a copy;
    [] when they are too many to name (the letter then refers to attachment 1, which lists the
    copies' stations)."""
    found = analysis.official
    named = set(found.differing_stations) if found else set()
    named |= {v.station for v in compared_violations(data, analysis)}
    stations = data.protocols.stations()
    ordered = [s for s in stations if s in named] if named else list(stations)
    return ordered if len(ordered) <= STATIONS_NAMED else []


def threshold_parties(analysis: Analysis) -> list[str]:
    """The funded parties whose own yearly overpayment passes the "especially large amount":
    by version 2 of two contests, or by the copies of a case of one contest."""
    threshold = analysis.facts.threshold
    if analysis.hypothesis_2 is not None:
        return threshold.over if threshold else []
    return copies_over_threshold(analysis.copies_funding)


def fraud_pleaded(kind: str, analysis: Analysis, law: dict[str, Any], case: Case) -> bool:
    """Whether the letter's legal section pleads fraud in an especially large amount: to a
    criminal authority, when some party alone passes the threshold by version 2, and the case
    lists no articles of its own."""
    threshold = analysis.facts.threshold
    return (
        kind in CRIMINAL_KINDS
        and analysis.hypothesis_2 is not None
        and threshold is not None
        and bool(threshold.over)
        and law.get("fraud_especially_large") is not None
        and not case.legal_articles
    )


def funding_shown(kind: str, over: list[str], fraud: bool, own_articles: bool) -> bool:
    """Whether the letter prices the result in party funding. A court rules on the decision's
    lawfulness and a commission on the count, neither on the budget: no funding section. A
    crime report to the police keeps it only for an article it may support: the fraud pleaded,
    a party alone over the threshold, or the case's own articles (art. 151, falsification, has
    no amount). The anti-corruption agency keeps it: its jurisdiction rests on fraud by an
    official of any amount."""
    if kind in ("court", "election_commission"):
        return False
    if kind == "police":
        return fraud or bool(over) or own_articles
    return True


def discrepancy_facts(analysis: Analysis, evidence: dict[str, Any]) -> dict[str, bool]:
    """Whether the appeal states any discrepancy, so that a sentence referring to "the
    discrepancies stated above" is written only when there are some: `contests_differ`, the
    official results of the two contests differ for some party; `discrepancies`, that, or a copy
    differs from its station's official figure, or the official station figures do not add up to
    a published total, or the seats computed from the official result are not those awarded."""
    differences = analysis.facts.differences
    contests_differ = (
        analysis.comparison is not None
        and differences is not None
        and differences.magnitude_high is not None
    )
    seats_differ = any(
        found is not None and found.reproduces_awarded is False
        for found in (analysis.seats, analysis.hypothesis_1)
    )
    return {
        "contests_differ": contests_differ,
        "discrepancies": contests_differ
        or bool(evidence["official_differences"])
        or bool(evidence["official_mismatches"])
        or seats_differ,
    }


# The kinds of addressee whose instrument is a report of a criminal offence.
CRIME_REPORT_KINDS = ("police", "anticorruption")
# The kinds of addressee whose letters may plead criminal articles.
CRIMINAL_KINDS = ("prosecutor", "anticorruption", "police")


def reports_stating_nothing(data: CaseData, analysis: Analysis, plan: list[Letter]) -> list[str]:
    """The authorities (ids) to whom a report of a criminal offence is written although the
    case states no discrepancy at all (`discrepancy_facts`): such a report can only say, in the
    conditional, what would follow if the results did not match the protocols."""
    facts = discrepancy_facts(analysis, official_evidence(data, analysis))
    if facts["discrepancies"]:
        return []
    return [letter.addressee for letter in plan if letter.kind in CRIME_REPORT_KINDS]


def copies_over_threshold(funding: CopiesFunding | None) -> list[str]:
    """The funded parties whose OWN yearly overpayment by the official figures (against the
    copies) is above the "especially large amount": an amount of fraud is what one recipient
    received, never a sum over parties (docs/instruments.md)."""
    if funding is None:
        return []
    return [
        p.party
        for p in funding.parties
        if p.funded and p.per_year > 0 and p.per_year > funding.threshold_amount
    ]


def copy_counts(data: CaseData, analysis: Analysis) -> dict[str, Any]:
    """The sources of the stations with copies of both contests (analysis/counts.py), in the
    protocol table's words, as the sample section lists them."""
    counts = analysis.counts
    if counts is None:
        return {"paired_sources": []}
    words = table_words(data.case)
    return {
        "paired_sources": [
            (words.get(s.source, s.source) if s.source else None, s.paired)
            for s in counts.sources
            if s.paired
        ],
    }


def _covered(analysis: Analysis) -> int:
    """The stations the copies cover: with copies of both contests compared, or with a copy of
    the one contest of a case without a comparison."""
    if analysis.sample is not None:
        return analysis.sample.paired_stations
    return analysis.counts.stations if analysis.counts else 0


@dataclass(frozen=True)
class Part:
    """Which part of a long table a document holds: the first has the heading, the last the
    totals; a table in one piece is both."""

    first: bool = True
    last: bool = True


def attachment_context(
    data: CaseData,
    analysis: Analysis,
    timestamp: datetime.datetime,
    stations: StationTable | None = None,
    part: Part = Part(),
    kind: str = "other",
    number: int = 1,
) -> dict[str, Any]:
    """The variables of attachment-protocols.html.j2, for the whole table or a part of it:
    attachment `number` to the instrument of `kind` (the kind of its letter's addressee)."""
    return {
        **common_context(data, timestamp),
        "kind": kind,
        "number": number,
        "stations": stations or analysis.stations,
        "all_stations": analysis.stations,
        "violations": compared_violations(data, analysis),
        "official_marked": any(row.official for row in analysis.stations.rows),
        "official_example": official_example(analysis.stations, [p.id for p in data.case.parties]),
        **one_station_copies(data, analysis.stations),
        "part": part,
        "page_numbers": part.first and part.last,
    }


@dataclass(frozen=True)
class OfficialExample:
    """The first cell of the table whose copy differs from the official figure of its
    station, for the legend's example: the station, the copy's figure and the official one."""

    station: str
    copy: int
    official: int


def official_example(table: StationTable, parties: list[str]) -> OfficialExample | None:
    """The first such cell in the order of the table (stations, contests, then columns)."""
    columns = (*table.line_columns, *parties)
    for row in table.rows:
        for side, column in ((side, column) for side in SIDES for column in columns):
            official = row.official.get((side, column)) if row.official else None
            cells = row.lines.get(column) or row.parties.get(column)
            copy = getattr(cells, side) if cells is not None else None
            if official is not None and copy is not None:
                return OfficialExample(row.station, copy, official)
    return None


def one_station_copies(data: CaseData, table: StationTable) -> dict[str, Any]:
    """The one station attachment 1 shows, named rather than counted (`copy_station`, None for
    several), and how many protocols of the contests concerned its copies are (one, or one per
    contest): «копии протокола участковой избирательной комиссии № 12»."""
    if len(table.rows) != 1:
        return {"copy_station": None, "copy_protocols": None}
    station = table.rows[0].station
    concerned = set(data.case.concerned())
    protocols = [
        p for p in data.protocols.protocols if p.station == station and p.contest in concerned
    ]
    return {"copy_station": station, "copy_protocols": len(protocols)}


def statistics_context(
    data: CaseData,
    analysis: Analysis,
    timestamp: datetime.datetime,
    number: int = 2,
    label: Callable[[int], str] = str,
    kind: str = "other",
) -> dict[str, Any]:
    """The variables of attachment-statistics.html.j2 (Приложение `number` to the instrument
    of `kind`); `label` formats the chart's axis figures (the environment's `signed` filter)."""
    data = _localised(data)
    case = data.case
    if analysis.sample is None or analysis.facts.sample is None:
        raise AppealError("a case without a comparison of two contests has no statistics")
    means = {row.party: row.mean_diff for row in analysis.sample.parties}
    return {
        **common_context(data, timestamp),
        "number": number,
        "kind": kind,
        "facts": analysis.facts,
        "sample": analysis.sample,
        "caveats": caveats(analysis.sample.caveats, case.language),
        "chart": difference_chart(
            analysis.stations, [(p.id, p.short_name) for p in case.parties], means, label
        )
        if analysis.facts.statistics
        else None,
    }
