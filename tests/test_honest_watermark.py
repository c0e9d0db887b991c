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
from election_appeal.render.watermark import pdf_says_sample
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
@pytest.mark.slow
def test_a_template_hiding_the_mark_fails_the_render(tmp_path: Path, css: str, reason: str) -> None:
    folder = _templates(tmp_path, css)
    with pytest.raises(AppealError) as raised:
        api.render(EXAMPLE, formats=("pdf",), templates=folder)
    message = str(raised.value)
    assert "the case is illustrative, but the template hides the mark «ОБРАЗЕЦ»" in message
    assert reason in message


@pytest.mark.slow
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
    """The example rendered with a base template that drops the watermark div and claims
    another author and other keywords: what is left of the mark is the tool's own."""
    folder = _templates(tmp_path_factory.mktemp("t"), "", BASE_WITHOUT_MARK)
    return dict(api.render(EXAMPLE, templates=folder))


@pytest.mark.slow
def test_every_pdf_page_carries_the_tools_mark_without_the_templates(
    without_template_mark: dict[str, bytes],
) -> None:
    pdfs = {n: c for n, c in without_template_mark.items() if n.endswith(".pdf")}
    # The main letter and those to the agency and the police, each with its bundle, and the
    # attachments they share.
    assert set(pdfs) == {
        *(
            f"{name}{suffix}.pdf"
            for suffix in ("", "--anticorruption_almaty", "--police_almaty")
            for name in ("appeal", "appeal-bundle")
        ),
        "attachment-1-protocols.pdf",
        "attachment-2-statistics.pdf",
    }
    for name, content in pdfs.items():
        reader = PdfReader(io.BytesIO(content))
        for number, page in enumerate(reader.pages, 1):
            assert "ОБРАЗЕЦ" in page.extract_text(), (name, number)


@pytest.mark.slow
def test_the_template_cannot_set_the_author_or_keywords(
    without_template_mark: dict[str, bytes],
) -> None:
    for name in ("appeal.pdf", "attachment-1-protocols.pdf", "appeal-bundle.pdf"):
        info = PdfReader(io.BytesIO(without_template_mark[name])).metadata
        assert info is not None
        assert info.get("/Keywords") == "ОБРАЗЕЦ", name
        assert pdf_says_sample(without_template_mark[name], "ОБРАЗЕЦ"), name
        assert "/Author" not in info, name


@pytest.mark.slow
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


def _two_pages(keywords: str | None = "ОБРАЗЕЦ") -> bytes:
    from election_appeal.render.pdf import Properties, render_pdf

    html = "<p>первая</p><p style='break-before: page'>вторая</p>"
    return render_pdf(html, 1_600_000_000, properties=Properties(None, keywords)).data


@pytest.mark.slow
def test_the_check_names_every_page_without_the_mark() -> None:
    from election_appeal.render.watermark import verify_marks

    with pytest.raises(AppealError) as raised:
        verify_marks({"appeal.pdf": _two_pages(None)}, "ОБРАЗЕЦ")
    assert str(raised.value) == (
        "the case is illustrative, so every page must carry the mark «ОБРАЗЕЦ»; nothing was "
        "written, because: appeal.pdf: page(s) 1, 2 do not carry the mark «ОБРАЗЕЦ»"
    )


@pytest.mark.slow
def test_a_page_whose_mark_is_taken_away_is_found() -> None:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    from election_appeal.render.watermark import pdf_pages_without_mark, stamp_pdf

    stamped = stamp_pdf(_two_pages(), "ОБРАЗЕЦ", "ru")
    assert pdf_pages_without_mark(stamped, "ОБРАЗЕЦ") == []
    # Page 2 loses the stream that draws the mark; page 1 keeps it.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(stamped)))
    page = writer.pages[1]
    page[NameObject("/Contents")] = ArrayObject(list(page["/Contents"])[:-1])
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pdf_pages_without_mark(buffer.getvalue(), "ОБРАЗЕЦ") == [2]


@pytest.mark.slow
def test_a_long_document_is_read_whole_though_its_pages_are_let_go() -> None:
    """130 pages sharing their streams, read in stretches of 50 whose parsed objects are let
    go: the pages without the mark are found wherever they are, the first of a stretch too."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    from election_appeal.render import watermark

    writer = PdfWriter()
    two = PdfReader(io.BytesIO(_two_pages()))
    for _ in range(65):
        writer.append(two)
    buffer = io.BytesIO()
    writer.write(buffer)
    stamped = watermark.stamp_pdf(buffer.getvalue(), "ОБРАЗЕЦ", "ru")
    assert watermark._PAGES_HELD == 50
    assert watermark.pdf_pages_without_mark(stamped, "ОБРАЗЕЦ") == []
    taken = [1, 50, 51, 101, 130]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(stamped)))
    for number in taken:
        page = writer.pages[number - 1]
        page[NameObject("/Contents")] = ArrayObject(list(page["/Contents"])[:-1])
    buffer = io.BytesIO()
    writer.write(buffer)
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == 130
    assert watermark.pdf_pages_without_mark(buffer.getvalue(), "ОБРАЗЕЦ") == taken


def test_a_docx_or_xlsx_without_the_mark_is_refused() -> None:
    import datetime

    from election_appeal.render.docx import render_docx
    from election_appeal.render.watermark import verify_marks

    moment = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
    plain = render_docx(
        "<html><body><p>текст</p></body></html>",
        title="t",
        author="",
        language="ru-RU",
        moment=moment,
    )
    with pytest.raises(AppealError) as raised:
        verify_marks({"appeal.docx": plain}, "ОБРАЗЕЦ")
    assert "appeal.docx: the mark «ОБРАЗЕЦ» is not in the header of every section" in str(
        raised.value
    )
    book = openpyxl.Workbook()
    book.active["A1"] = "Таблица"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(AppealError) as raised:
        verify_marks({"attachment-1-protocols.xlsx": buffer.getvalue()}, "ОБРАЗЕЦ")
    assert "the mark «ОБРАЗЕЦ» is not in the header, footer and first row" in str(raised.value)


@pytest.mark.slow
def test_kazakh_documents_carry_the_kazakh_mark() -> None:
    files = api.render(EXAMPLE, language="kk", formats=("pdf", "xlsx"))
    for name in ("appeal.kk.pdf", "attachment-1-protocols.kk.pdf", "appeal-bundle.kk.pdf"):
        reader = PdfReader(io.BytesIO(files[name]))
        assert all("ҮЛГІ" in page.extract_text() for page in reader.pages), name
        assert reader.metadata is not None and reader.metadata["/Keywords"] == "ҮЛГІ"
    book = openpyxl.load_workbook(io.BytesIO(files["attachment-1-protocols.kk.xlsx"]))
    sheet = book.worksheets[0]
    assert sheet.oddHeader.center.text == "ҮЛГІ"


@pytest.mark.slow
def test_a_page_that_leaves_a_clip_open_is_refused() -> None:
    """Content that saves a graphics state and never restores it (here: a clip of 1 × 1 pt)
    would shrink the mark drawn after it to that clip."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    from election_appeal.render.watermark import pdf_pages_without_mark, stamp_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_two_pages())))
    page = writer.pages[0]
    original = page.get_contents()
    assert original is not None
    clipped = DecodedStreamObject()
    clipped.set_data(original.get_data() + b"\nq 0 0 1 1 re W n\n")
    page[NameObject("/Contents")] = writer._add_object(clipped)
    buffer = io.BytesIO()
    writer.write(buffer)
    stamped = stamp_pdf(buffer.getvalue(), "ОБРАЗЕЦ", "ru")
    assert pdf_pages_without_mark(stamped, "ОБРАЗЕЦ") == [1]


def test_stamping_a_long_attachment_prints_nothing_of_pypdfs_bookkeeping(
    example_files: dict[str, bytes], caplog: pytest.LogCaptureFixture
) -> None:
    """Cloning the drawn attachment (its following pages share objects) made pypdf print
    "Object count … exceeds defined trailer size …" on every illustrative build."""
    import logging

    from election_appeal.render.watermark import stamp_pdf

    with caplog.at_level(logging.WARNING):
        stamp_pdf(example_files["attachment-1-protocols.pdf"], "ОБРАЗЕЦ", "ru")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
