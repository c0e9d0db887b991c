"""Attachment 1 as a spreadsheet that prints: a title and a legend above the table, frozen header,
number formats, autofilter, sized columns, landscape pages fitted to the width.

Written row by row (openpyxl's write-only mode), so memory does not grow with the stations.
Every word of it comes from the templates (files.j2), in a SheetWords.
Every text the tool writes is a text cell, whatever its first character: a station or party
name written "=HYPERLINK(...)" stays those characters and never becomes a formula.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..analysis.stations import StationTable
from .env import template_errors
from .limits import limits
from .reproducible import reproducible_zip

COUNT_FORMAT = "#,##0"
DIFFERENCE_FORMAT = "+#,##0;−#,##0;0"
# The descriptive columns before the figures: station, district, kind, source.
DESCRIPTIVE_COLUMNS = 4
# Rows above the table: the title, the legend lines, one empty row.
HEADER_HEIGHT = 60
FLAGGED_COLOR = "FFE4C4"
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


def sheet_words(
    titles: Any,
    texts: Any,
    parties: Sequence[str],
    first: str,
    second: str | None,
    lines: Sequence[str],
) -> SheetWords:
    """The sheet's words from the modules of files.j2 (`titles`) and texts.j2 (`texts`), for
    the parties' short names, the contests' short titles `first` and `second` (None: a case
    of one contest) and the protocol lines shown."""
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
        legend = _plain(titles.xlsx_legend(first, second)).splitlines()
        return SheetWords(
            sheet=sheet,
            title=_plain(titles.xlsx_title),
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
) -> bytes:
    """The station table, three rows a station (the contests and their difference; one row for
    a case of one contest), its parties in the order of `parties` (ids) and of `words.parties`;
    a cell that takes part in a broken control ratio is filled and carries the ratio's number
    and words as a comment. With `mark` (an illustrative case), the mark opens the first row
    and is in the page header and footer of every printed page."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(words.sheet)
    header = [*words.descriptive, words.contest, *words.lines, *words.parties, words.checks]
    header_row = len(words.legend) + 3  # title, legend, an empty row, then the header
    shown = (*SIDES, "difference")[: len(words.labels)]
    _lay_out(sheet, len(header), header_row, len(shown) * len(table.rows))
    writer = _CellWriter(sheet, words, table.line_columns)
    if mark is None:
        sheet.append([writer.text(words.title, bold=True)])
    else:
        _marked_title(sheet, writer, mark, words.title)
    for line in words.legend:
        sheet.append([writer.text(line)])
    sheet.append([])
    sheet.append([writer.text(text, header=True) for text in header])
    for row in table.rows:
        described = [_station_value(row.station), row.district, row.kind, row.source]
        for side, label in zip(shown, words.labels, strict=True):
            lines = [getattr(row.lines[line], side) for line in table.line_columns]
            votes = [getattr(row.parties[party], side) for party in parties]
            marks = row.marks[side] if side in SIDES else {}
            sheet.append(writer.row([*described, label], lines, votes, marks, side, bold=False))
    for side, label in zip(shown, words.labels, strict=True):
        lines = [getattr(table.line_totals[line], side) for line in table.line_columns]
        votes = [getattr(table.totals[party], side) for party in parties]
        described = [words.total, None, None, None, label]
        sheet.append(writer.row(described, lines, votes, {}, side, bold=True))
    book.properties.created = book.properties.modified = moment.replace(tzinfo=None)
    book.properties.creator = book.properties.lastModifiedBy = "election-appeal"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(buffer.getvalue(), moment)


def _lay_out(sheet: Any, columns: int, header_row: int, rows: int) -> None:
    """Column widths, frozen header, filter and print set-up, all set before rows are written."""
    from openpyxl.utils import get_column_letter

    widths = [10, 16, 12, 18, 12] + [11] * (columns - 6) + [14]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[header_row].height = HEADER_HEIGHT
    sheet.freeze_panes = f"B{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{header_row + rows}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages long as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P"


def _marked_title(sheet: Any, writer: _CellWriter, mark: str, title: str) -> None:
    """The title row opened by the mark of an illustrative case, in red; the mark also in the
    header and footer of every printed page."""
    from openpyxl.styles import Font

    cell = writer.text(f"{mark}. {title}", bold=True)
    cell.font = Font(bold=True, color="C00000")
    sheet.append([cell])
    sheet.oddHeader.center.text = mark
    sheet.oddHeader.center.size = 20
    sheet.oddHeader.center.color = "C00000"
    sheet.oddFooter.left.text = mark
    sheet.oddFooter.right.text = mark


class _CellWriter:
    """Write-only cells with their styles; the style objects are made once and shared."""

    def __init__(self, sheet: Any, words: SheetWords, lines: Sequence[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.words = words
        self.lines = lines
        self.bold = Font(bold=True)
        self.flagged = PatternFill("solid", fgColor=FLAGGED_COLOR)
        self.centered = Alignment(wrap_text=True, vertical="center", horizontal="center")
        # A long district or source name wraps inside its column instead of running under the
        # next one (which hides it on screen and on paper).
        self.wrapped = Alignment(wrap_text=True, vertical="top")

    def text(self, value: str, bold: bool = False, header: bool = False) -> Any:
        """A text cell: its type is set after the value, which openpyxl would read as a formula
        when it starts with "="."""
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value)
        cell.data_type = "s"
        if bold or header:
            cell.font = self.bold
        if header:
            cell.alignment = self.centered
        return cell

    def row(
        self,
        described: list[object],
        lines: list[int | None],
        votes: list[int | None],
        marks: Mapping[str, tuple[str, ...]],
        side: str,
        bold: bool,
    ) -> list[Any]:
        """One table row: the descriptive texts as text, the figures with their number format,
        the cells of broken ratios filled and commented, and the ratios' numbers at the end."""
        cells = [self._described(v, bold) for v in described]
        style = COUNT_FORMAT if side in SIDES else DIFFERENCE_FORMAT
        numbers: set[int] = set()
        for line, value in zip(self.lines, lines, strict=True):
            cell = self._figure(value, style, bold)
            rules = marks.get(line, ())
            if rules:
                cell.fill = self.flagged
                cell.comment = self._comment(rules)
                numbers.update(self.words.rules[r][0] for r in rules)
            cells.append(cell)
        cells += [self._figure(value, style, bold) for value in votes]
        checks = ", ".join(str(n) for n in sorted(numbers))
        cells.append(self.text(checks) if checks else self._blank(bold))
        return cells

    def _described(self, value: object, bold: bool) -> Any:
        """A descriptive cell: a text as text; a station number as a number, no format."""
        if isinstance(value, str) and value:
            cell = self.text(value, bold=bold)
            cell.alignment = self.wrapped
            return cell
        cell = self._blank(bold)
        cell.value = value if isinstance(value, int) else None
        return cell

    def _figure(self, value: int | None, style: str, bold: bool) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value)
        cell.number_format = style
        if bold:
            cell.font = self.bold
        return cell

    def _blank(self, bold: bool) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, None)
        if bold:
            cell.font = self.bold
        return cell

    def _comment(self, rules: tuple[str, ...]) -> Any:
        """The note of a marked cell: each broken ratio it takes part in, by number and words."""
        from openpyxl.comments import Comment

        notes = sorted(self.words.rules[r] for r in rules)
        return Comment("\n".join(f"[{n}] {text}" for n, text in notes), "election-appeal")


def _station_value(station: str) -> object:
    """Station numbers as numbers, so that the sheet sorts them as a reader expects."""
    return int(station) if station.isdigit() else station
