"""The `appeal` command: parse options into typed values, call one library function (api.py),
print what it returns through the console module. The tool's errors are caught once, in the
command group, and become a message and exit code 1, never a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import AppealError


class AppealGroup(click.Group):
    """The command group: runs a command and reports what went wrong in plain words."""

    def invoke(self, ctx: click.Context) -> Any:
        from .console import failure

        try:
            return super().invoke(ctx)
        except (AppealError, OSError, MemoryError, RecursionError) as exc:
            click.echo(failure(exc), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted: the outputs are as they were before this command.", err=True)
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
            self.fail("a number is needed", param, ctx)
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
            self.fail(f"must be between 0 and 1, such as 0.07 or 7% (got {value})", param, ctx)
        return Fraction(share)


class FormatList(click.ParamType):  # type: ignore[type-arg]
    """Comma-separated output formats: pdf,docx,xlsx."""

    name = "formats"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        from .render import FORMATS

        if isinstance(value, tuple):
            return value
        wanted = tuple(f.strip() for f in str(value).split(",") if f.strip())
        unknown = sorted(set(wanted) - set(FORMATS))
        if unknown or not wanted:
            self.fail(f"unknown format(s): {', '.join(unknown) or 'none'}; use pdf, docx, xlsx")
        return tuple(f for f in FORMATS if f in wanted)


@click.group(cls=AppealGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
def check(case_dir: Path) -> None:
    """Check a case folder and list every problem in it.

    \b
    Example:
      appeal check data/almaty-2021
    """
    from . import api
    from .console import case_summary, problem_report

    result = api.check(case_dir)
    click.echo(case_summary(result.data))
    if result.warnings:
        click.echo(problem_report(result.warnings))


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
def analyse(case_dir: Path, as_json: bool) -> None:
    """Print every computed table of a case: comparison, seats, funding, control ratios.

    \b
    Example:
      appeal analyse data/almaty-2021
      appeal analyse data/almaty-2021 --json > analysis.json
    """
    from . import api

    result = api.analyse(case_dir)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from .terminal import analysis_report

    analysis_report(Console(), result.analysis)


@main.command()
@click.argument("votes_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seats", required=True, type=RussianNumber(), help="Seats to allocate.")
@click.option(
    "--threshold",
    default="0.07",
    show_default=True,
    type=ShareType(),
    help="Share to pass: 0.07 or 7%.",
)
@click.option(
    "--base",
    type=click.Choice(["valid", "turnout"]),
    default="valid",
    show_default=True,
    help="What the threshold is a share of: the valid votes, or the voters who took part.",
)
@click.option(
    "--turnout",
    type=RussianNumber(),
    default=None,
    help="Voters who took part (with --base turnout).",
)
@click.option(
    "--method",
    type=click.Choice(["largest-remainder", "dhondt", "sainte-lague"]),
    default="largest-remainder",
    show_default=True,
)
@click.option(
    "--min-parties",
    type=RussianNumber(),
    default=2,
    show_default=True,
    help="Lists admitted at least, next-largest first, if fewer pass.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
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
    """Allocate seats from a table of votes (columns party,votes[,registered]).

    A row whose party is against_all counts in the percentage base and never gets seats.

    \b
    Example:
      appeal seats votes.csv --seats 39 --threshold 7%
    """
    from . import api

    if seats < 1:
        raise click.BadParameter("must be 1 or more", param_hint="--seats")
    if base == "turnout" and turnout is None:
        raise click.UsageError(
            "--base turnout needs --turnout N, the number of voters who took part"
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
    "--format",
    "formats",
    type=FormatList(),
    default="pdf,docx,xlsx",
    show_default=True,
    help="Which files to write.",
)
@click.option(
    "--per-addressee",
    is_flag=True,
    help="One appeal per authority, that authority as the addressee.",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Your template folder, searched before the defaults.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to use in all [default: the cores].",
)
@click.option("--force", is_flag=True, help="Rebuild even what has not changed.")
@click.option("--wait", is_flag=True, help="If another build writes into OUT, wait for it.")
def build(
    case_dirs: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    per_addressee: bool,
    templates: Path | None,
    jobs: int | None,
    force: bool,
    wait: bool,
) -> None:
    """Build the appeal, its attachments and the filing bundle into OUT/<case folder name>/.

    A folder that holds case folders builds them all. What has not changed since the last build
    is not rebuilt; what has changed is listed in changes.md next to the outputs.

    \b
    Examples:
      appeal build data/almaty-2021
      appeal build data/ --per-addressee --jobs 2
    """
    from . import api
    from .console import build_report

    report = _with_progress(
        lambda say: api.build(
            case_dirs,
            out_dir,
            formats=formats,
            per_addressee=per_addressee,
            templates=templates,
            jobs=jobs,
            force=force,
            wait=wait,
            progress=say,
        )
    )
    click.echo(build_report(report))
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
        task = bar.add_task("building", total=None)

        def say(text: str, done: int, total: int) -> None:
            bar.update(task, description=text, completed=done, total=total)

        return work(say)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--interactive", is_flag=True, help="Ask for the applicant and the election.")
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
def serve(folders: tuple[Path, ...], port: int, out_dir: Path, no_browser: bool) -> None:
    """Open the case folders in a web page on this computer (127.0.0.1 only).

    The first line printed is the address to open; it carries a random key.

    \b
    Example:
      appeal serve data/
    """
    from .web.server import serve as run

    run(list(folders) or [Path("data")], out_dir, port, not no_browser, click.echo)
