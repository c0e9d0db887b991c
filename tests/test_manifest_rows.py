"""manifest.json of a national case: the protocol cells one row a line, written as they are made
and read back one at a time, while the manifest stays the JSON it was and changes.md says what
it said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from election_appeal.case.protocols import Protocol
from election_appeal.publish.changes import ProtocolCells, compare
from election_appeal.publish.manifest import (
    MANIFEST,
    Made,
    Settings,
    StoredRows,
    make_manifest,
    read_manifest,
)

ALL = Settings(("pdf", "docx", "xlsx"), per_addressee=False, templates=None)
INPUTS = {"case/case.yaml": "a" * 64}
FILES = {"appeal.pdf": b"%PDF-1.7 appeal"}
FIGURES = {"comparison.parties.npk.first_votes": 43337, "sample.caveats": ["не случайно"]}
# Texts a row may hold that the row's own layout uses: quotes, a backslash, a line break, the
# line that opens the rows, Kazakh letters.
HOSTILE = 'Район "1" \\ \n    "rows": [\n Үлгі'


def _protocol(row: int, station: str, contest: str, npk: int | None, district: str) -> Protocol:
    lines = {"voters_on_list": 772, "invalid": None}
    return Protocol(row, station, district, "обычный", "НПО", contest, lines, {"npk": npk})


def _row(p: Protocol) -> dict[str, object]:
    """The row as manifest.json has always kept it, written out by hand."""
    cells = {"district": p.district, "kind": p.kind, "source": p.source}
    return {
        "station": p.station,
        "contest": p.contest,
        "row": p.row,
        "cells": cells | p.lines | p.votes,
    }


PROTOCOLS = [
    _protocol(2, "12", "mazhilis", 33, HOSTILE),
    _protocol(3, "12", "maslikhat", 35, "Район 2"),
    _protocol(4, "13", "mazhilis", None, "Район 2"),
]


def _manifest(protocols: ProtocolCells | None) -> bytes:
    made = Made({"appeal.pdf": "b" * 64}, {})
    return make_manifest(INPUTS, ALL, "f" * 64, FILES, FIGURES, ["12", "13"], protocols, made)


def test_the_rows_are_one_a_line_and_the_rest_is_laid_out_as_before() -> None:
    written = _manifest(ProtocolCells("protocols.csv", PROTOCOLS)).decode()
    rows = [_row(p) for p in PROTOCOLS]
    # The same JSON as ever.
    whole = json.loads(written)
    assert whole["protocols"] == {"file": "protocols.csv", "rows": rows}
    # Laid out as json.dumps(indent=2) lays it out, but for the rows: each on a line of its own.
    placeholder = {**whole, "protocols": {"file": "protocols.csv", "rows": ["ROWS"]}}
    expected = json.dumps(placeholder, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    one_a_line = ",\n".join(
        "      " + json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows
    )
    assert written == expected.replace('      "ROWS"', one_a_line)
    # The line break in a district is escaped: a row is one line whatever its texts.
    assert written.count("\n") == expected.count("\n") + len(rows) - 1


def test_without_protocol_cells_the_manifest_is_json_dumps_itself() -> None:
    written = _manifest(None).decode()
    assert (
        written
        == json.dumps(json.loads(written), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    assert json.loads(written)["protocols"] is None


def test_no_rows_is_an_empty_list() -> None:
    written = _manifest(ProtocolCells("protocols.csv", [])).decode()
    assert json.loads(written)["protocols"] == {"file": "protocols.csv", "rows": []}
    assert '    "rows": []\n' in written


def test_the_rows_are_read_back_one_at_a_time(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_bytes(_manifest(ProtocolCells("protocols.csv", PROTOCOLS)))
    found = read_manifest(tmp_path)
    assert found is not None
    stored = found["protocols"]["rows"]
    assert isinstance(stored, StoredRows) and len(stored) == 3
    assert list(stored) == [_row(p) for p in PROTOCOLS]
    assert list(stored) == list(stored)  # read again from the file, the same
    # Everything else as json.loads reads it.
    whole = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert {k: v for k, v in found.items() if k != "protocols"} == {
        k: v for k, v in whole.items() if k != "protocols"
    }


def _earlier_layout(tmp_path: Path) -> Path:
    """A manifest as the versions before wrote it: every row over many lines."""
    whole = json.loads(_manifest(ProtocolCells("protocols.csv", PROTOCOLS)))
    text = json.dumps(whole, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert '    "rows": [\n      {\n' in text
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_manifest_of_an_earlier_version_is_read_whole(tmp_path: Path) -> None:
    found = read_manifest(_earlier_layout(tmp_path))
    assert found is not None
    assert found["protocols"]["rows"] == [_row(p) for p in PROTOCOLS]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text.replace('"row": 3', '"row": ', 1),  # a row line that is not JSON
        lambda text: text.replace("\n    ]\n", "\n"),  # the rows never closed
    ],
    ids=["row", "unclosed"],
)
def test_a_damaged_manifest_is_no_manifest(tmp_path: Path, spoil) -> None:
    text = _manifest(ProtocolCells("protocols.csv", PROTOCOLS)).decode()
    spoiled = spoil(text)
    assert spoiled != text
    (tmp_path / MANIFEST).write_text(spoiled, encoding="utf-8")
    assert read_manifest(tmp_path) is None


def test_the_changes_are_the_same_from_rows_read_one_at_a_time(tmp_path: Path) -> None:
    """Against the last build: station 12 maslikhat's npk 35 → 36 and its district changed,
    station 13 mazhilis removed, station 14 mazhilis added, and the new table lists 12
    maslikhat first: the cells are listed in the new table's order, the columns in theirs."""
    old_folder, earlier = tmp_path / "new", tmp_path / "old"
    old_folder.mkdir(), earlier.mkdir()
    (old_folder / MANIFEST).write_bytes(_manifest(ProtocolCells("protocols.csv", PROTOCOLS)))
    _earlier_layout(earlier)
    new = ProtocolCells(
        "protocols.csv",
        [
            _protocol(2, "12", "maslikhat", 36, "Район 3"),
            _protocol(3, "14", "mazhilis", 10, "Район 2"),
            _protocol(4, "12", "mazhilis", 33, HOSTILE),
        ],
    )
    expected_cells = [
        ("12", "maslikhat", "district", "Район 2", "Район 3"),
        ("12", "maslikhat", "npk", 35, 36),
    ]
    for folder in (old_folder, earlier):
        last = read_manifest(folder)
        assert last is not None
        found = compare(last, FIGURES, ["12", "14"], new, {})
        assert found.cells == expected_cells
        assert found.cells_known
        assert (found.protocols_added, found.protocols_removed) == ([], [])  # whole stations
        assert (found.stations_added, found.stations_removed) == (["14"], ["13"])
    # A protocol added to, and one removed from, a station that stays.
    last = read_manifest(old_folder)
    assert last is not None
    fewer = ProtocolCells("protocols.csv", [*PROTOCOLS[:2], _protocol(4, "13", "maslikhat", 1, "")])
    found = compare(last, FIGURES, ["12", "13"], fewer, {})
    assert (found.protocols_added, found.protocols_removed) == (
        [("13", "maslikhat")],
        [("13", "mazhilis")],
    )
    assert found.cells == []


def test_a_manifest_that_fails_half_written_leaves_the_last_outputs(tmp_path: Path) -> None:
    """The manifest is written as it is made, into the staging folder: a failure part way
    (here: a row the encoder refuses) leaves the last build's folder as it was, and nothing
    staged beside it."""
    from election_appeal.publish.files import replace_folder

    target = tmp_path / "out" / "case"
    replace_folder(target, {"appeal.pdf": b"old", MANIFEST: b"{}\n"}, set())

    def manifest(handle) -> None:
        handle.write(b'{\n  "figures": {},\n')
        json.dumps({"cells": {1, 2}})  # a set: not JSON

    with pytest.raises(TypeError):
        replace_folder(target, {"appeal.pdf": b"new", MANIFEST: manifest}, {"appeal.pdf"})
    assert sorted(p.name for p in target.parent.iterdir()) == ["case"]
    assert (target / "appeal.pdf").read_bytes() == b"old"
    assert (target / MANIFEST).read_bytes() == b"{}\n"
