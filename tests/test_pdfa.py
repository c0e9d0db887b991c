"""Every PDF the build writes is PDF/A-2b — the parts and the filing bundle — with every font
embedded; a user's attachment that is not PDF/A is said to break that."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import EXAMPLE, edit_case
from election_appeal import api
from election_appeal.render.pdf import pdfa_part


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return dict(api.render(EXAMPLE, formats=("pdf",)))


def _identification(data: bytes) -> tuple[str, str]:
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([AB])", xmp)
    assert part and conformance, xmp
    return part.group(1), conformance.group(1)


def _fonts(path: Path) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in listing.stdout.splitlines()[2:]]


@pytest.mark.parametrize(
    "name",
    [
        "appeal.pdf",
        "attachment-1-protocols.pdf",
        "attachment-2-statistics.pdf",
        "appeal-bundle.pdf",
    ],
)
def test_each_pdf_is_pdfa_2b_with_its_fonts_embedded(pdfs, name: str, tmp_path: Path) -> None:
    data = pdfs[name]
    assert _identification(data) == ("2", "B")
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    intents = root["/OutputIntents"]
    assert [i.get_object()["/S"] for i in intents] == ["/GTS_PDFA1"]
    path = tmp_path / name
    path.write_bytes(data)
    fonts = _fonts(path)
    assert fonts, "no font listed"
    assert all(row[-5] == "yes" for row in fonts), fonts  # the "emb" column
    assert all("Liberation-Serif" in row[0] for row in fonts), fonts


def test_a_user_pdf_that_is_not_pdfa_is_named(case_dir: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    (case_dir / "ruling.pdf").write_bytes(buffer.getvalue())
    assert pdfa_part(buffer.getvalue()) is None
    edit_case(
        case_dir,
        lambda d: d.update(attachments=[{"title": "Определение суда", "file": "ruling.pdf"}]),
    )
    files = api.render(case_dir, formats=("pdf",))
    assert (
        'appeal-bundle.pdf is not PDF/A, because the attachment "Определение суда" (ruling.pdf) '
        "is not a PDF/A file; save that document again as PDF/A (in LibreOffice or Word: export "
        "as PDF, PDF/A option) and build again"
    ) in files.warnings


def test_a_user_pdfa_attachment_keeps_the_bundle_pdfa(case_dir: Path, pdfs) -> None:
    (case_dir / "earlier.pdf").write_bytes(pdfs["attachment-2-statistics.pdf"])
    edit_case(
        case_dir, lambda d: d.update(attachments=[{"title": "Расчет", "file": "earlier.pdf"}])
    )
    files = api.render(case_dir, formats=("pdf",))
    assert not [w for w in files.warnings if "PDF/A" in w]
    assert _identification(files["appeal-bundle.pdf"]) == ("2", "B")
