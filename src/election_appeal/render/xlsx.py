"""Attachment 1 as a spreadsheet that prints: a title and a legend above the table, frozen header,
number formats, autofilter, sized columns, landscape pages fitted to the width.

Written row by row (openpyxl's write-only mode), so memory does not grow with the stations.
Every text the tool writes is a text cell, whatever its first character: a station or party
name written "=HYPERLINK(...)" stays those characters and never becomes a formula.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Sequence
from typing import Any

from ..analysis.stations import StationRow, StationTable
from .reproducible import reproducible_zip

SHEET_TITLE = "Протоколы"
DESCRIPTIVE = ("Участок", "Район", "Вид участка", "Источник")
CHECKS = "Контрольные соотношения"
TOTAL = "Итого"
COUNT_FORMAT = "#,##0"
DIFFERENCE_FORMAT = "+#,##0;−#,##0;0"
DEFAULT_TITLE = (
    "Таблица результатов голосования по данным копий протоколов участковых избирательных комиссий"
)
# Rows above the table: the title, the legend lines, one empty row.
HEADER_HEIGHT = 45
FLAGGED_COLOR = "FFE4C4"


def default_legend(first_label: str, second_label: str) -> list[str]:
    """The signs of the sheet explained, line by line."""
    return [
        f"По каждой партии: голоса в голосовании «{first_label}», в голосовании "
        f"«{second_label}» и разница «{second_label}» − «{first_label}» "
        "(«+» — во втором голосовании больше, «−» — меньше).",
        "Закрашены участки, в копии протокола которых не выполняется контрольное соотношение "
        f"(указано в столбце «{CHECKS}»). Пустая ячейка — данных в копии нет.",
    ]


def render_xlsx(
    table: StationTable,
    party_names: Sequence[tuple[str, str]],
    first_label: str,
    second_label: str,
    violation_texts: dict[str, str],
    moment: datetime.datetime,
    *,
    title: str = DEFAULT_TITLE,
    legend: Sequence[str] | None = None,
) -> bytes:
    """The station table; violation_texts gives each station's broken ratios in words."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(SHEET_TITLE)
    lines = default_legend(first_label, second_label) if legend is None else list(legend)
    header = list(DESCRIPTIVE)
    for _, name in party_names:
        header += [
            f"{name}: {first_label}",
            f"{name}: {second_label}",
            f"{name}: разница ({second_label} − {first_label})",
        ]
    header.append(CHECKS)
    header_row = len(lines) + 3  # title, legend, an empty row, then the header
    _lay_out(sheet, len(header), header_row, len(table.rows))
    writer = _CellWriter(sheet)
    sheet.append([writer.text(title, bold=True)])
    for line in lines:
        sheet.append([writer.text(line)])
    sheet.append([])
    sheet.append([writer.text(text, header=True) for text in header])
    parties = [party for party, _ in party_names]
    for values in _station_rows(table.rows, parties, violation_texts):
        sheet.append(writer.row(values, bold=False))
    totals: list[object] = [TOTAL, None, None, None]
    for party in parties:
        cells = table.totals[party]
        totals += [cells.first, cells.second, cells.difference]
    sheet.append(writer.row([*totals, None], bold=True))
    book.properties.created = book.properties.modified = moment.replace(tzinfo=None)
    book.properties.creator = book.properties.lastModifiedBy = "election-appeal"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(buffer.getvalue(), moment)


def _lay_out(sheet: Any, columns: int, header_row: int, rows: int) -> None:
    """Column widths, frozen header, filter and print set-up, all set before rows are written."""
    from openpyxl.utils import get_column_letter

    widths = [10, 16, 12, 18] + [11] * (columns - 5) + [48]
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


def _station_rows(
    rows: Sequence[StationRow], parties: Sequence[str], violation_texts: dict[str, str]
) -> Iterator[list[object]]:
    for row in rows:
        values: list[object] = [_station_value(row.station), row.district, row.kind, row.source]
        for party in parties:
            cells = row.parties[party]
            values += [cells.first, cells.second, cells.difference]
        values.append(violation_texts.get(row.station))
        yield values


class _CellWriter:
    """Write-only cells with their styles; the style objects are made once and shared."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.flagged = PatternFill("solid", fgColor=FLAGGED_COLOR)
        self.centered = Alignment(wrap_text=True, vertical="center", horizontal="center")

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

    def row(self, values: list[object], bold: bool) -> list[Any]:
        """One table row: texts as text, counts and differences with their number formats."""
        from openpyxl.cell import WriteOnlyCell

        flagged = bool(values[-1])
        cells = []
        for index, value in enumerate(values):
            if isinstance(value, str) and value:
                cell = self.text(value, bold=bold)
            else:
                cell = WriteOnlyCell(self.sheet, None if value == "" else value)
                if index >= len(DESCRIPTIVE) and index < len(values) - 1:
                    difference = (index - len(DESCRIPTIVE)) % 3 == 2
                    cell.number_format = DIFFERENCE_FORMAT if difference else COUNT_FORMAT
                if bold:
                    cell.font = self.bold
            if flagged and index in (0, len(values) - 1):
                cell.fill = self.flagged
            cells.append(cell)
        return cells


def _station_value(station: str) -> object:
    """Station numbers as numbers, so that the sheet sorts them as a reader expects."""
    return int(station) if station.isdigit() else station
