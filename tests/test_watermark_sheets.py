"""The read-back of the mark from a workbook (render/sheet_marks.py), on workbooks written by
openpyxl itself: shared strings (its default) and inline strings, one sheet or more, each place
of the mark left out in turn."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from election_appeal.render.watermark import xlsx_marked

WORD = "ОБРАЗЕЦ"


def _book(sheets: list[dict[str, str]]) -> bytes:
    """A workbook of one sheet per dict: its A1, header centre and footer left."""
    book = openpyxl.Workbook()
    for index, parts in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Лист {index + 1}")
        assert sheet is not None
        sheet["A1"] = parts["a1"]
        sheet["B2"] = 42
        sheet.oddHeader.center.text = parts["header"]
        sheet.oddFooter.left.text = parts["footer"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MARKED = {"a1": f"{WORD}. Протоколы", "header": WORD, "footer": f"{WORD} — пример"}


def test_a_workbook_marked_everywhere_passes() -> None:
    assert xlsx_marked(_book([MARKED]), WORD)
    assert xlsx_marked(_book([MARKED, MARKED]), WORD)


@pytest.mark.parametrize("place", ["a1", "header", "footer"])
def test_each_place_without_the_mark_is_refused(place: str) -> None:
    assert not xlsx_marked(_book([{**MARKED, place: "Протоколы"}]), WORD)


def test_a_second_sheet_without_the_mark_is_refused() -> None:
    assert not xlsx_marked(_book([MARKED, {**MARKED, "a1": "Итоги"}]), WORD)


def test_inline_strings_are_read_as_shared_ones() -> None:
    """openpyxl writes A1 as a shared string; the same workbook with the string inline (as a
    streaming writer writes it) is read the same, marked or not."""
    for a1, expected in ((MARKED["a1"], True), ("Протоколы", False)):
        shared = _book([{**MARKED, "a1": a1}])
        assert xlsx_marked(_inline(shared, a1), WORD) is expected


def test_a_mark_only_in_a_header_format_code_is_refused() -> None:
    """The header's text is what Excel prints: a word inside a font code (&"…") is not."""
    book = _book([{**MARKED, "header": "пример"}])
    coded = _replace(book, "xl/worksheets/sheet1.xml", b"&amp;C", f'&amp;C&amp;"{WORD}"'.encode())
    assert not xlsx_marked(coded, WORD)


def test_a_damaged_workbook_is_not_marked() -> None:
    book = _book([MARKED])
    assert not xlsx_marked(_replace(book, "xl/_rels/workbook.xml.rels", b"sheet1", b"sheet9"), WORD)
    with pytest.raises(zipfile.BadZipFile):
        xlsx_marked(book[: len(book) // 2], WORD)


def _inline(book: bytes, text: str) -> bytes:
    """The workbook with cell A1 holding `text` as an inline string."""
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
    start = sheet.index('<c r="A1"')
    end = sheet.index("</c>", start) + len("</c>")
    cell = f'<c r="A1" t="inlineStr"><is><t>{text}</t></is></c>'
    return _replace(book, "xl/worksheets/sheet1.xml", sheet[start:end].encode(), cell.encode())


def _replace(book: bytes, part: str, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == part:
                assert old in data, (part, old)
                data = data.replace(old, new, 1)
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "spoil",
    [lambda xml: xml[: len(xml) // 2], lambda xml: xml.replace(b"<sheetData>", b"<sheetData><")],
    ids=["cut", "not xml"],
)
def test_a_damaged_sheet_is_refused_not_raised(spoil) -> None:
    """A sheet part the XML parser refuses is a sheet without the mark: the build names it."""
    from election_appeal.errors import AppealError
    from election_appeal.render.watermark import verify_marks

    source = zipfile.ZipFile(io.BytesIO(_book([MARKED])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<sheetData>" in content
                content = spoil(content)
            target.writestr(info, content)
    with pytest.raises(AppealError) as raised:
        verify_marks({"attachment-1-protocols.xlsx": buffer.getvalue()}, WORD)
    assert "attachment-1-protocols.xlsx: the mark «ОБРАЗЕЦ» is not in the header" in str(
        raised.value
    )
