"""The words of a time limit shared by `check`'s warning of a late claim or complaint (the case
layer) and the lines of limits_text.py: a law as cited, the start of a period, the warning."""

from __future__ import annotations

from ..i18n import current_language, date_text, ngettext
from ..i18n import gettext as _
from .law import LawVersion
from .time_limit import TimeLimit


def law_text(version: LawVersion) -> str:
    citation = version.citation(current_language())
    if version.verified:
        return citation
    return _("{law}, not checked against the official text").format(law=citation)


def start_text(limit: TimeLimit) -> str:
    assert limit.start is not None
    if limit.start_source == "decision":
        return _("the decision of {date}").format(date=date_text(limit.start))
    message = _(
        "the election day, {date} (no contest gives the date of the decision on its result: "
        "write it as source_date of the contest in case.yaml, contests[].source_date, a date "
        "like 2021-01-11)"
    )
    return message.format(date=date_text(limit.start))


def limit_passed_message(limit: TimeLimit, who: str) -> str:
    """What a claim to a court or a complaint to a commission dated after its time limit risks,
    and what to file with it. No article on restoring a time limit is cited: none was read."""
    assert limit.days is not None and limit.ends is not None and limit.law is not None
    if limit.kind == "court":
        message = ngettext(
            "{who}: the time limit for filing the administrative claim ended on {ends} ({days} "
            "day from {start}; {law}); the court may return a claim filed after it unless the "
            "time limit is restored: the claim carries a motion to restore it; fill in its "
            "bracketed blank with the reasons the time limit was missed before filing",
            "{who}: the time limit for filing the administrative claim ended on {ends} ({days} "
            "days from {start}; {law}); the court may return a claim filed after it unless the "
            "time limit is restored: the claim carries a motion to restore it; fill in its "
            "bracketed blank with the reasons the time limit was missed before filing",
            limit.days,
        )
    else:
        message = ngettext(
            "{who}: the time limit for filing the complaint ended on {ends} ({days} day from "
            "{start}; {law}); the commission may return a complaint filed after it unless the "
            "time limit is restored: the complaint carries a motion to restore it; fill in its "
            "bracketed blank with the reasons the time limit was missed before filing",
            "{who}: the time limit for filing the complaint ended on {ends} ({days} days from "
            "{start}; {law}); the commission may return a complaint filed after it unless the "
            "time limit is restored: the complaint carries a motion to restore it; fill in its "
            "bracketed blank with the reasons the time limit was missed before filing",
            limit.days,
        )
    return message.format(
        who=who,
        ends=date_text(limit.ends),
        days=limit.days,
        start=start_text(limit),
        law=law_text(limit.law),
    )
