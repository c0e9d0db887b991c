"""Plain-text reports for the terminal: the list of problems and the summary of a good case,
in the interface language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem, Severity
from .i18n import date_text, decimal, ngettext
from .i18n import gettext as _

if TYPE_CHECKING:
    from .api import Citations
    from .case import CaseData
    from .case.schema import Contest
    from .publish.bulk import BuildReport


def error_line(text: object) -> str:
    """ "Error: …" in the interface language."""
    return _("Error: {message}").format(message=text)


def warning_line(text: object) -> str:
    """ "Warning: …" in the interface language."""
    return _("Warning: {message}").format(message=text)


def failure(exc: BaseException) -> str:
    """What the command line prints when a command fails: one line, or the list of problems."""
    from .errors import CaseError

    if isinstance(exc, CaseError):
        single = len(exc.problems) == 1 and exc.errors
        return error_line(exc.problems[0]) if single else problem_report(exc.problems)
    if isinstance(exc, MemoryError):
        return error_line(
            _("there is not enough memory for this; close other programs or split the case")
        )
    if isinstance(exc, RecursionError):
        return error_line(_("the input is nested too deeply to be read"))
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return error_line(f"{where}{exc.strerror or exc}")
    return error_line(exc)


def problem_report(problems: list[Problem]) -> str:
    """Errors first, then warnings, then a count and what to do next."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    lines = [error_line(p) for p in errors] + [warning_line(p) for p in warnings]
    counts = ", ".join(
        (
            ngettext("{n} error", "{n} errors", len(errors)).format(n=len(errors)),
            ngettext("{n} warning", "{n} warnings", len(warnings)).format(n=len(warnings)),
        )
    )
    verdict = (
        _("Fix the errors and run the command again.") if errors else _("The case can be used.")
    )
    lines.append(f"{counts}. {verdict}")
    return "\n".join(lines)


def ratio_report(broken: list[Problem]) -> str:
    """The copies that break a control ratio in a case that has errors: worth checking against
    the paper while the errors are fixed."""
    lines = [warning_line(p) for p in broken]
    lines.append(
        ngettext(
            "{n} control ratio is broken in the copies above; compare them with the paper "
            "while you fix the errors.",
            "{n} control ratios are broken in the copies above; compare them with the paper "
            "while you fix the errors.",
            len(broken),
        ).format(n=len(broken))
    )
    return "\n".join(lines)


def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    """ "  Label:   value" lines with the values in one column, whatever the labels' language."""
    width = max(len(label) for label, _value in rows) + 1
    return [f"  {label + ':':<{width + 2}}{value}" for label, value in rows]


def case_summary(data: CaseData) -> str:
    """What was read from a good case folder, in a few lines a user can compare with the paper."""
    from .case.numbers import count_text
    from .case.texts import for_reader

    case, protocols = data.case, data.protocols
    stations = protocols.stations()
    share = 100 * len(stations) / case.election.stations
    sources = "; ".join(f"{name}: {n}" for name, n in protocols.sources().items()) or "—"
    compared = case.compared()
    # The case's own names, not its ids: the contests by their short titles, the parties by
    # their short names, in the interface language when the case gives them in it.
    contests = ", ".join(
        f"{_label(c)}{_role(c.id, *compared)}" if compared else _label(c) for c in case.contests
    )
    parties = ", ".join(for_reader(p.short_name) for p in case.parties)
    election = ngettext(
        "{date}, {territory}, {n} polling station",
        "{date}, {territory}, {n} polling stations",
        case.election.stations,
    )
    rows = ngettext("{n} row from {file}", "{n} rows from {file}", len(protocols.protocols))
    covered = ngettext(
        "{n} station ({share} of {total})", "{n} stations ({share} of {total})", len(stations)
    )
    table = [
        (
            _("Election"),
            election.format(
                date=date_text(case.election.date),
                territory=for_reader(case.election.territory),
                n=count_text(case.election.stations),
            ),
        ),
        (_("Parties"), f"{len(case.parties)} ({parties})"),
        (_("Contests"), contests),
        (
            _("Protocols"),
            ", ".join(
                (
                    rows.format(n=count_text(len(protocols.protocols)), file=protocols.file),
                    covered.format(
                        n=count_text(len(stations)),
                        share=f"{decimal(share, _places(share))} %",
                        total=count_text(case.election.stations),
                    ),
                )
            ),
        ),
        (_("Sources"), sources),
    ]
    lines = [_("{folder}: the case is ready.").format(folder=data.folder), *_aligned(table)]
    if case.illustrative:
        lines.append(
            "  "
            + _(
                "Illustrative: yes. The data is not real; every page is marked ОБРАЗЕЦ "
                "(ҮЛГІ in Kazakh documents)."
            )
        )
    return "\n".join(lines)


def _places(share: float) -> int:
    """Decimals enough for a share above zero not to read 0,0 % (1 station of 10 000 is
    0,01 %); one otherwise."""
    places = 1
    while share > 0 and round(share, places) == 0 and places < 4:
        places += 1
    return places


def _label(contest: Contest) -> str:
    """A contest as a message names it: its short title, else its title."""
    from .case.texts import for_reader

    return for_reader(contest.short_title or contest.title)


def _role(contest_id: str, first: str, second: str) -> str:
    return {first: _(" (first)"), second: _(" (second)")}.get(contest_id, "")


def names_language() -> str:
    """The language a message names the case's authorities in: the interface's when a case
    can give names in it (ru, kk), else Russian."""
    from .case.texts import TEXT_LANGUAGES
    from .i18n import current_language

    language = current_language()
    return language if language in TEXT_LANGUAGES else "ru"


def build_report(report: BuildReport) -> str:
    """Case by case what was built, skipped or failed, the changes, then a one-line summary;
    the letters' addressees by their names."""
    from .api import authorities

    lines = []
    for outcome in report.outcomes:
        name = outcome.case.resolve().name
        if outcome.status == "unchanged":
            lines.append(_("{case}: unchanged, nothing written").format(case=name))
        elif outcome.status == "failed":
            lines.append(_("{case}: FAILED").format(case=name))
            said = (
                problem_report(outcome.problems)
                if outcome.problems
                else error_line(outcome.message)
            )
            lines += [f"  {line}" for line in said.splitlines()]
        else:
            folder = outcome.outputs[0].parent if outcome.outputs else ""
            wrote = ngettext(
                "{case}: built {n} file in {folder}",
                "{case}: built {n} files in {folder}",
                len(outcome.outputs),
            )
            lines.append(wrote.format(case=name, n=len(outcome.outputs), folder=folder))
            names = authorities(outcome.case, names_language()) if outcome.letters else {}
            for stem, addressee_id, copy_ids in outcome.letters:
                addressee = names.get(addressee_id, addressee_id)
                copies = [names.get(i, i) for i in copy_ids]
                line = (
                    _("{file}: to {addressee}, a copy to {copies}")
                    if copies
                    else _("{file}: to {addressee}")
                )
                lines.append(
                    "  " + line.format(file=stem, addressee=addressee, copies=", ".join(copies))
                )
            lines += [f"  {warning_line(w)}" for w in outcome.warnings]
            if outcome.changes:
                lines += [f"  {line}" if line else "" for line in outcome.changes.splitlines()]
    built, unchanged, failed = (report.count(s) for s in ("built", "unchanged", "failed"))
    summary = _("{built} built, {unchanged} unchanged, {failed} failed.")
    lines.append(summary.format(built=built, unchanged=unchanged, failed=failed))
    return "\n".join(lines)


def law_report(citations: Citations) -> str:
    """The provisions a case's appeal cites, each checked or not against the official text,
    with its address and note; then where they come from."""
    from .i18n import current_language

    lines = []
    for found in citations.cited:
        version = found.version
        if version is None:
            message = _("{key}: nothing on record in force on {day}; the appeal cannot cite it")
            lines.append(message.format(key=found.key, day=found.day.isoformat()))
            continue
        state = _("checked") if version.verified else _("NOT CHECKED against the official text")
        lines.append(f"{found.key} ({found.day.isoformat()}): {state}")
        lines.append(f"  {version.citation(current_language())}")
        if version.url:
            lines.append(f"  {version.url}")
        if read := version.verified_from:
            edition = read.edition.isoformat() if read.edition else _("not shown")
            message = _("read on {url} (edition of the text: {edition})")
            lines.append("  " + message.format(url=read.url, edition=edition))
        if version.note:
            lines.append(f"  {version.note}")
    unchecked = sum(1 for c in citations.cited if c.version is None or not c.version.verified)
    lines.append(
        ngettext(
            "{n} of {total} citations is not checked; read it in the official text before signing.",
            "{n} of {total} citations are not checked; read them in the official text before "
            "signing.",
            unchecked,
        ).format(n=unchecked, total=len(citations.cited))
    )
    lines.append(
        _(
            "The citations come from {file}, which is shipped with the tool; a case folder "
            "cannot replace them with a law.yaml of its own. Only the list of offences in the "
            "appeal's legal section can be replaced, by legal_articles in case.yaml."
        ).format(file=citations.source)
    )
    return "\n".join(lines)
