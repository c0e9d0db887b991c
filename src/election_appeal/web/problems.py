"""Problems found by `appeal check`, placed where the page shows them: next to a form field,
in a section, or in the protocol grid's cells."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Severity

# Which top-level keys of case.yaml each section of the form edits.
SECTION_KEYS = {
    "general": ("illustrative", "appeal", "election", "language"),
    "applicant": ("applicant",),
    "addressees": ("addressees",),
    "parties": ("parties",),
    "contests": ("contests", "comparison"),
    "official": ("official_results",),
    "settings": ("allocation", "funding"),
    "narrative": ("narrative", "legal_articles", "requests", "attachments"),
}
_LINE = re.compile(r"line \d+(, )?")
_ROW = re.compile(r"row (\d+)")


def field_of(problem: Problem, applicant_file: str | None) -> str | None:
    """The form field a problem of case.yaml or the applicant's file is about ('' for the whole
    file); None for a problem of another file."""
    path = _LINE.sub("", problem.where, count=1)
    if problem.file.endswith("case.yaml"):
        return path
    if applicant_file and problem.file.endswith(applicant_file):
        return f"applicant.{path}" if path else "applicant"
    return None


def section_of(name: str) -> str | None:
    """The section whose form has this field."""
    top = re.split(r"[.\[]", name, maxsplit=1)[0]
    return next((s for s, keys in SECTION_KEYS.items() if top in keys), None)


@dataclass
class Placed:
    """Every problem of a case, grouped the ways the pages show them."""

    by_field: dict[str, list[Problem]]
    by_section: dict[str, list[Problem]]
    table: list[Problem]
    cells: dict[tuple[int, str], list[Problem]]
    other: list[Problem]

    def errors(self, section: str) -> int:
        """How many errors a section (or "protocols") has."""
        found = self.table if section == "protocols" else self.by_section.get(section, [])
        return sum(p.severity is Severity.ERROR for p in found)


def _of_table(problem: Problem, table_file: str, folder: Path | None) -> bool:
    """Whether a problem is about the protocol table: its file (a workbook's names the sheet
    after a comma), or the case folder itself (no table, or two of them)."""
    if folder is not None and problem.file == str(folder):
        return True
    if not table_file or not problem.file.startswith(table_file):
        return False
    rest = problem.file[len(table_file) :]
    return not rest or rest.startswith(",")


def place(
    problems: list[Problem],
    applicant_file: str | None,
    table_file: str,
    folder: Path | None = None,
) -> Placed:
    """Sort problems into fields, sections, table cells and the rest. `table_file` is the
    protocol table's path as the checks name it."""
    placed = Placed(defaultdict(list), defaultdict(list), [], defaultdict(list), [])
    for problem in problems:
        name = field_of(problem, applicant_file)
        section = section_of(name) if name else None
        if name is not None and section is not None:
            placed.by_field[name].append(problem)
            placed.by_section[section].append(problem)
        elif _of_table(problem, table_file, folder):
            placed.table.append(problem)
            if match := _ROW.fullmatch(problem.where):
                placed.cells[(int(match.group(1)), problem.column.lower())].append(problem)
        else:
            placed.other.append(problem)
    return placed
