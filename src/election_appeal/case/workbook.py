"""Read the first sheet of an .xlsx workbook, checked before it is handed to the reader.

The workbook is untrusted. Before python-calamine reads it, the zip is opened here with its
sizes bounded, the sheet's XML is scanned once by a streaming parser (no DTD, no entities) for
its declared and actual extent, for formulas whose result was never saved and for error values
(#DIV/0!, #N/A, ...); calamine then reads a copy of exactly the parts that were checked.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..errors import CaseError, Problem
from .paths import (
    TABLE_MAX_CELLS,
    TABLE_MAX_COLUMNS,
    TABLE_MAX_ROWS,
    XLSX_MAX_BYTES,
    XLSX_MAX_UNPACKED_BYTES,
    read_bytes,
)
from .text import forbidden_character

# An .xlsx written by Excel or LibreOffice has a few dozen parts.
_MAX_PARTS = 1_000
_MAX_DIRECTORY_BYTES = 1_000_000
_EOCD = b"PK\x05\x06"
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_RESAVE = "save it again as .xlsx"


@dataclass(frozen=True)
class Sheet:
    """The cells of the sheet read, the file and sheet name for messages, and its bad cells."""

    display: str
    grid: list[list[object]]
    problems: list[Problem] = field(default_factory=list)


class _Refused(Exception):
    """The workbook cannot be read; the message says why."""


def read_workbook(path: Path, display: str) -> Sheet:
    """The first sheet of a workbook; CaseError if the workbook is broken or too large."""
    raw = read_bytes(path, display, XLSX_MAX_BYTES)
    try:
        parts = _unpack(raw)
        name, sheet_part = _first_sheet(parts)
    except _Refused as exc:
        raise CaseError([Problem(display, "", "", str(exc))]) from None
    display = f'{display}, sheet "{_printable(name)}"'
    try:
        bad = _scan_sheet(parts[sheet_part])
    except _Refused as exc:
        raise CaseError([Problem(display, "", "", str(exc))]) from None
    grid = _calamine_grid(parts, display)
    problems = []
    for row, column, message in bad:
        problems.append(Problem(display, f"row {row}", "", message))
        if row <= len(grid) and column <= len(grid[row - 1]):
            grid[row - 1][column - 1] = None
    return Sheet(display, grid, problems)


def column_letter(number: int) -> str:
    """1 → A, 27 → AA: the column's name in a spreadsheet."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _printable(text: str) -> str:
    return "".join(ch for ch in text if forbidden_character(ch) is None)


def _unpack(raw: bytes) -> dict[str, bytes]:
    """The XML parts of the workbook, each checked against its CRC, their total size bounded."""
    _check_directory(raw)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        wanted = [i for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels"))]
        unpacked = sum(i.file_size for i in wanted)
        if unpacked > XLSX_MAX_UNPACKED_BYTES:
            limit = XLSX_MAX_UNPACKED_BYTES // 1_000_000
            raise _Refused(
                f"the workbook unpacks to {unpacked // 1_000_000} MB, more than the {limit} MB "
                "read; copy the table into a new workbook and save it"
            )
        return {i.filename: archive.read(i) for i in wanted}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise _Refused(f"cannot be read as an Excel workbook ({exc}); {_RESAVE}") from None
    except (EOFError, ValueError, RuntimeError) as exc:  # zipfile's other signs of a broken file
        raise _Refused(f"cannot be read as an Excel workbook ({exc}); {_RESAVE}") from None


def _check_directory(raw: bytes) -> None:
    """Refuse a zip with more parts than any workbook has, before its directory is read."""
    end = raw.rfind(_EOCD, max(0, len(raw) - 65_557))
    if end < 0 or len(raw) < end + 22:
        raise _Refused(f"cannot be read as an Excel workbook (it is not a zip file); {_RESAVE}")
    entries = int.from_bytes(raw[end + 10 : end + 12], "little")
    directory = int.from_bytes(raw[end + 12 : end + 16], "little")
    # The directory is read whole, whatever its count says: its size bounds it too.
    if entries > _MAX_PARTS or directory > _MAX_DIRECTORY_BYTES:
        message = f"it has {entries} parts, or a directory of {directory} bytes"
        raise _Refused(f"cannot be read as an Excel workbook ({message}); {_RESAVE}")


def _parse_xml(
    data: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream an XML part through handlers given local element and attribute names; no DTD."""

    def refuse(*_: Any) -> None:
        raise _Refused(f"the workbook holds a document type declaration; {_RESAVE}")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(
        _local(name), {_local(k): v for k, v in attrs.items()}
    )
    if end is not None:
        parser.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        parser.buffer_text = True
        parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"cannot be read as an Excel workbook (broken XML: {exc}); {_RESAVE}"
        raise _Refused(message) from None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _first_sheet(parts: dict[str, bytes]) -> tuple[str, str]:
    """The name of the first sheet and the path of its XML part, as Excel lists them."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            sheets.append((attrs.get("name", ""), attrs.get("id", "")))

    def on_relation(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse_xml(parts.get("xl/workbook.xml", b""), on_sheet)
    _parse_xml(parts.get("xl/_rels/workbook.xml.rels", b""), on_relation)
    if not sheets or sheets[0][1] not in targets:
        raise _Refused(f"cannot be read as an Excel workbook (no sheet found); {_RESAVE}")
    name, relation = sheets[0]
    target = targets[relation]
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    part = posixpath.normpath(part)
    if part not in parts:
        raise _Refused(f'cannot be read as an Excel workbook (the sheet "{name}" is missing)')
    return name, part


class _SheetScan:
    """What a sheet's XML holds, found in one streaming pass: its extent and its unusable cells."""

    def __init__(self) -> None:
        self.row = self.column = self.cells = 0
        self.kind = ""
        self.formula = self.in_value = False
        self.value: list[str] | None = None
        self.bad: list[tuple[int, int, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "dimension":
            self.dimension(attrs.get("ref", ""))
        elif name == "row":
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.column = 0
            _check_extent(self.row, 1)
        elif name == "c":
            self.cell(attrs.get("r"))
            self.kind, self.formula, self.value = attrs.get("t", "n"), False, None
        elif name == "f":
            self.formula = True
        elif name == "v":
            self.in_value, self.value = True, []
        elif name == "is":
            self.value = ["inline"]

    def cell(self, ref: str | None) -> None:
        if ref is None:
            self.column += 1
        else:
            found = _CELL.fullmatch(ref)
            if found is None:
                raise _Refused(f"cannot be read as an Excel workbook (cell {ref!r}); {_RESAVE}")
            self.column, self.row = _column_number(found[1]), int(found[2])
        self.cells += 1
        _check_extent(self.row, self.column)
        if self.cells > TABLE_MAX_CELLS:
            raise _Refused(_too_large(f"holds more than {TABLE_MAX_CELLS:,} cells"))

    def text(self, data: str) -> None:
        if self.in_value and self.value is not None:
            self.value.append(data)

    def end(self, name: str) -> None:
        if name == "v":
            self.in_value = False
        elif name == "c":
            self.check_cell()

    def check_cell(self) -> None:
        ref = f"{column_letter(self.column)}{self.row}"
        saved = "".join(self.value).strip() if self.value is not None else None
        if self.kind == "e":
            message = (
                f"cell {ref} holds the error {saved or 'value'} instead of a figure; "
                "correct the formula or type the figure from the protocol"
            )
            self.bad.append((self.row, self.column, message))
        elif self.formula and not saved and self.kind != "str":
            message = (
                f"cell {ref} holds a formula whose result was never saved in the file; open "
                "the file in Excel or LibreOffice Calc, let it calculate and save it again"
            )
            self.bad.append((self.row, self.column, message))

    def dimension(self, ref: str) -> None:
        found = _CELL.fullmatch(ref.split(":")[-1].replace("$", ""))
        if found is not None:
            rows, columns = int(found[2]), _column_number(found[1])
            if rows > TABLE_MAX_ROWS or columns > TABLE_MAX_COLUMNS:
                what = f"declares {rows:,} rows and {columns:,} columns ({ref})"
                raise _Refused(_too_large(what))


def _check_extent(row: int, column: int) -> None:
    if row > TABLE_MAX_ROWS or column > TABLE_MAX_COLUMNS:
        where = f"has a cell at {column_letter(column)}{row}"
        raise _Refused(_too_large(where))


def _too_large(what: str) -> str:
    limits = (
        f"at most {TABLE_MAX_ROWS:,} rows and {TABLE_MAX_COLUMNS} columns are read; "
        "copy the table alone into a new workbook and save it"
    )
    return f"the sheet {what}; {limits}".replace(",", " ")


def _scan_sheet(data: bytes) -> list[tuple[int, int, str]]:
    """The cells with an error value or an unsaved formula; _Refused if the sheet is too large."""
    scan = _SheetScan()
    _parse_xml(data, scan.start, scan.end, scan.text)
    return scan.bad


def _calamine_grid(parts: dict[str, bytes], display: str) -> list[list[object]]:
    """The first sheet read by calamine from a stored (uncompressed) copy of the checked parts."""
    from python_calamine import CalamineError, CalamineWorkbook

    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    copy.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(copy)
        sheet = workbook.get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, OSError) as exc:
        message = f"cannot be read as an Excel workbook ({exc}); {_RESAVE}"
        raise CaseError([Problem(display, "", "", message)]) from None
