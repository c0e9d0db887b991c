"""Build cases: skip what is unchanged, render what is not, replace the outputs at once, and say
what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AppealError
from .changes import compare, flatten
from .files import replace_folder
from .manifest import (
    CHANGES,
    MANIFEST,
    Settings,
    fingerprint,
    input_hashes,
    is_current,
    make_manifest,
    read_manifest,
    sha256,
)

__all__ = ["FORMATS", "CaseOutcome", "Settings", "build_case"]

FORMATS = ("pdf", "docx", "xlsx")


@dataclass
class CaseOutcome:
    """What happened to one case: built, unchanged, or failed with a message."""

    case: Path
    status: str  # "built", "unchanged" or "failed"
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: str | None = None
    message: str | None = None


def check_formats(formats: tuple[str, ...]) -> None:
    """Refuse a format the tool does not write."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise AppealError(f"unknown format(s): {', '.join(unknown)}; use pdf, docx, xlsx")


def _kept(name: str, formats: tuple[str, ...]) -> bool:
    """Whether an output is wanted; the filing bundle is a PDF."""
    return name.rsplit(".", 1)[1] in formats


def build_case(
    case_dir: Path,
    out_dir: Path,
    settings: Settings,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> CaseOutcome:
    """Build one case into out_dir/<case folder name>/, unless nothing it depends on changed."""
    check_formats(settings.formats)
    target = out_dir / case_dir.resolve().name
    if target.resolve() == case_dir.resolve():
        raise AppealError(
            f"{out_dir}: the outputs would go into the case folder itself; choose --out"
        )
    inputs = input_hashes(case_dir, settings)
    digest = fingerprint(inputs, settings)
    if not force and is_current(target, digest):
        return CaseOutcome(case_dir, "unchanged")
    # Imported here: a build with nothing to do never loads the rendering libraries.
    from ..case import load_case
    from ..export import analysis_json
    from ..render.pdf import font_warning
    from .render import render_case

    data = load_case(case_dir)
    rendered = render_case(
        data,
        settings.templates,
        per_addressee=settings.per_addressee,
        xlsx_listed="xlsx" in settings.formats,
        progress=progress,
    )
    files = {n: c for n, c in rendered.files.items() if _kept(n, settings.formats)}
    figures = flatten(analysis_json(rendered.analysis, data.case.language))
    stations = data.protocols.stations()
    previous = read_manifest(target)
    outcome = CaseOutcome(case_dir, "built", warnings=[str(w) for w in data.warnings])
    if previous is not None:
        changes = compare(previous, figures, stations, {n: sha256(c) for n, c in files.items()})
        outcome.changes = changes.markdown(case_dir.resolve().name)
        files[CHANGES] = outcome.changes.encode()
    files[MANIFEST] = make_manifest(inputs, settings, digest, files, figures, stations)
    ours = {MANIFEST, CHANGES, *(previous or {}).get("outputs", {})}
    replace_folder(target, files, ours)
    outcome.outputs = [target / name for name in files]
    if warning := font_warning():
        outcome.warnings.append(warning)
    return outcome
