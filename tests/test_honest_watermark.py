"""An illustrative case's mark «ОБРАЗЕЦ» cannot be styled away: a template that tries makes the
build fail with a message, and the tool's own mark is on every page of every file anyway."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from conftest import EXAMPLE
from election_appeal import api
from election_appeal.errors import AppealError
from election_appeal.resources import templates_dir

DEFAULT_CSS = (templates_dir() / "style.css").read_text(encoding="utf-8")


def _templates(tmp_path: Path, css: str = "", base: str | None = None) -> Path:
    """A user's template folder: the default stylesheet with `css` appended, and optionally
    its own base.html.j2."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "style.css").write_text(DEFAULT_CSS + "\n" + css, encoding="utf-8")
    if base is not None:
        (folder / "base.html.j2").write_text(base, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("css", "reason"),
    [
        (".watermark, p.warning { display: none; }", "not drawn on any page"),
        (".watermark, p.warning { visibility: hidden; }", "invisible"),
        (".watermark, p.warning { opacity: 0; }", "transparent (opacity)"),
        (".watermark, p.warning { color: transparent; }", "colour is transparent"),
        (".watermark, p.warning { color: white; }", "white"),
        (".watermark, p.warning { font-size: 0; }", "not drawn on any page"),
        (".watermark, p.warning { position: fixed; left: -5000px; }", "off the page"),
        (".watermark, p.warning { transform: scale(0.01); }", "shrunk"),
        (".watermark, p.warning { font-size: 2px; }", "too small"),
    ],
)
def test_a_template_hiding_the_mark_fails_the_render(tmp_path: Path, css: str, reason: str) -> None:
    folder = _templates(tmp_path, css)
    with pytest.raises(AppealError) as raised:
        api.render(EXAMPLE, formats=("pdf",), templates=folder)
    message = str(raised.value)
    assert "the case is illustrative, but the template hides the mark «ОБРАЗЕЦ»" in message
    assert reason in message


def test_the_issue_trick_fails_the_build_and_keeps_earlier_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = api.build([EXAMPLE], out, formats=("pdf",), jobs=1)
    assert not first.failed
    before = {p.name: p.read_bytes() for p in (out / EXAMPLE.name).iterdir()}
    folder = _templates(tmp_path, ".watermark, p.warning {display:none}")
    report = api.build([EXAMPLE], out, formats=("pdf",), templates=folder, jobs=1)
    assert report.failed
    assert "hides the mark «ОБРАЗЕЦ»" in str(report.outcomes[0].message)
    after = {p.name: p.read_bytes() for p in (out / EXAMPLE.name).iterdir()}
    assert after == before


BASE_WITHOUT_MARK = """<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %}</title>
<meta name="keywords" content="подлинник"><meta name="author" content="Иванов Иван Иванович">
<style>{% include "style.css" %}</style></head>
<body class="{% block body_class %}appeal{% endblock %}">{% block content %}{% endblock %}</body>
</html>"""


@pytest.fixture(scope="module")
def without_template_mark(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The example rendered with a base template that drops the watermark div, hides the
    warning and claims other metadata: only the tool's own mark is left."""
    folder = _templates(
        tmp_path_factory.mktemp("t"), "p.warning { display: none; }", BASE_WITHOUT_MARK
    )
    # The warning is hidden, which is refused; with it dropped from the text too, nothing in
    # the template's HTML holds the word, so only the tool's stamp carries it.
    (folder / "style.css").write_text(DEFAULT_CSS, encoding="utf-8")
    return dict(api.render(EXAMPLE, templates=folder))


def test_every_pdf_page_carries_the_tools_mark_without_the_templates(
    without_template_mark: dict[str, bytes],
) -> None:
    pdfs = {n: c for n, c in without_template_mark.items() if n.endswith(".pdf")}
    assert set(pdfs) == {
        "appeal.pdf",
        "appeal-bundle.pdf",
        "attachment-1-protocols.pdf",
        "attachment-2-statistics.pdf",
    }
    for name, content in pdfs.items():
        reader = PdfReader(io.BytesIO(content))
        for number, page in enumerate(reader.pages, 1):
            assert "ОБРАЗЕЦ" in page.extract_text(), (name, number)


def test_the_template_cannot_set_the_author_or_keywords(
    without_template_mark: dict[str, bytes],
) -> None:
    for name in ("appeal.pdf", "attachment-1-protocols.pdf", "appeal-bundle.pdf"):
        info = PdfReader(io.BytesIO(without_template_mark[name])).metadata
        assert info is not None
        assert info.get("/Keywords") == "ОБРАЗЕЦ", name
        assert "/Author" not in info, name


def test_the_docx_header_and_the_xlsx_carry_the_mark_without_the_template(
    without_template_mark: dict[str, bytes],
) -> None:
    for name in ("appeal.docx", "attachment-1-protocols.docx", "attachment-2-statistics.docx"):
        document = Document(io.BytesIO(without_template_mark[name]))
        for section in document.sections:
            shapes = section.header._element.iter("{urn:schemas-microsoft-com:vml}textpath")
            assert [s.get("string") for s in shapes if s.get("string")] == ["ОБРАЗЕЦ"], name
    book = openpyxl.load_workbook(io.BytesIO(without_template_mark["attachment-1-protocols.xlsx"]))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("ОБРАЗЕЦ. ")
    assert sheet.oddHeader.center.text == "ОБРАЗЕЦ"
    assert (sheet.oddFooter.left.text, sheet.oddFooter.right.text) == ("ОБРАЗЕЦ", "ОБРАЗЕЦ")
