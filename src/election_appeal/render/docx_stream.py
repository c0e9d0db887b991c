"""Long Word tables written as XML text, straight into the saved document part.

A table of ten thousand rows as lxml elements is close to two million nodes (most of a
gigabyte); as text written piece by piece it needs no more memory than one row. The document is
built with a marker comment where each run of such rows belongs, and the rows are written in
its place when the document part is saved.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml.ns import nsmap, qn
from lxml import etree

_HOLE = "\ue000"  # marks where a text goes while the pattern is cut; cell texts are not cut
_WORD_NS = ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_MARKER = "stream-rows:{}"
_MARKER_BYTES = re.compile(rb"<!--stream-rows:(\d+)-->")
# What XML 1.0 cannot carry; lxml refuses such text too, with the same message.
_SOFT = "\u00ad"
_SOFT_XML = '</w:t><w:softHyphen/><w:t xml:space="preserve">'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class RowPattern:
    """A prepared row as XML text, cut where the texts of its cells go."""

    pieces: tuple[str, ...]

    @classmethod
    def of(cls, row: Any) -> RowPattern:
        """The pattern of a prepared row element whose w:t elements are empty."""
        # Under a parent that names the namespace "w", as the document's root does.
        parent = etree.Element(qn("w:tbl"), nsmap={"w": nsmap["w"]})
        row = deepcopy(row)
        parent.append(row)
        for t in row.iter(qn("w:t")):
            t.text = _HOLE
        xml = etree.tostring(row, encoding="unicode").replace(_WORD_NS, "", 1)
        return cls(tuple(xml.split(f"<w:t>{_HOLE}</w:t>")))

    def fill(self, texts: list[str]) -> str:
        """The row's XML with the texts in its cells."""
        out = [self.pieces[0]]
        for text, piece in zip(texts, self.pieces[1:], strict=True):
            out += [_text_element(text), piece]
        return "".join(out)


@functools.lru_cache(maxsize=65536)  # a long table's cells repeat a few thousand figures
def _text_element(text: str) -> str:
    """A cell's text as a w:t element (with its soft hyphens as Word's own elements)."""
    if _NOT_XML.search(text):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or "
            "control characters"
        )
    space = ' xml:space="preserve"' if text != text.strip(" ") or _SOFT in text else ""
    # A soft hyphen, where a heading may break in a narrow column, is Word's own element.
    return f"<w:t{space}>{escape(text).replace(_SOFT, _SOFT_XML)}</w:t>"


def forget_cell_texts() -> None:
    """Let go of the cells' texts kept while a document's rows were written."""
    _text_element.cache_clear()


@dataclass
class StreamedRows:
    """Runs of rows kept as patterns and texts until the document part is written."""

    runs: list[Iterable[tuple[RowPattern, list[str]]]] = field(default_factory=list)

    def marker(self, rows: Iterable[tuple[RowPattern, list[str]]]) -> Any:
        """A comment standing for these rows in the element tree; an iterator of rows is
        read once, when the part is written."""
        self.runs.append(rows)
        return etree.Comment(_MARKER.format(len(self.runs) - 1))

    def write(self, document_xml: bytes) -> Iterator[bytes]:
        """The document part with every marker replaced by its rows, a piece at a time."""
        position = 0
        for match in _MARKER_BYTES.finditer(document_xml):
            yield document_xml[position : match.start()]
            run = iter(self.runs[int(match.group(1))])
            while batch := list(itertools.islice(run, 100)):
                yield "".join(p.fill(t) for p, t in batch).encode()
            position = match.end()
        yield document_xml[position:]
