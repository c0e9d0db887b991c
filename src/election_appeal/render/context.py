"""From a case and its analysis to the variables the templates see. Nothing is computed here
beyond choosing and naming: every figure comes from `analysis`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis
from ..analysis.caveats import caveats
from ..analysis.stations import StationTable
from ..case import CaseData
from ..case.reference import Authority


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the attachments register: "1. <title> — на N л."."""

    title: str
    sheets: int | None
    note: str = ""


@dataclass(frozen=True)
class AuthorityView:
    """An addressee as the document shows it: the name and the known parts of the address."""

    id: str
    name: str
    address: str


def _authority(authority_id: str, authority: Authority, language: str) -> AuthorityView:
    parts = authority.address
    known = [parts.postal_code, parts.city, parts.street, parts.building]
    return AuthorityView(
        authority_id,
        authority.name[language],  # type: ignore[index]
        ", ".join(p for p in known if p),
    )


def addressees(
    data: CaseData, main: str | None = None
) -> tuple[AuthorityView, list[AuthorityView]]:
    """The authority the appeal is addressed to, and those it is copied to, in case order."""
    language, authorities = data.case.language, data.reference.authorities
    main = main or next(a.id for a in data.case.addressees if a.role == "to")
    ordered = [a.id for a in data.case.addressees]
    views = {i: _authority(i, authorities[i], language) for i in ordered}
    return views[main], [views[i] for i in ordered if i != main]


def common_context(data: CaseData, timestamp: datetime.datetime) -> dict[str, Any]:
    """What every document of a case shows: parties, contests, the applicant, the watermark."""
    case = data.case
    first, second = case.contest(case.comparison.first), case.contest(case.comparison.second)
    return {
        "case": case,
        "illustrative": case.illustrative,
        "language": case.language,
        "applicant": data.applicant,
        "election": case.election,
        "parties": {p.id: p for p in case.parties},
        "party_order": [p.id for p in case.parties],
        "first": first,
        "second": second,
        "first_label": case.label(first.id),
        "second_label": case.label(second.id),
        "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "page_numbers": True,
    }


def appeal_context(
    data: CaseData,
    analysis: Analysis,
    register: list[RegisterEntry],
    timestamp: datetime.datetime,
    main_addressee: str | None = None,
) -> dict[str, Any]:
    """The variables of appeal.html.j2."""
    case = data.case
    addressee, copies = addressees(data, main_addressee)
    h1 = analysis.hypothesis_1
    return {
        **common_context(data, timestamp),
        "appeal": case.appeal,
        "addressee": addressee,
        "copies": copies,
        "comparison": analysis.comparison,
        "hypothesis_1": h1,
        "seat_label": case.label(h1.seat_contest) if h1 else None,
        "votes_label": case.label(h1.votes_contest) if h1 else None,
        "funding": analysis.hypothesis_2,
        "funded_label": case.label(analysis.hypothesis_2.funded_contest)
        if analysis.hypothesis_2
        else None,
        "other_label": case.label(analysis.hypothesis_2.other_contest)
        if analysis.hypothesis_2
        else None,
        "sample": analysis.sample,
        "caveats": caveats(analysis.sample.caveats, case.language),
        "violations": analysis.protocol_checks,
        "violating_stations": sorted({v.station for v in analysis.protocol_checks}),
        "sources": [
            (name if name != "—" else None, n) for name, n in data.protocols.sources().items()
        ],
        "first_gap": next(
            (t.key for t in analysis.comparison.totals if t.first is None or t.second is None), None
        ),
        "narrative": case.narrative,
        "legal_articles": case.legal_articles,
        "requests": case.requests,
        "register": register,
    }


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
) -> dict[str, Any]:
    """The variables of attachment-protocols.html.j2, for the whole table or a part of it."""
    return {
        **common_context(data, timestamp),
        "stations": stations or analysis.stations,
        "all_stations": analysis.stations,
        "violations": analysis.protocol_checks,
        "part": part,
        "page_numbers": part.first and part.last,
    }
