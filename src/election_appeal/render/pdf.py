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


def render_pdf(
    html: str, epoch: int, urls: UrlPolicy | None = None, name: str = "document"
) -> RenderedPdf:
    """Lay out the HTML and write it as PDF/A-2b; the epoch fixes every timestamp inside.

    Only what `urls` allows is loaded (nothing, without a policy); nothing is embedded as a
    file attachment, whatever the HTML asks for."""
    from weasyprint import HTML

    from ..errors import AppealError
    from .urls import UrlPolicy

    policy = UrlPolicy(urls.roots if urls else ())
    try:
        with _source_date_epoch(epoch):
            document = HTML(string=html, url_fetcher=policy.fetcher(name)).render()
            document.metadata.attachments = []
            for page in document.pages:
                page.links = [link for link in page.links if link[0] != "attachment"]
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
    except (MemoryError, RecursionError):
        raise AppealError(f"{name}: the document is too large to be laid out") from None
    except Exception as exc:  # WeasyPrint and Pillow raise many kinds for a broken resource
        raise AppealError(f"{name}: the document cannot be laid out ({exc})") from None
    assert data is not None
    return RenderedPdf(data, len(document.pages), tuple(policy.refused.items()))


@cache
def font_warning() -> str | None:
    """A warning when Liberation Serif is missing: a fallback font may lack a glyph silently."""
    if shutil.which("fc-list") is None:
        return f"cannot check the fonts (fc-list is missing); install {FONT} (fonts-liberation2)"
    found = subprocess.run(
        ["fc-list", f"{FONT}:style=Regular", "family"], capture_output=True, text=True, check=False
    )
    if FONT in found.stdout:
        return None
    return (
        f"the font {FONT} is not installed, so the PDF uses DejaVu Serif instead; "
        "install it with: sudo apt-get install fonts-liberation2"
    )


def page_count(data: bytes) -> int:
    """The number of pages of a PDF file (a user's attachment, or a rendered one)."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def join_with_numbers(parts: list[bytes], numbers: bytes) -> bytes:
    """Join PDFs into one and lay a page of `numbers` over each page, keeping the first part's
    PDF/A metadata, language and title."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    overlay = PdfReader(io.BytesIO(numbers)).pages
    for page, number in zip(writer.pages, overlay, strict=True):
        page.merge_page(number)
        page.compress_content_streams()  # merging leaves the page's content uncompressed
    first = PdfReader(io.BytesIO(parts[0]))
    root: Any = first.trailer["/Root"]
    for key in ("/Metadata", "/OutputIntents", "/Lang"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
