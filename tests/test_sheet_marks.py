"""The mark read back from a workbook's header and footer without openpyxl (render/sheet_marks.py):
the printed text of a header's codes compared with what openpyxl's own header reader gives (a
second reading of the same codes), and the workbooks the check must refuse without raising.
tests/test_watermark_sheets.py checks each place of the mark in turn."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.header_footer import HeaderFooterItem

from election_appeal.errors import AppealError
from election_appeal.render import sheet_marks
from election_appeal.render.sheet_marks import printed_text
from election_appeal.render.watermark import verify_marks, xlsx_marked

ROOT = Path(__file__).resolve().parents[1]
WORD = "ОБРАЗЕЦ"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

CODES = [
    "&CОБРАЗЕЦ",
    "&LОБРАЗЕЦ&CПример&RСтр. &P из &N",
    '&C&"Times New Roman,Bold"&14&KFF0000ОБРАЗЕЦ',
    '&C&"ОБРАЗЕЦ"Пример',  # the word only as a font's name: not printed
    '&C&"Arial"ОБР&"Arial"АЗЕЦ',  # a greedy font code takes all between the first and last "
    "&C&14ОБРАЗЕЦ",
    "&C&14 ОБРАЗЕЦ",
    "&C&K00ff00ОБРАЗЕЦ",  # lower-case hex: not a colour code, printed as it is
    "&KFF0000&CОБРАЗЕЦ",  # text before the first section: no section at all
    "ОБРАЗЕЦ",  # no section
    "&C",  # an empty section: no section either
    "&RСправа&LСлева",  # out of order: the left section is part of the right one
    "&CОБРА_x000a_ЗЕЦ",  # an escaped line break
    "&CОБРА_x000A_ЗЕЦ&R_x0009_",
    "&CПервая строка\nОБРАЗЕЦ",
    "&C&&ОБРАЗЕЦ&&",
    "&L&BОБРАЗЕЦ&B&C&D&R&[Page]",
]


@pytest.mark.parametrize("codes", CODES)
def test_the_printed_text_is_what_openpyxl_reads(codes: str) -> None:
    element = etree.Element(f"{{{S}}}oddHeader")
    element.text = codes
    with warnings.catch_warnings():  # openpyxl warns of codes without a section
        warnings.simplefilter("ignore")
        item = HeaderFooterItem.from_tree(element)
    expected = " ".join(part.text or "" for part in (item.left, item.center, item.right))
    assert printed_text(codes) == expected


def test_printed_text_by_hand() -> None:
    """A few of the same, worked out from the codes' meaning (ECMA-376 18.3.1.39)."""
    assert printed_text('&LСлева&C&"Times New Roman,Bold"&14ОБРАЗЕЦ&RСтр. &P') == (
        "Слева ОБРАЗЕЦ Стр. &P"
    )
    assert printed_text("&CОБРА_x000a_ЗЕЦ") == " ОБРА\nЗЕЦ "
    assert printed_text("ОБРАЗЕЦ") == "  "
    assert printed_text(None) == printed_text("") == ""


def _book(header: str = WORD, footer: str = WORD, a1: str = f"{WORD}. Протоколы") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = a1
    sheet.oddHeader.center.text = header
    sheet.oddFooter.center.text = footer
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _changed(book: bytes, part: str, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data) if name == part else data)
    return out.getvalue()


def test_formatting_codes_around_the_mark_keep_it() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = f"{WORD}. Протоколы"
    for item in (sheet.oddHeader, sheet.oddFooter):
        item.center.text, item.center.font, item.center.size = WORD, "Times New Roman,Bold", 14
        item.center.color = "FF0000"
    buffer = io.BytesIO()
    book.save(buffer)
    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert '<oddHeader>&amp;C&amp;"Times New Roman,Bold"&amp;14 &amp;KFF0000&#1054;' in xml
    assert xlsx_marked(buffer.getvalue(), WORD)


def test_an_empty_header_is_a_sheet_without_the_mark() -> None:
    """An empty oddHeader element: the build names the file (openpyxl's reader gave None,
    which the check did not expect)."""
    book = _changed(
        _book(),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb"<oddHeader>[^<]*</oddHeader>", b"<oddHeader/>", xml),
    )
    assert b"<oddHeader/>" in zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml")
    with pytest.raises(AppealError) as raised:
        verify_marks({"attachment-1-protocols.xlsx": book}, WORD)
    assert "attachment-1-protocols.xlsx: the mark «ОБРАЗЕЦ» is not in the header" in str(
        raised.value
    )


@pytest.fixture(scope="module")
def example_xlsx() -> bytes:
    """The example's spreadsheet, as the tool writes it: A1 is shared string 0."""
    from election_appeal import api

    workbook = api.render(ROOT / "data" / "almaty-2021", formats=("xlsx",))[EXAMPLE]
    assert b'<c r="A1" s="2" t="s"><v>0</v></c>' in zipfile.ZipFile(io.BytesIO(workbook)).read(
        SHEET
    )
    return workbook


EXAMPLE, SHEET, STRINGS = (
    "attachment-1-protocols.xlsx",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
)


def _first_cell_as(workbook: bytes, index: int, before: list[str]) -> bytes:
    """The workbook with `before` put in front of the shared strings and A1 pointing at
    string `index`."""
    added = "".join(f"<si><t>{text}</t></si>" for text in before).encode()
    moved = _changed(workbook, STRINGS, lambda xml: re.sub(rb"(<sst[^>]*>)", rb"\1" + added, xml))
    return _changed(
        moved,
        SHEET,
        lambda xml: xml.replace(
            b'<c r="A1" s="2" t="s"><v>0</v>', f'<c r="A1" s="2" t="s"><v>{index}</v>'.encode()
        ),
    )


def test_the_first_cell_as_a_later_shared_string(example_xlsx: bytes) -> None:
    """A1 pointing past strings without the mark, at the example's own first string: marked;
    at one of those strings: not."""
    assert xlsx_marked(example_xlsx, WORD)
    assert xlsx_marked(_first_cell_as(example_xlsx, 2, ["один", "два"]), WORD)
    assert not xlsx_marked(_first_cell_as(example_xlsx, 1, ["один", "два"]), WORD)


def test_a_shared_string_beyond_the_strings_is_not_the_mark(example_xlsx: bytes) -> None:
    strings = zipfile.ZipFile(io.BytesIO(example_xlsx)).read(STRINGS).count(b"<si>")
    # One string put in front: strings + 1 of them, the last at index `strings`.
    beyond = _first_cell_as(example_xlsx, strings + 1, ["один"])
    with pytest.raises(IndexError):
        xlsx_marked(beyond, WORD)
    assert not _safely_marked(beyond)  # the build names the file


def test_a_part_read_whole_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book()
    size = len(zipfile.ZipFile(io.BytesIO(book)).read("xl/workbook.xml"))
    monkeypatch.setattr(sheet_marks, "PART_LIMIT", size)
    assert xlsx_marked(book, WORD)
    monkeypatch.setattr(sheet_marks, "PART_LIMIT", size - 1)
    assert not _safely_marked(book)


def _safely_marked(book: bytes) -> bool:
    try:
        verify_marks({"attachment-1-protocols.xlsx": book}, WORD)
    except AppealError:
        return False
    return True


def test_the_example_spreadsheet_is_checked_without_openpyxl(tmp_path: Path) -> None:
    """The example is illustrative: its spreadsheet is read back for the mark, and the
    process that builds it never imports openpyxl."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from election_appeal.case import load_case\n"
        "from election_appeal.render import render_case\n"
        f"done = render_case(load_case(Path({str(ROOT / 'data' / 'almaty-2021')!r})), "
        "formats=['xlsx'])\n"
        "print(json.dumps([sorted(done.files), 'openpyxl' in sys.modules]))\n"
    )
    env = {**os.environ, "ELECTION_APPEAL_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    files, imported = json.loads(done.stdout.splitlines()[-1])
    assert "attachment-1-protocols.xlsx" in files
    assert imported is False
