"""The README is the one document non-programmers read: every `appeal` command it shows names a
command and options that exist, the commands of the quick start work as written, and what it
says a new case holds is what `appeal new` writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from election_appeal.case.numbers import NumberFormatError, parse_count
from election_appeal.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# `appeal check data/x`, `.venv/bin/appeal build …`, `APPEAL_LANG=ru .venv/bin/appeal check …`
_COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?appeal ([a-z]+)\b(.*)$")
_OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def readme_commands() -> list[tuple[str, str]]:
    """Every `appeal` command the README shows: in a code span, or on a line of a code block
    (with the bracketed options continued on the next lines), as (command, the rest)."""
    found = []
    for span in re.findall(r"`([^`]+)`", README):
        if match := _COMMAND.match(" ".join(span.split())):
            found.append((match[1], match[2]))
    joined = re.sub(r"\n {5,}(?=\[)", " ", README)  # an option list continued on the next line
    for line in joined.splitlines():
        if line.startswith("    ") and (match := _COMMAND.match(line.strip())):
            found.append((match[1], match[2].split("#")[0]))
    return found


def test_the_readme_shows_commands() -> None:
    shown = {command for command, _rest in readme_commands()}
    assert {"new", "tables", "check", "build", "serve", "law", "schema", "doctor"} <= shown


@pytest.mark.parametrize(("command", "rest"), readme_commands())
def test_every_command_and_option_of_the_readme_exists(command: str, rest: str) -> None:
    assert command in main.commands, f"appeal {command}{rest}"
    cmd = main.commands[command]
    known = {
        name
        for param in cmd.get_params(click.Context(cmd))
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("-")
    }
    # Only what stands in an option's place: the description column of the Commands list
    # follows the command after two spaces or more, and continued options start with "[".
    first, *more = re.split(r" {2,}", rest.strip())
    usage = " ".join([first, *(part for part in more if part.startswith("["))])
    unknown = [name for name in _OPTION.findall(usage) if name not in known]
    assert not unknown, f"appeal {command}{rest}: no option {', '.join(unknown)}"


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_quick_start_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps 2, 4 and 5 of the quick start in a folder of one's own (step 3 is typing): the
    folder, the tables rewritten, and the examples it points at are good cases."""
    for example in ("data/almaty-2021", "data/kurultai-2026"):
        assert f"`{example}/case.yaml`" in README
        shutil.copytree(ROOT / example, tmp_path / example)
    monkeypatch.chdir(tmp_path)
    run("new", "data/my-city")
    case = Path("data/my-city/case.yaml").read_text(encoding="utf-8")
    # What step 6 says `appeal new` writes, it writes.
    assert "`appeal new` пишет в `case.yaml` строку `illustrative: false`" in README
    assert re.search(r"^illustrative: false\b", case, flags=re.MULTILINE)
    run("tables", "data/my-city")
    for example in ("data/almaty-2021", "data/kurultai-2026"):
        assert "the case is ready" in run("check", example)
    run("schema", "-o", "case.schema.json")
    assert Path("case.schema.json").stat().st_size > 0


def test_the_quick_start_names_appeal_tables_before_filling_the_protocols() -> None:
    for quick_start in README.split("## ")[1:3]:  # the Russian and the Kazakh quick starts
        tables = quick_start.index("appeal tables data/my-city")
        assert tables < quick_start.index("appeal check data/my-city")
        assert "--language kk" in quick_start


@pytest.mark.parametrize(("written", "read"), [("43 337", 43337), ("2150", 2150), ("2 150", 2150)])
def test_the_numbers_the_quick_start_offers_are_read(written: str, read: int) -> None:
    assert f"«{written}»" in README
    assert parse_count(written) == read


def test_the_number_the_quick_start_says_is_refused_is_refused() -> None:
    assert "«2,150» будет отвергнуто" in README and "«2,150» қабылданбайды" in README
    with pytest.raises(NumberFormatError):
        parse_count("2,150")
    assert "13,49" not in README  # a fraction offered as a way to write a count


def test_the_commands_list_shows_every_command_with_every_option() -> None:
    section = README.split("## Commands\n", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, str] = {}
    for command, rest in readme_commands():
        if f"appeal {command}{rest}" in re.sub(r"\n {5,}(?=\[)", " ", section):
            listed[command] = listed.get(command, "") + rest
    assert sorted(listed) == sorted(main.commands)
    for name, cmd in main.commands.items():
        shown = set(_OPTION.findall(listed[name]))
        for param in cmd.get_params(click.Context(cmd)):
            names = {n for n in (*param.opts, *param.secondary_opts) if n.startswith("-")}
            if names and "--help" not in names:
                assert names & shown, f"appeal {name}: {'/'.join(sorted(names))} not listed"


def test_every_make_target_and_file_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    named = set(re.findall(r"`make ([a-z-]+)`", README))
    named |= set(re.findall(r"^ {4}make ([a-z-]+)", README, flags=re.MULTILINE))
    assert named and named <= targets, named - targets
    paths = set(re.findall(r"\b((?:scripts|docs|tests|data|templates)/[\w./-]*\w)", README))
    # my-templates/, templates/L/: folders of the reader's own, or a pattern.
    missing = sorted(
        p for p in paths if "my-" not in p and p != "templates/L" and not (ROOT / p).exists()
    )
    assert not missing
