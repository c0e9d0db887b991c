"""A plain table of votes per list (party,votes[,registered]) for `appeal seats`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CaseError, Problem
from ..i18n import gettext as _
from .numbers import NumberFormatError, parse_count
from .tables import read_sheet

AGAINST_ALL = "against_all"
COLUMNS = ("party", "votes", "registered")


@dataclass(frozen=True)
class VotesTable:
    """Votes per list in file order, "against all" apart, and registration order if given."""

    votes: dict[str, int]
    against_all: int
    registered: dict[str, int] | None


def read_votes(path: Path) -> VotesTable:
    """Read VOTES.csv/.xlsx; raise CaseError listing every problem."""
    table = read_sheet(path, str(path))
    display = table.display  # names the sheet of a workbook too
    header = [name.lower() for name in table.header]
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in COLUMNS[:2] if name not in header]
    if unknown or missing:
        found = ", ".join(header)
        message = _(
            "the columns must be party, votes and optionally registered (found: {found})"
        ).format(found=found)
        raise CaseError([*table.problems, Problem(display, "row 1", "", message)])
    problems: list[Problem] = list(table.problems)
    votes: dict[str, int] = {}
    registered: dict[str, int] = {}
    against_all = 0
    for number, cells in table.rows:
        record = dict(zip(header, cells, strict=False))
        where = f"row {number}"
        party = str(record.get("party") or "").strip()
        count = _count(record, "votes", display, where, problems)
        order = _count(record, "registered", display, where, problems)
        if not party:
            problems.append(Problem(display, where, "party", _("the party is missing")))
        elif party in votes or (party == AGAINST_ALL and against_all):
            message = _('"{party}" appears twice').format(party=party)
            problems.append(Problem(display, where, "party", message))
        elif count is None:
            if not any(p.file == display and p.where == where for p in problems):
                message = _("the number of votes is missing")
                problems.append(Problem(display, where, "votes", message))
        elif party == AGAINST_ALL:
            against_all = count
        else:
            votes[party] = count
            if order is not None:
                registered[party] = order
    if not votes and not problems:
        problems.append(Problem(display, "", "", _("the file lists no party")))
    elif votes and not problems and not any(votes.values()):
        message = _("every party has 0 votes; copy the votes of each party from the result")
        problems.append(Problem(display, "", "votes", message))
    if registered and set(registered) != set(votes):
        message = _("give the registration order for every party or for none")
        problems.append(Problem(display, "", "registered", message))
    if problems:
        raise CaseError(problems)
    return VotesTable(votes, against_all, registered or None)


def _count(
    record: dict[str, object], column: str, display: str, where: str, problems: list[Problem]
) -> int | None:
    try:
        return parse_count(record.get(column))
    except NumberFormatError as exc:
        problems.append(Problem(display, where, column, str(exc)))
        return None
