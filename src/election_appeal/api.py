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
    from .analysis.deadlines import TimeLimits
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


# The last check of each case folder, kept while nothing it depends on changes (the page checks
# a case when it is saved, then again for the preview that follows): {(folder, templates):
# (the state of its inputs, the result)}.
_CHECKED: dict[tuple[Path, Path | None], tuple[str, CheckResult]] = {}


def check(case_dir: str | Path, *, templates: str | Path | None = None) -> CheckResult:
    """Read and check a case folder, and the user's template folder if given (every name a
    template uses is one it is given, every element one the Word document shows); CaseError
    lists every problem of both at once, the protocols' broken control ratios too."""
    key = (Path(case_dir).resolve(), _template_folder(templates))
    state = _inputs_state(key[0], key[1])
    kept = _CHECKED.get(key)
    if kept is not None and kept[0] == state:
        return CheckResult(kept[1].data, list(kept[1].warnings))
    result = _checked(case_dir, templates)
    _CHECKED[key] = (state, result)
    return CheckResult(result.data, list(result.warnings))


def _inputs_state(folder: Path, templates: Path | None) -> str:
    """What a check depends on: the content of every file of the case, of the reference data
    and of the templates, the day (time limits count from it), the environment's
    SOURCE_DATE_EPOCH and the language of the messages."""
    import datetime
    import hashlib
    import json

    from .casefiles import content_digests
    from .i18n import current_language
    from .resources import reference_dir, templates_dir

    roots = (folder, reference_dir(), templates_dir(), templates)
    basis = [
        [content_digests(root) if root is not None and root.is_dir() else None for root in roots],
        datetime.date.today().isoformat(),
        os.environ.get("SOURCE_DATE_EPOCH"),
        current_language(),
    ]
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


def _checked(case_dir: str | Path, templates: str | Path | None) -> CheckResult:
    from .analysis import official_comparison
    from .analysis.official import official_warnings
    from .case import load_case
    from .case.ballot_lines import readable_without_against_all, without_against_all
    from .case.validate import contest_names, readable_contest_names, readable_protocols

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
        folder_names = readable_contest_names(Path(case_dir))
        without = readable_without_against_all(Path(case_dir))
        broken = ratio_warnings(readable_protocols(Path(case_dir)), folder_names, without)
        raise BrokenCase([*exc.problems, *template_problems], broken) from None
    if any(data.case.narrative.model_dump().values()):  # the rendering libraries only then
        from .render import template_check

        template_problems += template_check.case_text_problems(data)
    if template_problems:
        raise CaseError([*data.warnings, *template_problems])
    names = contest_names(data.case)
    without = without_against_all(data.case, data.reference.law)
    broken = ratio_warnings(data.protocols, names, without)
    official = official_comparison(data)
    if official is not None and data.official is not None:
        broken += official_warnings(official, data.protocols.file, data.official.file, names)
    found = [*data.warnings, *broken, *_candidate_claims(Path(case_dir), data)]
    if any((a.file or "").lower().endswith(".pdf") for a in data.case.attachments):
        from .render.pdf_active import active_content_warnings  # pypdf only then

        found += active_content_warnings(data)
    return CheckResult(data, found)


def _candidate_claims(folder: Path, data: Any) -> list[Problem]:
    """A candidate's claim whose violated right is left blank: the candidate's party list would
    win no seat by version 1, a count of the analysis, which `check`'s case checks leave to
    this one (case/routes.py: letter_blanks)."""
    from .analysis.facts import candidate_list_gain
    from .analysis.hypotheses import hypothesis_1
    from .case.routes import blank_warnings, routes
    from .errors import Severity
    from .i18n import document_text_language

    gain = candidate_list_gain(data.applicant.status, hypothesis_1(data.case))
    if gain is None:
        return []
    heads = [head for head, _copies in routes(data.case, data.reference)]
    found = blank_warnings(
        data.case, data.reference, document_text_language(), heads, data.applicant, gain
    )
    file = str(folder / "case.yaml")
    return [
        Problem(file, "", "", message, Severity.WARNING)
        for blank, message in found
        if blank == "claimant_right"
    ]


class BrokenCase(CaseError):
    """A case with errors; `broken_ratios` lists its copies that break a control ratio, worth
    checking while the errors are fixed (they are evidence, and a typing slip spoils them)."""

    def __init__(self, problems: list[Problem], broken_ratios: list[Problem]) -> None:
        super().__init__(problems)
        self.broken_ratios = broken_ratios


def ratio_warnings(
    protocols: Any, names: dict[str, str] | None = None, without_against_all: Any = ()
) -> list[Problem]:
    """A warning for each copy in the protocol table that breaks a control ratio; `names`: the
    contests' names by id (their ids when the case could not be read); `without_against_all`:
    the contests whose ballots had no line «против всех» (none known: its blank is unknown)."""
    from .analysis.protocols import check_protocols, violation_warnings

    broken = check_protocols(protocols.protocols, without_against_all)
    return violation_warnings(broken, protocols.file, names)


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


def time_limits(case_dir: str | Path) -> TimeLimits:
    """Check a case folder; for each addressee the time limit of its route, the day it ends and
    the days left or past on the appeal's date, and how long the ballots are kept."""
    from .analysis.deadlines import time_limits as compute

    data = check(case_dir).data
    kinds = {key: authority.kind for key, authority in data.reference.authorities.items()}
    return compute(data.case, data.reference.law, kinds)


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

    checked = check(case_dir).data
    data = _in_language(checked, language)
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
    from .publish import rendered_once

    said = [str(w) for w in [*data.warnings, *_text_warnings(checked, language)]]
    return Documents(rendered.files, said + rendered_once(said, rendered.warnings))


def _text_warnings(data: CaseData, language: str | None) -> list[Problem]:
    """The case's texts without a text in the language asked for, when it is not the case's."""
    from .case.language_checks import language_warnings

    if language is None:
        return []
    words = data.protocols.words()
    return language_warnings(data.folder, data.case, data.reference, words, [language])


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


# --- The files of a case folder, for an editor (the local web page) ---------------------------
# Every read is bounded and stays inside the case folder; every write is atomic. A face that
# edits a case uses these and never opens a case file itself.

CASE_FILE = "case.yaml"


def case_file(case_dir: str | Path, name: str) -> Path | None:
    """The regular file `name` in the case folder, None if absent; CaseError if the name leads
    outside the folder (a symlink too) or is a pipe, folder or device."""
    from .casefiles import case_file as find

    return find(Path(case_dir), name)


# The SHA-256 of the last texts the bounded reader passed (whether a text is within the bounds
# depends on the text alone): the page reads the same case.yaml several times for each edit.
_WITHIN_BOUNDS: dict[str, None] = {}
_WITHIN_BOUNDS_KEPT = 64


def read_case_yaml(case_dir: str | Path, name: str = CASE_FILE) -> str | None:
    """The text of case.yaml (or the applicant's file, authorities.yaml) once the library's
    bounded reader parsed it; None if absent. CaseError for a file too large, not regular,
    outside the folder, or whose aliases or nesting go past the limits."""
    import hashlib

    from .case.paths import YAML_MAX_BYTES
    from .casefiles import read_file, read_yaml_text

    folder = Path(case_dir)
    raw = read_file(folder, name, YAML_MAX_BYTES)  # the reader's own size and place limits
    if raw is None:
        return None
    try:
        text: str | None = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None  # the reader says what is wrong
    if text is not None and hashlib.sha256(text.encode()).hexdigest() in _WITHIN_BOUNDS:
        return text
    text = read_yaml_text(folder, name)
    if text is not None:
        _WITHIN_BOUNDS[hashlib.sha256(text.encode()).hexdigest()] = None
        while len(_WITHIN_BOUNDS) > _WITHIN_BOUNDS_KEPT:  # the page's threads read too
            _WITHIN_BOUNDS.pop(next(iter(_WITHIN_BOUNDS), ""), None)
    return text


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


def per_language_text(field: str) -> bool:
    """Whether a field of case.yaml, named by its path (applicant.full_name, contests[0].title),
    is a text that may be given in each language of the documents as {ru: …, kk: …}, by the
    schema the case is checked with."""
    import re
    import typing

    from pydantic import BaseModel

    from .case.schema import Case
    from .case.texts import localised_text

    def models(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [model for arg in typing.get_args(annotation) for model in models(arg)]

    found: list[type[BaseModel]] = [Case]
    keys = [key for key in re.findall(r"[^.\[\]]+", field) if not key.isdigit()]
    for number, key in enumerate(keys):
        fields = [model.model_fields[key] for model in found if key in model.model_fields]
        if number == len(keys) - 1:
            metadata = [item for info in fields for item in info.metadata]
            return any(getattr(item, "func", None) is localised_text for item in metadata)
        found = [model for info in fields for model in models(info.annotation)]
    return False


def clean_case_folder(case_dir: str | Path) -> list[str]:
    """Remove the temporary files an interrupted save left in the case folder; their names."""
    from .casefiles import clean_temporary

    return clean_temporary(Path(case_dir))


PROTOCOL_TABLES = ("protocols.csv", "protocols.xlsx")


def protocol_table(case_dir: str | Path) -> str | None:
    """The name of the protocol table the checks read, None if there is not exactly one."""
    from .protocolgrid import protocol_table as find

    return find(Path(case_dir))


def protocol_grid(case_dir: str | Path, table: str | None = None) -> ProtocolGrid | None:
    """The protocol table's cells as text, with its version (or those of another table of its
    columns in the case folder, `table`: the official results per station); None without the
    table; CaseError if it cannot be read at all."""
    from .protocolgrid import read_grid

    name = table or protocol_table(case_dir)
    if name is None or (table is not None and case_file(case_dir, table) is None):
        return None
    return read_grid(Path(case_dir), name)


def write_protocol_cells(
    case_dir: str | Path,
    changes: dict[tuple[int, int], str],
    expected_version: str,
    table: str | None = None,
) -> str:
    """Write typed cells ((row, column) from 1 → text) into the protocol table (or `table`, as
    protocol_grid) in its own format; the earlier table is kept, dated, in history/.
    EditConflict if the table changed since `expected_version`; TableRefused for a formula or
    an unwritable character; NotWritten when the system refuses the write (the table is as it
    was)."""
    from .casefiles import writing
    from .protocolgrid import write_cells

    name = table or protocol_table(case_dir)
    if name is None:
        raise TableRefused("no_table", _("the case folder holds no protocol table"))
    with writing(name):
        return write_cells(Path(case_dir), name, changes, expected_version)


def rename_in_protocol_table(
    case_dir: str | Path,
    contests: dict[str, str] | None = None,
    parties: dict[str, str] | None = None,
    table: str | None = None,
) -> bool:
    """Carry renamed ids (old → new) into the protocol table (or `table`, as protocol_grid):
    contest ids in its contest column, party ids in its header; whether anything changed. The
    earlier table is kept in history/; EditConflict, TableRefused or CaseError as
    write_protocol_cells."""
    grid = protocol_grid(case_dir, table)
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
        write_protocol_cells(case_dir, changes, grid.version, table)
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
    (full_name, iin, address, phone, email, election_date, territory, territory_genitive,
    stations, appeal_date, appeal_place, and contests: 1 for an election of one voting, 2 by
    default for two votings compared with each other); UsageError if the folder exists and is
    not empty, NotWritten if it cannot be written."""
    from .casefiles import writing
    from .scaffold import Answers
    from .scaffold import new_case as scaffold

    known = {field.name for field in dataclasses.fields(Answers)}
    with writing(str(case_dir)):
        return scaffold(Path(case_dir), Answers(**{k: v for k, v in answers.items() if k in known}))


def threshold_on_record(day: object) -> str | None:
    """The electoral threshold the reference data (law.yaml) gives for an election day (a date
    or its ISO text), as a percentage such as "5%"; None when the day is not a date or no
    figure is on record for it."""
    import datetime

    from .scaffold import threshold_in_force

    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            return None
    if not isinstance(day, datetime.date):
        return None
    value, _note = threshold_in_force(day.isoformat())
    return None if value == "null" else value


def authorities(case_dir: str | Path | None = None, language: str = "ru") -> dict[str, str]:
    """The authorities an appeal can be addressed to, id → name in `language` (Russian by
    default; the first name given when none is in that language): the reference table's, and
    the case folder's own authorities.yaml when given and readable."""
    from .case.reference import load_reference
    from .resources import reference_dir

    folder = Path(case_dir) if case_dir is not None else None
    try:
        reference = load_reference(reference_dir(), folder)
    except CaseError:
        reference = load_reference(reference_dir())
    return reference.authority_names(language)


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
        build lays out and writes with: a build from the page runs in a process forked from
        this one, which then starts with them loaded instead of importing them again."""
        from .analysis import analyse  # noqa: F401
        from .publish.resident import load_everything_a_build_uses
        from .render.documents import Renderer  # noqa: F401

        load_everything_a_build_uses()

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents of this case, by name: "appeal", "attachment" and "statistics"."""
        statistics = self.renderer.analysis.facts.statistics
        return ("appeal", "attachment", "statistics") if statistics else ("appeal", "attachment")

    def document(self, name: str) -> str:
        """One document's HTML; UsageError for a name not in `documents`."""
        if name not in self.documents:
            raise UsageError(_("{name}: no such document").format(name=name))
        if name not in self.html:
            self.html[name] = self._render(name)
        return self.html[name]

    def _render(self, name: str) -> str:
        from .render.context import letters
        from .render.documents import user_attachments

        # The preview shows the main letter and its attachments.
        main = letters(self.renderer.data, [None])[0]
        if name == "attachment":
            return self.renderer.attachment_html(main.kind)
        if name == "statistics":
            return self.renderer.statistics_html(2, main.kind)
        own = self.renderer.own_entries(xlsx=True)
        register = [*own, *(entry for entry, _content in user_attachments(self.renderer.data))]
        return self.renderer.appeal_html(register, main)


__all__ = [
    "UPLOAD_MAX_BYTES",
    "AnalysisResult",
    "AppealError",
    "BrokenCase",
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
    "citations",
    "clean_case_folder",
    "iin_problem",
    "instrument_names",
    "new_case",
    "protocol_grid",
    "protocol_table",
    "ratio_warnings",
    "read_case_yaml",
    "read_count",
    "read_share",
    "rename_in_protocol_table",
    "render",
    "replace_protocol_table",
    "template_contract",
    "time_limits",
    "write_case_yaml",
    "write_protocol_cells",
]


# --- More for the web page: authorities with their kinds, rows of the grid, the copies ----------


@dataclass(frozen=True)
class AuthorityEntry:
    """An authority as a form lists it: its id, its name in one language, its kind, and
    whether the case folder's own authorities.yaml holds it."""

    id: str
    name: str
    kind: str
    own: bool


def authority_kinds() -> tuple[str, ...]:
    """The kinds an authority may have (prosecutor, police, …): each decides what is asked."""
    from typing import get_args

    from .case.reference import AuthorityKind

    return tuple(get_args(AuthorityKind))


def authority_entries(case_dir: str | Path, language: str = "ru") -> list[AuthorityEntry]:
    """Every authority the case can address, named in `language` (Russian when it has no
    such name): the reference table's, then the case folder's own when readable."""
    from .case.reference import load_reference
    from .case.texts import in_language
    from .resources import reference_dir

    shipped = load_reference(reference_dir()).authorities
    try:
        reference = load_reference(reference_dir(), Path(case_dir))
    except CaseError:
        reference = load_reference(reference_dir())
    return [
        AuthorityEntry(
            key,
            in_language(a.name, language) or key,
            a.kind,
            key not in shipped or shipped[key] != a,
        )
        for key, a in reference.authorities.items()
    ]


def instrument_names(language: str = "ru", templates: str | Path | None = None) -> dict[str, str]:
    """The document written to each kind of addressee (prosecutor: «заявление», court:
    «административный иск»…), as the documents in `language` name it in running text
    (templates/<language>/texts.j2, the user's templates first). TemplateError if they
    cannot be read."""
    from .render.env import make_environment, template_module

    env = make_environment(_template_folder(templates), language)
    return {
        str(kind): str(name) for kind, name in template_module(env, "texts.j2").instrument.items()
    }


def remove_protocol_rows(
    case_dir: str | Path, rows: Iterable[int], expected_version: str, table: str | None = None
) -> str:
    """Remove rows (numbered as a spreadsheet numbers them, the header is 1) from the protocol
    table, or from another table of its columns in the case folder (`table`: the official
    results per station), in its own format; the earlier table is kept, dated, in history/.
    EditConflict, NotWritten or CaseError as write_protocol_cells."""
    import csv
    import io

    from .casefiles import atomic_write, case_file, check_xlsx, keep_in_history, writing
    from .protocolgrid import _encoding, table_limit

    folder = Path(case_dir)
    name = table or protocol_table(folder)
    if name is None:
        raise TableRefused("no_table", _("the case folder holds no protocol table"))
    gone = {row for row in rows if row > 1}
    limit = table_limit(name)
    with writing(name):
        if case_file_version(folder, name) != expected_version:
            raise EditConflict(name)
        path = case_file(folder, name)
        raw = read_case_bytes(folder, name, limit)
        if path is None or raw is None:
            raise TableRefused("no_table", _("the case folder holds no protocol table"))
        if name.endswith(".csv"):
            from .case.tables import decode_csv

            text = decode_csv(raw, name)
            first = next((line for line in text.splitlines() if line.strip()), "")
            delimiter = max((",", ";", "\t"), key=first.count)
            newline = "\r\n" if "\r\n" in text else "\n"
            grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            kept = [cells for number, cells in enumerate(grid, 1) if number not in gone]
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(kept)
            content = buffer.getvalue().encode(_encoding(raw))
        else:
            from openpyxl import load_workbook

            check_xlsx(raw)
            workbook = load_workbook(io.BytesIO(raw))
            sheet = workbook.worksheets[0]
            for number in sorted(gone, reverse=True):  # from the bottom: numbers stay valid
                sheet.delete_rows(number)
            out = io.BytesIO()
            workbook.save(out)
            content = out.getvalue()
        keep_in_history(folder, name)
        atomic_write(path, content)
    return case_file_version(folder, name)


def read_case_bytes(case_dir: str | Path, name: str, limit: int) -> bytes | None:
    """The bytes of a regular file inside the case folder, at most `limit`; None if absent."""
    from .casefiles import read_file

    return read_file(Path(case_dir), name, limit)


def start_protocol_table(case_dir: str | Path) -> str:
    """A new protocols.csv with the case's columns and one row per contest for a first station,
    to type the protocols in; earlier tables go, dated, to history/. Its name."""
    return replace_protocol_table(case_dir, "protocols.csv", _first_rows(case_dir)).table


OFFICIAL_TABLE_STEM = "official"


def replace_official_table(
    case_dir: str | Path, filename: str, content: bytes, earlier: str | None = None
) -> str:
    """Make an uploaded CSV or XLSX the table of official results per station: official.csv or
    official.xlsx, or `earlier` (the name case.yaml gives it) when of the same kind; the earlier
    table is kept, dated, in history/. Its name. TableRefused for a wrong type or size;
    NotWritten when the system refuses the write."""
    from .casefiles import atomic_write, check_xlsx, keep_in_history, writing

    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise TableRefused("wrong_type", _("the table must be a .csv or .xlsx file"))
    if len(content) > UPLOAD_MAX_BYTES:
        raise TableRefused("too_big", _("the table is larger than 10 MB"))
    if suffix == ".xlsx":
        check_xlsx(content)
    folder = Path(case_dir)
    same_kind = earlier is not None and earlier.lower().endswith(suffix)
    name = earlier if same_kind and earlier else f"{OFFICIAL_TABLE_STEM}{suffix}"
    with writing(name):
        keep_in_history(folder, name)
        atomic_write(folder / name, content)
        if earlier and earlier != name and case_file(folder, earlier) is not None:
            keep_in_history(folder, earlier)  # an official.xlsx replaced by a CSV: put aside
            (folder / earlier).unlink()
    return name


def start_official_table(case_dir: str | Path, earlier: str | None = None) -> str:
    """A new official.csv with the case's columns and one row per contest, to type the official
    figures per station in; an earlier table goes, dated, to history/. Its name."""
    return replace_official_table(case_dir, "official.csv", _first_rows(case_dir), earlier)


def _first_rows(case_dir: str | Path) -> bytes:
    """A CSV with the case's columns and one row per contest, only the contest filled in."""
    import csv
    import io

    from .blank_tables import Ids, header

    try:
        ids = Ids.from_case_yaml(read_case_yaml(case_dir) or "")
    except CaseError:
        ids = Ids([], [])
    columns = header(ids)
    contest = columns.index("contest")
    rows = [
        [contest_id if i == contest else "" for i in range(len(columns))]
        for contest_id, _name in ids.contests or [("", "")]
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([columns, *rows])
    return buffer.getvalue().encode()


# The copies of the protocols: a photo or scan per station and contest, with its provenance.

COPIES_FOLDER = "copies"
COPIES_TABLE = "copies.csv"
COPY_UPLOAD_MAX_BYTES = UPLOAD_MAX_BYTES
COPY_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")
_STATION = r"[^\W_][\w-]{0,19}"
_MAGIC = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG", ".pdf": b"%PDF-"}


class CopyRefused(AppealError):
    """A copy (its file or its provenance) that cannot be added; `code` names the reason, the
    message says it in the interface language; nothing was written."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CopyEntry:
    """The files of one protocol copy in the copies folder and its provenance row as typed."""

    station: str
    contest: str
    files: list[str]
    provenance: dict[str, str]


def copies_folder(case_dir: str | Path) -> str:
    """The name of the case's copies folder (case.yaml `copies.folder`, `copies` by default)."""
    import yaml

    try:
        data = yaml.safe_load(read_case_yaml(case_dir) or "")
    except (CaseError, yaml.YAMLError):
        data = None
    copies = data.get("copies") if isinstance(data, dict) else None
    name = copies.get("folder") if isinstance(copies, dict) else None
    return str(name) if isinstance(name, str) and name.strip() else COPIES_FOLDER


def _copies_dir(case_dir: Path, create: bool) -> Path | None:
    """The copies folder, a real folder inside the case (made when asked); CopyRefused if its
    name leads elsewhere."""
    name = copies_folder(case_dir)
    folder = case_dir / name
    plain = Path(name).name == name and not name.startswith(".")
    if not plain or folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        message = _("the copies folder must be a folder inside the case folder")
        raise CopyRefused("folder", message)
    if not folder.exists():
        if not create:
            return None
        with writing_file(name):
            folder.mkdir(mode=0o700)
    return folder


def writing_file(name: str) -> Any:
    """Turn the system's refusal to write into NotWritten, naming the file."""
    from .casefiles import writing

    return writing(name)


def _provenance_rows(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of copies.csv as text ([] when there is none)."""
    import csv
    import io

    from .case.paths import CSV_MAX_BYTES
    from .case.tables import decode_csv

    raw = read_case_bytes(folder, COPIES_TABLE, CSV_MAX_BYTES)
    if raw is None:
        return [], []
    text = decode_csv(raw, COPIES_TABLE)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    grid = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]
    return (grid[0], grid[1:]) if grid else ([], [])


def protocol_copies(case_dir: str | Path) -> list[CopyEntry]:
    """Every copy with a file or a provenance row, by station and contest, in name order.
    CaseError if the copies folder or its table cannot be read."""
    from .case.copies import parse_name

    case = Path(case_dir)
    folder = _copies_dir(case, create=False)
    if folder is None:
        return []
    contests = [c for c in _contest_ids(case) if c]
    files: dict[tuple[str, str], list[str]] = {}
    from itertools import islice

    from .case.copies import MAX_FILES

    with os.scandir(folder) as listing:  # bounded, as the checks read the folder
        entries = sorted(islice(listing, MAX_FILES + 1), key=lambda e: e.name)
    for entry in entries:
        suffix = Path(entry.name).suffix.lower()
        parsed = parse_name(Path(entry.name).stem, contests)
        if suffix in COPY_SUFFIXES and parsed and entry.is_file(follow_symlinks=False):
            files.setdefault(parsed[:2], []).append(entry.name)
    header, rows = _provenance_rows(folder)
    names = [h.strip().lower() for h in header]
    provenance = {}
    for row in rows:
        typed = dict(zip(names, [*row, *[""] * (len(names) - len(row))], strict=False))
        provenance[(typed.get("station", ""), typed.get("contest", ""))] = typed
    keys = sorted({*files, *provenance})
    return [CopyEntry(s, c, files.get((s, c), []), provenance.get((s, c), {})) for s, c in keys]


def _contest_ids(case: Path) -> list[str]:
    from .blank_tables import Ids

    try:
        return [c for c, _name in Ids.from_case_yaml(read_case_yaml(case) or "").contests]
    except CaseError:
        return []


def add_copy(
    case_dir: str | Path,
    station: str,
    contest: str,
    filename: str,
    content: bytes,
    provenance: dict[str, str],
) -> str:
    """Put a photo or scan of the protocol copy of `contest` at `station` into the copies
    folder, named by the rule (12_mazhilis.jpg, a further page 12_mazhilis_2.jpg), and its
    provenance (received_by, received_on, received_from, signed, stamped) into copies.csv.
    Only the suffix of `filename` is used. CopyRefused says what is wrong (nothing written);
    NotWritten when the system refuses the write. The name of the file written."""
    import re

    from .case.copies import PROVENANCE_COLUMNS, copy_name, parse_received, parse_yes_no
    from .casefiles import atomic_write
    from .protocolgrid import is_formula

    case = Path(case_dir)
    station = station.strip()
    if not re.fullmatch(_STATION, station):
        message = _("a station is written with letters, digits and '-' only (up to 20)")
        raise CopyRefused("station", message)
    if contest not in _contest_ids(case):
        raise CopyRefused("contest", _("choose one of the case's contests"))
    suffix = Path(filename).suffix.lower()
    if suffix not in COPY_SUFFIXES:
        raise CopyRefused("type", _("a copy must be a .jpg, .png or .pdf file"))
    if len(content) > COPY_UPLOAD_MAX_BYTES:
        raise CopyRefused("too_big", _("the file is larger than 10 MB"))
    if not content.startswith(_MAGIC[suffix]):
        message = _("the file is not the picture or PDF its name says")
        raise CopyRefused("content", message)
    _check_copy_content(content, suffix)
    typed = {k: provenance.get(k, "").strip() for k in PROVENANCE_COLUMNS[2:]}
    try:
        parse_received(typed["received_on"])
        parse_yes_no(typed["signed"])
        parse_yes_no(typed["stamped"])
    except ValueError as exc:
        raise CopyRefused("provenance", str(exc)) from None
    if any(is_formula(text) or len(text) > 200 for text in typed.values()):
        message = _("a field cannot start with =, +, - or @, nor be longer than 200 characters")
        raise CopyRefused("provenance", message)
    folder = _copies_dir(case, create=True)
    assert folder is not None
    if (folder / "copies.xlsx").exists():
        message = _("the copies folder keeps its provenance in copies.xlsx; edit it there")
        raise CopyRefused("xlsx", message)
    existing = [e for e in protocol_copies(case) if (e.station, e.contest) == (station, contest)]
    page = len(existing[0].files) + 1 if existing else 1
    name = copy_name(station, contest, page) + (".jpg" if suffix == ".jpeg" else suffix)
    if not re.fullmatch(r"[\w-]+\.(jpg|png|pdf)", name):  # a contest id from case.yaml as typed
        raise CopyRefused("contest", _("choose one of the case's contests"))
    with writing_file(name):
        atomic_write(folder / name, content)
        _write_provenance(folder, station, contest, typed)
    return name


def _check_copy_content(content: bytes, suffix: str) -> None:
    """Refuse a picture too large to decode, or a PDF that cannot be read, before writing."""
    import io

    from .case.copies import MAX_PAGES, MAX_PIXELS

    try:
        if suffix == ".pdf":
            from pypdf import PdfReader

            pages = len(PdfReader(io.BytesIO(content)).pages)
            if not 1 <= pages <= MAX_PAGES:
                raise ValueError
            return
        from PIL import Image

        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
        if width * height > MAX_PIXELS:
            raise ValueError
    except Exception:  # Pillow and pypdf raise many kinds of errors for a damaged file
        message = _("the file is damaged, too large or has too many pages to be a copy")
        raise CopyRefused("content", message) from None


def _write_provenance(folder: Path, station: str, contest: str, typed: dict[str, str]) -> None:
    """Set the row of this copy in copies.csv (made with its header when absent), atomically."""
    import csv
    import io

    from .case.copies import PROVENANCE_COLUMNS
    from .casefiles import atomic_write

    header, rows = _provenance_rows(folder)
    names = [h.strip().lower() for h in header] or list(PROVENANCE_COLUMNS)
    names += [c for c in PROVENANCE_COLUMNS if c not in names]
    values = {"station": station, "contest": contest, **typed}
    updated = False
    table = []
    for row in rows:
        cells = dict(zip(names, [*row, *[""] * (len(names) - len(row))], strict=False))
        if (cells.get("station"), cells.get("contest")) == (station, contest):
            cells.update({k: v for k, v in values.items() if v})
            updated = True
        table.append([cells.get(n, "") for n in names])
    if not updated:
        table.append([values.get(n, "") for n in names])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([names, *table])
    atomic_write(folder / COPIES_TABLE, buffer.getvalue().encode("utf-8"))
