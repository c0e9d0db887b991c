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


def test_header_rows_repeat_and_spaces_at_the_edges_are_preserved() -> None:
    data = _docx(_html("<tr><td>1</td><td>x</td><td>y</td></tr>"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:tblHeader/>") == 2
    assert "<!--" not in xml  # no marker left where the rows were written
    table = Document(io.BytesIO(data)).tables[0]
    assert [row._tr.find(f"{W}trPr") is not None for row in table.rows] == [True, True, False]


def test_a_long_table_has_every_row() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td class='num'>{i * 3}</td><td>{i % 7}</td></tr>" for i in range(5000)
    )
    cells = _cells(_docx(_html(rows)))
    assert len(cells) == 5002
    assert cells[2] == ["0", "0", "0"]
    assert cells[-1] == ["4999", "14997", str(4999 % 7)]
    assert sum(int(row[1]) for row in cells[2:]) == 3 * 4999 * 5000 // 2
