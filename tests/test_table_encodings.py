"""One table saved in each encoding a spreadsheet offers: read exactly, told for sure, or refused.

The expected cells are written out by hand; the byte values of the ambiguous word are worked out
from the code charts of Windows-1251 and KOI8-R.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from election_appeal.case.tables import read_sheet
from election_appeal.errors import CaseError, Severity

TABLE = (
    "station,district,kind,source,contest,npk\r\n"
    "12,Ауэзовский,обычный,Наблюдатели А,mazhilis,33\r\n"
    "13,Алмалинский,Специальный,ОО Голос,mazhilis,41\r\n"
    "14,Жетысуский,обычный,Наблюдатели Б,mazhilis,7\r\n"
)
ROWS = [
    (2, ["12", "Ауэзовский", "обычный", "Наблюдатели А", "mazhilis", "33"]),
    (3, ["13", "Алмалинский", "Специальный", "ОО Голос", "mazhilis", "41"]),
    (4, ["14", "Жетысуский", "обычный", "Наблюдатели Б", "mazhilis", "7"]),
]
RESAVE = 'save the whole file again as "CSV UTF-8"'


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "protocols.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        TABLE.encode("utf-8"),
        b"\xef\xbb\xbf" + TABLE.encode("utf-8"),
        TABLE.encode("utf-16"),  # with its byte order mark
        b"\xfe\xff" + TABLE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16-le with BOM", "utf-16-be with BOM"],
)
def test_unicode_tables_are_read_exactly_and_silently(tmp_path: Path, data: bytes) -> None:
    table = read_sheet(_write(tmp_path, data), "protocols.csv")
    assert table.header == ["station", "district", "kind", "source", "contest", "npk"]
    assert table.rows == ROWS
    assert table.problems == []


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("cp1251", "Windows-1251 (Cyrillic)"),
        ("koi8-r", "KOI8-R (Cyrillic)"),
        ("cp866", "DOS 866 (Cyrillic)"),
        ("mac-cyrillic", "Mac Cyrillic"),
    ],
)
def test_a_one_byte_table_is_read_in_its_own_encoding_and_says_so(
    tmp_path: Path, encoding: str, name: str
) -> None:
    table = read_sheet(_write(tmp_path, TABLE.encode(encoding)), "protocols.csv")
    assert table.rows == ROWS
    assert [(p.severity, p.where, p.message) for p in table.problems] == [
        (
            Severity.WARNING,
            "",
            f"is not UTF-8 text: read as {name}, the only encoding in which its letters form "
            f"words (the first: «Ауэзовский»); if the documents show other letters, {RESAVE}",
        )
    ]


def test_the_koi8_table_of_the_review_is_not_read_as_windows_1251(tmp_path: Path) -> None:
    # «Ауэзовский» in KOI8-R is e1 d5 dc da cf d7 d3 cb c9 ca; the same bytes in Windows-1251
    # are «бХЬЪПЧУЛЙК», what the outputs used to show.
    data = TABLE.encode("koi8-r")
    assert bytes.fromhex("e1d5dcdacfd7d3cbc9ca") in data
    assert bytes.fromhex("e1d5dcdacfd7d3cbc9ca").decode("cp1251") == "бХЬЪПЧУЛЙК"
    table = read_sheet(_write(tmp_path, data), "protocols.csv")
    assert table.rows[0][1][1] == "Ауэзовский"


def test_a_table_whose_letters_read_as_words_in_two_encodings_is_refused(tmp_path: Path) -> None:
    # «обычный» in Windows-1251 is ee e1 fb f7 ed fb e9; KOI8-R reads those bytes as «НАШВМШИ»:
    # small letters in one are capitals in the other, and no capital stands after a small one.
    data = "station,kind,npk\n12,обычный,33\n".encode("cp1251")
    assert bytes.fromhex("eee1fbf7edfbe9") in data
    with pytest.raises(CaseError) as caught:
        read_sheet(_write(tmp_path, data), "protocols.csv")
    assert [str(p) for p in caught.value.problems] == [
        "protocols.csv: is not UTF-8 text, and its letters read as words in more than one "
        "encoding (Windows-1251 (Cyrillic): «обычный»; KOI8-R (Cyrillic): «НАШВМШИ»), so which "
        f"one it was saved in cannot be told; {RESAVE}"
    ]


def test_bytes_that_form_no_words_in_any_encoding_are_refused(tmp_path: Path) -> None:
    # Box-drawing bytes of DOS 866 in every place: no encoding reads them as letters of words.
    data = b"station,kind,npk\n12," + bytes(range(0xB0, 0xB8)) * 4 + b",33\n"
    with pytest.raises(CaseError) as caught:
        read_sheet(_write(tmp_path, data), "protocols.csv")
    assert [str(p) for p in caught.value.problems] == [
        "protocols.csv: is not UTF-8 text, and its letters form no words in any Cyrillic "
        "encoding (Windows-1251 (Cyrillic), KZ-1048 (Kazakh), KOI8-R (Cyrillic), "
        f"DOS 866 (Cyrillic), Mac Cyrillic); {RESAVE}"
    ]


def test_a_koi8_row_in_a_utf8_table_is_named(tmp_path: Path) -> None:
    lines = TABLE.split("\r\n")
    data = "\r\n".join(lines[:2]).encode() + b"\r\n" + "\r\n".join(lines[2:]).encode("koi8-r")
    with pytest.raises(CaseError) as caught:
        read_sheet(_write(tmp_path, data), "protocols.csv")
    assert [str(p) for p in caught.value.problems] == [
        "protocols.csv, row 3: this row is written in KOI8-R (Cyrillic) but the rows before it "
        f"in UTF-8, so the file cannot be read correctly; {RESAVE}"
    ]


@pytest.mark.parametrize("saved_in", ["cp1251", "koi8-r", "cp866", "mac-cyrillic"])
def test_the_oddities_counted_on_bytes_are_those_of_the_decoded_text(saved_in: str) -> None:
    from election_appeal.case.encodings import oddities, readings

    example = Path(__file__).parents[1] / "data" / "almaty-2021" / "protocols.csv"
    raw = example.read_text(encoding="utf-8").encode(saved_in)
    found = readings(raw)
    assert found[0].encoding == saved_in and found[0].oddities == 0
    for reading in found:
        assert reading.oddities == oddities(raw.decode(reading.encoding)), reading.encoding
