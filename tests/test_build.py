"""The built documents, read as their readers read them: PDF text, DOCX parts, LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from conftest import EXAMPLE, EXAMPLE_OUTPUTS
from election_appeal.publish import Settings, build_case

NAMES = [
    "attachment-1-protocols.pdf",
    "attachment-1-protocols.docx",
    "attachment-1-protocols.xlsx",
    "attachment-2-statistics.pdf",
    "attachment-2-statistics.docx",
    "appeal.pdf",
    "appeal.docx",
    "appeal-bundle.pdf",
    "manifest.json",
    # The agency and the police get letters of their own, each with its bundle; the
    # attachments («к заявлению») are the same for the three letters.
    "appeal--anticorruption_almaty.pdf",
    "appeal--anticorruption_almaty.docx",
    "appeal-bundle--anticorruption_almaty.pdf",
    "appeal--police_almaty.pdf",
    "appeal--police_almaty.docx",
    "appeal-bundle--police_almaty.pdf",
]
ALL = Settings(("pdf", "docx", "xlsx"), per_addressee=False, templates=None)
# Every figure of the reference case, formatted as the documents print them.
FIGURES = [
    "43 337",
    "13,49 %",
    "23 388",
    "7,31 %",
    "−19 949",
    "178 461",
    "55,54 %",
    "218 003",
    "68,11 %",
    "+39 542",
    "31 802",
    "9,90 %",
    "24 591",
    "7,68 %",
    "−7 211",
    "48 887",
    "15,21 %",
    "32 367",
    "10,11 %",
    "−16 520",
    "18 835",
    "5,86 %",
    "21 733",
    "6,79 %",
    "+2 898",
    "321 322",
    "320 082",
    "−1 240",
    "10 364",
    "330 446",
    "341 431",
    "7 756,08",
    "7 649,97",
    "1 275 тенге",
    "6 375 тенге",
    "42 500 тенге",
    "+25 434 975",
    "−50 416 050",
    "+9 194 025",
    "+21 063 000",
    "−3 694 950",
    "11 668 000 тенге",
    "21 588",
    "10 января 2021 г.",
]


def _plain(text: str) -> str:
    """Text with no-break spaces as spaces and words re-joined across line ends."""
    return re.sub(r"[ \u00a0\u202f]+", " ", text.replace("\n", " "))


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text in content order (-raw), so that a table's cells are not interleaved."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    run = subprocess.run(
        ["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return _plain(run.stdout)


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return _plain("\n".join(parts))


@pytest.fixture
def built(example_build: Path) -> Path:
    """The example built in every format: the session's shared build (conftest.py)."""
    return example_build


def test_the_build_writes_every_document_and_the_manifest(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(NAMES) == sorted(EXAMPLE_OUTPUTS)


def test_the_pdf_has_every_figure(built: Path) -> None:
    text = pdf_text(built / "appeal.pdf")
    missing = [f for f in FIGURES if f not in text]
    assert missing == []


def test_the_docx_has_every_figure(built: Path) -> None:
    text = docx_text(built / "appeal.docx")
    missing = [f for f in FIGURES if f not in text]
    assert missing == []


def test_every_pdf_page_is_watermarked_and_numbered(built: Path) -> None:
    for name in ("appeal.pdf", "attachment-1-protocols.pdf"):
        pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(built / name)).group(1))
        for page in range(1, pages + 1):
            text = pdf_text(built / name, page)
            # The rotated watermark comes out a letter per line.
            assert "ОБРАЗЕЦ" in text.replace(" ", ""), f"{name}, page {page}"
            # The tool's own mark is drawn last, over the page: its letters end the text.
            numbered = text.strip().removesuffix("О Б Р А З Е Ц").strip()
            assert re.search(rf"\b{page}\s*$", numbered), f"{name}: page number {page}"


def _pdfinfo(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_metadata_fonts_and_pdfa(built: Path) -> None:
    info = _pdfinfo(built / "appeal.pdf")
    assert "Title:           Заявление о проверке расхождений" in info
    # The applicant is the author only when case.yaml says so (test_honest_outputs.py).
    assert "Author:" not in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    fonts = subprocess.run(
        ["pdffonts", str(built / "appeal.pdf")], capture_output=True, text=True, check=True
    )
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts.stdout
    assert any("Liberation-Serif" in row for row in rows)
    from pypdf import PdfReader

    reader = PdfReader(built / "appeal.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp or b"<pdfaid:part>2</pdfaid:part>" in xmp
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_the_attachment_pdf_is_landscape_with_a_repeating_header(built: Path) -> None:
    assert "Page size:       841.89 x 595.276 pts (A4)" in _pdfinfo(
        built / "attachment-1-protocols.pdf"
    )
    second_page = pdf_text(built / "attachment-1-protocols.pdf", 2)
    for heading in ("Участок", "Район", "Источник", "Выдано", "В ящиках", "НПК", "«Nur Otan»"):
        assert heading in second_page


def test_the_register_gives_the_attachments_real_page_count(built: Path) -> None:
    pages = re.search(r"Pages:\s+(\d+)", _pdfinfo(built / "attachment-1-protocols.pdf")).group(1)
    text = pdf_text(built / "appeal.pdf")
    assert f"(66 участков) — на {pages} л." in text


def test_the_docx_has_footnotes_repeating_headers_and_page_numbers(built: Path) -> None:
    with zipfile.ZipFile(built / "appeal.docx") as package:
        names = package.namelist()
        document = package.read("word/document.xml").decode()
        footnotes = package.read("word/footnotes.xml").decode()
        footer = next(package.read(n).decode() for n in names if n.startswith("word/footer"))
        header = next(package.read(n).decode() for n in names if n.startswith("word/header"))
        relations = package.read("word/_rels/document.xml.rels").decode()
    assert names[0] == "[Content_Types].xml"
    # The CEC resolution's address, «—», the rates, the budget law, the Mazhilis' term, the
    # especially large amount: a source named in the text without an address gets none.
    assert document.count("<w:footnoteReference") == footnotes.count("<w:footnoteRef/>") == 6
    assert "https://www.election.gov.kz/rus/news/acts/index.php?ID=6196" in footnotes
    assert "Постановление Центральной избирательной комиссии" not in footnotes.split("ID=6196")[0]
    assert "footnotes.xml" in relations
    assert document.count("<w:tblHeader/>") >= 5
    assert '<w:gridSpan w:val="2"/>' in document and '<w:vMerge w:val="restart"/>' in document
    assert 'w:instr="PAGE"' in footer
    assert 'string="ОБРАЗЕЦ"' in header


def test_the_docx_uses_named_styles_and_properties(built: Path) -> None:
    document = Document(str(built / "appeal.docx"))
    used = {p.style.name for p in document.paragraphs}
    assert {
        "Appeal Body",
        "Appeal Title",
        "Appeal Heading",
        "Appeal Addressee",
        "Appeal List",
    } <= used
    props = document.core_properties
    assert (props.title, props.author, props.language) == (
        "Заявление от 5\u00a0апреля\u00a02021\u00a0г.",
        "",  # no author unless case.yaml asks for one (test_honest_outputs.py)
        "ru-RU",
    )
    section = document.sections[0]
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [30, 10, 20, 20]


def test_the_xlsx_attachment(built: Path) -> None:
    book = openpyxl.load_workbook(built / "attachment-1-protocols.xlsx")
    sheet = book["Протоколы"]
    assert sheet.freeze_panes == "B7"
    assert sheet.auto_filter.ref == "A6:Q204"  # 66 stations, three rows each
    assert sheet["L6"].value == "НПК"
    assert [sheet[f"{c}7"].value for c in "ABEL"] == [12, "Ауэзовский", "Мажилис", 33]
    assert sheet["L7"].number_format == "#,##0"
    totals = [c.value for c in sheet[205]]
    assert totals[:5] == ["Итого", None, None, None, "Мажилис"]
    assert sum(totals[11:16]) == 21588
    flagged = [row[0].value for row in sheet.iter_rows(min_row=7, max_row=204) if row[-1].value]
    assert flagged == [170, 440]


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    build_case(EXAMPLE, tmp_path, ALL)
    for name in NAMES:
        assert (tmp_path / "almaty-2021" / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def test_libreoffice_converts_the_docx_with_the_same_figures(built: Path, tmp_path: Path) -> None:
    for name in ("appeal.docx", "attachment-1-protocols.docx"):
        run = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(built / name),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert run.returncode == 0, run.stderr
    text = pdf_text(tmp_path / "appeal.pdf")
    assert [f for f in FIGURES if f not in text] == []
    assert "Итого" in pdf_text(tmp_path / "attachment-1-protocols.pdf")
    # Table 1's heading «Разница (Маслихат − Мажилис), голосов», merged over the two header
    # rows, whole on every page the header repeats on (LibreOffice cuts a merged heading to
    # the height of its rows).
    pages = _words_by_page(tmp_path / "appeal.pdf")
    headed = [words for words in pages if any(w == "Мажилис)," for w, *_ in words)]
    assert len(headed) >= 2, "table 1 no longer runs onto a second page: find another check"
    for words in headed:
        [(_, x, y)] = [(w, x, y) for w, x, y in words if w == "Мажилис),"]
        below = [w for w, wx, wy in words if abs(wx - x) < 20 and 0 < wy - y < 20]
        assert below == ["голосов"]


def _words_by_page(path: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with the middle and the top of each, in points."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in bbox.split("<page ")[1:]:
        pages.append(
            [
                (m[5], (float(m[1]) + float(m[3])) / 2, float(m[2]))
                for m in re.finditer(
                    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                    page,
                )
            ]
        )
    return pages


def _pdf_with_pages(path: Path, pages: int) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.mark.slow
def test_user_attachments_are_counted_from_their_files(case_dir: Path, tmp_path: Path) -> None:
    from conftest import edit_case

    _pdf_with_pages(case_dir / "tik-protocol.pdf", 3)
    attachments = [
        {
            "title": "копия протокола территориальной избирательной комиссии",
            "file": "tik-protocol.pdf",
        },
        {"title": "копии определений суда", "sheets": 2},
    ]
    edit_case(case_dir, lambda d: d.update(attachments=attachments))
    build_case(case_dir, tmp_path / "out", Settings(("pdf",), False, None))
    text = pdf_text(tmp_path / "out" / "case" / "appeal.pdf")
    # List numbers are generated content: pdftotext -raw puts them apart from the items.
    from pypdf import PdfReader

    own = len(PdfReader(tmp_path / "out" / "case" / "attachment-1-protocols.pdf").pages)
    first = text.index(f"(66 участков) — на {own} л. (по файлу PDF)")
    second = text.index("копия протокола территориальной избирательной комиссии — на 3 л.")
    assert first < second < text.index("копии определений суда — на 2 л.")
    # The agency's and the police's letters are written too, each with its bundle; the
    # attachments are shared.
    letters = ("--anticorruption_almaty", "--police_almaty")
    assert sorted(p.name for p in (tmp_path / "out" / "case").iterdir()) == sorted(
        [
            "appeal-bundle.pdf",
            "appeal.pdf",
            "attachment-1-protocols.pdf",
            "attachment-2-statistics.pdf",
            "manifest.json",
            *(f"appeal{s}.pdf" for s in letters),
            *(f"appeal-bundle{s}.pdf" for s in letters),
        ]
    )


def test_attachment_problems(run, case_dir: Path) -> None:
    from conftest import edit_case

    (case_dir / "scan.jpg").write_bytes(b"\xff\xd8")
    attachments = [
        {"title": "скан", "file": "scan.jpg"},
        {"title": "нет"},
        {"title": "x", "file": "no.pdf"},
    ]
    edit_case(case_dir, lambda d: d.update(attachments=attachments))
    result = run("check", case_dir)
    assert result.exit_code == 1
    lines = [line.rsplit(": ", 1)[1] for line in result.stderr.splitlines()[:3]]
    assert lines == [
        "only the pages of a PDF file are counted; give sheets (its number of pages)",
        "give file (a document to attach) or sheets (pages of a paper copy)",
        'the file "no.pdf" is not in the case folder',
    ]


def test_a_broken_pdf_attachment_is_reported(run, case_dir: Path, tmp_path: Path) -> None:
    from conftest import edit_case

    (case_dir / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    edit_case(case_dir, lambda d: d.update(attachments=[{"title": "x", "file": "broken.pdf"}]))
    result = run("build", case_dir, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"  Error: {case_dir / 'broken.pdf'}: cannot count the pages" in result.stdout
    assert os.listdir(tmp_path / "out") == [".appeal-build.lock"]  # nothing half-written


@pytest.mark.slow
@pytest.mark.parametrize("route", ["drawn", "parts", "unreadable"])
def test_a_long_table_is_numbered_through(monkeypatch, tmp_path: Path, route: str) -> None:
    """A long table drawn straight into pages, or (where it cannot be, or where WeasyPrint's
    boxes cannot be read, as after a release that changed them) laid out in parts."""
    from pypdf import PdfReader

    from election_appeal.render import documents, weasy_layout
    from election_appeal.render.grid_pdf import NotDrawn

    monkeypatch.setattr(documents, "DRAWN_ROWS", 30)  # the example's 66 stations: a long table
    monkeypatch.setattr(documents, "PART_ROWS", 30)  # in parts: three
    if route == "parts":
        monkeypatch.setattr(documents, "render_protocol_table_pdf", lambda *args: NotDrawn())
    if route == "unreadable":

        def renamed(page: object) -> None:
            raise AttributeError("'PageBox' object has no attribute 'margin_width'")

        monkeypatch.setattr(weasy_layout, "_page", renamed)
    outcome = build_case(EXAMPLE, tmp_path, Settings(("pdf",), False, None))
    fallback = [w for w in outcome.warnings if "drawing the long table directly failed" in w]
    assert fallback == (
        [
            "attachment-protocols.html.j2: drawing the long table directly failed "
            "(LayoutUnreadable: AttributeError: 'PageBox' object has no attribute "
            "'margin_width'); WeasyPrint laid it out instead, which takes longer"
        ]
        if route == "unreadable"
        else []
    )
    path = tmp_path / "almaty-2021" / "attachment-1-protocols.pdf"
    pages = len(PdfReader(path).pages)
    texts = [pdf_text(path, page) for page in range(1, pages + 1)]
    assert pages >= 3
    for number, text in enumerate(texts, start=1):
        # The tool's own mark is drawn last, over the page: its letters end the text.
        numbered = text.rstrip("\x0c ").removesuffix("О Б Р А З Е Ц").rstrip()
        assert numbered.endswith(f" {number}"), f"page {number}"
        assert "ОБРАЗЕЦ" in text.replace(" ", "")
    assert "Приложение 1" in texts[0] and all("Приложение 1" not in t for t in texts[1:])
    # The totals rows (the legend, on the first page, names them too).
    totals = [len(re.findall(r"Итого\s+Мажилис", t)) for t in texts]
    assert totals == [0] * (pages - 1) + [1]
    assert sum(t.count("Наблюдатели") for t in texts) == 64  # 66 stations, 2 with no source
    reader = PdfReader(path)
    assert b"pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert f"(66 участков) — на {pages} л." in pdf_text(tmp_path / "almaty-2021" / "appeal.pdf")
