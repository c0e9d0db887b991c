"""How wide and how tall the cells of a Word table need to be, measured from the HTML: the
widths a template planned (colgroup), the room a cell's words ask for, the lines a heading
takes. Times New Roman is measured by character classes, a little over."""

from __future__ import annotations

import re
from typing import Any

VISIBLE_TEXT = './/text()[not(ancestor::span[contains(@class, "footnote")])]'


_PT = re.compile(r"^\s*width:\s*([0-9.]+)pt\s*;?\s*$")
_FONT_PT = re.compile(r"font-size:\s*([0-9.]+)pt")


def planned_columns(table: Any) -> tuple[list[float], float] | None:
    """The widths (pt) a template gives every column of a table in its colgroup, and the
    table's font size (pt); None unless the table states both."""
    cols = table.findall("colgroup/col")
    found = [_PT.match(col.get("style", "")) for col in cols]
    size = _FONT_PT.search(table.get("style", ""))
    if not cols or size is None or not all(found):
        return None
    widths = [float(m[1]) for m in found if m]
    if any(w <= 0 for w in widths):
        return None
    return widths, float(size[1])


def lines_of(cell: Any, width: int, size: float) -> int:
    """The lines a heading takes in `width` twips at `size` points, words wrapped whole (a
    little over, as _em measures)."""
    text = " ".join("".join(cell.xpath(VISIBLE_TEXT)).split())
    room = max(width, 1) * 1000 / (size * 20)  # in thousandths of an em
    lines, used = 1, 0
    for word in re.split(r"(?<=[\s-])", text):
        length = em(word)
        if used and used + length > room:
            lines, used = lines + 1, 0
        used += length
    return lines


def em(text: str) -> int:
    """The width of a text in thousandths of an em of Times New Roman, bold, a little over."""
    return sum(
        500 if c.isdigit() else 250 if c.isspace() else 760 if c.isupper() else 610 for c in text
    )


def demand(cell: Any) -> tuple[int, int]:
    """The width a cell needs on one line (its longest word, broken after a hyphen; a number
    whole, since numbers must not wrap) and the width it would like (its text, up to a limit;
    headings wrap), in thousandths of an em."""
    text = " ".join("".join(cell.xpath(VISIBLE_TEXT)).split())
    classes = cell.get("class", "").split()
    if "range" in classes:  # "−46 908 866 … +161 220 195" wraps after the ellipsis only
        return max(em(part) for part in text.split("… ")), em(text)
    if "num" in classes:
        return em(text), em(text)
    longest = max((em(word) for word in re.split(r"\s+|(?<=-)", text)), default=0)
    if cell.tag == "th":
        # A heading over several rows asks for room to fit in them: LibreOffice clips a merged
        # heading taller than its rows where the header repeats on the next page.
        return longest, max(longest, em(text) // int(cell.get("rowspan", 1)))
    return longest, min(em(text), 60 * 610)
