"""Scan the XML of a workbook's parts before they are read, bounded and without a DTD.

A worksheet is scanned for its extent (declared and actual) and for cells whose value cannot be
used: an error value (#DIV/0!, #N/A, ...) or a formula whose result was never saved. A sheet
with neither a formula nor an error value anywhere (the usual table typed by hand) is measured
by a quick pass over its cell references; any other sheet by a full streaming parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from ..i18n import gettext as _
from .paths import TABLE_MAX_CELLS, TABLE_MAX_COLUMNS, TABLE_MAX_ROWS

_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
# What the quick pass looks for, in bytes. Each may also match inside a comment or a text,
# which only sends the sheet to the full parse, or counts a cell too many: never one too few.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])([^>]*)>")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f(?=[\s/>])")
_ERROR = re.compile(rb"""\bt\s*=\s*["']e["']""")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"""dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")

BadCell = tuple[int, int, str]


class Refused(Exception):
    """The workbook cannot be read; the message says why."""


def broken(reason: str) -> Refused:
    """The refusal of a workbook that is not what Excel writes."""
    return Refused(
        _("cannot be read as an Excel workbook ({reason}); save it again as .xlsx").format(
            reason=reason
        )
    )


def parse_xml(
    data: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream an XML part through handlers given local element and attribute names; no DTD."""

    def refuse(*_args: Any) -> None:
        raise Refused(_doctype())

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
        message = _("its XML is broken at line {line}, column {column}")
        raise broken(message.format(line=exc.lineno, column=exc.offset + 1)) from None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _doctype() -> str:
    return _("the workbook holds a document type declaration; save it again as .xlsx")


def column_letter(number: int) -> str:
    """1 → A, 27 → AA: the column's name in a spreadsheet."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def scan_sheet(data: bytes) -> list[BadCell]:
    """The cells with an error value or an unsaved formula; Refused if the sheet is too large."""
    if b"<!DOCTYPE" in data:
        raise Refused(_doctype())
    declared = _DIMENSION.search(data)
    if declared is not None:
        _check_dimension(declared[1].decode("ascii", "replace"))
    if _FORMULA.search(data) is None and _ERROR.search(data) is None and _quick_extent(data):
        return []
    scan = _SheetScan()
    parse_xml(data, scan.start, scan.end, scan.text)
    _check_area(scan.max_row, scan.max_column)
    return scan.bad


def _quick_extent(data: bytes) -> bool:
    """Check the extent from the cell references alone; False if a cell has none."""
    numbers: dict[bytes, int] = {}
    rows = columns = cells = 0
    for tag in _CELL_TAG.finditer(data):
        ref = _CELL_REF.search(tag[1])
        if ref is None:
            return False  # placed by its position: only the full parse can tell where
        column = numbers.get(ref[1]) or numbers.setdefault(ref[1], column_number(ref[1].decode()))
        row = int(ref[2])
        _check_cell(row, column)
        rows, columns, cells = max(rows, row), max(columns, column), cells + 1
        if cells > TABLE_MAX_CELLS:
            raise Refused(_too_many_cells())
    _check_area(rows, columns)
    return True


def _check_cell(row: int, column: int) -> None:
    if row > TABLE_MAX_ROWS or column > TABLE_MAX_COLUMNS:
        cell = f"{column_letter(column)}{row}"
        raise Refused(_too_large(_("the sheet has a cell at {cell}").format(cell=cell)))


def _check_area(rows: int, columns: int) -> None:
    if rows * columns > TABLE_MAX_CELLS:
        what = _("the sheet spans {rows} rows and {columns} columns")
        raise Refused(_too_large(what.format(rows=spaced(rows), columns=spaced(columns))))


def _check_dimension(ref: str) -> None:
    found = _REF.fullmatch(ref.split(":")[-1])
    if found is None:
        return  # calamine does not size the sheet by a reference it cannot read
    rows, columns = int(found[2]), column_number(found[1])
    if rows > TABLE_MAX_ROWS or columns > TABLE_MAX_COLUMNS or rows * columns > TABLE_MAX_CELLS:
        what = _("the sheet declares {rows} rows and {columns} columns ({ref})")
        raise Refused(_too_large(what.format(rows=spaced(rows), columns=spaced(columns), ref=ref)))


def _too_many_cells() -> str:
    what = _("the sheet holds more than {cells} cells").format(cells=spaced(TABLE_MAX_CELLS))
    return _too_large(what)


def _too_large(what: str) -> str:
    """What is too large about the sheet, then the limits and what to do."""
    return _(
        "{what}; at most {rows} rows, {columns} columns and {cells} cells (rows × columns) are "
        "read; copy the table alone into a new workbook and save it"
    ).format(
        what=what,
        rows=spaced(TABLE_MAX_ROWS),
        columns=spaced(TABLE_MAX_COLUMNS),
        cells=spaced(TABLE_MAX_CELLS),
    )


def spaced(number: int) -> str:
    """12345 → '12 345', as a Russian reader groups digits."""
    return f"{number:,}".replace(",", " ")


class _SheetScan:
    """What a sheet's XML holds, found in one streaming pass: its extent and its unusable cells."""

    def __init__(self) -> None:
        self.row = self.column = self.cells = self.max_row = self.max_column = 0
        self.kind = ""
        self.formula = self.in_value = False
        self.value: list[str] | None = None
        self.bad: list[BadCell] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "row":
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.column = 0
            _check_cell(self.row, 1)
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
            found = _REF.fullmatch(ref)
            if found is None:
                raise broken(_("cell {ref}").format(ref=repr(ref)))
            self.column, self.row = column_number(found[1]), int(found[2])
        self.cells += 1
        _check_cell(self.row, self.column)
        self.max_row = max(self.max_row, self.row)
        self.max_column = max(self.max_column, self.column)
        if self.cells > TABLE_MAX_CELLS:
            raise Refused(_too_many_cells())

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
            message = _(
                "cell {ref} holds the error {error} instead of a figure; "
                "correct the formula or type the figure from the protocol"
            ).format(ref=ref, error=saved or _("value"))
            self.bad.append((self.row, self.column, message))
        elif self.formula and not saved and self.kind != "str":
            message = _(
                "cell {ref} holds a formula whose result was never saved in the file; open "
                "the file in Excel or LibreOffice Calc, let it calculate and save it again"
            ).format(ref=ref)
            self.bad.append((self.row, self.column, message))
