"""The one place that reads WeasyPrint's laid-out boxes, which are not its public API.

render/grid_pdf.py measures a sample of a long table as WeasyPrint lays it out (column
positions, padding, line height, where each text went) to draw the other rows the same way.
Those boxes can change in any WeasyPrint release (pyproject.toml bounds the versions this was
written for); whatever goes wrong here is raised as LayoutUnreadable, and the caller lays the
table out with WeasyPrint's public API instead, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# The computed style properties the drawing reproduces or checks, as WeasyPrint names them.
STYLE_KEYS = (
    "hyphens",
    "letter_spacing",
    "word_spacing",
    "text_transform",
    "word_break",
    "font_style",
    "font_variant_numeric",
    "font_feature_settings",
    "font_kerning",
    "font_stretch",
    "vertical_align",
    "overflow_wrap",
    "font_weight",
    "white_space",
    "text_align_all",
    "break_inside",
)


class LayoutUnreadable(Exception):
    """WeasyPrint's boxes are not what this module knows (another release, most likely)."""


@dataclass(frozen=True)
class Text:
    """A piece of text as laid out: its words, left edge, top and advance, in CSS pixels."""

    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Cell:
    """A body cell: its style (STYLE_KEYS, text_indent in px, the first font family, the font
    size), borders and padding, its first line's height and baseline."""

    style: dict[str, Any]
    border: float
    pad_x: float
    pad_y: float
    line_height: float | None
    baseline: float | None


@dataclass(frozen=True)
class Row:
    """A body row: top, height, cells and every text in it."""

    y: float
    height: float
    cells: tuple[Cell, ...]
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class PageNumber:
    """The page number in the bottom margin: its middle, baseline, font size and family."""

    center: float
    baseline: float
    size: float
    family: str


@dataclass(frozen=True)
class Page:
    """What the drawing needs of a laid-out page of a table."""

    width: float  # the page with its margins
    height: float
    bottom: float  # the lowest a row may end
    rows: tuple[Row, ...]  # of the body row groups, in order
    group_breaks: tuple[str, ...]  # break-inside of each body row group
    columns: tuple[tuple[float, float], ...]  # (x, width) of each column of the first table
    number: PageNumber | None


def read_pages(document: Any) -> list[Page]:
    """The pages of a document WeasyPrint laid out (`HTML(...).render()`), as plain values."""
    try:
        return [_page(page._page_box) for page in document.pages]
    except LayoutUnreadable:
        raise
    except Exception as exc:  # an attribute renamed, a box of another kind...
        raise LayoutUnreadable(f"{type(exc).__name__}: {exc}") from exc


def added_fonts(font_config: Any) -> bool:
    """Whether a layout with WeasyPrint's `font_config` added fonts to it (@font-face rules:
    WeasyPrint keeps their files in a folder of its own, made at the first). True when that
    cannot be told: the fonts are then not shared."""
    return getattr(font_config, "_folder", True) is not None


def page_box(page: Any) -> Any:
    """The root box of one laid-out page: what render/hidden_marks.py walks to find a mark a
    template hides."""
    return page._page_box


def _boxes(box: Any, kind: str) -> Iterator[Any]:
    if type(box).__name__ == kind:
        yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child, kind)


def _page(page: Any) -> Page:
    groups = [g for g in _boxes(page, "TableRowGroupBox") if not g.is_header]
    tables = list(_boxes(page, "TableBox"))
    columns: tuple[tuple[float, float], ...] = ()
    if tables:
        table = tables[0]
        columns = tuple(zip(table.column_positions, table.column_widths, strict=True))
    return Page(
        width=page.margin_width(),
        height=page.margin_height(),
        bottom=page.content_box_y() + page.height,
        rows=tuple(_row(row) for group in groups for row in group.children),
        group_breaks=tuple(str(g.style["break_inside"]) for g in groups),
        columns=columns,
        number=_page_number(page),
    )


def _row(row: Any) -> Row:
    texts = tuple(Text(t.text, t.position_x, t.position_y, t.width) for t in _boxes(row, "TextBox"))
    return Row(row.position_y, row.height, tuple(_cell(c) for c in row.children), texts)


def _cell(cell: Any) -> Cell:
    style = {key: cell.style[key] for key in STYLE_KEYS}
    style["text_indent"] = cell.style["text_indent"].value
    style["font_family"] = cell.style["font_family"][0]
    style["font_size"] = cell.style["font_size"]
    line = next(_boxes(cell, "LineBox"), None)
    return Cell(
        style,
        cell.border_top_width,
        cell.padding_left,
        cell.padding_top,
        line.height if line is not None else None,
        line.baseline if line is not None else None,
    )


def _page_number(page: Any) -> PageNumber | None:
    boxes = [b for b in page.children if getattr(b, "at_keyword", None) == "@bottom-center"]
    lines = [line for box in boxes for line in _boxes(box, "LineBox")]
    if len(lines) != 1 or not lines[0].children:
        return None
    line, text = lines[0], lines[0].children[0]
    return PageNumber(
        text.position_x + text.width / 2,
        line.position_y + line.baseline,
        text.style["font_size"],
        text.style["font_family"][0],
    )
