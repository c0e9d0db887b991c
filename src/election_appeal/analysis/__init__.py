"""Pure analysis of a loaded case: comparison, seats, funding, control ratios, the sample."""

from __future__ import annotations

from dataclasses import dataclass

from ..case import CaseData
from ..case.ballot_lines import without_against_all
from .counts import CopyCounts, count_copies
from .deadlines import TimeLimits, time_limits
from .facts import Facts, facts
from .funding import CopiesFunding, FundingCost, copies_funding, funding_cost
from .hypotheses import ContestSeats, Hypothesis1, contest_seats, hypothesis_1
from .in_words import StationGap, VoteShift, station_gap, vote_shift
from .official import OfficialComparison, compare_official, official_marks
from .protocols import Violation, check_protocols
from .results import Comparison, ContestResult, compare, contest_result
from .sample import SampleAnalysis, analyse_sample
from .stations import StationTable, station_table


@dataclass(frozen=True)
class Analysis:
    """Every computed table of an appeal."""

    # The two contests compared; None for a case of one contest, which has no sample of
    # differences between contests either.
    comparison: Comparison | None
    hypothesis_1: Hypothesis1 | None
    hypothesis_2: FundingCost | None
    protocol_checks: list[Violation]
    sample: SampleAnalysis | None
    stations: StationTable
    facts: Facts
    time_limits: TimeLimits
    # The copies against the official figures per station, when the case gives them.
    official: OfficialComparison | None = None
    # Every count of stations, copies and sources the documents print.
    counts: CopyCounts | None = None
    # A case without a comparison: its one contest's official result, and its seats
    # allocated with its own votes (None when it has none).
    result: ContestResult | None = None
    seats: ContestSeats | None = None
    # What the copies' differences from the official figures are worth in party funding, in a
    # case of one contest that ties funding to it.
    copies_funding: CopiesFunding | None = None
    # What the numbers say in words (analysis/in_words.py): the votes for parties in both
    # contests, and the largest official difference spread over the stations (None without a
    # comparison).
    shift: VoteShift | None = None
    station_gap: StationGap | None = None


def analyse(data: CaseData) -> Analysis:
    """Compute every table of the appeal from a validated case."""
    case = data.case
    protocols = data.protocols.protocols
    violations = check_protocols(protocols, without_against_all(case, data.reference.law))
    compared = case.compared()
    # Without a comparison the case has one contest (validate.py), shown as the first.
    first, second = compared or (case.contests[0].id, None)
    party_ids = [p.id for p in case.parties]
    comparison = compare(case) if compared else None
    sample = analyse_sample(data) if compared else None
    official = official_comparison(data)
    marks = official_marks(official.differences, first, second) if official else None
    funding = funding_cost(case, data.reference) if case.funding and compared else None
    kinds = {key: authority.kind for key, authority in data.reference.authorities.items()}
    limits = time_limits(case, data.reference.law, kinds)
    found = facts(comparison, sample, funding, limits)
    return Analysis(
        comparison=comparison,
        hypothesis_1=hypothesis_1(case),
        hypothesis_2=funding,
        protocol_checks=violations,
        sample=sample,
        stations=station_table(protocols, first, second, party_ids, violations, marks),
        facts=found,
        time_limits=limits,
        official=official,
        result=None if compared else contest_result(case, case.contest(first)),
        seats=None if compared else contest_seats(case, case.contest(first)),
        copies_funding=copies_funding(case, data.reference, official.differences)
        if official and not compared
        else None,
        counts=count_copies(
            protocols,
            compared,
            [c.id for c in case.contests],
            case.election.stations,
            [(f.station, f.contest) for f in data.copies.files] if data.copies else None,
        ),
        shift=vote_shift(comparison) if comparison else None,
        station_gap=station_gap(sample, found.differences.largest_party)
        if sample and found.differences
        else None,
    )


def official_comparison(data: CaseData) -> OfficialComparison | None:
    """The copies against the official figures per station, when the case gives them."""
    case = data.case
    if data.official is None or case.official_results is None:
        return None
    return compare_official(
        data.protocols.protocols,
        data.official.protocols,
        case.contests,
        [p.id for p in case.parties],
        case.election.stations,
        case.official_results.source,
        without_against_all(case, data.reference.law),
    )
