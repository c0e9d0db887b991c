"""A long table of figures drawn straight into PDF pages, everything around it laid out by
WeasyPrint.

WeasyPrint lays out a general HTML table at about 10 ms a row; a national attachment has ten
thousand. Here WeasyPrint lays out what a template decides — the heading, the legend, the
header rows (on every page), page numbers, watermark — on pages whose table has no body rows,
and a sample of a few rows tells the geometry it gives a row: column positions, padding,
borders, line height, baseline, font. The body rows are then placed and drawn with that
geometry, in the same font, and laid over those pages. Anything the drawing cannot reproduce
exactly (formatted cells, merged rows, a font other than the one measured, an alignment other
than the one expected) makes `render_protocol_table_pdf` return NotDrawn, and the caller lays
the table out with WeasyPrint as before. The measuring reads WeasyPrint's boxes, which are not
its public API, through render/weasy_layout.py alone; when that (or the drawing) fails, the table
is laid out by WeasyPrint too, and NotDrawn carries a warning saying so.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import AppealError
from ..i18n import gettext as _
from .grid_font import GridFont, font_file
from .pdf import Properties, RenderedPdf, layout, render_pdf
from .table_rows import Cell, Row, longest_table, parse_html, row_of
from .weasy_layout import Page, read_pages

PX = 0.75  # CSS pixels to points
SAMPLE_ROWS = 6
_TOLERANCE = 0.05  # px: what measured and laid-out widths may differ by
# Font resource names of the drawn rows, apart from the names WeasyPrint gives its fonts.
REGULAR, BOLD = "GridRegular", "GridBold"


@dataclass(frozen=True)
class Geometry:
    """What WeasyPrint gives a body row, in CSS pixels."""

    page_width: float
    page_height: float
    columns: tuple[tuple[float, float], ...]  # (x, width) of each column
    first_top: float  # where the body rows start on the first page
    next_top: float  # and on every following page
    bottom: float  # the lowest a row may end
    border: float  # a cell's share of a collapsed border, each side
    pad_x: float
    pad_y: float
    line_height: float
    baseline: float  # from the top of a line
    font_size: float
    family: str
    number_center: float  # the page number: the middle of its line, its baseline, its size
    number_baseline: float
    number_size: float
    # Worked out once for each column span (and each position, as drawn): a national table
    # draws six hundred thousand cells in a few dozen columns.
    known: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # The lines of each figure cell, by the cell object: the rows of render/protocol_rows.py
    # share one Cell for each figure of a column.
    placed: dict[tuple[int, int], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class NotDrawn:
    """The table is left to WeasyPrint: one the drawing cannot reproduce exactly (no warning),
    or the drawing itself failed (a warning for the reader of the build's report)."""

    warning: str | None = None


class RowGroups(Protocol):
    """The body rows of a long table, one group (kept on one page) at a time."""

    def groups(self) -> Iterator[tuple[Row, ...]]: ...


def render_protocol_table_pdf(
    html: str,
    epoch: int,
    name: str = "attachment-protocols.html.j2",
    properties: Properties | None = None,
    rows: RowGroups | None = None,
) -> RenderedPdf | NotDrawn:
    """The document of `html` (rendered from template `name`), its longest table drawn
    directly; NotDrawn when it cannot be; `properties` as render_pdf takes them. With `rows`,
    the table's body is theirs: `html` holds the row groups of a few of them, the first ones
    and the last (render/protocol_rows.py), which are measured."""
    try:
        return _drawn(html, epoch, properties, rows) or NotDrawn()
    except AppealError:
        raise  # the document itself cannot be laid out: WeasyPrint alone would fail too
    except Exception as exc:  # WeasyPrint's boxes changed, a font the drawing cannot read...
        message = _(
            "{document}: drawing the long table directly failed ({reason}); WeasyPrint laid "
            "it out instead, which takes longer"
        )
        return NotDrawn(message.format(document=name, reason=f"{type(exc).__name__}: {exc}"))


def _drawn(
    html: str, epoch: int, properties: Properties | None = None, rows: RowGroups | None = None
) -> RenderedPdf | None:
    """The drawn document, or None for a table the drawing cannot reproduce exactly.

    Each row group (tbody) of the table is kept on one page, as the template asks WeasyPrint
    (break-inside: avoid): a group that would pass the bottom of a page starts the next."""
    root = parse_html(html)
    table = longest_table(root)
    if table is None or table.find("tbody") is None or table.find("tfoot") is not None:
        return None
    bodies = [b for b in table if b.tag == "tbody"]
    groups: list[tuple[Row, ...]] = []
    for body in bodies:
        found = [row_of(tr) for tr in body if tr.tag == "tr"]
        kept = tuple(r for r in found if r is not None)
        if not kept or len(kept) != len(found):
            return None
        groups.append(kept)
        table.remove(body)
    chosen = _sample(bodies)
    del bodies  # the other rows' elements are freed: their texts are in `groups`
    sample_rows = [row for body in chosen for row in groups[body[0]]]
    sample = read_pages(layout(_serialise(root, table, [b for _index, b in chosen], numbers=True)))
    geometry = _geometry(sample, len(sample_rows))
    fonts = _fonts(geometry.family) if geometry else None
    if geometry is None or fonts is None:
        return None
    if not _matches(sample, sample_rows, geometry, fonts):
        return None
    streams = _draw(iter(groups) if rows is None else rows.groups(), geometry, fonts)
    if streams is None:
        return None
    pages = len(streams)
    # The first page, and a page as every following one looks, without their numbers.
    background = render_pdf(
        _serialise(root, table, [], numbers=False), epoch, properties=properties
    )
    if background.pages != 2:
        return None
    grid = _write(streams, geometry, fonts)
    return RenderedPdf(_assemble(background.data, grid, pages), pages)


def _sample(bodies: list[Any]) -> list[tuple[int, Any]]:
    """The row groups WeasyPrint lays out to measure: the first ones up to SAMPLE_ROWS rows,
    and the last (the totals are in it), each with its index."""
    chosen: list[tuple[int, Any]] = []
    rows = 0
    for index, body in enumerate(bodies[:-1]):
        if rows >= SAMPLE_ROWS:
            break
        chosen.append((index, body))
        rows += len(body)
    return [*chosen, (len(bodies) - 1, bodies[-1])]


def _serialise(root: Any, table: Any, bodies: list[Any], numbers: bool) -> str:
    """Two pages: the document with the row groups `bodies` in the table, then the table
    again with its first row, on a page of its own with no margin above, as a table continued
    on a new page is."""
    from lxml import etree

    for body in bodies:
        table.append(deepcopy(body))
    copy = deepcopy(table)
    copy.set("style", "break-before: page; margin-top: 0")
    kept = copy.find("tbody")
    for body in [b for b in copy if b.tag == "tbody"][1:]:
        copy.remove(body)
    if kept is not None:
        for tr in list(kept)[1:]:
            kept.remove(tr)
    table.addnext(copy)
    style = None
    if not numbers:
        style = etree.SubElement(root.find("head"), "style")
        style.text = "@page { @bottom-center { content: none; } }"
    text: str = etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    copy.getparent().remove(copy)
    if style is not None:
        style.getparent().remove(style)
    for body in [b for b in table if b.tag == "tbody"]:
        table.remove(body)
    return text


def _geometry(sample: list[Page], count: int) -> Geometry | None:
    """The geometry of the sample: its rows on the first page, one row on the second."""
    if len(sample) != 2:
        return None
    first, second = sample[0].rows, sample[1].rows
    if len(first) != count or len(second) != 1 or not first[0].cells:
        return None
    cell = first[0].cells[0]
    numbers = [page.number for page in sample]
    if numbers[0] is None or numbers[1] is None or cell.line_height is None:
        return None
    if cell.style["font_family"] != numbers[0].family or cell.baseline is None:
        return None
    if abs(numbers[0].center - numbers[1].center) > _TOLERANCE:
        return None  # the numbers are not centred: a template this drawing does not know
    page = sample[0]
    return Geometry(
        page_width=page.width,
        page_height=page.height,
        columns=page.columns,
        first_top=first[0].y,
        next_top=second[0].y,
        bottom=page.bottom,
        border=cell.border,
        pad_x=cell.pad_x,
        pad_y=cell.pad_y,
        line_height=cell.line_height,
        baseline=cell.baseline,
        font_size=cell.style["font_size"],
        family=cell.style["font_family"],
        number_center=numbers[0].center,
        number_baseline=numbers[0].baseline,
        number_size=numbers[0].size,
    )


def _fonts(family: str) -> tuple[GridFont, GridFont] | None:
    regular, bold = font_file(family, False), font_file(family, True)
    if regular is None or bold is None:
        return None
    return GridFont(regular, "Regular"), GridFont(bold, "Bold")


def _matches(
    sample: list[Page], rows: list[Row], geometry: Geometry, fonts: tuple[GridFont, ...]
) -> bool:
    """Whether the drawing would put every text of the sample where WeasyPrint put it."""
    if any(b not in ("avoid", "avoid-page") for b in sample[0].group_breaks):
        return False  # the drawing keeps every group whole on a page, as WeasyPrint then does
    laid = sample[0].rows
    # The drawing puts each row right under the one before, in a group or across groups.
    for above, below in itertools.pairwise(laid):
        if abs(above.y + above.height - below.y) > _TOLERANCE:
            return False
    for row, box in zip(rows, laid, strict=True):
        font = fonts[1] if row.bold else fonts[0]
        if not all(font.covers(c.text) for c in row.cells):
            return False
        if len(box.cells) != len(row.cells):
            return False
        for cell, cell_box in zip(row.cells, box.cells, strict=True):
            if not _drawable_style(cell_box.style, cell.right, row.bold):
                return False
        height, lines = _row_layout(row, geometry, font)
        placed: dict[str, list[tuple[float, float]]] = {}
        for x, y, text in lines:
            placed.setdefault(text, []).append((x, box.y + y))
        for text_box in box.texts:
            if not any(
                abs(x - text_box.x) <= _TOLERANCE and abs(y - text_box.y) <= _TOLERANCE
                for x, y in placed.get(text_box.text, ())
            ):
                return False
            if abs(font.width(text_box.text, geometry.font_size) - text_box.width) > _TOLERANCE:
                return False
        if abs(height - box.height) > _TOLERANCE:
            return False
    return True


# The text properties the drawing reproduces, with the values it reproduces them for; any
# other value (hyphenation, letter spacing, other alignment...) leaves the table to WeasyPrint.
_PLAIN = {
    "hyphens": "manual",
    "letter_spacing": "normal",
    "word_spacing": 0,
    "text_transform": "none",
    "word_break": "normal",
    "font_style": "normal",
    "font_variant_numeric": "normal",
    "font_feature_settings": "normal",
    "font_kerning": "auto",
    "font_stretch": "normal",
    "vertical_align": "top",
    "overflow_wrap": "break-word",
}


def _drawable_style(style: dict[str, Any], right: bool, bold: bool) -> bool:
    """Whether a cell's computed style is one the drawing lays out as WeasyPrint does."""
    if any(style[key] != value for key, value in _PLAIN.items()):
        return False
    if style["text_indent"] != 0 or style["font_weight"] != (700 if bold else 400):
        return False
    if right:
        return bool(style["white_space"] == "nowrap" and style["text_align_all"] == "right")
    return bool(style["white_space"] == "normal" and style["text_align_all"] in ("start", "left"))


def _content(cell: Cell, geometry: Geometry) -> tuple[float, float]:
    """The left edge and width of a cell's content."""
    key = (cell.column, cell.span)
    box: tuple[float, float] | None = geometry.known.get(key)
    if box is None:
        x, _width = geometry.columns[cell.column]
        last_x, last_width = geometry.columns[cell.column + cell.span - 1]
        inset = geometry.border + geometry.pad_x
        box = geometry.known[key] = (x + inset, last_x + last_width - x - 2 * inset)
    return box


def _points(value: float, geometry: Geometry) -> str:
    """A position in CSS pixels as the drawing writes it, in points."""
    text: str | None = geometry.known.get(value)
    if text is None:
        text = geometry.known[value] = f"{value * PX:.3f}"
    return text


def _lines(cell: Cell, geometry: Geometry, font: GridFont) -> list[str]:
    """The lines of a cell: figures on one line, text wrapped between words, a word too long
    for the cell broken where it reaches the edge."""
    if not cell.text:
        return []
    if cell.right:
        return [cell.text]
    _left, width = _content(cell, geometry)
    size = geometry.font_size
    if font.width(cell.text, size) <= width:
        return [cell.text]
    lines: list[str] = []
    current = ""
    for word in cell.text.split(" "):
        trial = f"{current} {word}" if current else word
        if font.width(trial, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and font.width(current + char, size) > width:
                lines.append(current)
                current = ""
            current += char
    lines.append(current)
    return lines


def _row_layout(
    row: Row, geometry: Geometry, font: GridFont
) -> tuple[float, list[tuple[float, float, str]]]:
    """A row's height, and each line of its text: left edge, offset of the line box from the
    row's top, text."""
    lines: list[tuple[float, float, str]] = []
    most = 0
    for cell in row.cells:
        placed = _cell_layout(cell, geometry, font)
        most = max(most, len(placed))
        lines += placed
    return most * geometry.line_height + 2 * (geometry.border + geometry.pad_y), lines


def _cell_layout(
    cell: Cell, geometry: Geometry, font: GridFont
) -> tuple[tuple[float, float, str], ...]:
    """Each line of a cell's text: left edge, offset from the row's top, text."""
    key = (id(font), id(cell))
    known = geometry.placed.get(key)
    if known is not None and known[0] is cell:  # kept with its cell: the id is still its own
        return known[1]  # type: ignore[no-any-return]
    first = geometry.border + geometry.pad_y
    left, width = _content(cell, geometry)
    lines = []
    for index, text in enumerate(_lines(cell, geometry, font)):
        # Text too long for its cell starts at the left edge, right-aligned or not (CSS).
        room = width - font.width(text, geometry.font_size)
        x = left + room if cell.right and room > 0 else left
        lines.append((x, first + index * geometry.line_height, text))
    found = tuple(lines)
    if cell.right:
        geometry.placed[key] = (cell, found)
    return found


def _draw(
    groups: Iterator[tuple[Row, ...]], geometry: Geometry, fonts: tuple[GridFont, GridFont]
) -> list[bytes] | None:
    """The content stream of each page, compressed: rows placed one under another, each
    group kept whole on a page, a new page when the next group would pass the bottom, as
    WeasyPrint places them. None when a row does not fit the sample's columns, a character
    has no glyph in the font measured (WeasyPrint would take another font for it) or a row
    group is taller than a page (WeasyPrint would split it)."""
    pages: list[bytes] = []
    out: list[str] = []
    top = geometry.first_top
    room = geometry.bottom - geometry.next_top
    columns = len(geometry.columns)
    covered: tuple[set[str], set[str]] = (set(), set())  # characters known to have a glyph
    for group in groups:
        laid = []
        for row in group:
            font_key, font = (BOLD, fonts[1]) if row.bold else (REGULAR, fonts[0])
            for cell in row.cells:
                if cell.column + cell.span > columns:
                    return None
                if not covered[row.bold].issuperset(cell.text):
                    if not font.covers(cell.text):
                        return None
                    covered[row.bold].update(cell.text)
            laid.append((row, font_key, font, *_row_layout(row, geometry, font)))
        height = sum(row_height for *_row, row_height, _lines in laid)
        if height > room:
            return None
        if top + height > geometry.bottom + _TOLERANCE and top > geometry.next_top:
            pages.append(_page_stream(out, len(pages) + 1, geometry, fonts[0]))
            out, top = [], geometry.next_top
        for row, font_key, font, row_height, lines in laid:
            _draw_row(out, row, top, row_height, lines, geometry, font_key, font)
            top += row_height
    pages.append(_page_stream(out, len(pages) + 1, geometry, fonts[0]))
    return pages


def _draw_row(
    out: list[str],
    row: Row,
    top: float,
    height: float,
    lines: list[tuple[float, float, str]],
    geometry: Geometry,
    font_key: str,
    font: GridFont,
) -> None:
    """A row's cell borders (collapsed: on the grid lines) and its texts."""
    page_height = geometry.page_height * PX
    bottom = page_height - (top + height) * PX
    vertical = f" {bottom:.3f} ", f" {height * PX:.3f} re\n"
    for cell in row.cells:
        out.append(vertical[0].join(_edges(cell, geometry)) + vertical[1])
    out.append(f"S\nBT\n/{font_key} {geometry.font_size * PX:.3f} Tf\n")
    bases: dict[float, str] = {}
    for x, offset, text in lines:
        base = bases.get(offset)
        if base is None:
            base = bases[offset] = f"{page_height - (top + offset + geometry.baseline) * PX:.3f}"
        out.append(f"1 0 0 1 {_points(x, geometry)} {base} Tm {font.encode(text)} TJ\n")
    out.append("ET\n")


def _edges(cell: Cell, geometry: Geometry) -> tuple[str, str]:
    """A cell's left edge and its width, as the drawing writes them."""
    key = ("edges", cell.column, cell.span)
    edges: tuple[str, str] | None = geometry.known.get(key)
    if edges is None:
        x, _width = geometry.columns[cell.column]
        last_x, last_width = geometry.columns[cell.column + cell.span - 1]
        edges = geometry.known[key] = (f"{x * PX:.3f}", f"{(last_x + last_width - x) * PX:.3f}")
    return edges


def _page_stream(out: list[str], number: int, geometry: Geometry, font: GridFont) -> bytes:
    """One page's drawing with its number below, compressed."""
    import zlib

    text = str(number)
    x = geometry.number_center - font.width(text, geometry.number_size) / 2
    base = (geometry.page_height - geometry.number_baseline) * PX
    head = f"{2 * geometry.border * PX:.3f} w 0 G\n"
    tail = (
        f"BT /{REGULAR} {geometry.number_size * PX:.3f} Tf "
        f"1 0 0 1 {x * PX:.3f} {base:.3f} Tm {font.encode(text)} TJ ET\n"
    )
    return zlib.compress((head + "".join(out) + tail).encode())


def _write(streams: list[bytes], geometry: Geometry, fonts: tuple[GridFont, GridFont]) -> bytes:
    """A PDF of the drawn pages alone, sharing one set of resources."""
    import pydyf  # type: ignore[import-untyped]

    pdf = pydyf.PDF()
    resources = pydyf.Dictionary(
        {"Font": pydyf.Dictionary({REGULAR: _embed(pdf, fonts[0]), BOLD: _embed(pdf, fonts[1])})}
    )
    pdf.add_object(resources)
    size = pydyf.Array([0, 0, geometry.page_width * PX, geometry.page_height * PX])
    for data in streams:
        content = pydyf.Stream([data], {"Filter": "/FlateDecode"})
        pdf.add_object(content)
        pdf.add_page(
            pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": size,
                    "Contents": content.reference,
                    "Resources": resources.reference,
                }
            )
        )
    buffer = io.BytesIO()
    pdf.write(buffer, compress=True)
    return buffer.getvalue()


def _embed(pdf: Any, font: GridFont) -> Any:
    # A subset's name starts with six capitals: these come from the glyphs it holds.
    digest = hashlib.sha256(repr(sorted(font.used)).encode()).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    font.name = f"{tag}+{font.document_name}"
    return _reference(font.embed(pdf))


def _reference(obj: Any) -> Any:
    return obj.reference


def _assemble(background: bytes, grid: bytes, pages: int) -> bytes:
    """The document: its first page, then its second as often as needed, each with its rows
    and number drawn over it. The following pages share one content stream and one set of
    resources; the metadata, PDF/A identification, output intent and language are those of
    WeasyPrint's document."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    source = PdfReader(io.BytesIO(background))
    writer = PdfWriter(clone_from=source)
    if pages == 1:
        writer.remove_page(1)
    for _page in range(pages - 2):
        writer.add_page(source.pages[1])
    drawn = PdfReader(io.BytesIO(grid))
    fonts: Any = drawn.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    mine = {NameObject(f"/{n}"): fonts.raw_get(f"/{n}").clone(writer) for n in (REGULAR, BOLD)}
    # WeasyPrint's content changes the graphics state: saved before it, restored after.
    save, restore = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    restore.set_data(b"Q\n")
    save_ref, restore_ref = writer._add_object(save), writer._add_object(restore)
    for page, rows in zip(writer.pages, drawn.pages, strict=True):
        resources: Any = page["/Resources"].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object().update(mine)
        own = page.raw_get("/Contents")
        own_list = list(own) if isinstance(own, ArrayObject) else [own]
        content = rows.raw_get("/Contents").clone(writer)
        page[NameObject("/Contents")] = ArrayObject([save_ref, *own_list, restore_ref, content])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
