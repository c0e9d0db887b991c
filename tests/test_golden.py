"""Golden files: the rendered HTML and the text of the DOCX files, compared line by line.

After an intended change of a template or of the writer, regenerate them with `make golden`
and review the diff before committing it.
"""

from __future__ import annotations

import dataclasses
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
from election_appeal.render.documents import RenderedCase

GOLDEN = ROOT / "tests" / "golden"
DOCUMENTS = ["appeal", "attachment-1-protocols", "attachment-2-statistics"]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


LANGUAGES = ["ru", "kk"]


@pytest.fixture(scope="module")
def rendered_in() -> dict[str, RenderedCase]:
    """The example's documents in each language, rendered once."""
    data = load_case(EXAMPLE)
    return {
        language: render_case(
            dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
        )
        for language in LANGUAGES
    }


def _named(document: str, language: str) -> str:
    return document if language == "ru" else f"{document}.{language}"


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


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_rendered_html(rendered_in, document: str, language: str) -> None:
    name = _named(document, language)
    _compare(f"{name}.html", rendered_in[language].html[document])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_docx_text(rendered_in, document: str, language: str) -> None:
    name = _named(document, language)
    _compare(f"{name}.docx.txt", docx_dump(rendered_in[language].files[f"{name}.docx"]))


def test_golden_folder_has_only_known_files() -> None:
    names = [_named(d, language) for d in DOCUMENTS for language in LANGUAGES]
    expected = {f"{n}.html" for n in names} | {f"{n}.docx.txt" for n in names}
    assert {p.name for p in Path(GOLDEN).iterdir()} == expected
