"""A long protocol table's rows flow from the stations into the PDF drawing and the DOCX writer
(render/protocol_rows.py): they must be, cell by cell, the rows the table's template writes,
and a template that writes them otherwise must be rendered whole. The mark's check reads the
finished files as streams (render/watermark.py): it must still refuse a file without the mark."""

from __future__ import annotations

import dataclasses
import datetime
import io
from pathlib import Path

import pytest

from conftest import EXAMPLE
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import in_document_language
from election_appeal.render.documents import Renderer, render_case
from election_appeal.render.table_rows import groups_of
from election_appeal.resources import templates_dir

ONE_CONTEST = EXAMPLE.parent / "kurultai-2026"
# The row of a station's differences, as the shipped table template writes it.
DIFFERENCE_ROW = "<tr><td></td><td></td><td></td><td></td><td>±</td>"


def _renderer(folder: Path, language: str, templates: Path | None = None) -> Renderer:
    data = load_case(folder)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    data, analysis = in_document_language(data, analyse(data))
    return Renderer(data, analysis, templates)


@pytest.mark.parametrize(
    ("folder", "language"), [(EXAMPLE, "ru"), (EXAMPLE, "kk"), (ONE_CONTEST, "ru")]
)
def test_every_row_is_the_one_the_template_writes(folder: Path, language: str) -> None:
    renderer = _renderer(folder, language)
    frame = renderer.attachment_frame()
    assert frame is not None
    _html, rows = frame
    # The second method: the whole table rendered through the template, read as the drawing
    # reads it.
    whole = groups_of(renderer.attachment_html())
    assert whole is not None
    assert list(rows.groups()) == whole
    assert len(whole) == len(renderer.analysis.stations.rows)
    assert sum(len(group) for group in whole) == rows.count
    # The marks of broken ratios and of official figures are among the cells compared.
    texts = " ".join(cell.text for group in whole for row in group for cell in row.cells)
    if folder == EXAMPLE:
        assert " [" in texts
    if folder == ONE_CONTEST:
        assert "≠" in texts


def _own_table(tmp_path: Path) -> Path:
    """A template folder whose table names the differences' row in words."""
    folder = tmp_path / "templates"
    folder.mkdir()
    source = (templates_dir() / "protocol-table.j2").read_text(encoding="utf-8")
    assert source.count(DIFFERENCE_ROW) == 1
    changed = source.replace(DIFFERENCE_ROW, DIFFERENCE_ROW.replace("±", "разность"))
    (folder / "protocol-table.j2").write_text(changed, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_users_table_template_is_rendered_whole_and_its_words_are_kept(tmp_path: Path) -> None:
    from docx import Document

    templates = _own_table(tmp_path)
    renderer = _renderer(EXAMPLE, "ru", templates)
    assert renderer.attachment_frame() is None
    data = load_case(EXAMPLE)
    built = render_case(data, formats=("docx",), templates=templates)
    document = Document(io.BytesIO(built.files["attachment-1-protocols.docx"]))
    labels = [row.cells[4].text for row in document.tables[0].rows]
    assert labels.count("разность") == len(renderer.analysis.stations.rows)


def test_rows_the_template_writes_otherwise_are_not_taken_for_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The user's template taken for the shipped one: the cell-by-cell check still refuses.
    monkeypatch.setattr(Renderer, "shipped", lambda self, name: True)
    renderer = _renderer(EXAMPLE, "ru", _own_table(tmp_path))
    assert renderer.attachment_frame() is None


@pytest.mark.parametrize(
    ("stream", "operators"),
    [
        (b"q 1 0 0 1 0 0 cm /Fm1 Do Q", [b"q", b"Q"]),
        (b"/Q q[/q]Q", [b"q", b"Q"]),  # names end in q and Q: not operators
        (b"qq Q0 Tq", []),  # part of longer tokens
        (b"q\nq\rQ\tQ", [b"q", b"q", b"Q", b"Q"]),
        (b"BT /GridRegular 6 Tf 1 0 0 1 2 3 Tm [<0102>] TJ ET", []),
    ],
)
def test_the_saves_and_restores_of_a_stream_are_its_q_and_q_operators(
    stream: bytes, operators: list[bytes]
) -> None:
    from election_appeal.render.watermark import _save_or_restore

    assert _save_or_restore(stream) == b"".join(operators)


def _workbook(first: str, header: str, footer: str, second_sheet: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()  # openpyxl writes shared strings
    sheets = [book.active, *([book.create_sheet("b")] if second_sheet else [])]
    for index, sheet in enumerate(sheets):
        sheet["A1"] = first if index == 0 else "таблица"
        sheet["B2"] = 5
        sheet.oddHeader.center.text = header
        sheet.oddFooter.left.text = footer
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "marked"),
    [
        (_workbook("ОБРАЗЕЦ. Таблица", "ОБРАЗЕЦ", "ОБРАЗЕЦ"), True),
        (_workbook("Таблица", "ОБРАЗЕЦ", "ОБРАЗЕЦ"), False),
        (_workbook("ОБРАЗЕЦ. Таблица", "ОБРАЗЕЦ", "стр."), False),
        (_workbook("ОБРАЗЕЦ. Таблица", "Таблица", "ОБРАЗЕЦ"), False),
        (_workbook("ОБРАЗЕЦ. Таблица", "ОБРАЗЕЦ", "ОБРАЗЕЦ", second_sheet=True), False),
    ],
)
def test_a_workbook_is_marked_only_with_the_mark_in_every_place(
    content: bytes, marked: bool
) -> None:
    from election_appeal.render.watermark import xlsx_marked

    assert xlsx_marked(content, "ОБРАЗЕЦ") is marked


def test_a_word_section_with_a_header_of_its_own_must_carry_the_mark() -> None:
    from docx import Document

    from election_appeal.render.docx import render_docx
    from election_appeal.render.watermark import docx_marked

    marked = render_docx(
        "<html><body><p>текст</p></body></html>",
        title="t",
        author="",
        language="ru-RU",
        moment=datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC),
        watermark="ОБРАЗЕЦ",
    )
    assert docx_marked(marked, "ОБРАЗЕЦ")
    document = Document(io.BytesIO(marked))
    document.add_section()  # its header is the previous one's
    linked = io.BytesIO()
    document.save(linked)
    assert docx_marked(linked.getvalue(), "ОБРАЗЕЦ")
    document.sections[-1].header.is_linked_to_previous = False  # a header of its own, empty
    own = io.BytesIO()
    document.save(own)
    assert not docx_marked(own.getvalue(), "ОБРАЗЕЦ")


def test_the_q_and_q_operators_are_the_tokens_a_tokenizer_finds() -> None:
    import random
    import re

    from election_appeal.render.watermark import _save_or_restore

    # The second method: split into tokens (a name keeps its slash), keep the tokens q and Q.
    tokens = re.compile(rb"/?[^\s()<>\[\]{}/%]+")
    rng = random.Random(25)
    alphabet = [b"q", b"Q", b"/", b" ", b"\n", b"[", b"]", b"<", b">", b"{", b"}", b"1", b"cm"]
    alphabet += [b"\t", b"\r", b"\x0b", b"\x0c", b"%", b"(", b")", b"\x00", b"\xd0"]
    for _ in range(5000):
        stream = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        expected = [t for t in tokens.findall(stream) if t in (b"q", b"Q")]
        assert _save_or_restore(stream) == b"".join(expected), stream


# 25 000 stations: the replicates are drawn in three batches (BATCH_CELLS).
@pytest.mark.parametrize(("stations", "replicates"), [(7, 500), (1, 10), (25_000, 170)])
def test_the_bootstrap_is_the_resampling_of_whole_stations_drawn_one_by_one(
    stations: int, replicates: int
) -> None:
    import numpy as np

    from election_appeal.analysis.sample import bootstrap_intervals

    source = np.random.default_rng(stations)
    d = [[int(x) for x in source.integers(-40, 60, stations)] for _ in range(2)]
    m = [int(x) for x in source.integers(300, 900, stations)]
    big_m = 123_457
    # The second method: the same draws, all at once, each replicate's stations gathered and
    # summed.
    rng = np.random.default_rng(99)
    draws = rng.integers(0, stations, size=(replicates, stations))
    columns, weights = [np.array(c) for c in d], np.array(m)
    totals = [
        [int(c[picked].sum()) / int(weights[picked].sum()) * big_m for c in columns]
        for picked in draws
    ]
    low, high = np.percentile(np.array(totals), [2.5, 97.5], axis=0)
    expected = [(float(a), float(b)) for a, b in zip(low, high, strict=True)]
    assert bootstrap_intervals(d, m, big_m, replicates, 99) == expected


def test_texts_that_typesetting_and_html_change_are_written_as_the_template_writes_them(
    case_dir: Path,
) -> None:
    from conftest import read_rows, write_rows

    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    # Both copies of a station must describe it alike: the texts change station by station.
    texts = {
        rows[0]["station"]: ("А & Б <В> «Г»", "с  двумя   пробелами", ""),
        rows[2]["station"]: ("г Алматы № 5", "школа — 7", "Наблюдатели А > Б"),
    }
    for row in rows:
        if row["station"] in texts:
            row["district"], row["kind"], row["source"] = texts[row["station"]]
    write_rows(path, rows)
    renderer = _renderer(case_dir, "ru")
    frame = renderer.attachment_frame()
    assert frame is not None
    whole = groups_of(renderer.attachment_html())
    assert list(frame[1].groups()) == whole
    # The typesetting's no-break spaces are in the texts compared: after a one-letter word,
    # after №, before a dash; "—" stands for no source.
    first_cells = {group[0].cells[1].text: group[0].cells for group in whole or []}
    assert "г\u00a0Алматы №\u00a05" in first_cells
    assert first_cells["г\u00a0Алматы №\u00a05"][2].text == "школа\u00a0— 7"
    entities = "А\u00a0& Б\u00a0<В> «Г»"  # one-letter words tied to the next, as in any text
    assert first_cells[entities][3].text == "—"
    assert first_cells[entities][2].text == "с\u00a0двумя пробелами"


@pytest.mark.slow  # lays out the attachment twice
def test_the_flowing_attachment_is_the_one_made_from_the_whole_html() -> None:
    from election_appeal.render.grid_pdf import render_protocol_table_pdf
    from election_appeal.render.pdf import RenderedPdf

    renderer = _renderer(EXAMPLE, "ru")
    frame = renderer.attachment_frame()
    assert frame is not None
    html, rows = frame
    whole = renderer.attachment_html()
    flowing = render_protocol_table_pdf(html, renderer.epoch, rows=rows)
    drawn = render_protocol_table_pdf(whole, renderer.epoch)
    assert isinstance(flowing, RenderedPdf) and isinstance(drawn, RenderedPdf)
    assert flowing.data == drawn.data
    title = "Приложение"
    assert renderer.docx(html, title, landscape=True, rows=rows) == renderer.docx(
        whole, title, landscape=True
    )
