"""The one exception family of the tool, and the Problem record that validation collects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """An error stops the build; a warning is printed and the build goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located precisely enough for a non-programmer to fix it.

    ``where`` is a spreadsheet row ("row 5"), a YAML location ("line 12, contests[0].votes") or
    empty when the whole file is concerned.
    """

    file: str
    where: str
    column: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.where) if part)
        if self.column:
            from .i18n import gettext

            place += gettext(', column "{column}"').format(column=self.column)
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
