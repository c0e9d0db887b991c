"""Pure analysis of a loaded case: comparison, seats, funding, control ratios, the sample."""

from __future__ import annotations

from dataclasses import dataclass

from ..case import CaseData
from .counts import CopyCounts, count_copies
from .facts import Facts, facts
from .funding import FundingCost, funding_cost
from .hypotheses import Hypothesis1, hypothesis_1
from .in_words import StationGap, VoteShift, station_gap, vote_shift
from .official import OfficialComparison, compare_official, official_marks
from .protocols import Violation, check_protocols
from .results import Comparison, compare
from .sample import SampleAnalysis, analyse_sample
from .stations import StationTable, station_table


@dataclass(frozen=True)
class Analysis:
    """Every computed table of an appeal."""

    comparison: Comparison
    hypothesis_1: Hypothesis1 | None
    hypothesis_2: FundingCost | None
    protocol_checks: list[Violation]
    sample: SampleAnalysis
    stations: StationTable
    facts: Facts
    # The copies against the official figures per station, when the case gives them.
    official: OfficialComparison | None = None
    # Every count of stations, copies and sources the documents print.
    counts: CopyCounts | None = None
    # What the numbers say in words (analysis/in_words.py): the votes for parties in both
    # contests, and the largest official difference spread over the stations.
    shift: VoteShift | None = None
    station_gap: StationGap | None = None


def analyse(data: CaseData) -> Analysis:
    """Compute every table of the appeal from a validated case."""
    case = data.case
    protocols = data.protocols.protocols
    violations = check_protocols(protocols)
    first, second = case.comparison.first, case.comparison.second
    party_ids = [p.id for p in case.parties]
    comparison, sample = compare(case), analyse_sample(data)
    official = official_comparison(data)
    marks = official_marks(official.differences, first, second) if official else None
    found = facts(comparison, sample)
    return Analysis(
        comparison=comparison,
        hypothesis_1=hypothesis_1(case),
        hypothesis_2=funding_cost(case, data.reference) if case.funding else None,
        protocol_checks=violations,
        sample=sample,
        stations=station_table(protocols, first, second, party_ids, violations, marks),
        facts=found,
        official=official,
        counts=count_copies(
            protocols,
            (first, second),
            [c.id for c in case.contests],
            case.election.stations,
            [(f.station, f.contest) for f in data.copies.files] if data.copies else None,
        ),
        shift=vote_shift(comparison),
        station_gap=station_gap(sample, found.differences.largest_party),
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
    )
