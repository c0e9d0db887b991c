"""One case folder → the appeal and its attachment as PDF, DOCX and XLSX.

Everything is rendered in memory first and written only when all of it succeeded; each file is
written to a temporary name and renamed, so a failed or interrupted build leaves the previous
outputs as they were.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import analyse
from .case import CaseData, load_case
from .errors import AppealError
from .render.context import RegisterEntry, appeal_context, attachment_context
from .render.docx import render_docx
from .render.env import make_environment, render_template
from .render.pdf import RenderedPdf, font_warning, page_count, render_pdf
from .render.xlsx import render_xlsx

FORMATS = ("pdf", "docx", "xlsx")
APPEAL = "appeal"
ATTACHMENT = "attachment-1-protocols"
LOCALES = {"ru": "ru-RU", "kk": "kk-KZ"}


@dataclass
class BuildResult:
    """What a build wrote, and what the user should know about it."""

    case: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def document_moment(data: CaseData) -> datetime.datetime:
    """The timestamp stamped into every file: SOURCE_DATE_EPOCH if set, else the appeal's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    day = data.case.appeal.date
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def _file_mode() -> int:
    """Permissions a newly created file gets under the user's umask (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Renderer:
    """Renders the documents of one case with one template environment."""

    def __init__(self, data: CaseData, templates: Path | None) -> None:
        self.data = data
        self.analysis = analyse(data)
        self.moment = document_moment(data)
        self.env = make_environment(templates, data.case.language)
        # Wording shared by the documents and the spreadsheet (templates/texts.j2).
        self.texts: Any = self.env.get_template("texts.j2").module
        self.signed = self.env.filters["signed"]

    def html(self, name: str, context: dict[str, object]) -> str:
        return render_template(self.env, name, context)

    def pdf(self, html: str) -> RenderedPdf:
        return render_pdf(html, int(self.moment.timestamp()))

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
        pdf = self.pdf(html)
        files = {
            "pdf": pdf.data,
            "docx": self.docx(html, self.texts.attachment_title, landscape=True),
            "xlsx": self.xlsx(),
        }
        return html, files, pdf.pages

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

    def appeal(self, register: list[RegisterEntry]) -> tuple[str, dict[str, bytes]]:
        """The appeal's HTML and files."""
        context = appeal_context(self.data, self.analysis, register, self.moment)
        html = self.html("appeal.html.j2", context)
        title = f"Заявление от {self.data.case.appeal.date.isoformat()}"
        return html, {"pdf": self.pdf(html).data, "docx": self.docx(html, title)}


def user_attachments(data: CaseData) -> list[RegisterEntry]:
    """The applicant's own attachments, with sheets counted from PDF files."""
    entries = []
    for attachment in data.case.attachments:
        sheets = attachment.sheets
        if sheets is None and attachment.file is not None:
            path = data.folder / attachment.file
            try:
                sheets = page_count(path.read_bytes())
            except Exception as exc:  # pypdf raises many kinds of errors for a broken file
                raise AppealError(f"{path}: cannot count the pages of this PDF ({exc})") from None
        entries.append(RegisterEntry(attachment.title, sheets))
    return entries


@dataclass(frozen=True)
class RenderedCase:
    """Every document of a case: the HTML each was made from, and the files by name."""

    html: dict[str, str]
    files: dict[str, bytes]


def render_case(data: CaseData, templates: Path | None, xlsx_listed: bool = True) -> RenderedCase:
    """Render the attachment first, so that the appeal's register can give its page count."""
    renderer = Renderer(data, templates)
    attachment_html, attachment_files, pages = renderer.attachment()
    stations = len(data.protocols.stations())
    register = [
        RegisterEntry(
            str(renderer.texts.attachment_entry(stations)),
            pages,
            "; то же в электронном виде (XLSX)" if xlsx_listed else "",
        ),
        *user_attachments(data),
    ]
    appeal_html, appeal_files = renderer.appeal(register)
    files = {f"{APPEAL}.{ext}": content for ext, content in appeal_files.items()}
    files |= {f"{ATTACHMENT}.{ext}": content for ext, content in attachment_files.items()}
    return RenderedCase({APPEAL: appeal_html, ATTACHMENT: attachment_html}, files)


def build_case(
    case_dir: Path, out_dir: Path, templates: Path | None = None, formats: Iterable[str] = FORMATS
) -> BuildResult:
    """Build one case into out_dir/<case folder name>/."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise AppealError(f"unknown format(s): {', '.join(sorted(unknown))}; use pdf, docx, xlsx")
    target = out_dir / case_dir.resolve().name
    if target.resolve() == case_dir.resolve():
        raise AppealError(
            f"{out_dir}: the outputs would go into the case folder itself; choose --out"
        )
    data = load_case(case_dir)
    rendered = render_case(data, templates, xlsx_listed="xlsx" in wanted)
    result = BuildResult(case_dir, warnings=[str(w) for w in data.warnings])
    if warning := font_warning():
        result.warnings.append(warning)
    for name, content in rendered.files.items():
        if name.rsplit(".", 1)[1] in wanted:
            path = target / name
            write_atomically(path, content)
            result.outputs.append(path)
    return result
