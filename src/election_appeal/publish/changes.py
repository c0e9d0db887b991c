"""changes.md: what a rebuild changed since the last build of the case, for people.

The last build's manifest.json keeps the protocol table cell by cell and every computed figure
under its JSON path; this build is compared with it. The cells are named as the user finds them
(file, station, contest, column); the figures that the appeal prints are named by table and
party and formatted with the document filters; the wording is the template changes.md.j2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..case import CaseData
    from ..case.protocols import Protocol

TEMPLATE = "changes.md.j2"
# A report a person can read: beyond this many changed cells, the rest are counted.
MAX_CELLS_LISTED = 1000
# The files of the build that are not documents.
BOOKKEEPING = frozenset({"manifest.json", "changes.md"})


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": [1, 2]}} → {"a.b[0]": 1, "a.b[1]": 2}: every figure under a readable path."""
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat |= flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return flat
    if isinstance(data, list) and not all(isinstance(x, str) for x in data):
        flat = {}
        for index, value in enumerate(data):
            flat |= flatten(value, f"{prefix}[{index}]")
        return flat
    return {prefix: data}


@dataclass(frozen=True)
class ProtocolCells:
    """The protocol table as manifest.json keeps it: the file and, per protocol, its cells;
    each row made when asked for, from the loaded protocols, so that a national case's 20 000
    rows are not held a second time."""

    file: str
    protocols: Sequence[Protocol]

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each protocol's row, in the order of the file."""
        return (self.row(p) for p in self.protocols)

    @staticmethod
    def row(p: Protocol) -> dict[str, Any]:
        return {"station": p.station, "contest": p.contest, "row": p.row, "cells": cells_of(p)}


def cells_of(p: Protocol) -> dict[str, Any]:
    """A protocol's cells by column: where it is from, its lines, its parties' votes."""
    return {"district": p.district, "kind": p.kind, "source": p.source, **p.lines, **p.votes}


def protocol_cells(data: CaseData) -> ProtocolCells:
    """The protocol table as manifest.json keeps it: the file and, per protocol, its cells."""
    file = Path(data.protocols.file)
    try:
        shown = str(file.resolve().relative_to(data.folder.resolve()))
    except ValueError:
        shown = str(file)
    return ProtocolCells(shown, data.protocols.protocols)


# The figures the appeal prints: a JSON path of the analysis → its table; the groups name the
# party (or total), the figure, and which allocation or end of an interval it is.
_FIGURES = tuple(
    (re.compile(pattern), table)
    for pattern, table in (
        (r"comparison\.parties\.(?P<party>\w+)\.(?P<figure>\w+)", "comparison"),
        (r"comparison\.totals\.(?P<party>\w+)\.(?P<figure>first|second|difference)", "totals"),
        # a case of one contest: its result and its seats with its own votes
        (r"result\.parties\.(?P<party>\w+)\.(?P<figure>votes|percent)", "result"),
        (r"result\.totals\.(?P<party>\w+)\.(?P<figure>value)", "result"),
        (r"seats\.seats\.(?P<party>\w+)\.(?P<figure>computed|awarded|difference)", "own_seats"),
        (r"seats\.official\.(?P<figure>quota)", "own_seats"),
        (
            r"seats\.official\.parties\.(?P<party>\w+)\.(?P<figure>percent|quotient|seats)",
            "own_seats",
        ),
        (r"hypothesis_1\.seats\.(?P<party>\w+)\.(?P<figure>\w+)", "seats"),
        (r"hypothesis_1\.(?P<variant>hypothetical|official)\.(?P<figure>quota)", "seats"),
        (
            r"hypothesis_1\.(?P<variant>hypothetical|official)\.parties\.(?P<party>\w+)\."
            r"(?P<figure>percent|quotient|seats)",
            "seats",
        ),
        (
            r"copies_funding\.parties\.(?P<party>\w+)\.(?P<figure>excess_votes|per_year|over_term)",
            "copies_funding",
        ),
        (r"copies_funding\.(?P<figure>overpaid_per_year|overpaid_over_term)", "copies_funding"),
        (r"hypothesis_2\.parties\.(?P<party>\w+)\.(?P<figure>\w+)", "funding"),
        (r"hypothesis_2\.(?P<figure>overpaid_per_year|overpaid_over_term)", "funding"),
        (r"hypothesis_2\.vote_value\.(?P<figure>per_year|over_term)", "vote_value"),
        (r"sample\.parties\.(?P<party>\w+)\.(?P<figure>\w+?)(?:\[(?P<variant>[01])\])?", "sample"),
        (r"sample\.(?P<figure>paired_stations|covered_votes)", "sample"),
    )
)
TABLE_ORDER = (
    "comparison",
    "totals",
    "result",
    "own_seats",
    "copies_funding",
    "seats",
    "funding",
    "vote_value",
    "sample",
)
# How each figure is printed in the appeal: the filter and its arguments.
_FORMATS: dict[str, tuple[str, tuple[Any, ...]]] = {
    **dict.fromkeys(
        ("first_votes", "second_votes", "first", "second", "awarded", "hypothetical", "seats"),
        ("votes", ()),
    ),
    **dict.fromkeys(("votes", "value", "computed"), ("votes", ())),
    **dict.fromkeys(
        ("funded_votes", "other_votes", "n_stations", "paired_stations", "covered_votes"),
        ("votes", ()),
    ),
    **dict.fromkeys(
        ("fewest_stations_for_gap", "stations_reaching_required", "standard_error"), ("votes", ())
    ),
    "z": ("signed", (1,)),
    **dict.fromkeys(("first_percent", "second_percent", "percent"), ("percent", ())),
    **dict.fromkeys(("difference", "excess_votes", "per_year", "over_term"), ("signed", ())),
    **dict.fromkeys(("sum_diff", "min_diff", "max_diff", "ratio_estimate"), ("signed", ())),
    **dict.fromkeys(("official_difference", "ci95", "ci99", "bootstrap_ci95"), ("signed", ())),
    **dict.fromkeys(("mean_diff", "defect_correlation"), ("signed", (2,))),
    "required_mean_unobserved": ("signed", (1,)),
    **dict.fromkeys(("quota", "quotient"), ("decimal", ())),
    "p_holm": ("pvalue", ()),
    **dict.fromkeys(("overpaid_per_year", "overpaid_over_term"), ("tenge", ())),
}


@dataclass(frozen=True)
class Figure:
    """A printed figure of the appeal: table, party (or total), figure, variant (the allocation,
    or 0/1 for the lower/upper end of an interval)."""

    table: str
    party: str | None
    figure: str
    variant: str | None = None

    @property
    def style(self) -> tuple[str, tuple[Any, ...]]:
        """The filter that prints it, and the filter's arguments."""
        if self.table == "vote_value":
            return ("tenge", ())
        return _FORMATS[self.figure]


def printed_figure(path: str) -> Figure | None:
    """Which printed figure a JSON path of the analysis is, or None for an internal one."""
    for pattern, table in _FIGURES:
        match = pattern.fullmatch(path)
        if match is not None and match["figure"] in _FORMATS:
            found = match.groupdict()
            return Figure(table, found.get("party"), match["figure"], found.get("variant"))
    return None


@dataclass(frozen=True)
class Changes:
    """What changed between the last build and this one, still as data."""

    file: str
    cells: list[tuple[str, str, str, Any, Any]]  # station, contest, column, old, new
    cells_known: bool
    protocols_added: list[tuple[str, str]]
    protocols_removed: list[tuple[str, str]]
    figures: list[tuple[Figure, Any, Any]]
    other_figures: int
    stations_added: list[str]
    stations_removed: list[str]
    documents: list[str]
    documents_removed: list[str] = field(default_factory=list)


def _stored_rows(protocols: Any) -> Iterable[dict[str, Any]]:
    """The rows of the last manifest's protocol cells (a list, or rows read from the file as
    they are iterated over)."""
    rows = protocols.get("rows", []) if isinstance(protocols, dict) else []
    return rows if isinstance(rows, Iterable) else []


def _cell_changes(old: Any, new: ProtocolCells) -> tuple[list[Any], list[Any], list[Any]]:
    """The cells that changed (in the order of the new table, its columns in their order), the
    protocols added (in the new order) and removed (in the old). The old rows are read one at
    a time, each compared with the new protocol of its station and contest."""
    position = {(p.station, p.contest): n for n, p in enumerate(new.protocols)}
    found: list[tuple[int, tuple[str, str, str, Any, Any]]] = []
    seen: set[int] = set()
    removed: dict[tuple[str, str], None] = {}
    for row in _stored_rows(old):
        key = (str(row["station"]), str(row["contest"]))
        index = position.get(key)
        if index is None:
            removed[key] = None
            continue
        seen.add(index)
        before = dict(row.get("cells", {}))
        found += [
            (index, (*key, column, before.get(column), value))
            for column, value in cells_of(new.protocols[index]).items()
            if before.get(column) != value
        ]
    found.sort(key=lambda item: item[0])  # stable: each row's columns stay in their order
    added = [key for key, index in position.items() if index not in seen]
    return [cell for _index, cell in found], added, list(removed)


def compare(
    old: dict[str, Any],
    new_figures: dict[str, Any],
    new_stations: list[str],
    new_protocols: ProtocolCells,
    new_outputs: dict[str, str],
) -> Changes:
    """The differences between the last manifest and this build."""
    old_figures = old.get("figures", {})
    changed = [
        (path, old_figures.get(path), new_figures.get(path))
        for path in sorted(set(old_figures) | set(new_figures))
        if old_figures.get(path) != new_figures.get(path)
    ]
    figures = [(f, a, b) for path, a, b in changed if (f := printed_figure(path)) is not None]
    old_stations, new_set = old.get("stations", []), set(new_stations)
    old_outputs = old.get("outputs", {})
    cells, added, removed = _cell_changes(old.get("protocols"), new_protocols)
    # Protocols of stations added or removed as a whole are said under the stations.
    old_set = set(old_stations)
    return Changes(
        file=new_protocols.file,
        cells=cells,
        cells_known="protocols" in old,
        protocols_added=[k for k in added if k[0] in old_set],
        protocols_removed=[k for k in removed if k[0] in new_set],
        figures=figures,
        other_figures=len(changed) - len(figures),
        stations_added=[s for s in new_stations if s not in old_set],
        stations_removed=[s for s in old_stations if s not in new_set],
        documents=[name for name, digest in new_outputs.items() if old_outputs.get(name) != digest],
        documents_removed=sorted(set(old_outputs) - set(new_outputs) - BOOKKEEPING),
    )


def _value(value: Any) -> Any:
    """A figure as the filters take it: the exact decimal strings of the JSON become Decimals."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _printer(language: str, templates: Path | None) -> tuple[Any, Any]:
    """The template environment of the documents, and a function that prints a figure with the
    filter the appeal uses for it."""
    from ..render.env import make_environment
    from ..render.formatting import NBSP

    env = make_environment(templates, locale=language)

    def shown(style: tuple[str, tuple[Any, ...]], value: Any) -> str:
        name, args = style
        if name == "percent":  # the JSON keeps the percentage itself, "13.49"
            text: str = env.filters["decimal"](_value(value), 2)
            return text if value is None else f"{text}{NBSP}%"
        return str(env.filters[name](_value(value), *args))

    return env, shown


def _cell(shown: Any, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(shown(("votes", ()), value))
    return str(value) if value not in (None, "") else "—"


def markdown(
    changes: Changes,
    data: CaseData,
    case_name: str,
    figures: dict[str, Any],
    templates: Path | None = None,
) -> str:
    """changes.md in the case's language, from the template changes.md.j2."""
    from ..case.texts import in_language
    from ..render.env import render_template

    case = in_language(data.case, data.case.language)  # its texts in its language
    env, shown = _printer(case.language, templates)
    ids = {c.id for c in case.contests}

    def label(role: str) -> str | None:
        contest = figures.get(role)
        return case.label(contest) if isinstance(contest, str) and contest in ids else None

    # In the order of the appeal: table by table, the parties in the case's order.
    party_order = {p.id: n for n, p in enumerate(case.parties)}
    ordered = sorted(
        enumerate(changes.figures),
        key=lambda item: (
            TABLE_ORDER.index(item[1][0].table),
            party_order.get(item[1][0].party or "", -1),
            item[0],
        ),
    )
    printed = []
    for _, (figure, old, new) in ordered:
        before, after = shown(figure.style, old), shown(figure.style, new)
        if before != after:  # a change below the printed precision is not a change on paper
            printed.append({**figure.__dict__, "old": before, "new": after})
    context = {
        "language": case.language,
        "case": case_name,
        "file": changes.file,
        "cells_known": changes.cells_known,
        "cells": [
            {
                "station": s,
                "contest": c,
                "column": col,
                "old": _cell(shown, a),
                "new": _cell(shown, b),
            }
            for s, c, col, a, b in changes.cells[:MAX_CELLS_LISTED]
        ],
        "cells_not_listed": max(0, len(changes.cells) - MAX_CELLS_LISTED),
        "protocols_added": changes.protocols_added,
        "protocols_removed": changes.protocols_removed,
        "stations_added": changes.stations_added,
        "stations_removed": changes.stations_removed,
        "figures": printed,
        "other_figures": changes.other_figures + len(changes.figures) - len(printed),
        "parties": {p.id: p.short_name for p in case.parties},
        "labels": {
            role: label(key)
            for role, key in (
                ("first", "comparison.first"),
                ("second", "comparison.second"),
                ("seats", "hypothesis_1.seat_contest"),
                ("votes", "hypothesis_1.votes_contest"),
                ("funded", "hypothesis_2.funded_contest"),
                ("other", "hypothesis_2.other_contest"),
            )
        },
        "documents": changes.documents,
        "documents_removed": changes.documents_removed,
    }
    return render_template(env, TEMPLATE, context)
