"""The protocol table as an editable grid: read any CSV or XLSX the library accepts, and write
edited cells back in the file's own format, encoding and delimiter."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..case.numbers import NumberFormatError, parse_count
from ..case.protocols import DESCRIPTIVE_COLUMNS
from .forms import FORMULA_START
from .yamlfile import atomic_write

MAX_UPLOAD_BYTES = 10_000_000
# An XLSX is a zip: its unpacked size is checked before it is opened, against zip bombs.
MAX_UNPACKED_BYTES = 200_000_000
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


def _decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding to write it back in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace"), "cp1251"


def _csv_grid(path: Path) -> tuple[list[list[str]], str, str, str]:
    text, encoding = _decode(path.read_bytes())
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return rows, encoding, delimiter, newline


def check_xlsx(path_or_bytes: Path | bytes) -> None:
    """Refuse an XLSX that is not a zip or would unpack to more than the limit."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise BadTable("xlsx") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadTable("too_big")


def read_sheet(path: Path) -> Sheet:
    """The first sheet of the table, every cell as text; blank rows left out."""
    if path.suffix.lower() == ".csv":
        grid = _csv_grid(path)[0]
    else:
        check_xlsx(path)
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        grid = [
            [_text(c) for c in row] for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
        workbook.close()
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return Sheet([], [])
    width = max(len(row) for _, row in numbered)
    padded = [(n, row + [""] * (width - len(row))) for n, row in numbered]
    return Sheet(padded[0][1], padded[1:])


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
