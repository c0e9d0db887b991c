"""Render one case's documents in memory: the protocol attachment, the appeal (once, or once per
addressee) and the filing bundle, in the formats asked for and no others.

The appeal's register gives the attachment's real sheet count, so the appeal depends on the
attachment's layout. With more than one worker the attachments and the letters are laid out
side by side on every worker (render/layout_jobs.py), the letters on an estimate of that
count; a letter is rendered and laid out again only when the estimate was wrong. The result
is the same either way.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..analysis import Analysis, analyse
from ..analysis.facts import candidate_list_gain
from ..case import CaseData
from ..case.paths import ATTACHMENT_MAX_BYTES, read_case_file
from ..case.routes import blank_warnings
from ..case.unverified import Unchecked, unchecked_in, unchecked_message
from ..environment import source_date_epoch
from ..errors import AppealError, CaseError
from ..i18n import document_text_language
from ..i18n import gettext as _
from ..resources import templates_dir
from .context import (
    Letter,
    Part,
    RegisterEntry,
    appeal_context,
    attachment_context,
    common_context,
    in_document_language,
    letters,
    one_station_copies,
    reports_stating_nothing,
    statistics_context,
    table_words,
)
from .copies import (
    COPIES,
    CopiesDocument,
    copies_document,
    estimated_pages,
    render_copies_pdf,
)
from .env import make_environment, passed_over, render_template, template_module
from .evidence import attached_copies, source_provenance
from .formats import FORMATS, check_formats
from .grid_pdf import NotDrawn, render_protocol_table_pdf
from .layout_jobs import Job, Jobs, LayoutProcesses, shared_layouts, waiting_jobs
from .pdf import (
    Properties,
    RenderedPdf,
    join,
    join_with_numbers,
    page_count,
    pdfa_part,
    render_pdf,
    return_freed_memory,
)
from .pdf_active import active_content_removed, without_active_content
from .preload import load_layout_libraries
from .protocol_rows import ProtocolRows
from .template_check import word_problems
from .urls import UrlPolicy
from .watermark import mark_word, pdf_pages_without_mark, stamp_pdf, verify_marks
from .xlsx import render_xlsx, sheet_words

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
# Table rows a page of the attachment holds, about (the example's pages: 13 stations of three
# rows, the two contests and their difference; a station of a one-contest case has one row):
# only an estimate to start the appeal's layout, laid out again when it was wrong.
TABLE_ROWS_PER_PAGE_ESTIMATE = 39

Progress = Callable[[str], None]


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
        rendered = render_template(self.env, name, context)
        self.urls.refuse_unresolved(rendered, name)
        return rendered

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

        written = render_docx(
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
        # Its XML tree, freed in small pieces (tens of MB for a national table), goes back
        # to the system before the next document.
        return_freed_memory()
        return written

    def attachment_html(self, kind: str = "other", number: int = 1) -> str:
        """The protocol attachment's HTML, the whole table in one document: attachment
        `number` to the instrument of `kind`."""
        context = attachment_context(
            self.data, self.analysis, self.moment, kind=kind, number=number
        )
        return self.html(ATTACHMENT_TEMPLATE, context)

    def instrument_heading(self, kind: str) -> str:
        """What the heading of an attachment to the instrument of `kind` says, whatever its
        number: letters whose attachments say the same can share them."""
        return self.heading(0, kind)

    def heading(self, number: int, kind: str) -> str:
        """«Приложение N к <instrument> от <date>»: the heading of the tool's own attachment
        `number` to the instrument of `kind`, as the spreadsheet and the copies carry it."""
        day = self.data.case.appeal.date
        return str(self.texts.attachment_heading(number, kind, day))

    def attachment_frame(
        self, kind: str = "other", number: int = 1
    ) -> tuple[str, ProtocolRows] | None:
        """The protocol attachment's HTML with the rows of a few stations only, and the rows
        of every station, which flow into the writers instead of one document of them all.
        None when the table's templates are a user's own, or write their rows otherwise than
        ProtocolRows does: the whole HTML is then rendered through them."""
        if not all(self.shipped(name) for name in (ATTACHMENT_TEMPLATE, TABLE_TEMPLATE)):
            return None
        context = attachment_context(
            self.data, self.analysis, self.moment, kind=kind, number=number
        )
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

    def attachment_parts(self, kind: str = "other", number: int = 1) -> list[str]:
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
            context = attachment_context(
                self.data, self.analysis, self.moment, chunk, part, kind, number
            )
            htmls.append(self.html(ATTACHMENT_TEMPLATE, context))
        return htmls

    def statistics_html(self, number: int, kind: str = "other") -> str:
        """Attachment `number` to the instrument of `kind`: the sample statistics, their
        caveats and the chart."""
        context = statistics_context(
            self.data, self.analysis, self.moment, number, self.env.filters["signed"], kind
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

    def xlsx(self, heading: str = "") -> bytes:
        """Attachment 1 as a spreadsheet, its title row opened by `heading`."""
        case = self.data.case
        first, second = case.compared() or (case.contests[0].id, None)
        parties = [p.short_name for p in case.parties]
        stations = self.analysis.stations
        one = one_station_copies(self.data, stations)
        words = sheet_words(
            self.titles,
            self.texts,
            parties,
            case.label(first),
            case.label(second) if second else None,
            stations.line_columns,
            any(row.official for row in stations.rows),
            one["copy_station"],
            one["copy_protocols"],
        )
        if heading:  # «… от 5 апреля 2021 г.» ends its sentence already
            separator = " " if heading.endswith(".") else ". "
            words = replace(words, title=f"{heading}{separator}{words.title}")
        return render_xlsx(
            stations,
            [p.id for p in case.parties],
            words,
            self.moment,
            mark=self.mark,
            warn=self.warnings.append,
        )

    def own_entries(self, xlsx: bool) -> list[RegisterEntry]:
        """The tool's own attachments as the register lists them, their sheets not counted yet:
        the protocols (with the spreadsheet's note when one is written, and where the copies
        it was typed from come from), when the sample gives statistics, the statistics, and,
        when the case has their files, the copies themselves by station."""
        stations = len(self.data.protocols.stations())
        one = one_station_copies(self.data, self.analysis.stations)
        entries = [
            RegisterEntry(
                str(
                    self.texts.attachment_entry(
                        stations, one["copy_station"], one["copy_protocols"]
                    )
                ),
                None,
                self.titles.xlsx_note if xlsx else "",
                key="protocols",
                provenance=source_provenance(self.data, table_words(self.data.case)),
            )
        ]
        if self.analysis.facts.statistics:
            entries.append(RegisterEntry(str(self.texts.statistics_title), None, key="statistics"))
        attached = attached_copies(self.data)
        if self.copies is not None and attached is not None:
            # The copies by station, and certified only where the copies table says so.
            title = str(self.titles.copies_entry(attached))
            entries.append(RegisterEntry(title, None, key="copies"))
        return entries

    def appeal_html(self, register: list[RegisterEntry], letter: Letter | str | None) -> str:
        """The appeal as the letter `letter` (render/context.py: letters); an authority's id
        is the letter to it alone, None the main letter."""
        if not isinstance(letter, Letter):
            letter = letters(self.data, [letter])[0]
        context = appeal_context(self.data, self.analysis, register, self.moment, letter=letter)
        return self.html(APPEAL_TEMPLATE, context)

    def copies_for(self, number: int, kind: str) -> CopiesDocument | None:
        """The copies attachment, headed as attachment `number` to the instrument of `kind`
        and ending with the applicant's signature line."""
        if self.copies is None:
            return None
        appeal = self.data.case.appeal
        dated = f"{self.env.filters['date_long'](appeal.date)}, {appeal.place}"
        signature = (dated, str(self.data.applicant.full_name))
        return replace(self.copies, heading=self.heading(number, kind), signature=signature)

    def attachment_title(self) -> str:
        """The title property of attachment 1's files: one station's copies named in the
        singular, as the register names them; of several, the table's title uncounted."""
        one = one_station_copies(self.data, self.analysis.stations)
        return str(self.texts.attachment_entry(None, one["copy_station"], one["copy_protocols"]))

    def appeal_title(self, kind: str) -> str:
        """The title property of a letter's files, by its instrument (the addressee's kind)."""
        return str(self.titles.appeal_title(self.data.case.appeal.date, kind))


def user_attachments(
    data: CaseData, warnings: list[str] | None = None
) -> list[tuple[RegisterEntry, bytes | None]]:
    """The applicant's own attachments, with sheets counted from PDF files, and those files
    without active content (each file that had some is named in `warnings`)."""
    entries: list[tuple[RegisterEntry, bytes | None]] = []
    for attachment in data.case.attachments:
        sheets, content = attachment.sheets, None
        if attachment.file is not None and attachment.file.lower().endswith(".pdf"):
            path = data.folder / attachment.file
            content = read_case_file(data.folder, attachment.file, ATTACHMENT_MAX_BYTES)
            try:
                counted = page_count(content)
                content, removed = without_active_content(content)
            except Exception as exc:  # pypdf raises many kinds of errors for a broken file
                message = _("{file}: cannot count the pages of this PDF ({reason})")
                raise AppealError(message.format(file=path, reason=exc)) from None
            sheets = sheets or counted
            if removed and warnings is not None:
                warnings.append(active_content_removed(path, removed))
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
    # The PDFs read back for the mark where they were laid out.
    read_back: set[str] = field(default_factory=set)


def attachment_sets(plan: list[Letter], heading: Callable[[str], str]) -> dict[str, str]:
    """The sets of the tool's own attachments a build writes, by the suffix of their files,
    with the kind of instrument they are headed for. Letters whose attachments carry the same
    heading (`heading(kind)`) share one set: the first letter's unsuffixed, each other set
    named like the first letter that needs it."""
    sets: dict[str, str] = {}
    for letter in plan:
        sets.setdefault(own_set(letter, plan, heading), letter.kind)
    return sets


def own_set(letter: Letter, plan: list[Letter], heading: Callable[[str], str]) -> str:
    """The suffix of the attachments of `letter`: that of the first letter whose attachments
    are headed alike (none for the first letter's own)."""
    first = next(other for other in plan if heading(other.kind) == heading(letter.kind))
    return "" if first is plan[0] else first.suffix


def _nothing_to_report(data: CaseData, analysis: Analysis, plan: list[Letter]) -> list[str]:
    """A warning for each report of a criminal offence of a case that states no discrepancy."""
    message = _(
        "{addressee}: the report of a criminal offence states no discrepancy, because the case "
        "has none (no copy differs from an official figure, the contests' results agree, the "
        "seats are those awarded); it only says what would follow if the results did not match "
        "the protocols. Make sure a report of a crime is what you mean to file"
    )
    # Named as `check` names them: a build in several languages then says it once.
    names = data.reference.authority_names(document_text_language())
    return [
        message.format(addressee=names.get(key, key))
        for key in reports_stating_nothing(data, analysis, plan)
    ]


def _unchecked_law(data: CaseData, plan: list[Letter], htmls: Htmls) -> list[str]:
    """For each letter, the provisions it states as certain that were not read in the official
    text; an illustrative case, which cannot be filed, is spared them like `check` spares it."""
    if data.case.illustrative:
        return []
    # Letters citing the same provisions are named together, in the order of the plan.
    grouped: dict[tuple[str, ...], tuple[list[str], list[str | None], list[Unchecked]]] = {}
    for letter in plan:
        text = htmls.get(APPEAL + letter.suffix)
        found = unchecked_in(text, data.case, data.reference) if text else []
        if found:
            keys = tuple(item.key for item in found)
            documents, kinds, _found = grouped.setdefault(keys, ([], [], found))
            documents.append(in_language(APPEAL + letter.suffix, data.case.language))
            kinds.append(letter.kind)
    return [unchecked_message(d, found, kinds) for d, kinds, found in grouped.values()]


def render_case(
    data: CaseData,
    *,
    analysis: Analysis | None = None,
    formats: Iterable[str] = FORMATS,
    templates: Path | None = None,
    addressees: Iterable[str | None] = (None,),
    workers: int = 1,
    progress: Progress | None = None,
    layouts: LayoutProcesses | None = None,
) -> RenderedCase:
    """The documents of a case in the formats asked for; `workers` processes at most, this one
    included; `progress(text)` is told what is being rendered. With `layouts` (processes
    started for the build), the layouts are theirs instead."""
    wanted = check_formats(formats)
    say = progress or (lambda text: None)
    # Every text of the case in the documents' language, from here on.
    data, analysis = in_document_language(data, analysis or analyse(data))
    if "docx" in wanted and (refused := word_problems(data, templates)):
        raise CaseError(refused)
    renderer = Renderer(data, analysis, templates)
    result = RenderedCase(renderer.analysis)

    plan = letters(data, list(addressees))
    sets = attachment_sets(plan, renderer.instrument_heading)
    result.warnings += _nothing_to_report(data, renderer.analysis, plan)
    written_to = [letter.addressee for letter in plan]
    result.warnings += [
        message
        for _blank, message in blank_warnings(
            data.case,
            data.reference,
            document_text_language(),
            written_to,
            data.applicant,
            candidate_list_gain(data.applicant.status, renderer.analysis.hypothesis_1),
        )
    ]

    def spreadsheet() -> None:
        if "xlsx" in wanted:
            say(_("attachment 1 (XLSX)"))
            for suffix, kind in sets.items():
                heading = renderer.heading(1, kind)
                result.files[f"{ATTACHMENT}{suffix}.xlsx"] = renderer.xlsx(heading)

    if "pdf" in wanted or "docx" in wanted:
        # First: a broken PDF stops the build before the layout.
        extra = user_attachments(data, result.warnings)
        if "pdf" in wanted:
            result.warnings += not_pdfa(data, extra)
        # The attachments are laid out for a Word-only build too: the register counts their
        # sheets.
        if layouts is not None:
            jobs = waiting_jobs(layouts)
            _appeals_and_attachment(renderer, result, wanted, plan, extra, jobs, say, spreadsheet)
        else:
            if workers > 1:
                # The workers are forked from this process: what it has imported they share,
                # what they import themselves costs each of them as much CPU as it cost here.
                load_layout_libraries(data.case.language)
            with shared_layouts(workers) as jobs:
                _appeals_and_attachment(
                    renderer, result, wanted, plan, extra, jobs, say, spreadsheet
                )
        result.warnings += _unchecked_law(data, plan, result.html)
    else:
        spreadsheet()
    result.warnings += renderer.warnings + renderer.urls.refusals()
    # Each letter's attachments are laid out alike: what one layout met, the others met too.
    result.warnings = list(dict.fromkeys(result.warnings))
    result.warnings += passed_over(renderer.env, data.case.language)
    if renderer.mark is not None:
        result.files = marked(
            result.files, renderer.mark, data.case.language, result.stamped, result.read_back
        )
    language = data.case.language
    result.files = {in_language(name, language): content for name, content in result.files.items()}
    return result


def marked(
    files: dict[str, bytes],
    word: str,
    language: str,
    done: set[str] | None = None,
    read_back: set[str] | None = None,
) -> dict[str, bytes]:
    """The files of an illustrative case with the mark drawn over every PDF page (but those
    `done`, marked already), each file read back (but those `read_back` already, where they
    were laid out): one that lacks the mark anywhere stops the build (watermark.verify_marks)."""
    stamped = dict(files)
    for name, content in files.items():
        if name.endswith(".pdf") and name not in (done or set()):
            stamped[name] = stamp_named(content, word, language, name)
    verify_marks({n: c for n, c in stamped.items() if n not in (read_back or set())}, word)
    return stamped


def _read_back_now(result: RenderedCase, word: str, files: dict[str, bytes]) -> None:
    """Read the files back for the mark now; those that carry it are not read again at the
    end. When one lacks it, they are all read again there, so that the error names every
    file at once."""
    try:
        verify_marks(files, word)
    except AppealError:
        return
    finally:
        return_freed_memory()  # what reading the Word and Excel files back parsed
    result.read_back.update(files)


def marked_layout(
    mark: str | None, language: str, name: str, work: Callable[..., Any], *args: Any
) -> Any:
    """The layout `work(*args)` of the PDF file `name`; for an illustrative case (`mark`) with
    the mark drawn over every page and read back, in the process that laid it out."""
    laid_out = work(*args)
    if mark is None or not isinstance(laid_out, RenderedPdf):
        return laid_out
    data = stamp_named(laid_out.data, mark, language, name)
    return replace(laid_out, data=data, marked=not pdf_pages_without_mark(data, mark))


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
    kind: str  # the instrument it is attached to (its heading names it)
    number: int  # its number in the register
    drawn: bool = False  # a long table, drawn straight into pages where the drawing can
    rows: ProtocolRows | None = None  # its body rows, when `html` holds only a few
    parts: list[Job] = field(default_factory=list)  # its layout, in the pool or done
    pdf: RenderedPdf | None = None
    docx: bool = True  # also written as DOCX (the copies are PDF only)
    copies: CopiesDocument | None = None  # the copies attachment, headed for its letter


def _estimated_sheets(renderer: Renderer) -> int:
    """The protocol attachment's sheets, about: from its table rows."""
    rows_per_station = 3 if renderer.data.case.compared() else 1
    rows = len(renderer.analysis.stations.rows) * rows_per_station
    return 1 + rows // TABLE_ROWS_PER_PAGE_ESTIMATE


def _enclosures(
    renderer: Renderer, wanted: tuple[str, ...], say: Progress, kind: str, suffix: str
) -> list[_Enclosure]:
    """The tool's own attachments headed for the instrument of `kind`, their files named with
    `suffix`: the protocols, the statistics when there are any, the copies when there are
    any; numbered as the register lists them."""
    say(_("attachment 1"))
    rows = len(renderer.analysis.stations.rows)
    entries = renderer.own_entries(xlsx="xlsx" in wanted)
    number = {e.key: n for n, e in enumerate(entries, 1)}
    drawn = rows > DRAWN_ROWS
    # A long table's rows flow from the stations to the drawing and the DOCX writer.
    frame = renderer.attachment_frame(kind, number["protocols"]) if drawn else None
    html, flowing = (
        frame if frame is not None else (renderer.attachment_html(kind, number["protocols"]), None)
    )
    found = [
        _Enclosure(
            entries[0],
            ATTACHMENT + suffix,
            renderer.attachment_title(),
            html,
            True,
            _estimated_sheets(renderer),
            renderer,
            ATTACHMENT_TEMPLATE,
            kind,
            number["protocols"],
            drawn=drawn,
            rows=flowing,
        )
    ]
    by_key = {e.key: e for e in entries}
    if "statistics" in by_key:
        say(_("attachment 2"))
        entry = by_key["statistics"]
        html = renderer.statistics_html(number["statistics"], kind)
        template = STATISTICS_TEMPLATE
        found.append(
            _Enclosure(
                entry,
                STATISTICS + suffix,
                entry.title,
                html,
                False,
                3,
                renderer,
                template,
                kind,
                number["statistics"],
            )
        )
    copies = renderer.copies_for(number.get("copies", 0), kind)
    if "copies" in by_key and copies is not None:
        say(_("the copies of the protocols"))
        entry = by_key["copies"]
        pages = estimated_pages(copies)
        found.append(
            _Enclosure(
                entry,
                COPIES + suffix,
                entry.title,
                "",
                False,
                pages,
                renderer,
                "",
                kind,
                number["copies"],
                docx=False,
                copies=copies,
            )
        )
    return found


def _submit(enclosure: _Enclosure, jobs: Jobs, mark: str | None) -> None:
    """Give the attachment's layout to the pool; with `mark`, the mark is drawn on its pages
    there."""
    renderer = enclosure.renderer
    epoch, urls = renderer.epoch, renderer.urls
    language, name = renderer.data.case.language, f"{enclosure.name}.pdf"

    def give(work: Callable[..., Any], *args: Any) -> Job:
        return jobs.submit(marked_layout, mark, language, name, work, *args)

    if enclosure.copies is not None:  # pictures and PDFs, no HTML
        job = give(render_copies_pdf, enclosure.copies, epoch)
    elif enclosure.drawn:
        job = give(
            render_protocol_table_pdf,
            enclosure.html,
            epoch,
            enclosure.template,
            renderer.properties,
            enclosure.rows,
        )
    else:
        job = give(render_pdf, enclosure.html, epoch, urls, enclosure.template, renderer.properties)
    enclosure.parts = [job]


def _laid_out(enclosure: _Enclosure, jobs: Jobs) -> list[RenderedPdf]:
    """The PDF parts of an attachment; a long table that could not be drawn directly is laid
    out in parts instead."""
    laid_out = [jobs.result(job) for job in enclosure.parts]
    done = [pdf for pdf in laid_out if isinstance(pdf, RenderedPdf)]
    if len(done) == len(laid_out):
        return done
    renderer = enclosure.renderer
    renderer.warnings += [p.warning for p in laid_out if isinstance(p, NotDrawn) and p.warning]
    parts = [
        jobs.submit(
            render_pdf,
            html,
            renderer.epoch,
            renderer.urls,
            ATTACHMENT_TEMPLATE,
            renderer.properties,
        )
        for html in renderer.attachment_parts(enclosure.kind, enclosure.number)
    ]
    return [jobs.result(job) for job in parts]


@dataclass
class _Appeal:
    """One letter of the plan: its HTML with the register it was rendered on, and its PDF and
    Word document being made of that HTML."""

    letter: Letter
    own: str  # the suffix of its attachments (attachment_sets)
    sheets: list[int]  # the sheets its register gives the tool's own attachments
    html: str
    pdf: Job | None = None
    docx: bytes | None = None


def _laid_out_already(appeal: _Appeal) -> bool:
    return appeal.pdf is None or appeal.pdf.done()


def _appeals_and_attachment(
    renderer: Renderer,
    result: RenderedCase,
    wanted: tuple[str, ...],
    plan: list[Letter],
    extra: list[tuple[RegisterEntry, bytes | None]],
    jobs: Jobs,
    say: Progress,
    meanwhile: Callable[[], None],
) -> None:
    """Lay out the attachments and the letters, each letter of `plan` with the attachments
    headed for its own instrument (`attachment_sets`). With other processes, the letters are
    laid out beside the attachments on an estimate of the attachments' sheets, and laid out
    again where the estimate was wrong: the register states the real count. Meanwhile this
    process writes the Word documents and does `meanwhile`."""
    sets = {
        suffix: _enclosures(renderer, wanted, say, kind, suffix)
        for suffix, kind in attachment_sets(plan, renderer.instrument_heading).items()
    }
    every = [e for enclosures in sets.values() for e in enclosures]
    pdf, docx = "pdf" in wanted, "docx" in wanted
    language = renderer.data.case.language
    # The mark of an illustrative case is drawn on the PDFs it writes where they are laid out.
    stamp = renderer.mark if pdf else None
    parallel = jobs.parallel

    def register(suffix: str, sheets: list[int]) -> list[RegisterEntry]:
        own = [replace(e.entry, sheets=n) for e, n in zip(sets[suffix], sheets, strict=True)]
        return [*own, *(entry for entry, _content in extra)]

    def appeal(letter: Letter, sheets: dict[str, list[int]]) -> _Appeal:
        own = own_set(letter, plan, renderer.instrument_heading)
        html = renderer.appeal_html(register(own, sheets[own]), letter)
        return _Appeal(letter, own, sheets[own], html)

    def lay_out(appeal: _Appeal) -> None:
        properties = Properties(renderer.author, renderer.mark)
        epoch, urls = renderer.epoch, renderer.urls
        name = f"{APPEAL}{appeal.letter.suffix}.pdf"
        appeal.pdf = jobs.submit(
            marked_layout,
            stamp,
            language,
            name,
            render_pdf,
            appeal.html,
            epoch,
            urls,
            APPEAL_TEMPLATE,
            properties,
        )

    def write_docx(appeal: _Appeal) -> None:
        title = renderer.appeal_title(appeal.letter.kind)
        appeal.docx = renderer.docx(appeal.html, title, name=APPEAL_TEMPLATE, signed=True)

    # Every template is rendered before any layout starts: a broken one fails at once.
    estimates = {suffix: [e.estimate for e in found] for suffix, found in sets.items()}
    appeals = [appeal(letter, estimates) for letter in plan]
    for enclosure in every:
        _submit(enclosure, jobs, stamp)
    if parallel and pdf:
        for each in appeals:
            lay_out(each)
    for enclosure in every:
        if enclosure.rows is not None:
            result.html.later[enclosure.name] = functools.partial(
                renderer.attachment_html, enclosure.kind, enclosure.number
            )
        elif enclosure.html:
            result.html[enclosure.name] = enclosure.html
        if docx and enclosure.docx:
            say(_("{document} (DOCX)").format(document=enclosure.name))
            result.files[f"{enclosure.name}.docx"] = renderer.docx(
                enclosure.html,
                enclosure.document_title,
                landscape=enclosure.landscape,
                name=enclosure.template,
                rows=enclosure.rows,
            )
    meanwhile()
    if parallel and docx:  # on the estimate too: written again below where it was wrong
        for each in appeals:
            write_docx(each)
    if parallel and renderer.mark is not None:
        # Read back while the layouts run; a letter's file written again is read at the end.
        written = {f"{APPEAL}{each.letter.suffix}.docx": each.docx for each in appeals}
        office = {n: c for n, c in result.files.items() if n.endswith((".docx", ".xlsx"))}
        _read_back_now(result, renderer.mark, office | {n: c for n, c in written.items() if c})
    first_bundle = f"{BUNDLE}{plan[0].suffix}.pdf"

    def with_mark(content: bytes, name: str, laid_out: RenderedPdf | None = None) -> bytes:
        """An illustrative case's PDF part marked before the bundles are joined of them: the
        bundles, made of marked parts, are then only read back. A part `laid_out` marked
        where it was laid out is only noted."""
        if renderer.mark is None or not pdf:
            return content
        result.stamped.add(name)
        if laid_out is None or laid_out.marked is None:
            return stamp_named(content, renderer.mark, language, name)
        if laid_out.marked:  # else read back again with the others, which says what lacks it
            result.read_back.add(name)
        return content

    enclosed: dict[str, list[bytes]] = {suffix: [] for suffix in sets}
    for suffix, found in sets.items():
        for enclosure in found:
            laid_out = [renderer.noted(p) for p in _laid_out(enclosure, jobs)]
            enclosure.pdf = renderer.joined(laid_out)
            name = f"{enclosure.name}.pdf"
            enclosed[suffix].append(with_mark(enclosure.pdf.data, name, enclosure.pdf))
            if pdf:
                result.files[name] = enclosed[suffix][-1]
    sheets = {suffix: [e.pdf.pages for e in found if e.pdf] for suffix, found in sets.items()}
    # A letter whose register was estimated wrong is rendered and laid out again.
    for index, each in enumerate(appeals):
        if each.sheets != sheets[each.own]:
            if each.pdf is not None:
                jobs.drop(each.pdf)
            appeals[index] = appeal(each.letter, sheets)
    for each in appeals:
        if pdf and each.pdf is None:
            lay_out(each)
    # The applicant's own PDFs are marked in the bundle, whose name a failure gives.
    extra_pdfs = [with_mark(content, first_bundle) for _entry, content in extra if content]

    def finished(each: _Appeal) -> dict[str, bytes]:
        """The files of a letter: its PDF, marked, its bundle and its Word document."""
        suffix = each.letter.suffix
        say(_("appeal{addressee}").format(addressee=suffix))
        files: dict[str, bytes] = {}
        if each.pdf is not None:
            name = f"{APPEAL}{suffix}.pdf"
            laid = renderer.noted(jobs.result(each.pdf))
            letter_pdf = files[name] = with_mark(laid.data, name, laid)
            bundled = [letter_pdf, *enclosed[each.own], *extra_pdfs]
            joined = files[f"{BUNDLE}{suffix}.pdf"] = bundle(bundled)
            if renderer.mark is not None:
                result.stamped.add(f"{BUNDLE}{suffix}.pdf")
                if parallel:  # read back beside the other letters' layouts
                    read_back[f"{BUNDLE}{suffix}.pdf"] = jobs.submit(
                        pdf_pages_without_mark, joined, renderer.mark
                    )
        if docx:
            if each.docx is None:
                write_docx(each)
                result.read_back.discard(f"{APPEAL}{suffix}.docx")
            assert each.docx is not None
            files[f"{APPEAL}{suffix}.docx"] = each.docx
        return files

    # The letters laid out first are bundled first; their files are listed in the plan's order.
    done: dict[int, dict[str, bytes]] = {}
    read_back: dict[str, Job] = {}
    while len(done) < len(appeals):
        waiting = [i for i in range(len(appeals)) if i not in done]
        ready = [i for i in waiting if _laid_out_already(appeals[i])]
        index = (ready or waiting)[0]
        done[index] = finished(appeals[index])
    for name, check in read_back.items():
        if not jobs.result(check):  # else read again with the others, which says what lacks it
            result.read_back.add(name)
    for index, each in enumerate(appeals):
        result.html[APPEAL + each.letter.suffix] = each.html
        result.files |= done[index]
