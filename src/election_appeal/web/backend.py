"""The one place the web page calls the library: check, preview, build, new case, authorities.

Everything here returns plain results for the templates; the library's exceptions are turned
into problems or messages, so a page never shows a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache

from ..errors import AppealError, CaseError, Problem

if TYPE_CHECKING:
    from ..render.context import RegisterEntry

PREVIEWS = ("appeal", "attachment", "statistics")


@dataclass(frozen=True)
class Checked:
    """The result of `appeal check` on a case: its problems (errors and warnings) and, when it
    has no errors, whether its data is illustrative."""

    problems: list[Problem]
    ready: bool
    illustrative: bool = False
    territory: str = ""


@dataclass
class Built:
    """What a build did: status built, unchanged or failed; the files; changes.md; a message."""

    status: str
    files: list[str] = field(default_factory=list)
    changes: str | None = None
    problems: list[Problem] = field(default_factory=list)
    message: str | None = None
    warnings: list[str] = field(default_factory=list)


def check(case_dir: Path) -> Checked:
    """Every problem of a case, as `appeal check` finds them."""
    from .. import api

    try:
        result = api.check(case_dir)
    except CaseError as exc:
        return Checked(exc.problems, ready=False)
    except AppealError as exc:
        return Checked([Problem(case_dir.name, "", "", str(exc))], ready=False)
    case = result.data.case
    return Checked(result.warnings, True, case.illustrative, case.election.territory)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the life of the page (keyed by name and source checksum, so an
    edited template is compiled again): compiling the appeal's templates costs more than
    rendering them."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Preview:
    """The HTML the appeal's and the attachment's PDFs are made from, each rendered when first
    asked for, from one analysis of the case.

    The register of attachments is left without sheet counts: they are known only once the
    attachment is laid out as PDF, which the build does.
    """

    def __init__(self, case_dir: Path) -> None:
        from .. import api
        from ..render.documents import Renderer

        result = api.analyse(case_dir)
        self.renderer = Renderer(result.data, result.analysis, None)
        self.renderer.env.bytecode_cache = _COMPILED
        self.html: dict[str, str] = {}

    def document(self, name: str) -> str:
        """One document's HTML: "appeal" or "attachment"."""
        if name not in self.html:
            self.html[name] = self._render(name)
        return self.html[name]

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents of this case: the appeal, attachment 1, and attachment 2 when the
        sample gives statistics."""
        statistics = self.renderer.analysis.facts.sample.statistics
        return ("appeal", "attachment", "statistics") if statistics else ("appeal", "attachment")

    def _render(self, name: str) -> str:
        if name == "attachment":
            return self.renderer.attachment_html()
        if name == "statistics":
            return self.renderer.statistics_html(number=2)
        return self.renderer.appeal_html(self._register(), None)

    def _register(self) -> list[RegisterEntry]:
        """The register of attachments as the build writes it, sheets left out."""
        from ..render.documents import user_attachments

        own = self.renderer.own_entries(xlsx=True)
        return [*own, *(entry for entry, _content in user_attachments(self.renderer.data))]


def build(case_dir: Path, out_dir: Path, progress: Callable[[str], None]) -> Built:
    """Build the PDF, DOCX and XLSX of one case into out_dir/<case folder name>/."""
    from .. import api

    prefix = f"{case_dir.resolve().name}: "

    def say(text: str, done: int, total: int) -> None:
        progress(text.removeprefix(prefix))

    try:
        # wait: a build of another case into the same output folder finishes first.
        report = api.build([case_dir], out_dir, wait=True, progress=say)
    except AppealError as exc:
        return Built("failed", message=str(exc))
    outcome = report.outcomes[0]
    return Built(
        outcome.status,
        [p.name for p in outcome.outputs],
        outcome.changes,
        outcome.problems,
        outcome.message,
        outcome.warnings,
    )


def authorities() -> dict[str, str]:
    """The authorities an appeal can be addressed to: id → Russian name."""
    from ..case.reference import load_reference
    from ..case.texts import in_language
    from ..resources import reference_dir

    reference = load_reference(reference_dir())
    return {key: in_language(a.name, "ru") for key, a in reference.authorities.items()}


def new_case(folder: Path, answers: dict[str, object]) -> None:
    """Create a case folder as `appeal new --interactive` does, from the answers of the form."""
    from ..scaffold import Answers
    from ..scaffold import new_case as scaffold

    scaffold(folder, Answers(**answers))  # type: ignore[arg-type]
