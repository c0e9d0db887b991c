"""Read a CSV or XLSX sheet into a header and rows of raw cells, whatever the spreadsheet was."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import CaseError, Problem

# Tried in this order: UTF-8 (a BOM is dropped), then the Windows Cyrillic code page that
# Russian Excel writes by default.
_ENCODINGS = ("utf-8-sig", "cp1251")
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """A sheet: the column names of its header, and its rows numbered as a spreadsheet does."""

    header: list[str]
    rows: list[tuple[int, list[object]]]


def read_table(path: Path, display: str) -> Table:
    """Read a .csv or .xlsx file; raise CaseError if it is missing, unreadable or has no header."""
    if not path.is_file():
        raise CaseError([Problem(display, "", "", "file not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _read_csv(path, display)
    elif suffix in (".xlsx", ".xlsm"):
        grid = _read_xlsx(path, display)
    else:
        raise CaseError([Problem(display, "", "", "must be a .csv or .xlsx file")])
    return _split_header(grid, display)


def _read_csv(path: Path, display: str) -> list[list[object]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError([Problem(display, "", "", f"cannot be read: {exc.strerror}")]) from None
    for encoding in _ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes all but five byte values
        raise CaseError([Problem(display, "", "", "cannot be read: save it as UTF-8 CSV")])
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path, display: str) -> list[list[object]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, OSError) as exc:
        message = f"cannot be read as an Excel workbook ({exc}); save it again as .xlsx"
        raise CaseError([Problem(display, "", "", message)]) from None


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _split_header(grid: list[list[object]], display: str) -> Table:
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if not all(map(_blank, row))]
    if not numbered:
        raise CaseError(
            [Problem(display, "", "", "the file is empty: it has no header and no rows")]
        )
    header_number, header_cells = numbered[0]
    header = [str(cell).strip() if not _blank(cell) else "" for cell in header_cells]
    if not any(_looks_like_name(name) for name in header):
        message = (
            "the first non-empty row must be the header with the column names "
            "(station, contest, ...), but it holds numbers only"
        )
        raise CaseError([Problem(display, f"row {header_number}", "", message)])
    while header and not header[-1]:
        header.pop()
    return Table(header, [(n, row) for n, row in numbered[1:]])


def _looks_like_name(cell: str) -> bool:
    return any(ch.isalpha() for ch in cell)
