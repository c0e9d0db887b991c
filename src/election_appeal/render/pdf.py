"""HTML to a filing-ready PDF through WeasyPrint: PDF/A-2b, every font embedded, reproducible."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..i18n import gettext as _

if TYPE_CHECKING:
    from .urls import UrlPolicy

PDF_VARIANT = "pdf/a-2b"
FONT = "Liberation Serif"


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a PDF, its number of pages, and the addresses its layout refused to load."""

    data: bytes
    pages: int
    refused: tuple[tuple[str, str], ...] = ()
    # An illustrative case's, with the mark drawn over every page where it was laid out: then
    # whether reading it back found the mark on every page (None: not drawn yet).
    marked: bool | None = None


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Font subsetting stamps the current time into each font unless SOURCE_DATE_EPOCH is set;
    fixing it makes two renders of the same document byte-identical."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class HiddenMark(Exception):
    """The template hides the mark of an illustrative case: each way it does, in words."""

    def __init__(self, found: list[str]) -> None:
        super().__init__("; ".join(found))


def layout(html: str, fetcher: Any = None, mark: str | None = None) -> Any:
    """WeasyPrint's laid-out document of the HTML: the one place a document is laid out.

    Only what `fetcher` allows is loaded (nothing, without one: see urls.UrlPolicy); nothing
    is embedded as a file attachment, whatever the HTML asks for. With `mark` (the word of an
    illustrative case), a template that hides that word raises HiddenMark."""
    from .preload import import_weasyprint
    from .urls import UrlPolicy

    import_weasyprint()  # before any part of WeasyPrint: see render/preload.py
    from weasyprint import HTML

    from .weasy_layout import added_fonts

    fonts = _fonts()
    source = HTML(string=html, url_fetcher=fetcher or UrlPolicy(()).fetcher("document"))
    document = source.render(font_config=fonts)
    if added_fonts(fonts):  # the document's own (@font-face): not lent to the next one
        _fonts.cache_clear()
    if mark is not None:
        from .hidden_marks import hidden_marks

        if found := hidden_marks(source.etree_element, document.pages, mark):
            raise HiddenMark(found)
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document


@cache
def _fonts() -> Any:
    """The fonts WeasyPrint lays out with, shared by the documents this process lays out:
    each would otherwise load the fonts again and shape its text with cold caches (some 20 ms
    of CPU a document). A document that brings fonts of its own (@font-face) has them to
    itself: the next document starts with the system's fonts alone."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@dataclass(frozen=True)
class Properties:
    """What the tool, not the template, puts into a PDF's properties: the author (None: no
    author) and, for an illustrative case, the mark (also checked on the page, see layout)."""

    author: str | None = None
    mark: str | None = None


def render_pdf(
    html: str,
    epoch: int,
    urls: UrlPolicy | None = None,
    name: str = "document",
    properties: Properties | None = None,
) -> RenderedPdf:
    """Lay out the HTML and write it as PDF/A-2b; the epoch fixes every timestamp inside,
    `urls` says what the document may load, `properties` what its properties say."""
    from ..errors import AppealError
    from .urls import UrlPolicy

    policy = UrlPolicy(urls.roots if urls else ())
    properties = properties or Properties()
    try:
        with _source_date_epoch(epoch):
            document = layout(html, policy.fetcher(name), properties.mark)
            document.metadata.authors = [properties.author] if properties.author else []
            document.metadata.keywords = [properties.mark] if properties.mark else []
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
    except HiddenMark as exc:
        message = _(
            "{document}: the case is illustrative, but the template hides the mark «{mark}» "
            "({reasons}); remove that styling from your template"
        )
        raise AppealError(
            message.format(document=name, mark=properties.mark, reasons=exc)
        ) from None
    except (MemoryError, RecursionError):
        message = _("{document}: the document is too large to be laid out")
        raise AppealError(message.format(document=name)) from None
    except Exception as exc:  # WeasyPrint and Pillow raise many kinds for a broken resource
        message = _("{document}: the document cannot be laid out ({reason})")
        raise AppealError(message.format(document=name, reason=exc)) from None
    assert data is not None
    return RenderedPdf(data, len(document.pages), tuple(policy.refused.items()))


def font_warning() -> str | None:
    """A warning when Liberation Serif is missing: a fallback font may lack a glyph silently."""
    state = _font_state()
    if state == "unknown":
        message = _(
            "cannot check the fonts (fc-list is missing); install {font} (fonts-liberation2)"
        )
        return message.format(font=FONT)
    if state == "missing":
        return _(
            "the font {font} is not installed, so the PDF uses DejaVu Serif instead; "
            "install it with: sudo apt-get install fonts-liberation2"
        ).format(font=FONT)
    return None


@cache
def _font_state() -> str:
    """ "installed", "missing", or "unknown" without fc-list; asked once per process, worded in
    the language of each warning."""
    if shutil.which("fc-list") is None:
        return "unknown"
    found = subprocess.run(
        ["fc-list", f"{FONT}:style=Regular", "family"], capture_output=True, text=True, check=False
    )
    return "installed" if FONT in found.stdout else "missing"


def page_count(data: bytes) -> int:
    """The number of pages of a PDF file (a user's attachment, or a rendered one)."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def join(parts: list[bytes], numbers: bytes | None = None) -> bytes:
    """Join PDFs into one, keeping the first part's PDF/A identification (XMP metadata, output
    intent), language and document information; with `numbers`, its page i is laid over page i
    (how the parts of a long table are numbered through)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if numbers is not None:
        overlay = PdfReader(io.BytesIO(numbers)).pages
        for page, number in zip(writer.pages, overlay, strict=True):
            page.merge_page(number)
            page.compress_content_streams()  # merging leaves the page's content uncompressed
    first = PdfReader(io.BytesIO(parts[0]))
    root: Any = first.trailer["/Root"]
    for key in ("/Metadata", "/OutputIntents", "/Lang", "/MarkInfo"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def join_with_numbers(parts: list[bytes], numbers: bytes) -> bytes:
    """Join the parts of a long table and number their pages through."""
    return join(parts, numbers)


def pdfa_part(data: bytes) -> str | None:
    """The PDF/A part a file declares in its XMP metadata ("2" for PDF/A-2), or None."""
    import io
    import re

    from pypdf import PdfReader

    try:
        root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""
    except Exception:  # a broken file declares nothing
        return None
    found = re.search(rb"pdfaid:part(?:>|=\s*[\"'])\s*(\d)", xmp)
    return found.group(1).decode() if found else None
