"""Inline HTML (text, strong, em, u, a, br, footnotes) as Word runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from .docx_subset import INLINE_TAGS, TEXT_CONTAINERS, unsupported

# HTML collapses these, but never the no-break space that keeps "43 337" on one line.
COLLAPSIBLE = re.compile(r"[ \t\r\n\f]+")
_BREAK = "\n"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class Run:
    """A piece of text with its formatting; text "\n" is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass
class Note:
    """A footnote: its content as runs."""

    runs: list[Run] = field(default_factory=list)


Token = Run | Note


def inline_tokens(
    element: Any, bold: bool = False, italic: bool = False, underline: bool = False
) -> list[Token]:
    """The element's text and inline children as runs and notes, HTML whitespace collapsed."""
    return _collapse(_walk(element, bold, italic, underline))


def _walk(element: Any, bold: bool, italic: bool, underline: bool) -> list[Token]:
    tokens: list[Token] = []
    if element.text:
        tokens.append(Run(element.text, bold, italic, underline))
    for child in element:
        if not isinstance(child.tag, str):  # a comment
            pass
        elif child.tag == "br":
            tokens.append(Run(_BREAK, bold, italic, underline))
        elif child.tag == "span" and "footnote" in child.get("class", "").split():
            tokens.append(Note([t for t in inline_tokens(child) if isinstance(t, Run)]))
        elif child.tag not in INLINE_TAGS and child.tag not in TEXT_CONTAINERS:
            raise unsupported(child)  # an image, a quotation...: Word would lose it
        else:
            tokens += _walk(
                child,
                bold or child.tag in ("strong", "b"),
                italic or child.tag in ("em", "i"),
                underline or child.tag == "u",
            )
        if child.tail:
            tokens.append(Run(child.tail, bold, italic, underline))
    return tokens


def _collapse(tokens: list[Token]) -> list[Token]:
    """Collapse whitespace as a browser would: one space between words, none at the edges."""
    out: list[Token] = []
    space_before = True  # at the start of a block, leading spaces vanish
    for token in tokens:
        if isinstance(token, Note) or token.text == _BREAK:
            if out and isinstance(out[-1], Run) and out[-1].text.endswith(" "):
                out[-1].text = out[-1].text.rstrip(" ")
            out.append(token)
            space_before = token.text == _BREAK if isinstance(token, Run) else False
            continue
        text = COLLAPSIBLE.sub(" ", token.text)
        if space_before:
            text = text.lstrip(" ")
        if text:
            out.append(Run(text, token.bold, token.italic, token.underline))
            space_before = text.endswith(" ")
    if out and isinstance(out[-1], Run):
        out[-1].text = out[-1].text.rstrip(" ")
    return [t for t in out if isinstance(t, Note) or t.text]


def plain_text(tokens: list[Token]) -> str | None:
    """The text of unformatted runs, or None when the tokens need real runs."""
    if all(
        isinstance(t, Run) and not (t.bold or t.italic or t.underline) and t.text != _BREAK
        for t in tokens
    ):
        return "".join(t.text for t in tokens if isinstance(t, Run))
    return None


def run_element(run: Run) -> Any:
    """<w:r> for one run."""
    r = etree.Element(qn("w:r"))
    if run.bold or run.italic or run.underline:
        props = etree.SubElement(r, qn("w:rPr"))
        if run.bold:
            etree.SubElement(props, qn("w:b"))
        if run.italic:
            etree.SubElement(props, qn("w:i"))
        if run.underline:
            etree.SubElement(props, qn("w:u")).set(qn("w:val"), "single")
    if run.text == _BREAK:
        etree.SubElement(r, qn("w:br"))
    else:
        t = etree.SubElement(r, qn("w:t"))
        t.text = run.text
        if run.text != run.text.strip(" "):
            # Only where needed: the xml: attribute makes lxml slow to move a large table.
            t.set(XML_SPACE, "preserve")
    return r


def footnote_reference(number: int, style_id: str) -> Any:
    """<w:r> calling footnote `number`."""
    r = etree.Element(qn("w:r"))
    props = etree.SubElement(r, qn("w:rPr"))
    etree.SubElement(props, qn("w:rStyle")).set(qn("w:val"), style_id)
    etree.SubElement(r, qn("w:footnoteReference")).set(qn("w:id"), str(number))
    return r


def paragraph_element(style_id: str, align: str | None = None) -> Any:
    """An empty <w:p> with a style and, optionally, an alignment of its own."""
    p = etree.Element(qn("w:p"))
    props = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(props, qn("w:pStyle")).set(qn("w:val"), style_id)
    if align:
        etree.SubElement(props, qn("w:jc")).set(qn("w:val"), align)
    return p
