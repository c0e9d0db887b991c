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

from .casefiles import UPLOAD_MAX_BYTES, EditConflict, NotWritten, TableRefused
from .errors import AppealError, CaseError, Problem, UsageError
from .i18n import gettext as _

if TYPE_CHECKING:
    import pandas

    from .analysis import Analysis
    from .analysis.seats import Allocation, Method
    from .case import CaseData
    from .casefiles import Replaced
    from .protocolgrid import Grid as ProtocolGrid
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

    def frames(self) -> dict[str, pandas.DataFrame]:
        """The tables as pandas DataFrames, for notebooks: comparison, totals,
        protocol_checks, sample, and seats and funding when the case has those hypotheses."""
        from .frames import analysis_frames

        return analysis_frames(self.analysis, self.data.case.language)


class Documents(dict[str, bytes]):
    """Rendered documents, {file name: bytes}, with the warnings met while rendering them."""

    def __init__(self, files: dict[str, bytes], warnings: list[str]) -> None:
        super().__init__(files)
        self.warnings = warnings


def available_cores() -> int:
    """The cores this process may use: the default number of processes for a build."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check(case_dir: str | Path, *, templates: str | Path | None = None) -> CheckResult:
    """Read and check a case folder, and the user's template folder if given (every name a
    template uses is one it is given, every element one the Word document shows); CaseError
    lists every problem of both at once."""
    from .analysis import official_comparison
    from .analysis.official import official_warnings
    from .analysis.protocols import check_protocols, violation_warnings
    from .case import load_case

    template_problems = []
    folder = _template_folder(templates)
    if folder is not None:
        # The package first: it waits for a thread that is loading it (the web page warms the
        # rendering libraries up in one), where a submodule alone would not.
        from .render import template_check

        template_problems = template_check.check_templates(folder)
    try:
        data = load_case(Path(case_dir))
    except CaseError as exc:
        raise CaseError([*exc.problems, *template_problems]) from None
    if any(data.case.narrative.model_dump().values()):  # the rendering libraries only then
        from .render import template_check

        template_problems += template_check.case_text_problems(data)
    if template_problems:
        raise CaseError([*data.warnings, *template_problems])
    broken = violation_warnings(check_protocols(data.protocols.protocols), data.protocols.file)
    official = official_comparison(data)
    if official is not None and data.official is not None:
        broken += official_warnings(official, data.protocols.file, data.official.file)
    return CheckResult(data, [*data.warnings, *broken])


def template_contract() -> str:
    """Everything a template may use, as Markdown: the variables of each document with their
    types, the filters, the macros of the default templates, the HTML elements of the Word
    document (generated from the code; docs/templates-contract.md is this text in English)."""
    from .render import template_listing

    return template_listing.contract_text()


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


# --- The files of a case folder, for an editor (the local web page) ---------------------------
# Every read is bounded and stays inside the case folder; every write is atomic. A face that
# edits a case uses these and never opens a case file itself.

CASE_FILE = "case.yaml"


def case_file(case_dir: str | Path, name: str) -> Path | None:
    """The regular file `name` in the case folder, None if absent; CaseError if the name leads
    outside the folder (a symlink too) or is a pipe, folder or device."""
    from .casefiles import case_file as find

    return find(Path(case_dir), name)


def read_case_yaml(case_dir: str | Path, name: str = CASE_FILE) -> str | None:
    """The text of case.yaml (or the applicant's file, authorities.yaml) once the library's
    bounded reader parsed it; None if absent. CaseError for a file too large, not regular,
    outside the folder, or whose aliases or nesting go past the limits."""
    from .casefiles import read_yaml_text

    return read_yaml_text(Path(case_dir), name)


def case_file_version(case_dir: str | Path, name: str) -> str:
    """A short text that changes whenever the file does ("absent" for no file), to hand back
    when writing it."""
    from .case.paths import YAML_MAX_BYTES
    from .casefiles import file_version
    from .protocolgrid import table_limit

    limit = table_limit(name) if name in PROTOCOL_TABLES else YAML_MAX_BYTES
    return file_version(Path(case_dir), name, limit)


def write_case_yaml(case_dir: str | Path, name: str, text: str, expected_version: str) -> str:
    """Replace a YAML file of the case atomically unless it changed since `expected_version`
    (EditConflict then, nothing written); its new version. NotWritten when the system refuses
    the write (a full disk): the file is as it was."""
    from .case.paths import YAML_MAX_BYTES
    from .casefiles import write_file, writing

    content = text.encode("utf-8")
    if len(content) > YAML_MAX_BYTES:
        raise UsageError(_("{file}: the text is larger than 1 MB").format(file=name))
    with writing(name):
        return write_file(Path(case_dir), name, content, expected_version, YAML_MAX_BYTES)


def clean_case_folder(case_dir: str | Path) -> list[str]:
    """Remove the temporary files an interrupted save left in the case folder; their names."""
    from .casefiles import clean_temporary

    return clean_temporary(Path(case_dir))


PROTOCOL_TABLES = ("protocols.csv", "protocols.xlsx")


def protocol_table(case_dir: str | Path) -> str | None:
    """The name of the protocol table the checks read, None if there is not exactly one."""
    from .protocolgrid import protocol_table as find

    return find(Path(case_dir))


def protocol_grid(case_dir: str | Path) -> ProtocolGrid | None:
    """The protocol table's cells as text, with its version; None without a table; CaseError
    if it cannot be read at all."""
    from .protocolgrid import read_grid

    name = protocol_table(case_dir)
    return None if name is None else read_grid(Path(case_dir), name)


def write_protocol_cells(
    case_dir: str | Path, changes: dict[tuple[int, int], str], expected_version: str
) -> str:
    """Write typed cells ((row, column) from 1 → text) into the protocol table in its own
    format; the earlier table is kept, dated, in history/. EditConflict if the table changed
    since `expected_version`; TableRefused for a formula or an unwritable character; NotWritten
    when the system refuses the write (the table is as it was)."""
    from .casefiles import writing
    from .protocolgrid import write_cells

    name = protocol_table(case_dir)
    if name is None:
        raise TableRefused("no_table", _("the case folder holds no protocol table"))
    with writing(name):
        return write_cells(Path(case_dir), name, changes, expected_version)


def rename_in_protocol_table(
    case_dir: str | Path,
    contests: dict[str, str] | None = None,
    parties: dict[str, str] | None = None,
) -> bool:
    """Carry renamed ids (old → new) into the protocol table: contest ids in its contest
    column, party ids in its header; whether anything changed. The earlier table is kept in
    history/; EditConflict, TableRefused or CaseError as write_protocol_cells."""
    grid = protocol_grid(case_dir)
    if grid is None:
        return False
    contests, parties = contests or {}, parties or {}
    header = [name.strip().lower() for name in grid.header]
    changes = {
        (1, column + 1): parties[name] for column, name in enumerate(header) if name in parties
    }
    if "contest" in header:
        column = header.index("contest")
        for number, cells in grid.rows:
            if cells[column].strip() in contests:
                changes[(number, column + 1)] = contests[cells[column].strip()]
    if changes:
        write_protocol_cells(case_dir, changes, grid.version)
    return bool(changes)


def replace_protocol_table(case_dir: str | Path, filename: str, content: bytes) -> Replaced:
    """Make an uploaded CSV or XLSX the case's protocol table; the earlier tables go, dated, to
    history/ only once the new one is written in full. TableRefused for a wrong type or size;
    NotWritten when the system refuses the write (a full disk): the case is as it was."""
    from .casefiles import replace_table, writing

    with writing(filename):
        return replace_table(Path(case_dir), filename, content)


def blank_protocol_table(case_dir: str | Path) -> bytes:
    """An empty protocols.xlsx with the case's contests and parties, to fill in in Excel (with
    no party or contest when case.yaml is missing or refused by the library's reader)."""
    from .blank_tables import Ids, xlsx_bytes

    try:
        text = read_case_yaml(case_dir) or ""
    except CaseError:
        text = ""
    return xlsx_bytes(Ids.from_case_yaml(text))


def new_case(case_dir: str | Path, answers: dict[str, Any]) -> list[Path]:
    """Create a case folder as `appeal new --interactive` does, from answers by question name
    (full_name, iin, address, phone, email, election_date, territory, stations, appeal_date,
    appeal_place); UsageError if the folder exists and is not empty, NotWritten if it cannot
    be written."""
    from .casefiles import writing
    from .scaffold import Answers
    from .scaffold import new_case as scaffold

    known = {field.name for field in dataclasses.fields(Answers)}
    with writing(str(case_dir)):
        return scaffold(Path(case_dir), Answers(**{k: v for k, v in answers.items() if k in known}))


def authorities(case_dir: str | Path | None = None) -> dict[str, str]:
    """The authorities an appeal can be addressed to, id → name in Russian: the reference
    table's, and the case folder's own authorities.yaml when given and readable."""
    from .case.reference import load_reference
    from .case.texts import in_language
    from .resources import reference_dir

    folder = Path(case_dir) if case_dir is not None else None
    try:
        reference = load_reference(reference_dir(), folder)
    except CaseError:
        reference = load_reference(reference_dir())
    return {key: in_language(a.name, "ru") for key, a in reference.authorities.items()}


def read_count(text: str) -> int | None:
    """A count as people type it ("43 337", "215\u00a0430"); blank gives None; ValueError
    (with the reason in the interface language) for anything else."""
    from .case.numbers import parse_count

    return parse_count(text)


def read_share(text: str) -> Fraction | None:
    """A share as typed ("7%", "0,07"); blank gives None; ValueError for anything else."""
    from .case.numbers import parse_share

    value = parse_share(text)
    return None if value is None else Fraction(value)


def iin_problem(iin: str) -> str | None:
    """What is wrong with an ИИН (12 digits, a valid check digit), None if nothing."""
    from .case.iin import iin_problem as problem

    return problem(iin)


class Preview:
    """The HTML of a case's documents (appeal, attachment 1, attachment 2 when the sample gives
    statistics), from one analysis, each rendered when first asked for, with the user's
    templates. The register of attachments has no sheet counts: only a build lays out PDFs."""

    def __init__(
        self,
        case_dir: str | Path,
        templates: str | Path | None = None,
        language: str | None = None,
    ) -> None:
        from .analysis import analyse as analyse_case
        from .render.documents import Renderer

        data = _in_language(check(case_dir).data, language)
        # Its template environment keeps the compiled templates (render/env.py), in memory
        # for the next preview and on disk for the next run.
        self.renderer = Renderer(data, analyse_case(data), _template_folder(templates))
        self.html: dict[str, str] = {}

    @staticmethod
    def warm_up() -> None:
        """Import the libraries a first preview needs, so that it answers sooner, and those a
        build lays out PDFs with: a build from the page runs in a process forked from this one,
        which then starts with them loaded instead of importing them again."""
        from .analysis import analyse  # noqa: F401
        from .render.documents import Renderer  # noqa: F401
        from .render.preload import load_layout_libraries

        load_layout_libraries()

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents of this case, by name: "appeal", "attachment" and "statistics"."""
        statistics = self.renderer.analysis.facts.sample.statistics
        return ("appeal", "attachment", "statistics") if statistics else ("appeal", "attachment")

    def document(self, name: str) -> str:
        """One document's HTML; UsageError for a name not in `documents`."""
        if name not in self.documents:
            raise UsageError(_("{name}: no such document").format(name=name))
        if name not in self.html:
            self.html[name] = self._render(name)
        return self.html[name]

    def _render(self, name: str) -> str:
        from .render.documents import user_attachments

        if name == "attachment":
            return self.renderer.attachment_html()
        if name == "statistics":
            return self.renderer.statistics_html(number=2)
        own = self.renderer.own_entries(xlsx=True)
        register = [*own, *(entry for entry, _content in user_attachments(self.renderer.data))]
        return self.renderer.appeal_html(register, None)


__all__ = [
    "UPLOAD_MAX_BYTES",
    "AnalysisResult",
    "AppealError",
    "CaseError",
    "CheckResult",
    "Documents",
    "EditConflict",
    "NotWritten",
    "Preview",
    "Problem",
    "TableRefused",
    "UsageError",
    "allocate_seats",
    "analyse",
    "authorities",
    "available_cores",
    "blank_protocol_table",
    "build",
    "case_file",
    "case_file_version",
    "check",
    "check_languages",
    "clean_case_folder",
    "iin_problem",
    "new_case",
    "protocol_grid",
    "protocol_table",
    "read_case_yaml",
    "read_count",
    "read_share",
    "rename_in_protocol_table",
    "render",
    "replace_protocol_table",
    "template_contract",
    "write_case_yaml",
    "write_protocol_cells",
]
