"""Plain-text reports for the terminal: the list of problems and the summary of a good case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem, Severity

if TYPE_CHECKING:
    from .case import CaseData
    from .publish.bulk import BuildReport


def failure(exc: BaseException) -> str:
    """What the command line prints when a command fails: one line, or the list of problems."""
    from .errors import CaseError

    if isinstance(exc, CaseError):
        single = len(exc.problems) == 1 and exc.errors
        return f"Error: {exc.problems[0]}" if single else problem_report(exc.problems)
    if isinstance(exc, MemoryError):
        return "Error: there is not enough memory for this; close other programs or split the case"
    if isinstance(exc, RecursionError):
        return "Error: the input is nested too deeply to be read"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"Error: {where}{exc.strerror or exc}"
    return f"Error: {exc}"


def problem_report(problems: list[Problem]) -> str:
    """Errors first, then warnings, then a count and what to do next."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    lines = [f"Error: {p}" for p in errors] + [f"Warning: {p}" for p in warnings]
    counts = [_plural(len(errors), "error"), _plural(len(warnings), "warning")]
    verdict = "Fix the errors and run the command again." if errors else "The case can be used."
    lines.append(f"{', '.join(counts)}. {verdict}")
    return "\n".join(lines)


def case_summary(data: CaseData) -> str:
    """What was read from a good case folder, in a few lines a user can compare with the paper."""
    case, protocols = data.case, data.protocols
    stations = protocols.stations()
    share = 100 * len(stations) / case.election.stations
    sources = "; ".join(f"{name}: {n}" for name, n in protocols.sources().items()) or "—"
    contests = ", ".join(
        f"{c.id}{_role(c.id, case.comparison.first, case.comparison.second)}" for c in case.contests
    )
    lines = [
        f"{data.folder}: the case is ready.",
        f"  Election:   {case.election.date.isoformat()}, {case.election.territory}, "
        f"{case.election.stations} polling stations",
        f"  Parties:    {len(case.parties)} ({', '.join(p.id for p in case.parties)})",
        f"  Contests:   {contests}",
        f"  Protocols:  {len(protocols.protocols)} rows from {protocols.file}, "
        f"{len(stations)} stations ({share:.1f} % of {case.election.stations})",
        f"  Sources:    {sources}",
    ]
    if case.illustrative:
        lines.append("  Illustrative: yes. The data is not real; every page is marked ОБРАЗЕЦ.")
    return "\n".join(lines)


def _role(contest_id: str, first: str, second: str) -> str:
    return {first: " (first)", second: " (second)"}.get(contest_id, "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def build_report(report: BuildReport) -> str:
    """Case by case what was built, skipped or failed, the changes, then a one-line summary."""
    lines = []
    for outcome in report.outcomes:
        name = outcome.case.resolve().name
        if outcome.status == "unchanged":
            lines.append(f"{name}: unchanged, nothing written")
        elif outcome.status == "failed":
            lines.append(f"{name}: FAILED")
            said = (
                problem_report(outcome.problems)
                if outcome.problems
                else f"Error: {outcome.message}"
            )
            lines += [f"  {line}" for line in said.splitlines()]
        else:
            folder = outcome.outputs[0].parent if outcome.outputs else ""
            lines.append(f"{name}: built {len(outcome.outputs)} files in {folder}")
            lines += [f"  Warning: {w}" for w in outcome.warnings]
            if outcome.changes:
                lines += [f"  {line}" if line else "" for line in outcome.changes.splitlines()]
    counts = [report.count(status) for status in ("built", "unchanged", "failed")]
    lines.append("{} built, {} unchanged, {} failed.".format(*counts))
    return "\n".join(lines)
