"""The time limits of a case in lines of the interface language, for `check` and `build`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from .analysis.deadlines import BallotStorage, TimeLimit, TimeLimits
from .case.law import LawVersion
from .case.time_limit_text import INSTRUMENT
from .case.time_limit_text import law_text as _law
from .case.time_limit_text import start_text as _start
from .i18n import date_text, ngettext
from .i18n import gettext as _


def time_limit_lines(limits: TimeLimits, names: Mapping[str, str] | None = None) -> list[str]:
    """A heading, one line per addressee (by its name in `names`, else its id), one for the
    ballots."""
    heading = _("Time limits on {date}, the appeal's date:").format(date=date_text(limits.on))
    lines = [heading]
    lines += [f"  {_addressee(limit, limits.on, names or {})}" for limit in limits.addressees]
    lines.append(f"  {_ballots(limits.ballots)}")
    return lines


def _state(days_left: int) -> str:
    if days_left > 0:
        return ngettext("{n} day left", "{n} days left", days_left).format(n=days_left)
    if days_left == 0:
        return _("today is the last day")
    past = -days_left
    return ngettext("ended {n} day ago", "ended {n} days ago", past).format(n=past)


def _no_limit(who: str, law: LawVersion) -> str:
    """A route without days: the law read sets none, or none is on record (the law unread)."""
    if law.verified:
        message = _("{who}: the law sets no time limit for filing ({law})")
    else:
        message = _(
            "{who}: no time limit for filing is on record: none was found, but the law was not "
            "read in its official text, so one may exist ({law})"
        )
    return message.format(who=who, law=_law(law))


def _addressee(limit: TimeLimit, on: datetime.date, names: Mapping[str, str]) -> str:
    who = f"{names.get(limit.addressee, limit.addressee)} — {_(INSTRUMENT[limit.kind])}"
    if limit.law is None:
        message = _(
            "{who}: the time limit is unknown: the tool has no law on this route in force on "
            "{date}; find the time limit in the official text of the law in force that day, or "
            "file without delay"
        )
        return message.format(who=who, date=date_text(on))
    if limit.days is None or limit.ends is None or limit.start is None:
        return _no_limit(who, limit.law)
    start = _start(limit)
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
        ends=date_text(limit.ends),
        state=_state(limit.days_left),
        law=_law(limit.law),
    )


def _ballots(ballots: BallotStorage) -> str:
    if ballots.law is None or ballots.ends is None or ballots.days is None:
        return _(
            "ballots: how long they are kept is unknown: the tool has no law on it; find the "
            "period in the official text of the law, and ask that the ballots be preserved"
        )
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
        ends=date_text(ballots.ends),
        state=_state(ballots.days_left),
        law=_law(ballots.law),
    )
