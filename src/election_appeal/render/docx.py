"""The same HTML the PDF is made from, as a native Word document.

The HTML subset the templates use: h1, h2; p with class noindent, center, right, caption, note,
subtitle, warning, keep-with-next; div.addressee; ul, ol, li; table with thead, tbody, tr (class
total), th, td (class num; colspan, rowspan), table.signature without borders; strong, em, u, a, br;
span.footnote; div.page-break; div.watermark (becomes the Word watermark); div.figure with an
SVG chart (becomes a picture). Any other element is an error (docx_subset.py), never dropped.
"""

from __future__ import annotations

import datetime
import gc
import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from docx.oxml.ns import qn
from lxml import etree

from .docx_inline import (
    COLLAPSIBLE,
    Note,
    Run,
    Token,
    footnote_reference,
    inline_tokens,
    paragraph_element,
    plain_text,
    run_element,
)
from .docx_measure import demand, lines_of, planned_columns
from .docx_parts import (
    STYLES,
    add_footnotes_part,
    add_watermark,
    restarted_numbering,
    set_properties,
    styled_document,
)
from .docx_picture import add_figure
from .docx_stream import RowPattern, StreamedRows, forget_cell_texts
from .docx_subset import (
    BLOCK_TAGS,
    LIST_ITEM,
    UnsupportedHtml,
    check_loose_text,
    check_table,
    unsupported,
)
from .reproducible import reproducible_zip

if TYPE_CHECKING:
    from .table_rows import Row

PARAGRAPH_CLASSES = ("noindent", "center", "right", "caption", "note", "subtitle", "warning")
# A paragraph class of the PDF's CSS (break-after: avoid), Word's "keep with next" here.
KEEP_WITH_NEXT = "keep-with-next"
SIZING_ROWS = 200
# Rows are kept whole on a page only in tables up to this long: "can't split" rows together
# with a repeating header make LibreOffice's layout collapse on long tables.
UNSPLIT_ROWS = 300
# The left and right cell margins with the width of the borders, in twips.
CELL_MARGINS = 150
# A cell's padding above and below, and a line's height in ems, as LibreOffice sets Times New
# Roman (Liberation Serif) single-spaced: a little over.
CELL_PADDING = 40
LINE_SPACING = 1.2
# Smaller table styles, tried in turn when a table's words and figures do not fit the page.
SMALLER = ("cell_small", "cell_tiny", "cell_7", "cell_6", "cell_5")


@dataclass
class _Writer:
    """Walks the HTML body and appends Word elements to the document body."""

    document: Any
    styles: dict[str, str]
    footnotes: list[Any] = field(default_factory=list)
    streamed: StreamedRows = field(default_factory=StreamedRows)
    # A table whose body rows are not in the HTML, and where they come from.
    flowing: tuple[Any, FlowingRows] | None = None

    @property
    def body(self) -> Any:
        return self.document.element.body

    def add(self, element: Any) -> None:
        """Append before the final section properties, where Word expects body content."""
        self.body.insert(len(self.body) - 1, element)

    def runs(self, paragraph: Any, tokens: list[Token]) -> Any:
        for token in tokens:
            if isinstance(token, Note):
                self.footnotes.append(self._note(token))
                paragraph.append(
                    footnote_reference(len(self.footnotes), self.styles["footnote_reference"])
                )
            else:
                paragraph.append(run_element(token))
        return paragraph

    def _note(self, note: Note) -> Any:
        paragraph = paragraph_element(self.styles["footnote"])
        for run in note.runs:
            paragraph.append(run_element(run))
        return paragraph

    def paragraph(self, element: Any, style: str, **fmt: bool) -> None:
        self.add(self.runs(paragraph_element(self.styles[style]), inline_tokens(element, **fmt)))

    def block(self, element: Any) -> None:
        tag, classes = element.tag, element.get("class", "").split()
        if not isinstance(tag, str):  # a comment
            return
        if tag not in BLOCK_TAGS:
            raise unsupported(element)
        if tag == "h1":
            self.paragraph(element, "title")
        elif tag == "h2":
            self.paragraph(element, "heading")
        elif tag == "p":
            style = next((c for c in classes if c in PARAGRAPH_CLASSES), "body")
            paragraph = self.runs(paragraph_element(self.styles[style]), inline_tokens(element))
            if KEEP_WITH_NEXT in classes:
                # After w:pStyle, where the schema orders w:keepNext.
                paragraph[0].insert(1, etree.Element(qn("w:keepNext")))
            self.add(paragraph)
        elif tag in ("ol", "ul"):
            self.list(element, numbered=tag == "ol")
        elif tag == "table":
            flowing = self.flowing[1] if self.flowing and self.flowing[0] is element else None
            TableWriter(self, element, flowing).write()
        elif tag == "div" and "addressee" in classes:
            for child in element:
                self.paragraph(child, "addressee")
        elif tag == "div" and "page-break" in classes:
            p = paragraph_element(self.styles["body"])
            run = etree.SubElement(p, qn("w:r"))
            etree.SubElement(run, qn("w:br")).set(qn("w:type"), "page")
            self.add(p)
        elif tag == "div" and "watermark" in classes:
            pass  # drawn in the page header instead
        elif tag == "div" and "figure" in classes:
            add_figure(self.document, element)
        elif tag == "div":
            self.blocks(element)

    def blocks(self, container: Any) -> None:
        """The blocks of the body or of a div; text outside them is an error."""
        check_loose_text(container)
        for child in container:
            self.block(child)

    def list(self, element: Any, numbered: bool) -> None:
        num_id = restarted_numbering(self.document, "ListNumber" if numbered else "ListBullet")
        check_loose_text(element)
        strays = [c for c in element if isinstance(c.tag, str) and c.tag != LIST_ITEM]
        if strays:
            raise unsupported(strays[0])
        for item in element.findall(LIST_ITEM):
            p = paragraph_element(self.styles["list"])
            numbering = etree.SubElement(p[0], qn("w:numPr"))
            etree.SubElement(numbering, qn("w:ilvl")).set(qn("w:val"), "0")
            etree.SubElement(numbering, qn("w:numId")).set(qn("w:val"), num_id)
            self.add(self.runs(p, inline_tokens(item)))


class Slot(NamedTuple):
    """Where an HTML cell lands in the Word grid; cell None continues a rowspan from above.

    A named tuple: a long table has hundreds of thousands of them."""

    cell: Any | None
    column: int
    span: int
    merge: str | None  # "restart" opens a vertical merge, "" continues one, None: no merge


def _continue_merges(slots: list[Slot], column: int, pending: dict[int, tuple[int, int]]) -> int:
    """Add the cells that continue rowspans from above at this column; the next free column."""
    while column in pending:
        left, span = pending.pop(column)
        slots.append(Slot(None, column, span, ""))
        if left > 1:
            pending[column] = (left - 1, span)
        column += span
    return column


def grid_slots(rows: list[Any]) -> Iterator[list[Slot]]:
    """Place every cell of every row on the column grid, as HTML table layout does; row by
    row, so that a long table's grid is never held whole."""
    pending: dict[int, tuple[int, int]] = {}  # column → (rows still merged, span)
    for tr in rows:
        cells = [c for c in tr if c.tag in ("td", "th")]
        if not pending and not any(c.get("colspan") or c.get("rowspan") for c in cells):
            yield [Slot(c, i, 1, None) for i, c in enumerate(cells)]  # the common case
            continue
        slots: list[Slot] = []
        column = 0
        for cell in cells:
            column = _continue_merges(slots, column, pending)
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            slots.append(Slot(cell, column, span, "restart" if down > 1 else None))
            if down > 1:
                pending[column] = (down - 1, span)
            column += span
        _continue_merges(slots, column, pending)
        yield slots


class FlowingRows(Protocol):
    """A long table's body rows, written from the data rather than read from the HTML
    (render/protocol_rows.py): one group (a station's rows, kept on one page) at a time."""

    @property
    def count(self) -> int: ...

    def groups(self) -> Iterator[tuple[Row, ...]]: ...


class TableWriter:
    """One HTML table as a Word table: header rows repeat on each page, spans merge cells.

    Rows of plain texts are written as XML text from a prepared pattern, when the document
    part is saved, which keeps a table of ten thousand rows fast and small; only rows with
    merges, formatting or footnotes are built as elements, cell by cell. The body rows of a
    table given `flowing` (its HTML has none) are written from those, as they are saved.
    """

    def __init__(self, writer: _Writer, element: Any, flowing: FlowingRows | None = None) -> None:
        self.writer = writer
        self.flowing = flowing
        check_table(element)
        classes = element.get("class", "").split()
        self.bordered = "signature" not in classes
        size = "cell_tiny" if "tiny" in classes else "cell_small" if "small" in classes else "cell"
        self.rows = list(element.iter("tr"))
        self.headers = [tr.getparent().tag == "thead" for tr in self.rows]
        self.totals = ["total" in tr.get("class", "").split() for tr in self.rows]
        # A row group of several rows (a station's block) is kept on one page: every row but
        # its last keeps with the next.
        grouped = len(element.findall("tbody")) > 1
        self.keep = [grouped and _keeps_with_next(tr) for tr in self.rows]
        self.grid: list[list[Slot]] | None = None
        self._demanded: tuple[list[int], list[int]] | None = None
        self.unsplit = len(self.rows) + (flowing.count if flowing else 0) <= UNSPLIT_ROWS
        names = [size, *SMALLER] if self.bordered else ["signature"]
        names = [n for n in names if STYLES[n].size <= STYLES[names[0]].size]
        planned = planned_columns(element)
        first = [c for c in self.rows[0] if c.tag in ("td", "th")] if self.rows else []
        if planned is not None and len(planned[0]) != sum(int(c.get("colspan", 1)) for c in first):
            planned = None  # a colgroup that does not describe the table
        if planned is None and flowing is not None:
            raise ValueError("a table whose rows flow must state its column widths")
        if planned is not None:
            # The template sized the columns from the whole table's largest figures and longest
            # words: its widths, in proportion, and its font size or the next smaller.
            widths, font_size = planned
            fitting = [n for n in names if STYLES[n].size <= font_size] or names[-1:]
            self.style, self.size = writer.styles[fitting[0]], STYLES[fitting[0]].size
            usable = self._usable()
            self.widths = [int(usable * w / sum(widths)) for w in widths]
        else:
            # Held whole: the widths are tried at several sizes.
            self.grid = list(grid_slots(self.rows))
            # The table's own size, or a smaller one if its words and figures would not fit.
            for name in names:
                self.style, self.size = writer.styles[name], STYLES[name].size
                self.widths = self._widths()
                if all(w >= low for w, low in zip(self.widths, self._least(), strict=True)):
                    break
        self.prepared: dict[tuple[Any, ...], RowPattern] = {}
        self.height: int | None = None  # of the row being written: see _header_heights

    def _usable(self) -> int:
        """The width between the page margins, in twips."""
        section = self.writer.document.sections[0]
        return int((section.page_width - section.left_margin - section.right_margin) / 635)

    def _widths(self) -> list[int]:
        """Column widths in twips: each column at least its longest word (a number whole),
        the rest of the line shared in proportion to how much more each column's text asks."""
        least, wanted = self._demands()
        usable = self._usable()
        low_widths = self._least()
        if sum(low_widths) >= usable:
            return [int(usable * w // sum(low_widths)) for w in low_widths]
        extra = [max(h - n, 0) for n, h in zip(least, wanted, strict=True)]
        shares = extra if sum(extra) else [1] * len(least)
        spare = usable - sum(low_widths)
        return [int(w + spare * e / sum(shares)) for w, e in zip(low_widths, shares, strict=True)]

    def _least(self) -> list[int]:
        """The width each column needs at the table's font size, in twips."""
        return [int(n * self.size * 20 / 1000) + CELL_MARGINS for n in self._demands()[0]]

    def _demands(self) -> tuple[list[int], list[int]]:
        """The characters each column needs on one line, and those it would like."""
        if self._demanded is not None:
            return self._demanded
        assert self.grid is not None
        columns = max((s.column + s.span for row in self.grid for s in row), default=1)
        least, wanted = [0] * columns, [0] * columns
        # The first rows and the last (totals) are enough to size the columns of a long table.
        for row in self.grid[:SIZING_ROWS] + self.grid[-1:]:
            for slot in row:
                if slot.cell is not None and slot.span == 1:
                    low, high = demand(slot.cell)
                    least[slot.column] = max(least[slot.column], low)
                    wanted[slot.column] = max(wanted[slot.column], high)
        self._demanded = least, wanted
        return self._demanded

    def write(self) -> None:
        """Append the table, and the paragraph Word needs after it."""
        table = etree.Element(qn("w:tbl"))
        props = etree.SubElement(table, qn("w:tblPr"))
        if self.bordered:
            etree.SubElement(props, qn("w:tblStyle")).set(qn("w:val"), "TableGrid")
        width = etree.SubElement(props, qn("w:tblW"))
        width.set(qn("w:w"), str(sum(self.widths)))
        width.set(qn("w:type"), "dxa")
        etree.SubElement(props, qn("w:tblLayout")).set(qn("w:type"), "fixed")
        # Word's default cell margins (1.9 mm a side) leave no room in narrow number columns;
        # these match the 3 pt padding of the PDF.
        margins = etree.SubElement(props, qn("w:tblCellMar"))
        for side in ("left", "right"):
            margin = etree.SubElement(margins, qn(f"w:{side}"))
            margin.set(qn("w:w"), "60")
            margin.set(qn("w:type"), "dxa")
        grid = etree.SubElement(table, qn("w:tblGrid"))
        for w in self.widths:
            etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))
        pending: list[tuple[RowPattern, list[str]]] = []
        grid = self.grid if self.grid is not None else grid_slots(self.rows)
        heights = self._header_heights()
        rows = zip(grid, self.headers, self.totals, self.keep, strict=True)
        for index, (slots, header, total, keep) in enumerate(rows):
            self.height = heights.get(index)
            row = self._row(slots, header, header or total, keep)
            if isinstance(row, tuple):
                pending.append(row)
                continue
            if pending:
                table.append(self.writer.streamed.marker(pending))
                pending = []
            table.append(row)
        if pending:
            table.append(self.writer.streamed.marker(pending))
        if self.flowing is not None:
            self.height = None
            table.append(self.writer.streamed.marker(self._flowing_rows(self.flowing)))
        self.writer.add(table)
        self.writer.add(paragraph_element(self.writer.styles["noindent"]))

    def _row(self, slots: list[Slot], header: bool, bold: bool, keep: bool) -> Any:
        if all(s.merge is None and s.cell is not None and len(s.cell) == 0 for s in slots):
            # Text-only cells, most rows of a long table: no need to look for formatting.
            plain = [COLLAPSIBLE.sub(" ", s.cell.text or "").strip(" ") for s in slots]  # type: ignore[union-attr]
            return self._from_prepared(slots, plain, header, bold, keep)
        tokens = [inline_tokens(s.cell, bold=bold) if s.cell is not None else [] for s in slots]
        texts = [plain_text(t) for t in tokens]
        if all(s.merge is None for s in slots) and None not in texts:
            return self._from_prepared(slots, [t or "" for t in texts], header, bold, keep)
        row = self._row_element(header)
        for slot, cell_tokens in zip(slots, tokens, strict=True):
            tc = self._cell_shell(slot, keep)
            self.writer.runs(tc[-1], cell_tokens)
            row.append(tc)
        return row

    def _row_element(self, header: bool) -> Any:
        row = etree.Element(qn("w:tr"))
        if header or self.unsplit:
            props = etree.SubElement(row, qn("w:trPr"))
            if self.unsplit:
                etree.SubElement(props, qn("w:cantSplit"))
            if header and self.height:
                height = etree.SubElement(props, qn("w:trHeight"))
                height.set(qn("w:val"), str(self.height))
                height.set(qn("w:hRule"), "atLeast")
            if header:
                etree.SubElement(props, qn("w:tblHeader"))
        return row

    def _header_heights(self) -> dict[int, int]:
        """The least height (twips) of each header row under a heading merged over several
        rows: together the rows hold the heading's lines. Where the header repeats on the next
        page, LibreOffice cuts a merged heading to the height of its rows."""
        count = sum(self.headers)
        heights: dict[int, int] = {}
        line = int(self.size * 20 * LINE_SPACING)
        for index, slots in enumerate(itertools.islice(grid_slots(self.rows), count)):
            for slot in slots:
                down = int(slot.cell.get("rowspan", 1)) if slot.cell is not None else 1
                if down < 2:
                    continue
                width = sum(self.widths[slot.column : slot.column + slot.span]) - CELL_MARGINS
                lines = lines_of(slot.cell, width, self.size)
                each = -(-(lines * line + 2 * CELL_PADDING) // down)
                for row in range(index, min(index + down, count)):
                    heights[row] = max(heights.get(row, 0), each)
        return heights

    def _cell_shell(self, slot: Slot, keep: bool = False) -> Any:
        tc = etree.Element(qn("w:tc"))
        props = etree.SubElement(tc, qn("w:tcPr"))
        width = etree.SubElement(props, qn("w:tcW"))
        width.set(qn("w:w"), str(sum(self.widths[slot.column : slot.column + slot.span])))
        width.set(qn("w:type"), "dxa")
        if slot.span > 1:
            etree.SubElement(props, qn("w:gridSpan")).set(qn("w:val"), str(slot.span))
        if slot.merge is not None:
            vmerge = etree.SubElement(props, qn("w:vMerge"))
            if slot.merge:
                vmerge.set(qn("w:val"), slot.merge)
        if slot.cell is not None and slot.cell.tag == "th":
            etree.SubElement(props, qn("w:vAlign")).set(qn("w:val"), "center")
        paragraph = paragraph_element(self.style, _alignment(slot.cell))
        if keep:
            paragraph[0].insert(1, etree.Element(qn("w:keepNext")))  # right after w:pStyle
        tc.append(paragraph)
        return tc

    def _from_prepared(
        self, slots: list[Slot], texts: list[str], header: bool, bold: bool, keep: bool
    ) -> tuple[RowPattern, list[str]]:
        """The pattern of rows of this shape, and the texts to put in."""
        cells = [s.cell for s in slots if s.cell is not None]
        shape = (
            self.height,
            header,
            bold,
            keep,
            tuple((c.tag, c.get("class"), c.get("colspan")) for c in cells),
        )
        if shape not in self.prepared:
            row = self._row_element(header)
            for slot in slots:
                tc = self._cell_shell(slot, keep)
                tc[-1].append(run_element(Run("", bold=bold)))
                row.append(tc)
            self.prepared[shape] = RowPattern.of(row)
        return self.prepared[shape], texts

    def _flowing_rows(self, flowing: FlowingRows) -> Iterator[tuple[RowPattern, list[str]]]:
        """The body rows of `flowing`, each group's rows but its last kept with the next."""
        for group in flowing.groups():
            for index, row in enumerate(group):
                keep = index < len(group) - 1
                yield self._flowing_pattern(row, keep), [cell.text for cell in row.cells]

    def _flowing_pattern(self, row: Row, keep: bool) -> RowPattern:
        """The pattern of a flowing row: the one a row of these cells in the HTML gets."""
        shape = (
            None,
            False,
            row.bold,
            keep,
            tuple(
                ("td", "num" if c.right else None, str(c.span) if c.span > 1 else None)
                for c in row.cells
            ),
        )
        if shape not in self.prepared:
            element = self._row_element(header=False)
            for cell in row.cells:
                td = etree.Element("td")
                if cell.right:
                    td.set("class", "num")
                tc = self._cell_shell(Slot(td, cell.column, cell.span, None), keep)
                tc[-1].append(run_element(Run("", bold=row.bold)))
                element.append(tc)
            self.prepared[shape] = RowPattern.of(element)
        return self.prepared[shape]


def _keeps_with_next(tr: Any) -> bool:
    """Whether a body row is followed by another of its row group (a station's block)."""
    if tr.getparent().tag != "tbody":
        return False
    following = tr.getnext()
    while following is not None and following.tag != "tr":
        following = following.getnext()
    return following is not None


def _alignment(cell: Any | None) -> str | None:
    if cell is None:
        return None
    if "num" in cell.get("class", "").split():
        return "right"
    return "center" if cell.tag == "th" else None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cells of a long table are hundreds of thousands of small objects without cycles;
    the cycle collector's passes over them cost a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_docx(
    html: str,
    *,
    title: str,
    author: str,
    language: str,
    moment: datetime.datetime,
    landscape: bool = False,
    name: str = "",
    watermark: str | None = None,
    rows: FlowingRows | None = None,
) -> bytes:
    """A Word document with named styles, real tables and footnotes, from the HTML subset;
    `name` (the template's) is named by the error for an element the subset lacks;
    `watermark` (the mark of an illustrative case) goes into the header, whatever the HTML;
    `rows`: the body rows of the document's longest table, in place of those in the HTML."""
    document, styles = styled_document(language, landscape)
    # The plain HTML parser: lxml.html's element classes cost a lookup on every element.
    root = etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8"))
    body = root.find("body")
    marked = body.find("div[@class='watermark']")
    if watermark is not None:
        add_watermark(document, watermark)  # the tool's, which no template can take away
    elif marked is not None:
        # The words the template shows as a mark, from the same HTML.
        add_watermark(document, " ".join("".join(marked.itertext()).split()))
    writer = _Writer(document, styles)
    if rows is not None:
        table = max(body.iter("table"), key=lambda t: len(t.findall(".//tr")))
        for part in table.findall("tbody"):
            table.remove(part)
        writer.flowing = (table, rows)
    try:
        with _collector_paused():
            writer.blocks(body)
    except UnsupportedHtml as exc:
        raise exc.of(name) from None
    add_footnotes_part(document, writer.footnotes, styles)
    set_properties(document, title, author, language, moment)
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        return reproducible_zip(
            buffer.getvalue(), moment, streams={"word/document.xml": writer.streamed.write}
        )
    finally:
        # The texts of a long table's cells, kept while its rows were written: not a
        # national table's thousands of figures held for the rest of the build.
        forget_cell_texts()
