"""Every count the documents print about the copies — stations, copies, sources — from one place.

A sentence that says "copies of both protocols of N stations" and then lists the sources must
list them over the same N stations: `SourceCount.paired` adds up, with `mixed_paired`, to
`paired`; `SourceCount.stations` counts the stations where a source gave any copy, which add up
to `stations` only when no station has copies from two sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..case.protocols import Protocol

UNNAMED = None  # the source of a copy whose source column is empty


@dataclass(frozen=True)
class SourceCount:
    """What one source (observer organisation) gave; `source` is None for copies without one."""

    source: str | None
    stations: int  # stations where it gave at least one copy
    paired: int  # stations with copies of both compared contests, both from this source
    copies: int  # protocol copies (rows of the protocol table)
    with_file: int | None  # of its copies, those with a file in the copies folder


@dataclass(frozen=True)
class CopyCounts:
    """The counts of the copies, each defined once; see the module's note for what adds up."""

    stations_in_territory: int
    stations: int  # stations with at least one copy
    paired: int  # stations with a copy of each compared contest (the sample's stations)
    only: dict[str, int]  # by compared contest: stations with its copy but not the other's
    copies: int  # protocol copies, of every contest
    by_contest: dict[str, int]  # copies per contest
    sources: list[SourceCount]  # named sources by name, then the unnamed one
    mixed_paired: int  # paired stations whose two copies come from different sources
    with_file: int | None  # copies with a file in the copies folder; None without a folder
    copy_files: int | None  # files in the copies folder (a PDF counts once)

    @property
    def single(self) -> int:
        """Stations with a copy of one compared contest only (or of other contests only)."""
        return self.stations - self.paired

    @property
    def named_sources(self) -> bool:
        """Whether any copy names its source."""
        return any(s.source is not UNNAMED for s in self.sources)


def count_copies(
    protocols: Sequence[Protocol],
    compared: tuple[str, str] | None,
    contest_ids: Sequence[str],
    stations_in_territory: int,
    files: Sequence[tuple[str, str]] | None = None,
) -> CopyCounts:
    """The counts of a case's copies; `compared` are the two contests compared (None: no
    comparison, so no station is paired); `files` lists (station, contest) of each file of the
    copies folder (None when the case has no copies folder)."""
    first, second = compared or ("", "")
    by_station: dict[str, dict[str, Protocol]] = {}
    for p in protocols:
        by_station.setdefault(p.station, {}).setdefault(p.contest, p)
    with_file = set(files) if files is not None else None
    paired = mixed = 0
    only = dict.fromkeys(compared or (), 0)
    source_stations: dict[str | None, set[str]] = {}
    source_paired: dict[str | None, int] = {}
    source_copies: dict[str | None, int] = {}
    source_files: dict[str | None, int] = {}
    for station, copies in by_station.items():
        for p in copies.values():
            source = p.source or UNNAMED
            source_stations.setdefault(source, set()).add(station)
            source_copies[source] = source_copies.get(source, 0) + 1
            if with_file is not None and (station, p.contest) in with_file:
                source_files[source] = source_files.get(source, 0) + 1
        a, b = copies.get(first), copies.get(second)
        if a is not None and b is not None:
            paired += 1
            if (a.source or UNNAMED) == (b.source or UNNAMED):
                source = a.source or UNNAMED
                source_paired[source] = source_paired.get(source, 0) + 1
            else:
                mixed += 1
        elif compared is not None and (a is not None or b is not None):
            only[first if a is not None else second] += 1
    order = sorted(source_stations, key=lambda s: (s is UNNAMED, s or ""))
    sources = [
        SourceCount(
            source,
            len(source_stations[source]),
            source_paired.get(source, 0),
            source_copies[source],
            source_files.get(source, 0) if with_file is not None else None,
        )
        for source in order
    ]
    counted = [(p.station, p.contest) for c in by_station.values() for p in c.values()]
    return CopyCounts(
        stations_in_territory=stations_in_territory,
        stations=len(by_station),
        paired=paired,
        only=only,
        copies=len(counted),
        by_contest={c: sum(1 for _s, k in counted if k == c) for c in contest_ids},
        sources=sources,
        mixed_paired=mixed,
        with_file=sum(1 for key in counted if key in with_file) if with_file is not None else None,
        copy_files=len(files) if files is not None else None,
    )
