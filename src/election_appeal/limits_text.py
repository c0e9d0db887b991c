"""The time limits of a case in lines of the interface language, for `check` and `build`."""

from __future__ import annotations

import datetime

from .analysis.deadlines import BallotStorage, TimeLimit, TimeLimits
from .case.law import LawVersion
from .i18n import current_language, ngettext
from .i18n import gettext as _

LAW_FILE = "data/reference/law.yaml"


def time_limit_lines(limits: TimeLimits) -> list[str]:
    """A heading, one line per addressee, one for the ballots."""
    heading = _("Time limits on {date}, the appeal's date:").format(date=limits.on.isoformat())
    lines = [heading]
    lines += [f"  {_addressee(limit, limits.on)}" for limit in limits.addressees]
    lines.append(f"  {_ballots(limits.ballots)}")
    return lines


def _law(version: LawVersion) -> str:
    citation = version.citation(current_language())
    if version.verified:
        return citation
    return _("{law}, not checked against the official text").format(law=citation)


def _state(days_left: int) -> str:
    if days_left > 0:
        return ngettext("{n} day left", "{n} days left", days_left).format(n=days_left)
    if days_left == 0:
        return _("today is the last day")
    past = -days_left
    return ngettext("ended {n} day ago", "ended {n} days ago", past).format(n=past)


def _addressee(limit: TimeLimit, on: datetime.date) -> str:
    who = f"{limit.addressee} ({limit.kind})"
    if limit.law is None:
        message = _("{who}: {file} has no {key} in force on {date}")
        return message.format(who=who, file=LAW_FILE, key=limit.law_key, date=on.isoformat())
    if limit.days is None or limit.ends is None or limit.start is None:
        message = _("{who}: no time limit for filing was found ({law})")
        return message.format(who=who, law=_law(limit.law))
    if limit.start_source == "decision":
        start = _("the decision of {date}").format(date=limit.start.isoformat())
    else:
        start = _("the election day, {date} (no contest gives source_date)").format(
            date=limit.start.isoformat()
        )
    assert limit.days_left is not None
    message = ngettext(
        "{who}: {days} day from {start}, last day {ends}: {state} ({law})",
        "{who}: {days} days from {start}, last day {ends}: {state} ({law})",
        limit.days,
    )
    return message.format(
        who=who,
        days=limit.days,
        start=start,
        ends=limit.ends.isoformat(),
        state=_state(limit.days_left),
        law=_law(limit.law),
    )


def _ballots(ballots: BallotStorage) -> str:
    if ballots.law is None or ballots.ends is None or ballots.days is None:
        return _("ballots: {file} gives no storage period").format(file=LAW_FILE)
    assert ballots.days_left is not None
    if ballots.past:
        message = ngettext(
            "ballots: kept {days} day from the election day, last day {ends}: {state}; ask what "
            "was kept and for the archived protocols, not for the ballots' preservation ({law})",
            "ballots: kept {days} days from the election day, last day {ends}: {state}; ask what "
            "was kept and for the archived protocols, not for the ballots' preservation ({law})",
            ballots.days,
        )
    else:
        message = ngettext(
            "ballots: kept {days} day from the election day, last day {ends}: {state}; ask that "
            "they be preserved ({law})",
            "ballots: kept {days} days from the election day, last day {ends}: {state}; ask "
            "that they be preserved ({law})",
            ballots.days,
        )
    return message.format(
        days=ballots.days,
        ends=ballots.ends.isoformat(),
        state=_state(ballots.days_left),
        law=_law(ballots.law),
    )
