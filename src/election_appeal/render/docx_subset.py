"""The HTML the DOCX writer expresses, element by element; anything else is an error, never a
silent loss (the PDF would show what the Word document left out).

`appeal templates` lists these elements and `appeal check --templates` refuses a template that
writes any other, with its file and line.
"""

from __future__ import annotations

from typing import Any

from ..errors import AppealError
from ..i18n import gettext as _

# Elements of the body, each a Word paragraph, list, table or picture: div.addressee (the
# addressee block), div.page-break, div.watermark (the Word watermark), div.figure (an SVG chart
# as a picture); any other div is a container of blocks.
BLOCK_TAGS = frozenset({"h1", "h2", "p", "ul", "ol", "table", "div"})
DIV_CLASSES = ("addressee", "page-break", "watermark", "figure")
# Text-level elements: runs in bold, italic or underlined, line breaks; span.footnote becomes a
# real footnote.
INLINE_TAGS = frozenset({"strong", "b", "em", "i", "u", "a", "br", "span", "code"})
# Inside a list item or a table cell, their text joins the item's or cell's paragraph (a loose
# Markdown list writes <li><p>…</p></li>).
TEXT_CONTAINERS = frozenset({"p", "div", "ul", "ol", "li"})
TABLE_TAGS = frozenset({"thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"})
LIST_ITEM = "li"
# The document's frame: what the head holds is not shown.
FRAME_TAGS = frozenset({"html", "head", "body", "title", "meta", "style", "link"})
# The chart of div.figure, drawn as a picture.
FIGURE_TAGS = frozenset({"svg", "g", "line", "circle", "text"})


def expressible_tags() -> frozenset[str]:
    """Every element a template may write for the Word document to show."""
    return (
        BLOCK_TAGS
        | INLINE_TAGS
        | TEXT_CONTAINERS
        | TABLE_TAGS
        | FRAME_TAGS
        | FIGURE_TAGS
        | {LIST_ITEM}
    )


class UnsupportedHtml(AppealError):
    """An element (or text outside a paragraph) the Word document cannot show."""

    def __init__(self, tag: str | None, text: str, document: str = "") -> None:
        self.tag, self.text, self.document = tag, text, document
        shown = text if len(text) <= 60 else text[:59] + "…"
        quoted = f" «{shown}»" if shown else ""
        where = document or _("the document")
        if tag is None:
            message = _(
                "{document}: the Word document cannot show text outside a paragraph{text}; "
                "put it in <p>"
            ).format(document=where, text=quoted)
        else:
            message = _(
                "{document}: the Word document cannot show the element <{tag}>{text}; use the "
                "elements listed by `appeal templates`"
            ).format(document=where, tag=tag, text=quoted)
        super().__init__(message)

    def of(self, document: str) -> UnsupportedHtml:
        """The same error, naming the document it was found in."""
        return UnsupportedHtml(self.tag, self.text, document)


def unsupported(element: Any) -> UnsupportedHtml:
    """The error for `element`: its tag and the start of its text, to find it by."""
    return UnsupportedHtml(element.tag, " ".join("".join(element.itertext()).split()))


def check_loose_text(element: Any) -> None:
    """Refuse text directly in a container of blocks (outside any paragraph): Word would lose
    it."""
    texts = [element.text, *(child.tail for child in element)]
    found = " ".join(" ".join(t.split()) for t in texts if t and t.strip())
    if found:
        raise UnsupportedHtml(None, found)


# What each part of a table may hold; a cell's content is read as text (docx_inline.py).
_TABLE_PARTS = {
    "table": frozenset({"thead", "tbody", "tfoot", "tr", "colgroup"}),
    "thead": frozenset({"tr"}),
    "tbody": frozenset({"tr"}),
    "tfoot": frozenset({"tr"}),
    "tr": frozenset({"th", "td"}),
    "colgroup": frozenset({"col"}),
}


def check_table(part: Any) -> None:
    """Refuse a table part the Word table cannot show (a caption, a row of divs...)."""
    for child in part:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in _TABLE_PARTS[part.tag]:
            raise unsupported(child)
        if child.tag in _TABLE_PARTS:
            check_table(child)
