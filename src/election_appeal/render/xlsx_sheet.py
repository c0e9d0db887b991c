"""A one-sheet workbook written as OOXML as its rows arrive: rows in, the zip's bytes out.

A row is a list of cells, each None (nothing) or (value, style): an int is a number, a str is
a text (always a string cell, never a formula), None an empty cell that keeps its style (a
fill, a bold total). Only the current row exists as Python objects; the sheet's XML goes into
the deflated zip entry as it is made. What is kept until the end is small and bounded: the
shared strings (at most SHARED_MAX distinct texts, each at most SHARED_MAX_CHARS long; others
are written in their cell) and the notes of marked cells.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import xlsx_parts as parts
from .xlsx_text import CELL_MAX_CHARS, attribute, cell_text, column_letter, markup, text_element

Cell = tuple[int | str | None, int] | None
# A row: its cells, from column A, and its notes as (column index, text).
Row = tuple[Sequence[Cell], Sequence[tuple[int, str]]]

# Texts that repeat (districts, kinds of station, sources, contests) are written once in the
# shared strings and referred to by number: a smaller sheet, and each escaped once. A text
# that is long or comes after this many distinct ones is written in its cell instead, so that
# what is held does not grow with the stations.
SHARED_MAX = 20_000
SHARED_MAX_CHARS = 200
assert SHARED_MAX_CHARS < CELL_MAX_CHARS
# Rows joined into one piece before they are encoded and deflated.
_BATCH_ROWS = 200


@dataclass(frozen=True)
class Layout:
    """What the sheet looks like around its rows."""

    sheet: str  # its name
    widths: Sequence[float]  # each column's width, in characters
    header_row: int  # the table's header (from 1): frozen above, repeated on printed pages
    header_height: float  # the header row's height, in points
    filtered_rows: int  # the rows under the header the filter covers
    header: str  # page header (Excel's header codes), "" for none
    footer: str  # page footer
    # How many rows the sheet has, when known before they are written: the sheet then states
    # its extent, which lets a reader find its first cells without reading every row.
    rows: int | None = None


def write_workbook(
    layout: Layout,
    rows: Iterable[Row],
    moment: datetime.datetime,
    notes: bool,
    styles: str,
    cut: Callable[[str, int], None] = lambda ref, cells: None,
) -> bytes:
    """The workbook of one sheet of `rows`, every part dated `moment` (the same rows give the
    same bytes); `notes`: whether some row has a note (the package lists the notes' parts
    before the rows are written); `styles`: xl/styles.xml, whose formats the rows' styles
    number; `cut(ref, cells)` is told of each text that was too long for a cell and was cut:
    the first cell that holds it and how many do."""
    out = io.BytesIO()
    stamp = moment.astimezone(datetime.UTC).timetuple()[:6]
    # Deflate at zlib's default level (6): at 10 000 stations a file of 2.0 MB for 0.6 s of
    # CPU in all; level 3 gives 2.4 MB for 0.43 s, level 1 2.7 MB for 0.41 s. The file is sent
    # and kept: the smaller one.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, text: str) -> None:
            archive.writestr(_entry(name, stamp), text.encode())

        put("[Content_Types].xml", parts.content_types(notes))
        put("_rels/.rels", parts.package_relationships())
        put("docProps/app.xml", parts.app_properties())
        put("docProps/core.xml", parts.core_properties(moment))
        put("xl/_rels/workbook.xml.rels", parts.workbook_relationships())
        put("xl/styles.xml", styles)
        writer = _SheetWriter(len(layout.widths), notes)
        with archive.open(_entry(parts.SHEET_PART, stamp), "w") as stream:
            for piece in writer.sheet(layout, rows):
                stream.write(piece.encode())
        for ref, cells in writer.cut.values():
            cut(ref, cells)
        last = column_letter(len(layout.widths) - 1)
        filtered = f"${last}${layout.header_row + layout.filtered_rows}"
        print_titles = f"${layout.header_row}:${layout.header_row}"
        put(
            "xl/workbook.xml",
            parts.workbook(layout.sheet, f"$A${layout.header_row}:{filtered}", print_titles),
        )
        put(parts.STRINGS_PART, parts.shared_strings(writer.texts, writer.uses))
        if notes:
            put("xl/worksheets/_rels/sheet1.xml.rels", parts.sheet_relationships())
            put(parts.COMMENTS_PART, parts.comments(writer.notes))
            put(parts.DRAWING_PART, parts.notes_drawing(writer.noted))
    return out.getvalue()


def _entry(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=(*stamp,))  # type: ignore[arg-type]
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, wherever the workbook is made: the same bytes
    entry.external_attr = 0o644 << 16
    return entry


class _SheetWriter:
    """The worksheet's XML, row by row; the shared strings and notes met on the way."""

    def __init__(self, columns: int, notes: bool) -> None:
        self.with_notes = notes
        self.letters = [column_letter(i) for i in range(columns)]
        self.strings: dict[str, int] = {}  # a text as given → its index
        self.texts: list[str] = []  # the shared texts as written, in the order of their indices
        self.uses = 0
        self.notes: list[tuple[str, str]] = []
        self.noted: list[tuple[int, int]] = []
        # Each text cut to fit a cell (by its digest): its first cell and how many hold it.
        self.cut: dict[bytes, tuple[str, int]] = {}

    def sheet(self, layout: Layout, rows: Iterable[Row]) -> Iterable[str]:
        yield _sheet_head(layout)
        batch: list[str] = []
        number = 0
        for number, (cells, notes) in enumerate(rows, start=1):
            height = layout.header_height if number == layout.header_row else None
            batch.append(self.row(number, cells, height))
            for column, note in notes:
                self.note(number, column, note)
            if len(batch) == _BATCH_ROWS:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch)
        if layout.rows is not None and number != layout.rows:
            raise ValueError(f"the sheet was to have {layout.rows} rows, not {number}")
        yield _sheet_tail(layout, self.with_notes)

    def row(self, number: int, cells: Sequence[Cell], height: float | None) -> str:
        """One <row>: numbers as numbers, texts as strings (shared or in the cell)."""
        if len(cells) > len(self.letters):
            raise ValueError(f"row {number} has {len(cells)} cells for {len(self.letters)} columns")
        pieces = [
            f'<row r="{number}" ht="{height}" customHeight="1">'
            if height
            else f'<row r="{number}">'
        ]
        for letter, cell in zip(self.letters, cells, strict=False):
            if cell is None:
                continue
            value, style = cell
            styled = f' s="{style}"' if style else ""
            if value is None:
                if style:
                    pieces.append(f'<c r="{letter}{number}"{styled}/>')
            elif type(value) is int:
                pieces.append(f'<c r="{letter}{number}"{styled}><v>{value}</v></c>')
            else:
                pieces.append(self._text(f"{letter}{number}", styled, str(value)))
        pieces.append("</row>")
        return "".join(pieces)

    def _text(self, ref: str, styled: str, value: str) -> str:
        index = self.strings.get(value)
        if index is None:
            text, was_cut = cell_text(value)
            if was_cut:  # never shared (SHARED_MAX_CHARS): each cell holding it comes here
                digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()
                first, cells = self.cut.get(digest, (ref, 0))
                self.cut[digest] = (first, cells + 1)
            if len(self.strings) >= SHARED_MAX or len(text) > SHARED_MAX_CHARS:
                return f'<c r="{ref}"{styled} t="inlineStr"><is>{text_element(text)}</is></c>'
            index = self.strings[value] = len(self.texts)
            self.texts.append(text)
        self.uses += 1
        return f'<c r="{ref}"{styled} t="s"><v>{index}</v></c>'

    def note(self, row: int, column: int, text: str) -> None:
        """A note on the cell at `row` (from 1) and `column` (from 0)."""
        if not self.with_notes:
            raise ValueError("a row has a note, but the workbook was said to have none")
        kept, _cut = cell_text(text)
        self.notes.append((f"{self.letters[column]}{row}", kept))
        self.noted.append((row - 1, column))


def _sheet_head(layout: Layout) -> str:
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(layout.widths, start=1)
    )
    below = layout.header_row + 1
    last = column_letter(len(layout.widths) - 1)
    extent = f'<dimension ref="A1:{last}{layout.rows}"/>' if layout.rows else ""
    return (
        f'{parts.DECLARATION}<worksheet xmlns="{parts.MAIN}" xmlns:r="{parts.RELATIONSHIPS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f"{extent}"
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane xSplit="1" ySplit="{layout.header_row}" topLeftCell="B{below}" '
        'activePane="bottomRight" state="frozen"/>'
        f'<selection pane="topRight" activeCell="B1" sqref="B1"/>'
        f'<selection pane="bottomLeft" activeCell="A{below}" sqref="A{below}"/>'
        f'<selection pane="bottomRight" activeCell="B{below}" sqref="B{below}"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{columns}</cols><sheetData>"
    )


def _sheet_tail(layout: Layout, notes: bool) -> str:
    last = column_letter(len(layout.widths) - 1)
    filtered = f"A{layout.header_row}:{last}{layout.header_row + layout.filtered_rows}"
    ends = "".join(
        f"<{name}>{markup(text)}</{name}>"
        for name, text in (("oddHeader", layout.header), ("oddFooter", layout.footer))
        if text
    )
    return (
        f'</sheetData><autoFilter ref="{attribute(filtered)}"/>'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f"<headerFooter>{ends}</headerFooter>"
        + ('<legacyDrawing r:id="rId2"/>' if notes else "")
        + "</worksheet>"
    )


def header_footer_text(text: str) -> str:
    """`text` as plain words in a page header or footer: "&" starts a code there, "&&" is one."""
    return text.replace("&", "&&")
