"""The DOCX writer, through render_docx alone: HTML in, the Word file read back as Word reads it.

The expected grids are laid out by hand from the HTML table rules (a cell with rowspan occupies
its column in the rows below; colspan covers the next columns)."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from docx import Document
from lxml import etree

from election_appeal.render.docx import render_docx
from election_appeal.render.docx_subset import UnsupportedHtml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
NBSP = "\u00a0"


def _docx(body: str, **options: Any) -> bytes:
    # As templates/base.html.j2 writes it: the writer reads the encoding from the meta tag.
    head = '<meta charset="utf-8"><title>t</title>'
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    settings = {"title": "Заявление", "author": "Тестов Т. Т.", "language": "ru-RU"}
    return render_docx(html, moment=MOMENT, **{**settings, **options})


def _part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _attr(element: Any, name: str) -> str | None:
    value: str | None = element.get(f"{{{W}}}{name}")
    return value


def _text(element: Any) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def _cells(tr: Any) -> list[tuple[str, int, str | None]]:
    """Each w:tc of a row: its text, its grid span and its vertical merge (None: no merge)."""
    out = []
    for tc in tr.findall("w:tc", NS):
        span = tc.find("w:tcPr/w:gridSpan", NS)
        merge = tc.find("w:tcPr/w:vMerge", NS)
        # <w:vMerge/> without a value continues the merge above, as <w:vMerge w:val="continue"/>.
        merged = None if merge is None else (_attr(merge, "val") or "continue")
        out.append((_text(tc), int(_attr(span, "val") or 1) if span is not None else 1, merged))
    return out


TABLE = """
<table>
<thead>
<tr><th rowspan="2">Участок</th><th colspan="3">НПК</th></tr>
<tr><th>А</th><th>Б</th><th>разница</th></tr>
</thead>
<tbody>
<tr><td>12</td><td class="num">33</td><td class="num">34</td><td class="num">+1</td></tr>
<tr><td rowspan="2">13</td><td colspan="2">нет копии</td><td class="num">—</td></tr>
<tr><td class="num">1</td><td class="num">2</td><td class="num">+1</td></tr>
<tr class="total"><td>Итого</td>
<td class="num">34</td><td class="num">36</td><td class="num">+2</td></tr>
</tbody>
</table>
"""


@pytest.fixture(scope="module")
def table() -> Any:
    [tbl] = _part(_docx(TABLE), "word/document.xml").iterfind(".//w:tbl", NS)
    return tbl


def test_the_grid_has_one_column_per_html_column(table: Any) -> None:
    columns = table.findall("w:tblGrid/w:gridCol", NS)
    assert len(columns) == 4
    widths = [int(_attr(c, "w") or 0) for c in columns]
    assert int(_attr(table.find("w:tblPr/w:tblW", NS), "w") or 0) == sum(widths)
    # Every cell is as wide as the grid columns it covers.
    for tr in table.findall("w:tr", NS):
        column = 0
        for tc, (_, span, _) in zip(tr.findall("w:tc", NS), _cells(tr), strict=True):
            width = int(_attr(tc.find("w:tcPr/w:tcW", NS), "w") or 0)
            assert width == sum(widths[column : column + span])
            column += span
        assert column == 4


def test_colspans_and_rowspans_become_grid_spans_and_vertical_merges(table: Any) -> None:
    rows = [_cells(tr) for tr in table.findall("w:tr", NS)]
    assert rows == [
        [("Участок", 1, "restart"), ("НПК", 3, None)],
        [("", 1, "continue"), ("А", 1, None), ("Б", 1, None), ("разница", 1, None)],
        [("12", 1, None), ("33", 1, None), ("34", 1, None), ("+1", 1, None)],
        [("13", 1, "restart"), ("нет копии", 2, None), ("—", 1, None)],
        [("", 1, "continue"), ("1", 1, None), ("2", 1, None), ("+1", 1, None)],
        [("Итого", 1, None), ("34", 1, None), ("36", 1, None), ("+2", 1, None)],
    ]


def test_only_the_header_rows_repeat_on_each_page(table: Any) -> None:
    repeated = [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in table.findall("w:tr", NS)]
    assert repeated == [True, True, False, False, False, False]


def test_header_and_total_rows_are_bold_and_numbers_right_aligned(table: Any) -> None:
    rows = table.findall("w:tr", NS)
    bold = [
        all(r.find("w:rPr/w:b", NS) is not None for r in tr.iterfind(".//w:r", NS)) for tr in rows
    ]
    assert bold == [True, True, False, False, False, True]
    alignment = [
        [
            _attr(jc, "val") if (jc := tc.find("w:p/w:pPr/w:jc", NS)) is not None else None
            for tc in tr.findall("w:tc", NS)
        ]
        for tr in rows
    ]
    assert alignment[2] == [None, "right", "right", "right"]
    assert alignment[1][1:] == ["center", "center", "center"]  # header cells are centred


def test_the_word_table_reads_back_as_the_html_table() -> None:
    # python-docx resolves merges: the merged cell is the same cell in every grid position.
    [table] = Document(io.BytesIO(_docx(TABLE))).tables
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts == [
        ["Участок", "НПК", "НПК", "НПК"],
        ["Участок", "А", "Б", "разница"],
        ["12", "33", "34", "+1"],
        ["13", "нет копии", "нет копии", "—"],
        ["13", "1", "2", "+1"],
        ["Итого", "34", "36", "+2"],
    ]


def test_a_long_table_keeps_every_row_in_order() -> None:
    rows = "".join(
        f'<tr><td>{i}</td><td class="num">{i * 7}</td><td>р-н {i % 3}</td></tr>'
        for i in range(1, 601)
    )
    head = "<thead><tr><th>№</th><th>Голоса</th><th>Район</th></tr></thead>"
    body = f"<table>{head}<tbody>{rows}</tbody></table>"
    [table] = Document(io.BytesIO(_docx(body))).tables
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts[0] == ["№", "Голоса", "Район"]
    assert texts[1:] == [[str(i), str(i * 7), f"р-н {i % 3}"] for i in range(1, 601)]


def _body_items(data: bytes) -> list[tuple[str, str]]:
    """The body in order: ("p", text) per paragraph, ("page", "") per page break."""
    body = _part(data, "word/document.xml").find("w:body", NS)
    items: list[tuple[str, str]] = []
    for p in body.findall("w:p", NS):
        for element in p.iter(f"{{{W}}}t", f"{{{W}}}br"):
            if element.tag.endswith("}br") and _attr(element, "type") == "page":
                items.append(("page", ""))
        if text := _text(p):
            items.append(("p", text))
    return items


def test_a_page_break_starts_a_new_page_between_its_neighbours() -> None:
    body = '<p>Первая страница.</p><div class="page-break"></div><p>Вторая страница.</p>'
    assert _body_items(_docx(body)) == [
        ("p", "Первая страница."),
        ("page", ""),
        ("p", "Вторая страница."),
    ]


FOOTNOTED = (
    '<p>Итоги опубликованы<span class="footnote">Постановление ЦИК от 12 января 2021 года '
    '№ 60/395.</span> и не оспорены<span class="footnote">Протокол <em>ТИК</em>.</span>.</p>'
)


def test_footnotes_are_numbered_in_order_and_kept_out_of_the_text() -> None:
    data = _docx(FOOTNOTED)
    document = _part(data, "word/document.xml")
    [paragraph] = [p for p in document.iterfind(".//w:body/w:p", NS) if _text(p)]
    assert _text(paragraph) == "Итоги опубликованы и не оспорены."
    # The calls follow the words they annotate.
    sequence = [
        _attr(e, "id") if e.tag.endswith("footnoteReference") else e.text
        for e in paragraph.iter(f"{{{W}}}t", f"{{{W}}}footnoteReference")
    ]
    assert sequence == ["Итоги опубликованы", "1", " и не оспорены", "2", "."]


def test_the_footnotes_part_holds_each_note() -> None:
    data = _docx(FOOTNOTED)
    notes = _part(data, "word/footnotes.xml")
    by_id = {_attr(n, "id"): n for n in notes.findall("w:footnote", NS)}
    assert sorted(by_id) == ["-1", "0", "1", "2"]
    assert [_attr(by_id[i], "type") for i in ("-1", "0")] == ["separator", "continuationSeparator"]
    assert _text(by_id["1"]).strip() == "Постановление ЦИК от 12 января 2021 года № 60/395."
    assert _text(by_id["2"]).strip() == "Протокол ТИК."
    assert by_id["2"].find(".//w:footnoteRef", NS) is not None
    italic = [
        _text(r) for r in by_id["2"].iterfind(".//w:r", NS) if r.find("w:rPr/w:i", NS) is not None
    ]
    assert italic == ["ТИК"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        relations = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in relations
    assert 'PartName="/word/footnotes.xml"' in types


def test_a_document_without_notes_has_only_the_separators() -> None:
    notes = _part(_docx("<p>Текст.</p>"), "word/footnotes.xml")
    assert [_attr(n, "id") for n in notes.findall("w:footnote", NS)] == ["-1", "0"]


def test_inline_formatting_breaks_and_spaces() -> None:
    body = (
        "<p>  Обычный <strong>жирный</strong> <em>курсив</em>\n   <u>подчеркнутый</u><br>"
        f"новая строка 43{NBSP}337 </p>"
    )
    document = _part(_docx(body), "word/document.xml")
    [p] = [p for p in document.iterfind(".//w:body/w:p", NS) if _text(p)]
    runs = []
    for r in p.findall("w:r", NS):
        marks = "".join(
            m
            for m, tag in (("b", "w:b"), ("i", "w:i"), ("u", "w:u"))
            if r.find(f"w:rPr/{tag}", NS) is not None
        )
        runs.append(("\n" if r.find("w:br", NS) is not None else _text(r), marks))
    assert runs == [
        ("Обычный ", ""),
        ("жирный", "b"),
        (" ", ""),
        ("курсив", "i"),
        (" ", ""),
        ("подчеркнутый", "u"),
        ("\n", ""),
        (f"новая строка 43{NBSP}337", ""),
    ]


def test_styles_lists_and_document_properties() -> None:
    body = (
        '<h1>ЗАЯВЛЕНИЕ</h1><h2>1. Факты</h2><p>Абзац.</p><p class="center">По центру.</p>'
        "<ol><li>первый</li><li>второй</li></ol><ol><li>снова первый</li></ol>"
        '<div class="addressee"><p>Генеральному прокурору</p></div>'
    )
    document = Document(io.BytesIO(_docx(body)))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles == [
        ("Appeal Title", "ЗАЯВЛЕНИЕ"),
        ("Appeal Heading", "1. Факты"),
        ("Appeal Body", "Абзац."),
        ("Appeal Center", "По центру."),
        ("Appeal List", "первый"),
        ("Appeal List", "второй"),
        ("Appeal List", "снова первый"),
        ("Appeal Addressee", "Генеральному прокурору"),
    ]
    # The second list starts again at 1: a numbering instance of its own.
    lists = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "Appeal List"]
    assert lists[0] == lists[1] != lists[2]
    props = document.core_properties
    assert (props.title, props.author, props.language) == ("Заявление", "Тестов Т. Т.", "ru-RU")
    assert props.created == props.modified == MOMENT


def test_page_set_up_and_watermark() -> None:
    portrait = Document(io.BytesIO(_docx("<p>Текст.</p>")))
    section = portrait.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [30, 10, 20, 20]
    assert "ОБРАЗЕЦ" not in etree.tostring(section.header._element, encoding="unicode")
    landscape = Document(
        io.BytesIO(_docx('<div class="watermark">ОБРАЗЕЦ</div><p>Текст.</p>', landscape=True))
    )
    section = landscape.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert 'string="ОБРАЗЕЦ"' in etree.tostring(section.header._element, encoding="unicode")
    # The watermark is drawn in the header, not written as a paragraph of the body.
    assert [p.text for p in landscape.paragraphs if p.text] == ["Текст."]


def test_the_same_html_gives_the_same_bytes() -> None:
    assert _docx(TABLE + FOOTNOTED) == _docx(TABLE + FOOTNOTED)


def test_documents_made_one_after_another_share_nothing() -> None:
    """The styled base document is prepared once per process: each document is its own copy.
    A plain document made after one with a watermark, notes and lists, or after one in
    another language, has the bytes it has when it is the first made."""
    from election_appeal.render.docx_parts import _prepared_package

    plain = {"body": "<p>Текст.</p>", "landscape": True}
    _prepared_package.cache_clear()
    first = _docx(**plain)
    busy = '<div class="watermark">ОБРАЗЕЦ</div><ol><li>пункт</li></ol>' + TABLE + FOOTNOTED
    _docx(busy, landscape=True)
    _docx(busy, language="kk-KZ", landscape=True)
    assert _docx(**plain) == first
    kazakh = _docx("<p>Мәтін.</p>", language="kk-KZ")
    languages = _part(kazakh, "word/styles.xml").xpath("//w:lang/@w:val", namespaces=NS)
    assert set(languages) == {"kk-KZ"}
    # The footnotes, watermark and numbering of the busy document are in none of the others.
    for data in (first, kazakh):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = b"".join(archive.read(name) for name in archive.namelist())
        assert "ОБРАЗЕЦ".encode() not in parts
        assert b'w:footnote w:id="1"' not in parts
        assert len(_part(data, "word/numbering.xml").findall("w:num", NS)) == len(
            Document().part.numbering_part.element.findall(f"{{{W}}}num")
        )


@pytest.mark.parametrize(
    ("body", "tag", "text"),
    [
        ("<p>До.</p><h3>Дополнительные сведения</h3>", "h3", "Дополнительные сведения"),
        ("<section><p>Раздел целиком</p></section>", "section", "Раздел целиком"),
        ("<blockquote><p>Цитата из ответа</p></blockquote>", "blockquote", "Цитата из ответа"),
        ("<p>Печать: <img src='seal.png'></p>", "img", ""),
        ("<table><caption>Таблица 1</caption><tr><td>1</td></tr></table>", "caption", "Таблица 1"),
        ("<ul><li>пункт</li><p>абзац в списке</p></ul>", "p", "абзац в списке"),
    ],
)
def test_an_element_word_cannot_show_is_an_error_naming_it(body: str, tag: str, text: str) -> None:
    """Never dropped from the Word document while the PDF shows it."""
    with pytest.raises(UnsupportedHtml) as caught:
        _docx(body, name="appeal.html.j2")
    quoted = f" «{text}»" if text else ""
    assert str(caught.value) == (
        f"appeal.html.j2: the Word document cannot show the element <{tag}>{quoted}; "
        "use the elements listed by `appeal templates`"
    )


def test_text_outside_a_paragraph_is_an_error() -> None:
    with pytest.raises(UnsupportedHtml) as caught:
        _docx('<div class="note-box">Текст без абзаца</div>', name="appeal.html.j2")
    assert str(caught.value) == (
        "appeal.html.j2: the Word document cannot show text outside a paragraph "
        "«Текст без абзаца»; put it in <p>"
    )


def test_paragraphs_inside_list_items_keep_their_text() -> None:
    # A loose Markdown list (items apart by a blank line) writes <li><p>…</p></li>.
    body = "<ul><li><p>первый пункт</p></li><li><p>второй <code>пункт</code></p></li></ul>"
    document = Document(io.BytesIO(_docx(body)))
    assert [p.text for p in document.paragraphs if p.text] == ["первый пункт", "второй пункт"]


def _header_heights(heading: str) -> list[int | None]:
    html = (
        "<table><thead><tr><th rowspan='2'>Партия</th><th colspan='2'>А</th>"
        f"<th colspan='2'>Б</th><th rowspan='2'>{heading}</th></tr>"
        "<tr><th>голосов</th><th>%</th><th>голосов</th><th>%</th></tr></thead>"
        "<tbody><tr><td>Народная партия Казахстана</td><td class='num'>43 337</td>"
        "<td class='num'>13,49 %</td><td class='num'>23 388</td><td class='num'>7,31 %</td>"
        "<td class='num'>−19 949</td></tr></tbody></table>"
    )
    [table] = _part(_docx(html), "word/document.xml").iterfind(".//w:tbl", NS)
    found = []
    for row in table.findall("w:tr", NS):
        height = row.find("w:trPr/w:trHeight", NS)
        assert height is None or _attr(height, "hRule") == "atLeast"
        found.append(None if height is None else int(_attr(height, "val") or 0))
    return found


def test_rows_under_a_merged_heading_are_tall_enough_for_it() -> None:
    """LibreOffice cuts a heading merged over header rows to their height where the header
    repeats (tests/test_build.py converts the appeal to see it): the rows ask for the heading's
    lines, more for a longer heading."""
    short = _header_heights("Разница")
    long = _header_heights("Разница (Маслихат − Мажилис), голосов, по официальным итогам")
    assert short[2] is None and long[2] is None  # a body row
    assert sum(short[:2]) >= 11 * 20  # one line of 11 pt at least, in twips
    assert sum(long[:2]) > sum(short[:2])
