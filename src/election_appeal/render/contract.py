"""The template contract: every variable a document's template sees, with its type and meaning.

render/context.py builds these dictionaries; a test holds it to exactly these keys and types.
`appeal templates` prints them (with the filters, the macros of the default templates and the
HTML elements the Word writer shows), and `appeal check --templates` refuses a template that
uses a name or an element outside them.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, TypedDict, Union

from markupsafe import Markup

from ..analysis.counts import CopyCounts
from ..analysis.deadlines import BallotStorage, TimeLimit
from ..analysis.facts import Facts, ThresholdFacts
from ..analysis.funding import CopiesFunding, FundingCost
from ..analysis.hypotheses import ContestSeats, Hypothesis1
from ..analysis.in_words import StationGap, VoteShift
from ..analysis.official import DifferenceKind, OfficialComparison, OfficialDifference, TotalCheck
from ..analysis.protocols import Violation
from ..analysis.results import Comparison, ContestResult
from ..analysis.sample import SampleAnalysis
from ..analysis.stations import StationTable
from ..case.schema import (
    Appeal,
    Applicant,
    ApplicantStatus,
    Case,
    Contest,
    EarlierStep,
    Election,
    Narrative,
    Party,
)
from ..grammar import ApplicantGrammar
from ..i18n import N_
from .context import (
    AuthorityView,
    Citation,
    InstrumentGroup,
    OfficialExample,
    Part,
    RatioBreak,
    RegisterEntry,
)


class Doc(str):
    """What a variable means, attached to its type with Annotated (marked for translation)."""


class CommonContext(TypedDict):
    """What every document of a case sees."""

    case: Annotated[Case, Doc(N_("the whole case.yaml, checked"))]
    titles: Annotated[
        dict[str, str], Doc(N_("each contest's title as running text names it, by contest id"))
    ]
    first_of: Annotated[str, Doc(N_("the first contest compared, as running text names it"))]
    second_of: Annotated[
        str | None, Doc(N_("the second contest compared, as running text names it"))
    ]
    illustrative: Annotated[bool, Doc(N_("the data is illustrative: every page is a sample"))]
    language: Annotated[str, Doc(N_("the documents' language: ru or kk"))]
    applicant: Annotated[Applicant, Doc(N_("the person who signs"))]
    election: Annotated[Election, Doc(N_("the election: date, territory, stations"))]
    parties: Annotated[dict[str, Party], Doc(N_("the parties by id"))]
    party_order: Annotated[list[str], Doc(N_("the party ids in the case's order"))]
    first: Annotated[Contest, Doc(N_("the first contest compared"))]
    # None in a case of one contest: the templates test it before any two-contest sentence.
    second: Annotated[Contest | None, Doc(N_("the second contest compared"))]
    first_label: Annotated[str, Doc(N_("the short label of the first contest"))]
    second_label: Annotated[str | None, Doc(N_("the short label of the second contest"))]
    timestamp: Annotated[str, Doc(N_("the documents' time stamp, ISO 8601"))]
    page_numbers: Annotated[bool, Doc(N_("whether the pages are numbered"))]
    appeal: Annotated[Appeal, Doc(N_("when and where the appeal is signed"))]


class AppealContext(CommonContext):
    """appeal.html.j2: the appeal."""

    addressee: Annotated[AuthorityView, Doc(N_("the authority the appeal is addressed to"))]
    kind: Annotated[str, Doc(N_("the addressee's kind: it decides the legal basis"))]
    copies: Annotated[
        list[AuthorityView], Doc(N_("the authorities of the same kind sent a copy of it"))
    ]
    separately: Annotated[
        list[AuthorityView],
        Doc(N_("the authorities sent a letter of their own about the same facts")),
    ]
    separately_by_instrument: Annotated[
        list[InstrumentGroup],
        Doc(N_("those authorities grouped by the instrument they are written in")),
    ]
    facts: Annotated[Facts, Doc(N_("what the figures show, as facts to choose wording by"))]
    law: Annotated[
        dict[str, Citation | None], Doc(N_("each provision of law.yaml as in force, by key"))
    ]
    section: Annotated[dict[str, int | None], Doc(N_("the number of each section shown"))]
    table: Annotated[dict[str, int | None], Doc(N_("the number of each table shown"))]
    attachment_no: Annotated[
        dict[str, int | None], Doc(N_("the number of the tool's own attachments"))
    ]
    earlier_steps: Annotated[list[EarlierStep], Doc(N_("what the applicant did before"))]
    request_all_protocols: Annotated[bool, Doc(N_("ask for the protocols of every station"))]
    comparison: Annotated[Comparison | None, Doc(N_("the official results of the two contests"))]
    result: Annotated[
        ContestResult | None, Doc(N_("the official result of the one contest of a case"))
    ]
    counts: Annotated[CopyCounts | None, Doc(N_("the counts of stations, copies and sources"))]
    covered_stations: Annotated[int, Doc(N_("the stations the copies cover"))]
    copy_station: Annotated[str | None, Doc(N_("the station of the copies, when they have one"))]
    seats: Annotated[
        ContestSeats | None, Doc(N_("the one contest's seats allocated with its own votes"))
    ]
    seat_rule: Annotated[
        Citation | None,
        Doc(N_("the provision the seats are allocated by (by_analogy: written for another body)")),
    ]
    seat_lists: Annotated[
        Citation | None, Doc(N_("the provision on which of the body's seats party lists fill"))
    ]
    threshold_on_record: Annotated[
        bool,
        Doc(N_("the threshold is the law's on record for the election day, not only the case's")),
    ]
    copies_funding: Annotated[
        CopiesFunding | None,
        Doc(N_("the state funding the copies' differences from the official figures cost")),
    ]
    hypothesis_1: Annotated[Hypothesis1 | None, Doc(N_("the seats by the other contest"))]
    seats_change: Annotated[
        str | None,
        Doc(N_("version 1's seats against those awarded: differ, as_awarded or as_official")),
    ]
    seats_at_stake: Annotated[
        bool | None,
        Doc(N_("the result could give other seats (else a recheck is asked); None: no seats")),
    ]
    recheck_stations: Annotated[
        list[str], Doc(N_("the stations a recheck is asked for; empty: those of attachment 1"))
    ]
    blanks: Annotated[
        list[str],
        Doc(N_("the bracketed blanks the letter carries: claimant_right, restore_reasons")),
    ]
    fraud_pleaded: Annotated[
        bool, Doc(N_("the legal section pleads fraud in an especially large amount"))
    ]
    threshold_stated: Annotated[
        bool, Doc(N_("the funding section states the especially large amount"))
    ]
    list_gain: Annotated[int, Doc(N_("the seats a candidate's party list would gain by version 1"))]
    seat_label: Annotated[str | None, Doc(N_("the label of the contest whose seats are shown"))]
    votes_label: Annotated[str | None, Doc(N_("the label of the contest whose votes decide"))]
    funding: Annotated[FundingCost | None, Doc(N_("the state funding a difference costs"))]
    funding_rule_past: Annotated[
        bool, Doc(N_("the funding rule priced is of a year before the appeal's (past tense)"))
    ]
    chamber: Annotated[
        str,
        Doc(
            N_("the funded parties' chamber: mazhilis or kurultai, as the funded contest names it")
        ),
    ]
    funded_label: Annotated[str | None, Doc(N_("the label of the funded contest"))]
    other_label: Annotated[str | None, Doc(N_("the label of the other contest"))]
    sample: Annotated[SampleAnalysis | None, Doc(N_("the observers' copies as a sample"))]
    caveats: Annotated[list[str], Doc(N_("what the sample statistics cannot show"))]
    violations: Annotated[list[Violation], Doc(N_("the broken control ratios of the copies"))]
    violating_stations: Annotated[list[str], Doc(N_("the stations with a broken ratio"))]
    broken_rules: Annotated[set[str], Doc(N_("the ids of the ratios broken"))]
    against_all: Annotated[bool, Doc(N_("the protocols have an 'against all' line"))]
    sources: Annotated[
        list[tuple[str | None, int]], Doc(N_("who gave the copies, and how many each"))
    ]
    named_sources: Annotated[bool, Doc(N_("some copy names its source"))]
    first_gap: Annotated[str | None, Doc(N_("the first total line not published, if any"))]
    narrative: Annotated[Narrative, Doc(N_("the applicant's own paragraphs (Markdown)"))]
    legal_articles: Annotated[list[str] | None, Doc(N_("the applicant's own legal grounds"))]
    requests: Annotated[list[str] | None, Doc(N_("the applicant's own requests"))]
    register: Annotated[list[RegisterEntry], Doc(N_("the attachments, with their sheets"))]
    grammar: Annotated[
        ApplicantGrammar, Doc(N_("the applicant's name in its cases and the words agreeing"))
    ]
    status: Annotated[ApplicantStatus | None, Doc(N_("the applicant's standing in the election"))]
    route: Annotated[TimeLimit | None, Doc(N_("the time limit of the addressee's route"))]
    time_limit_stated: Annotated[
        bool, Doc(N_("a claim or complaint states its time limit, in a section of its own"))
    ]
    ballots: Annotated[BallotStorage, Doc(N_("how long the ballots are kept, and what to ask"))]
    threshold: Annotated[
        ThresholdFacts | None, Doc(N_("the parties alone above the criminal threshold"))
    ]
    contested: Annotated[Contest, Doc(N_("the contest whose decision a claim contests"))]
    official: Annotated[
        OfficialComparison | None,
        Doc(N_("the copies against the official station figures; None: no such section")),
    ]
    official_differences: Annotated[
        list[OfficialDifference], Doc(N_("each copy figure that differs from the official one"))
    ]
    official_figures: Annotated[int, Doc(N_("how many copy figures differ from the official"))]
    official_kinds: Annotated[
        list[DifferenceKind], Doc(N_("those differences by contest and line or party"))
    ]
    official_mismatches: Annotated[
        list[TotalCheck], Doc(N_("published totals the official station figures miss"))
    ]
    official_breaks: Annotated[
        list[RatioBreak], Doc(N_("the control ratios the official station figures break"))
    ]
    official_station: Annotated[
        str | None, Doc(N_("the station compared with the official figures, when only one is"))
    ]
    contests_differ: Annotated[
        bool, Doc(N_("the official results of the two contests differ for some party"))
    ]
    discrepancies: Annotated[
        bool, Doc(N_("the appeal states a discrepancy: between contests, copies or seats"))
    ]
    copies_over: Annotated[
        list[str], Doc(N_("funded parties each paid above the threshold by the official figures"))
    ]
    contest_labels: Annotated[dict[str, str], Doc(N_("each contest's short label, by id"))]
    paired_sources: Annotated[
        list[tuple[str | None, int]],
        Doc(N_("each source, and the stations whose two copies both come from it")),
    ]
    shift: Annotated[
        VoteShift | None,
        Doc(N_("the votes for parties barely change while votes move; else None")),
    ]
    station_gap: Annotated[
        StationGap | None,
        Doc(N_("what stations without copies would need, when far above the copies")),
    ]


class AttachmentContext(CommonContext):
    """attachment-protocols.html.j2: attachment 1, the protocol table (or a part of it)."""

    kind: Annotated[str, Doc(N_("the kind of the addressee of the letter it is attached to"))]
    number: Annotated[int, Doc(N_("the attachment's number"))]

    stations: Annotated[StationTable, Doc(N_("the rows of this document (a part of a long one)"))]
    all_stations: Annotated[StationTable, Doc(N_("every row of the table"))]
    violations: Annotated[list[Violation], Doc(N_("the broken control ratios of the copies"))]
    part: Annotated[Part, Doc(N_("which part of a long table this is: first, last"))]
    official_marked: Annotated[
        bool, Doc(N_("some cell differs from the official figure of its station"))
    ]
    official_example: Annotated[
        OfficialExample | None,
        Doc(N_("the first cell differing from the official figure: station, copy, official")),
    ]
    copy_station: Annotated[str | None, Doc(N_("the station of the table, when it has one"))]
    copy_protocols: Annotated[
        int | None, Doc(N_("the protocols of that one station: one, or one per contest"))
    ]


class StatisticsContext(CommonContext):
    """attachment-statistics.html.j2: attachment 2, the sample statistics."""

    number: Annotated[int, Doc(N_("the attachment's number"))]
    kind: Annotated[str, Doc(N_("the kind of the addressee of the letter it is attached to"))]
    facts: Annotated[Facts, Doc(N_("what the figures show, as facts to choose wording by"))]
    sample: Annotated[SampleAnalysis, Doc(N_("the observers' copies as a sample"))]
    caveats: Annotated[list[str], Doc(N_("what the sample statistics cannot show"))]
    chart: Annotated[Markup | None, Doc(N_("the chart of the differences, SVG"))]


class PageNumbersContext(CommonContext):
    """page-numbers.html.j2: blank numbered pages laid over a table rendered in parts."""

    pages: Annotated[int, Doc(N_("how many pages to number"))]
    body_class: Annotated[str, Doc(N_("the class of the body, as the table's document has it"))]


class ChangesContext(TypedDict):
    """changes.md.j2: what changed since the last build (Markdown, not HTML)."""

    language: Annotated[str, Doc(N_("the report's language: ru or kk"))]
    case: Annotated[str, Doc(N_("the case folder's name"))]
    file: Annotated[str, Doc(N_("the protocol table's file"))]
    cells_known: Annotated[bool, Doc(N_("the last build recorded the table's cells"))]
    cells: Annotated[
        list[dict[str, Any]], Doc(N_("cells changed: station, contest, column, old, new"))
    ]
    cells_not_listed: Annotated[int, Doc(N_("cells changed beyond those listed"))]
    protocols_added: Annotated[list[tuple[str, str]], Doc(N_("protocols added: station, contest"))]
    protocols_removed: Annotated[
        list[tuple[str, str]], Doc(N_("protocols removed: station, contest"))
    ]
    stations_added: Annotated[list[str], Doc(N_("stations added"))]
    stations_removed: Annotated[list[str], Doc(N_("stations removed"))]
    figures: Annotated[list[dict[str, Any]], Doc(N_("figures of the appeal changed, old and new"))]
    other_figures: Annotated[int, Doc(N_("figures changed that the report does not list"))]
    parties: Annotated[dict[str, str], Doc(N_("the parties' short names by id"))]
    labels: Annotated[dict[str, str | None], Doc(N_("the contests' labels by role"))]
    documents: Annotated[list[str], Doc(N_("the files that changed"))]
    documents_removed: Annotated[list[str], Doc(N_("the files no longer written"))]


# The templates rendered with a context of their own; a template they include or import sees
# theirs.
CONTEXTS: dict[str, type] = {
    "appeal.html.j2": AppealContext,
    "attachment-protocols.html.j2": AttachmentContext,
    "attachment-statistics.html.j2": StatisticsContext,
    "page-numbers.html.j2": PageNumbersContext,
    "changes.md.j2": ChangesContext,
}


def variables(context: type) -> dict[str, tuple[Any, str]]:
    """The variables of a context type: name → (type, meaning)."""
    hints = typing.get_type_hints(context, include_extras=True)
    found = {}
    for name, hint in hints.items():
        meaning = next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Doc)), "")
        found[name] = (typing.get_args(hint)[0] if meaning else hint, str(meaning))
    return found


def all_variables() -> set[str]:
    """Every variable some document's template sees."""
    return {name for context in CONTEXTS.values() for name in variables(context)}


def type_name(kind: Any) -> str:
    """A type as a template author reads it: list[Violation], int | None."""
    if isinstance(kind, type) and not typing.get_args(kind):
        return kind.__name__
    text = repr(kind).replace("typing.", "")
    for module in ("election_appeal.", "markupsafe.", "datetime."):
        while module in text:
            start = text.index(module)
            end = start + len(module)
            while end < len(text) and (text[end].isalnum() or text[end] in "._"):
                end += 1
            text = text[:start] + text[start:end].rsplit(".", 1)[-1] + text[end:]
    return text


def conforms(value: Any, kind: Any) -> bool:
    """Whether `value` is of the declared type, down to the items of its lists and dicts."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Any:
        return True
    if origin is Annotated:
        return conforms(value, args[0])
    if origin in (Union, types.UnionType):
        return any(conforms(value, option) for option in args)
    if kind is None or kind is type(None):
        return value is None
    if origin is Literal:
        return value in args
    if origin in (list, set, frozenset):
        return isinstance(value, origin) and all(conforms(item, args[0]) for item in value)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(conforms(item, args[0]) for item in value)
        return len(value) == len(args) and all(map(conforms, value, args))
    if origin in (dict, Mapping):
        return isinstance(value, dict) and all(
            conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items()
        )
    if origin is Callable:
        return callable(value)
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is datetime.date:
        return isinstance(value, datetime.date)
    return isinstance(value, kind)


def mismatches(template: str, context: Mapping[str, Any]) -> list[str]:
    """What in `context` differs from the contract of `template`: keys missing, keys not
    declared, values of another type (empty when it keeps the contract)."""
    declared = variables(CONTEXTS[template])
    found = [f"missing: {name}" for name in declared if name not in context]
    found += [f"not declared: {name}" for name in context if name not in declared]
    found += [
        f"{name}: {type(context[name]).__name__}, declared {type_name(kind)}"
        for name, (kind, _) in declared.items()
        if name in context and not conforms(context[name], kind)
    ]
    return found
