"""The attachment "Копии протоколов": the observers' copies themselves, one page each, PDF/A-2b.

Each page shows one photo or scan (or one page of a PDF copy) under a caption: station,
contest, source, who received the copy and when, whether the commission signed and stamped it,
and the SHA-256 of the original file, so a reader can match the page to the file kept.

What is put on a page is never the file itself:
- an image gets its EXIF orientation applied, is scaled down to print resolution and encoded
  anew as JPEG with no metadata at all (EXIF with GPS positions and camera serials, XMP, ICC,
  comments identify the observer who took it);
- a PDF is drawn into images page by page (poppler's pdftoppm, bounded in pages, pixels and
  time), so nothing of it — scripts, forms, fonts, its metadata — reaches the attachment.
The wording is in the message catalogues, in the documents' language.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import io
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..case import CaseData
from ..case.copies import (
    COPY_MAX_BYTES,
    MAX_PAGES,
    MAX_PIXELS,
    PRINT_SIZE,
    CopyFile,
    CopySet,
    needs_too_much_memory,
)
from ..case.paths import read_bytes
from ..errors import AppealError
from ..i18n import N_, translations
from ..i18n import gettext as _
from .pdf import PDF_VARIANT, RenderedPdf, _source_date_epoch, layout

COPIES = "attachment-copies"
# Print resolution: about 200 dpi over the 180 × 230 mm a page leaves to the picture.
MAX_WIDTH, MAX_HEIGHT = PRINT_SIZE
JPEG_QUALITY = 85
# Pages of all the copies together: one attachment, laid out in one piece.
MAX_TOTAL_PAGES = 2_000
# A PDF copy's pages are drawn with their longest side this many pixels, whatever their size.
PDF_LONGEST = 1800
TOOL_SECONDS = 120
TOOL_MEMORY = 2_000_000_000


@dataclass(frozen=True)
class CopyCaption:
    """What the caption of one copy says, already worded (values only, the labels are added
    in the documents' language)."""

    station: str
    contest: str  # the contest's title
    source: str
    received_by: str
    received_on: str
    received_from: str
    signed: bool | None
    stamped: bool | None


@dataclass(frozen=True)
class CopyJob:
    """One file of a copy to put into the attachment: where it is and what its caption says."""

    file: CopyFile
    display: str
    caption: CopyCaption


@dataclass(frozen=True)
class CopiesDocument:
    """Everything the attachment is made from; picklable, laid out in another process."""

    jobs: tuple[CopyJob, ...]
    language: str
    illustrative: bool
    timestamp: str
    # Worded by the templates (texts.j2): «Приложение 3 к заявлению от …» above the first
    # copy; the date and place, and the applicant's name, of the signature line after the last.
    heading: str = ""
    signature: tuple[str, str] | None = None


def copy_jobs(copies: CopySet, captions: Callable[[CopyFile], CopyCaption]) -> tuple[CopyJob, ...]:
    """The copies folder's files in the attachment's order, each with its caption."""
    return tuple(CopyJob(f, str(Path(copies.folder) / f.name), captions(f)) for f in copies.files)


def prepare_image(data: bytes, kind: str, display: str) -> bytes:
    """The image turned upright by its EXIF orientation, scaled to print resolution and encoded
    as a JPEG with no metadata; AppealError naming the file when it cannot be read, or when
    preparing it would take too much memory.

    Scaled first, then turned and flattened: only the scaling works on the whole picture, so
    that what it holds at once is what case.copies.image_memory counts."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the size is checked below, with a worded message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=[kind])
        with opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:  # checked before decoding: the file may have changed
                raise AppealError(_too_many_pixels(display, width, height))
            if opened.format == "JPEG":  # decode at a reduced scale where the JPEG allows it
                opened.draft(opened.mode, (MAX_WIDTH, MAX_HEIGHT))
            if refused := needs_too_much_memory(opened):
                raise AppealError(f"{display}: {refused}")
            orientation = opened.getexif().get(_ORIENTATION, 1)
            turn = _turns().get(orientation)
            sideways = orientation in (5, 6, 7, 8)  # turned by a quarter
            picture = opened if opened.mode in _SCALED_AS_THEY_ARE else _flattened(opened)
            bound = (MAX_HEIGHT, MAX_WIDTH) if sideways else (MAX_WIDTH, MAX_HEIGHT)
            picture.thumbnail(bound, Image.Resampling.LANCZOS)
            if turn is not None:
                picture = picture.transpose(turn)
            picture = _flattened(picture)
    except AppealError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        message = _("{file}: the image cannot be read; it is damaged or not a {kind} file")
        raise AppealError(message.format(file=display, kind=kind)) from None
    clean = Image.new(picture.mode, picture.size)  # a new image: no info carried over
    clean.paste(picture)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, dpi=(200, 200))
    return out.getvalue()


# Modes scaled as they are decoded (Pillow scales transparency premultiplied); the others are
# flattened to grey or colour first.
_SCALED_AS_THEY_ARE = frozenset({"L", "RGB", "RGBA", "LA"})
_ORIENTATION = 0x0112  # the EXIF tag


def _turns() -> dict[int, Any]:
    from PIL import Image

    t = Image.Transpose
    return {
        2: t.FLIP_LEFT_RIGHT,
        3: t.ROTATE_180,
        4: t.FLIP_TOP_BOTTOM,
        5: t.TRANSPOSE,
        6: t.ROTATE_270,
        7: t.TRANSVERSE,
        8: t.ROTATE_90,
    }


def _flattened(image: Any) -> Any:
    """Grey stays grey; colour, palette and transparency become RGB on white paper."""
    from PIL import Image

    if image.mode in ("1", "L", "I", "I;16", "F"):
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")


def _too_many_pixels(display: str, width: int, height: int) -> str:
    return _(
        "{file}: the image is too large ({width} × {height} pixels; at most {limit} million)"
    ).format(file=display, width=width, height=height, limit=MAX_PIXELS // 1_000_000)


def pdf_pages(data: bytes, display: str) -> list[bytes]:
    """The pages of a PDF copy drawn as images (PNG), at most MAX_PAGES; AppealError otherwise."""
    for tool in ("pdfinfo", "pdftoppm"):
        if shutil.which(tool) is None:
            message = _("{file}: a PDF copy needs {tool} (Debian: apt-get install poppler-utils)")
            raise AppealError(message.format(file=display, tool=tool))
    with tempfile.TemporaryDirectory(prefix="appeal-copy-") as folder:
        source = Path(folder) / "copy.pdf"
        source.write_bytes(data)
        info = _run(["pdfinfo", str(source)], display)
        pages = next(
            (
                int(line.split(":", 1)[1])
                for line in info.splitlines()
                if line.startswith("Pages:") and line.split(":", 1)[1].strip().isdigit()
            ),
            0,
        )
        if not 1 <= pages <= MAX_PAGES:
            message = _("{file}: a PDF copy must have 1 to {limit} pages (it has {pages})")
            raise AppealError(message.format(file=display, limit=MAX_PAGES, pages=pages))
        command = ["pdftoppm", "-scale-to", str(PDF_LONGEST), "-png"]
        _run(
            [*command, "-f", "1", "-l", str(pages), str(source), str(Path(folder) / "page")],
            display,
        )
        drawn = sorted(Path(folder).glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(drawn) != pages:
            message = _("{file}: the PDF cannot be read ({reason})")
            raise AppealError(message.format(file=display, reason=f"{len(drawn)}/{pages}"))
        return [p.read_bytes() for p in drawn]


def _bounded() -> None:
    """In the child, before poppler runs: at most TOOL_MEMORY bytes of memory, whatever the PDF
    asks for."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (TOOL_MEMORY, TOOL_MEMORY))


def _run(command: list[str], display: str) -> str:
    limit = _bounded if os.name == "posix" else None
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",  # a PDF's title may be in any encoding
            timeout=TOOL_SECONDS,
            check=False,
            preexec_fn=limit,  # sets a limit only, before exec
        )
    except subprocess.TimeoutExpired:
        message = _("{file}: the PDF cannot be read ({reason})")
        raise AppealError(message.format(file=display, reason=f"> {TOOL_SECONDS} s")) from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [str(done.returncode)])[-1]
        message = _("{file}: the PDF cannot be read ({reason})")
        raise AppealError(message.format(file=display, reason=reason[:200]))
    return done.stdout


@dataclass(frozen=True)
class _Page:
    job: CopyJob
    sha256: str
    image: bytes
    number: int  # of the pages of this file (a PDF's pages), from 1
    of: int


def _pages(jobs: tuple[CopyJob, ...]) -> list[_Page]:
    """Every page of the attachment: each file read once, hashed, and its pictures prepared."""
    pages: list[_Page] = []
    for job in jobs:
        data = read_bytes(job.file.path, job.display, COPY_MAX_BYTES)
        digest = hashlib.sha256(data).hexdigest()
        if job.file.kind == "PDF":
            drawn = [prepare_image(p, "PNG", job.display) for p in pdf_pages(data, job.display)]
        else:
            drawn = [prepare_image(data, job.file.kind, job.display)]
        pages += [_Page(job, digest, image, i, len(drawn)) for i, image in enumerate(drawn, 1)]
        if len(pages) > MAX_TOTAL_PAGES:
            message = _("the copies make more than {limit} pages; split them into several cases")
            raise AppealError(message.format(limit=MAX_TOTAL_PAGES))
    return pages


_STYLE = """
@page { size: A4; margin: 15mm 10mm 12mm 20mm; }
body { font-family: "Liberation Serif"; font-size: 10.5pt; margin: 0; }
h1 { font-size: 12pt; text-align: center; margin: 0 0 3mm; }
p.heading { text-align: right; margin: 0 0 2mm; }
table.signature, table.signature td { border: none; font-size: 12pt; }
table.signature td.right { text-align: right; }
section { page-break-after: always; }
section:last-of-type { page-break-after: auto; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }
td { border: 0.5pt solid #555; padding: 0.5mm 1.5mm; vertical-align: top; }
td.label { width: 48mm; }
td.hash { font-size: 9pt; }
img { display: block; margin: 0 auto; max-width: 100%; max-height: 185mm; }
.watermark { position: fixed; top: 40%; left: -10%; width: 120%; text-align: center;
  font-size: 100pt; font-weight: bold; color: rgba(200, 0, 0, 0.3);
  transform: rotate(-45deg); z-index: 10; }
"""


# The caption's words, looked up in the documents' language when the attachment is written.
LABELS = {
    "station": N_("Polling station"),
    "contest": N_("Contest"),
    "source": N_("Source of the copy"),
    "received_by": N_("Received by"),
    "received_from": N_("Received from"),
    "received_on": N_("Received on"),
    "certified": N_("Certified by the commission"),
    "file": N_("File"),
    "sha256": N_("SHA-256 of the original file"),
}
NOT_STATED = N_("not stated")
# Whether a signature, a stamp is on the copy.
YES, NO = N_("present"), N_("absent")
CERTIFIED = N_("signature: {signed}; stamp: {stamped}")
PAGE = N_("page {page} of {pages}")
WATERMARK = N_("SAMPLE")


def copies_title(language: str) -> str:
    """The attachment's title in the documents' language (also its line in the register)."""
    return translations(language).gettext("Copies of the protocols of the precinct commissions")


def copies_html(document: CopiesDocument, pages: list[_Page]) -> str:
    """The attachment's HTML: the pictures are addressed as copy:<n>, served by the fetcher.
    No author: the applicant signs the appeal, not the observers' copies."""
    t = translations(document.language).gettext
    unknown = t(NOT_STATED)

    def yes_no(value: bool | None) -> str:
        return unknown if value is None else t(YES) if value else t(NO)

    def row(key: str, value: str, css: str = "") -> str:
        shown = html.escape(value or unknown)
        label = html.escape(t(LABELS[key]))
        return f'<tr><td class="label">{label}</td><td class="{css}">{shown}</td></tr>'

    title = copies_title(document.language)
    parts = [
        f'<!DOCTYPE html><html lang="{document.language}"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f'<meta name="dcterms.created" content="{document.timestamp}">',
        f'<meta name="dcterms.modified" content="{document.timestamp}">',
        f"<style>{_STYLE}</style></head><body>",
    ]
    if document.illustrative:
        parts.append(f'<div class="watermark">{html.escape(t(WATERMARK))}</div>')
    for index, page in enumerate(pages):
        c = page.job.caption
        certified = t(CERTIFIED).format(signed=yes_no(c.signed), stamped=yes_no(c.stamped))
        where = page.job.file.name
        if page.of > 1:
            where += ", " + t(PAGE).format(page=page.number, pages=page.of)
        heading = f"<h1>{html.escape(title)}</h1>" if index == 0 else ""
        if index == 0 and document.heading:
            heading = f'<p class="heading">{html.escape(document.heading)}</p>{heading}'
        parts += [
            f"<section>{heading}<table>",
            row("station", c.station),
            row("contest", c.contest),
            row("source", c.source),
            row("received_by", c.received_by),
            row("received_from", c.received_from),
            row("received_on", c.received_on),
            row("certified", certified),
            row("file", where),
            row("sha256", page.sha256, "hash"),
            f'</table><img src="copy:{index}" alt="">',
            _signature(document) if index == len(pages) - 1 else "",
            "</section>",
        ]
    parts.append("</body></html>")
    return "".join(parts)


def _signature(document: CopiesDocument) -> str:
    """The applicant's signature line under the last copy: date and place, a blank, the name."""
    if document.signature is None:
        return ""
    dated, name = (html.escape(text) for text in document.signature)
    blank = "_" * 20
    return (
        f'<table class="signature"><tr><td>{dated}</td>'
        f'<td class="right">{blank} {name}</td></tr></table>'
    )


def _fetcher(pages: list[_Page]) -> Any:
    """A WeasyPrint URL fetcher that serves the prepared pictures and nothing else."""
    from .preload import import_weasyprint

    import_weasyprint()  # before any part of WeasyPrint: see render/preload.py
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class CopyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme, _colon, number = url.partition(":")
            if scheme != "copy" or not number.isdigit() or int(number) >= len(pages):
                raise ValueError(f"address refused: {url}")
            image = pages[int(number)].image
            return URLFetcherResponse(url, image, headers={"Content-Type": "image/jpeg"})

    return CopyFetcher(allowed_protocols=(), allow_redirects=False)


def render_copies_pdf(document: CopiesDocument, epoch: int) -> RenderedPdf:
    """The copies attachment as PDF/A-2b, one page per picture."""
    pages = _pages(document.jobs)
    source = copies_html(document, pages)
    try:
        with _source_date_epoch(epoch):
            laid_out = layout(source, _fetcher(pages))
            data = laid_out.write_pdf(pdf_variant=PDF_VARIANT)
    except (MemoryError, RecursionError):
        message = _("{document}: the document is too large to be laid out")
        raise AppealError(message.format(document=COPIES)) from None
    assert data is not None
    return RenderedPdf(data, len(laid_out.pages))


def copies_document(data: CaseData, moment: datetime.datetime) -> CopiesDocument | None:
    """The copies attachment of a case, or None when it has no copies folder or no copy in it."""
    copies = data.copies
    if copies is None or not copies.files:
        return None
    case = data.case
    rows = {(p.station, p.contest): p for p in data.protocols.protocols}

    def caption(f: CopyFile) -> CopyCaption:
        given = copies.provenance.get((f.station, f.contest))
        return CopyCaption(
            station=f.station,
            contest=case.contest(f.contest).title,
            source=rows[(f.station, f.contest)].source,
            received_by=given.received_by if given else "",
            received_on=str(given.received_on) if given and given.received_on else "",
            received_from=given.received_from if given else "",
            signed=given.signed if given else None,
            stamped=given.stamped if given else None,
        )

    return CopiesDocument(
        copy_jobs(copies, caption),
        case.language,
        case.illustrative,
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def estimated_pages(document: CopiesDocument) -> int:
    """The attachment's pages before the PDF copies are drawn: one per file."""
    return len(document.jobs)
