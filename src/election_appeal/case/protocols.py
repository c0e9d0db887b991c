"""The observers' copies of polling-station protocols: one row per physical protocol."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Severity
from ..i18n import gettext as _
from .numbers import NumberFormatError, parse_count
from .tables import Table, cell_text, read_sheet

DESCRIPTIVE_COLUMNS = ("station", "district", "kind", "source", "contest")
# The lines of a party-list protocol, in the order they appear on the form.
LINE_COLUMNS = (
    "voters_on_list",
    "ballots_received",
    "ballots_issued",
    "ballots_cancelled",
    "ballots_in_boxes",
    "invalid",
    "against_all",
)
REQUIRED_COLUMNS = ("station", "contest")


@dataclass(frozen=True)
class Protocol:
    """One protocol copy; None where the copy does not show a figure."""

    row: int
    station: str
    district: str
    kind: str
    source: str
    contest: str
    lines: dict[str, int | None]
    votes: dict[str, int | None]


@dataclass(frozen=True)
class ProtocolSet:
    """All protocol copies of a case, with the file they came from."""

    file: str
    protocols: list[Protocol]

    def stations(self) -> list[str]:
        """Station ids in the order they first appear in the file."""
        return list(dict.fromkeys(p.station for p in self.protocols))

    def words(self) -> list[str]:
        """The texts of the table a document shows in words (districts, kinds, sources)."""
        return [text for p in self.protocols for text in (p.district, p.kind, p.source)]

    def sources(self) -> dict[str, int]:
        """How many stations each source (observer organisation) provided."""
        by_source: dict[str, set[str]] = defaultdict(set)
        for p in self.protocols:
            by_source[p.source or "—"].add(p.station)
        return {source: len(stations) for source, stations in sorted(by_source.items())}


def read_protocols(
    path: Path, display: str, party_ids: list[str], contest_ids: list[str]
) -> tuple[ProtocolSet, list[Problem]]:
    """Read and check the protocol table; every problem is returned, none is raised."""
    file, display, protocols, problems = read_protocol_rows(path, display, party_ids, contest_ids)
    problems += _check_pairs(protocols, display)
    return ProtocolSet(file, protocols), problems


def read_protocol_rows(
    path: Path, display: str, party_ids: list[str], contest_ids: list[str]
) -> tuple[str, str, list[Protocol], list[Problem]]:
    """The rows of a table with the protocol table's columns, each checked on its own, with
    the name the set keeps and the name the problems show; no row when the header is wrong."""
    table = read_sheet(path, display)
    # The set keeps the file's name: it goes into manifest.json, which must not change with the
    # interface language; the problems name the sheet of a workbook too, in that language.
    file, display = display, table.display
    columns, problems = _check_header(table, display, party_ids)
    problems = table.problems + problems
    protocols: list[Protocol] = []
    if any(p.severity is Severity.ERROR for p in problems):
        return file, display, protocols, problems
    for number, cells in table.rows:
        record = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        protocol, row_problems = _read_row(number, record, display, party_ids, contest_ids)
        problems += row_problems
        if protocol is not None:
            protocols.append(protocol)
    return file, display, protocols, problems


def _check_header(
    table: Table, display: str, party_ids: list[str]
) -> tuple[dict[str, int], list[Problem]]:
    known = (*DESCRIPTIVE_COLUMNS, *LINE_COLUMNS, *party_ids)
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    where = "row 1"
    for index, raw in enumerate(table.header):
        name = raw.strip().lower()
        if not name:
            continue
        if name in columns:
            problems.append(Problem(display, where, raw, _("this column appears twice")))
        columns[name] = index
    unknown = [name for name in columns if name not in known]
    if unknown:
        listed = ", ".join(_('"{value}"').format(value=name) for name in unknown)
        message = _(
            "unknown column(s) {columns}; a column must be one of the protocol lines "
            "({lines}), station, district, kind, source, contest, "
            "or a party id from case.yaml ({parties})"
        ).format(columns=listed, lines=", ".join(LINE_COLUMNS), parties=", ".join(party_ids))
        problems.append(Problem(display, where, "", message))
    for name in (*REQUIRED_COLUMNS, *party_ids):
        if name not in columns:
            message = (
                _('the party column "{column}" is missing')
                if name in party_ids
                else _('the required column "{column}" is missing')
            )
            problems.append(Problem(display, where, "", message.format(column=name)))
    return columns, problems


def _read_row(
    number: int,
    record: dict[str, object],
    display: str,
    party_ids: list[str],
    contest_ids: list[str],
) -> tuple[Protocol | None, list[Problem]]:
    where = f"row {number}"
    problems: list[Problem] = []

    def count(column: str) -> int | None:
        try:
            return parse_count(record.get(column))
        except NumberFormatError as exc:
            problems.append(Problem(display, where, column, str(exc)))
            return None

    station, contest = cell_text(record["station"]), cell_text(record["contest"]).lower()
    if not station:
        problems.append(Problem(display, where, "station", _("the station number is missing")))
    if not contest:
        problems.append(Problem(display, where, "contest", _("the contest id is missing")))
    elif contest not in contest_ids:
        known = ", ".join(contest_ids)
        message = _('"{contest}" is not a contest of case.yaml (known: {known})').format(
            contest=contest, known=known
        )
        problems.append(Problem(display, where, "contest", message))
    lines = {column: count(column) for column in LINE_COLUMNS}
    votes = {party: count(party) for party in party_ids}
    if all(v is None for v in votes.values()) and station:
        message = _("no party has a vote count in this row; the row is left out of the statistics")
        problems.append(Problem(display, where, "", message, Severity.WARNING))
    if not station or contest not in contest_ids:
        return None, problems
    # A row with a bad count is kept (the count as unknown) so that the pairing checks below
    # see every station; the errors stop the build anyway.
    descriptive = {c: cell_text(record.get(c)) for c in ("district", "kind", "source")}
    return Protocol(
        number, station, contest=contest, lines=lines, votes=votes, **descriptive
    ), problems


def _check_pairs(protocols: list[Protocol], display: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    contests_of: dict[str, list[Protocol]] = defaultdict(list)
    for p in protocols:
        key = (p.station, p.contest)
        if key in seen:
            message = _(
                "station {station} already has a {contest} protocol in row {row}; "
                "keep one row per protocol"
            ).format(station=p.station, contest=p.contest, row=seen[key])
            problems.append(Problem(display, f"row {p.row}", "station", message))
        else:
            seen[key] = p.row
            contests_of[p.station].append(p)
    all_contests = {p.contest for p in protocols}
    for station, rows in contests_of.items():
        missing = sorted(all_contests - {p.contest for p in rows})
        if missing:
            message = _(
                "station {station} has no {contests} protocol; "
                "it is left out of the paired statistics"
            ).format(station=station, contests=", ".join(missing))
            problems.append(
                Problem(display, f"row {rows[0].row}", "station", message, Severity.WARNING)
            )
    return problems
