"""The time limit of one addressee's route on the appeal's date: the day it ends and the days
left, from data/reference/law.yaml (`days`, `counted_from`, the version in force on the
appeal's date). A period of N days counted from an event starts the next day and ends N days
after the event; the end is not moved off a day off (the law's rule on that was not read).

In the case layer so that `check` can warn about a claim filed late; analysis/deadlines.py
adds the ballots' storage and every addressee. Pure: dates in, dates and whole numbers out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from .law import TIME_LIMIT_BY_KIND, Law, LawVersion, in_force
from .schema import Case

Status = Literal["none", "open", "last_day", "past", "unknown"]


@dataclass(frozen=True)
class TimeLimit:
    """The time limit of one addressee's route on the appeal's date."""

    addressee: str  # the authority's id
    kind: str  # court, election_commission, police, anticorruption, prosecutor, other
    role: str  # to, cc
    law_key: str  # the provision in law.yaml
    law: LawVersion | None  # None: law.yaml has no version in force on the appeal's date
    days: int | None  # None: the route has no limit for filing (or none is on record)
    counted_from: Literal["decision", "election"] | None
    # What the start is: the decision's date (contests[].source_date) or, when the case gives
    # none, the election day, which no decision on its result can precede.
    start_source: Literal["decision", "election"] | None
    start: datetime.date | None
    ends: datetime.date | None  # the last day
    days_left: int | None  # ends − appeal date: 0 on the last day, negative once past

    @property
    def status(self) -> Status:
        """none: no limit; unknown: no provision on record; open, last_day or past."""
        if self.law is None:
            return "unknown"
        if self.days_left is None:
            return "none"
        if self.days_left > 0:
            return "open"
        return "last_day" if self.days_left == 0 else "past"

    @property
    def verified(self) -> bool:
        """Whether the provision was read in the official text."""
        return self.law is not None and self.law.verified


def period_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of `days` days counted from the day after `start`."""
    return start + datetime.timedelta(days=days)


def decision_date(case: Case) -> datetime.date | None:
    """The earliest date of the compared contests' result documents, if the case gives one:
    the earliest day a limit counted from the decision can have started."""
    compared = case.compared() or (case.contests[0].id,)
    dates = [c.source_date for c in case.contests if c.id in compared and c.source_date]
    return min(dates) if dates else None


def time_limit(case: Case, law: Law, addressee: str, kind: str, role: str) -> TimeLimit:
    """The limit of one addressee's route, counted to the appeal's date."""
    key = TIME_LIMIT_BY_KIND[kind]
    on = case.appeal.date
    version = in_force(law, key, on)
    days = version.days if version else None
    counted_from = version.counted_from if version else None
    start_source: Literal["decision", "election"] | None = None
    start = ends = None
    left = None
    if days is not None and counted_from is not None:
        decided = decision_date(case) if counted_from == "decision" else None
        start_source = "decision" if decided else "election"
        start = decided or case.election.date
        ends = period_end(start, days)
        left = (ends - on).days
    return TimeLimit(
        addressee, kind, role, key, version, days, counted_from, start_source, start, ends, left
    )
