"""The one exception family of the tool, and the Problem record that validation collects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .i18n import gettext as _

# The forms a location takes in `Problem.where`; kept in these fixed English forms so that the
# web page can find the row or field, and worded in the interface language when shown.
_ROW = re.compile(r"row (\d+)")
_LINE = re.compile(r"line (\d+)(?:, (.+))?", re.DOTALL)


class Severity(StrEnum):
    """An error stops the build; a warning is printed and the build goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located precisely enough for a non-programmer to fix it.

    ``where`` is a spreadsheet row ("row 5"), a YAML location ("line 12, contests[0].votes") or
    empty when the whole file is concerned; `place` words it in the interface language.
    """

    file: str
    where: str
    column: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def place(self) -> str:
        """The row, or the line and field, in the interface language: "строка 5"."""
        if found := _ROW.fullmatch(self.where):
            return _("row {row}").format(row=found[1])
        if found := _LINE.fullmatch(self.where):
            if found[2]:
                return _("line {line}, {field}").format(line=found[1], field=found[2])
            return _("line {line}").format(line=found[1])
        return self.where

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.place) if part)
        if self.column:
            place += _(', column "{column}"').format(column=self.column)
        return f"{place}: {self.message}"


class AppealError(Exception):
    """Base of every error the tool reports to its user as a message, never as a traceback."""


class CaseError(AppealError):
    """The case folder has problems; all of them are listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_reading_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth reading that do not stop the build."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


class UsageError(AppealError):
    """A command was given an option or a file it cannot use."""


def _reading_order(problem: Problem) -> tuple[str, int, str, str]:
    """Sort problems file by file, then by row or line number as a reader scans the file."""
    digits = "".join(ch for ch in problem.where.split(",")[0] if ch.isdigit())
    return (problem.file, int(digits) if digits else 0, problem.column, problem.message)
