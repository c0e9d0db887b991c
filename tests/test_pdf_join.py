"""Joining PDFs page by page (render/pdf_join.py) writes the file pypdf writes of the same parts
joined in memory, byte for byte, whatever the parts hold: outlines, links, form fields, pages
sharing fonts and images, a long part, the page numbers laid over; and the joined file has the
parts' pages, in order, with the first part's identification."""

from __future__ import annotations

import io
import re
import tempfile
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from election_appeal.render.pdf import (
    LONG_DOCUMENT,
    _joined,
    join,
    join_with_numbers,
    render_pdf,
)
from election_appeal.render.pdf_join import Spill, Spilled, SpillingWriter

EPOCH = 1617580800  # 2021-04-05


def in_memory(parts: list[bytes], numbers: bytes | None = None) -> bytes:
    """The parts joined by pypdf's own writer, every page held: what the join wrote before it
    joined page by page (the second method the tests compare with)."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if numbers is not None:
        overlay = PdfReader(io.BytesIO(numbers)).pages
        for page, number in zip(writer.pages, overlay, strict=True):
            page.merge_page(number)
            page.compress_content_streams()
    first = PdfReader(io.BytesIO(parts[0]))
    root = first.trailer["/Root"]
    for key in ("/Metadata", "/OutputIntents", "/Lang", "/MarkInfo"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def weasyprint_part() -> bytes:
    """Two pages laid out by WeasyPrint (embedded fonts, PDF/A): headings, which become the
    outline, and a link from the first page to an anchor on the second."""
    html = (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Заявление</title>'
        "<style>@page { size: A4 } h2 { break-before: page }</style></head><body>"
        '<h1>ЗАЯВЛЕНИЕ</h1><p>См. <a href="#second">раздел 2</a>.</p>'
        '<h2 id="second">РАЗДЕЛ-2</h2><p>Текст второго листа.</p></body></html>'
    )
    return render_pdf(html, EPOCH).data


def drawn_part(marker: str, pages: int, *, shared_page: bool = False) -> bytes:
    """`pages` pages drawn by pypdf, each showing «MARKER-0001»…, sharing one font and one
    image; an outline item on the first page, a link from the first page to the last. With
    `shared_page`, the last page is added twice: both copies share its content stream."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    image = DecodedStreamObject()
    image.set_data(b"\x80")
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(1),
            NameObject("/Height"): NumberObject(1),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    image_reference = writer._add_object(image)
    for number in range(1, pages + 1):
        page = writer.add_blank_page(595, 842)
        content = DecodedStreamObject()
        text = f"BT /F1 24 Tf 72 700 Td ({marker}-{number:04d}) Tj ET"
        content.set_data(f"{text} q 10 0 0 10 72 72 cm /Im1 Do Q".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
                NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): image_reference}),
            }
        )
    if shared_page:
        writer.add_page(writer.pages[-1])
    writer.add_outline_item(title=f"{marker} begins", page_number=0)
    last = len(writer.pages) - 1
    writer.add_annotation(0, Link(rect=(50, 50, 200, 100), target_page_index=last))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def form_part() -> bytes:
    """One page with a filled-in text field (AcroForm) and its widget."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("applicant"),
            NameObject("/V"): TextStringObject("Ivanov"),
            NameObject("/Rect"): ArrayObject(
                [FloatObject(72), FloatObject(700), FloatObject(300), FloatObject(720)]
            ),
            NameObject("/P"): page.indirect_reference,
        }
    )
    reference = writer._add_object(field)
    page[NameObject("/Annots")] = ArrayObject([reference])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([reference])}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def numbers_for(pages: int) -> bytes:
    """`pages` pages, page n showing «Sheet n of N» at its foot."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for number in range(1, pages + 1):
        page = writer.add_blank_page(595, 842)
        content = DecodedStreamObject()
        content.set_data(f"BT /F9 10 Tf 280 30 Td (Sheet {number} of {pages}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F9"): font})}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


LONG = LONG_DOCUMENT + 30  # pages: a long part, collected as soon as joined


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    return [weasyprint_part(), drawn_part("LONG", LONG), form_part(), drawn_part("TAIL", 2)]


@pytest.fixture(scope="module")
def joined(parts: list[bytes]) -> bytes:
    return join(parts)


def test_the_joined_file_is_the_one_pypdf_writes_in_memory(
    parts: list[bytes], joined: bytes
) -> None:
    assert joined == in_memory(parts)


def test_each_pages_streams_are_let_go_once_copied(parts: list[bytes]) -> None:
    # Every page's content stream (one a page) is in the spill file, not in the writer, and
    # pypdf never looked into one: the file above was written page by page, not joined again.
    with tempfile.TemporaryFile() as file:
        writer = _joined(parts, None, SpillingWriter(Spill(file)))
        let_go = [o for o in writer._objects if isinstance(o, Spilled)]
        assert not writer.looked_into
        pages = 2 + LONG + 1 + 2
        assert len(let_go) >= pages
        # What was read of the long part is let go too: what its pages share is kept (the
        # font, the image, the page tree: a few objects of its 2 × LONG).
        copied_from = writer._id_translated  # by reader: the readers the writer copied from
        readers = [r["PreventGC"] for r in copied_from.values() if "PreventGC" in r]
        (long_part,) = [r for r in readers if len(r.pages) == LONG]
        assert len(long_part.resolved_objects) < 10


def test_numbered_parts_are_the_ones_pypdf_numbers_in_memory(parts: list[bytes]) -> None:
    pages = 2 + LONG + 1 + 2
    numbers = numbers_for(pages)
    assert join_with_numbers(parts, numbers) == in_memory(parts, numbers)


def test_a_part_whose_pages_share_their_content_is_joined_again_in_memory() -> None:
    # The last page twice: numbering the first copy lets its content go, numbering the second
    # looks into it. The join sees that, and joins the parts again, in memory.
    parts = [drawn_part("SHARED", 3, shared_page=True), drawn_part("NEXT", 1)]
    numbers = numbers_for(5)
    with tempfile.TemporaryFile() as file:
        writer = _joined(parts, numbers, SpillingWriter(Spill(file), numbered=True))
        assert writer.looked_into
    assert join_with_numbers(parts, numbers) == in_memory(parts, numbers)


def test_the_pages_are_the_parts_pages_in_order(parts: list[bytes], joined: bytes) -> None:
    reader = PdfReader(io.BytesIO(joined))
    counts = [len(PdfReader(io.BytesIO(part)).pages) for part in parts]
    assert counts == [2, LONG, 1, 2]
    assert len(reader.pages) == sum(counts)
    texts = [page.extract_text() for page in reader.pages]
    assert "ЗАЯВЛЕНИЕ" in texts[0] and "РАЗДЕЛ-2" in texts[1]
    drawn = [re.findall(r"(?:LONG|TAIL)-\d{4}", text) for text in texts[2:]]
    long_pages = [[f"LONG-{n:04d}"] for n in range(1, LONG + 1)]
    assert drawn == [*long_pages, [], ["TAIL-0001"], ["TAIL-0002"]]  # [] : the form's page


def test_outlines_links_and_fields_still_point_at_their_pages(joined: bytes) -> None:
    reader = PdfReader(io.BytesIO(joined))
    titles = [(item.title, reader.get_destination_page_number(item)) for item in _items(reader)]
    # The parts' outlines, in the parts' order, on the pages the parts start at (2, 2 + LONG +
    # 1: after the two pages of the first and the long part and the form's page).
    assert titles == [
        ("ЗАЯВЛЕНИЕ", 0),
        ("РАЗДЕЛ-2", 1),
        ("LONG begins", 2),
        ("TAIL begins", 2 + LONG + 1),
    ]
    # The long part's link goes from its first page to its last.
    link = reader.pages[2]["/Annots"][0].get_object()
    target = link["/Dest"][0].get_object()
    assert target.indirect_reference == reader.pages[2 + LONG - 1].indirect_reference
    fields = reader.get_fields() or {}
    assert fields["applicant"]["/V"] == "Ivanov"


def _items(reader: PdfReader) -> list[Any]:
    """The outline's items, nested ones after their parent."""
    found: list[Any] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item)

    walk(reader.outline)
    return found


def test_the_first_parts_identification_is_kept(joined: bytes) -> None:
    root = PdfReader(io.BytesIO(joined)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)2', xmp)
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert root["/Lang"] == "ru"
    metadata = PdfReader(io.BytesIO(joined)).metadata
    assert metadata is not None and metadata.title == "Заявление"


def test_a_stream_let_go_says_when_it_is_looked_into() -> None:
    with tempfile.TemporaryFile() as file:
        spill = Spill(file)
        stream = DecodedStreamObject()
        stream.set_data(b"q Q")
        writer = PdfWriter()
        writer._add_object(stream)
        kept = spill.keep(stream)
        assert isinstance(kept, Spilled)
        assert not spill.looked_into
        assert kept.indirect_reference == stream.indirect_reference  # what pypdf may ask
        written = io.BytesIO()
        kept.write_to_stream(written)
        assert written.getvalue() == b"<<\n/Length 3\n>>\nstream\nq Q\nendstream"
        with pytest.raises(AttributeError):
            kept.get_data()
        assert spill.looked_into
