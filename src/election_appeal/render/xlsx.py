"""Attachment 1 as a spreadsheet: frozen header, number formats, autofilter, sized columns."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from ..analysis.stations import StationTable
from .reproducible import reproducible_zip

SHEET_TITLE = "Протоколы"
DESCRIPTIVE = ("Участок", "Район", "Вид участка", "Источник")
CHECKS = "Контрольные соотношения"
TOTAL = "Итого"
COUNT_FORMAT = "#,##0"
DIFFERENCE_FORMAT = "+#,##0;−#,##0;0"


def render_xlsx(
    table: StationTable,
    party_names: Sequence[tuple[str, str]],
    first_label: str,
    second_label: str,
    violation_texts: dict[str, str],
    moment: datetime.datetime,
) -> bytes:
    """The station table; violation_texts gives each station's broken ratios in words."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    header = list(DESCRIPTIVE)
    for _, name in party_names:
        header += [f"{name}: {first_label}", f"{name}: {second_label}", f"{name}: разница"]
    header.append(CHECKS)
    sheet.append(header)
    for row in table.rows:
        values: list[object] = [_station_value(row.station), row.district, row.kind, row.source]
        for party, _ in party_names:
            cells = row.parties[party]
            values += [cells.first, cells.second, cells.difference]
        values.append(violation_texts.get(row.station, ""))
        sheet.append(values)
    totals: list[object] = [TOTAL, "", "", ""]
    for party, _ in party_names:
        cells = table.totals[party]
        totals += [cells.first, cells.second, cells.difference]
    sheet.append([*totals, ""])

    bold, flagged = Font(bold=True), PatternFill("solid", fgColor="FFE4C4")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    last = len(header)
    for index in range(5, last):
        is_difference = (index - 5) % 3 == 2
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = DIFFERENCE_FORMAT if is_difference else COUNT_FORMAT
    for row_cells in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1):
        if row_cells[-1].value:
            row_cells[0].fill = flagged
            row_cells[-1].fill = flagged
    widths = [10, 16, 12, 18] + [11] * (last - 5) + [48]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(last)}{sheet.max_row - 1}"
    book.properties.created = book.properties.modified = moment.replace(tzinfo=None)
    book.properties.creator = book.properties.lastModifiedBy = "election-appeal"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(buffer.getvalue(), moment)


def _station_value(station: str) -> object:
    """Station numbers as numbers, so that the sheet sorts them as a reader expects."""
    return int(station) if station.isdigit() else station
