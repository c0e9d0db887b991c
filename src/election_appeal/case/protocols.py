"""The observers' copies of polling-station protocols: one row per physical protocol."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, Severity
from ..i18n import gettext as _
from .figures import FigureStore
from .numbers import NumberFormatError, parse_count
from .tables import SheetRows, cell_text, stream_sheet

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


@dataclass(frozen=True, slots=True)  # a national table has tens of thousands
class Protocol:
    """One protocol copy; None where the copy does not show a figure."""

    row: int
    station: str
    district: str
    kind: str
    source: str
    contest: str
    lines: Mapping[str, int | None]
    votes: Mapping[str, int | None]


@dataclass(frozen=True)
class ProtocolSet:
    """All protocol copies of a case, with the file they came from."""

    file: str
    protocols: list[Protocol]
    # The protocol lines the table has no column for: their figures are unknown in every row,
    # which is not the same as a line the ballot does not have (case/ballot_lines.py).
    absent: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class ContestNames:
    """How a table's `contest` column may name the contests of case.yaml: by id, or by a short
    title as the documents show it («Маслихат», in either language), whatever the letter case;
    and, in a case of one contest, not at all (every row is of that contest)."""

    ids: list[str]
    # Each contest's short titles as case.yaml writes them (those shared by two contests left
    # out: they would name neither).
    titles: Mapping[str, list[str]] = field(default_factory=dict)

    def find(self, typed: str) -> str | None:
        """The id of the contest a cell names; None when it names none."""
        key = typed.casefold()
        for contest in self.ids:  # an id first: a title is never taken for another's id
            if contest.casefold() == key:
                return contest
        for contest in self.ids:
            if any(title.casefold() == key for title in self.titles.get(contest, [])):
                return contest
        return None

    def known(self) -> str:
        """The ids and short titles a cell may hold, for a message: maslikhat («Маслихат»)."""
        return ", ".join(
            contest + (f" ({', '.join(f'«{t}»' for t in titles)})" if titles else "")
            for contest in self.ids
            for titles in [self.titles.get(contest, [])]
        )

    @property
    def only(self) -> str | None:
        """The one contest of a case of one contest."""
        return self.ids[0] if len(self.ids) == 1 else None


def contest_names(data: object, contest_ids: list[str]) -> ContestNames:
    """The contests of a case.yaml's data (read as far as it can be) as a table may name them:
    by id or by short title (a text, or one per language)."""
    contests = data.get("contests") if isinstance(data, dict) else None
    written: dict[str, list[str]] = defaultdict(list)
    for contest in contests if isinstance(contests, list) else []:
        if not isinstance(contest, dict) or contest.get("id") not in contest_ids:
            continue
        short = contest.get("short_title")
        for text in short.values() if isinstance(short, dict) else [short]:
            if (
                isinstance(text, str)
                and text.strip()
                and text.strip() not in written[contest["id"]]
            ):
                written[contest["id"]].append(text.strip())
    shared = Counter(
        title.casefold() for titles in written.values() for title in {t.casefold() for t in titles}
    )
    titles = {
        contest: [t for t in found if shared[t.casefold()] == 1]
        for contest, found in written.items()
    }
    return ContestNames(list(contest_ids), titles)


def read_protocols(
    path: Path,
    display: str,
    party_ids: list[str],
    contest_ids: list[str] | ContestNames,
    names: dict[str, str] | None = None,
) -> tuple[ProtocolSet, list[Problem]]:
    """Read and check the protocol table; every problem is returned, none is raised. `names`:
    the contests' names by id, as the messages call them."""
    file, display, protocols, problems, absent = read_protocol_rows(
        path, display, party_ids, contest_ids
    )
    problems += _check_pairs(protocols, display, names or {})
    return ProtocolSet(file, protocols, absent), problems


def read_protocol_rows(
    path: Path, display: str, party_ids: list[str], contest_ids: list[str] | ContestNames
) -> tuple[str, str, list[Protocol], list[Problem], tuple[str, ...]]:
    """The rows of a table with the protocol table's columns, each checked on its own, with
    the name the set keeps, the name the problems show and the protocol lines it has no column
    for; no row when the header is wrong, but every row's own errors all the same, so that
    one reading lists every problem.

    The table is read one row at a time and each row kept compactly (its figures in one
    integer array of the table, each repeated text once): a national table is never held as
    cells beside the protocols made of them."""
    contests = contest_ids if isinstance(contest_ids, ContestNames) else ContestNames(contest_ids)
    sheet = stream_sheet(path, display)
    # The set keeps the file's name: it goes into manifest.json, which must not change with the
    # interface language; the problems name the sheet of a workbook too, in that language.
    file, display = display, sheet.display
    columns, problems = _check_header(sheet, display, party_ids, contests)
    absent = tuple(line for line in LINE_COLUMNS if line not in columns)
    protocols: list[Protocol] = []
    row_problems = list(_read_rows(sheet.rows, columns, display, party_ids, contests, protocols))
    if _has_error(problems):
        # The rows are read all the same for their own errors (a figure that is no number):
        # the user corrects the header and the cells in one go.
        errors = [p for p in row_problems if p.severity is Severity.ERROR]
        return file, display, [], [*sheet.problems, *problems, *errors], absent
    if _has_error(sheet.problems):  # a cell that had to be cleaned: its row is not to be used
        return file, display, [], [*sheet.problems, *problems], absent
    return file, display, protocols, [*sheet.problems, *problems, *row_problems], absent


def _has_error(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _read_rows(
    rows: Iterator[tuple[int, list[object]]],
    columns: dict[str, int],
    display: str,
    party_ids: list[str],
    contests: ContestNames,
    protocols: list[Protocol],
) -> Iterator[Problem]:
    """Each row's problems; its protocol, when it has one, appended to `protocols`."""
    store = FigureStore()
    lines_at = {column: i for i, column in enumerate(LINE_COLUMNS)}
    votes_at = {party: i for i, party in enumerate(party_ids)}
    texts: dict[str, str] = {}  # each distinct text once: districts repeat on every row
    for number, cells in rows:
        record = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        protocol, problems = _read_row(number, record, display, party_ids, contests)
        yield from problems
        if protocol is not None:
            protocols.append(_compact(protocol, store, lines_at, votes_at, texts))


def _compact(
    protocol: Protocol,
    store: FigureStore,
    lines_at: dict[str, int],
    votes_at: dict[str, int],
    texts: dict[str, str],
) -> Protocol:
    """The protocol with its figures in the table's store and its texts shared."""

    def shared(text: str) -> str:
        return texts.setdefault(text, text)

    return Protocol(
        protocol.row,
        shared(protocol.station),
        shared(protocol.district),
        shared(protocol.kind),
        shared(protocol.source),
        shared(protocol.contest),
        store.add(lines_at, [protocol.lines[c] for c in LINE_COLUMNS]),
        store.add(votes_at, [protocol.votes[p] for p in votes_at]),
    )


def _check_header(
    table: SheetRows, display: str, party_ids: list[str], contests: ContestNames
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
        message += "".join(_misspelt(name, known, columns) for name in unknown)
        problems.append(Problem(display, where, "", message))
    # A case of one contest needs no contest column: every row is of that contest.
    required = [c for c in REQUIRED_COLUMNS if c != "contest" or contests.only is None]
    for name in (*required, *party_ids):
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
    contests: ContestNames,
) -> tuple[Protocol | None, list[Problem]]:
    where = f"row {number}"
    problems: list[Problem] = []

    def count(column: str) -> int | None:
        try:
            return parse_count(record.get(column))
        except NumberFormatError as exc:
            problems.append(Problem(display, where, column, str(exc)))
            return None

    station = cell_text(record.get("station"))
    contest = _contest_of(record, contests, display, where, problems)
    if not station and "station" in record:
        problems.append(Problem(display, where, "station", _("the station number is missing")))
    lines = {column: count(column) for column in LINE_COLUMNS}
    votes = {party: count(party) for party in party_ids}
    if all(v is None for v in votes.values()) and station:
        message = _("no party has a vote count in this row; the row is left out of the statistics")
        problems.append(Problem(display, where, "", message, Severity.WARNING))
    if not station or contest is None:
        return None, problems
    # A row with a bad count is kept (the count as unknown) so that the pairing checks below
    # see every station; the errors stop the build anyway.
    descriptive = {c: cell_text(record.get(c)) for c in ("district", "kind", "source")}
    return Protocol(
        number, station, contest=contest, lines=lines, votes=votes, **descriptive
    ), problems


def _contest_of(
    record: dict[str, object],
    contests: ContestNames,
    display: str,
    where: str,
    problems: list[Problem],
) -> str | None:
    """The id of the contest a row is of: named in its cell, or the one contest of the case
    when the table has no contest column (a missing column of a case of several is said once,
    of the header)."""
    if "contest" not in record:
        return contests.only
    typed = cell_text(record["contest"])
    if not typed:
        if contests.only is not None:
            return contests.only
        problems.append(Problem(display, where, "contest", _("the contest id is missing")))
        return None
    found = contests.find(typed)
    if found is None:
        message = _('"{contest}" is not a contest of case.yaml (known: {known})').format(
            contest=typed, known=contests.known()
        )
        problems.append(Problem(display, where, "contest", message))
    return found


def _check_pairs(protocols: list[Protocol], display: str, names: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    contests_of: dict[str, list[Protocol]] = defaultdict(list)
    for p in protocols:
        key = (p.station, p.contest)
        if key in seen:
            message = _(
                'station {station} already has a protocol of "{contest}" in row {row}; keep one '
                "row per protocol: correct the station number or the contest of one of them"
            ).format(station=p.station, contest=names.get(p.contest, p.contest), row=seen[key])
            problems.append(Problem(display, f"row {p.row}", "station", message))
        else:
            seen[key] = p.row
            contests_of[p.station].append(p)
    all_contests = {p.contest for p in protocols}
    for station, rows in contests_of.items():
        missing = sorted(all_contests - {p.contest for p in rows})
        if missing:
            message = _(
                "station {station} has no protocol of {contests}; it is left out of the paired "
                "statistics"
            ).format(
                station=station,
                contests=", ".join(_('"{value}"').format(value=names.get(c, c)) for c in missing),
            )
            problems.append(
                Problem(display, f"row {rows[0].row}", "station", message, Severity.WARNING)
            )
    return problems


def _misspelt(name: str, known: tuple[str, ...], present: dict[str, int]) -> str:
    """What to do with an unknown column that is a slip for a missing one (nur_oton for
    nur_otan), as a sentence to add to the message; "" when it is not like any."""
    import difflib

    missing = [column for column in known if column not in present]
    like = difflib.get_close_matches(name, missing, n=1, cutoff=0.75)
    if not like:
        return ""
    return "; " + _('if "{column}" is meant to be "{known}", correct its name in row 1').format(
        column=name, known=like[0]
    )
