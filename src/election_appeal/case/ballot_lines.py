"""The protocol lines a table leaves out, against the lines the contest's ballots have.

A column missing from a table is a figure not known for every station; it is never 0. The one
line a ballot may lack is «против всех»: before it came onto the ballots a protocol has none and
its votes against all are 0; after, a table without them would make the ballots in the boxes
look short by exactly the votes against all. So the missing column is an error naming the file
and the column, a blank cell a figure not known (the balance of that station is not checked, and
the user is told), and a column of another line missing beside the lines it is checked with is
said too, since the control ratios that need it are then not checked.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from pathlib import Path

from ..errors import Problem, Severity
from ..i18n import date_text
from ..i18n import gettext as _
from .election_checks import AGAINST_ALL
from .law import Law, in_force
from .protocols import ProtocolSet
from .schema import Case
from .texts import for_reader

# The protocol lines each control ratio sets against each other (analysis/protocols.py), but
# «против всех», which is weighed against the ballots of the contest.
RATIO_LINES = (
    ("ballots_received", "ballots_issued", "ballots_cancelled"),
    ("ballots_in_boxes", "ballots_issued"),
    ("ballots_in_boxes", "invalid"),
    ("ballots_issued", "voters_on_list"),
)
# The lines the balance of the ballots in the boxes weighs against the votes.
BALANCE = ("ballots_in_boxes", "invalid")
# The stations a warning names before it says "…".
STATIONS_SHOWN = 10


def without_against_all(case: Case, law: Law) -> frozenset[str]:
    """The contests whose ballots had no line «против всех»: the election was held before the
    line came onto the ballots (law.yaml), and case.yaml gives no votes against all for them.
    Their blank figure is 0; every other contest's is not known."""
    if in_force(law, AGAINST_ALL, case.election.date) is not None:
        return frozenset()
    return frozenset(c.id for c in case.contests if c.against_all is None)


def table_line_problems(
    case: Case, law: Law, tables: Collection[ProtocolSet | None]
) -> list[Problem]:
    """For each table read (the copies, the official figures): an error for a missing column
    «против всех» the ballots have, a warning for its blank cells, and one for a line whose
    column is missing beside the lines a control ratio weighs it with."""
    without = without_against_all(case, law)
    problems: list[Problem] = []
    for table in tables:
        if table is None or not table.protocols:
            continue
        # The balance «против всех» is weighed in: checked only where its other lines are known.
        with_line = [
            p
            for p in table.protocols
            if p.contest not in without and None not in (p.lines[line] for line in BALANCE)
        ]
        if AGAINST_ALL in table.absent and with_line:
            problems.append(_missing_against_all(case, law, table, {p.contest for p in with_line}))
        elif blank := list(
            dict.fromkeys(p.station for p in with_line if p.lines[AGAINST_ALL] is None)
        ):
            problems.append(_blank_against_all(table.file, blank))
        problems += _missing_ratio_lines(table)
    return problems


def _missing_against_all(case: Case, law: Law, table: ProtocolSet, contests: set[str]) -> Problem:
    version = in_force(law, AGAINST_ALL, case.election.date)
    named = [c for c in case.contests if c.id in contests]
    titles = ", ".join(
        _('"{value}"').format(value=for_reader(c.short_title or c.title)) for c in named
    )
    if version is not None:
        why = _("elections held from {since} have it, and this one was held on {day}").format(
            since=date_text(version.valid_from or datetime.date.min),
            day=date_text(case.election.date),
        )
    else:
        why = _("case.yaml gives the votes against all of the contest")
    message = _(
        "the column against_all is missing: the ballots ({contests}) carry the line «против "
        "всех» ({why}), so every protocol gives the votes against all. Without them the ballots "
        "in the boxes cannot be set against the invalid ballots and the votes cast, and are not: "
        "a missing figure is not known, never 0. Add the column against_all with each station's "
        "figure; leave a cell empty where the figure is not known"
    ).format(contests=titles, why=why)
    return Problem(table.file, "row 1", "", message)


def _blank_against_all(file: str, stations: list[str]) -> Problem:
    shown = ", ".join(stations[:STATIONS_SHOWN]) + (", …" if len(stations) > STATIONS_SHOWN else "")
    message = _(
        "the votes against all are empty at stations {stations} ({count} in all) although the "
        "ballots carry the line «против всех»: the figure is not known there, so the ballots in "
        "the boxes are not checked against the invalid ballots and the votes cast; fill the "
        "cells in where the protocol gives the figure"
    ).format(count=len(stations), stations=shown)
    return Problem(file, "", "against_all", message, Severity.WARNING)


def _missing_ratio_lines(table: ProtocolSet) -> list[Problem]:
    """The lines whose column is missing although a control ratio's other lines are there: a
    column forgotten, and that ratio left unchecked (a table of votes alone warns of nothing)."""
    absent = set(table.absent)
    missing = [
        line
        for line in dict.fromkeys(line for lines in RATIO_LINES for line in lines)
        if line in absent
        and any(line in lines and not absent.issuperset(lines) for lines in RATIO_LINES)
    ]
    if not missing:
        return []
    message = _(
        "the table has no column(s) {columns}: these figures are not known, never 0, so the "
        "control ratios that weigh them against the lines the table has are not checked; add "
        "the column(s) with the figures of the protocols"
    ).format(columns=", ".join(missing))
    return [Problem(table.file, "row 1", "", message, Severity.WARNING)]


def readable_without_against_all(folder: Path) -> frozenset[str]:
    """`without_against_all` of a case whose case.yaml the model refused, read as far as it can
    be (its protocols' ratios are shown while its errors are fixed); nothing when the election
    day cannot be read: every blank «против всех» is then a figure not known."""
    from ..errors import CaseError
    from ..resources import reference_dir
    from .load import CASE_FILE
    from .paths import PathRefused, case_path
    from .reference import load_reference
    from .yamlfile import read_yaml

    try:
        doc = read_yaml(case_path(folder, CASE_FILE), str(folder / CASE_FILE))
        law = load_reference(reference_dir()).law
    except (CaseError, PathRefused, OSError):
        return frozenset()
    data = doc.data if isinstance(doc.data, dict) else {}
    election = data.get("election")
    day = _date(election.get("date")) if isinstance(election, dict) else None
    if day is None or in_force(law, AGAINST_ALL, day) is not None:
        return frozenset()
    contests = data.get("contests")
    return frozenset(
        str(c["id"])
        for c in (contests if isinstance(contests, list) else [])
        if isinstance(c, dict) and "id" in c and c.get("against_all") is None
    )


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None
