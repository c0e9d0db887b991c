"""The page's calls of the library that turn its exceptions into results: check, build.

Everything here returns plain results for the templates; the library's exceptions are turned
into problems or messages, so a page never shows a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import AppealError, CaseError, Problem

PREVIEWS = ("appeal", "attachment", "statistics")


@dataclass(frozen=True)
class Checked:
    """The result of `appeal check` on a case: its problems (errors and warnings) and, when it
    has no errors, whether its data is illustrative."""

    problems: list[Problem]
    ready: bool
    illustrative: bool = False
    territory: str = ""
    # Each problem by the text the library gives it (`str`, as a build's warnings write it):
    # the page words some of them its own way (web/problems.py in_page_words).
    by_text: dict[str, Problem] = field(default_factory=dict)


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
    try:
        result = api.check(case_dir)
    except CaseError as exc:
        problems, by_text = _in_page_words(case_dir, exc.problems)
        return Checked(problems, ready=False, by_text=by_text)
    except AppealError as exc:
        return Checked([Problem(case_dir.name, "", "", str(exc))], ready=False)
    case = result.data.case
    warnings, by_text = _in_page_words(case_dir, result.warnings)
    return Checked(warnings, True, case.illustrative, case.election.territory, by_text)


def _in_page_words(
    case_dir: Path, problems: list[Problem]
) -> tuple[list[Problem], dict[str, Problem]]:
    """The problems as the page words them (web/problems.py in_page_words), and each by the
    library's text of it."""
    from .problems import in_page_words
    from .yamlfile import UnreadableYaml, read

    try:
        worded = in_page_words(problems, read(case_dir, "case.yaml"))
    except UnreadableYaml:
        worded = problems
    return worded, {str(p): shown for p, shown in zip(problems, worded, strict=True)}


def build(
    case_dir: Path, out_dir: Path, templates: Path | None, progress: Callable[[str], None]
) -> Built:
    """Build the PDF, DOCX and XLSX of one case into out_dir/<case folder name>/."""
    prefix = f"{case_dir.resolve().name}: "

    def say(text: str, done: int, total: int) -> None:
        progress(text.removeprefix(prefix))

    try:
        # wait: a build of another case into the same output folder finishes first.
        report = api.build([case_dir], out_dir, templates=templates, wait=True, progress=say)
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
