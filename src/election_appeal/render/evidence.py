"""What the appeal says of its evidence, the observers' copies of the protocols: where the
copies of each source come from (the protocol table's source column and the copies table's
rows), and which copies the copies attachment holds. Only what the case records: a copy is
said to be certified when its row says both the commission's signature and its stamp are on
it, never otherwise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..case import CaseData
from ..case.protocols import Protocol

# Names of those who received or gave the copies of one source, listed before «and N more».
NAMES_SHOWN = 5
# Stations the register names one by one; beyond, it counts them.
STATIONS_LISTED = 12


@dataclass(frozen=True)
class SourceProvenance:
    """What the case records of where the copies of one source come from: the protocol
    table's source column and, where a copies table (copies.csv) has a row, who received each
    copy, from whom, when, and whether the commission's signature and stamp are on it. Empty
    or None where nothing is recorded; nothing is inferred."""

    source: str | None  # in the documents' words; None: the source column is empty
    copies: int  # protocol copies of this source (rows of the protocol table)
    described: int  # of those, copies with a row in the copies table
    received_by: tuple[str, ...]  # at most NAMES_SHOWN, in the order of the table
    more_received_by: int  # further names not shown
    received_from: tuple[str, ...]
    more_received_from: int
    first_day: datetime.date | None  # the earliest day a copy was received
    last_day: datetime.date | None  # the latest (the same day when only one)
    certified: int  # copies recorded with both the commission's signature and its stamp
    uncertified: int  # copies recorded without the signature or without the stamp

    @property
    def recorded(self) -> bool:
        """Whether the case records anything of these copies beyond their source."""
        return bool(
            self.received_by
            or self.received_from
            or self.first_day
            or self.certified
            or self.uncertified
        )


def _shown(names: list[str]) -> tuple[tuple[str, ...], int]:
    """The distinct names, in order: those shown, and how many more there are."""
    distinct = list(dict.fromkeys(name for name in names if name))
    return tuple(distinct[:NAMES_SHOWN]), max(0, len(distinct) - NAMES_SHOWN)


def source_provenance(data: CaseData, words: dict[str, str]) -> tuple[SourceProvenance, ...]:
    """The provenance of the copies by source: named sources by name, then the copies whose
    source is not stated; `words` gives a source in the documents' language."""
    given = data.copies.provenance if data.copies is not None else {}
    by_source: dict[str, list[Protocol]] = {}
    for protocol in data.protocols.protocols:
        by_source.setdefault(protocol.source, []).append(protocol)
    ordered = sorted(s for s in by_source if s) + ([""] if "" in by_source else [])
    found = []
    for source in ordered:
        rows = [given.get((p.station, p.contest)) for p in by_source[source]]
        known = [row for row in rows if row is not None]
        days = sorted(row.received_on.day for row in known if row.received_on is not None)
        received_by, more_by = _shown([row.received_by for row in known])
        received_from, more_from = _shown([row.received_from for row in known])
        found.append(
            SourceProvenance(
                source=words.get(source, source) if source else None,
                copies=len(rows),
                described=len(known),
                received_by=received_by,
                more_received_by=more_by,
                received_from=received_from,
                more_received_from=more_from,
                first_day=days[0] if days else None,
                last_day=days[-1] if days else None,
                certified=sum(1 for row in known if row.signed and row.stamped),
                uncertified=sum(1 for row in known if row.signed is False or row.stamped is False),
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class AttachedCopies:
    """What the register says of the copies attached: the stations whose copies have a file,
    named when they are few, and how many of the copies the case records as bearing the
    commission's signature and stamp."""

    stations: tuple[str, ...]  # in the order of the protocol table
    listed: bool  # the register names them one by one (else it counts them)
    copies: int  # protocol copies with a file (a copy of each contest counts once)
    certified: int  # of those, recorded with both the signature and the stamp


def attached_copies(data: CaseData) -> AttachedCopies | None:
    """The copies the copies attachment holds, or None when the case has no copy file."""
    copies = data.copies
    if copies is None or not copies.files:
        return None
    attached = copies.copies()  # the files are in the protocol table's order (load_copies)
    stations = list(dict.fromkeys(station for station, _contest in attached))
    certified = 0
    for key in attached:
        row = copies.provenance.get(key)
        certified += bool(row is not None and row.signed and row.stamped)
    return AttachedCopies(
        tuple(stations), len(stations) <= STATIONS_LISTED, len(attached), certified
    )
