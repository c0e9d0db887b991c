"""One voting or two: the contests page adds a second contest (and the comparison of the two)
or removes one (and the comparison with it), so that a Kurultai election held alone and two
maslikhat votings held on one day are both made on the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import api
from ..errors import AppealError
from .grids import official_table
from .sections import child, ids, items

ADD = "add_contest"
REMOVE = "remove_contest."
# The same, confirmed after the page listed the rows of the tables that go with the contest.
REMOVE_WITH_ROWS = "remove_contest_rows."


def _new_id(taken: list[str]) -> str:
    """A code not used by another contest: second, then second_2, …"""
    candidate, number = "second", 1
    while candidate in taken:
        number += 1
        candidate = f"second_{number}"
    return candidate


def add_contest(doc: CommentedMap) -> None:
    """A second contest, blank, compared with the first (difference = second − first)."""
    contests = doc.get("contests")
    if not isinstance(contests, CommentedSeq):
        contests = doc["contests"] = CommentedSeq()
    taken = ids(doc, "contests")
    votes = CommentedMap((party, None) for party in ids(doc, "parties"))
    votes.fa.set_flow_style()
    new_id = _new_id(taken)
    contests.append(CommentedMap(id=new_id, title=None, short_title=None, source=None, votes=votes))
    if len(taken) == 1:
        comparison = child(doc, "comparison")
        comparison["first"], comparison["second"] = taken[0], new_id


def remove_contest(doc: CommentedMap, index: int) -> str | None:
    """Remove the contest at `index` with the comparison and the funding that name it; the
    removed contest's code, or None when there is no such contest or it is the only one."""
    contests = items(doc, "contests")
    if len(contests) < 2 or not 0 <= index < len(contests):
        return None
    removed = contests[index]
    doc["contests"].remove(removed)
    gone = str(removed.get("id") or "")
    comparison = doc.get("comparison")
    if len(items(doc, "contests")) < 2 or (
        isinstance(comparison, dict) and gone in (comparison.get("first"), comparison.get("second"))
    ):
        doc.pop("comparison", None)
    funding = doc.get("funding")
    if isinstance(funding, dict) and str(funding.get("contest")) == gone:
        remaining = ids(doc, "contests")
        funding["contest"] = remaining[0] if remaining else None
    return gone


def change_count(doc: CommentedMap, action: str) -> tuple[str, str]:
    """Apply the contests page's add or remove button: the outcome the page reports ('' when
    the action is neither) and the removed contest's code ('' when none was removed)."""
    if action == ADD:
        add_contest(doc)
        return "contest_added", ""
    index = removed_index(action)
    removed = remove_contest(doc, index) if index is not None else None
    return ("contest_removed", removed) if removed is not None else ("", "")


def removed_index(action: str) -> int | None:
    """The contest a remove button (confirmed or not) names."""
    for prefix in (REMOVE_WITH_ROWS, REMOVE):
        if action.startswith(prefix) and action[len(prefix) :].isdigit():
            return int(action[len(prefix) :])
    return None


@dataclass
class Rows:
    """The rows of the case's tables that belong to a contest: of the protocol table and of
    the official figures' table (numbered as a spreadsheet numbers them), and their stations."""

    index: int = 0
    protocols: list[int] = field(default_factory=list)
    official: list[int] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.protocols or self.official)


def rows_of(folder: Path, doc: Any, codes: set[str], index: int = 0) -> Rows:
    """The rows whose contest column holds one of `codes` (a contest's code, and the one it had
    before a rename made in the same save)."""
    found = Rows(index)
    for table, numbers in _tables(doc, found):
        grid = _grid(folder, table)
        rows = _matching(grid, codes)
        numbers += [number for number, _station in rows]
        found.stations += [station for _number, station in rows if station]
    found.stations = list(dict.fromkeys(found.stations))
    return found


def remove_rows(folder: Path, doc: Any, codes: set[str]) -> Rows:
    """Remove the rows of these contests from the tables (each earlier table kept, dated, in
    history/); the rows removed. A table that changed meanwhile or could not be written keeps
    its rows (not among those returned)."""
    removed = Rows()
    for table, numbers in _tables(doc, removed):
        grid = _grid(folder, table)
        rows = [number for number, _station in _matching(grid, codes)]
        if grid is None or not rows:
            continue
        try:
            api.remove_protocol_rows(folder, rows, grid.version, table=table)
        except AppealError:
            continue
        numbers += rows
    return removed


def _tables(doc: Any, rows: Rows) -> list[tuple[str | None, list[int]]]:
    """The tables a contest's rows are in (None: the protocol table), with the list of each."""
    official = official_table(doc)
    return [(None, rows.protocols)] + ([(official, rows.official)] if official else [])


def _grid(folder: Path, table: str | None) -> Any:
    try:
        return api.protocol_grid(folder, table)
    except AppealError:
        return None  # a table that cannot be read: its page says why; nothing removed here


def _matching(grid: Any, codes: set[str]) -> list[tuple[int, str]]:
    """The rows of a grid whose contest column holds one of the codes: (number, station)."""
    header = [name.strip().lower() for name in grid.header] if grid else []
    if "contest" not in header:
        return []
    column = header.index("contest")
    station = header.index("station") if "station" in header else None

    def cell(cells: list[str], at: int | None) -> str:
        return cells[at].strip() if at is not None and at < len(cells) else ""

    return [(n, cell(cells, station)) for n, cells in grid.rows if cell(cells, column) in codes]
