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
from .protocols import Protocol, ProtocolSet, _check_header, _read_row
from .tables import read_sheet


def read_official(
    path: Path, display: str, party_ids: list[str], contest_ids: list[str]
) -> tuple[ProtocolSet, list[Problem]]:
    """Read and check the official table; every problem is returned, none is raised."""
    table = read_sheet(path, display)
    file, display = display, table.display
    columns, problems = _check_header(table, display, party_ids)
    problems = table.problems + problems
    rows: list[Protocol] = []
    if any(p.severity is Severity.ERROR for p in problems):
        return ProtocolSet(file, rows), problems
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        record = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        row, found = _read_row(number, record, display, party_ids, contest_ids)
        problems += found
        if row is None:
            continue
        key = (row.station, row.contest)
        if key in seen:
            message = _(
                "station {station} already has official {contest} figures in row {row}; "
                "keep one row per station and contest"
            ).format(station=row.station, contest=row.contest, row=seen[key])
            problems.append(Problem(display, f"row {number}", "station", message))
            continue
        seen[key] = number
        rows.append(row)
    return ProtocolSet(file, rows), problems
