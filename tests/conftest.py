"""Shared fixtures: a writable copy of the example case and a CLI runner."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from election_appeal.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests read the interface in English unless a test sets APPEAL_LANG itself."""
    monkeypatch.setenv("APPEAL_LANG", "en")


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """A copy of the Almaty example that a test may break."""
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    """The protocol table as dictionaries."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], **fmt: str) -> None:
    """Write dictionaries back as CSV, with the given csv format options."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), **fmt)  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(rows)


def edit_case(case_dir: Path, change: Callable[[dict], None]) -> None:
    """Load case.yaml, let `change` modify it, write it back."""
    path = case_dir / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the `appeal` command as a user would, returning its output and exit code."""

    def invoke(*args: str | Path) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args])

    return invoke
