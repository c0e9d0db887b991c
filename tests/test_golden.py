"""Golden files: the rendered HTML and the text of the DOCX files, compared line by line.

After an intended change of a template or of the writer, regenerate them with `make golden`
and review the diff before committing it.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import EXAMPLE, ROOT
from election_appeal.case import load_case
from election_appeal.render import render_case

GOLDEN = ROOT / "tests" / "golden"
DOCUMENTS = ["appeal", "attachment-1-protocols", "attachment-2-statistics"]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered():
    return render_case(load_case(EXAMPLE))


def docx_dump(data: bytes) -> str:
    """Paragraphs with their style, tables row by row, then the footnotes."""
    document = Document(io.BytesIO(data))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            paragraph = next(p for p in document.paragraphs if p._p is child)
            if paragraph.text.strip():
                lines.append(f"[{paragraph.style.name}] {paragraph.text}")
        elif tag == "tbl":
            table = next(t for t in document.tables if t._tbl is child)
            for row in table.rows:
                lines.append("| " + " | ".join(cell.text for cell in row.cells) + " |")
    # The footnotes part has no python-docx API: its text is read from the XML.
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    for note in root.findall(W + "footnote"):
        if note.get(W + "type") is None:
            lines.append(f"[footnote {note.get(W + 'id')}] {''.join(note.itertext()).strip()}")
    return "\n".join(lines) + "\n"


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; run `make golden`"
    expected = path.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines(), f"{name} changed; run `make golden`"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_rendered_html(rendered, document: str) -> None:
    _compare(f"{document}.html", rendered.html[document])


@pytest.mark.parametrize("document", DOCUMENTS)
def test_docx_text(rendered, document: str) -> None:
    _compare(f"{document}.docx.txt", docx_dump(rendered.files[f"{document}.docx"]))


def test_golden_folder_has_only_known_files() -> None:
    expected = {f"{d}.html" for d in DOCUMENTS} | {f"{d}.docx.txt" for d in DOCUMENTS}
    assert {p.name for p in Path(GOLDEN).iterdir()} == expected
