"""Shared fixtures: a writable copy of the example case, the example built once for the whole
session, a CLI runner; and the test tiers (`make test-fast` leaves out the tests marked slow)."""

from __future__ import annotations

import csv
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from election_appeal.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"
# Files of the example's build (`appeal build data/almaty-2021`, every format): the letter to
# the Prosecutor General (the city prosecutor gets a copy), and a letter of its own to each
# authority of another kind (the agency, the police), each with its bundle; the three share the
# attachments, all headed «к заявлению».
EXAMPLE_LETTERS = ("", "--anticorruption_almaty", "--police_almaty")
EXAMPLE_OUTPUTS = (
    *(
        name
        for suffix in EXAMPLE_LETTERS
        for name in (f"appeal{suffix}.pdf", f"appeal{suffix}.docx", f"appeal-bundle{suffix}.pdf")
    ),
    "attachment-1-protocols.pdf",
    "attachment-1-protocols.docx",
    "attachment-1-protocols.xlsx",
    "attachment-2-statistics.pdf",
    "attachment-2-statistics.docx",
    "manifest.json",
)
# Test modules whose tests lay out PDFs, open documents in LibreOffice or drive Chromium nearly
# all through; a test module marks its own slow tests with @pytest.mark.slow instead.
SLOW_MODULES = frozenset(
    {
        "test_copies.py",
        "test_fit.py",
        "test_golden.py",
        "test_joining.py",
        "test_kazakh.py",
        "test_pdfa.py",
        "test_spelling.py",
        "test_typography.py",
        "test_web_browser.py",
        "test_wording.py",
    }
)


# Single tests of other modules that render whole documents (a DOCX render lays out the
# attachments' PDFs too, for their sheet counts) or wait for a server's time limit.
SLOW_TESTS = frozenset(
    {
        "test_web_hostile.py::test_a_connection_that_never_finishes_its_request_is_closed",
        "test_templates.py::test_a_russian_template_passed_over_for_kazakh_is_named_in_a_warning",
        "test_figures.py::test_the_threshold_is_dated_by_the_mrp_it_is_counted_in",
        "test_figures.py::test_the_appeal_says_the_yearly_sum_exceeds_the_threshold_only_when_it_does",
        "test_web.py::test_build_offers_the_files_for_download",
        "test_web.py::test_a_rebuild_shows_what_changed",
        "test_web.py::test_the_preview_is_the_appeal_the_build_writes_but_for_the_sheet_counts",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow the tests of SLOW_MODULES and SLOW_TESTS, and every test that reads the
    shared build."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        test = f"{item.path.name}::{getattr(item, 'originalname', item.name)}"
        if item.path.name in SLOW_MODULES or test in SLOW_TESTS or "example_build" in fixtures:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def fast_tier_lays_out_nothing(request: pytest.FixtureRequest) -> Iterator[None]:
    """In `make test-fast` (-m "not slow"), a test that lays out a PDF fails and says to mark
    it slow: the fast tier stays fast as tests are added."""
    if "not slow" not in (request.config.option.markexpr or ""):
        yield
        return
    from weasyprint import HTML

    def refused(*args: object, **kwargs: object) -> None:
        raise RuntimeError("this test lays out a PDF: mark it @pytest.mark.slow")

    layout = HTML.render
    HTML.render = refused  # type: ignore[method-assign]
    try:
        yield
    finally:
        HTML.render = layout  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unchanged example built once for the session in every format, as `appeal build`
    writes it: the folder of its outputs. Tests that only read the documents share it; its
    files are read-only, so that a test changing one fails instead of misleading the next."""
    from election_appeal.publish import Settings, build_case

    out = tmp_path_factory.mktemp("example-build")
    outcome = build_case(EXAMPLE, out, Settings(("pdf", "docx", "xlsx"), False, None))
    assert outcome.status == "built", outcome.message
    folder = out / EXAMPLE.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXAMPLE_OUTPUTS)
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return folder


@pytest.fixture(scope="session")
def example_files(example_build: Path) -> dict[str, bytes]:
    """The documents of the shared build by name, as `api.render(EXAMPLE)` returns them."""
    return {p.name: p.read_bytes() for p in example_build.iterdir() if p.suffix != ".json"}


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


def set_cells(case_dir: Path, changes: dict[tuple[int, str], str]) -> None:
    """Change cells of the case's protocols.csv; rows numbered as in a spreadsheet (the header is
    row 1)."""
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    for (row, column), value in changes.items():
        rows[row - 2][column] = value
    write_rows(path, rows)


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


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A folder of cases, as the web page serves it, holding a copy of the example case."""
    root = tmp_path / "cases"
    shutil.copytree(EXAMPLE, root / "almaty-2021")
    return root
