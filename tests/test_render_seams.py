"""render/ along its seams: HTML, PDF, DOCX and XLSX each in modules that import none of the
other formats' libraries, and WeasyPrint's laid-out boxes (not its public API) read in one
module only, so that a WeasyPrint release that changes them touches one file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

RENDER = ROOT / "src" / "election_appeal" / "render"
# The libraries of each format, and the modules of each seam.
LIBRARIES = {"pdf": {"weasyprint", "pydyf", "fontTools"}, "docx": {"docx"}, "xlsx": {"openpyxl"}}
SEAMS = {
    "pdf": {"pdf", "grid_pdf", "grid_font", "weasy_layout"},
    "docx": {
        "docx",
        "docx_inline",
        "docx_measure",
        "docx_parts",
        "docx_picture",
        "docx_stream",
        "docx_subset",
    },
    "xlsx": {"xlsx", "xlsx_parts", "xlsx_sheet", "xlsx_text"},
}
# Names only WeasyPrint's boxes have: the private page box and the box classes.
PRIVATE = re.compile(r"_page_box|\b(?:TableRowGroupBox|TableBox|LineBox|TextBox|PageBox)\b")


def _imports(path: Path) -> set[str]:
    """The top-level libraries and the render modules a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {a.name for a in node.names}
    return found


@pytest.mark.parametrize("seam", sorted(SEAMS))
def test_a_seam_imports_no_other_formats_library_nor_module(seam: str) -> None:
    others = set().union(*(LIBRARIES[s] | SEAMS[s] for s in SEAMS if s != seam))
    for module in SEAMS[seam]:
        wrong = _imports(RENDER / f"{module}.py") & others
        assert not wrong, f"render/{module}.py imports {sorted(wrong)}"


def test_weasyprints_boxes_are_read_in_one_module() -> None:
    readers = sorted(
        path.name
        for path in (ROOT / "src").rglob("*.py")
        if PRIVATE.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["weasy_layout.py"]
