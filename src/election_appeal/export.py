"""The analysis as plain JSON-ready data with stable keys.

Integers stay numbers; percentages are decimal strings with two places ("13.49"); money is an
exact decimal string ("25434975"); quotas are given rounded ("7756.08") and as an exact fraction
("302487/39"). Every difference follows the sign named beside it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from .analysis import Analysis
from .analysis.caveat_text import caveats
from .analysis.exact import percent, rounded
from .analysis.funding import CopiesFunding, FundingCost, VoteValue
from .analysis.hypotheses import ContestSeats, Hypothesis1
from .analysis.results import Comparison, ContestResult
from .analysis.sample import PartySample, SampleAnalysis
from .analysis.seats import Allocation

JSON = dict[str, Any]


def analysis_json(analysis: Analysis, language: str = "ru") -> JSON:
    """Every table of the analysis under the keys documented for `appeal analyse --json`."""
    h1, h2 = analysis.hypothesis_1, analysis.hypothesis_2
    result, own, cf = analysis.result, analysis.seats, analysis.copies_funding
    return {
        "comparison": None if analysis.comparison is None else comparison_json(analysis.comparison),
        "hypothesis_1": None if h1 is None else hypothesis_1_json(h1),
        "hypothesis_2": None if h2 is None else funding_json(h2),
        "protocol_checks": [
            {
                "station": v.station,
                "contest": v.contest,
                "row": v.row,
                "rule": v.rule,
                "values": v.values,
                "gap": v.gap,
            }
            for v in analysis.protocol_checks
        ],
        "sample": None if analysis.sample is None else sample_json(analysis.sample, language),
        # A case of one contest: its official result and its seats with its own votes.
        "result": None if result is None else result_json(result),
        "seats": None if own is None else contest_seats_json(own),
        "copies_funding": None if cf is None else copies_funding_json(cf),
    }


def result_json(result: ContestResult) -> JSON:
    """The official result of the one contest of a case without a comparison."""
    return {
        "contest": result.contest,
        "parties": {
            row.party: {"votes": row.votes, "percent": str(percent(row.share))}
            for row in result.parties
        },
        "totals": {row.key: {"value": row.value} for row in result.totals},
    }


def contest_seats_json(own: ContestSeats) -> JSON:
    """The seats of that contest allocated with its own votes, against those awarded."""
    return {
        "seat_contest": own.seat_contest,
        "difference": "awarded - computed",
        "official": allocation_json(own.official),
        "official_reproduces_awarded": own.reproduces_awarded,
        "seats": {
            row.party: {
                "awarded": row.awarded,
                "computed": row.computed,
                "difference": row.difference,
            }
            for row in own.rows
        },
    }


def comparison_json(comparison: Comparison) -> JSON:
    """The discrepancy table."""
    return {
        "first": comparison.first,
        "second": comparison.second,
        "difference": "second - first",
        "parties": {
            row.party: {
                "first_votes": row.first_votes,
                "first_percent": str(percent(row.first_share)),
                "second_votes": row.second_votes,
                "second_percent": str(percent(row.second_share)),
                "difference": row.difference,
            }
            for row in comparison.parties
        },
        "totals": {
            row.key: {"first": row.first, "second": row.second, "difference": row.difference}
            for row in comparison.totals
        },
    }


def allocation_json(allocation: Allocation) -> JSON:
    """One seat allocation with every party's share, qualification, quotient and seats."""
    return {
        "method": allocation.method,
        "seats_total": allocation.seats,
        "threshold_percent": str(percent(allocation.threshold)),
        "percentage_base": allocation.base,
        **quota_json(allocation.quota),
        "parties": {
            p.party: {
                "votes": p.votes,
                "percent": str(percent(p.share)),
                "passed": p.passed,
                "admitted_below_threshold": p.admitted,
                "quotient": None if p.quotient is None else str(rounded(p.quotient)),
                "seats": p.seats,
            }
            for p in allocation.parties.values()
        },
    }


def quota_json(quota: Fraction | None) -> JSON:
    """The electoral quotient, rounded for reading and exact for checking."""
    if quota is None:
        return {"quota": None, "quota_fraction": None}
    return {"quota": str(rounded(quota)), "quota_fraction": str(quota)}


def seats_json(allocation: Allocation) -> JSON:
    """The result of `appeal seats`: the method, the quotient and the seats of each list."""
    return {
        "method": allocation.method,
        **quota_json(allocation.quota),
        "seats": allocation.seats_of(),
    }


def hypothesis_1_json(h1: Hypothesis1) -> JSON:
    """The seat table of hypothesis 1."""
    return {
        "seat_contest": h1.seat_contest,
        "votes_contest": h1.votes_contest,
        "difference": "awarded - hypothetical",
        "hypothetical": allocation_json(h1.hypothetical),
        "official": allocation_json(h1.official),
        "official_reproduces_awarded": h1.reproduces_awarded,
        "seats": {
            row.party: {
                "awarded": row.awarded,
                "hypothetical": row.hypothetical,
                "difference": row.difference,
            }
            for row in h1.rows
        },
    }


def _vote_value_json(value: VoteValue, over_term: Decimal) -> JSON:
    """What one vote brings a party: its base, the share, a year and over the term."""
    return {
        "base": value.base,
        "base_amount": value.base_amount,
        "share": str(value.share),
        "per_year": str(value.per_year),
        "over_term": str(over_term),
    }


def copies_funding_json(cost: CopiesFunding) -> JSON:
    """The funding table of a case of one contest: the copies against the official figures."""
    value = cost.vote_value
    return {
        "contest": cost.contest,
        "difference": "official - copy",
        "year": value.year,
        "vote_value": _vote_value_json(value, cost.per_vote_over_term),
        "term_years": cost.term_years,
        "parties": {
            p.party: {
                "excess_votes": p.excess_votes,
                "per_year": str(p.per_year),
                "over_term": str(p.over_term),
                "funded": p.funded,
            }
            for p in cost.parties
        },
        "overpaid_per_year": str(cost.overpaid_per_year),
        "overpaid_over_term": str(cost.overpaid_over_term),
    }


def funding_json(cost: FundingCost) -> JSON:
    """The funding table of hypothesis 2."""
    value = cost.vote_value
    return {
        "funded_contest": cost.funded_contest,
        "other_contest": cost.other_contest,
        "difference": "funded contest - other contest",
        "year": value.year,
        "vote_value": _vote_value_json(value, cost.per_vote_over_term)
        | {
            "rule_source": value.rule_source.model_dump(),
            "wages_source": value.wages_source.model_dump(),
        },
        "term_years": cost.term_years,
        "parties": {
            p.party: {
                "funded_votes": p.funded_votes,
                "other_votes": p.other_votes,
                "excess_votes": p.excess_votes,
                "per_year": str(p.per_year),
                "over_term": str(p.over_term),
                "funded": p.funded,
                "per_year_exceeds_threshold": p.per_year_exceeds,
                "over_term_exceeds_threshold": p.over_term_exceeds,
            }
            for p in cost.parties
        },
        "overpaid_per_year": str(cost.overpaid_per_year),
        "overpaid_over_term": str(cost.overpaid_over_term),
        "especially_large": {
            "mrp": cost.threshold_mrp,
            "amount": str(cost.threshold_amount),
            "source": cost.threshold_source.model_dump(),
        },
    }


SAMPLE_FIGURES = (
    "n_stations",
    "sum_diff",
    "mean_diff",
    "sd_diff",
    "min_diff",
    "max_diff",
    "ratio_estimate",
    "standard_error",
    "ci95",
    "ci99",
    "bootstrap_ci95",
    "official_difference",
    "z",
    "p_value",
    "p_holm",
    "required_mean_unobserved",
    "stations_reaching_required",
    "defect_correlation",
    "fewest_stations_for_gap",
    "fewest_stations_exceed_unobserved",
    "message",
)


def _party_sample_json(row: PartySample) -> JSON:
    data = {key: getattr(row, key) for key in SAMPLE_FIGURES}
    for key in ("ci95", "ci99", "bootstrap_ci95"):
        data[key] = None if data[key] is None else list(data[key])
    return data


def sample_json(sample: SampleAnalysis, language: str) -> JSON:
    """The sample statistics; differences are second − first at each station."""
    return {
        "difference": "second - first",
        "stations_in_territory": sample.stations_in_territory,
        "paired_stations": sample.paired_stations,
        "unobserved_stations": sample.unobserved_stations,
        "covered_votes": sample.covered_votes,
        "territory_votes": sample.territory_votes,
        "coverage": float(sample.coverage),
        "bootstrap_seed": sample.bootstrap_seed,
        "bootstrap_replicates": sample.bootstrap_replicates,
        "parties": {row.party: _party_sample_json(row) for row in sample.parties},
        "caveats": caveats(sample.caveats, language),
    }
