"""The body rows of an HTML table as plain data: what the long table's drawing (grid_pdf.py)
and the DOCX writer take row by row, and what protocol_rows.py writes without the HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SPACES = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True, slots=True)  # a national table has hundreds of thousands
class Cell:
    """A body cell: its text, first column, columns spanned, right-aligned or not."""

    text: str
    column: int
    span: int
    right: bool


@dataclass(frozen=True, slots=True)  # a national table has hundreds of thousands
class Row:
    """A body row; bold for a totals row."""

    cells: tuple[Cell, ...]
    bold: bool


def groups_of(html: str) -> list[tuple[Row, ...]] | None:
    """The body row groups of the longest table of `html`, as the drawing reads them; None
    when a row is not one of plain cells."""
    root = parse_html(html)
    table = longest_table(root)
    if table is None:
        return None
    groups = []
    for body in (b for b in table if b.tag == "tbody"):
        found = [row_of(tr) for tr in body if tr.tag == "tr"]
        rows = tuple(r for r in found if r is not None)
        if len(rows) != len(found):
            return None
        groups.append(rows)
    return groups


def longest_table(root: Any) -> Any:
    return max(root.iter("table"), key=lambda t: len(t.findall(".//tr")), default=None)


def parse_html(html: str) -> Any:
    from lxml import etree

    return etree.fromstring(html.encode(), etree.HTMLParser())


def row_of(tr: Any) -> Row | None:
    """A body row of plain cells, or None when a cell has markup, a rowspan or is a th."""
    cells, column = [], 0
    for td in tr:
        if not isinstance(td.tag, str):
            continue
        if td.tag != "td" or len(td) or int(td.get("rowspan", 1)) > 1:
            return None
        span = int(td.get("colspan", 1))
        text = _SPACES.sub(" ", td.text or "").strip(" ")
        cells.append(Cell(text, column, span, "num" in td.get("class", "").split()))
        column += span
    return Row(tuple(cells), "total" in tr.get("class", "").split())
