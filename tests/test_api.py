"""The library API: what Python callers get, and the direction of imports between layers."""

from __future__ import annotations

import ast
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, ROOT, edit_case
from election_appeal import api

PACKAGE = ROOT / "src" / "election_appeal"
# What each layer may import from the package: imports point one way, from the faces inwards.
# Every layer may use the package's version and the message catalogues (i18n).
ALLOWED = {
    "i18n": set(),
    "errors": set(),
    "resources": set(),
    "processes": set(),
    "environment": {"errors"},
    # Declension and agreement of the applicant's name: a leaf, like i18n.
    "grammar": set(),
    "case": {"errors", "resources", "grammar"},
    "analysis": {"case", "errors"},
    "export": {"analysis", "case"},
    "frames": {"analysis", "export"},
    "render": {"analysis", "case", "errors", "resources", "processes", "environment", "grammar"},
    # casefiles: the digests of a case folder's files stop where the library's limits do.
    "publish": {
        "render",
        "analysis",
        "case",
        "errors",
        "resources",
        "processes",
        "export",
        "casefiles",
    },
    # Reading and writing a case folder's files for an editor, within the library's limits.
    "casefiles": {"case", "errors"},
    "protocolgrid": {"casefiles", "case", "errors"},
    "api": {
        "publish",
        "render",
        "analysis",
        "case",
        "errors",
        "export",
        "casefiles",
        "protocolgrid",
        "scaffold",
        "blank_tables",
        "resources",
        "environment",
        "frames",
    },
    # The local web page: a face like the command line, over the API and what it returns.
    "web": {"api", "errors"},
}


# The example's letters of their own besides the main one (the agency's and the police's).
LETTERS = ("--anticorruption_almaty", "--police_almaty")


@pytest.mark.slow
def test_render_gives_only_the_formats_asked_for() -> None:
    pdfs = api.render(EXAMPLE, formats=("pdf",))
    main = [
        "appeal-bundle.pdf",
        "appeal.pdf",
        "attachment-1-protocols.pdf",
        "attachment-2-statistics.pdf",
    ]
    # The agency and the police get letters of their own and bundles; the attachments are
    # shared.
    own = [n.replace(".pdf", f"{s}.pdf") for s in LETTERS for n in main[:2]]
    assert sorted(pdfs) == sorted(main + own)
    assert all(content.startswith(b"%PDF-") for content in pdfs.values())
    sheets = api.render(EXAMPLE, formats=["xlsx"])
    assert sorted(sheets) == ["attachment-1-protocols.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(sheets["attachment-1-protocols.xlsx"]))
    stations = [
        row[0] for row in book.active.iter_rows(values_only=True) if isinstance(row[0], int)
    ]
    # Three rows per station (the contests and their difference), its number on each.
    assert len(stations) == 3 * 66 and len(set(stations)) == 66


def test_the_register_counts_the_pdf_sheets_whatever_the_formats(
    example_files: dict[str, bytes],
) -> None:
    """The DOCX's register gives the PDF attachment's sheets, rendered or not."""
    sheets = len(PdfReader(io.BytesIO(example_files["attachment-1-protocols.pdf"])).pages)
    docx = api.render(EXAMPLE, formats=("docx",))
    main = ["appeal.docx", "attachment-1-protocols.docx", "attachment-2-statistics.docx"]
    own = [f"appeal{s}.docx" for s in LETTERS]
    assert sorted(docx) == sorted(main + own)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx["appeal.docx"])).paragraphs)
    assert f"(66 участков)\u00a0— на {sheets}\u00a0л. (по файлу PDF)" in text
    assert "то же в электронном виде (XLSX)" not in text  # no XLSX was asked for


@pytest.mark.slow
def test_render_to_another_addressee() -> None:
    files = api.render(EXAMPLE, formats=("docx",), addressee="anticorruption_almaty")
    from docx import Document

    assert "appeal--anticorruption_almaty.docx" in files and "appeal.docx" not in files
    first = Document(io.BytesIO(files["appeal--anticorruption_almaty.docx"])).paragraphs[0].text
    assert "противодействию коррупции" in first


def test_render_in_parallel_gives_the_same_documents(example_files: dict[str, bytes]) -> None:
    """Two processes give the bytes one gives (the shared build was made in one)."""
    two = api.render(EXAMPLE, jobs=2)
    assert two == example_files


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: api.render(EXAMPLE, formats=("odt",)),
            "unknown format(s): odt; use pdf, docx, xlsx",
        ),
        (
            lambda: api.render(EXAMPLE, addressee="nobody"),
            '"nobody" is not one of the case\'s addressees '
            "(prosecutor_general, anticorruption_almaty, police_almaty, prosecutor_almaty)",
        ),
        (lambda: api.render(EXAMPLE, jobs=0), "the number of processes must be 1 or more (got 0)"),
        (
            lambda: api.build([EXAMPLE], jobs=-1),
            "the number of processes must be 1 or more (got -1)",
        ),
        (
            lambda: api.render(EXAMPLE, templates="/nonexistent"),
            "/nonexistent: no such template folder",
        ),
    ],
)
def test_bad_arguments_raise_usage_errors(call, message: str) -> None:
    with pytest.raises(api.UsageError) as caught:
        call()
    assert str(caught.value) == message


def test_check_raises_every_problem_at_once(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d["election"].update(stations=0, date="2021-13-01"))
    with pytest.raises(api.CaseError) as caught:
        api.check(case_dir)
    assert len(caught.value.errors) == 2


def test_check_and_analyse_return_typed_results() -> None:
    checked = api.check(EXAMPLE)
    assert checked.data.case.election.stations == 581
    # The example's three broken control ratios (rows 37, 37, 86) are warnings of check.
    assert checked.data.warnings == []
    assert [(w.where, w.severity.value) for w in checked.warnings] == [
        ("row 37", "warning"),
        ("row 37", "warning"),
        ("row 86", "warning"),
    ]
    analysed = api.analyse(EXAMPLE)
    assert analysed.as_json()["comparison"]["parties"]["nur_otan"]["difference"] == 39542


def test_build_returns_a_report_and_prints_nothing(tmp_path: Path, capsys) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / "almaty")
    (cases / "broken").mkdir()
    (cases / "broken" / "case.yaml").write_text("election: [\n", encoding="utf-8")
    said: list[tuple[str, int, int]] = []
    report = api.build(
        [cases], tmp_path / "out", formats=("xlsx",), progress=lambda *a: said.append(a)
    )
    assert [(o.case.name, o.status) for o in report.outcomes] == [
        ("almaty", "built"),
        ("broken", "failed"),
    ]
    assert report.failed and report.count("built") == 1
    assert report.outcomes[1].problems[0].file == str(cases / "broken" / "case.yaml")
    assert said[-1][1:] == (2, 2)
    assert capsys.readouterr() == ("", "")


def _imports(path: Path) -> set[str]:
    """The package's own modules a file imports, by their layer (first name under the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            up = node.level - 1
            if up > depth:
                continue
            parts = list(path.relative_to(PACKAGE).parts[: depth - up])
            parts += (node.module or "").split(".") if node.module else []
            if node.module is None:
                parts += [alias.name for alias in node.names][:1]
            found.add(parts[0] if parts else "")
    return found - {""}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_point_one_way(layer: str) -> None:
    folder = PACKAGE / layer
    paths = list(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{layer}.py"]
    for path in paths:
        wrong = _imports(path) - ALLOWED[layer] - {layer, "__version__", "i18n"}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_attachment_2_only_when_there_are_statistics(
    case_dir: Path, example_files: dict[str, bytes]
) -> None:
    from conftest import read_rows, write_rows

    full = example_files
    assert "attachment-2-statistics.pdf" in full
    bundle = PdfReader(io.BytesIO(full["appeal-bundle.pdf"]))
    parts = ["appeal.pdf", "attachment-1-protocols.pdf", "attachment-2-statistics.pdf"]
    sizes = [len(PdfReader(io.BytesIO(full[name])).pages) for name in parts]
    assert len(bundle.pages) == sum(sizes)
    rows = read_rows(case_dir / "protocols.csv")
    write_rows(case_dir / "protocols.csv", [r for r in rows if r["station"] == rows[0]["station"]])
    one = api.render(case_dir, formats=("pdf",))
    main = ["appeal-bundle.pdf", "appeal.pdf", "attachment-1-protocols.pdf"]
    own = [n.replace(".pdf", f"{s}.pdf") for s in LETTERS for n in main[:2]]
    assert sorted(one) == sorted(main + own)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(one["appeal.pdf"])).pages)
    assert "приложении 2" not in text and "Статистическая оценка" not in text
