"""The year whose funding rates value a vote, against the election's: `funding.year` of a case
set to another year makes the documents price the votes of one election by the rates (and
perhaps the rule) of another, which the user is told, with the figures of both years."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..i18n import current_language, date_text
from ..i18n import gettext as _
from .funding_checks import DEFAULT_BODY, funded_body, rule_of
from .reference import Reference, VoteValueRule, Wages
from .schema import Case

TIYN = Decimal("0.01")


@dataclass(frozen=True)
class YearValue:
    """What one vote is worth a year by the rule and the wages in force in a year."""

    year: int
    rule: VoteValueRule
    wages: Wages

    @property
    def amount(self) -> int:
        """The МЗП or МРП the share is taken of."""
        return self.wages.mzp if self.rule.base == "mzp" else self.wages.mrp

    @property
    def per_year(self) -> Decimal:
        """The value of one vote a year, in tenge with tiyn."""
        exact = self.rule.share * self.amount
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        return value.quantize(TIYN, rounding=ROUND_HALF_UP) if value % TIYN else value


def year_value(
    reference: Reference, year: int, day: datetime.date, body: str = DEFAULT_BODY
) -> YearValue | None:
    """The value of a vote for `body` in `year`, the wages taken on `day`; None when the
    reference tables lack the rule or the wages (reported as errors elsewhere)."""
    rule = rule_of(reference.funding.vote_value, year, body)
    in_force = [w for w in reference.wages if w.valid_from <= day]
    if rule is None or not in_force:
        return None
    return YearValue(year, rule, in_force[-1])


def funding_year_warnings(case: Case, reference: Reference) -> Iterator[str]:
    """A warning when `funding.year` prices the votes of the election by another year's rates:
    what the documents count with, what the election's year would give, and what to do."""
    if case.funding is None or case.funding.year is None:
        return
    election = case.election.date
    chosen, own = case.funding.year, election.year
    if chosen == own:
        return
    body = funded_body(case)
    used = year_value(reference, chosen, datetime.date(chosen, 1, 1), body)
    instead = year_value(reference, own, election, body)
    if used is None or instead is None:
        return
    figures = {
        "year": chosen,
        "day": date_text(election),
        "value": _money(used.per_year),
        "basis": _basis(used),
        "election_year": own,
        "election_value": _money(instead.per_year),
        "election_basis": _basis(instead),
    }
    if used.rule == instead.rule:
        head = _(
            "funding.year is {year}, but the election was on {day}: the documents value one "
            "vote at {value} a year, {basis}; with the rates of {election_year}, the election's "
            "year, it is {election_value}, {election_basis}"
        ).format(**figures)
    else:
        source = used.rule.source.kk if current_language() == "kk" else used.rule.source.ru
        head = _(
            "funding.year is {year}, but the election was on {day}: the documents value one "
            "vote at {value} a year, {basis}, under {source}, which set the value of a vote in "
            "{year} but not in {election_year}; with the rule and rates of {election_year}, the "
            "election's year, it is {election_value}, {election_basis}"
        ).format(source=source, **figures)
    if chosen > own:
        tail = _(
            "remove funding.year to count with the rates of {election_year}, or keep it only if "
            "the appeal is about the funding paid in {year}"
        )
    else:
        tail = _(
            "the votes of this election were not paid for in {year}, before it: remove "
            "funding.year to count with the rates of {election_year}"
        )
    yield f"{head}; {tail.format(**figures)}"


def _basis(value: YearValue) -> str:
    """How the value is made: «3 % of the МЗП of 2023 (70 000 tenge)», «0,65 МРП of 2025 …»."""
    amount = _money(Decimal(value.amount))
    if value.rule.base == "mzp":
        share = f"{_number(value.rule.share * 100)} %"
        message = _("{share} of the МЗП of {year} ({amount})")
    else:
        share = _number(value.rule.share)
        message = _("{share} МРП of {year} ({amount})")
    return message.format(share=share, year=value.wages.year, amount=amount)


def _number(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return _grouped(exact.normalize(), "#,##0.####")


def _money(value: Decimal) -> str:
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return _("{amount} tenge").format(amount=_grouped(value, pattern))


def _grouped(value: Decimal, pattern: str) -> str:
    from babel.numbers import format_decimal

    text = format_decimal(value, format=pattern, locale=current_language())
    return text.replace("\u00a0", " ").replace("\u202f", " ")
