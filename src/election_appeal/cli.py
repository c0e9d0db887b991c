"""The `appeal` command: parse options, call one library function, report AppealError plainly."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import AppealError, CaseError, UsageError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn the tool's own exceptions into a message and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CaseError as exc:
            from .console import problem_report

            single = len(exc.problems) == 1 and exc.errors
            click.echo(
                f"Error: {exc.problems[0]}" if single else problem_report(exc.problems), err=True
            )
            sys.exit(1)
        except AppealError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted: the outputs are as they were before this command.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="appeal")
def main() -> None:
    """Turn election results and observers' protocol copies into a legal appeal.

    \b
    Start with:
      appeal check data/almaty-2021
    """


CASE_DIR = click.Path(file_okay=False, path_type=Path)


@main.command()
@click.argument("case_dir", type=CASE_DIR)
@reports_errors
def check(case_dir: Path) -> None:
    """Check a case folder and list every problem in it.

    \b
    Example:
      appeal check data/almaty-2021
    """
    from .case import load_case
    from .console import case_summary, problem_report

    data = load_case(case_dir)
    click.echo(case_summary(data))
    if data.warnings:
        click.echo(problem_report(data.warnings))


@main.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of case.yaml, for editors that validate while you type.

    \b
    Example:
      appeal schema -o case.schema.json
    """
    from .case import Case

    text = json.dumps(Case.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")


@main.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@reports_errors
def analyse(case_dir: Path, as_json: bool) -> None:
    """Print every computed table of a case: comparison, seats, funding, control ratios.

    \b
    Example:
      appeal analyse data/almaty-2021
      appeal analyse data/almaty-2021 --json > analysis.json
    """
    from .analysis import analyse as analyse_case
    from .case import load_case

    data = load_case(case_dir)
    analysis = analyse_case(data)
    if as_json:
        from .export import analysis_json

        text = json.dumps(analysis_json(analysis, data.case.language), ensure_ascii=False, indent=2)
        click.echo(text)
        return
    from rich.console import Console

    from .analysis.caveats import caveats
    from .terminal import analysis_tables

    console = Console()
    for table in analysis_tables(analysis):
        console.print(table)
    for caveat in caveats(analysis.sample.caveats, "en"):
        console.print(f"* {caveat}")


@main.command()
@click.argument("votes_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seats", required=True, help="Seats to allocate.")
@click.option("--threshold", default="0.07", show_default=True, help="Share to pass: 0.07 or 7%.")
@click.option("--base", default="valid", show_default=True, help="valid or turnout.")
@click.option("--turnout", default=None, help="Voters who took part (with --base turnout).")
@click.option(
    "--method",
    default="largest-remainder",
    show_default=True,
    help="largest-remainder, dhondt or sainte-lague.",
)
@click.option(
    "--min-parties",
    default="2",
    show_default=True,
    help="Lists admitted at least, next-largest first, if fewer pass.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@reports_errors
def seats(votes_file: Path, as_json: bool, **options: str | None) -> None:
    """Allocate seats from a table of votes (columns party,votes[,registered]).

    A row whose party is against_all counts in the percentage base and never gets seats.

    \b
    Example:
      appeal seats votes.csv --seats 39 --threshold 7%
    """
    from .case.votes import read_votes
    from .seat_options import allocate_from_options

    allocation = allocate_from_options(read_votes(votes_file), **options)
    if as_json:
        from .export import quota_json

        seats_of = allocation.seats_of()
        data = {"method": allocation.method, **quota_json(allocation.quota), "seats": seats_of}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from .terminal import allocation_table

    Console().print(allocation_table(allocation, "Seats"))


@main.command()
@click.argument("case_dirs", nargs=-1, required=True, type=CASE_DIR)
@click.option(
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write.",
)
@click.option(
    "--format", "formats", default="pdf,docx,xlsx", show_default=True, help="Which files to write."
)
@click.option(
    "--per-addressee",
    is_flag=True,
    help="One appeal per authority, that authority as the addressee.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Your template folder, searched before the defaults.",
)
@click.option("--jobs", type=int, default=None, help="Processes to use [default: the cores].")
@click.option("--force", is_flag=True, help="Rebuild even what has not changed.")
@reports_errors
def build(
    case_dirs: tuple[Path, ...],
    out_dir: Path,
    formats: str,
    per_addressee: bool,
    templates: Path | None,
    jobs: int | None,
    force: bool,
) -> None:
    """Build the appeal, its attachments and the filing bundle into OUT/<case folder name>/.

    A folder that holds case folders builds them all. What has not changed since the last build
    is not rebuilt; what has changed is listed in changes.md next to the outputs.

    \b
    Examples:
      appeal build data/almaty-2021
      appeal build data/ --per-addressee --jobs 2
    """
    from .build import Settings, check_formats
    from .build.bulk import build_all, find_cases
    from .console import build_report
    from .render.pdf import available_cores

    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    check_formats(wanted)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: no such template folder")
    cases = find_cases(list(case_dirs))
    settings = Settings(wanted, per_addressee, templates)
    report = _with_progress(
        len(cases),
        lambda say: build_all(cases, out_dir, settings, force, jobs or available_cores(), say),
    )
    click.echo(build_report(report))
    if report.failed:
        sys.exit(1)


def _with_progress(total: int, work: Callable[[Callable[[str, int], None]], Any]) -> Any:
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
        task = bar.add_task("building", total=total)

        def say(text: str, done: int) -> None:
            bar.update(task, description=text, completed=done)

        return work(say)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--interactive", is_flag=True, help="Ask for the applicant and the election.")
@reports_errors
def new(folder: Path, interactive: bool) -> None:
    """Make a new case folder to fill in: a commented case.yaml and an empty protocols.csv.

    \b
    Example:
      appeal new data/my-city --interactive
    """
    from .scaffold import new_case

    answers = _ask() if interactive else None
    for path in new_case(folder, answers):
        click.echo(f"Wrote {path}")
    click.echo(f"Fill them in, then run: appeal check {folder}")


def _ask() -> Any:
    """The applicant's details and the election's basics, asked one by one."""
    import datetime

    from .case.iin import iin_problem
    from .scaffold import Answers

    def optional(text: str) -> str | None:
        answer: str = click.prompt(text, default="", show_default=False)
        return answer.strip() or None

    def iin(value: str) -> str:
        if value.strip() and (problem := iin_problem(value.strip())):
            raise click.BadParameter(problem)
        return value.strip()

    def day(value: str) -> str:
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise click.BadParameter("write the date as 2021-01-10") from None

    return Answers(
        full_name=click.prompt("Full name (Фамилия Имя Отчество)"),
        iin=click.prompt("ИИН (Enter to skip)", default="", show_default=False, value_proc=iin)
        or None,
        address=click.prompt("Postal address for the reply"),
        phone=optional("Phone (Enter to skip)"),
        email=optional("E-mail (Enter to skip)"),
        election_date=click.prompt("Election day (YYYY-MM-DD)", value_proc=day),
        territory=click.prompt("Territory (e.g. г. Алматы)"),
        stations=click.prompt("Polling stations in the territory", type=click.IntRange(min=1)),
        appeal_date=click.prompt("Date of signing (YYYY-MM-DD)", value_proc=day),
        appeal_place=click.prompt("Place of signing (e.g. г. Алматы)"),
    )


@main.command()
def doctor() -> None:
    """Check that everything the tool needs is installed, and say what to install if not.

    \b
    Example:
      appeal doctor
    """
    from .doctor import run_checks

    checks = run_checks()
    for check in checks:
        mark = "ok" if check.ok else ("MISSING" if check.required else "missing (optional)")
        click.echo(f"{mark:<19} {check.name}: {check.detail}")
        if not check.ok:
            click.echo(f"{'':<19} install: {check.fix}")
    if any(c.required and not c.ok for c in checks):
        sys.exit(1)


@main.command()
@click.argument("folders", nargs=-1, type=CASE_DIR)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port [default: any free].")
@click.option("--out", "out_dir", default="output", show_default=True, type=CASE_DIR)
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@reports_errors
def serve(folders: tuple[Path, ...], port: int, out_dir: Path, no_browser: bool) -> None:
    """Open the case folders in a web page on this computer (127.0.0.1 only).

    The first line printed is the address to open; it carries a random key.

    \b
    Example:
      appeal serve data/
    """
    from .web.server import serve as run

    run(list(folders) or [Path("data")], out_dir, port, not no_browser, click.echo)
