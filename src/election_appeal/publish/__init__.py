"""Publish cases into output folders: skip what is unchanged, render what is not, replace the
outputs at once, and say what changed."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import AppealError, Problem
from ..i18n import gettext as _
from .changes import compare, flatten, markdown, protocol_cells
from .files import Staging, staged_folder
from .manifest import (
    CHANGES,
    MANIFEST,
    Made,
    Settings,
    fingerprint,
    input_hashes,
    is_current,
    read_manifest,
    sha256,
    write_manifest,
)
from .ownership import inputs_digest, kept_outputs

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..analysis.deadlines import TimeLimits
    from ..case import CaseData
    from ..render.layout_jobs import LayoutProcesses

__all__ = ["CaseOutcome", "Settings", "build_case"]


@dataclass
class CaseOutcome:
    """What happened to one case: built, unchanged, or failed with its problems or a message."""

    case: Path
    status: str  # "built", "unchanged" or "failed"
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: str | None = None
    message: str | None = None
    problems: list[Problem] = field(default_factory=list)
    # The letters written: file stem (appeal, appeal--<id>), addressee, those sent a copy.
    letters: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    # A built case's time limits on the appeal's date, as its analysis found them: the command
    # says them without loading the case again.
    time_limits: TimeLimits | None = None


def worth_repeating(data: CaseData) -> list[Problem]:
    """The case's warnings a build repeats: the copies that break a control ratio (evidence a
    typing slip would spoil), the case's own warnings; the unverified citations are said of
    each document as it is written (render_case), not as `check` foresees them."""
    from ..analysis.protocols import check_protocols, violation_warnings
    from ..case.ballot_lines import without_against_all
    from ..case.validate import contest_names, repeated_by_build

    protocols = data.protocols
    names = contest_names(data.case)
    without = without_against_all(data.case, data.reference.law)
    broken = violation_warnings(
        check_protocols(protocols.protocols, without), protocols.file, names
    )
    return [*broken, *repeated_by_build(data.warnings)]


def text_warnings(data: CaseData, languages: Sequence[str]) -> list[Problem]:
    """The texts of the case without a text in a language asked for beyond the case's own."""
    from ..case.language_checks import language_warnings

    case = data.case
    return language_warnings(data.folder, case, data.reference, data.protocols.words(), languages)


def rendered_once(said: list[str], rendered: list[str]) -> list[str]:
    """What the renders of every language warned of, each thing once, after what the build has
    said (the case's own warnings, "file, line N, field: message"): a warning repeating one
    said, or its message, is left out, and the documents of all languages that state the same
    unverified law are named in one warning."""
    from ..case.unverified import said_once

    new: list[str] = []
    for warning in rendered:
        repeated = any(s == warning or s.endswith(f": {warning}") for s in said)
        if not repeated and warning not in new:
            new.append(warning)
    return said_once(new)


# A pass of the cycle collector after this many new objects (the interpreter's default: 700);
# the older generations after 10 passes of the younger one, as by default.
COLLECTOR_THRESHOLD = 10_000


@contextmanager
def collector_for_a_build() -> Iterator[None]:
    """The cycle collector set for a build. A build makes millions of short-lived objects
    (layout boxes, cells, the libraries it loads); at the default threshold the collector
    passes some 700 times over the example, five of them over every object loaded so far:
    0.45 s of CPU. What is loaded before the build is set aside (it is never garbage, and a
    forked layout worker then shares its memory instead of copying what the collector
    touches), and a pass comes every COLLECTOR_THRESHOLD new objects: 0.16 s, no full pass,
    for 176 MB at the peak instead of 159."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECTOR_THRESHOLD, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def output_folder(case_dir: Path, out_dir: Path) -> Path:
    """Where a case's outputs go: OUT/<case folder name>."""
    return out_dir / case_dir.resolve().name


def build_case(
    case_dir: Path,
    out_dir: Path,
    settings: Settings,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
) -> CaseOutcome:
    """Build one case into out_dir/<case folder name>/, unless nothing it depends on changed."""
    with collector_for_a_build():
        return _build_case(case_dir, out_dir, settings, force, progress, workers)


def _build_case(
    case_dir: Path,
    out_dir: Path,
    settings: Settings,
    force: bool,
    progress: Callable[[str], None] | None,
    workers: int,
) -> CaseOutcome:
    target = output_folder(case_dir, out_dir)
    if target.resolve() == case_dir.resolve():
        raise AppealError(
            _("{folder}: the outputs would go into the case folder itself; choose --out").format(
                folder=out_dir
            )
        )
    inputs = input_hashes(case_dir, settings)
    digest = fingerprint(inputs, settings)
    if not force and is_current(target, digest):
        return CaseOutcome(case_dir, "unchanged")
    with _layouts_for(settings, workers) as layouts:
        return _render_and_write(
            case_dir, settings, progress, workers, target, inputs, digest, layouts
        )


@contextmanager
def _layouts_for(settings: Settings, workers: int) -> Iterator[LayoutProcesses | None]:
    """Processes that lay out the documents, started now, when the build lays any out on more
    than one process and this process has not loaded the layout libraries (the web page's
    server has): they load them while this one reads and analyses the case."""
    import sys

    from ..render.formats import check_formats

    wanted = check_formats(settings.formats)
    if workers <= 1 or not {"pdf", "docx"} & set(wanted) or "weasyprint" in sys.modules:
        yield None
        return
    from ..render.layout_jobs import layout_processes
    from ..render.preload import load_every_language, load_what_layouts_share

    load_what_layouts_share()
    with layout_processes(workers, load_every_language) as layouts:
        yield layouts


def _render_and_write(
    case_dir: Path,
    settings: Settings,
    progress: Callable[[str], None] | None,
    workers: int,
    target: Path,
    inputs: dict[str, str],
    digest: str,
    layouts: LayoutProcesses | None,
) -> CaseOutcome:
    # Imported here: a build with nothing to do never loads the rendering libraries.
    from ..analysis import analyse
    from ..case import load_case

    data = load_case(case_dir)
    analysis = analyse(data)  # once: the figures are the same in every language
    # The case and its analysis live as long as the build: set aside from the collector too,
    # so that the passes that free a long document's reader (render/watermark.py) are short.
    gc.freeze()
    languages = list(
        dict.fromkeys(settings.languages or data.case.languages or [data.case.language])
    )
    addressed: list[str | None] = (
        [a.id for a in data.case.addressees] if settings.per_addressee else [None]
    )
    with staged_folder(target) as staging:
        written = _render_into(
            staging, data, analysis, settings, languages, addressed, progress, workers, layouts
        )
        return _finish(
            staging,
            case_dir,
            data,
            analysis,
            settings,
            languages,
            addressed,
            inputs,
            digest,
            written,
        )


@dataclass
class _Written:
    """The documents written into the staging folder: the SHA-256 of each by name (in the
    order written), and what their renders warned of."""

    hashes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _render_into(
    staging: Staging,
    data: CaseData,
    analysis: Analysis,
    settings: Settings,
    languages: list[str],
    addressed: list[str | None],
    progress: Callable[[str], None] | None,
    workers: int,
    layouts: LayoutProcesses | None,
) -> _Written:
    """Render the documents of every language into `staging`, each language's written as soon
    as they are rendered: none are held while the next language is rendered, nor while the
    changes and the manifest are made (a national case's run to tens of MB)."""
    from ..render import render_case

    written = _Written()
    for language in languages:
        case = data.case.model_copy(update={"language": language})
        rendered = render_case(
            dataclasses.replace(data, case=case),
            analysis=analysis,
            formats=settings.formats,
            templates=settings.templates,
            addressees=addressed,
            workers=workers,
            progress=progress,
            layouts=layouts,
        )
        for name, content in rendered.files.items():
            staging.write(name, content)
            written.hashes[name] = sha256(content)
        written.warnings += rendered.warnings
        del rendered  # else held until the next language's render returns
    return written


def _finish(
    staging: Staging,
    case_dir: Path,
    data: CaseData,
    analysis: Analysis,
    settings: Settings,
    languages: list[str],
    addressed: list[str | None],
    inputs: dict[str, str],
    digest: str,
    written: _Written,
) -> CaseOutcome:
    """Write what changed since the last build and the manifest beside the documents, and make
    them the output folder."""
    from ..export import analysis_json
    from ..render.pdf import font_warning

    target = staging.target
    warnings = [str(w) for w in worth_repeating(data)]
    warnings += [str(w) for w in text_warnings(data, languages)]
    warnings += rendered_once(warnings, written.warnings)
    hashes = written.hashes
    figures = flatten(analysis_json(analysis, data.case.language))
    stations = data.protocols.stations()
    cells = protocol_cells(data)
    previous = read_manifest(target)
    kept = kept_outputs(
        previous, hashes, settings.formats, languages, settings.per_addressee, target
    )
    source = inputs_digest(inputs)
    if stale := kept.out_of_date(source):
        warnings.append(
            _(
                "kept from an earlier build, made before the case last changed: {files}; "
                "build with the formats and languages they are in to bring them up to date"
            ).format(files=", ".join(stale))
        )
    outcome = CaseOutcome(case_dir, "built", warnings=warnings, time_limits=analysis.time_limits)
    if any(name.endswith((".pdf", ".docx")) for name in hashes):
        from ..render.context import letters

        outcome.letters = [
            (f"appeal{letter.suffix}", letter.addressee, letter.copies)
            for letter in letters(data, addressed)
        ]
    if previous is not None:
        changes = compare(previous, figures, stations, cells, hashes | kept.outputs)
        name = case_dir.resolve().name
        outcome.changes = markdown(changes, data, name, figures, settings.templates)
        staging.write(CHANGES, outcome.changes.encode())
        hashes[CHANGES] = sha256(outcome.changes.encode())
    made = Made({n: source for n in hashes} | kept.made_from, kept.outputs)

    def manifest(handle: BinaryIO) -> None:
        write_manifest(handle, inputs, settings, digest, hashes, figures, stations, cells, made)

    staging.write(MANIFEST, manifest)
    # Every earlier output is the tool's; those kept are carried over like a user's own files.
    ours = {MANIFEST, CHANGES, *(previous or {}).get("outputs", {})} - set(kept.outputs)
    staging.replace(ours)
    outcome.outputs = [target / name for name in [*hashes, MANIFEST]]
    if warning := font_warning():
        outcome.warnings.append(warning)
    return outcome
