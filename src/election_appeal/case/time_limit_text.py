"""The words of a time limit shared by `check`'s warning of a late claim or complaint (the case
layer) and the lines of limits_text.py: a law as cited, the start of a period, the warning."""

from __future__ import annotations

import datetime

from ..i18n import N_, current_language, date_text, ngettext
from ..i18n import gettext as _
from .law import LawVersion
from .time_limit import TimeLimit

# The document each kind of authority gets, as the user knows it: messages name a route by it.
INSTRUMENT = {
    "court": N_("administrative claim"),
    "election_commission": N_("complaint"),
    "police": N_("report of a criminal offence"),
    "anticorruption": N_("report of a criminal offence"),
    "prosecutor": N_("appeal"),
    "other": N_("request"),
}


def law_text(version: LawVersion) -> str:
    citation = version.citation(current_language())
    if version.verified:
        return citation
    return _("{law}, not checked against the official text").format(law=citation)


def start_text(limit: TimeLimit) -> str:
    assert limit.start is not None
    if limit.start_source == "decision":
        return _("the decision of {date}").format(date=date_text(limit.start))
    # What is missing and where to write it is `check`'s warning (missing_decision_message).
    message = _("the election day, {date}, as the decision's date is not given")
    return message.format(date=date_text(limit.start))


def missing_decision_message(limit: TimeLimit, who: str, written: datetime.date | None) -> str:
    """What a route whose time limit counts from the decision is told when no compared contest
    gives the decision's date: what is missing, where to write it (the date the result's
    source names, if it names one), and what the limit is counted from until then."""
    assert limit.start is not None and limit.ends is not None
    figures = {"who": who, "election": date_text(limit.start), "ends": date_text(limit.ends)}
    if written is not None:
        message = _(
            "{who}: the time limit for filing is counted from the decision on this result, but "
            "its date is missing. The result's source names {written}: if the decision is of "
            "that day, write source_date: {iso} in this contest. Until the date is given, the "
            "time limit is counted from the election day, {election}, and ends on {ends}"
        )
        return message.format(written=date_text(written), iso=written.isoformat(), **figures)
    message = _(
        "{who}: the time limit for filing is counted from the decision on this result, but its "
        "date is missing: write it in this contest as source_date, a date like 2021-01-11. "
        "Until the date is given, the time limit is counted from the election day, {election}, "
        "and ends on {ends}"
    )
    return message.format(**figures)


def late_filing_message(limit: TimeLimit, who: str) -> str:
    """Everything a claim to a court or a complaint to a commission dated after its time limit
    needs the user to know, in one message: the day the limit ended and its law, what the
    addressee may do with a late filing, for a complaint that no provision on record lets a
    commission restore a limit and which routes have none, and the motion's bracketed blank to
    fill in. No article on restoring a time limit is cited: none was read."""
    assert limit.days is not None and limit.ends is not None and limit.law is not None
    if limit.kind == "court":
        message = ngettext(
            "{who}: the time limit for filing the administrative claim ended on {ends} ({days} "
            "day from {start}; {law}); the court may return a claim filed after it unless the "
            "time limit is restored. Before filing, replace the bracketed blank in the claim's "
            "section on restoring the time limit with the reasons it was missed, and attach "
            "the documents that confirm them",
            "{who}: the time limit for filing the administrative claim ended on {ends} ({days} "
            "days from {start}; {law}); the court may return a claim filed after it unless the "
            "time limit is restored. Before filing, replace the bracketed blank in the claim's "
            "section on restoring the time limit with the reasons it was missed, and attach "
            "the documents that confirm them",
            limit.days,
        )
    else:
        message = ngettext(
            "{who}: the time limit for filing the complaint ended on {ends} ({days} day from "
            "{start}; {law}), and no provision on record lets a commission restore a missed "
            "time limit: the commission may return the complaint, and its motion to restore "
            "the time limit will probably not be granted. Routes without such a time limit "
            "remain: an appeal to the prosecutor's office for a check, and a report of a "
            "criminal offence to the police (an authority of kind prosecutor or police as the "
            "addressee, role: to). To file the complaint all the same, replace the bracketed "
            "blank in its section on restoring the time limit with the reasons it was missed, "
            "and attach the documents that confirm them",
            "{who}: the time limit for filing the complaint ended on {ends} ({days} days from "
            "{start}; {law}), and no provision on record lets a commission restore a missed "
            "time limit: the commission may return the complaint, and its motion to restore "
            "the time limit will probably not be granted. Routes without such a time limit "
            "remain: an appeal to the prosecutor's office for a check, and a report of a "
            "criminal offence to the police (an authority of kind prosecutor or police as the "
            "addressee, role: to). To file the complaint all the same, replace the bracketed "
            "blank in its section on restoring the time limit with the reasons it was missed, "
            "and attach the documents that confirm them",
            limit.days,
        )
    return message.format(
        who=who,
        ends=date_text(limit.ends),
        days=limit.days,
        start=start_text(limit),
        law=law_text(limit.law),
    )
