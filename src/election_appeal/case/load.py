"""Load a case folder: case.yaml, the applicant's file, the protocols and the reference tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CaseError, Problem, Severity
from ..resources import reference_dir
from .messages import validate_model
from .protocols import ProtocolSet, read_protocols
from .reference import Reference, load_reference
from .schema import Applicant, Case
from .validate import Context, cross_check
from .yamlfile import YamlDocument, read_yaml

CASE_FILE = "case.yaml"
PROTOCOL_FILES = ("protocols.csv", "protocols.xlsx")


@dataclass(frozen=True)
class CaseData:
    """A validated case, ready for analysis: nothing in it needs checking again."""

    folder: Path
    case: Case
    applicant: Applicant
    protocols: ProtocolSet
    reference: Reference
    warnings: list[Problem]


def load_case(folder: Path, reference_folder: Path | None = None) -> CaseData:
    """Read and check a case folder; raise CaseError listing every error and warning at once."""
    if not folder.is_dir():
        raise CaseError([Problem(str(folder), "", "", "no such folder")])
    doc = read_yaml(folder / CASE_FILE, str(folder / CASE_FILE))
    if not isinstance(doc.data, dict):
        raise CaseError([doc.problem((), "case.yaml must be a group of 'name: value' lines")])
    problems: list[Problem] = []
    applicant = _load_applicant(folder, doc, problems)
    case, found = validate_model(doc, Case, _with_applicant(doc.data, applicant))
    problems += found
    reference = load_reference(reference_folder or reference_dir(), folder)
    protocols = _load_protocols(folder, doc, problems)
    if case is not None:
        problems += cross_check(Context(case, reference, folder, protocols), doc)
    if case is None or applicant is None or _has_errors(problems):
        raise CaseError(problems)
    return CaseData(folder, case, applicant, protocols, reference, problems)


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
        path = folder / str(raw["file"])
        if not path.is_file():
            message = f'the applicant\'s file "{raw["file"]}" is not in the case folder'
            problems.append(doc.problem(("applicant", "file"), message))
            return None
        try:
            source = read_yaml(path, str(path))
        except CaseError as exc:
            problems += exc.problems
            return None
        applicant, found = validate_model(source, Applicant, source.data)
    else:
        applicant, found = validate_model(doc, Applicant, raw, ("applicant",))
    problems += found
    return applicant


def _ids(doc: YamlDocument, key: str) -> list[str]:
    """Ids listed under a key of case.yaml, read leniently so that the protocols can be checked
    even when other parts of case.yaml have problems."""
    items = doc.data.get(key)
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def _load_protocols(folder: Path, doc: YamlDocument, problems: list[Problem]) -> ProtocolSet:
    declared = doc.data.get("protocols")
    names = [str(declared)] if declared else [n for n in PROTOCOL_FILES if (folder / n).is_file()]
    if len(names) != 1:
        message = (
            "the case folder must hold one protocol table, protocols.csv or protocols.xlsx"
            if not names
            else "both protocols.csv and protocols.xlsx are present; remove one, or name one "
            "in case.yaml as protocols: <file>"
        )
        problems.append(Problem(str(folder), "", "", message))
        return ProtocolSet("", [])
    path = folder / names[0]
    party_ids, contest_ids = _ids(doc, "parties"), _ids(doc, "contests")
    if not party_ids or not contest_ids:
        return ProtocolSet(str(path), [])  # nothing to check the columns against
    try:
        protocols, found = read_protocols(path, str(path), party_ids, contest_ids)
    except CaseError as exc:
        problems += exc.problems
        return ProtocolSet(str(path), [])
    problems += found
    return protocols
