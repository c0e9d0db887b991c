"""Joining PDF parts into one numbered document: page count, order, each page's own number, and
the PDF/A identification of the first part carried over."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from election_appeal.render.pdf import join_with_numbers, page_count, render_pdf

EPOCH = 1617580800  # 2021-04-05
STYLE = "<style>@page { size: A4 landscape; margin: 20mm } .next { break-before: page }</style>"


def _pdf(title: str, body: str) -> bytes:
    html = (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title>'
        f"{STYLE}</head><body>{body}</body></html>"
    )
    return render_pdf(html, EPOCH).data


def _pages(*markers: str) -> str:
    """One page per marker, each page showing only its marker."""
    return "".join(
        f'<p class="{"next" if i else ""}">{marker}</p>' for i, marker in enumerate(markers)
    )


# The page numbers sit at the foot of otherwise empty pages, as page-numbers.html.j2 lays them.
NUMBERS = _pdf(
    "numbers",
    "<style>p { margin-top: 150mm }</style>" + _pages(*(f"Лист {n} из 4" for n in range(1, 5))),
)


@pytest.fixture(scope="module")
def joined() -> PdfReader:
    first = _pdf("Приложение 1", _pages("ЧАСТЬ-A-1", "ЧАСТЬ-A-2"))
    second = _pdf("Другая часть", _pages("ЧАСТЬ-B-1"))
    third = _pdf("Третья часть", _pages("ЧАСТЬ-C-1"))
    return PdfReader(io.BytesIO(join_with_numbers([first, second, third], NUMBERS)))


def _texts(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_the_parts_follow_each_other_page_by_page(joined: PdfReader) -> None:
    markers = [re.findall(r"ЧАСТЬ-\w-\d", text) for text in _texts(joined)]
    assert markers == [["ЧАСТЬ-A-1"], ["ЧАСТЬ-A-2"], ["ЧАСТЬ-B-1"], ["ЧАСТЬ-C-1"]]


def test_each_page_carries_its_own_number_only(joined: PdfReader) -> None:
    numbers = [re.findall(r"Лист \d из \d", text) for text in _texts(joined)]
    assert numbers == [[f"Лист {n} из 4"] for n in range(1, 5)]


def test_the_pages_keep_their_size(joined: PdfReader) -> None:
    # A4 landscape: 297 × 210 mm = 841.89 × 595.28 pt.
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in joined.pages
    }
    assert sizes == {(842, 595)}


def test_the_first_parts_pdfa_identification_is_kept(joined: PdfReader) -> None:
    root = joined.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)2', xmp)
    assert re.search(r'pdfaid:conformance(="|>)B', xmp)
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert "/DestOutputProfile" in intent
    assert root["/Lang"] == "ru"
    assert joined.metadata is not None
    assert joined.metadata.title == "Приложение 1"


def test_page_count_counts_the_joined_file(joined: PdfReader) -> None:
    buffer = io.BytesIO()
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(joined)
    writer.write(buffer)
    assert page_count(buffer.getvalue()) == 4
    assert page_count(NUMBERS) == 4


def test_a_numbers_file_of_another_length_is_refused() -> None:
    one_page = _pdf("Часть", _pages("ЧАСТЬ-A-1"))
    with pytest.raises(ValueError):
        join_with_numbers([one_page, one_page], NUMBERS)
