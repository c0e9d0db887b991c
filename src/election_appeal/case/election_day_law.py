"""The case against the law in force on its election day (data/reference/law.yaml): the
threshold its seats are allocated with, and the bodies its contests elect.

A threshold the law of the day does not give (the Kurultai's was not read) is not checked
against a figure but must be confirmed from the official text; a contest for a body the law
data says ceased before the election day (the Mazhilis, with the Parliament of the 1995
Constitution) is a wrong date or a wrong title."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from ..i18n import date_text
from ..i18n import gettext as _
from .funding_checks import funded_body
from .law import body_of, in_force
from .reference import Reference
from .schema import Case
from .texts import for_reader
from .time_limit_text import law_text

Found = Iterator[tuple[tuple[str | int, ...], str]]

# The provision of law.yaml from whose first day a body no longer exists, by body (law.py
# `body_of`); a body without an entry has not ceased on record.
BODY_CEASED: dict[str, str] = {"mazhilis": "mazhilis_ceased"}

Chamber = Literal["mazhilis", "kurultai"]


def funded_chamber(case: Case) -> Chamber:
    """The chamber whose parties the funding section speaks of (represented in it, funded by
    the votes of its election): the Kurultai when the funded contest elects it (a case `check`
    accepts only with a Kurultai rule on record), else the Mazhilis, whose rules are on record
    (funding_checks.py funded_body)."""
    return "kurultai" if funded_body(case) == "kurultai" else "mazhilis"


def threshold_warnings(case: Case, reference: Reference) -> Found:
    """The case's threshold against the law's for the election day: another figure, or no
    figure on record to check it against; said as what to enter in the case, not which file
    of the tool holds the figures."""
    concerned = case.concerned()
    seats = any(c.seats for c in case.contests if c.id in concerned)
    if not seats or case.allocation.method != "largest-remainder":
        return
    day = case.election.date
    version = in_force(reference.law, "threshold", day)
    stated = _percent(case.allocation.threshold)
    where = ("allocation", "threshold")
    if version is None or version.value is None:
        message = _(
            "the seats are allocated with a threshold of {threshold}, but the tool's reference "
            "data has no threshold for an election on {day}, so this figure is not checked: "
            "before signing, find the threshold in force on that day in the official text of "
            "the law on elections and enter it in the case as allocation.threshold"
        )
        yield where, message.format(threshold=stated, day=date_text(day))
    elif version.value != case.allocation.threshold:
        message = _(
            "the threshold is {threshold}, but by the tool's reference data the law gives "
            "{law} for an election on {day} ({citation}): enter {law} as allocation.threshold, "
            "or keep {threshold} if the official text in force on that day gives it"
        )
        yield (
            where,
            message.format(
                threshold=stated,
                law=_percent(version.value),
                day=date_text(day),
                citation=law_text(version),
            ),
        )


def ceased_body_warnings(case: Case, reference: Reference) -> Found:
    """Each contest electing a body that the law data says ceased on or before the election
    day."""
    day = case.election.date
    for i, contest in enumerate(case.contests):
        body = body_of(contest)
        key = BODY_CEASED.get(body) if body else None
        version = in_force(reference.law, key, day) if key else None
        if version is None or version.valid_from is None:
            continue
        message = _(
            '"{contest}": the election is dated {day}, but the body it elects ceased on '
            "{since} under {law}; check election.date and the title of this contest"
        )
        yield (
            ("contests", i, "title"),
            message.format(
                contest=for_reader(contest.short_title or contest.title),
                day=date_text(day),
                since=date_text(version.valid_from),
                law=law_text(version),
            ),
        )


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f} %"
