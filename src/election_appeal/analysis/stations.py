"""Attachment 1: the protocol copies station by station: both contests and their difference, or
the one contest of a case without a comparison."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from ..case.figures import ArrayView
from ..case.protocols import LINE_COLUMNS, Protocol
from .protocols import MARKED_LINES, Violation

SIDES = ("first", "second")


@dataclass(frozen=True, slots=True)  # a national table has hundreds of thousands
class PartyCells:
    """One figure at one station (a party's votes or a protocol line): first, second and
    second − first (None where unknown)."""

    first: int | None
    second: int | None
    difference: int | None


# Side ("first", "second") → column (a protocol line) → the ratios broken there, in the order
# of RULES. Most stations break none: they share one empty mapping.
Marks = Mapping[str, Mapping[str, tuple[str, ...]]]
NO_MARKS: Marks = MappingProxyType({side: MappingProxyType({}) for side in SIDES})
# (side, column) → the official figure a copy's cell differs from (analysis/official.py); the
# column is a protocol line or a party id. Most stations have none: they share one empty mapping.
OfficialMarks = Mapping[tuple[str, str], int]
NO_OFFICIAL: OfficialMarks = MappingProxyType({})


@dataclass(frozen=True, slots=True)  # a national table has tens of thousands
class StationRow:
    """One station of the attachment: its protocol lines and party votes in both contests,
    the control ratios its copies break, and the cells those ratios mark."""

    station: str
    district: str
    kind: str
    source: str
    parties: Mapping[str, PartyCells]
    violations: Sequence[Violation]
    lines: Mapping[str, PartyCells]
    marks: Marks
    # The cells where the copy differs from the official figure, with that figure.
    official: OfficialMarks = field(default_factory=lambda: NO_OFFICIAL)


# Stands for an unknown figure in CellStore: a difference may be any whole number but this.
_UNKNOWN = -(2**63)


class CellStore:
    """The cells of every station of a table, three integers each (first, second, difference),
    one after another in one array: a station's dozen PartyCells, held as objects, took some
    1.2 KB of a national build's memory; here they take 288 bytes, and a station's row makes
    each PartyCells when it is asked for."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values = array("q")

    def add(self, keys: Mapping[str, int], cells: Sequence[PartyCells]) -> StationCells:
        """Keep one station's cells, in the order of `keys` (name → position, shared by the
        stations); the mapping that reads them back."""
        offset = len(self._values)
        self._values.extend(
            _UNKNOWN if v is None else v for c in cells for v in (c.first, c.second, c.difference)
        )
        return StationCells(keys, self._values, offset)


class StationCells(ArrayView[PartyCells]):
    """One station's cells by name (parties or protocol lines), read from the table's store."""

    __slots__ = ()

    def __getitem__(self, key: str) -> PartyCells:
        at = self._offset + 3 * self._keys[key]
        first, second, difference = self._values[at : at + 3]
        return PartyCells(
            None if first == _UNKNOWN else first,
            None if second == _UNKNOWN else second,
            None if difference == _UNKNOWN else difference,
        )

    def side(self, keys: Sequence[str], position: int) -> list[int | None]:
        """The figures of `keys` at one position (0 first, 1 second, 2 difference), without
        making their cells: what a writer of every station's row asks for."""
        values, offset, at = self._values, self._offset + position, self._keys
        return [None if (v := values[offset + 3 * at[k]]) == _UNKNOWN else v for k in keys]


_POSITION = {"first": 0, "second": 1, "difference": 2}


def side_figures(
    cells: Mapping[str, PartyCells], keys: Sequence[str], side: str
) -> list[int | None]:
    """The figures of `keys` on one side of a station's cells ("first", "second" or
    "difference"), None where unknown."""
    if isinstance(cells, StationCells):
        return cells.side(keys, _POSITION[side])
    return [getattr(cells[key], side) for key in keys]


@dataclass(frozen=True)
class StationTable:
    """All stations in the order of the protocol table, and the totals over known figures."""

    rows: list[StationRow]
    totals: dict[str, PartyCells]
    line_totals: dict[str, PartyCells]
    # Whether any copy of the case has the line "against all" (ballots since 2023): the
    # attachment shows that column only then.
    against_all: bool

    @property
    def line_columns(self) -> tuple[str, ...]:
        """The protocol lines the attachment shows, in the order of the form."""
        return tuple(c for c in LINE_COLUMNS if c != "against_all" or self.against_all)

    @cached_property
    def longest_words(self) -> dict[str, int]:
        """The longest word of each text column (station, district, kind, source), in
        characters: the room a layout must give a column that is not to break a word."""
        longest = dict.fromkeys(("station", "district", "kind", "source"), 0)
        for row in self.rows:
            for column in longest:
                for word in str(getattr(row, column) or "").split():
                    longest[column] = max(longest[column], len(word))
        return longest

    @cached_property
    def largest(self) -> dict[str, PartyCells]:
        """For each party and each protocol line, the largest absolute first, second and
        difference over the stations and the totals: the figure a column must give room to."""
        found: dict[str, list[int]] = {}
        for totals in (self.totals, self.line_totals):
            for key, total in totals.items():
                found[key] = [abs(v) if v is not None else 0 for v in _figures(total)]
        parties, lines = tuple(self.totals), tuple(self.line_totals)
        for row in self.rows:
            for cells, keys in ((row.parties, parties), (row.lines, lines)):
                for position, side in enumerate(_POSITION):
                    for key, value in zip(keys, side_figures(cells, keys, side), strict=True):
                        if value is not None and abs(value) > found[key][position]:
                            found[key][position] = abs(value)
        return {key: PartyCells(*values) for key, values in found.items()}

    @cached_property
    def most_marks(self) -> dict[str, int]:
        """For each protocol line, the most ratios one of its cells is marked with."""
        most = dict.fromkeys(LINE_COLUMNS, 0)
        for row in self.rows:
            for side in row.marks.values():
                for line, rules in side.items():
                    most[line] = max(most[line], len(rules))
        return most

    @cached_property
    def largest_official(self) -> dict[str, int | None]:
        """For each protocol line and party, the largest official figure a copy's cell of that
        column is marked with (None: no cell of the column differs from the official one)."""
        largest: dict[str, int | None] = dict.fromkeys([*self.line_totals, *self.totals])
        for row in self.rows:
            for (_side, column), figure in row.official.items():
                known = largest.get(column)
                largest[column] = figure if known is None else max(known, figure, key=abs)
        return largest


def _figures(cell: PartyCells) -> tuple[int | None, int | None, int | None]:
    return cell.first, cell.second, cell.difference


def _difference(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else b - a


class _Totals:
    """Each column's totals, added station by station: first and second over the known
    figures, the difference over the stations with both; None where none is known."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        self.sums: list[list[int | None]] = [[None, None, None] for _ in self.keys]

    def add(self, cells: Sequence[PartyCells]) -> None:
        for sums, cell in zip(self.sums, cells, strict=True):
            for index, value in enumerate((cell.first, cell.second, cell.difference)):
                if value is not None:
                    known = sums[index]
                    sums[index] = value if known is None else known + value

    def cells(self) -> dict[str, PartyCells]:
        return {key: PartyCells(*sums) for key, sums in zip(self.keys, self.sums, strict=True)}


def cell_marks(violations: Sequence[Violation], first: str, second: str | None) -> Marks:
    """Which line cells of a station the broken ratios mark: each ratio marks the lines it
    sets against each other (MARKED_LINES) in the row of the contest whose copy breaks it."""
    if not violations:
        return NO_MARKS
    marks: dict[str, dict[str, tuple[str, ...]]] = {side: {} for side in SIDES}
    side_of = {first: "first"} | ({second: "second"} if second else {})
    for v in violations:
        side = side_of.get(v.contest)
        if side is None:
            continue
        for line in MARKED_LINES[v.rule]:
            marks[side][line] = (*marks[side].get(line, ()), v.rule)
    return marks


def _cells(a: Protocol | None, b: Protocol | None, key: str, votes: bool) -> PartyCells:
    x = (a.votes if votes else a.lines)[key] if a else None
    y = (b.votes if votes else b.lines)[key] if b else None
    return PartyCells(x, y, _difference(x, y))


def station_table(
    protocols: Sequence[Protocol],
    first: str,
    second: str | None,
    party_ids: Sequence[str],
    violations: Sequence[Violation],
    official: Mapping[str, OfficialMarks] | None = None,
) -> StationTable:
    """Every station with copies of either contest; totals add the known figures only, and the
    total difference adds only stations with both copies. `second` None: a case of one
    contest, whose second cells and differences stay empty. `official`: by station, the cells
    that differ from the official figures (analysis/official.py `official_marks`)."""
    copies: dict[str, dict[str, Protocol]] = {}
    for p in protocols:
        copies.setdefault(p.station, {}).setdefault(p.contest, p)
    # Grouped once: a scan of every violation per station is quadratic on a national table.
    broken_at: dict[str, list[Violation]] = {}
    for v in violations:
        broken_at.setdefault(v.station, []).append(v)
    rows = []
    store = CellStore()
    party_at = {party: i for i, party in enumerate(party_ids)}
    line_at = {line: i for i, line in enumerate(LINE_COLUMNS)}
    totals, line_totals = _Totals(party_ids), _Totals(LINE_COLUMNS)
    for station, by_contest in copies.items():
        a, b = by_contest.get(first), by_contest.get(second) if second else None
        described = a or b
        if described is None:
            continue  # copies of a contest the table does not show
        broken = broken_at.get(station, [])
        parties = [_cells(a, b, party, votes=True) for party in party_ids]
        lines = [_cells(a, b, line, votes=False) for line in LINE_COLUMNS]
        totals.add(parties)
        line_totals.add(lines)
        rows.append(
            StationRow(
                station,
                described.district,
                described.kind,
                described.source,
                store.add(party_at, parties),
                broken,
                store.add(line_at, lines),
                cell_marks(broken, first, second),
                (official or {}).get(station, NO_OFFICIAL),
            )
        )
    shown = (first, second or first)
    against_all = any(p.lines["against_all"] is not None for p in protocols if p.contest in shown)
    return StationTable(rows, totals.cells(), line_totals.cells(), against_all)
