"""Render one case's documents in memory: the attachment first, so that the appeal's register
gives its real page count; then the appeal (once, or once per addressee) and the filing bundle."""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..analysis import Analysis, analyse
from ..case import CaseData
from ..errors import AppealError
from ..render.context import (
    Part,
    RegisterEntry,
    appeal_context,
    attachment_context,
    common_context,
)
from ..render.docx import render_docx
from ..render.env import make_environment, render_template, template_module
from ..render.pdf import (
    RenderedPdf,
    available_cores,
    join_with_numbers,
    page_count,
    render_parts,
    render_pdf,
)
from ..render.xlsx import render_xlsx

APPEAL = "appeal"
ATTACHMENT = "attachment-1-protocols"
BUNDLE = "appeal-bundle"
LOCALES = {"ru": "ru-RU", "kk": "kk-KZ"}
# Rows of the protocol table laid out as one document; longer tables are rendered in parts.
PART_ROWS = 400


def document_moment(data: CaseData) -> datetime.datetime:
    """The timestamp stamped into every file: SOURCE_DATE_EPOCH if set, else the appeal's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    day = data.case.appeal.date
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


class Renderer:
    """Renders the documents of one case with one template environment."""

    def __init__(self, data: CaseData, templates: Path | None) -> None:
        self.data = data
        self.analysis = analyse(data)
        self.moment = document_moment(data)
        self.env = make_environment(templates, data.case.language)
        # Wording shared by the documents and the spreadsheet (templates/texts.j2).
        self.texts: Any = template_module(self.env, "texts.j2")
        self.signed = self.env.filters["signed"]

    def html(self, name: str, context: dict[str, object]) -> str:
        return render_template(self.env, name, context)

    @property
    def epoch(self) -> int:
        return int(self.moment.timestamp())

    def pdf(self, html: str) -> RenderedPdf:
        return render_pdf(html, self.epoch)

    def docx(self, html: str, title: str, landscape: bool = False) -> bytes:
        return render_docx(
            html,
            title=title,
            author=self.data.applicant.full_name,
            language=LOCALES[self.data.case.language],
            moment=self.moment,
            landscape=landscape,
        )

    def attachment(self) -> tuple[str, dict[str, bytes], int]:
        """The protocol attachment's HTML, its files, and its number of pages."""
        context = attachment_context(self.data, self.analysis, self.moment)
        html = self.html("attachment-protocols.html.j2", context)
        rows = self.analysis.stations.rows
        pdf = self.pdf(html) if len(rows) <= PART_ROWS else self.attachment_in_parts()
        files = {
            "pdf": pdf.data,
            "docx": self.docx(html, self.texts.attachment_title, landscape=True),
            "xlsx": self.xlsx(),
        }
        return html, files, pdf.pages

    def attachment_in_parts(self) -> RenderedPdf:
        """A long table laid out in parts, in parallel, then joined and numbered through.

        WeasyPrint's time and memory grow with the size of one document (10 000 rows in one
        piece: about 100 s and 2.5 GB); parts of a few hundred rows stay small and use every
        core. Each part starts on a new page.
        """
        table = self.analysis.stations
        rows = table.rows
        starts = range(0, len(rows), PART_ROWS)
        htmls = []
        for start in starts:
            part = Part(first=start == 0, last=start + PART_ROWS >= len(rows))
            chunk = replace(table, rows=rows[start : start + PART_ROWS])
            context = attachment_context(self.data, self.analysis, self.moment, chunk, part)
            htmls.append(self.html("attachment-protocols.html.j2", context))
        parts = render_parts(htmls, self.epoch, available_cores())
        pages = sum(p.pages for p in parts)
        numbers = self.html(
            "page-numbers.html.j2",
            {
                **common_context(self.data, self.moment),
                "illustrative": False,
                "pages": pages,
                "body_class": "attachment",
            },
        )
        joined = join_with_numbers([p.data for p in parts], self.pdf(numbers).data)
        return RenderedPdf(joined, pages)

    def xlsx(self) -> bytes:
        case = self.data.case
        first, second = case.comparison.first, case.comparison.second
        labels = {first: case.label(first), second: case.label(second)}
        broken: dict[str, list[str]] = {}
        for v in self.analysis.protocol_checks:
            text = f"{labels[v.contest]}: {self.texts.rule_text[v.rule]} ({self.signed(v.gap)})"
            broken.setdefault(v.station, []).append(text)
        return render_xlsx(
            self.analysis.stations,
            [(p.id, p.short_name) for p in case.parties],
            labels[first],
            labels[second],
            {station: "; ".join(items) for station, items in broken.items()},
            self.moment,
        )

    def appeal(
        self, register: list[RegisterEntry], addressee: str | None = None
    ) -> tuple[str, dict[str, bytes]]:
        """The appeal's HTML and files, addressed to `addressee` (by default the case's "to")."""
        context = appeal_context(self.data, self.analysis, register, self.moment, addressee)
        html = self.html("appeal.html.j2", context)
        title = f"Заявление от {self.data.case.appeal.date.isoformat()}"
        return html, {"pdf": self.pdf(html).data, "docx": self.docx(html, title)}


def user_attachments(data: CaseData) -> list[tuple[RegisterEntry, bytes | None]]:
    """The applicant's own attachments, with sheets counted from PDF files, and those files."""
    entries = []
    for attachment in data.case.attachments:
        sheets, content = attachment.sheets, None
        if attachment.file is not None and attachment.file.lower().endswith(".pdf"):
            path = data.folder / attachment.file
            content = path.read_bytes()
            try:
                counted = page_count(content)
            except Exception as exc:  # pypdf raises many kinds of errors for a broken file
                raise AppealError(f"{path}: cannot count the pages of this PDF ({exc})") from None
            sheets = sheets or counted
        entries.append((RegisterEntry(attachment.title, sheets), content))
    return entries


def bundle(parts: list[bytes]) -> bytes:
    """One PDF of the appeal and its attachments, in the register's order, for e-filing."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Producer": "election-appeal"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RenderedCase:
    """Every document of a case: the HTML each was made from, and the files by name."""

    html: dict[str, str]
    files: dict[str, bytes]
    analysis: Analysis


def render_case(
    data: CaseData,
    templates: Path | None,
    *,
    per_addressee: bool = False,
    xlsx_listed: bool = True,
    progress: Any = None,
) -> RenderedCase:
    """All documents of a case; `progress(text)` is told what is being rendered."""
    say = progress or (lambda text: None)
    extra = user_attachments(data)  # first: a broken PDF stops the build before any rendering
    say("attachment 1")
    renderer = Renderer(data, templates)
    attachment_html, attachment_files, pages = renderer.attachment()
    stations = len(data.protocols.stations())
    note = "; то же в электронном виде (XLSX)" if xlsx_listed else ""
    register = [
        RegisterEntry(str(renderer.texts.attachment_entry(stations)), pages, note),
        *(entry for entry, _ in extra),
    ]
    html = {ATTACHMENT: attachment_html}
    files = {f"{ATTACHMENT}.{ext}": content for ext, content in attachment_files.items()}
    enclosed = [attachment_files["pdf"], *(content for _, content in extra if content)]
    addressees = [a.id for a in data.case.addressees] if per_addressee else [None]
    for addressee in addressees:
        suffix = f"--{addressee}" if addressee else ""
        say(f"appeal{suffix}")
        appeal_html, appeal_files = renderer.appeal(register, addressee)
        html[APPEAL + suffix] = appeal_html
        files |= {f"{APPEAL}{suffix}.{ext}": content for ext, content in appeal_files.items()}
        files[f"{BUNDLE}{suffix}.pdf"] = bundle([appeal_files["pdf"], *enclosed])
    return RenderedCase(html, files, renderer.analysis)
