"""The one place the web page calls the library: check, preview, build, new case, authorities.

Everything here returns plain results for the templates; the library's exceptions are turned
into problems or messages, so a page never shows a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AppealError, CaseError, Problem

PREVIEWS = ("appeal", "attachment")


@dataclass(frozen=True)
class Checked:
    """The result of `appeal check` on a case: its problems (errors and warnings) and, when it
    has no errors, whether its data is illustrative."""

    problems: list[Problem]
    ready: bool
    illustrative: bool = False
    territory: str = ""
    stations: int = 0


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
    from ..case import load_case

    try:
        data = load_case(case_dir)
    except CaseError as exc:
        return Checked(exc.problems, ready=False)
    except AppealError as exc:
        return Checked([Problem(case_dir.name, "", "", str(exc))], ready=False)
    stations = len(data.protocols.stations())
    return Checked(
        data.warnings, True, data.case.illustrative, data.case.election.territory, stations
    )


def preview(case_dir: Path) -> dict[str, str]:
    """The HTML the appeal's and the attachment's PDFs are made from, by document.

    The register of attachments is left without sheet counts: they are known only once the
    attachment is laid out as PDF, which the build does.
    """
    from ..build.render import Renderer
    from ..case import load_case
    from ..render.context import RegisterEntry, appeal_context, attachment_context

    data = load_case(case_dir)
    renderer = Renderer(data, None)
    attachment = renderer.html(
        "attachment-protocols.html.j2",
        attachment_context(data, renderer.analysis, renderer.moment),
    )
    stations = len(data.protocols.stations())
    register = [RegisterEntry(str(renderer.texts.attachment_entry(stations)), None)]
    context = appeal_context(data, renderer.analysis, register, renderer.moment, None)
    return {"appeal": renderer.html("appeal.html.j2", context), "attachment": attachment}


def build(case_dir: Path, out_dir: Path, progress: Callable[[str], None]) -> Built:
    """Build the PDF, DOCX and XLSX of one case into out_dir/<case folder name>/."""
    from ..build import FORMATS, Settings, build_case

    try:
        outcome = build_case(case_dir, out_dir, Settings(FORMATS, False, None), False, progress)
    except CaseError as exc:
        return Built("failed", problems=exc.problems)
    except AppealError as exc:
        return Built("failed", message=str(exc))
    return Built(
        outcome.status,
        [p.name for p in outcome.outputs],
        outcome.changes,
        warnings=outcome.warnings,
    )


def authorities() -> dict[str, str]:
    """The authorities an appeal can be addressed to: id → Russian name."""
    from ..case.reference import load_reference
    from ..resources import reference_dir

    reference = load_reference(reference_dir())
    return {key: a.name.get("ru", key) for key, a in reference.authorities.items()}


def new_case(folder: Path, answers: dict[str, object]) -> None:
    """Create a case folder as `appeal new --interactive` does, from the answers of the form."""
    from ..scaffold import Answers
    from ..scaffold import new_case as scaffold

    scaffold(folder, Answers(**answers))  # type: ignore[arg-type]
