"""Which contest's votes state funding of parties follows, against the funding rules on record.

Parties are paid by the votes of one chamber's election: the Mazhilis's, under the rules in
data/reference/funding.yaml (DOMAIN §3). A maslikhat's votes are paid for by no rule, and what
a Kurultai vote is worth after the Constitution of 2026 is set by a constitutional law not read
here (DOMAIN §7): a funding section tied to either would state a rule that does not exist, so
`check` refuses it, unless funding.yaml holds a rule naming that body with its source.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import current_language
from ..i18n import gettext as _
from .law import Body, body_of
from .reference import Reference, VoteValueRule
from .schema import Case, Contest
from .texts import for_reader

Found = Iterator[tuple[tuple[str | int, ...], str]]
# The body a contest's votes are paid for when its title names none: the one the rules have
# always named. A warning says the title should name it.
DEFAULT_BODY: Body = "mazhilis"


def funded_contest(case: Case) -> Contest | None:
    """The contest whose votes the case says drive funding; None without one."""
    if case.funding is None:
        return None
    return next((c for c in case.contests if c.id == case.funding.contest), None)


def funded_body(case: Case) -> Body:
    """The body whose votes the funding rules are looked up for."""
    contest = funded_contest(case)
    return (body_of(contest) if contest is not None else None) or DEFAULT_BODY


def rule_of(rules: list[VoteValueRule], year: int, body: str) -> VoteValueRule | None:
    """The rule that sets what a vote for `body` is worth in `year`; None when none is on record."""
    return next(
        (
            r
            for r in rules
            if r.body == body and r.from_year <= year and (r.to_year is None or year <= r.to_year)
        ),
        None,
    )


def funding_errors(case: Case, reference: Reference) -> Found:
    """A funding section tied to a contest whose votes no rule on record pays for."""
    contest = funded_contest(case)
    if contest is None:
        return  # no funding, or a contest id case.yaml lacks (told by its own check)
    body = body_of(contest)
    year = case.funding.year if case.funding and case.funding.year else case.election.date.year
    rules = reference.funding.vote_value
    name = for_reader(contest.short_title or contest.title)
    if body == "maslikhat":
        message = _(
            '"{contest}" is an election to a maslikhat, but state funding of parties is paid by '
            "the votes of the elections to the Mazhilis only ({source}): no funding is paid by a "
            "maslikhat's votes, and the documents would say it is. Remove the funding "
            "block from case.yaml, or set funding.contest to the contest of the elections to "
            "the Mazhilis if the case has one"
        )
        yield ("funding", "contest"), message.format(contest=name, source=_source(rules, year))
    elif body == "kurultai" and rule_of(rules, year, body) is None:
        message = _(
            '"{contest}" is an election to the Kurultai, but no rule on record says what a vote '
            "in it is worth in state funding of parties: since the Constitution of 2026 the "
            "funding is set by a constitutional law whose official text was not read, and the "
            "rules on record pay by the votes of the elections to the Mazhilis. The documents "
            "cannot state it: remove the funding block from case.yaml. A rule read in the "
            "official text is added to data/reference/funding.yaml with body: kurultai and its "
            "source"
        )
        yield ("funding", "contest"), message.format(contest=name)


def funding_warnings(case: Case, reference: Reference) -> Found:
    """A funding section tied to a contest whose title names no body: the documents say the
    funding follows its votes, which is true of the Mazhilis only."""
    contest = funded_contest(case)
    if contest is None or body_of(contest) is not None:
        return
    message = _(
        '"{contest}": its title names no elected body, and the documents will say that state '
        "funding of parties is paid by its votes, which is true only of the elections to the "
        "Mazhilis ({source}); name the Mazhilis in the title if it is that election, else "
        "remove the funding block from case.yaml"
    )
    name = for_reader(contest.short_title or contest.title)
    year = case.funding.year if case.funding and case.funding.year else case.election.date.year
    yield (
        ("funding", "contest"),
        message.format(contest=name, source=_source(reference.funding.vote_value, year)),
    )


def _source(rules: list[VoteValueRule], year: int) -> str:
    """The act of the Mazhilis's rule for the year (of every such rule when none is for that
    year), in the language of the messages."""
    chosen = rule_of(rules, year, "mazhilis")
    found = [chosen] if chosen else [r for r in rules if r.body == "mazhilis"]
    language = current_language()
    return "; ".join(dict.fromkeys(r.source.kk if language == "kk" else r.source.ru for r in found))
