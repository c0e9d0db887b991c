"""Time limits: for each addressee, the limit of its route, the day it ends and the days left
(one route's computed by case/time_limit.py, re-exported here).

Every figure comes from data/reference/law.yaml (`days`, `counted_from`, in force on the
appeal's date for the routes, on the election day for the ballots' storage). A period of N days
counted from an event starts the next day and ends N days after the event; the end is not moved
off a day off (the law's rule on that was not read), so a last day on a Sunday is shown as is.

Pure: dates in, dates and whole numbers out.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from ..case.law import BALLOT_STORAGE, Law, LawVersion, in_force
from ..case.schema import Case
from ..case.time_limit import Status, TimeLimit, decision_date, period_end, time_limit

__all__ = [
    "BallotStorage",
    "Status",
    "TimeLimit",
    "TimeLimits",
    "ballot_storage",
    "decision_date",
    "period_end",
    "time_limit",
    "time_limits",
]


@dataclass(frozen=True)
class BallotStorage:
    """How long the ballots are kept, and what the appeal may therefore ask for."""

    law: LawVersion | None
    days: int | None
    ends: datetime.date | None  # the last day the ballots are kept
    days_left: int | None
    past: bool | None  # None: the period is not on record
    # Still kept (or unknown): ask that the ballots be preserved.
    ask_preservation: bool
    # Past (or unknown): ask to establish what was kept and to obtain the archived protocols.
    ask_archived: bool


@dataclass(frozen=True)
class TimeLimits:
    """Every addressee's time limit and the ballots' storage, on the appeal's date."""

    on: datetime.date
    addressees: list[TimeLimit]
    ballots: BallotStorage


def ballot_storage(case: Case, law: Law) -> BallotStorage:
    """The ballots' storage period, from the election day, against the appeal's date."""
    version = in_force(law, BALLOT_STORAGE, case.election.date)
    if version is None or version.days is None:
        return BallotStorage(version, None, None, None, None, True, True)
    ends = period_end(case.election.date, version.days)
    left = (ends - case.appeal.date).days
    past = left < 0
    return BallotStorage(version, version.days, ends, left, past, not past, past)


def time_limits(case: Case, law: Law, kinds: Mapping[str, str]) -> TimeLimits:
    """Every addressee's limit (by `kinds`, authority id → kind) and the ballots' storage."""
    found = [
        time_limit(case, law, a.id, kinds[a.id], a.role) for a in case.addressees if a.id in kinds
    ]
    return TimeLimits(case.appeal.date, found, ballot_storage(case, law))
