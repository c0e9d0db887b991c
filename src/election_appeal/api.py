"""The library's face: check, analyse, render and build a case from Python.

Every function returns typed results and raises AppealError (CaseError with every problem of a
case folder, UsageError for a bad argument) instead of printing. The command line and the local
web page are thin layers over these functions.

    from election_appeal import api
    files = api.render("data/almaty-2021", formats=("pdf",))   # {"appeal.pdf": b"%PDF…", …}
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AppealError, CaseError, Problem, UsageError
from .i18n import gettext as _

if TYPE_CHECKING:
    from .analysis import Analysis
    from .analysis.seats import Allocation, Method
    from .case import CaseData
    from .publish.bulk import BuildReport

FORMATS = ("pdf", "docx", "xlsx")
LANGUAGES = ("ru", "kk")


@dataclass(frozen=True)
class CheckResult:
    """A case that passed every check, and the warnings worth reading."""

    data: CaseData
    warnings: list[Problem]


@dataclass(frozen=True)
class AnalysisResult:
    """A checked case and every table computed from it."""

    data: CaseData
    analysis: Analysis

    def as_json(self) -> dict[str, Any]:
        """The tables as plain JSON-ready data with stable keys."""
        from .export import analysis_json

        return analysis_json(self.analysis, self.data.case.language)


class Documents(dict[str, bytes]):
    """Rendered documents, {file name: bytes}, with the warnings met while rendering them."""

    def __init__(self, files: dict[str, bytes], warnings: list[str]) -> None:
        super().__init__(files)
        self.warnings = warnings


def available_cores() -> int:
    """The cores this process may use: the default number of processes for a build."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check(case_dir: str | Path) -> CheckResult:
    """Read and check a case folder; CaseError lists every problem at once, the protocols'
    broken control ratios too."""
    from .case import load_case
    from .case.validate import readable_protocols

    try:
        data = load_case(Path(case_dir))
    except CaseError as exc:
        raise BrokenCase(exc.problems, ratio_warnings(readable_protocols(Path(case_dir)))) from None
    return CheckResult(data, [*data.warnings, *ratio_warnings(data.protocols)])


class BrokenCase(CaseError):
    """A case with errors; `broken_ratios` lists its copies that break a control ratio, worth
    checking while the errors are fixed (they are evidence, and a typing slip spoils them)."""

    def __init__(self, problems: list[Problem], broken_ratios: list[Problem]) -> None:
        super().__init__(problems)
        self.broken_ratios = broken_ratios


def ratio_warnings(protocols: Any) -> list[Problem]:
    """A warning for each copy in the protocol table that breaks a control ratio."""
    from .analysis.protocols import check_protocols, violation_warnings

    return violation_warnings(check_protocols(protocols.protocols), protocols.file)


@dataclass(frozen=True)
class Citations:
    """The provisions a case's appeal cites, and the law file they come from."""

    cited: list[Any]  # case.validate.Citation
    source: Path


def citations(case_dir: str | Path) -> Citations:
    """The provisions the appeal of a case cites, each with the version in force on its day
    (whether it was checked against the official text, its address, what was checked)."""
    from .case.validate import citations as cited
    from .case.validate import law_source

    data = check(case_dir).data
    return Citations(cited(data.case, data.reference), law_source())


def analyse(case_dir: str | Path) -> AnalysisResult:
    """Check a case folder and compute every table of its appeal."""
    from .analysis import analyse as analyse_case

    data = check(case_dir).data
    return AnalysisResult(data, analyse_case(data))


def render(
    case_dir: str | Path,
    *,
    formats: Iterable[str] = FORMATS,
    language: str | None = None,
    templates: str | Path | None = None,
    addressee: str | None = None,
    jobs: int = 1,
) -> Documents:
    """The documents of a case in memory, {file name: bytes}, in the formats asked for only;
    `.warnings` of the result lists what the reader should know (the case's own warnings too).

    `language` ("ru", "kk") overrides the case's; Kazakh files are named appeal.kk.pdf and so on.
    `addressee` is the id of one of the case's addressees: the appeal is addressed to it
    instead of the case's "to"; `jobs` is the number of processes to use, this one included."""
    from .environment import source_date_epoch

    source_date_epoch()  # a bad value refused before a library stops on it
    from .render import render_case

    data = _in_language(check(case_dir).data, language)
    if addressee is not None:
        known = [a.id for a in data.case.addressees]
        if addressee not in known:
            raise UsageError(
                _('"{addressee}" is not one of the case\'s addressees ({known})').format(
                    addressee=addressee, known=", ".join(known)
                )
            )
    folder = _template_folder(templates)
    rendered = render_case(
        data, formats=formats, templates=folder, addressees=[addressee], workers=_jobs(jobs)
    )
    return Documents(rendered.files, [str(w) for w in data.warnings] + rendered.warnings)


def build(
    case_dirs: Iterable[str | Path],
    out_dir: str | Path = "output",
    *,
    formats: Iterable[str] = FORMATS,
    per_addressee: bool = False,
    templates: str | Path | None = None,
    languages: Iterable[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    wait: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Build case folders (or folders of case folders) into OUT/<case folder name>/.

    `languages` (e.g. ("ru", "kk")) overrides the case's own; the files of a language other
    than Russian are named with it (appeal.kk.pdf). What has not changed since the last build
    is not rebuilt. `jobs` is the number of processes in all (default: the cores). Another
    build writing into the same output folder makes this one fail at once, or wait for it with
    `wait=True`. `progress(text, done, total)` is told what is under way and how many cases of
    how many are done."""
    from .environment import source_date_epoch

    source_date_epoch()  # a bad value refused before a library stops on it
    from .publish import Settings
    from .publish.bulk import build_all, find_cases
    from .publish.files import output_lock
    from .render import check_formats

    settings = Settings(
        check_formats(formats),
        per_addressee,
        _template_folder(templates),
        check_languages(languages) if languages is not None else None,
    )
    cases = find_cases([Path(c) for c in case_dirs])
    out = Path(out_dir)
    try:
        with output_lock(out, wait):
            return build_all(
                cases, out, settings, force, _jobs(jobs), progress or (lambda *said: None)
            )
    except OSError as exc:
        message = _("{folder}: cannot write here ({reason})")
        raise UsageError(message.format(folder=out, reason=exc.strerror or exc)) from None


def allocate_seats(
    votes_file: str | Path,
    *,
    seats: int,
    threshold: Fraction,
    method: Method = "largest-remainder",
    turnout: int | None = None,
    min_parties: int = 0,
) -> Allocation:
    """Allocate seats from a table of votes (columns party, votes[, registered]); with `turnout`
    the threshold is a share of the voters who took part, else of the valid votes."""
    from .analysis.seats import allocate
    from .case.votes import read_votes

    if seats < 1 or not 0 <= threshold < 1:
        raise UsageError(_("seats must be 1 or more and the threshold between 0 and 1"))
    table = read_votes(Path(votes_file))
    return allocate(
        table.votes,
        seats,
        method=method,
        threshold=threshold,
        against_all=table.against_all,
        base=turnout,
        min_parties=min_parties,
        registered=table.registered,
    )


def check_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """The documents' languages asked for ("ru,kk" or a sequence), each once; one the tool
    does not write is refused."""
    if isinstance(languages, str):
        languages = languages.split(",")
    wanted = tuple(dict.fromkeys(name.strip() for name in languages if name.strip()))
    unknown = [language for language in wanted if language not in LANGUAGES]
    if unknown or not wanted:
        raise UsageError(
            _("documents in {languages} cannot be made; use {known}").format(
                languages=", ".join(unknown) or _("no language"), known=", ".join(LANGUAGES)
            )
        )
    return wanted


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        return available_cores()
    if jobs < 1:
        raise UsageError(
            _("the number of processes must be 1 or more (got {jobs})").format(jobs=jobs)
        )
    return jobs


def _template_folder(templates: str | Path | None) -> Path | None:
    if templates is None:
        return None
    folder = Path(templates)
    if not folder.is_dir():
        raise UsageError(_("{folder}: no such template folder").format(folder=folder))
    return folder


def _in_language(data: CaseData, language: str | None) -> CaseData:
    """The case with its documents' language replaced, when one is asked for."""
    if language is None or language == data.case.language:
        return data
    check_languages([language])
    case = data.case.model_copy(update={"language": language})
    return dataclasses.replace(data, case=case)


__all__ = [
    "AnalysisResult",
    "AppealError",
    "BrokenCase",
    "CaseError",
    "CheckResult",
    "Documents",
    "Problem",
    "UsageError",
    "allocate_seats",
    "analyse",
    "available_cores",
    "build",
    "check",
    "check_languages",
    "citations",
    "ratio_warnings",
    "render",
]
