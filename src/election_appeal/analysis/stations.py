"""Attachment 1: the protocol copies station by station, both contests side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..case.protocols import Protocol
from .protocols import Violation


@dataclass(frozen=True)
class PartyCells:
    """One party at one station: first, second and second − first (None where unknown)."""

    first: int | None
    second: int | None
    difference: int | None


@dataclass(frozen=True)
class StationRow:
    """One station of the attachment, with the control ratios its copies break."""

    station: str
    district: str
    kind: str
    source: str
    parties: dict[str, PartyCells]
    violations: list[Violation]


@dataclass(frozen=True)
class StationTable:
    """All stations in the order of the protocol table, and the totals over known figures."""

    rows: list[StationRow]
    totals: dict[str, PartyCells]

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
        """For each party, the largest absolute first, second and difference over the stations
        and the totals: the figure a column must give room to."""
        largest = {}
        for party, total in self.totals.items():
            cells = [total, *(row.parties[party] for row in self.rows)]
            largest[party] = PartyCells(
                *(
                    max((abs(v) for c in cells if (v := getattr(c, name)) is not None), default=0)
                    for name in ("first", "second", "difference")
                )
            )
        return largest


def _difference(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else b - a


def station_table(
    protocols: Sequence[Protocol],
    first: str,
    second: str,
    party_ids: Sequence[str],
    violations: Sequence[Violation],
) -> StationTable:
    """Every station with copies of either contest; totals add the known figures only, and the
    total difference adds only stations with both copies."""
    copies: dict[str, dict[str, Protocol]] = {}
    for p in protocols:
        copies.setdefault(p.station, {}).setdefault(p.contest, p)
    # Grouped once: a scan of every violation per station is quadratic on a national table.
    broken_at: dict[str, list[Violation]] = {}
    for v in violations:
        broken_at.setdefault(v.station, []).append(v)
    rows = []
    for station, by_contest in copies.items():
        a, b = by_contest.get(first), by_contest.get(second)
        described = a or b
        assert described is not None
        cells = {}
        for party in party_ids:
            x = a.votes[party] if a else None
            y = b.votes[party] if b else None
            cells[party] = PartyCells(x, y, _difference(x, y))
        rows.append(
            StationRow(
                station,
                described.district,
                described.kind,
                described.source,
                cells,
                broken_at.get(station, []),
            )
        )
    totals = {
        party: PartyCells(
            sum(r.parties[party].first or 0 for r in rows),
            sum(r.parties[party].second or 0 for r in rows),
            sum(r.parties[party].difference or 0 for r in rows),
        )
        for party in party_ids
    }
    return StationTable(rows, totals)
