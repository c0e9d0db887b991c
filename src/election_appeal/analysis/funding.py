"""What a difference in votes is worth in state funding of parties: hypothesis 2 between two
contests, or the copies against the official station figures of a case of one contest.

Parties represented in the Mazhilis are paid for every vote the Mazhilis result gives them. If
the other contest's result is the true one, each party's funding is off by
(funded contest − other contest) × value of a vote, every year of the term. Money is Decimal.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..case.funding_checks import DEFAULT_BODY, funded_body, rule_of
from ..case.reference import Bilingual, Reference, VoteValueRule, Wages
from ..case.schema import Case
from ..errors import AppealError
from .official import OfficialDifference

TIYN = Decimal("0.01")


@dataclass(frozen=True)
class VoteValue:
    """The value of one vote per year, and how it was derived."""

    year: int
    base: str  # "mzp" or "mrp"
    base_amount: int
    share: Fraction
    per_year: Decimal
    rule_source: Bilingual
    wages_source: Bilingual


@dataclass(frozen=True)
class PartyFunding:
    """One party: votes funded beyond (+) or short of (−) the other contest, and their value."""

    party: str
    funded_votes: int
    other_votes: int
    excess_votes: int  # funded contest − other contest: the opposite sign of "second − first"
    per_year: Decimal
    over_term: Decimal
    funded: bool  # represented in the funded body, so actually paid
    per_year_exceeds: bool  # |per_year| above the "especially large amount"
    over_term_exceeds: bool  # |over_term| above it


@dataclass(frozen=True)
class FundingCost:
    """The funding table of hypothesis 2 with its totals and the criminal-law threshold."""

    funded_contest: str
    other_contest: str
    vote_value: VoteValue
    term_years: int
    per_vote_over_term: Decimal
    parties: list[PartyFunding]
    overpaid_per_year: Decimal  # sum of the positive amounts of funded parties
    overpaid_over_term: Decimal
    # At least one funded party's OWN yearly overpayment is above the "especially large amount".
    # An amount of fraud is what one recipient received: adding up the amounts of several
    # parties would plead a threshold no recipient reached, so this is never the sum.
    overpaid_exceeds_threshold: bool
    threshold_mrp: int
    threshold_amount: Decimal
    threshold_source: Bilingual
    threshold_year: int  # the year of the МРП the threshold is counted in: the funding's

    @property
    def parties_over_threshold(self) -> list[str]:
        """The funded parties whose own yearly overpayment is above the "especially large
        amount": the only parties for which part 4 of art. 190 may be pleaded."""
        return [p.party for p in self.parties if p.funded and p.per_year > self.threshold_amount]

    @property
    def parties_over_threshold_over_term(self) -> list[str]:
        """The funded parties whose own overpayment over the whole term is above it."""
        return [p.party for p in self.parties if p.funded and p.over_term > self.threshold_amount]

    @property
    def sum_exceeds_threshold(self) -> bool:
        """The yearly overpayment of all funded parties together is above the amount; a fact
        about the sum for a sentence about the sum, never a ground for a criminal-law claim."""
        return self.overpaid_per_year > self.threshold_amount

    @property
    def overpaid_parties(self) -> list[str]:
        """The funded parties paid more than the other contest's result would give them: the
        parties the overpayment adds up."""
        return [p.party for p in self.parties if p.funded and p.per_year > 0]


def wages_on(wages: list[Wages], day: datetime.date) -> Wages:
    """The МЗП and МРП in force on a day."""
    in_force = [w for w in wages if w.valid_from <= day]
    if not in_force:
        raise AppealError(f"the wage table has no МЗП and МРП in force on {day.isoformat()}")
    return in_force[-1]


def rule_for(rules: list[VoteValueRule], year: int, body: str = DEFAULT_BODY) -> VoteValueRule:
    """The funding rule in force in a year for the votes of a body's election."""
    rule = rule_of(rules, year, body)
    if rule is None:
        raise AppealError(f"the funding rules have no value of a vote for {year}")
    return rule


def to_money(amount: Fraction) -> Decimal:
    """Tenge with tiyn; exact whenever the amount has at most two decimals, as every rule so far."""
    exact = Decimal(amount.numerator) / Decimal(amount.denominator)
    return exact.quantize(TIYN, rounding=ROUND_HALF_UP) if exact % TIYN else exact


def funding_day(case: Case) -> datetime.date:
    """The day whose wages price the funding and its criminal-law threshold alike: the
    election day in the election's year, 1 January of another funding year (a yearly sum
    weighed against the yardstick of another year would compare different money)."""
    assert case.funding is not None
    year = case.funding.year or case.election.date.year
    return case.election.date if year == case.election.date.year else datetime.date(year, 1, 1)


def vote_value(case: Case, reference: Reference) -> VoteValue:
    """The value of one vote per year under the rule of the funding year."""
    day = funding_day(case)
    year = day.year
    wages = wages_on(reference.wages, day)
    rule = rule_for(reference.funding.vote_value, year, funded_body(case))
    amount = wages.mzp if rule.base == "mzp" else wages.mrp
    per_year = to_money(rule.share * amount)
    return VoteValue(year, rule.base, amount, rule.share, per_year, rule.source, wages.source)


def funding_cost(case: Case, reference: Reference) -> FundingCost:
    """Hypothesis 2 for every party, the funded parties' totals and the threshold comparison."""
    assert case.funding is not None and case.comparison is not None
    funded_id = case.funding.contest
    first, second = case.comparison.first, case.comparison.second
    other_id = second if funded_id == first else first
    funded, other = case.contest(funded_id), case.contest(other_id)
    value = vote_value(case, reference)
    term = case.funding.term_years
    day = funding_day(case)
    threshold_mrp = reference.funding.especially_large.mrp
    threshold = Decimal(threshold_mrp * wages_on(reference.wages, day).mrp)
    represented = case.funding.funded_parties
    parties = []
    for party in case.parties:
        excess = funded.votes[party.id] - other.votes[party.id]
        per_year = excess * value.per_year
        parties.append(
            PartyFunding(
                party.id,
                funded.votes[party.id],
                other.votes[party.id],
                excess,
                per_year,
                per_year * term,
                represented is None or party.id in represented,
                abs(per_year) > threshold,
                abs(per_year * term) > threshold,
            )
        )
    overpaid = sum((p.per_year for p in parties if p.funded and p.per_year > 0), Decimal(0))
    over_threshold = any(p.funded and p.per_year > threshold for p in parties)
    return FundingCost(
        funded_id,
        other_id,
        value,
        term,
        value.per_year * term,
        parties,
        overpaid,
        overpaid * term,
        over_threshold,
        threshold_mrp,
        threshold,
        reference.funding.especially_large.source,
        day.year,
    )


@dataclass(frozen=True)
class CopyPartyFunding:
    """One party: the votes the official station figures give it beyond (+) or short of (−)
    the copies of the funded contest, over the stations compared, and their value."""

    party: str
    excess_votes: int  # Σ (official − copy): the opposite sign of the copy − official table
    per_year: Decimal
    over_term: Decimal
    funded: bool


@dataclass(frozen=True)
class CopiesFunding:
    """What the differences between the copies and the official station figures of the one
    contest of a case are worth in state funding of parties, when the case ties funding to it."""

    contest: str
    vote_value: VoteValue
    term_years: int
    per_vote_over_term: Decimal
    parties: list[CopyPartyFunding]  # the parties whose votes differ, in the case's order
    overpaid_per_year: Decimal  # sum of the positive amounts of funded parties
    overpaid_over_term: Decimal
    overpaid_exceeds_threshold: bool
    threshold_mrp: int
    threshold_amount: Decimal
    threshold_source: Bilingual
    threshold_year: int

    @property
    def overpaid_parties(self) -> list[str]:
        """The funded parties the official figures give more votes than the copies."""
        return [p.party for p in self.parties if p.funded and p.per_year > 0]


def copies_funding(
    case: Case, reference: Reference, differences: Sequence[OfficialDifference]
) -> CopiesFunding | None:
    """The value of the copies' differences from the official figures in the funded contest;
    None when the case ties no funding to a contest, or no party's votes differ in it."""
    if case.funding is None:
        return None
    contest = case.funding.contest
    excess: dict[str, int] = {}
    for d in differences:
        if d.contest == contest and d.is_party:
            excess[d.item] = excess.get(d.item, 0) - d.difference  # official − copy
    if not any(excess.values()):
        return None
    value = vote_value(case, reference)
    term = case.funding.term_years
    day = funding_day(case)
    threshold_mrp = reference.funding.especially_large.mrp
    threshold = Decimal(threshold_mrp * wages_on(reference.wages, day).mrp)
    represented = case.funding.funded_parties
    parties = [
        CopyPartyFunding(
            party.id,
            excess[party.id],
            excess[party.id] * value.per_year,
            excess[party.id] * value.per_year * term,
            represented is None or party.id in represented,
        )
        for party in case.parties
        if excess.get(party.id)
    ]
    overpaid = sum((p.per_year for p in parties if p.funded and p.per_year > 0), Decimal(0))
    return CopiesFunding(
        contest,
        value,
        term,
        value.per_year * term,
        parties,
        overpaid,
        overpaid * term,
        overpaid > threshold,
        threshold_mrp,
        threshold,
        reference.funding.especially_large.source,
        day.year,
    )
