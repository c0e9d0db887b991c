"""The «ОБРАЗЕЦ» mark of an illustrative case, made part of every page by the tool itself.

A user's template styles the document, so a mark drawn by the template can be styled away.
This mark is laid out by WeasyPrint from the tool's own HTML and CSS below, which no user
template reaches, and drawn onto each finished PDF page last of all, above everything the page
holds. Every file of an illustrative case is then read back: a PDF page, a Word section or a
spreadsheet that does not carry the mark stops the build before anything is written.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import itertools
import logging
import posixpath
import zipfile
from collections.abc import Mapping
from functools import cache
from typing import Any

from lxml import etree

from ..errors import AppealError
from ..i18n import gettext as _
from .pdf import LONG_DOCUMENT, SharedBytes

# The mark in each language of the documents.
MARKS = {"ru": "ОБРАЗЕЦ", "kk": "ҮЛГІ"}
# The name the mark has among a page's resources, and the key that says a form is the mark.
FORM_NAME = "/ElectionAppealMark"
FORM_KEY = "/ElectionAppealMark"
# The mark is laid out on a square; it is centred on each page and scaled to its shorter side.
SQUARE_MM = 210
_POINTS_PER_MM = 72 / 25.4
# A fixed moment for the mark's own layout: its font subset is then the same in every build.
_EPOCH = 946_684_800  # 2000-01-01

_STAMP_HTML = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><style>
@page {{ size: {side}mm {side}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
div {{
  width: {side}mm; height: {side}mm; line-height: {side}mm; text-align: center;
  font-family: "Liberation Serif"; font-weight: bold; font-size: 120pt; color: #7f7f7f;
  opacity: 0.35; transform: rotate(-45deg); white-space: nowrap;
}}
</style></head><body><div>{word}</div></body></html>"""


def mark_word(language: str) -> str:
    """The mark in the documents' language."""
    return MARKS.get(language, MARKS["ru"])


@cache
def _stamp(word: str, language: str) -> tuple[bytes, Any, tuple[float, float, float, float]]:
    """The mark's page content, resources (of a PDF the caller keeps) and box, laid out once."""
    from pypdf import PdfReader

    from .pdf import render_pdf

    html = _STAMP_HTML.format(language=language, side=SQUARE_MM, word=word)
    page = PdfReader(SharedBytes(render_pdf(html, _EPOCH, name="watermark").data)).pages[0]
    contents = page.get_contents()
    assert contents is not None
    box = tuple(float(v) for v in page.mediabox)
    return contents.get_data(), page["/Resources"], (box[0], box[1], box[2], box[3])


@contextlib.contextmanager
def _quiet_clone() -> Any:
    """pypdf, cloning a document whose following pages share their objects, remarks that it
    made more objects than the source's trailer counts: a note on its own bookkeeping, not on
    the file (every output is read back), which a user would read as an alarm."""
    logger = logging.getLogger("pypdf._writer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def stamp_pdf(data: bytes, word: str, language: str) -> bytes:
    """The PDF with the mark drawn over every page, centred and scaled to the page."""
    stamped, pages = _stamped(data, word, language)
    _let_go(pages)
    return stamped


def _stamped(data: bytes, word: str, language: str) -> tuple[bytes, int]:
    """The stamped PDF, and its number of pages."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    content, resources, box = _stamp(word, language)
    with _quiet_clone():
        writer = PdfWriter(clone_from=PdfReader(SharedBytes(data)))
    form = DecodedStreamObject()
    form.set_data(content)
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
            NameObject("/Resources"): resources.clone(writer),
            NameObject(FORM_KEY): TextStringObject(word),
        }
    )
    form_ref = writer._add_object(form.flate_encode())
    streams: dict[bytes, Any] = {}  # pages of one size share their streams

    def stream(data: bytes) -> Any:
        if data not in streams:
            streams[data] = _stream(writer, data)
        return streams[data]

    for page in writer.pages:
        # A page may inherit its resources from the page tree: they become its own, with the
        # mark added, so that the other pages' are left as they were.
        inherited = page.get_inherited("/Resources", DictionaryObject())
        page_resources: Any = inherited.get_object().clone(writer)
        xobjects: Any = (
            page_resources.get("/XObject", DictionaryObject()).get_object().clone(writer)
        )
        xobjects[NameObject(FORM_NAME)] = form_ref
        page_resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = page_resources
        before = stream(b"q\n")
        drawing = b" cm " + FORM_NAME.encode() + b" Do Q\n"
        after = stream(b"\nQ\nq " + _placement(page, box) + drawing)
        existing = page.get("/Contents")
        parts = [] if existing is None else list(_as_list(existing))
        page[NameObject("/Contents")] = ArrayObject([before, *parts, after])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def _let_go(pages: int) -> None:
    """Collect a long document's reader and writer now that they are done with: pypdf's readers
    and writers are cycles (each object refers to its document), and what one of a long
    document held would wait for a full pass of the cycle collector, which a build, making
    many objects, runs seldom (at 10 000 stations: some 40 MB at the peak)."""
    if pages >= LONG_DOCUMENT:
        gc.collect()


def _as_list(contents: Any) -> list[Any]:
    from pypdf.generic import ArrayObject

    resolved = contents.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [contents]


def _stream(writer: Any, data: bytes) -> Any:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _placement(page: Any, box: tuple[float, float, float, float]) -> bytes:
    """The matrix that centres the mark's square on the page, scaled to its shorter side."""
    left, bottom, right, top = (float(v) for v in page.mediabox)
    side = box[2] - box[0]
    scale = min(right - left, top - bottom) / side
    x = left + (right - left - side * scale) / 2 - box[0] * scale
    y = bottom + (top - bottom - side * scale) / 2 - box[1] * scale
    return f"{scale:.4f} 0 0 {scale:.4f} {x:.2f} {y:.2f}".encode()


def pdf_pages_without_mark(data: bytes, word: str) -> list[int]:
    """The numbers (from 1) of the pages on which the mark is not drawn last, whole and at the
    page's scale, above a balanced graphics state."""
    missing, pages = _unmarked_pages(data, word)
    _let_go(pages)
    return missing


def _unmarked_pages(data: bytes, word: str) -> tuple[list[int], int]:
    """The pages without the mark, and the number of pages."""
    from pypdf import PdfReader

    reader = PdfReader(SharedBytes(data))
    read: dict[Any, Any] = {}  # what each stream was found to hold: pages share streams
    missing = []
    for number, page in enumerate(reader.pages, 1):
        if not _page_marked(page, word, read):
            missing.append(number)
        if number % _PAGES_HELD == 0:
            # What the reader parsed for the pages read so far, let go: the pages of a long
            # document (770 at 10 000 stations) would otherwise all stay parsed in memory.
            reader.resolved_objects.clear()
    return missing, len(reader.pages)


# Pages read between two clearings of the reader's parsed objects: the objects every page
# shares (fonts, the mark) are parsed again after each.
_PAGES_HELD = 50


def pdf_says_sample(data: bytes, word: str) -> bool:
    """Whether the PDF's properties (its keywords) name it a sample: the documents laid out
    from templates do (render_pdf sets it, whatever the template says); the pages, not the
    properties, are what verify_marks requires."""
    from pypdf import PdfReader

    metadata = PdfReader(SharedBytes(data)).metadata
    return metadata is not None and word in str(metadata.get("/Keywords", ""))


def _page_marked(page: Any, word: str, read: dict[int, Any] | None = None) -> bool:
    """Whether the page's content ends by drawing the mark (the form holding `word`, laid out
    by this module) at the page's scale, with every graphics state the page saved restored."""
    from pypdf.generic import ArrayObject, ContentStream

    try:
        xobjects = page["/Resources"]["/XObject"]
        form = xobjects[FORM_NAME].get_object()
        if form.get(FORM_KEY) != word or _digest(form.get_data()) != _expected_digest(word):
            return False
        contents = page["/Contents"].get_object()
        parts = [p.get_object() for p in contents] if isinstance(contents, ArrayObject) else []
        if len(parts) < 2 or parts[0].get_data().strip() != b"q":
            return False
        operations = _once(read, parts[-1], lambda: ContentStream(parts[-1], page.pdf).operations)
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    if len(operations) != 5:
        return False
    (_, restore_page), (_, save), (matrix, cm), (name, do), (_, restore) = operations
    expected = (b"Q", b"q", b"cm", b"Do", b"Q")
    if (restore_page, save, cm, do, restore) != expected or name != [FORM_NAME]:
        return False
    # Between the page's "q" and its "Q" the original content must restore what it saves:
    # else the mark could be drawn inside a clip the content left open.
    return _restores_what_it_saves(parts[1:-1], page, read) and _covers_page(
        page, [float(v) for v in matrix]
    )


# Where the operators q and Q of a content stream that holds no literal string, comment or
# inline image (what WeasyPrint writes) are tokens of their own: the byte before one is a
# white-space or delimiter byte (or there is none), so is the byte after it (a slash there
# starts a name), so that neither a name (/Q) nor part of a longer token (Tq) is taken.
_BEFORE = b" \t\n\r\f\v()<>[]{}%"
_AFTER = _BEFORE + b"/"


def _save_or_restore(data: bytes) -> bytes:
    """The stream's q and Q operators in order, one byte each (b"qQqQ"). Found with numpy: a
    long table's page holds some 200 of them among 50 KB of drawing."""
    import numpy as np

    found = np.frombuffer(data, dtype=np.uint8)
    letters = np.flatnonzero((found == ord("q")) | (found == ord("Q")))
    before = np.zeros(256, dtype=bool)
    before[list(_BEFORE)] = True
    after = np.zeros(256, dtype=bool)
    after[list(_AFTER)] = True
    # Bytes outside the stream count as white space.
    padded = np.concatenate(([ord(" ")], found, [ord(" ")]))
    alone = before[padded[letters]] & after[padded[letters + 2]]
    return bytes(found[letters[alone]])


def _once(read: dict[Any, Any] | None, stream: Any, work: Any) -> Any:
    """`work()` for a stream object, done once for each: the following pages of a long
    document share their streams. A stream is known by its object number in the file (what
    `work` found is kept, not the stream); one without is kept, so that its id stays its own."""
    if read is None:
        return work()
    reference = getattr(stream, "indirect_reference", None)
    key = (reference.idnum, reference.generation) if reference is not None else id(stream)
    if key not in read:
        read[key] = (work(), None if reference is not None else stream)
    return read[key][0]


def _restores_what_it_saves(
    parts: list[Any], page: Any, read: dict[int, Any] | None = None
) -> bool:
    """Whether the streams restore every graphics state they save, and never one more."""
    depth = 0
    for part in parts:
        stream = part.get_object()
        change, lowest = _once(read, stream, lambda stream=stream: _saves(stream, page))
        if depth + lowest < 0:
            return False
        depth += change
    return depth == 0


def _saves(stream: Any, page: Any) -> tuple[int, int]:
    """What a stream does to the depth of saved graphics states: in all, and at its lowest."""
    from pypdf.filters import decode_stream_data
    from pypdf.generic import ContentStream, EncodedStreamObject

    # Decoded without keeping the decoded copy with the stream (as get_data does): a long
    # document's pages would otherwise all stay decoded in memory.
    encoded = isinstance(stream, EncodedStreamObject)
    data = decode_stream_data(stream) if encoded else stream.get_data()
    operators: list[bytes]
    if b"(" in data or b"%" in data or b"BI" in data:  # read by the full parser
        operators = [op for _operands, op in ContentStream(stream, page.pdf).operations]
    else:
        operators = [bytes((letter,)) for letter in _save_or_restore(data)]
    # The depth after each operator, from 0 (a long table's page holds some 200 of them).
    depths = list(itertools.accumulate(map(_DEPTH.get, operators, itertools.repeat(0)), initial=0))
    return depths[-1], min(depths)


# What an operator does to the depth of saved graphics states.
_DEPTH = {b"q": 1, b"Q": -1}


def _covers_page(page: Any, matrix: list[float]) -> bool:
    """Whether the mark is drawn unrotated at the page's scale, inside the page."""
    a, b, c, d, e, f = matrix
    left, bottom, right, top = (float(v) for v in page.mediabox)
    side = SQUARE_MM * _POINTS_PER_MM * a
    shorter = min(right - left, top - bottom)
    return (
        b == c == 0
        and a == d
        and abs(side - shorter) < 1
        and left - 1 <= e
        and bottom - 1 <= f
        and e + side <= right + 1
        and f + side <= top + 1
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _expected_digest(word: str) -> str:
    language = next((k for k, v in MARKS.items() if v == word), "ru")
    return _digest(_stamp(word, language)[0])


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"


def docx_marked(data: bytes, word: str) -> bool:
    """Whether every section of a Word document has the mark in its header (a section that
    has no header of its own shows the previous one's).

    The document part is read as a stream, a table dropped once read: a national attachment's
    table is a million elements, which python-docx would hold (a gigabyte)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        main = _targets(package, "_rels/.rels", "", by_type=True)[_MAIN]
        folder, _, name = main.rpartition("/")
        parts = _targets(package, f"{folder}/_rels/{name}.rels", folder)
        headers = _section_headers(package, main)
        for index, header in enumerate(headers):
            if header is None:
                if index == 0:
                    return False
                continue  # the previous section's header, checked already
            root = etree.fromstring(package.read(parts[header]))
            if not any(shape.get("string") == word for shape in root.iter(_TEXTPATH)):
                return False
    return bool(headers)


def _targets(package: Any, rels: str, folder: str, by_type: bool = False) -> dict[str, str]:
    """The parts a relationships part names, by relationship id (or type), as package paths."""
    found = {}
    for relation in etree.fromstring(package.read(rels)).iter(_RELATIONSHIP):
        target = relation.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") or not folder else f"{folder}/{target}"
        found[relation.get("Type" if by_type else "Id", "")] = posixpath.normpath(path)
    return found


def _section_headers(package: Any, main: str) -> list[str | None]:
    """The relationship id of each section's own default header, in the document's order
    (None: the section has none), as python-docx finds the sections: the body's last
    properties and those of its paragraphs."""
    with package.open(main) as stream:
        only = _last_section_only(stream)
    if only is not None:
        with contextlib.suppress(etree.XMLSyntaxError):
            return _headers_in(io.BytesIO(only))
    with package.open(main) as stream:
        return _headers_in(stream)


# How much of a document part's start and end is kept while it is read for its last section.
_KEPT = 1 << 16


def _last_section_only(stream: Any) -> bytes | None:
    """A document of the root and the body's properties alone, when those are the document's
    only section properties and end its body, as the tool writes them ("w" its prefix for
    WordprocessingML, declared once): reading the body's tables, a million elements in a
    national attachment, is then not needed. None for any other document. The part is read
    a piece at a time, counting what it holds, its start and its end kept."""
    head, tail = b"", b""
    counted = {b"sectPr": 0, b"xmlns:w=": 0}
    carried = dict.fromkeys(counted, b"")
    while piece := stream.read(1 << 20):
        for word in counted:
            joined = carried[word] + piece  # a word cut between two pieces is counted once
            counted[word] += joined.count(word)
            carried[word] = joined[-(len(word) - 1) :]
        head = head or piece[:_KEPT]
        tail = (tail + piece)[-_KEPT:]
    return _with_last_section(head, tail, counted)


def _with_last_section(head: bytes, tail: bytes, counted: dict[bytes, int]) -> bytes | None:
    end_of_body = b"</w:body></w:document>"
    start, opening = tail.rfind(b"<w:sectPr"), head.find(b"<w:document")
    if start < 0 or opening < 0 or counted[b"xmlns:w="] != 1:
        return None
    end = tail.rfind(b"</w:sectPr>")
    close = end + len(b"</w:sectPr>") if end > start else tail.find(b"/>", start) + 2
    if counted[b"sectPr"] != (2 if end > start else 1) or tail[close:].strip() != end_of_body:
        return None
    closing = head.find(b">", opening)
    declared = b'xmlns:w="' + _W.strip("{}").encode() + b'"'
    if closing < 0 or declared not in head[opening:closing]:
        return None
    return head[: closing + 1] + b"<w:body>" + tail[start:close] + end_of_body


def _headers_in(stream: Any) -> list[str | None]:
    headers: list[str | None] = []
    body, paragraph, row = _W + "body", _W + "p", _W + "tr"
    events = etree.iterparse(stream, events=("end",), tag=(_W + "sectPr", row))
    for _event, element in events:
        if element.tag == row:
            element.clear()  # read: a table's rows are not needed any more
            while element.getprevious() is not None:
                del element.getparent()[0]
            continue
        # The body's own properties, or those of one of its paragraphs (in w:pPr).
        ancestors = [a.tag for a in itertools.islice(element.iterancestors(), 3)]
        if ancestors[:1] != [body] and ancestors[1:3] != [paragraph, body]:
            continue
        references = [
            r.get(_R + "id")
            for r in element.iter(_W + "headerReference")
            if r.get(_W + "type") == "default"
        ]
        headers.append(references[0] if references else None)
    return headers


def xlsx_marked(data: bytes, word: str) -> bool:
    """Whether every sheet of a workbook has the mark in its header, its footer and its first
    row (render/sheet_marks.py reads them)."""
    from .sheet_marks import xlsx_sheets_marked

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return xlsx_sheets_marked(package, word)


def verify_marks(files: Mapping[str, bytes], word: str) -> None:
    """Refuse the documents of an illustrative case when one of them lacks the mark anywhere;
    the message names each file and page."""
    # What the files were made with (pypdf's cycles among them: a bundle joined of long
    # parts) let go before they are read back.
    gc.collect()
    found = []
    for name, content in sorted(files.items()):
        if name.endswith(".pdf"):
            pages = pdf_pages_without_mark(content, word)
            if pages:
                listed = ", ".join(str(n) for n in pages)
                message = _("{file}: page(s) {pages} do not carry the mark «{word}»")
                found.append(message.format(file=name, pages=listed, word=word))
        elif name.endswith(".docx") and not _safely(docx_marked, content, word):
            message = _("{file}: the mark «{word}» is not in the header of every section")
            found.append(message.format(file=name, word=word))
        elif name.endswith(".xlsx") and not _safely(xlsx_marked, content, word):
            message = _("{file}: the mark «{word}» is not in the header, footer and first row")
            found.append(message.format(file=name, word=word))
    if found:
        intro = _(
            "the case is illustrative, so every page must carry the mark «{word}»; nothing was "
            "written, because: {problems}"
        )
        raise AppealError(intro.format(word=word, problems="; ".join(found)))


def _safely(check: Any, content: bytes, word: str) -> bool:
    from .sheet_marks import READ_ERRORS

    try:
        return bool(check(content, word))
    except READ_ERRORS:
        return False
