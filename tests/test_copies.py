"""The copies attachment: one page per picture, a caption with the provenance and the SHA-256 of
the original file, the pictures upright, at print resolution and without any metadata, PDF/A.

Expected values come from outside the code under test: `sha256sum` of the files, the sizes
worked out by hand from the generated pictures, pypdf and Pillow reading the PDF back.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT, edit_case
from election_appeal import api
from election_appeal.errors import AppealError, CaseError
from election_appeal.render import render_case
from election_appeal.render.copies import copies_document, prepare_image, render_copies_pdf

EXAMPLE = ROOT / "tests" / "data" / "evidence-example"
SERIAL = b"SERIAL-0000-EXAMPLE"
# The order of the protocol table: 12 mazhilis, 12 maslikhat, 13 mazhilis, 13 maslikhat.
FILES = ["12_mazhilis.jpg", "12_maslikhat.png", "13_mazhilis.jpg", "13_maslikhat.pdf"]


def _two_page_pdf(path: Path) -> None:
    """A scanned copy as a PDF of two pages, its metadata naming the observer."""
    pages = [Image.new("RGB", (800, 1100), colour) for colour in ("white", "lightgrey")]
    pages[0].save(path, save_all=True, append_images=pages[1:], author="Observer Secret")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("copies") / "case"
    shutil.copytree(EXAMPLE, target)
    _two_page_pdf(target / "copies" / "13_maslikhat.pdf")
    return target


@pytest.fixture(scope="module")
def rendered(case: Path):
    data = api.check(case).data
    return render_case(data, formats=("pdf",))


@pytest.fixture(scope="module")
def pdf(rendered) -> PdfReader:
    return PdfReader(io.BytesIO(rendered.files["attachment-copies.pdf"]))


def _sha256sum(path: Path) -> str:
    done = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True)
    return done.stdout.split()[0]


def test_one_page_per_picture(pdf: PdfReader) -> None:
    # Three pictures and a PDF of two pages.
    assert len(pdf.pages) == 3 + 2


def test_each_caption_names_the_copy_and_the_hash_of_its_file(case: Path, pdf) -> None:
    texts = [page.extract_text() for page in pdf.pages]
    pages_of = [FILES[0], FILES[1], FILES[2], FILES[3], FILES[3]]
    for text, name in zip(texts, pages_of, strict=True):
        assert _sha256sum(case / "copies" / name) in text
        assert name in text
    assert "Копии протоколов участковых избирательных комиссий" in texts[0]
    first = texts[0]
    for expected in (
        "Избирательный участок 12",
        "Выборы депутатов Мажилиса Парламента Республики Казахстан",
        "Источник копии Наблюдатели А",
        "Кто получил Наблюдатель 1 (ИЛЛЮСТРАЦИЯ)",
        "От кого получена секретарь УИК",
        "Когда получена 10.01.2021 23:40",
        "Заверена комиссией подпись: есть; печать: есть",
        "ОБРАЗЕЦ",
    ):
        assert expected in re.sub(r"\s+", " ", first), expected
    assert "подпись: есть; печать: нет" in re.sub(r"\s+", " ", texts[1])
    # No provenance row for 13 maslikhat: every field is said to be unknown, none invented.
    last = re.sub(r"\s+", " ", texts[4])
    assert "Кто получил не указано" in last
    assert "Заверена комиссией подпись: не указано; печать: не указано" in last
    assert "страница 2 из 2" in last


def _drawn_images(pdf: PdfReader) -> list[Image.Image]:
    """The picture each page draws, in page order (the pages share one resource dictionary)."""
    pictures = []
    for page in pdf.pages:
        drawn = re.findall(rb"/(\w+) Do", page.get_contents().get_data())
        # The sample mark the tool draws over every page of an illustrative case is not a copy.
        names = [name for name in drawn if name != b"ElectionAppealMark"]
        assert len(names) == 1, names
        xobjects = page["/Resources"]["/XObject"]
        stream = xobjects[f"/{names[0].decode()}"].get_object()
        assert stream["/Filter"] == "/DCTDecode"  # the JPEG as prepared, not re-encoded
        pictures.append(Image.open(io.BytesIO(stream.get_data())))
    return pictures


def test_pictures_are_upright_and_keep_no_metadata(pdf: PdfReader, rendered) -> None:
    pictures = _drawn_images(pdf)
    # 12_mazhilis.jpg is stored 1700 × 1200 with EXIF orientation 6: upright it is 1200 × 1700,
    # within 1400 × 1800, so not scaled. Its red band is on top, the blue one at the bottom.
    upright = pictures[0].convert("RGB")
    assert upright.size == (1200, 1700)
    red, blue = upright.getpixel((600, 40)), upright.getpixel((600, 1690))
    assert red[0] > 150 and red[2] < 100, red
    assert blue[2] > 150 and blue[0] < 100, blue
    for picture in pictures:
        assert len(picture.getexif()) == 0
        assert not {"exif", "comment", "icc_profile", "xmp"} & set(picture.info)
    whole = rendered.files["attachment-copies.pdf"]
    for secret in (SERIAL, b"ExampleCam", b"taken by observer", b"Observer Secret"):
        assert secret not in whole
        assert secret not in rendered.files["appeal-bundle.pdf"]


def test_a_large_photo_is_scaled_to_print_resolution() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(buffer, "JPEG")
    prepared = Image.open(io.BytesIO(prepare_image(buffer.getvalue(), "JPEG", "big.jpg")))
    # The box is 1400 × 1800: the width limits, 4000 → 1400 is × 0.35, 3000 × 0.35 = 1050.
    assert prepared.size == (1400, 1050)


def test_the_attachment_is_pdfa_2b_with_its_fonts_embedded(rendered, tmp_path: Path) -> None:
    data = rendered.files["attachment-copies.pdf"]
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(?:>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")B", xmp)
    assert [i.get_object()["/S"] for i in root["/OutputIntents"]] == ["/GTS_PDFA1"]
    path = tmp_path / "copies.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    fonts = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts


def test_the_register_lists_the_copies_with_their_sheets(rendered) -> None:
    text = re.sub(r"\s+", " ", rendered.html["appeal"])
    # Four copies of stations 12 and 13; copies.csv says only 12 Mazhilis bears both the
    # signature and the stamp (12 Maslikhat: no stamp; 13: no marks given, or no row).
    line = "Копии протоколов участковых избирательных комиссий № 12, 13 (подписью и печатью "
    assert line + "комиссии заверены 1 из 4) — на 5 л." in text
    pages = {
        name: len(PdfReader(io.BytesIO(rendered.files[name])).pages)
        for name in (
            "appeal.pdf",
            "attachment-1-protocols.pdf",
            "attachment-2-statistics.pdf",
            "attachment-copies.pdf",
        )
    }
    bundle = PdfReader(io.BytesIO(rendered.files["appeal-bundle.pdf"]))
    assert len(bundle.pages) == sum(pages.values())


def test_kazakh_captions(case: Path) -> None:
    files = api.render(case, formats=("pdf",), language="kk")
    text = PdfReader(io.BytesIO(files["attachment-copies.kk.pdf"])).pages[0].extract_text()
    text = re.sub(r"\s+", " ", text)
    assert "Учаскелік сайлау комиссиялары хаттамаларының көшірмелері" in text
    assert "Сайлау учаскесі 12" in text
    assert "қолы: бар; мөрі: бар" in text
    assert "ҮЛГІ" in text


def _fresh(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


def test_check_names_rows_without_a_file_and_files_without_a_row(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    shutil.copy(case / "copies" / "13_mazhilis.jpg", case / "copies" / "99_mazhilis.jpg")
    (case / "copies" / "notes.txt").write_text("phone numbers", encoding="utf-8")
    warnings = [str(w) for w in api.check(case).warnings]
    protocols, copies = case / "protocols.csv", case / "copies"
    # The contest by its name (short_title in case.yaml); its id only in the file's name.
    named = {"mazhilis": "Мажилис", "maslikhat": "Маслихат"}
    for row, station, contest in ((5, 13, "maslikhat"), (6, 47, "mazhilis"), (7, 47, "maslikhat")):
        assert (
            f'{protocols}, row {row}: station {station}, "{named[contest]}": no copy file in '
            f"the folder copies (expected {station}_{contest}.jpg, .png or .pdf)"
        ) in warnings
    assert (
        f"{copies / '99_mazhilis.jpg'}: the protocol table has no row of station 99, "
        '"Мажилис" (contest column: mazhilis); add the row or rename the file (a copy is named '
        "<station>_<contest>.jpg, .png or .pdf, a further page _2, _3)"
    ) in warnings
    assert any(w.startswith(f"{copies / 'notes.txt'}: not a copy") for w in warnings)
    # Neither is put into the attachment.
    assert [f.name for f in api.check(case).data.copies.files] == FILES[:3]


def test_a_real_case_warns_about_copies_of_unknown_source(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    edit_case(case, lambda d: d.update(illustrative=False))
    rows = (case / "copies" / "copies.csv").read_text(encoding="utf-8").splitlines()
    # 13 mazhilis loses its row: nobody and no date is known for it any more.
    (case / "copies" / "copies.csv").write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")
    warnings = [str(w) for w in api.check(case).warnings if "source is unknown" in str(w)]
    assert warnings == [
        f'{case / "copies" / "copies.csv"}: station 13, "Мажилис": the copy\'s source is '
        "unknown (who received it, when, from whom); a copy without provenance is weak evidence"
    ]


def test_an_illustrative_case_is_not_warned_about_sources(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    (case / "copies" / "copies.csv").unlink()
    assert not [w for w in api.check(case).warnings if "source is unknown" in str(w)]


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims the size given, with a tiny body: no pixels need exist for
    the size to be read."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def test_bad_copy_files_are_errors_naming_the_file(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    copies = case / "copies"
    (copies / "13_maslikhat.jpg").write_text("not a picture", encoding="utf-8")
    (copies / "47_mazhilis.png").write_bytes(_png_header(10_000, 9_000))
    (copies / "13_maslikhat_2.png").write_bytes(_png_header(20_000, 20_000))
    (copies / "47_maslikhat.pdf").write_text("hello", encoding="utf-8")
    shutil.copy(copies / "13_mazhilis.jpg", copies / "12_mazhilis_3.jpg")
    with pytest.raises(CaseError) as caught:
        api.check(case)
    errors = {(p.file, p.message) for p in caught.value.errors}
    assert (
        str(copies / "13_maslikhat.jpg"),
        "the file is not a JPEG image, or is damaged",
    ) in errors
    assert (
        str(copies / "47_mazhilis.png"),
        "the image is too large (10000 × 9000 pixels; at most 80 million)",
    ) in errors
    # Beyond Pillow's own bound (2 × 89 million pixels), Pillow refuses to give the size.
    assert (
        str(copies / "13_maslikhat_2.png"),
        "the image is too large (more than 80 million pixels)",
    ) in errors
    assert (str(copies / "47_maslikhat.pdf"), "the file is not a PDF") in errors
    assert (
        str(copies),
        'the files of the copy of station 12, "Мажилис", are numbered 1, 3; number the pages '
        "1, 2, 3 … (at most 20), each once",
    ) in errors


def test_bad_provenance_cells_name_row_and_column(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    table = case / "copies" / "copies.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("10.01.2021 23:40", "вчера").replace(",да,да", ",может,да")
    lines.append("47,senate,,,,,")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        api.check(case)
    found = {(p.where, p.column) for p in caught.value.errors if p.file == str(table)}
    assert found == {("row 2", "received_on"), ("row 2", "signed"), ("row 5", "contest")}


def test_a_picture_changed_into_a_bomb_after_the_check_stops_the_build(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    data = api.check(case).data
    (case / "copies" / "13_mazhilis.jpg").write_bytes(b"not a picture any more")
    with pytest.raises(AppealError) as caught:
        render_case(data, formats=("pdf",))
    assert str(caught.value) == (
        f"{case / 'copies' / '13_mazhilis.jpg'}: the image cannot be read; it is damaged or "
        "not a JPEG file"
    )


def test_the_same_copies_give_the_same_bytes_and_name_no_author(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    data = api.check(case).data
    document = copies_document(data, datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC))
    assert document is not None
    first = render_copies_pdf(document, 1_617_580_800)
    again = render_copies_pdf(document, 1_617_580_800)
    assert first.data == again.data
    assert first.pages == 3
    metadata = PdfReader(io.BytesIO(first.data)).metadata
    assert metadata is not None and "/Author" not in metadata
    assert b"\xd0\xa4\xd0\xb0\xd0\xbc\xd0\xb8\xd0\xbb\xd0\xb8\xd1\x8f" not in first.data  # Фамилия


def test_a_copy_that_leads_outside_the_case_folder_is_refused(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    outside = tmp_path / "secret.jpg"
    shutil.copy(case / "copies" / "13_mazhilis.jpg", outside)
    (case / "copies" / "13_maslikhat.jpg").symlink_to(outside)
    with pytest.raises(CaseError) as caught:
        api.check(case)
    [error] = [p for p in caught.value.errors if p.file.endswith("13_maslikhat.jpg")]
    assert "leads outside the case folder" in error.message


def test_a_copies_folder_named_but_missing_is_an_error(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    edit_case(case, lambda d: d.update(copies={"folder": "photos"}))
    with pytest.raises(CaseError) as caught:
        api.check(case)
    assert [(p.file, p.message) for p in caught.value.errors] == [
        (str(case / "photos"), "the copies folder does not exist")
    ]


def test_the_build_writes_the_attachment_and_the_manifest_lists_it(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    report = api.build([case], tmp_path / "out", formats=("pdf",), jobs=1)
    assert not report.failed
    folder = tmp_path / "out" / "case"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    written = folder / "attachment-copies.pdf"
    assert manifest["outputs"]["attachment-copies.pdf"] == _sha256sum(written)
    for name in FILES[:3]:
        assert manifest["inputs"][f"case/copies/{name}"] == _sha256sum(case / "copies" / name)
    assert len(PdfReader(written).pages) == 3


def test_provenance_from_a_workbook_with_date_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    case = _fresh(tmp_path)
    (case / "copies" / "copies.csv").unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(["station", "contest", "received_by", "received_on", "signed", "stamped"])
    sheet.append(
        [12, "mazhilis", "Наблюдатель 1", datetime.datetime(2021, 1, 10, 23, 40), "да", ""]
    )
    sheet.append(["13", "mazhilis", "", datetime.date(2021, 1, 11), "", "жоқ"])
    book.save(case / "copies" / "copies.xlsx")
    provenance = api.check(case).data.copies.provenance
    first, second = provenance[("12", "mazhilis")], provenance[("13", "mazhilis")]
    assert (str(first.received_on), first.signed, first.stamped) == ("10.01.2021 23:40", True, None)
    assert (str(second.received_on), second.signed, second.stamped) == ("11.01.2021", None, False)


def test_a_pdf_copy_that_cannot_be_read_is_an_error_naming_it(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    broken = case / "copies" / "13_maslikhat.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a PDF body\n")
    with pytest.raises(CaseError) as caught:
        api.check(case)
    assert [(p.file, p.message) for p in caught.value.errors] == [
        (str(broken), "the PDF cannot be read; save or scan it again")
    ]
    # The file is there, refused: it is not also said to be missing.
    assert not [w for w in caught.value.warnings if "station 13, contest maslikhat" in w.message]


def test_a_pdf_copy_of_too_many_pages_is_refused(tmp_path: Path) -> None:
    case = _fresh(tmp_path)
    long = case / "copies" / "13_maslikhat.pdf"
    pages = [Image.new("L", (60, 80), 255) for _ in range(21)]
    pages[0].save(long, save_all=True, append_images=pages[1:])
    with pytest.raises(CaseError) as caught:
        api.check(case)
    assert [(p.file, p.message) for p in caught.value.errors] == [
        (str(long), "a PDF copy must have 1 to 20 pages (it has 21)")
    ]
