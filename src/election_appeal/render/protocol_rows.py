"""The body rows of attachment 1's protocol table, written from the station table, for the
writers that take a long table row by row (render/grid_pdf.py, render/docx.py).

The template protocol-table.j2 writes the same rows as HTML. For ten thousand stations that
document, held whole and parsed by each writer, was most of a national build's time and memory.
Here the template still renders everything around the rows and the rows of a few stations
(`frame_stations`: the first ones, one of each kind of row, the last with the totals), and
`ProtocolRows.same_as` compares the rows it wrote for those stations with the ones written here,
cell by cell. A template that writes its rows otherwise makes the caller render the whole table
through the template, as before.

A row's texts are those the writers read from the template's HTML: the filters' figures, the
marks, then the document's typesetting (no-break spaces), entities decoded, spaces collapsed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any

from markupsafe import escape

from ..analysis.stations import SIDES, StationRow, StationTable, side_figures
from .formatting import make_filters, typeset
from .grid_pdf import SAMPLE_ROWS
from .table_rows import Cell, Row, groups_of

# Stations of distinct kinds of row (marks, official figures, unknown figures, no source) put
# in the template's frame besides the first and the last: enough to meet every way the
# template writes a cell, few enough to cost nothing.
KINDS_CHECKED = 40
_SPACES = re.compile(r"[ \t\r\n\f]+")  # what HTML collapses, as the writers do
_BREAKABLE = re.compile(r"\S[ \t\r\n]+")  # where typesetting may tie (formatting.typeset)
_DESCRIPTIVE = 4  # station, district, kind, source: then the contest's label
_FIRST_FIGURE = _DESCRIPTIVE + 1


def laid_out(raw: str) -> str:
    """A cell's text as a writer reads it from the document: escaped by the template,
    typeset by the base template, decoded by the HTML parser, its spaces collapsed."""
    if _BREAKABLE.search(raw):
        raw = unescape(str(typeset(escape(raw))))
    return _SPACES.sub(" ", raw).strip(" ")


@dataclass(frozen=True, slots=True)
class _Station:
    """What one station's rows show: its texts, where its figures start in the table's array
    (by side: the protocol lines, then the parties), and the text after a figure (the ratios
    it breaks, the official figure it differs from) where a cell has one."""

    texts: tuple[str, str, str, str]
    at: int
    after: tuple[tuple[int, int, str], ...]  # (side, column, text): most stations have none


# Stands for an unknown figure in the array of figures (a count is never negative).
_UNKNOWN = -1
_NOTHING_AFTER: tuple[tuple[int, int, str], ...] = ()


class ProtocolRows:
    """The table's body rows, station by station: one row group per station (a row per
    contest, then their differences), the totals in the last group. Plain data only, so that
    a worker process can be given it."""

    def __init__(
        self,
        table: StationTable,
        context: dict[str, Any],
        rule_order: Sequence[str],
        total_word: str,
        locale: str,
    ) -> None:
        self.locale = locale
        self.lines = tuple(table.line_columns)
        parties = tuple(context["party_order"])
        self.compared = context["second"] is not None
        labels = [context["first_label"]] + ([context["second_label"]] if self.compared else [])
        self.labels = tuple(laid_out(str(label)) for label in labels)
        self.sides = SIDES[: len(self.labels)]
        self.rule_number = {rule: index for index, rule in enumerate(rule_order, 1)}
        votes = make_filters(locale)["votes"]
        # Every station's figures in one integer array, and each repeated text once: the rows
        # of a national table are held (and given to the drawing's process) as a few MB.
        self.width = len(self.lines) + len(parties)
        self.figures = array("q")
        texts: dict[str, str] = {}
        self.stations = tuple(self._station(row, parties, votes, texts) for row in table.rows)
        self.totals = self._totals(table, parties, laid_out(str(total_word)))
        # What the template writes after the totals (the applicant's signature line), taken
        # from its own rendering of the last station's group (`same_as`).
        self.closing: tuple[Row, ...] = ()

    @property
    def rows_per_station(self) -> int:
        return len(self.sides) + self.compared

    @property
    def count(self) -> int:
        """Rows in all, the totals and what follows them included."""
        return (len(self.stations) + 1) * self.rows_per_station + len(self.closing)

    def _station(
        self, row: StationRow, parties: tuple[str, ...], votes: Any, texts: dict[str, str]
    ) -> _Station:
        at = len(self.figures)
        for side in self.sides:
            figures = side_figures(row.lines, self.lines, side)
            figures += side_figures(row.parties, parties, side)
            self.figures.extend(_UNKNOWN if v is None else v for v in figures)
        after = []
        if row.marks or row.official:
            for s, side in enumerate(self.sides):
                marks = row.marks.get(side, {})
                for c, key in enumerate((*self.lines, *parties)):
                    text = ""
                    if c < len(self.lines) and key in marks:
                        numbers = [
                            str(self.rule_number[r]) for r in self.rule_number if r in marks[key]
                        ]
                        text = f" [{', '.join(numbers)}]"
                    if (side, key) in row.official:
                        text += f" ≠{votes(row.official[(side, key)])}"
                    if text:
                        after.append((s, c, text))
        source = row.source or "—"
        station, district, kind, source = (
            texts.setdefault(text, text)
            for text in map(laid_out, (row.station, row.district, row.kind, source))
        )
        shown = (station, district, kind, source)
        return _Station(shown, at, tuple(after) if after else _NOTHING_AFTER)

    def figures_of(self, station: _Station) -> tuple[tuple[int | None, ...], ...]:
        """A station's figures by side (the protocol lines, then the parties), None where
        unknown."""
        width = self.width
        values = [
            None if v == _UNKNOWN else v
            for v in self.figures[station.at : station.at + width * len(self.sides)].tolist()
        ]
        return tuple(tuple(values[i : i + width]) for i in range(0, len(values), width))

    def _totals(self, table: StationTable, parties: tuple[str, ...], word: str) -> tuple[Row, ...]:
        filters = make_filters(self.locale)
        votes, signed = filters["votes"], filters["signed"]
        cells = [*(table.line_totals[key] for key in self.lines)]
        cells += [table.totals[key] for key in parties]
        rows = []
        for s, side in enumerate(self.sides):
            head = (Cell(word if s == 0 else "", 0, 4, False), Cell(self.labels[s], 4, 1, False))
            figures = [votes(getattr(cell, side)) for cell in cells]
            rows.append(Row((*head, *_figure_cells(figures)), True))
        if self.compared:
            head = (Cell("", 0, 4, False), Cell("±", 4, 1, False))
            figures = [signed(cell.difference) for cell in cells]
            rows.append(Row((*head, *_figure_cells(figures)), True))
        return tuple(rows)

    def groups(self, indices: Iterable[int] | None = None) -> Iterator[tuple[Row, ...]]:
        """The row group of each station (of those at `indices`, in their order), the totals
        in the group of the last station."""
        writing = _Writing(self.locale)
        last = len(self.stations) - 1
        chosen = range(len(self.stations)) if indices is None else indices
        for index in chosen:
            rows = self._rows(self.stations[index], writing)
            yield (*rows, *self.totals, *self.closing) if index == last else rows
        if not self.stations:
            yield (*self.totals, *self.closing)

    def _rows(self, station: _Station, writing: _Writing) -> tuple[Row, ...]:
        rows = []
        by_side = self.figures_of(station)
        for s, values in enumerate(by_side):
            if s == 0:
                head = tuple(Cell(t, c, 1, False) for c, t in enumerate(station.texts))
                head += (Cell(self.labels[0], _DESCRIPTIVE, 1, False),)
            else:
                head = writing.head(self.labels[s])
            figures = [writing.votes(v) for v in values]
            cells = [writing.cell(c, text) for c, text in enumerate(figures)]
            for side, column, text in station.after:
                if side == s:
                    cells[column] = writing.cell(column, laid_out(figures[column] + text))
            rows.append(Row((*head, *cells), False))
        if self.compared:
            first, second = by_side
            cells = [
                writing.cell(c, writing.signed(None if a is None or b is None else b - a))
                for c, (a, b) in enumerate(zip(first, second, strict=True))
            ]
            rows.append(Row((*writing.head("±"), *cells), False))
        return tuple(rows)

    def frame_stations(self) -> list[int]:
        """The stations the template renders around which the rest flow: the first ones (the
        drawing measures their rows), the first of each kind of row, the last (the totals)."""
        chosen: dict[int, None] = {}
        rows = 0
        for index in range(max(len(self.stations) - 1, 0)):
            if rows >= SAMPLE_ROWS:
                break
            chosen[index] = None
            rows += self.rows_per_station
        kinds: set[tuple[Any, ...]] = set()
        for index, station in enumerate(self.stations):
            kind = (
                tuple((s, c, text[:2]) for s, c, text in station.after),
                tuple(tuple(v is None for v in side) for side in self.figures_of(station)),
                station.texts[3] == "—",
            )
            if kind not in kinds and len(kinds) < KINDS_CHECKED:
                kinds.add(kind)
                chosen[index] = None
        if self.stations:
            chosen[len(self.stations) - 1] = None
        return sorted(chosen)

    def same_as(self, html: str, indices: Sequence[int]) -> bool:
        """Whether the template's table in `html`, rendered for the stations at `indices`,
        has exactly the rows written here for them."""
        found = groups_of(html)
        expected = list(self.groups(indices))
        if not found or len(found) != len(expected):
            return False
        # The last group ends with what the template writes after the totals: taken as it is.
        ending = len(expected[-1]) - len(self.closing)
        if found[:-1] != expected[:-1] or found[-1][:ending] != expected[-1][:ending]:
            return False
        self.closing = tuple(found[-1][ending:])
        return True


class _Writing:
    """The formatting filters, and what they and the cells give for each figure, worked out
    once: a national table's cells are half a million, their figures a few thousand."""

    def __init__(self, locale: str) -> None:
        filters = make_filters(locale)
        self._votes, self._signed = filters["votes"], filters["signed"]
        self.written: dict[tuple[str, int | None], str] = {}
        self.cells: dict[tuple[int, str], Cell] = {}
        self.heads: dict[str, tuple[Cell, ...]] = {}

    def votes(self, value: int | None) -> str:
        text = self.written.get(("votes", value))
        if text is None:
            text = self.written[("votes", value)] = self._votes(value)
        return text

    def signed(self, value: int | None) -> str:
        text = self.written.get(("signed", value))
        if text is None:
            text = self.written[("signed", value)] = self._signed(value)
        return text

    def cell(self, figure: int, text: str) -> Cell:
        """The cell of the figure column `figure` (from 0) with this text."""
        found = self.cells.get((figure, text))
        if found is None:
            found = self.cells[(figure, text)] = Cell(text, _FIRST_FIGURE + figure, 1, True)
        return found

    def head(self, label: str) -> tuple[Cell, ...]:
        """The first cells of a row that is not a station's first: empty, then `label`."""
        found = self.heads.get(label)
        if found is None:
            empty = tuple(Cell("", c, 1, False) for c in range(_DESCRIPTIVE))
            found = self.heads[label] = (*empty, Cell(label, _DESCRIPTIVE, 1, False))
        return found


def _figure_cells(texts: list[str]) -> list[Cell]:
    return [Cell(text, _FIRST_FIGURE + c, 1, True) for c, text in enumerate(texts)]
