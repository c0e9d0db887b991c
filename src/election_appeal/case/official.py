"""The official figures per polling station: an optional table with the protocol table's columns.

It is read by the same strict readers as the observers' copies (case/protocols.py, tables.py):
the same columns, the same number formats, one row per station and contest. Unlike the copies,
a station whose official figures cover one contest only is no problem: nothing is paired here.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, Severity
from ..i18n import gettext as _

# The row and header checks of the protocol table, shared so both tables obey one rule.
from .protocols import ContestNames, Protocol, ProtocolSet, read_protocol_rows


def read_official(
    path: Path,
    display: str,
    party_ids: list[str],
    contest_ids: list[str] | ContestNames,
    names: dict[str, str] | None = None,
) -> tuple[ProtocolSet, list[Problem]]:
    """Read and check the official table; every problem is returned, none is raised. `names`:
    the contests' names by id, as the messages call them."""
    file, display, found, problems, absent = read_protocol_rows(
        path, display, party_ids, contest_ids
    )
    rows: list[Protocol] = []
    seen: dict[tuple[str, str], int] = {}
    for row in found:
        key = (row.station, row.contest)
        if key in seen:
            message = _(
                'station {station} already has official figures of "{contest}" in row {row}; '
                "keep one row per station and contest"
            ).format(
                station=row.station,
                contest=(names or {}).get(row.contest, row.contest),
                row=seen[key],
            )
            problems.append(Problem(display, f"row {row.row}", "station", message))
            continue
        seen[key] = row.row
        rows.append(row)
        problems += _missing_votes(row, display)
    return ProtocolSet(file, rows, absent), problems


def _missing_votes(row: Protocol, display: str) -> list[Problem]:
    """A party's cell left empty in a row that gives other parties' votes: a figure forgotten
    more likely than one unpublished, and the copy's figure goes uncompared without a word."""
    if all(votes is None for votes in row.votes.values()):
        return []  # the whole row is without votes: told by the row's own check
    message = _(
        "station {station}: the official votes of this party are empty and cannot be compared "
        "with a copy; copy the figure from the published results, or leave the cell empty only "
        "if it was not published"
    ).format(station=row.station)
    return [
        Problem(display, f"row {row.row}", party, message, Severity.WARNING)
        for party, votes in row.votes.items()
        if votes is None
    ]
