"""Load a case folder: case.yaml, the applicant's file, the protocols and the reference tables."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import CaseError, Problem, Severity
from ..i18n import gettext as _
from ..resources import reference_dir
from .copies import TABLE_NAMES as COPIES_TABLES
from .copies import CopySet, copies_not_attached, load_copies
from .election_checks import empty_table
from .messages import validate_model
from .numbers import MAX_COUNT
from .official import read_official
from .paths import ATTACHMENT_MAX_BYTES, PathRefused, case_path, too_large
from .protocols import ProtocolSet, contest_names, read_protocols
from .reference import AUTHORITIES, Reference, load_reference
from .schema import Applicant, Case
from .tables import read_sheet
from .texts import text_problems
from .validate import Context, contest_names_in, cross_check, readable_cross_check
from .yamlfile import Location, YamlDocument, read_yaml

CASE_FILE = "case.yaml"
PROTOCOL_FILES = ("protocols.csv", "protocols.xlsx")
# The years a ZIP entry (and so a DOCX or XLSX file) can record as its date.
FIRST_YEAR, LAST_YEAR = 1980, 2107


@dataclass(frozen=True)
class CaseData:
    """A validated case, ready for analysis: nothing in it needs checking again."""

    folder: Path
    case: Case
    applicant: Applicant
    protocols: ProtocolSet
    reference: Reference
    warnings: list[Problem]
    # The official figures per station (case.yaml official_results), when given.
    official: ProtocolSet | None = None
    # The copies folder (case.yaml copies, or a folder named copies), when there is one.
    copies: CopySet | None = None


def load_case(folder: Path, reference_folder: Path | None = None) -> CaseData:
    """Read and check a case folder; raise CaseError listing every error and warning at once."""
    if not os.path.isdir(folder):
        raise CaseError([Problem(str(folder), "", "", _("no such folder"))])
    display = str(folder / CASE_FILE)
    try:
        doc = read_yaml(case_path(folder, CASE_FILE), display)
    except PathRefused as exc:
        message = str(exc) if (folder / CASE_FILE).exists() else _("file not found")
        raise CaseError([Problem(display, "", "", message), *_file_problems(folder)]) from None
    except CaseError as exc:
        raise CaseError([*exc.problems, *_file_problems(folder)]) from None
    if not isinstance(doc.data, dict):
        message = _("case.yaml must be a group of 'name: value' lines")
        raise CaseError([doc.problem((), message)])
    problems: list[Problem] = []
    applicant = _load_applicant(folder, doc, problems)
    case, found = validate_model(doc, Case, _with_applicant(doc.data, applicant))
    problems += found
    refused = _attachment_files(folder, doc)
    problems += refused.values()
    reference = _load_reference(reference_folder or reference_dir(), folder, problems)
    protocols = _load_protocols(folder, doc, problems)
    official = _load_official(folder, doc, problems)
    copies = _load_copies(folder, doc, protocols, problems)
    if reference is None:
        raise CaseError(problems)
    if case is not None:
        problems += [doc.problem(where, message) for where, message in _out_of_range(case, ())]
        checked = _as_paper_copies(case, set(refused))
        problems += cross_check(Context(checked, reference, folder, protocols, official), doc)
        problems += text_problems(case, protocols.words(), doc)
    else:
        data = _with_applicant(doc.data, applicant)
        problems += readable_cross_check(doc, data, reference, folder, protocols)
    if case is None or applicant is None or _has_errors(problems):
        raise CaseError(problems)
    return CaseData(folder, case, applicant, protocols, reference, problems, official, copies)


def _load_reference(shipped: Path, folder: Path, problems: list[Problem]) -> Reference | None:
    """The reference tables with the case folder's own authorities.yaml. When that file cannot
    be read, its problems are listed and the rest of the case is checked against the shipped
    tables, so that they do not hide the problems of the other files; None when those cannot
    be read either."""
    try:
        return load_reference(shipped, folder)
    except CaseError as exc:
        problems += exc.problems
    try:
        return load_reference(shipped)
    except CaseError:
        return None  # the same problems, already listed


def _file_problems(folder: Path) -> list[Problem]:
    """What can be told of the case's other files without case.yaml, when it cannot be read:
    tables that cannot be read as tables (encoding, quotes, formulas, controls) and an
    authorities.yaml that cannot be read, so that they are not found one run later."""
    problems: list[Problem] = []
    tables = [*PROTOCOL_FILES, *(f"copies/{name}" for name in COPIES_TABLES)]
    for name in tables:
        if not (folder / name).is_file():
            continue
        try:
            problems += read_sheet(case_path(folder, name), str(folder / name)).errors
        except CaseError as exc:
            problems += exc.errors
        except PathRefused as exc:
            problems.append(Problem(str(folder / name), "", "", str(exc)))
    if (folder / AUTHORITIES).is_file():
        try:
            read_yaml(case_path(folder, AUTHORITIES), str(folder / AUTHORITIES))
        except CaseError as exc:
            problems += exc.errors
        except PathRefused as exc:
            problems.append(Problem(str(folder / AUTHORITIES), "", "", str(exc)))
    return problems


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


# Stands in for an applicant whose own problems are already reported, so they are not
# reported a second time by the Case model.
_CHECKED_ELSEWHERE = Applicant(full_name="-", address="-")


def _with_applicant(data: dict[str, Any], applicant: Applicant | None) -> dict[str, Any]:
    """The case data with the applicant inline, so the Case model sees one shape."""
    if data.get("applicant") is None:
        return data
    return {**data, "applicant": (applicant or _CHECKED_ELSEWHERE).model_dump()}


def _load_applicant(folder: Path, doc: YamlDocument, problems: list[Problem]) -> Applicant | None:
    """The applicant, read inline from case.yaml or from the separate file it names."""
    raw = doc.data.get("applicant")
    if raw is None:
        return None  # reported as a missing field by the Case model
    if isinstance(raw, dict) and set(raw) == {"file"}:
        try:
            path = case_path(folder, str(raw["file"]), applicant=True)
        except PathRefused as exc:
            problems.append(doc.problem(("applicant", "file"), str(exc)))
            return None
        try:
            source = read_yaml(path, str(folder / str(raw["file"])))
        except CaseError as exc:
            problems += exc.problems
            return None
        applicant, found = validate_model(source, Applicant, source.data)
    else:
        applicant, found = validate_model(doc, Applicant, raw, ("applicant",))
    problems += found
    return applicant


def _attachment_files(folder: Path, doc: YamlDocument) -> dict[int, Problem]:
    """By attachment index: a file that is missing, outside the case folder, not a regular file
    or too large."""
    items = doc.data.get("attachments")
    problems = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        name = item.get("file") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        location = ("attachments", index, "file")
        try:
            size = case_path(folder, name).stat().st_size
        except PathRefused as exc:
            problems[index] = doc.problem(location, str(exc))
            continue
        except OSError:  # removed since it was found: the build says so when it reads it
            size = 0
        if size > ATTACHMENT_MAX_BYTES:
            problems[index] = doc.problem(location, too_large(size, ATTACHMENT_MAX_BYTES))
    return problems


def _as_paper_copies(case: Case, refused: set[int]) -> Case:
    """The case with each refused attachment taken as a paper copy, for the cross-checks: its
    file is reported already, and must not be looked at again."""
    if not refused:
        return case
    attachments = [
        item.model_copy(update={"file": None, "sheets": item.sheets or 1}) if i in refused else item
        for i, item in enumerate(case.attachments)
    ]
    return case.model_copy(update={"attachments": attachments})


def _out_of_range(value: object, location: Location) -> Iterator[tuple[Location, str]]:
    """Dates the output files cannot record and counts no election has, anywhere in the case."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _out_of_range(getattr(value, name), (*location, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _out_of_range(item, (*location, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _out_of_range(item, (*location, index))
    elif isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        message = _(
            "the year {year} is out of range: dates from {first} to {last} only, the years the "
            "document files can record; check the date"
        )
        yield location, message.format(year=value.year, first=FIRST_YEAR, last=LAST_YEAR)
    elif isinstance(value, int) and not isinstance(value, bool) and value > MAX_COUNT:
        largest = f"{MAX_COUNT:,}".replace(",", " ")
        yield location, _("the number is too large (at most {largest})").format(largest=largest)


def _ids(doc: YamlDocument, key: str) -> list[str]:
    """Ids listed under a key of case.yaml, read leniently so that the protocols can be checked
    even when other parts of case.yaml have problems."""
    items = doc.data.get(key)
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def _load_protocols(folder: Path, doc: YamlDocument, problems: list[Problem]) -> ProtocolSet:
    declared = doc.data.get("protocols")
    names = [str(declared)] if declared else [n for n in PROTOCOL_FILES if (folder / n).exists()]
    if len(names) == 2:  # `appeal new` writes both blanks: the one filled in is the table
        filled = [n for n in names if _has_rows(folder, n)]
        names = filled if len(filled) == 1 else [PROTOCOL_FILES[1]] if not filled else names
    if len(names) != 1:
        message = (
            _("the case folder must hold one protocol table, protocols.csv or protocols.xlsx")
            if not names
            else _(
                "both protocols.csv and protocols.xlsx hold rows; remove one, or name one "
                "in case.yaml as protocols: <file>"
            )
        )
        problems.append(Problem(str(folder), "", "", message))
        return ProtocolSet("", [])
    display = str(folder / names[0])
    try:
        path = case_path(folder, names[0])
    except PathRefused as exc:
        where = doc.problem(("protocols",), str(exc)) if declared else None
        problems.append(where or Problem(display, "", "", str(exc)))
        return ProtocolSet(display, [])
    party_ids, contest_ids = _ids(doc, "parties"), _ids(doc, "contests")
    if not party_ids or not contest_ids:
        return ProtocolSet(display, [])  # nothing to check the columns against
    try:
        called = contest_names_in(doc.data)
        protocols, found = read_protocols(
            path, display, party_ids, contest_names(doc.data, contest_ids), called
        )
    except CaseError as exc:
        problems += exc.problems
        return ProtocolSet(display, [])
    problems += found
    problems += [] if found else empty_table(protocols)
    return protocols


def _has_rows(folder: Path, name: str) -> bool:
    """Whether a protocol table holds any row under its header (a blank one does not)."""
    try:
        return bool(read_sheet(case_path(folder, name), name).rows)
    except (CaseError, PathRefused):
        return True  # a table that cannot be read is not a blank: let it be reported


def _load_official(folder: Path, doc: YamlDocument, problems: list[Problem]) -> ProtocolSet | None:
    """The official figures per station, when case.yaml names their table."""
    declared = doc.data.get("official_results")
    name = declared.get("file") if isinstance(declared, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None  # absent, or reported by the Case model
    party_ids, contest_ids = _ids(doc, "parties"), _ids(doc, "contests")
    try:
        path = case_path(folder, name)
    except PathRefused as exc:
        problems.append(doc.problem(("official_results", "file"), str(exc)))
        return None
    if not party_ids or not contest_ids:
        return None
    try:
        names = contest_names_in(doc.data)
        contests = contest_names(doc.data, contest_ids)
        official, found = read_official(path, str(folder / name), party_ids, contests, names)
    except CaseError as exc:
        problems += exc.problems
        return None
    problems += found
    return official


def _load_copies(
    folder: Path, doc: YamlDocument, protocols: ProtocolSet, problems: list[Problem]
) -> CopySet | None:
    """The copies folder named in case.yaml, or the folder copies/ when there is one."""
    declared = doc.data.get("copies")
    name = declared.get("folder", "copies") if isinstance(declared, dict) else "copies"
    if not isinstance(name, str) or (declared is None and not (folder / name).is_dir()):
        if doc.data.get("illustrative") is False:  # an example cannot be filed: spared
            problems += copies_not_attached(protocols)
        return None
    contest_ids = _ids(doc, "contests")
    if not contest_ids:
        return None  # no file name can be read without them; case.yaml's errors say why
    illustrative = doc.data.get("illustrative") is not False
    names = contest_names_in(doc.data)
    copies, found = load_copies(folder, name, protocols, contest_ids, illustrative, names)
    problems += found
    return copies
