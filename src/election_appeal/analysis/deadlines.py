"""Time limits: for each addressee, the limit of its route, the day it ends and the days left.

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
from typing import Literal

from ..case.law import BALLOT_STORAGE, TIME_LIMIT_BY_KIND, Law, LawVersion, in_force
from ..case.schema import Case

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
