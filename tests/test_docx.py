"""Word tables as Word reads them: rows written as XML text keep every text, mark and order."""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document

from election_appeal.render.docx import render_docx

MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _html(rows: str) -> str:
    return (
        "<html><head><meta charset='utf-8'></head><body><table><thead>"
        "<tr><th rowspan='2'>Участок</th><th colspan='2'>НПК</th></tr>"
        f"<tr><th>1</th><th>2</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    )


def _docx(html: str) -> bytes:
    return render_docx(html, title="t", author="a", language="ru-RU", moment=MOMENT)


def _cells(data: bytes) -> list[list[str]]:
    table = Document(io.BytesIO(data)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_texts_that_mean_something_in_xml_are_kept_as_written() -> None:
    rows = (
        "<tr><td>&lt;w:p&gt; &amp; «кавычки»</td><td class='num'>1&nbsp;234</td>"
        "<td>]]&gt;</td></tr>"
        "<tr><td>=1+1</td><td class='num'>−5</td><td>&quot;x&quot; &apos;y&apos;</td></tr>"
    )
    assert _cells(_docx(_html(rows)))[2:] == [
        ["<w:p> & «кавычки»", "1\u00a0234", "]]>"],
        ["=1+1", "−5", "\"x\" 'y'"],
    ]


def test_rows_keep_their_order_around_rows_built_cell_by_cell() -> None:
    # Plain rows are written as text; a row with bold text or a merge is built as elements.
    rows = (
        "<tr><td>1</td><td>a</td><td>b</td></tr>"
        "<tr><td>2</td><td><strong>c</strong></td><td>d</td></tr>"
        "<tr><td>3</td><td>e</td><td>f</td></tr>"
        "<tr class='total'><td colspan='2'>Итого</td><td>g</td></tr>"
    )
    cells = _cells(_docx(_html(rows)))
    assert cells == [
        ["Участок", "НПК", "НПК"],
        ["Участок", "1", "2"],
        ["1", "a", "b"],
        ["2", "c", "d"],
        ["3", "e", "f"],
        ["Итого", "Итого", "g"],
    ]


def _row_marks(data: bytes) -> list[tuple[bool, bool]]:
    """For each row of the first table: (kept whole on a page, repeated as a header)."""
    table = Document(io.BytesIO(data)).tables[0]
    return [
        (
            row._tr.find(f"{W}trPr/{W}cantSplit") is not None,
            row._tr.find(f"{W}trPr/{W}tblHeader") is not None,
        )
        for row in table.rows
    ]


def test_header_rows_repeat_and_rows_of_a_short_table_do_not_split() -> None:
    data = _docx(_html("<tr><td>1</td><td>x</td><td>y</td></tr>"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:tblHeader/>") == 2
    assert "<!--" not in xml  # no marker left where the rows were written
    assert _row_marks(data) == [(True, True), (True, True), (True, False)]


def test_rows_of_a_long_table_may_split() -> None:
    # LibreOffice's layout collapses on a long table of can't-split rows under a repeating header.
    rows = "".join(f"<tr><td>{i}</td><td>x</td><td>y</td></tr>" for i in range(299))
    assert _row_marks(_docx(_html(rows)))[-1] == (False, False)
    assert _row_marks(_docx(_html(rows[: rows.index("<tr><td>298<")])))[-1] == (True, False)


def test_a_long_table_has_every_row() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td class='num'>{i * 3}</td><td>{i % 7}</td></tr>" for i in range(5000)
    )
    cells = _cells(_docx(_html(rows)))
    assert len(cells) == 5002
    assert cells[2] == ["0", "0", "0"]
    assert cells[-1] == ["4999", "14997", str(4999 % 7)]
    assert sum(int(row[1]) for row in cells[2:]) == 3 * 4999 * 5000 // 2


def _styles_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()


def test_the_text_is_in_the_documents_language_for_the_spelling_checker() -> None:
    html = "<html><body><h1>ЖАЛОБА</h1><p>Текст.</p></body></html>"
    russian = _styles_xml(_docx(html))
    kazakh = _styles_xml(render_docx(html, title="t", author="a", language="kk-KZ", moment=MOMENT))
    # The document defaults and the Normal style every named style is based on.
    assert russian.count('<w:lang w:val="ru-RU"') == 2 and "en-US" not in russian
    assert kazakh.count('<w:lang w:val="kk-KZ"') == 2 and "ru-RU" not in kazakh


def test_headings_have_outline_levels_for_the_navigation_pane() -> None:
    data = _docx("<html><body><h1>ЖАЛОБА</h1><h2>1. Обстоятельства</h2><p>Текст.</p></body></html>")
    levels = {
        p.text: p.style.element.find(f"{W}pPr/{W}outlineLvl")
        for p in Document(io.BytesIO(data)).paragraphs
    }
    assert levels["ЖАЛОБА"].get(f"{W}val") == "0"
    assert levels["1. Обстоятельства"].get(f"{W}val") == "1"
    assert levels["Текст."] is None


def test_the_watermark_says_what_the_html_says() -> None:
    html = '<html><body><div class="watermark">ҮЛГІ</div><p>Мәтін.</p></body></html>'
    data = render_docx(html, title="t", author="a", language="kk-KZ", moment=MOMENT)
    header = zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml").decode()
    assert 'string="ҮЛГІ"' in header and "ОБРАЗЕЦ" not in header
