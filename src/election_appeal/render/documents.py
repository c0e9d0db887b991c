"""Render one case's documents in memory: the protocol attachment, the appeal (once, or once per
addressee) and the filing bundle, in the formats asked for and no others.

The appeal's register gives the attachment's real sheet count, so the appeal depends on the
attachment's layout. With more than one worker the attachment is laid out in other processes
while this one lays out the appeal on an estimate of that count; the appeal is laid out again
only when the estimate was wrong. The result is the same either way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..analysis import Analysis, analyse
from ..case import CaseData
from ..case.paths import ATTACHMENT_MAX_BYTES, read_case_file
from ..environment import source_date_epoch
from ..errors import AppealError, UsageError
from ..i18n import gettext as _
from ..i18n import ngettext
from ..processes import die_with_parent
from ..resources import templates_dir
from .context import (
    Part,
    RegisterEntry,
    appeal_context,
    attachment_context,
    common_context,
    in_document_language,
    statistics_context,
)
from .copies import COPIES, copies_document, copies_title, estimated_pages, render_copies_pdf
from .env import make_environment, passed_over, render_template, template_module
from .grid_pdf import NotDrawn, render_protocol_table_pdf
from .pdf import (
    Properties,
    RenderedPdf,
    join,
    join_with_numbers,
    page_count,
    pdfa_part,
    render_pdf,
)
from .preload import load_layout_libraries
from .protocol_rows import ProtocolRows
from .urls import UrlPolicy
from .watermark import mark_word, stamp_pdf, verify_marks
from .xlsx import render_xlsx, sheet_words

FORMATS = ("pdf", "docx", "xlsx")
APPEAL = "appeal"
ATTACHMENT = "attachment-1-protocols"
BUNDLE = "appeal-bundle"
APPEAL_TEMPLATE = "appeal.html.j2"
ATTACHMENT_TEMPLATE = "attachment-protocols.html.j2"
TABLE_TEMPLATE = "protocol-table.j2"
NUMBERS_TEMPLATE = "page-numbers.html.j2"
STATISTICS = "attachment-2-statistics"
STATISTICS_TEMPLATE = "attachment-statistics.html.j2"
LOCALES = {"ru": "ru-RU", "kk": "kk-KZ"}
# Protocol tables of more stations (three rows each) are drawn straight into PDF pages
# (render/grid_pdf.py); where the drawing cannot reproduce a table, it is laid out in parts of
# PART_ROWS stations, some 400 rows. The drawing gives the words, boxes and pages WeasyPrint
# gives (tests/test_pdf.py) and costs about 0.5 s of CPU whatever the length; WeasyPrint's own
# layout about 35 ms a station: from about a dozen stations on, drawing is cheaper (the
# example's 66: 0.65 s instead of 2.5 s).
DRAWN_ROWS = 12
PART_ROWS = 133
# Stations a page of the attachment holds (three rows each), about: only an estimate to start
# the appeal's layout.
ROWS_PER_PAGE_ESTIMATE = 13

Progress = Callable[[str], None]


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats asked for, in the tool's order; a format the tool does not write is refused."""
    wanted = tuple(formats)
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown or not wanted:
        message = ngettext(
            "unknown format(s): {formats}; use pdf, docx, xlsx",
            "unknown format(s): {formats}; use pdf, docx, xlsx",
            len(unknown),
        )
        raise UsageError(message.format(formats=", ".join(unknown) or _("none given")))
    return tuple(f for f in FORMATS if f in wanted)


def document_moment(data: CaseData) -> datetime.datetime:
    """The timestamp stamped into every file: SOURCE_DATE_EPOCH if set, else the appeal's date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    day = data.case.appeal.date
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


class Renderer:
    """Renders the documents of one case with one template environment and one URL policy."""

    def __init__(self, data: CaseData, analysis: Analysis, templates: Path | None) -> None:
        self.data = data
        self.analysis = analysis
        self.moment = document_moment(data)
        self.urls = UrlPolicy.for_case(data.folder, templates)
        self.env = make_environment(templates, data.case.language, self.urls)
        # Wording shared by the documents and the spreadsheet (templates/texts.j2, files.j2).
        self.texts: Any = template_module(self.env, "texts.j2")
        self.titles: Any = template_module(self.env, "files.j2")
        self.signed = self.env.filters["signed"]
        # The word every page of an illustrative case carries, drawn by the tool itself.
        self.mark = mark_word(data.case.language) if data.case.illustrative else None
        # The applicant's name is an appeal's author only when the case asks for it, and
        # never an attachment's.
        self.author = data.applicant.full_name if data.case.appeal.author_in_properties else None
        self.warnings: list[str] = []  # met while laying out, besides the refused addresses
        # The copies themselves (a copies folder with files), as an attachment of their own.
        self.copies = copies_document(data, self.moment)

    @property
    def properties(self) -> Properties:
        """The properties of a document the applicant does not sign: no author."""
        return Properties(None, self.mark)

    def html(self, name: str, context: dict[str, object]) -> str:
        return render_template(self.env, name, context)

    @property
    def epoch(self) -> int:
        return int(self.moment.timestamp())

    def pdf(self, html: str, name: str, signed: bool = False) -> RenderedPdf:
        """The PDF of `html`; `signed`: the appeal, whose author may be the applicant."""
        properties = Properties(self.author if signed else None, self.mark)
        return self.noted(render_pdf(html, self.epoch, self.urls, name, properties))

    def noted(self, pdf: RenderedPdf) -> RenderedPdf:
        """Record the addresses a layout (here or in another process) refused to load."""
        for url, where in pdf.refused:
            self.urls.refuse(url, where)
        return pdf

    def docx(
        self,
        html: str,
        title: str,
        landscape: bool = False,
        name: str = "",
        signed: bool = False,
        rows: ProtocolRows | None = None,
    ) -> bytes:
        """The Word document of the HTML (rendered from template `name`, which an error
        names); `signed`: the appeal, whose author may be the applicant; `rows`: the body
        rows of its long table, which the HTML holds only a few of."""
        from .docx import render_docx  # python-docx: only when a DOCX is asked for

        return render_docx(
            html,
            title=title,
            author=(self.author if signed else None) or "",
            language=LOCALES[self.data.case.language],
            moment=self.moment,
            landscape=landscape,
            name=name,
            watermark=self.mark,
            rows=rows,
        )

    def attachment_html(self) -> str:
        """The protocol attachment's HTML, the whole table in one document."""
        context = attachment_context(self.data, self.analysis, self.moment)
        return self.html(ATTACHMENT_TEMPLATE, context)

    def attachment_frame(self) -> tuple[str, ProtocolRows] | None:
        """The protocol attachment's HTML with the rows of a few stations only, and the rows
        of every station, which flow into the writers instead of one document of them all.
        None when the table's templates are a user's own, or write their rows otherwise than
        ProtocolRows does: the whole HTML is then rendered through them."""
        if not all(self.shipped(name) for name in (ATTACHMENT_TEMPLATE, TABLE_TEMPLATE)):
            return None
        context = attachment_context(self.data, self.analysis, self.moment)
        table = self.analysis.stations
        total = self.env.getattr(self.texts.table_words, "total")
        language = self.data.case.language
        rows = ProtocolRows(table, context, list(self.texts.rule_order), total, language)
        chosen = rows.frame_stations()
        context["stations"] = replace(table, rows=[table.rows[i] for i in chosen])
        html = self.html(ATTACHMENT_TEMPLATE, context)
        return (html, rows) if rows.same_as(html, chosen) else None

    def shipped(self, name: str) -> bool:
        """Whether template `name` is the tool's own, not one of the user's folder."""
        filename = self.env.get_template(name).filename
        return filename is not None and Path(filename).resolve().is_relative_to(
            templates_dir().resolve()
        )

    def attachment_parts(self) -> list[str]:
        """The protocol attachment's HTML in parts of a long table, for the PDF.

        WeasyPrint's time and memory grow with the size of one document (10 000 rows in one
        piece: about 100 s and 2.5 GB); parts of a few hundred rows stay small and can be laid
        out on every core. Each part starts on a new page.
        """
        table = self.analysis.stations
        rows = table.rows
        htmls = []
        for start in range(0, len(rows), PART_ROWS):
            part = Part(first=start == 0, last=start + PART_ROWS >= len(rows))
            chunk = replace(table, rows=rows[start : start + PART_ROWS])
            context = attachment_context(self.data, self.analysis, self.moment, chunk, part)
            htmls.append(self.html(ATTACHMENT_TEMPLATE, context))
        return htmls

    def statistics_html(self, number: int) -> str:
        """Attachment `number`: the sample statistics, their caveats and the chart."""
        context = statistics_context(
            self.data, self.analysis, self.moment, number, self.env.filters["signed"]
        )
        return self.html(STATISTICS_TEMPLATE, context)

    def joined(self, parts: list[RenderedPdf]) -> RenderedPdf:
        """Parts of the attachment as one PDF, its pages numbered through."""
        if len(parts) == 1:
            return parts[0]
        pages = sum(p.pages for p in parts)
        numbers = self.html(NUMBERS_TEMPLATE, self.numbers_context(pages))
        numbered = join_with_numbers(
            [p.data for p in parts], self.pdf(numbers, NUMBERS_TEMPLATE).data
        )
        return RenderedPdf(numbered, pages)

    def numbers_context(self, pages: int) -> dict[str, object]:
        """The variables of page-numbers.html.j2: `pages` blank pages, numbered."""
        return {
            **common_context(self.data, self.moment),
            "illustrative": False,
            "pages": pages,
            "body_class": "attachment",
        }

    def xlsx(self) -> bytes:
        case = self.data.case
        first, second = case.compared() or (case.contests[0].id, None)
        parties = [p.short_name for p in case.parties]
        stations = self.analysis.stations
        words = sheet_words(
            self.titles,
            self.texts,
            parties,
            case.label(first),
            case.label(second) if second else None,
            stations.line_columns,
            any(row.official for row in stations.rows),
        )
        return render_xlsx(
            stations, [p.id for p in case.parties], words, self.moment, mark=self.mark
        )

    def own_entries(self, xlsx: bool) -> list[RegisterEntry]:
        """The tool's own attachments as the register lists them, their sheets not counted yet:
        the protocols (with the spreadsheet's note when one is written) and, when the sample
        gives statistics, the statistics."""
        stations = len(self.data.protocols.stations())
        entries = [
            RegisterEntry(
                str(self.texts.attachment_entry(stations)),
                None,
                self.titles.xlsx_note if xlsx else "",
                key="protocols",
            )
        ]
        if self.analysis.facts.statistics:
            entries.append(RegisterEntry(str(self.texts.statistics_title), None, key="statistics"))
        if self.copies is not None:
            title = copies_title(self.data.case.language)
            entries.append(RegisterEntry(title, None, key="copies"))
        return entries

    def appeal_html(self, register: list[RegisterEntry], addressee: str | None) -> str:
        """The appeal addressed to `addressee` (by default the case's "to")."""
        context = appeal_context(self.data, self.analysis, register, self.moment, addressee)
        return self.html(APPEAL_TEMPLATE, context)

    @property
    def appeal_title(self) -> str:
        return str(self.titles.appeal_title(self.data.case.appeal.date))


def user_attachments(data: CaseData) -> list[tuple[RegisterEntry, bytes | None]]:
    """The applicant's own attachments, with sheets counted from PDF files, and those files."""
    entries: list[tuple[RegisterEntry, bytes | None]] = []
    for attachment in data.case.attachments:
        sheets, content = attachment.sheets, None
        if attachment.file is not None and attachment.file.lower().endswith(".pdf"):
            path = data.folder / attachment.file
            content = read_case_file(data.folder, attachment.file, ATTACHMENT_MAX_BYTES)
            try:
                counted = page_count(content)
            except Exception as exc:  # pypdf raises many kinds of errors for a broken file
                message = _("{file}: cannot count the pages of this PDF ({reason})")
                raise AppealError(message.format(file=path, reason=exc)) from None
            sheets = sheets or counted
        entries.append((RegisterEntry(attachment.title, sheets), content))
    return entries


def not_pdfa(data: CaseData, extra: list[tuple[RegisterEntry, bytes | None]]) -> list[str]:
    """A warning for each PDF of the applicant's that is not PDF/A: the bundle holding it is
    then not PDF/A either, which electronic filing may refuse."""
    files = [a.file for a in data.case.attachments]
    message = _(
        '{bundle} is not PDF/A, because the attachment "{title}" ({file}) is not a PDF/A file; '
        "save that document again as PDF/A (in LibreOffice or Word: export as PDF, PDF/A "
        "option) and build again"
    )
    return [
        message.format(bundle=f"{BUNDLE}.pdf", title=entry.title, file=name)
        for (entry, content), name in zip(extra, files, strict=True)
        if content is not None and pdfa_part(content) is None
    ]


def bundle(parts: list[bytes]) -> bytes:
    """One PDF of the appeal and its attachments, in the register's order, for e-filing; PDF/A
    like its parts (see `user_attachments` for parts that are not)."""
    return join(parts)


class Htmls(dict[str, str]):
    """The HTML of each document by name. A document the build did not render whole (a long
    protocol table flowed into its writers) is rendered when asked for (`later`)."""

    def __init__(self) -> None:
        super().__init__()
        self.later: dict[str, Callable[[], str]] = {}

    def __missing__(self, name: str) -> str:
        if name not in self.later:
            raise KeyError(name)
        self[name] = html = self.later.pop(name)()
        return html

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self.later

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


@dataclass
class RenderedCase:
    """Every document of a case: the HTML each was made from, the files by name, and warnings."""

    analysis: Analysis
    html: Htmls = field(default_factory=Htmls)
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # The PDFs that carry the mark already (a bundle made of marked parts): read back only.
    stamped: set[str] = field(default_factory=set)


class _InProcess(Executor):
    """An executor that runs each task at once, here: the one-worker budget."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def render_case(
    data: CaseData,
    *,
    analysis: Analysis | None = None,
    formats: Iterable[str] = FORMATS,
    templates: Path | None = None,
    addressees: Iterable[str | None] = (None,),
    workers: int = 1,
    progress: Progress | None = None,
) -> RenderedCase:
    """The documents of a case in the formats asked for; `workers` processes at most, this one
    included; `progress(text)` is told what is being rendered."""
    wanted = check_formats(formats)
    say = progress or (lambda text: None)
    # Every text of the case in the documents' language, from here on.
    data, analysis = in_document_language(data, analysis or analyse(data))
    renderer = Renderer(data, analysis, templates)
    result = RenderedCase(renderer.analysis)

    def spreadsheet() -> None:
        if "xlsx" in wanted:
            say(_("attachment 1 (XLSX)"))
            result.files[f"{ATTACHMENT}.xlsx"] = renderer.xlsx()

    if "pdf" in wanted or "docx" in wanted:
        extra = user_attachments(data)  # first: a broken PDF stops the build before the layout
        if "pdf" in wanted:
            result.warnings += not_pdfa(data, extra)
        if workers > 1:
            # The workers are forked from this process: what it has imported they share, what
            # they import themselves costs each of them as much CPU as it cost here.
            load_layout_libraries(data.case.language)
        pool = (
            ProcessPoolExecutor(workers - 1, initializer=die_with_parent)
            if workers > 1
            else _InProcess()
        )
        with pool:
            _appeals_and_attachment(
                renderer, result, wanted, list(addressees), extra, pool, say, spreadsheet
            )
    else:
        spreadsheet()
    result.warnings += renderer.warnings + renderer.urls.refusals()
    result.warnings += passed_over(renderer.env, data.case.language)
    if renderer.mark is not None:
        result.files = marked(result.files, renderer.mark, data.case.language, result.stamped)
    language = data.case.language
    result.files = {in_language(name, language): content for name, content in result.files.items()}
    return result


def marked(
    files: dict[str, bytes], word: str, language: str, done: set[str] | None = None
) -> dict[str, bytes]:
    """The files of an illustrative case with the mark drawn over every PDF page (but those
    `done`, marked already), each file read back: one that lacks the mark anywhere stops the
    build (watermark.verify_marks)."""
    stamped = dict(files)
    for name, content in files.items():
        if name.endswith(".pdf") and name not in (done or set()):
            stamped[name] = stamp_named(content, word, language, name)
    verify_marks(stamped, word)
    return stamped


def stamp_named(content: bytes, word: str, language: str, name: str) -> bytes:
    """The PDF with the mark on every page; `name`, the file, is named by the error."""
    try:
        return stamp_pdf(content, word, language)
    except Exception as exc:  # pypdf raises many kinds for a damaged attachment
        message = _("{file}: the mark «{word}» cannot be drawn on its pages ({reason})")
        raise AppealError(message.format(file=name, word=word, reason=exc)) from None


def in_language(name: str, language: str) -> str:
    """A file's name for the documents in `language`: Russian ones as they are, others with
    the language before the extension (appeal.pdf → appeal.kk.pdf)."""
    if language == "ru":
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{language}{dot}{extension}" if dot else f"{name}.{language}"


@dataclass
class _Enclosure:
    """One of the tool's own attachments: its HTML, and its PDF being laid out."""

    entry: RegisterEntry  # as the register lists it, sheets not counted yet
    name: str  # the file name without extension
    document_title: str  # the DOCX title property
    html: str
    landscape: bool
    estimate: int  # its sheets, guessed before the layout ends
    renderer: Renderer
    template: str
    drawn: bool = False  # a long table, drawn straight into pages where the drawing can
    rows: ProtocolRows | None = None  # its body rows, when `html` holds only a few
    parts: list[Future[RenderedPdf | NotDrawn]] = field(default_factory=list)
    pdf: RenderedPdf | None = None
    docx: bool = True  # also written as DOCX (the copies are PDF only)


def _enclosures(renderer: Renderer, wanted: tuple[str, ...], say: Progress) -> list[_Enclosure]:
    """The HTML of attachment 1 (the protocols) and, when there are statistics, attachment 2."""
    say(_("attachment 1"))
    texts = renderer.texts
    rows = len(renderer.analysis.stations.rows)
    entries = renderer.own_entries(xlsx="xlsx" in wanted)
    drawn = rows > DRAWN_ROWS
    # A long table's rows flow from the stations to the drawing and the DOCX writer.
    frame = renderer.attachment_frame() if drawn else None
    html, flowing = frame if frame is not None else (renderer.attachment_html(), None)
    found = [
        _Enclosure(
            entries[0],
            ATTACHMENT,
            str(texts.attachment_title),
            html,
            True,
            1 + rows // ROWS_PER_PAGE_ESTIMATE,
            renderer,
            ATTACHMENT_TEMPLATE,
            drawn=drawn,
            rows=flowing,
        )
    ]
    by_key = {e.key: e for e in entries}
    if "statistics" in by_key:
        say(_("attachment 2"))
        entry = by_key["statistics"]
        html = renderer.statistics_html(number=2)
        template = STATISTICS_TEMPLATE
        found.append(_Enclosure(entry, STATISTICS, entry.title, html, False, 3, renderer, template))
    if "copies" in by_key and renderer.copies is not None:
        say(_("the copies of the protocols"))
        entry = by_key["copies"]
        pages = estimated_pages(renderer.copies)
        found.append(
            _Enclosure(entry, COPIES, entry.title, "", False, pages, renderer, "", docx=False)
        )
    return found


def _submit(enclosure: _Enclosure, pool: Executor) -> None:
    """Give the attachment's layout to `pool`."""
    renderer = enclosure.renderer
    epoch, urls = renderer.epoch, renderer.urls
    future: Future[RenderedPdf | NotDrawn]
    if enclosure.name == COPIES and renderer.copies is not None:  # pictures and PDFs, no HTML
        future = pool.submit(render_copies_pdf, renderer.copies, epoch)
    elif enclosure.drawn:
        future = pool.submit(
            render_protocol_table_pdf,
            enclosure.html,
            epoch,
            enclosure.template,
            renderer.properties,
            enclosure.rows,
        )
    else:
        future = pool.submit(
            render_pdf, enclosure.html, epoch, urls, enclosure.template, renderer.properties
        )
    enclosure.parts = [future]


def _laid_out(enclosure: _Enclosure, pool: Executor) -> list[RenderedPdf]:
    """The PDF parts of an attachment; a long table that could not be drawn directly is laid
    out in parts instead."""
    laid_out = [f.result() for f in enclosure.parts]
    done = [pdf for pdf in laid_out if isinstance(pdf, RenderedPdf)]
    if len(done) == len(laid_out):
        return done
    renderer = enclosure.renderer
    renderer.warnings += [p.warning for p in laid_out if isinstance(p, NotDrawn) and p.warning]
    futures = [
        pool.submit(
            render_pdf,
            html,
            renderer.epoch,
            renderer.urls,
            ATTACHMENT_TEMPLATE,
            renderer.properties,
        )
        for html in renderer.attachment_parts()
    ]
    return [f.result() for f in futures]


def _appeals_and_attachment(
    renderer: Renderer,
    result: RenderedCase,
    wanted: tuple[str, ...],
    addressees: list[str | None],
    extra: list[tuple[RegisterEntry, bytes | None]],
    pool: Executor,
    say: Progress,
    meanwhile: Callable[[], None],
) -> None:
    """Lay out the attachments in `pool`; with other processes doing that, write the DOCX
    attachments, do `meanwhile` and lay out the first appeal here on an estimate of the
    attachments' sheets (again if it was wrong)."""
    enclosures = _enclosures(renderer, wanted, say)

    def register(sheets: list[int]) -> list[RegisterEntry]:
        own = [replace(e.entry, sheets=n) for e, n in zip(enclosures, sheets, strict=True)]
        return [*own, *(entry for entry, _content in extra)]

    # Every template is rendered before any layout starts: a broken one fails at once.
    estimates = [e.estimate for e in enclosures]
    first_html = renderer.appeal_html(register(estimates), addressees[0])
    for enclosure in enclosures:
        _submit(enclosure, pool)
    for enclosure in enclosures:
        if enclosure.rows is not None:
            result.html.later[enclosure.name] = renderer.attachment_html
        elif enclosure.html:
            result.html[enclosure.name] = enclosure.html
        if "docx" in wanted and enclosure.docx:
            say(_("{document} (DOCX)").format(document=enclosure.name))
            result.files[f"{enclosure.name}.docx"] = renderer.docx(
                enclosure.html,
                enclosure.document_title,
                landscape=enclosure.landscape,
                name=enclosure.template,
                rows=enclosure.rows,
            )
    meanwhile()
    early: RenderedPdf | None = None
    if "pdf" in wanted and not isinstance(pool, _InProcess):
        early = renderer.pdf(first_html, APPEAL_TEMPLATE, signed=True)  # while others lay out
    language = renderer.data.case.language
    first_bundle = f"{BUNDLE}--{addressees[0]}.pdf" if addressees[0] else f"{BUNDLE}.pdf"

    def with_mark(content: bytes, name: str) -> bytes:
        """An illustrative case's PDF part marked before the bundles are joined of them: the
        bundles, made of marked parts, are then only read back."""
        if renderer.mark is None or "pdf" not in wanted:
            return content
        result.stamped.add(name)
        return stamp_named(content, renderer.mark, language, name)

    enclosed: list[bytes] = []
    for enclosure in enclosures:
        enclosure.pdf = renderer.joined([renderer.noted(p) for p in _laid_out(enclosure, pool)])
        name = f"{enclosure.name}.pdf"
        enclosed.append(with_mark(enclosure.pdf.data, name))
        if "pdf" in wanted:
            result.files[name] = enclosed[-1]
    sheets = [e.pdf.pages for e in enclosures if e.pdf]
    # The applicant's own PDFs are marked in the bundle, whose name a failure gives.
    enclosed += [with_mark(content, first_bundle) for _entry, content in extra if content]
    for index, addressee in enumerate(addressees):
        suffix = f"--{addressee}" if addressee else ""
        say(_("appeal{addressee}").format(addressee=suffix))
        pdf: RenderedPdf | None = None
        if index == 0 and sheets == estimates:
            html, pdf = first_html, early
        else:
            html = renderer.appeal_html(register(sheets), addressee)
        if pdf is None and "pdf" in wanted:
            pdf = renderer.pdf(html, APPEAL_TEMPLATE, signed=True)
        result.html[APPEAL + suffix] = html
        if pdf is not None:
            appeal = result.files[f"{APPEAL}{suffix}.pdf"] = with_mark(
                pdf.data, f"{APPEAL}{suffix}.pdf"
            )
            result.files[f"{BUNDLE}{suffix}.pdf"] = bundle([appeal, *enclosed])
            if renderer.mark is not None:
                result.stamped.add(f"{BUNDLE}{suffix}.pdf")
        if "docx" in wanted:
            docx = renderer.docx(html, renderer.appeal_title, name=APPEAL_TEMPLATE, signed=True)
            result.files[f"{APPEAL}{suffix}.docx"] = docx
