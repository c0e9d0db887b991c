"""The `appeal` command: parse options into typed values, call one library function (api.py),
print what it returns through the console module. The tool's errors are caught once, in the
command group, and become a message and exit code 1, never a traceback."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from . import __version__
from .clicktext import TranslatedCommand, TranslatedOption, install_for_click
from .errors import AppealError, UsageError
from .i18n import N_
from .i18n import gettext as _

install_for_click()
option = functools.partial(click.option, cls=TranslatedOption)


class AppealGroup(TranslatedCommand, click.Group):
    """The command group: runs a command and reports what went wrong in plain words."""

    command_class = TranslatedCommand

    def invoke(self, ctx: click.Context) -> Any:
        from .console import failure
        from .environment import source_date_epoch

        try:
            source_date_epoch()  # checked before any library reads it
            return super().invoke(ctx)
        except (AppealError, OSError, MemoryError, RecursionError) as exc:
            if broken := getattr(exc, "broken_ratios", None):
                from .console import ratio_report

                click.echo(ratio_report(broken))  # beside the errors, on the standard output
            click.echo(failure(exc), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            message = _("Interrupted: the outputs are as they were before this command.")
            click.echo(message, err=True)
            sys.exit(130)


class RussianNumber(click.ParamType):  # type: ignore[type-arg]
    """A whole number as people type it: 1200, "1 200" (a space between groups of three)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from .case.numbers import NumberFormatError, parse_count

        if isinstance(value, int):
            return value
        try:
            number = parse_count(str(value))
        except NumberFormatError as exc:
            self.fail(str(exc), param, ctx)
        if number is None:
            self.fail(_("a number is needed"), param, ctx)
        return number


class ShareType(click.ParamType):  # type: ignore[type-arg]
    """A share as people write it: 0.07, "0,07" or "7%"."""

    name = "share"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Fraction:
        from .case.numbers import NumberFormatError, parse_share

        if isinstance(value, Fraction):
            return value
        try:
            share = parse_share(str(value))
        except NumberFormatError as exc:
            self.fail(str(exc), param, ctx)
        if share is None or not 0 <= share < 1:
            message = _("must be between 0 and 1, such as 0.07 or 7% (got {value})")
            self.fail(message.format(value=value), param, ctx)
        return Fraction(share)


def _comma_list(value: Any) -> tuple[str, ...]:
    """The items of a comma-separated list ("pdf, docx"), each once, in the order given."""
    return tuple(dict.fromkeys(item.strip() for item in str(value).split(",") if item.strip()))


class FormatList(click.ParamType):  # type: ignore[type-arg]
    """Comma-separated output formats: pdf,docx,xlsx."""

    name = "formats"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        from .render import check_formats

        return _checked(self, value, check_formats)


class LanguageList(click.ParamType):  # type: ignore[type-arg]
    """Comma-separated languages of the documents: ru,kk."""

    name = "languages"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        from .api import check_languages

        return _checked(self, value, check_languages)


def _checked(
    kind: click.ParamType,  # type: ignore[type-arg]
    value: Any,
    check: Callable[[tuple[str, ...]], tuple[str, ...]],
) -> tuple[str, ...]:
    """A comma-separated option checked by the library's own rule; its refusal is click's."""
    if isinstance(value, tuple):
        return value
    try:
        return check(_comma_list(value))
    except UsageError as exc:
        kind.fail(str(exc))


@click.group(
    cls=AppealGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Turn election results and observers' protocol copies into a legal appeal."),
    examples=("appeal check data/almaty-2021",),
)
@click.version_option(
    __version__, prog_name="appeal", cls=TranslatedOption, help=N_("Show the version and exit.")
)
def main() -> None:
    """The `appeal` command group."""


CASE_DIR = click.Path(file_okay=False, path_type=Path)


@main.command(
    help=N_("Check a case folder and list every problem in it."),
    examples=("appeal check data/almaty-2021",),
)
@click.argument("case_dir", type=CASE_DIR)
@option(
    "--templates",
    type=click.Path(path_type=Path),
    help=N_("Check the templates of this folder too."),
)
def check(case_dir: Path, templates: Path | None) -> None:
    """`appeal check`: the summary of a good case, or its problems."""
    from . import api
    from .console import case_summary, names_language, problem_report
    from .limits_text import time_limit_lines

    result = api.check(case_dir, templates=templates)
    click.echo(case_summary(result.data))
    names = api.authorities(case_dir, names_language())
    click.echo("\n".join(time_limit_lines(api.time_limits(case_dir), names)))
    if result.warnings:
        click.echo(problem_report(result.warnings))


@main.command(
    help=N_(
        "List the provisions of law a case's appeal cites: whether each was checked against "
        "the official text, its address, and where the citations come from."
    ),
    examples=("appeal law data/almaty-2021",),
)
@click.argument("case_dir", type=CASE_DIR)
def law(case_dir: Path) -> None:
    """`appeal law`: the citations of a case's appeal and their state."""
    from . import api
    from .console import law_report

    click.echo(law_report(api.citations(case_dir)))


@main.command(
    help=N_(
        "List what a template may use: each document's variables with their types, the "
        "filters, the macros of the default templates and the HTML elements of the DOCX."
    ),
    examples=("appeal templates", "appeal check data/almaty-2021 --templates my-templates"),
)
def templates() -> None:
    """`appeal templates`: the template contract, as Markdown."""
    from . import api

    click.echo(api.template_contract(), nl=False)


@main.command(
    help=N_("Print the JSON Schema of case.yaml, for editors that validate while you type."),
    examples=("appeal schema -o case.schema.json",),
)
@option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write to a file.")
)
def schema(output: Path | None) -> None:
    """`appeal schema`: the JSON Schema of case.yaml."""
    from .case import Case

    text = json.dumps(Case.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(_("Wrote {path}").format(path=output))


@main.command(
    help=N_("Print every computed table of a case: comparison, seats, funding, control ratios."),
    examples=(
        "appeal analyse data/almaty-2021",
        "appeal analyse data/almaty-2021 --json > analysis.json",
    ),
)
@click.argument("case_dir", type=CASE_DIR)
@option("--json", "as_json", is_flag=True, help=N_("Print one JSON object instead of tables."))
def analyse(case_dir: Path, as_json: bool) -> None:
    """`appeal analyse`: the computed tables, or their JSON."""
    from . import api

    result = api.analyse(case_dir)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from .terminal import analysis_report

    analysis_report(Console(), result.analysis)


@main.command(
    help=N_(
        "Allocate seats from a table of votes (columns party,votes[,registered]).\n\n"
        "A row whose party is against_all counts in the percentage base and never gets seats."
    ),
    examples=("appeal seats votes.csv --seats 39 --threshold 7%",),
)
@click.argument("votes_file", type=click.Path(dir_okay=False, path_type=Path))
@option("--seats", required=True, type=RussianNumber(), help=N_("Seats to allocate."))
@option(
    "--threshold",
    default="0.07",
    show_default=True,
    type=ShareType(),
    help=N_("Share to pass: 0.07 or 7%."),
)
@option(
    "--base",
    type=click.Choice(["valid", "turnout"]),
    default="valid",
    show_default=True,
    help=N_("What the threshold is a share of: the valid votes, or the voters who took part."),
)
@option(
    "--turnout",
    type=RussianNumber(),
    default=None,
    help=N_("Voters who took part (with --base turnout)."),
)
@option(
    "--method",
    type=click.Choice(["largest-remainder", "dhondt", "sainte-lague"]),
    default="largest-remainder",
    show_default=True,
    help=N_("How seats are divided among the lists that pass."),
)
@option(
    "--min-parties",
    type=RussianNumber(),
    default=2,
    show_default=True,
    help=N_("Lists admitted at least, next-largest first, if fewer pass."),
)
@option("--json", "as_json", is_flag=True, help=N_("Print JSON instead of a table."))
def seats(
    votes_file: Path,
    seats: int,
    threshold: Fraction,
    base: str,
    turnout: int | None,
    method: Any,
    min_parties: int,
    as_json: bool,
) -> None:
    """`appeal seats`: a seat allocation from a table of votes."""
    from . import api

    if seats < 1:
        raise click.BadParameter(_("must be 1 or more"), param_hint="--seats")
    if base == "turnout" and turnout is None:
        raise click.UsageError(
            _("--base turnout needs --turnout N, the number of voters who took part")
        )
    allocation = api.allocate_seats(
        votes_file,
        seats=seats,
        threshold=threshold,
        method=method,
        turnout=turnout if base == "turnout" else None,
        min_parties=min_parties,
    )
    if as_json:
        from .export import seats_json

        click.echo(json.dumps(seats_json(allocation), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from .terminal import allocation_table

    Console().print(allocation_table(allocation, _("Seats")))


@main.command(
    help=N_(
        "Build the appeal, its attachments and the filing bundle into OUT/<case folder name>/."
        "\n\nA folder that holds case folders builds them all. What has not changed since the "
        "last build is not rebuilt; what has changed is listed in changes.md next to the outputs."
    ),
    examples=("appeal build data/almaty-2021", "appeal build data/ --per-addressee --jobs 2"),
)
@click.argument("case_dirs", nargs=-1, required=True, type=CASE_DIR)
@option(
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Where to write."),
)
@option(
    "--format",
    "formats",
    type=FormatList(),
    default="pdf,docx,xlsx",
    show_default=True,
    help=N_("Which files to write."),
)
@option(
    "--per-addressee",
    is_flag=True,
    help=N_(
        "A letter to every authority of the case, each in its own instrument (without it: one "
        "letter per kind of authority, to the 'to' addressee or the first 'cc' of the kind, its "
        "copies to the others of that kind)."
    ),
)
@option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_("Your template folder, searched before the defaults."),
)
@option(
    "--language",
    "languages",
    type=LanguageList(),
    default=None,
    help=N_(
        "The documents' languages, e.g. ru,kk; Kazakh files are named appeal.kk.pdf and so on "
        "[default: the case's]."
    ),
)
@option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help=N_("Processes to use in all [default: the cores]."),
)
@option("--force", is_flag=True, help=N_("Rebuild even what has not changed."))
@option("--wait", is_flag=True, help=N_("If another build writes into OUT, wait for it."))
def build(
    case_dirs: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    per_addressee: bool,
    templates: Path | None,
    languages: tuple[str, ...] | None,
    jobs: int | None,
    force: bool,
    wait: bool,
) -> None:
    """`appeal build`: the documents of one or many cases, and what changed."""
    from . import api
    from .console import build_report, names_language
    from .limits_text import time_limit_lines

    report = _with_progress(
        lambda say: api.build(
            case_dirs,
            out_dir,
            formats=formats,
            per_addressee=per_addressee,
            templates=templates,
            languages=languages,
            jobs=jobs,
            force=force,
            wait=wait,
            progress=say,
        )
    )
    # Each case built now: its time limits on the appeal's date, before the one-line summary
    # (an unchanged case has unchanged dates, so unchanged limits).
    body, _newline, summary = build_report(report).rpartition("\n")
    limits = []
    for outcome in report.outcomes:
        if outcome.status == "built":
            names = api.authorities(outcome.case, names_language())
            limits_found = outcome.time_limits or api.time_limits(outcome.case)
            lines = time_limit_lines(limits_found, names)
            limits += [f"{outcome.case.resolve().name}: {lines[0]}", *lines[1:]]
    click.echo("\n".join([body, *limits, summary]) if body else summary)
    if report.failed:
        sys.exit(1)


def _with_progress(work: Callable[[Callable[[str, int, int], None]], Any]) -> Any:
    """Run work(say) under a progress bar that says what is being rendered (terminals only)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=console, disable=not console.is_terminal, transient=True
    ) as bar:
        task = bar.add_task(_("building"), total=None)

        def say(text: str, done: int, total: int) -> None:
            bar.update(task, description=text, completed=done, total=total)

        return work(say)


@main.command(
    help=N_(
        "Make a new case folder to fill in: a commented case.yaml and the protocol table "
        "(protocols.xlsx, protocols.csv)."
    ),
    examples=("appeal new data/my-city --interactive",),
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@option("--interactive", is_flag=True, help=N_("Ask for the applicant and the election."))
def new(folder: Path, interactive: bool) -> None:
    """`appeal new`: a case folder from the skeleton, with the answers if asked."""
    from .scaffold import new_case

    answers = None
    if interactive:
        from .questions import ask

        answers = ask()
        if answers is None:
            click.echo(_("Nothing was written."))
            return
    for path in new_case(folder, answers):
        click.echo(_("Wrote {path}").format(path=path))
    done = _(
        "Fill in case.yaml and one of the protocol tables, protocols.xlsx or protocols.csv; "
        "delete the other one, then run: appeal check {folder}"
    )
    click.echo(done.format(folder=folder))
    tables = _(
        "The tables have placeholder party columns until case.yaml names the parties and "
        "contests; then run appeal tables {folder} to rewrite them, the rows typed kept."
    )
    click.echo(tables.format(folder=folder))


@main.command(
    help=N_(
        "Rewrite the protocol tables (protocols.xlsx, protocols.csv) to follow case.yaml: one "
        "column per party, the contests offered; the rows already typed are kept."
    ),
    examples=("appeal tables data/my-city",),
)
@click.argument("case_dir", type=CASE_DIR)
def tables(case_dir: Path) -> None:
    """`appeal tables`: the blank tables of `appeal new` brought in line with case.yaml."""
    from .table_update import update_tables

    written = update_tables(case_dir)
    for path in written:
        click.echo(_("Wrote {path}").format(path=path))
    if not written:
        click.echo(_("The protocol tables already follow case.yaml; nothing was written."))


@main.command(
    help=N_(
        "Check that everything the tool needs is installed, and say what to install if not; "
        "say which interface language is in use, and why."
    ),
    examples=("appeal doctor",),
)
def doctor() -> None:
    """`appeal doctor`: what is installed, what is missing, which language is spoken."""
    from .doctor import doctor_report, run_checks

    checks = run_checks()
    click.echo(doctor_report(checks))
    if any(c.required and not c.ok for c in checks):
        sys.exit(1)


@main.command(
    help=N_(
        "Open the case folders in a web page on this computer (127.0.0.1 only).\n\n"
        "The first line printed is the address to open; it works once, and the browser "
        "keeps the session."
    ),
    examples=("appeal serve data/",),
)
@click.argument("folders", nargs=-1, type=CASE_DIR)
@option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help=N_("Port [default: any free]."),
)
@option(
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=CASE_DIR,
    help=N_("Where to write."),
)
@option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_("Your template folder, searched before the defaults."),
)
@option("--no-browser", is_flag=True, help=N_("Do not open the browser."))
def serve(
    folders: tuple[Path, ...], port: int, out_dir: Path, templates: Path | None, no_browser: bool
) -> None:
    """`appeal serve`: the local web page."""
    from .web.server import serve as run

    run(list(folders) or [Path("data")], out_dir, port, not no_browser, click.echo, templates)
