"""The protocol table `appeal new` writes for people to fill in.

protocols.xlsx has the column ids as its header, a note on every column, number formats and
input checks (counts are whole numbers, zero or more; the contest is one of the case's
contests), and a second sheet listing the case's contest and party ids. protocols.csv holds the
same header with a UTF-8 byte order mark and ";" between columns: what Excel with a Russian
locale opens as columns. The reader (case/tables.py) takes both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .case.protocols import DESCRIPTIVE_COLUMNS, LINE_COLUMNS
from .i18n import gettext as _

XLSX = "protocols.xlsx"
CSV = "protocols.csv"
# Input checks cover the rows up to this one: more than a territory's protocols ever need.
LAST_ROW = 20001
COUNT_FORMAT = "#,##0"
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class Ids:
    """The ids the table refers to, each with the name a reader knows it by."""

    contests: list[tuple[str, str]]
    parties: list[tuple[str, str]]

    @classmethod
    def from_case_yaml(cls, text: str) -> Ids:
        """The contest and party ids of a case.yaml, read leniently: a field not yet filled in
        leaves its list shorter, never an error."""
        return cls.from_data(yaml.safe_load(text))

    @classmethod
    def from_data(cls, data: Any) -> Ids:
        """The ids of case.yaml's data, read leniently."""
        data = data if isinstance(data, dict) else {}
        return cls(_pairs(data.get("contests"), "short_title"), _pairs(data.get("parties"), "name"))


def _pairs(items: Any, name_key: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            pairs.append((item["id"], str(item.get(name_key) or "")))
    return pairs


def header(ids: Ids) -> list[str]:
    """The column ids, in the order of the protocol form, then one column per party."""
    return [*DESCRIPTIVE_COLUMNS, *LINE_COLUMNS, *(party for party, _name in ids.parties)]


def column_notes(ids: Ids) -> dict[str, str]:
    """What goes into each column, in the interface language."""
    contests = ", ".join(contest for contest, _name in ids.contests) or "—"
    notes = {
        "station": _("Number of the polling station, as on the protocol. Required."),
        "district": _("District of the city or region the station is in."),
        "kind": _("Kind of station as the attachment names it, such as обычный or закрытый."),
        "source": _("Who gave the copy of the protocol, such as the observers' organisation."),
        "contest": _("Which contest the protocol is of: {contests}. One row per protocol.").format(
            contests=contests
        ),
        "voters_on_list": _("Line of the protocol: voters on the list."),
        "ballots_received": _("Line of the protocol: ballots received by the commission."),
        "ballots_issued": _("Line of the protocol: ballots issued to voters."),
        "ballots_cancelled": _("Line of the protocol: ballots cancelled (unused)."),
        "ballots_in_boxes": _("Line of the protocol: ballots found in the boxes."),
        "invalid": _("Line of the protocol: invalid ballots."),
        "against_all": _("Line of the protocol: votes against all, where the ballot has it."),
    }
    for party, name in ids.parties:
        notes[party] = _("Votes for {party} ({name}).").format(party=party, name=name or party)
    counts = _("A whole number, 0 or more; leave the cell empty if the copy does not show it.")
    for column in (*LINE_COLUMNS, *(party for party, _name in ids.parties)):
        notes[column] += " " + counts
    return notes


def csv_bytes(ids: Ids, rows: list[list[object]] | None = None) -> bytes:
    """protocols.csv: UTF-8 with a byte order mark, ";" between the columns; the header, then
    the rows already typed, if any."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(ids))
    writer.writerows([["" if v is None else v for v in row] for row in rows or []])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(ids: Ids, rows: list[list[object]] | None = None) -> bytes:
    """protocols.xlsx: the header with notes, formats and input checks, the list of ids, and
    the rows already typed, if any (a text stays a text, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "protocols"
    columns = header(ids)
    notes = column_notes(ids)
    sheet.append(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(notes[column], "election-appeal", width=320, height=120)
        letter = get_column_letter(index)
        is_count = column not in DESCRIPTIVE_COLUMNS
        sheet.column_dimensions[letter].width = max(12, len(column) + 4)
        sheet.column_dimensions[letter].number_format = COUNT_FORMAT if is_count else TEXT_FORMAT
    for number, row in enumerate(rows or [], start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=index)
            count = _as_count(value) if columns[index - 1] not in DESCRIPTIVE_COLUMNS else None
            if count is not None:
                cell.value = count
            elif isinstance(value, str):
                _text_cell(cell, value)
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    lists = _lists_sheet(book, ids)

    first_count = get_column_letter(len(DESCRIPTIVE_COLUMNS) + 1)
    last_count = get_column_letter(len(columns))
    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a count"),
        error=_("Type a whole number, 0 or more, as on the protocol; leave it empty if unknown."),
    )
    counts.add(f"{first_count}2:{last_count}{LAST_ROW}")
    sheet.add_data_validation(counts)
    if ids.contests:
        sheet.add_data_validation(_contest_choices(lists.title, ids, columns))
    book.properties.creator = "election-appeal"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_count(value: object) -> int | None:
    """A count typed as text ("1 061") as the number it is; None for anything else."""
    from .case.numbers import NumberFormatError, parse_count

    try:
        return parse_count(value) if isinstance(value, str) else None
    except NumberFormatError:
        return None


def _contest_choices(lists: str, ids: Ids, columns: list[str]) -> Any:
    """The contest cells take one of the ids listed on the lists sheet."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    contest = get_column_letter(columns.index("contest") + 1)
    choices = DataValidation(
        type="list",
        formula1=f"'{lists}'!$A$2:$A${len(ids.contests) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Unknown contest"),
        error=_("Choose one of the contest ids of case.yaml, listed on the sheet {sheet}.").format(
            sheet=lists
        ),
    )
    choices.add(f"{contest}2:{contest}{LAST_ROW}")
    return choices


def _lists_sheet(book: Any, ids: Ids) -> Any:
    """A second sheet: the contest ids in column A, the party ids in column C, with names."""
    from openpyxl.styles import Font

    lists = book.create_sheet(_("Lists"))
    titles = [_("contest"), _("name"), _("party"), _("name")]
    for index, title in enumerate(titles, start=1):
        lists.cell(row=1, column=index, value=title).font = Font(bold=True)
    for column, pairs in ((1, ids.contests), (3, ids.parties)):
        for row, (key, name) in enumerate(pairs, start=2):
            lists.cell(row=row, column=column, value=key)
            _text_cell(lists.cell(row=row, column=column + 1), name)
    for letter, width in zip("ABCD", (14, 40, 14, 40), strict=True):
        lists.column_dimensions[letter].width = width
    return lists


def _text_cell(cell: Any, text: str) -> None:
    """Text from a case file stays text: "=…" is never stored as a formula."""
    cell.value = text
    cell.data_type = "s"


def write_blank_tables(folder: Path, case_yaml: str) -> list[Path]:
    """Write protocols.xlsx and protocols.csv for the case.yaml text just written to folder."""
    ids = Ids.from_case_yaml(case_yaml)
    paths = [folder / XLSX, folder / CSV]
    paths[0].write_bytes(xlsx_bytes(ids))
    paths[1].write_bytes(csv_bytes(ids))
    return paths
