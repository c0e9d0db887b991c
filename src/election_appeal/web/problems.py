"""Problems found by `appeal check`, placed where the page shows them: next to a form field,
in a section, or in the protocol grid's cells."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import COPIES_FOLDER, PROTOCOL_TABLES
from ..errors import Problem, Severity
from ..i18n import N_
from ..i18n import gettext as _
from .forms import FIELD_LABELS, label_key
from .yamlfile import in_language

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
    applicant_file: str | None = None

    def labels(self, gettext: Callable[[str], str], doc: Any, language: str) -> Labels:
        """The fields of these problems named by their labels, in the page's language."""
        return Labels(gettext, doc if isinstance(doc, dict) else {}, language, self.applicant_file)

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
    placed = Placed(defaultdict(list), defaultdict(list), [], defaultdict(list), [], applicant_file)
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


# A field's path as a message may write it: funding.year, contests[0].turnout, source_date.
# Not a part of a file's name or path (case.yaml, data/reference/law.yaml).
_PATH = re.compile(
    r"(?<![\w./\\-])[a-z][a-z0-9_]*(?:\[\d+\])?(?:\.[a-z][a-z0-9_]*(?:\[\d+\])?)*(?![\w/\\-]|\.\w)"
)
# A field of one of several contests, in a list of problems: «Маслихат: Проголосовали».
_OF_CONTEST = N_("{contest}: {field}")
_CONTEST = re.compile(r"contests\[(\d+)\]")
_PARTY = re.compile(r"parties\[(\d+)\]")


@dataclass(frozen=True)
class Labels:
    """Fields named as the forms label them (web/forms.py FIELD_LABELS), not by their paths in
    case.yaml: the page shows «Год расчёта» where `appeal check` says funding.year."""

    gettext: Callable[[str], str]
    doc: dict[str, Any]
    language: str
    applicant_file: str | None = None

    def __call__(self, name: str) -> str | None:
        """A field's label as its form shows it; None for a field no form has."""
        message = FIELD_LABELS.get(label_key(name))
        if message is None:
            return None
        party = name.rsplit(".", 1)[-1]
        found = _PARTY.match(name)
        return self.gettext(message).format(
            party=self._party(party), number=int(found[1]) + 1 if found else ""
        )

    def named(self, name: str) -> str | None:
        """A field's label as a list of problems names it: with its contest's name when the
        case has several contests (each has the same fields)."""
        label = self(name)
        found = _CONTEST.match(name)
        contests = self._items("contests")
        if found and int(found[1]) >= len(contests):
            return None  # a page without the case's contests cannot say whose field it is
        if label is None or not found or len(contests) < 2:
            return label
        contest = contests[int(found[1])]
        title = contest.get("short_title") or contest.get("title") or contest.get("id")
        shown = in_language(title, self.language)
        return self.gettext(_OF_CONTEST).format(contest=shown, field=label) if title else label

    def field(self, problem: Problem) -> str | None:
        """The field of a form a problem is about, when the page has a form for it."""
        name = field_of(problem, self.applicant_file)
        return name if name and section_of(name) and self(name) else None

    def table_page(self, problem: Problem) -> str | None:
        """The page of the table a problem is in (protocols, official, copies), when it is
        one of the case's tables; None otherwise."""
        name = Path(problem.file.split(",")[0]).name
        if f"/{COPIES_FOLDER}/" in problem.file.replace("\\", "/"):
            return "copies"
        entry = self.doc.get("official_results")
        if isinstance(entry, dict) and name and name == entry.get("file"):
            return "official"
        return "protocols" if name.lower() in PROTOCOL_TABLES else None

    def section(self, name: str) -> str | None:
        """The section whose form has a field."""
        return section_of(name)

    def place(self, problem: Problem) -> str:
        """Where a problem is, as the page says it: the field's label, else the row or line."""
        name = field_of(problem, self.applicant_file)
        return (self.named(name) if name else None) or problem.place

    def worded(self, problem: Problem) -> str:
        """A problem's message with every field it names by its path (funding.year, or
        source_date beside the field it is about) named by its label in «»."""
        field = field_of(problem, self.applicant_file) or ""

        def label(found: re.Match[str]) -> str:
            token = found[0]
            if "." not in token and "_" not in token:
                return token  # a plain word of the sentence, not a field's name
            for name in _candidates(token, field):
                if not label_key(name).endswith("*") and (shown := self(name)):
                    return f"«{shown}»"
            return token

        return _PATH.sub(label, problem.message)

    def _party(self, party_id: str) -> str:
        for party in self._items("parties"):
            if str(party.get("id")) == party_id:
                return str(in_language(party.get("short_name") or party_id, self.language))
        return party_id

    def _items(self, key: str) -> list[Any]:
        value = self.doc.get(key)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _candidates(token: str, field: str) -> list[str]:
    """The paths a name in a message may stand for: itself, then beside the problem's field
    and its parents (source_date of contests[0].decided_by is contests[0].source_date)."""
    parents = []
    while field:
        parents.append(field)
        field = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", field) if re.search(r"[.\[]", field) else ""
    return [token, *(f"{parent}.{token}" for parent in parents)]


# `appeal check` asks for a party's missing official votes in the words of case.yaml («add npk:
# <votes> to the votes of …»); on the page the figure goes into the party's field of the
# contests form, next to which the problem is shown in these words.
MISSING_VOTES = N_(
    "the official number of votes is not entered: type it as in the published result"
)


# The official results named without their table (the source saved before a table was made):
# `check` finds the entry's file missing, which the page makes by a button, not in a field.
NO_OFFICIAL_TABLE = N_(
    "the table of the official figures per station is not made yet: upload it or type the "
    "figures in on the page «Official figures per station»"
)


# A text of a case in Kazakh that reads as Russian: `check` asks for it as {ru: …, kk: …}, which
# a field of the page cannot take; the page's field holds the text the documents print.
NOT_KAZAKH = N_(
    "the documents are in Kazakh, but this text has no letter of Kazakh's own (ә, ғ, қ, ң, ө, "
    "ұ, ү, һ, і): if it is Russian, the Kazakh documents print it in Russian; type it here in "
    "Kazakh"
)
_PER_LANGUAGE = "{ru: …, kk: …}"
# `check` asks for «sex: male or female»; the page has a list to choose from.
NO_SEX = N_(
    "choose it: the name does not show it, and the Russian documents need it to write "
    "«проживающего» or «проживающей»"
)


def in_page_words(problems: list[Problem], doc: Any) -> list[Problem]:
    """The problems with those only a case.yaml editor understands reworded for the page: a
    party missing from a contest's official votes becomes a problem of that party's field,
    official results without a table ask for the table, a text of a Kazakh case read as
    Russian is asked for in Kazakh in its field."""
    missing = _missing_votes(doc)
    worded = []
    for problem in problems:
        field = field_of(problem, None)
        if field == "official_results.file" and _without_table(doc, problem):
            worded.append(dataclasses.replace(problem, message=_(NO_OFFICIAL_TABLE)))
            continue
        if _LINE.sub("", problem.where).endswith("sex") and "«проживающ" in problem.message:
            worded.append(dataclasses.replace(problem, message=_(NO_SEX)))
            continue
        if field and _PER_LANGUAGE in problem.message and _kazakh_only(doc):
            worded.append(dataclasses.replace(problem, message=_(NOT_KAZAKH)))
            continue
        party = next(
            (
                p
                for p in missing.get(field or "", [])
                if re.search(rf"(?<![\w]){re.escape(p)}: <", problem.message)
            ),
            None,
        )
        if party is None or problem.severity is not Severity.ERROR:
            worded.append(problem)
        else:
            where = f"{problem.where}.{party}"
            worded.append(dataclasses.replace(problem, where=where, message=_(MISSING_VOTES)))
    return worded


def _missing_votes(doc: Any) -> dict[str, list[str]]:
    """The parties absent from each contest's votes, by the votes' field (contests[0].votes)."""
    if not isinstance(doc, dict):
        return {}
    parties = [str(p.get("id")) for p in doc.get("parties") or [] if isinstance(p, dict)]
    contests = doc.get("contests")
    if not isinstance(contests, list):
        return {}
    missing = {}
    for i, contest in enumerate(contests):
        votes = contest.get("votes") if isinstance(contest, dict) else None
        listed = set(votes) if isinstance(votes, dict) else set()
        missing[f"contests[{i}].votes"] = [p for p in parties if p not in listed]
    return missing


def _without_table(doc: Any, problem: Problem) -> bool:
    """Whether a problem of the official results' entry is its missing file."""
    entry = doc.get("official_results") if isinstance(doc, dict) else None
    missing = isinstance(entry, dict) and "file" not in entry and "source" in entry
    return missing and problem.severity is Severity.ERROR


def _kazakh_only(doc: Any) -> bool:
    """Whether the case's documents are made in Kazakh alone (a field then edits the one text
    they print)."""
    return isinstance(doc, dict) and doc.get("language") == "kk" and not doc.get("languages")
