"""Attachment 1 as a spreadsheet that prints: a title and a legend above the table, frozen header,
number formats, autofilter, sized columns, landscape pages fitted to the width.

The rows flow from the station table into the sheet's XML (xlsx_sheet.py) one at a time, so
memory does not grow with the stations. Every word of it comes from the templates (files.j2),
in a SheetWords. Every text the tool writes is a text cell, whatever its first character: a
station or party name written "=HYPERLINK(...)" stays those characters and never becomes a
formula (xlsx_text.py has the rules a cell's text follows).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..analysis.stations import StationTable
from ..i18n import current_language
from ..i18n import gettext as _
from .env import template_errors
from .limits import limits
from .xlsx_parts import Colours, Style, styles
from .xlsx_sheet import Cell, Layout, Row, header_footer_text, write_workbook
from .xlsx_text import CELL_MAX_CHARS

COUNT_FORMAT = "#,##0"
DIFFERENCE_FORMAT = "+#,##0;−#,##0;0"
# The descriptive columns before the figures: station, district, kind, source.
DESCRIPTIVE_COLUMNS = 4
# Rows above the table: the title, the legend lines, one empty row.
HEADER_HEIGHT = 60
FLAGGED_COLOR = "FFE4C4"
# A copy's figure that differs from the official figure of its station: another colour.
OFFICIAL_COLOR = "BDD7EE"
# The colour of the mark of an illustrative case (title, page header).
MARK_COLOR = "C00000"
# The digits a spreadsheet keeps exactly in a number.
NUMBER_MAX_DIGITS = 15
# The longest name a sheet may have.
SHEET_NAME_CHARS = 31
SIDES = ("first", "second")


@dataclass(frozen=True)
class SheetWords:
    """Every word the sheet shows, in the document's language (from templates/files.j2 and
    texts.j2)."""

    sheet: str  # the sheet's name
    title: str  # the first row
    legend: tuple[str, ...]  # the rows under the title
    descriptive: tuple[str, str, str, str]  # headers: station, district, kind, source
    contest: str  # the header of the column naming a row's contest
    # That column's cells: first, second, their difference; the first alone for one contest.
    labels: tuple[str, ...]
    lines: tuple[str, ...]  # headers of the protocol lines shown, in order
    parties: tuple[str, ...]  # headers of the parties
    checks: str  # the header of the column of broken ratios' numbers
    total: str  # the first cell of the totals rows
    rules: dict[str, tuple[int, str]]  # each ratio: its number in the legend and its words
    official: str = ""  # the note of a cell that differs from the official figure, before it


def sheet_words(
    titles: Any,
    texts: Any,
    parties: Sequence[str],
    first: str,
    second: str | None,
    lines: Sequence[str],
    official: bool = False,
    station: str | None = None,
    protocols: int | None = None,
) -> SheetWords:
    """The sheet's words from the modules of files.j2 (`titles`) and texts.j2 (`texts`), for
    the parties' short names, the contests' short titles `first` and `second` (None: a case
    of one contest) and the protocol lines shown; `official`: whether some cell differs from
    the official figure (the legend then says how such a cell is marked); `station`: the one
    station the sheet shows, with its number of `protocols`, named in the title."""
    with template_errors("files.j2"), limits():
        descriptive = [_plain(text) for text in titles.xlsx_descriptive]
        if len(descriptive) != DESCRIPTIVE_COLUMNS:
            raise ValueError(f"xlsx_descriptive needs {DESCRIPTIVE_COLUMNS} headers")
        sheet = _plain(titles.xlsx_sheet)
        if not 0 < len(sheet) <= SHEET_NAME_CHARS or set(sheet) & set("[]:*?/\\"):
            raise ValueError(
                f"xlsx_sheet: a sheet's name has 1 to {SHEET_NAME_CHARS} characters, "
                "none of [ ] : * ? / \\"
            )
        if sheet.startswith("'") or sheet.endswith("'") or sheet.casefold() == "history":
            # Excel refuses these names (and keeps "History" for its own sheet).
            raise ValueError(
                "xlsx_sheet: a sheet's name neither begins nor ends with an apostrophe (') "
                "and is not History"
            )
        legend = _plain(titles.xlsx_legend(first, second, official, station)).splitlines()
        return SheetWords(
            sheet=sheet,
            title=_plain(titles.xlsx_title_for(station, protocols)),
            legend=tuple(line.strip() for line in legend if line.strip()),
            descriptive=(descriptive[0], descriptive[1], descriptive[2], descriptive[3]),
            contest=_plain(titles.xlsx_contest(first, second)),
            labels=(first, second, "±") if second else (first,),
            lines=tuple(_plain(texts.line_heading[line]) for line in lines),
            parties=tuple(parties),
            checks=_plain(titles.xlsx_checks),
            total=_plain(titles.xlsx_total),
            rules={
                rule: (number, _plain(texts.rule_text[rule]))
                for number, rule in enumerate(texts.rule_order, 1)
            },
            official=_plain(titles.xlsx_official_note) if official else "",
        )


def _plain(text: object) -> str:
    """A template's text as the characters a reader sees: a macro's output is escaped HTML;
    soft hyphens, there for the narrow columns of the PDF, are dropped."""
    return (text.unescape() if isinstance(text, Markup) else str(text)).replace("\u00ad", "")


def render_xlsx(
    table: StationTable,
    parties: Sequence[str],
    words: SheetWords,
    moment: datetime.datetime,
    mark: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> bytes:
    """The station table, three rows a station (the contests and their difference; one row for
    a case of one contest), its parties in the order of `parties` (ids) and of `words.parties`;
    a cell that takes part in a broken control ratio is filled and carries the ratio's number
    and words as a comment; a cell that differs from the official figure is filled in another
    colour and its comment gives that figure. With `mark` (an illustrative case), the mark opens
    the first row and is in the page header and footer of every printed page. `warn` is told
    of each text too long for a cell (cut, ending with "…")."""
    columns = DESCRIPTIVE_COLUMNS + 1 + len(table.line_columns) + len(parties) + 1
    header_row = len(words.legend) + 3  # title, legend, an empty row, then the header
    shown = (*SIDES, "difference")[: len(words.labels)]
    layout = Layout(
        sheet=words.sheet,
        widths=[10, 16, 12, 18, 12] + [11] * (columns - 6) + [14],
        header_row=header_row,
        header_height=HEADER_HEIGHT,
        filtered_rows=len(shown) * len(table.rows),
        rows=header_row + len(shown) * (len(table.rows) + 1),  # the stations, then the totals
        header=f"&C&20&K{MARK_COLOR}{header_footer_text(mark)}" if mark else "",
        footer=(
            f"&L{header_footer_text(mark)}&C&P&R{header_footer_text(mark)}" if mark else "&C&P"
        ),
    )
    noted = any(row.official or any(row.marks[side] for side in SIDES) for row in table.rows)
    colours = Colours(flagged=FLAGGED_COLOR, official=OFFICIAL_COLOR, mark=MARK_COLOR)
    return write_workbook(
        layout,
        _rows(table, parties, words, shown, mark),
        moment,
        noted,
        styles(DIFFERENCE_FORMAT, colours),
        cut=lambda ref, cells: (warn or _ignore)(_too_long(ref, cells)),
    )


def _ignore(message: str) -> None:
    pass


def _too_long(ref: str, cells: int) -> str:
    from babel.numbers import format_decimal

    return _(
        "attachment 1 (XLSX), cell {cell}: the text is longer than a spreadsheet cell holds "
        "({limit} characters); the cell shows its beginning and ends with «…» (cells with this "
        "text: {count})"
    ).format(cell=ref, limit=format_decimal(CELL_MAX_CHARS, locale=current_language()), count=cells)


def _rows(
    table: StationTable,
    parties: Sequence[str],
    words: SheetWords,
    shown: Sequence[str],
    mark: str | None,
) -> Iterator[Row]:
    """The sheet's rows: the title (opened by the mark), the legend, an empty row, the header,
    the stations' rows and the totals."""
    title = (f"{mark}. {words.title}", Style.MARK) if mark else (words.title, Style.BOLD)
    yield [title], ()
    for line in words.legend:
        yield [(line, Style.PLAIN)], ()
    yield [], ()
    header = [*words.descriptive, words.contest, *words.lines, *words.parties, words.checks]
    yield [(text, Style.HEADER) for text in header], ()
    columns = table.line_columns
    cells = _TableCells(words, columns, parties)
    for row in table.rows:
        described = [(_station_value(row.station), Style.PLAIN)] + [
            (text, Style.DESCRIBED) if text else None
            for text in (row.district, row.kind, row.source)
        ]
        for side, label in zip(shown, words.labels, strict=True):
            lines = [getattr(row.lines[line], side) for line in columns]
            votes = [getattr(row.parties[party], side) for party in parties]
            marks = row.marks[side] if side in SIDES else {}
            official = {c: f for (s, c), f in row.official.items() if s == side}
            yield cells.row(
                [*described, (label, Style.DESCRIBED)], lines, votes, side, marks, official
            )
    for side, label in zip(shown, words.labels, strict=True):
        lines = [getattr(table.line_totals[line], side) for line in columns]
        votes = [getattr(table.totals[party], side) for party in parties]
        total: list[Cell] = [(words.total, Style.DESCRIBED_BOLD), *[(None, Style.BOLD)] * 3]
        yield cells.row([*total, (label, Style.DESCRIBED_BOLD)], lines, votes, side, bold=True)


class _TableCells:
    """The cells of the table's rows: figures with their number format, marked cells filled
    and noted, the broken ratios' numbers at the end."""

    def __init__(self, words: SheetWords, lines: Sequence[str], parties: Sequence[str]) -> None:
        self.words = words
        self.lines = lines
        self.parties = parties

    def row(
        self,
        described: list[Cell],
        lines: list[int | None],
        votes: list[int | None],
        side: str,
        marks: Mapping[str, tuple[str, ...]] | None = None,
        official: Mapping[str, int] | None = None,
        bold: bool = False,
    ) -> Row:
        """One table row: `described` (the descriptive cells and the contest's), the protocol
        lines and the votes; `marks`: line → the ratios broken there; `official`: column →
        the official figure the cell differs from."""
        counts = side in SIDES
        if bold:
            plain = Style.COUNT_BOLD if counts else Style.DIFFERENCE_BOLD
        else:
            plain = Style.COUNT if counts else Style.DIFFERENCE
        cells: list[Cell] = [*described]
        cells += [(value, plain) for value in lines]
        cells += [(value, plain) for value in votes]
        if not marks and not official:
            cells.append((None, Style.BOLD) if bold else None)
            return cells, ()
        return self._marked(cells, len(described), counts, marks or {}, official or {})

    def _marked(
        self,
        cells: list[Cell],
        first: int,
        counts: bool,
        marks: Mapping[str, tuple[str, ...]],
        official: Mapping[str, int],
    ) -> Row:
        """The row's marked cells filled (the official figure's colour over the ratios'),
        their notes, and the broken ratios' numbers in the last cell."""
        flagged = Style.COUNT_FLAGGED if counts else Style.DIFFERENCE_FLAGGED
        differs = Style.COUNT_OFFICIAL if counts else Style.DIFFERENCE_OFFICIAL
        notes: list[tuple[int, str]] = []
        numbers: set[int] = set()
        for index, column in enumerate((*self.lines, *self.parties), start=first):
            rules = marks.get(column, ()) if index < first + len(self.lines) else ()
            figure = official.get(column)
            if not rules and figure is None:
                continue
            numbers.update(self.words.rules[r][0] for r in rules)
            cell = cells[index]
            cells[index] = (cell[0] if cell else None, differs if figure is not None else flagged)
            notes.append((index, self._note(rules, figure)))
        checks = ", ".join(str(n) for n in sorted(numbers))
        cells.append((checks, Style.PLAIN) if checks else None)
        return cells, notes

    def _note(self, rules: tuple[str, ...], official: int | None) -> str:
        """The note of a marked cell: each broken ratio it takes part in, by number and words,
        and the official figure it differs from."""
        notes = [f"[{n}] {text}" for n, text in sorted(self.words.rules[r] for r in rules)]
        if official is not None:
            notes.append(f"{self.words.official} {official}")
        return "\n".join(notes)


def _station_value(station: str) -> int | str:
    """Station numbers as numbers, so that the sheet sorts them as a reader expects; a number
    of more digits than a spreadsheet keeps exactly (15) stays a text."""
    if station.isascii() and station.isdigit() and len(station) <= NUMBER_MAX_DIGITS:
        return int(station)
    return station
