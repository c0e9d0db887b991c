"""HTML to a filing-ready PDF through WeasyPrint: PDF/A-2b, every font embedded, reproducible."""

from __future__ import annotations

import ctypes
import gc
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
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

    def __reduce__(self) -> tuple[Any, ...]:
        """A long PDF laid out in another process comes back through a file: sent as a message,
        its bytes were read into a growing buffer and copied out of it, three times their
        size at once (6 MB at 10 000 stations) in the build's process."""
        fields = (self.pages, self.refused, self.marked)
        if len(self.data) < SENT_THROUGH_FILE:
            return RenderedPdf, (self.data, *fields)
        return _received, (handed_over(self.data, ".pdf"), *fields)


# Bytes from which a PDF goes between processes through a file.
SENT_THROUGH_FILE = 1 << 20
# The folder of the build's layout processes, where they leave those files (handover_folder);
# None: the system's temporary folder.
_handover: str | None = None
HANDOVER_PREFIX = "election-appeal-layouts-"


@contextmanager
def handover_folder() -> Iterator[str]:
    """A folder of this process where the layout processes it starts (forked in the block)
    leave the PDFs they send through a file; removed at the end of the block with whatever a
    stopped build left in it (a PDF sent but never read). A process killed outright removes
    nothing: the folders of processes that have ended are removed here first, named by their
    process's id."""
    global _handover
    if _handover is not None:  # the block of an outer build
        yield _handover
        return
    _remove_abandoned_folders()
    folder = tempfile.mkdtemp(prefix=f"{HANDOVER_PREFIX}{os.getpid()}-")
    _handover = folder
    try:
        yield folder
    finally:
        _handover = None
        shutil.rmtree(folder, ignore_errors=True)


def handed_over(data: bytes | bytearray, suffix: str = "") -> str:
    """The path of a new file of the handover folder (or of the system's temporary folder,
    outside a build) holding `data`: the reader removes it."""
    with tempfile.NamedTemporaryFile(
        prefix="election-appeal-", suffix=suffix, delete=False, dir=_handover
    ) as file:
        file.write(data)
    return file.name


def remove_handover_folder() -> None:
    """Remove this process's handover folder now (the process is being ended)."""
    if _handover is not None:
        shutil.rmtree(_handover, ignore_errors=True)


def _remove_abandoned_folders() -> None:
    """The handover folders of processes that ended without removing theirs."""
    root = tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        owner = name.removeprefix(HANDOVER_PREFIX).partition("-")[0]
        if name.startswith(HANDOVER_PREFIX) and owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _received(path: str, *fields: Any) -> RenderedPdf:
    """The PDF a layout process left in `path`, which is removed once read."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    finally:
        os.unlink(path)
    return RenderedPdf(data, *fields)


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


class SharedBytes(io.BytesIO):
    """A PDF's bytes for pypdf to read, without a copy of them. pypdf measures a stream by a
    view of its buffer when it has one (`getbuffer`), and a BytesIO given bytes copies them to
    hand out that view: the 6 MB of a 10 000-station attachment, once more for each reader.
    Without `getbuffer`, pypdf measures it by seeking to its end."""

    @property
    def getbuffer(self) -> Any:
        raise AttributeError("getbuffer")


def page_count(data: bytes) -> int:
    """The number of pages of a PDF file (a user's attachment, or a rendered one)."""
    from pypdf import PdfReader

    return len(PdfReader(SharedBytes(data)).pages)


def join(parts: list[bytes], numbers: bytes | None = None) -> bytes:
    """Join PDFs into one, keeping the first part's PDF/A identification (XMP metadata, output
    intent), language and document information; with `numbers`, its page i is laid over page i
    (how the parts of a long table are numbered through).

    Joined page by page (render/pdf_join.py): a long document's pages are never all held at
    once (at 10 000 stations, some 25 MB of pypdf's objects). Where pypdf looked into a part
    in a way that joining page by page does not foresee, the parts are joined again, in
    memory: the file is the same either way."""
    from .pdf_join import Spill, SpillingWriter

    return_freed_memory()
    with tempfile.TemporaryFile() as file:
        joined = _written(_joined(parts, numbers, SpillingWriter(Spill(file), numbers is not None)))
    if joined is None:
        joined = _written(_joined(parts, numbers, SpillingWriter(None)))
    assert joined is not None
    return joined


# Pages from which a document's reader and writer are collected as soon as they are done
# with: a long document's objects would otherwise wait for a full pass of the collector,
# which a build runs seldom (publish.collector_for_a_build).
LONG_DOCUMENT = 200


def _written(writer: Any) -> bytes | None:
    """The file `writer` writes; None when it looked into a stream it had let go."""
    pages = len(writer.pages)
    looked_into = writer.looked_into
    # Written to a file, not to memory: the joined bytes are read back once pypdf's objects
    # are let go, so that the two are never held together (a growing buffer may also copy).
    with tempfile.TemporaryFile() as file:
        if not looked_into:
            writer.write(file)
            looked_into = writer.looked_into
        del writer
        if pages >= LONG_DOCUMENT:  # its readers and writer refer to each other: collect now
            gc.collect()
        if looked_into:
            return None
        return_freed_memory()
        file.seek(0)
        return file.read()


def return_freed_memory() -> None:
    """Give back to the system what the C allocator keeps of memory freed. The Word
    documents' XML trees and pypdf's objects are freed in many small pieces, between which
    the allocator keeps its free memory rather than return it: at 10 000 stations, 15 MB held
    by the build's process when the bundle is joined, the largest it holds (the joined file
    read back comes on top). A no-op where the C library has no such call (not glibc)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc; Windows has no CDLL(None)
        return None


def _joined(parts: list[bytes], numbers: bytes | None, writer: Any) -> Any:
    """`writer`, the parts joined into it; as soon as it looked into a stream let go, as is."""
    from pypdf import PdfReader
    from pypdf.generic import NameObject

    for part in parts:
        writer.append(PdfReader(SharedBytes(part)))
        if writer.looked_into:
            return writer
    if numbers is not None:
        overlay = PdfReader(SharedBytes(numbers))
        for page, number in zip(writer.pages, overlay.pages, strict=True):
            page.merge_page(number)
            page.compress_content_streams()  # merging leaves the page's content uncompressed
            writer.numbered(page, overlay)
    first = PdfReader(SharedBytes(parts[0]))
    root: Any = first.trailer["/Root"]
    for key in ("/Metadata", "/OutputIntents", "/Lang", "/MarkInfo"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    return writer


def join_with_numbers(parts: list[bytes], numbers: bytes) -> bytes:
    """Join the parts of a long table and number their pages through."""
    return join(parts, numbers)


def pdfa_part(data: bytes) -> str | None:
    """The PDF/A part a file declares in its XMP metadata ("2" for PDF/A-2), or None."""
    import re

    from pypdf import PdfReader

    try:
        root: Any = PdfReader(SharedBytes(data)).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""
    except Exception:  # a broken file declares nothing
        return None
    found = re.search(rb"pdfaid:part(?:>|=\s*[\"'])\s*(\d)", xmp)
    return found.group(1).decode() if found else None
