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
from .errors import AppealError, CaseError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn the tool's own exceptions into a message and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CaseError as exc:
            from .console import problem_report

            click.echo(problem_report(exc.problems), err=True)
            sys.exit(1)
        except AppealError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

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
