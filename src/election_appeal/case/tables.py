"""Read a CSV or XLSX sheet into a header and rows of raw cells, whatever the spreadsheet was.

A table is untrusted: its size is bounded, its encoding must be one encoding for the whole
file, and a cell holding an invisible control character is an error naming the cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CaseError, Problem, Severity
from ..i18n import gettext as _
from .encodings import LEGACY_ENCODINGS, Reading, clear_reading
from .paths import CSV_MAX_BYTES, TABLE_MAX_CELLS, TABLE_MAX_COLUMNS, TABLE_MAX_ROWS, read_bytes
from .sheetxml import column_letter
from .text import forbidden_character, look_alike_letters, spreadsheet_formula
from .workbook import read_workbook

_DELIMITERS = (",", ";", "\t")
# Names for the messages, as Excel's "Save as" dialog calls them.
_UTF8, _CP1251 = "UTF-8", LEGACY_ENCODINGS["cp1251"]
# The kind of a row not in UTF-8, until the file's one-byte encoding is told.
_ONE_BYTE = "one-byte"


@dataclass(frozen=True)
class Table:
    """A sheet: the column names of its header, and its rows numbered as a spreadsheet does.

    `display` names the file (and, for a workbook, the sheet read) in every message; `problems`
    are the cells that could not be read, whose value is left out (None) or cleaned.
    """

    header: list[str]
    rows: list[tuple[int, list[object]]]
    display: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the table's use (the others are warnings)."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def read_table(path: Path, display: str) -> Table:
    """Read a .csv or .xlsx file; raise CaseError if it cannot be read or a cell is bad (its
    warnings, such as the encoding it was read in, stay in `problems`)."""
    table = read_sheet(path, display)
    if table.errors:
        raise CaseError(table.problems)
    return table


def read_sheet(path: Path, display: str) -> Table:
    """Read a .csv or .xlsx file; the problems of single cells are listed in the table."""
    sheet = stream_sheet(path, display)
    return Table(sheet.header, list(sheet.rows), sheet.display, sheet.problems)


@dataclass(frozen=True)
class SheetRows:
    """A sheet read one row at a time, for a table too long to hold whole beside what is made
    of it: its header, its rows numbered as a spreadsheet does, and the problems of single
    cells, which grow as the rows are read (each cleaned cell is named there)."""

    header: list[str]
    rows: Iterator[tuple[int, list[object]]]
    display: str
    problems: list[Problem]


def stream_sheet(path: Path, display: str) -> SheetRows:
    """Read a .csv or .xlsx file's header; its rows come as they are iterated. A CSV file's rows
    are split from its text one by one (a workbook's sheet is read whole)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid, problems = _read_csv(path, display)
    elif suffix in (".xlsx", ".xlsm"):
        sheet = read_workbook(path, display)
        grid, display, problems = iter(sheet.grid), sheet.display, list(sheet.problems)
    else:
        raise CaseError([Problem(display, "", "", _("must be a .csv or .xlsx file"))])
    return _split_header(grid, display, problems)


def _read_csv(path: Path, display: str) -> tuple[Iterator[list[object]], list[Problem]]:
    """The rows of a CSV file as they are split, and its problems (the encoding assumed), which
    grow as the rows are read (a quote left open)."""
    raw = read_bytes(path, display, CSV_MAX_BYTES)
    decoded = decode_table(raw, display)
    del raw  # the text is all that is read from here on
    text = decoded.text
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first_line.count)
    problems = [decoded.warning] if decoded.warning else []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _csv_rows(reader, display, problems), problems


def _csv_rows(reader: Any, display: str, problems: list[Problem]) -> Iterator[list[object]]:
    """The rows of a CSV reader, each checked against the table's limits as it comes; a row
    that a quote left open spans several lines of the file: it is named in `problems` and its
    cells are left out."""
    rows = cells = line = width = 0
    try:
        for row in reader:
            rows, cells = rows + 1, cells + len(row)
            _check_size(rows, len(row), cells, display)
            first, line = line + 1, reader.line_num
            if any(_swallowed_rows(cell, reader.dialect.delimiter) for cell in row):
                problems.append(Problem(display, f"row {rows}", "", _open_quote(first, line)))
                yield [None] * len(row)
                continue
            width = width or (len(row) if any(cell.strip() for cell in row) else 0)
            if (message := _other_separator(row, width, reader.dialect.delimiter)) is not None:
                problems.append(Problem(display, f"row {rows}", "", message))
            yield list(row)
    except csv.Error as exc:
        raise CaseError([_csv_error(exc, display, rows + 1, line + 1, reader.line_num)]) from None


def _swallowed_rows(cell: str, delimiter: str) -> bool:
    """A cell that runs over a line end and holds the separator: a quote left open took the
    rows below it into one cell. A line break alone is a spreadsheet's cell of two lines."""
    return ("\n" in cell or "\r" in cell) and delimiter in cell


def _other_separator(row: list[str], width: int, delimiter: str) -> str | None:
    """A message when a row of one cell under a header of several holds another separator:
    the row was saved with semicolons in a table of commas, or the reverse."""
    if len(row) != 1 or width < 2:
        return None
    found = [other for other in _DELIMITERS if other != delimiter and other in row[0]]
    if not found:
        return None
    return _(
        "this row separates its cells by «{found}», the header by «{used}», so it was read as "
        "one cell; save the whole table with one separator"
    ).format(found=_shown(found[0]), used=_shown(delimiter))


def _shown(delimiter: str) -> str:
    return _("tab") if delimiter == "\t" else delimiter


def _open_quote(first: int, last: int) -> str:
    return _(
        'an opening quote (") without its closing quote in this row: lines {first} to {last} '
        "of the file were read as one cell; remove the quote, or close it in the same cell"
    ).format(first=first, last=last)


def _csv_error(exc: csv.Error, display: str, row: int, first: int, last: int) -> Problem:
    """The csv module's error, in words of the interface language."""
    where = f"row {row}"
    if "field limit" in str(exc):
        if last > first:
            return Problem(display, where, "", _open_quote(first, last))
        message = _(
            "a cell of this row is longer than {limit} characters; no cell of a table is that "
            "long: check the row"
        ).format(limit=f"{csv.field_size_limit():,}".replace(",", " "))
        return Problem(display, where, "", message)
    message = _('this row cannot be split into cells; check its quotes (") and separators')
    return Problem(display, where, "", message)


def _check_size(rows: int, columns: int, cells: int, display: str) -> None:
    if rows > TABLE_MAX_ROWS or columns > TABLE_MAX_COLUMNS or cells > TABLE_MAX_CELLS:
        raise CaseError([Problem(display, f"row {rows}", "", table_too_large())])


def table_too_large() -> str:
    """The message for a table beyond the limits of paths.py."""
    return _(
        "the table is too large: at most {rows} rows, {columns} columns and {cells} cells are read"
    ).format(
        rows=f"{TABLE_MAX_ROWS:,}".replace(",", " "),
        columns=TABLE_MAX_COLUMNS,
        cells=f"{TABLE_MAX_CELLS:,}".replace(",", " "),
    )


def decode_csv(raw: bytes, display: str) -> str:
    """The text of a CSV file in one encoding (see decode_table)."""
    return decode_table(raw, display).text


@dataclass(frozen=True)
class Decoded:
    """A CSV file's text, the codec to write it back in, and the warning that says which
    one-byte encoding was taken (None for UTF-8 and UTF-16, which are read exactly)."""

    text: str
    codec: str
    warning: Problem | None = None


def decode_table(raw: bytes, display: str) -> Decoded:
    """The text of a CSV file in one encoding: UTF-8 (BOM or not), UTF-16 with BOM, or a
    one-byte Cyrillic encoding (Windows-1251, KOI8-R, ...) when its letters read as words in
    that encoding only (case/encodings.py).

    Anything else, a file whose encoding cannot be told, or a file whose rows are in two
    encodings, is an error naming the first row that does not fit: decoding it whole one way
    would print the other rows as gibberish.
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        message = _('is UTF-32 text; save the whole file again as "CSV UTF-8"')
        raise CaseError([Problem(display, "", "", message)])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_decode_utf16(raw, display), "utf-16")
    bom = raw.startswith(codecs.BOM_UTF8)
    if bom:
        raw = raw[len(codecs.BOM_UTF8) :]
    if b"\x00" in raw[:4096]:
        message = _(
            "holds zero bytes: it is not text, or is UTF-16 without a byte order mark; "
            'save the whole file again as "CSV UTF-8"'
        )
        raise CaseError([Problem(display, "", "", message)])
    if _is_utf8(raw):
        return Decoded(raw.decode("utf-8"), "utf-8-sig" if bom else "utf-8")
    _refuse_mixed(raw, display, bom)
    reading, rivals = clear_reading(raw)
    if reading is None:
        raise CaseError([_unclear(raw, display, rivals)])
    message = _(
        "is not UTF-8 text: read as {encoding}, the only encoding in which its letters form "
        "words (the first: «{word}»); if the documents show other letters, save the whole "
        'file again as "CSV UTF-8"'
    ).format(encoding=reading.name, word=reading.first_word)
    warning = Problem(display, "", "", message, Severity.WARNING)
    return Decoded(raw.decode(reading.encoding), reading.encoding, warning)


def _refuse_mixed(raw: bytes, display: str, bom: bool) -> None:
    """Refuse a file whose rows are partly UTF-8 and partly in a one-byte encoding."""
    first_kind: str | None = _UTF8 if bom else None
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        kind = _UTF8 if _is_utf8(line) else _ONE_BYTE
        if first_kind is None:
            first_kind = kind
        elif kind != first_kind:
            row = _row_of_line(raw, number)
            message = _(
                "this row is written in {kind} but the rows before it in {first}, so the file "
                'cannot be read correctly; save the whole file again as "CSV UTF-8"'
            ).format(kind=_name_of(kind, raw), first=_name_of(first_kind, raw))
            raise CaseError([Problem(display, f"row {row}", "", message)])


def _name_of(kind: str, raw: bytes) -> str:
    """UTF-8, or the one-byte encoding the rows not in UTF-8 are clearly in."""
    if kind == _UTF8:
        return _UTF8
    lines = b"\n".join(line for line in raw.split(b"\n") if not _is_utf8(line))
    reading, _rivals = clear_reading(lines)
    return reading.name if reading is not None else _("a one-byte Cyrillic encoding")


def _unclear(raw: bytes, display: str, rivals: list[Reading]) -> Problem:
    """The error for a file not in UTF-8 whose one-byte encoding cannot be told."""
    try:
        raw.decode("cp1251")
    except UnicodeDecodeError as exc:
        if not rivals:
            row = _row_of_line(raw, raw.count(b"\n", 0, exc.start) + 1)
            message = _(
                "the byte {byte} is not a letter in {utf8} or {cp1251}; "
                'save the whole file again as "CSV UTF-8"'
            ).format(byte=f"0x{raw[exc.start]:02X}", utf8=_UTF8, cp1251=_CP1251)
            return Problem(display, f"row {row}", "", message)
    if rivals:
        message = _(
            "is not UTF-8 text, and its letters read as words in more than one encoding "
            "({readings}), so which one it was saved in cannot be told; "
            'save the whole file again as "CSV UTF-8"'
        ).format(readings="; ".join(f"{r.name}: «{r.first_word}»" for r in rivals))
    else:
        message = _(
            "is not UTF-8 text, and its letters form no words in any Cyrillic encoding "
            '({encodings}); save the whole file again as "CSV UTF-8"'
        ).format(encodings=", ".join(LEGACY_ENCODINGS.values()))
    return Problem(display, "", "", message)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_utf16(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError as exc:
        start = exc.start - exc.start % 2
        line = raw[:start].decode("utf-16", errors="replace").count("\n") + 1
        message = _(
            'is not valid UTF-16 text from this row on; save the whole file again as "CSV UTF-8"'
        )
        raise CaseError([Problem(display, f"row {line}", "", message)]) from None


def _row_of_line(raw: bytes, line: int) -> int:
    """The CSV row that holds a physical line: a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(raw.decode("latin-1"), newline=""))
    row = 0
    try:
        for row, _record in enumerate(reader, start=1):
            if reader.line_num >= line:
                return row
    except csv.Error:
        pass
    return max(row, 1)


def cell_text(cell: object) -> str:
    """A cell as text: empty for nothing, a whole float of a workbook without its ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _split_header(grid: Iterator[list[object]], display: str, problems: list[Problem]) -> SheetRows:
    numbered = ((n, row) for n, row in enumerate(grid, start=1) if not all(map(_blank, row)))
    first = next(numbered, None)
    if first is None:
        raise CaseError(
            [Problem(display, "", "", _("the file is empty: it has no header and no rows"))]
        )
    header_number, header_cells = first
    problems.extend(_clean_cells(header_number, header_cells, None, display))
    header = [str(cell).strip() if not _blank(cell) else "" for cell in header_cells]
    if not any(_looks_like_name(name) for name in header):
        message = _(
            "the first non-empty row must be the header with the column names "
            "(station, contest, ...), but it holds numbers only"
        )
        raise CaseError([*problems, Problem(display, f"row {header_number}", "", message)])
    names = list(header_cells)
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[object]]]:
        for number, row in numbered:
            problems.extend(_clean_cells(number, row, names, display))
            yield number, row

    return SheetRows(header, rows(), display, problems)


def _clean_cells(
    number: int, row: list[object], header: list[object] | None, display: str
) -> list[Problem]:
    """A problem for each text cell of a row with a control character, which is then removed
    from it; for each text cell of a row under the header that a spreadsheet would read as a
    formula; and a warning for each that mixes look-alike Latin and
    Cyrillic letters, which would group apart from the same text in one alphabet. The cell is
    named by its column's header (`header`, None for the header row itself), or by its
    letter."""
    problems = []
    for index, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        name = header[index] if header is not None and index < len(header) else None
        column = str(name).strip() if name else column_letter(index + 1)
        if (message := forbidden_character(cell)) is not None:
            problems.append(Problem(display, f"row {number}", column, message))
            cell = row[index] = "".join(ch for ch in cell if forbidden_character(ch) is None)
        if header is None:
            continue
        if (message := spreadsheet_formula(cell)) is not None:
            # Kept as written, for the page to show it in its cell; the error stops its use.
            problems.append(Problem(display, f"row {number}", column, message))
        elif (message := look_alike_letters(cell)) is not None:
            problems.append(Problem(display, f"row {number}", column, message, Severity.WARNING))
    return problems


def _looks_like_name(cell: str) -> bool:
    return any(ch.isalpha() for ch in cell)
