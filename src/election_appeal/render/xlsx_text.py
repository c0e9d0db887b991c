"""A spreadsheet cell's text as XML: what a reader sees is what the tool meant, character for
character, and nothing in it is read as markup, a formula or an escape.

The rules, in order:

1. Characters XML 1.0 cannot hold are dropped: the C0 controls other than tab, line feed and
   carriage return, lone surrogates, U+FFFE and U+FFFF. They are invisible, and the case's
   tables refuse them already (case/text.py); this keeps a template's stray one from making
   the whole workbook unreadable.
2. A text longer than a cell holds (32 767 characters, the limit of Excel) keeps its first
   32 766 characters and ends with "…", so that a reader sees it was cut; the writer reports it.
3. "_xHHHH_" is how OOXML writes a character by its code; a text that holds those characters
   itself gets its "_" written as "_x005F_", so that Excel and LibreOffice show it as typed.
4. &, < and > are escaped, a carriage return as &#13; (an XML reader would turn a bare one into
   a line feed), and a text that starts or ends with white space keeps it (xml:space).

A text cell is always written as a string (t="s" or t="inlineStr"), never as a formula
(<f>), whatever its first character.
"""

from __future__ import annotations

import re

# Characters a cell can hold (Excel's limit; LibreOffice takes more).
CELL_MAX_CHARS = 32_767
CUT_MARK = "…"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LOOKALIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def cell_text(text: str) -> tuple[str, bool]:
    """The text a cell can hold (rules 1 and 2) and whether it had to be cut."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    if len(text) > CELL_MAX_CHARS:
        return text[: CELL_MAX_CHARS - len(CUT_MARK)] + CUT_MARK, True
    return text, False


def text_element(text: str) -> str:
    """A <t> element holding `text` exactly (rules 3 and 4); `text` already passed cell_text."""
    if "_x" in text:
        text = _ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    escaped = text.translate(_MARKUP)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


def attribute(text: str) -> str:
    """`text` inside a double-quoted XML attribute, its illegal characters dropped."""
    return _NOT_XML.sub("", text).translate(_ATTRIBUTE)


def markup(text: str) -> str:
    """`text` as XML character data, its illegal characters dropped (no other rule applies:
    for the words of the workbook's own parts, not for cells)."""
    return _NOT_XML.sub("", text).translate(_MARKUP)


def column_letter(index: int) -> str:
    """The letters of the column at `index` (0 → A, 25 → Z, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
