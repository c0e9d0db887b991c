"""The documents a process lays out one after another share WeasyPrint's fonts
(render/pdf.py): each is the PDF it would be laid out alone, and a document's own fonts
(@font-face) are never lent to the next."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from election_appeal.render.pdf import render_pdf
from election_appeal.render.urls import UrlPolicy

EPOCH = 1617580800  # 2021-04-05
MONO = subprocess.run(
    ["fc-match", "-f", "%{file}", "DejaVu Sans Mono"], capture_output=True, text=True, check=True
).stdout
# The font's folder, which a document may load from as a template's folder would be.
FONTS = UrlPolicy((Path(MONO).parent,))

# A family only the first document declares, as a local font a template may name.
OWN = (
    "<html><head><style>@font-face { font-family: Borrowed; src: local('DejaVu Sans Mono') }"
    "body { font-family: Borrowed }</style></head><body><p>Текст 123</p></body></html>"
)
# The second names that family first, without declaring it: alone, it is laid out in the
# family after it.
NAMING = (
    "<html><head><style>body { font-family: Borrowed, 'Liberation Serif' }</style></head>"
    "<body><p>Текст 123</p></body></html>"
)
LETTER = (
    "<html lang='ru'><head><style>p { text-align: justify; hyphens: auto }</style></head><body>"
    + "<p>Заявление о проверке расхождений в итогах голосования на избирательных участках, "
    "копии протоколов которых получены наблюдателями.</p>" * 40 + "</body></html>"
)


def fonts_of(data: bytes) -> set[str]:
    """The base names of the fonts a PDF's pages use, without their subset tags."""
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).partition("+")[2])
    return found


def alone(html: str) -> bytes:
    """The PDF of `html` laid out by a process that lays out nothing else."""
    code = (
        "import sys\nfrom election_appeal.render.pdf import render_pdf\n"
        f"sys.stdout.buffer.write(render_pdf(sys.stdin.read(), {EPOCH}).data)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=html.encode(), capture_output=True, check=True
    )
    return done.stdout


@pytest.mark.slow
def test_a_documents_own_fonts_are_not_lent_to_the_next() -> None:
    own = render_pdf(OWN, EPOCH, FONTS)
    after = render_pdf(NAMING, EPOCH)
    assert fonts_of(own.data) == {"Borrowed"}
    assert fonts_of(after.data) == {"Liberation-Serif"}
    assert after.data == alone(NAMING)


@pytest.mark.slow
def test_documents_laid_out_one_after_another_are_those_laid_out_alone() -> None:
    render_pdf(OWN, EPOCH, FONTS)
    in_turn = [render_pdf(html, EPOCH).data for html in (LETTER, NAMING, LETTER)]
    assert in_turn[0] == in_turn[2] == alone(LETTER)
    assert in_turn[1] == alone(NAMING)
