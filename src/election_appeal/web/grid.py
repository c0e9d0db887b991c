"""The protocol table as an editable grid: read any CSV or XLSX the library accepts, and write
edited cells back in the file's own format, encoding and delimiter."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..case.numbers import NumberFormatError, parse_count
from ..case.paths import XLSX_MAX_UNPACKED_BYTES
from ..case.protocols import DESCRIPTIVE_COLUMNS
from ..case.tables import decode_csv
from ..case.tables import read_sheet as read_table_sheet
from ..errors import CaseError
from .forms import FORMULA_START
from .yamlfile import atomic_write

MAX_UPLOAD_BYTES = 10_000_000
# Larger tables show only their rows with problems: a grid of every cell would be too heavy.
MAX_GRID_ROWS = 600


class BadTable(Exception):
    """The file cannot be opened as a table; the code names why for the template."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Sheet:
    """The cells of a table as text, rows numbered as a spreadsheet numbers them."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _encoding(raw: bytes) -> str:
    """The encoding to write a CSV file back in: the one it was read in."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _csv_grid(path: Path) -> tuple[list[list[str]], str, str, str]:
    """The cells of a CSV file, and its encoding, delimiter and line ends to write it back."""
    raw = path.read_bytes()
    try:
        text = decode_csv(raw, path.name)
    except CaseError:
        raise BadTable("unreadable") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return rows, _encoding(raw), delimiter, newline


def check_xlsx(path_or_bytes: Path | bytes) -> None:
    """Refuse an XLSX that is not a zip or would unpack to more than the library reads."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise BadTable("xlsx") from None
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise BadTable("too_big")


def read_sheet(path: Path) -> Sheet:
    """The table as `appeal check` reads it (same rows, same numbers), every cell as text."""
    try:
        table = read_table_sheet(path, path.name)
    except CaseError:
        raise BadTable("unreadable") from None
    width = max([len(table.header), *(len(cells) for _, cells in table.rows)])
    header = table.header + [""] * (width - len(table.header))
    rows = [(n, [_text(c) for c in cells] + [""] * (width - len(cells))) for n, cells in table.rows]
    return Sheet(header, rows)


def write_cells(path: Path, changes: dict[tuple[int, int], str]) -> None:
    """Write changed cells ((row, column) from 1 → text) back into the file, atomically."""
    for text in changes.values():
        if text.startswith(FORMULA_START):
            raise BadTable("formula")
    if path.suffix.lower() == ".csv":
        atomic_write(path, _csv_with(path, changes))
    else:
        atomic_write(path, _xlsx_with(path, changes))


def _csv_with(path: Path, changes: dict[tuple[int, int], str]) -> bytes:
    grid, encoding, delimiter, newline = _csv_grid(path)
    for (row, column), text in changes.items():
        while len(grid) < row:
            grid.append([])
        cells = grid[row - 1]
        cells += [""] * (column - len(cells))
        cells[column - 1] = text
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(grid)
    try:
        return buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raise BadTable("encoding") from None


def _count(text: str) -> int | None:
    try:
        return parse_count(text)
    except NumberFormatError:
        return None


def _xlsx_with(path: Path, changes: dict[tuple[int, int], str]) -> bytes:
    check_xlsx(path)
    from openpyxl import load_workbook

    header = [name.strip().lower() for name in read_sheet(path).header]
    workbook = load_workbook(path)
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
