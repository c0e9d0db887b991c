"""The protocol table as an editable grid: read any CSV or XLSX the library accepts, cell by cell
as text, and write edited cells back in the file's own format, encoding and delimiter.

A typed cell never becomes a spreadsheet formula: text starting with =, +, -, @, a tab or a
carriage return is refused unless it is strictly a number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .casefiles import (
    PROTOCOL_FILES,
    TableRefused,
    atomic_write,
    case_file,
    check_xlsx,
    file_version,
    keep_in_history,
)
from .errors import CaseError, Problem
from .i18n import gettext as _

# Characters that make a spreadsheet cell a formula when the file is opened in Excel or
# LibreOffice ("-2+3+cmd|…" runs a program in old Excel).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Grid:
    """The cells of the protocol table as text, rows numbered as a spreadsheet numbers them;
    `version` to hand back when writing, so that a change made elsewhere is not overwritten."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    version: str


def table_limit(name: str) -> int:
    """The largest protocol table of this kind the library reads."""
    from .case.paths import CSV_MAX_BYTES, XLSX_MAX_BYTES

    return CSV_MAX_BYTES if name.lower().endswith(".csv") else XLSX_MAX_BYTES


def protocol_table(folder: Path) -> str | None:
    """The protocol table the library reads (protocols.csv or .xlsx): the only one present,
    or of two the only one holding rows; None otherwise."""
    present = []
    for name in PROTOCOL_FILES:
        try:
            if case_file(folder, name) is not None:
                present.append(name)
        except CaseError:
            continue
    if len(present) == 2:
        filled = [name for name in present if _has_rows(folder, name)]
        present = filled if len(filled) == 1 else present
    return present[0] if len(present) == 1 else None


def _has_rows(folder: Path, name: str) -> bool:
    try:
        return bool(read_grid(folder, name).rows)
    except CaseError:
        return True


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def read_grid(folder: Path, name: str) -> Grid:
    """The table as `appeal check` reads it (same rows, same limits), every cell as text;
    CaseError if it cannot be read at all."""
    from .case.tables import read_sheet

    path = case_file(folder, name)
    if path is None:
        raise CaseError([_missing(folder, name)])
    version = file_version(folder, name, table_limit(name))
    table = read_sheet(path, name)
    width = max([len(table.header), *(len(cells) for _, cells in table.rows)])
    header = table.header + [""] * (width - len(table.header))
    rows = [(n, [_text(c) for c in cells] + [""] * (width - len(cells))) for n, cells in table.rows]
    return Grid(name, header, rows, version)


def _missing(folder: Path, name: str) -> Problem:
    return Problem(str(folder / name), "", "", _("file not found"))


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would take the text for a formula: it starts with one of the
    formula characters and is not strictly a number ("-5" and "+12" are numbers)."""
    from .case.numbers import NumberFormatError, parse_decimal

    if not text.startswith(FORMULA_START):
        return False
    try:
        return parse_decimal(text) is None
    except NumberFormatError:
        return True


def write_cells(folder: Path, name: str, changes: dict[tuple[int, int], str], expected: str) -> str:
    """Write changed cells ((row, column) from 1 → text) back into the table, atomically, the
    earlier table kept in history/; the new version. EditConflict if the file changed since
    `expected`, TableRefused for a formula or a character the file's encoding cannot hold."""
    from .casefiles import EditConflict

    for text in changes.values():
        if is_formula(text):
            message = _('"{text}" would be a formula in a spreadsheet; a cell cannot start so')
            raise TableRefused("formula", message.format(text=text[:40]))
    limit = table_limit(name)
    if file_version(folder, name, limit) != expected:
        raise EditConflict(name)
    path = case_file(folder, name)
    if path is None:
        raise CaseError([_missing(folder, name)])
    content = _csv_with(path, changes) if name.endswith(".csv") else _xlsx_with(path, changes)
    keep_in_history(folder, name)
    atomic_write(path, content)
    return file_version(folder, name, limit)


def _encoding(raw: bytes) -> str:
    """The encoding to write a CSV file back in: the one it was read in (a one-byte Cyrillic
    encoding as the table reader told it, case/encodings.py)."""
    from .case.tables import decode_table

    return decode_table(raw, "").codec


def _csv_with(path: Path, changes: dict[tuple[int, int], str]) -> bytes:
    from .case.paths import CSV_MAX_BYTES, read_bytes
    from .case.tables import decode_csv

    raw = read_bytes(path, path.name, CSV_MAX_BYTES)
    text = decode_csv(raw, path.name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    newline = "\r\n" if "\r\n" in text else "\n"
    grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    for (row, column), value in changes.items():
        while len(grid) < row:
            grid.append([])
        cells = grid[row - 1]
        cells += [""] * (column - len(cells))
        cells[column - 1] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(grid)
    codec = _encoding(raw)
    try:
        return buffer.getvalue().encode(codec)
    except UnicodeEncodeError:
        from .case.encodings import LEGACY_ENCODINGS

        message = _("a character typed cannot be written in the table's encoding ({encoding})")
        encoding = LEGACY_ENCODINGS.get(codec, codec)
        raise TableRefused("encoding", message.format(encoding=encoding)) from None


def _count(text: str) -> int | None:
    from .case.numbers import NumberFormatError, parse_count

    try:
        return parse_count(text)
    except NumberFormatError:
        return None


def _xlsx_with(path: Path, changes: dict[tuple[int, int], str]) -> bytes:
    from openpyxl import load_workbook

    from .case.paths import XLSX_MAX_BYTES, read_bytes
    from .case.protocols import DESCRIPTIVE_COLUMNS
    from .case.tables import read_sheet

    raw = read_bytes(path, path.name, XLSX_MAX_BYTES)
    check_xlsx(raw)
    header = [name.strip().lower() for name in read_sheet(path, path.name).header]
    workbook = load_workbook(io.BytesIO(raw))
    sheet = workbook.worksheets[0]
    for (row, column), text in changes.items():
        cell = sheet.cell(row=row, column=column)
        name = header[column - 1] if column <= len(header) else ""
        # A count goes back as a number, as a spreadsheet holds it; a station number, district
        # or anything else as text, never as a formula.
        number = None if name in DESCRIPTIVE_COLUMNS else _count(text)
        cell.value = number if number is not None else (text or None)
        if isinstance(cell.value, str):
            cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
