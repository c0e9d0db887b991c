"""The protocol table, the station table and the PDFs of a national case held compactly: the
figures read back are those of the file, whatever way they are kept."""

from __future__ import annotations

import dataclasses
import io
import pickle
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import read_rows
from election_appeal.analysis.stations import PartyCells, station_table
from election_appeal.case import load_case
from election_appeal.case.numbers import MAX_COUNT
from election_appeal.case.protocols import LINE_COLUMNS, Protocol
from election_appeal.errors import CaseError
from election_appeal.render.pdf import SENT_THROUGH_FILE, RenderedPdf, SharedBytes

PARTIES = ("npk", "nur_otan", "auyl", "ak_zhol", "adal")


def _count(text: str) -> int | None:
    return int(text) if text else None


def test_every_figure_of_the_example_reads_back_as_the_file_has_it(case_dir: Path) -> None:
    # The second reading: the csv module's own, each cell taken as written.
    rows = read_rows(case_dir / "protocols.csv")
    protocols = load_case(case_dir).protocols.protocols
    assert len(protocols) == len(rows) == 132
    for protocol, row in zip(protocols, rows, strict=True):
        assert (protocol.station, protocol.contest, protocol.district) == (
            row["station"],
            row["contest"],
            row["district"],
        )
        assert dict(protocol.lines) == {c: _count(row[c]) for c in LINE_COLUMNS}
        assert dict(protocol.votes) == {p: _count(row[p]) for p in PARTIES}
        assert protocol.votes == {p: _count(row[p]) for p in PARTIES}
    # No copy of the example has the line "against all": unknown, never 0.
    assert all(p.lines["against_all"] is None for p in protocols)
    assert list(protocols[0].lines) == list(LINE_COLUMNS)


def test_a_protocol_goes_to_another_process_with_its_own_figures_only(case_dir: Path) -> None:
    first = load_case(case_dir).protocols.protocols[0]
    sent = pickle.loads(pickle.dumps(first))
    # Row 2 of the example: 12, mazhilis, …, npk 33, nur_otan 152, auyl 32, ak_zhol 51, adal 16.
    assert sent.votes == {"npk": 33, "nur_otan": 152, "auyl": 32, "ak_zhol": 51, "adal": 16}
    assert type(sent.votes) is dict
    # The whole table's array is not sent with it: one protocol pickles to under a kilobyte,
    # while the example's 132 protocols hold 1 584 figures (12 664 bytes as 8-byte integers).
    assert len(pickle.dumps(first)) < 1000


def test_a_cleaned_cell_is_reported_and_stops_the_build(case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Ауэзовский", "Ауэзов\u0007ский")  # row 4 of the sheet
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError) as raised:
        load_case(case_dir)
    found = [(p.where, p.column) for p in raised.value.problems if "retype" in p.message]
    assert found == [("row 4", "district")]


def test_a_wrong_header_and_a_bad_cell_further_down_are_reported_together(
    case_dir: Path,
) -> None:
    path = case_dir / "protocols.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("district", "distrikt")
    lines[100] = lines[100].replace("обычный", "обыч\u200bный")  # row 101 of the sheet
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CaseError) as raised:
        load_case(case_dir)
    problems = [(p.where, p.column) for p in raised.value.problems if p.file.endswith(".csv")]
    assert ("row 101", "kind") in problems
    assert any(p.where == "row 1" and "distrikt" in p.message for p in raised.value.problems)


def _protocol(row: int, station: str, contest: str, npk: int | None, lines: int | None) -> Protocol:
    return Protocol(
        row,
        station,
        "Алмалинский",
        "обычный",
        "НПО",
        contest,
        {c: lines for c in LINE_COLUMNS},
        {"npk": npk, "adal": 7},
    )


def test_station_cells_read_back_with_unknown_figures_and_signs() -> None:
    protocols = [
        _protocol(2, "1", "a", 30, 100),
        _protocol(3, "1", "b", 5, 90),
        _protocol(4, "2", "a", MAX_COUNT, None),
        _protocol(5, "2", "b", MAX_COUNT - 1, 3),
        _protocol(6, "3", "a", None, 0),
    ]
    table = station_table(protocols, "a", "b", ["npk", "adal"], [])
    cells = [row.parties["npk"] for row in table.rows]
    # Station 1: 30 then 5, second − first = −25; station 2: the largest count a cell may
    # hold, then one less, −1; station 3: no b copy and an unknown a figure.
    assert cells == [
        PartyCells(30, 5, -25),
        PartyCells(MAX_COUNT, MAX_COUNT - 1, -1),
        PartyCells(None, None, None),
    ]
    assert [row.lines["invalid"] for row in table.rows] == [
        PartyCells(100, 90, -10),
        PartyCells(None, 3, None),
        PartyCells(0, None, None),
    ]
    assert list(table.rows[0].lines) == list(LINE_COLUMNS)
    assert dict(table.rows[2].parties) == {
        "npk": PartyCells(None, None, None),
        "adal": PartyCells(7, None, None),
    }
    # Totals over the known figures: a 30 + 999 999 999 999 = 1 000 000 000 029; b 5 +
    # 999 999 999 998 = 1 000 000 000 003; the difference over stations with both, −25 − 1.
    assert table.totals["npk"] == PartyCells(1_000_000_000_029, 1_000_000_000_003, -26)
    assert table.totals["adal"] == PartyCells(21, 14, 0)
    assert table.line_totals["invalid"] == PartyCells(100, 93, -10)
    assert table.largest["npk"] == PartyCells(
        1_000_000_000_029, 1_000_000_000_003, 26
    )  # the totals are the largest


def test_a_stations_cells_go_to_another_process_without_the_whole_table() -> None:
    def sent_size(stations: int) -> int:
        protocols = [
            _protocol(2 + 2 * i + side, str(i), contest, 10 + i, 50)
            for i in range(stations)
            for side, contest in enumerate("ab")
        ]
        table = station_table(protocols, "a", "b", ["npk", "adal"], [])
        cells = table.rows[0].parties
        assert pickle.loads(pickle.dumps(cells)) == {
            "npk": PartyCells(10, 10, 0),
            "adal": PartyCells(7, 7, 0),
        }
        return len(pickle.dumps(cells))

    assert sent_size(3) == sent_size(300)


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pypdf_reads_shared_bytes_as_it_reads_a_copy() -> None:
    data = _pdf(3)
    assert not hasattr(SharedBytes(data), "getbuffer")
    assert len(PdfReader(SharedBytes(data)).pages) == len(PdfReader(io.BytesIO(data)).pages) == 3
    assert SharedBytes(data).read() == data


def test_a_long_pdf_comes_back_from_a_layout_process_through_a_file_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    long = RenderedPdf(b"%PDF" + bytes(SENT_THROUGH_FILE), 770, (("http://x", "img"),), True)
    message = pickle.dumps(long)
    assert len(message) < 1000
    assert [p.name.startswith("election-appeal-") for p in tmp_path.iterdir()] == [True]
    assert pickle.loads(message) == long
    assert list(tmp_path.iterdir()) == []
    short = RenderedPdf(b"%PDF-1.7", 1)
    assert pickle.loads(pickle.dumps(short)) == short
    assert list(tmp_path.iterdir()) == []


def test_the_largest_figure_of_a_column_may_be_a_stations_not_the_totals() -> None:
    protocols = [
        _protocol(2, "1", "a", 10, 1),
        _protocol(3, "1", "b", 40, 1),
        _protocol(4, "2", "a", 30, 1),
        _protocol(5, "2", "b", 5, 1),
    ]
    table = station_table(protocols, "a", "b", ["npk", "adal"], [])
    # npk: a 10 + 30 = 40, b 40 + 5 = 45, differences +30 and −25, total +5: the largest
    # first is the total 40, the largest second the total 45, the largest difference |+30|.
    assert table.totals["npk"] == PartyCells(40, 45, 5)
    assert table.largest["npk"] == PartyCells(40, 45, 30)
    # The subset of a part of the table (a long table laid out in parts) has its own.
    part = dataclasses.replace(table, rows=table.rows[1:])
    assert part.largest["npk"] == PartyCells(40, 45, 25)


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_a_table_read_line_by_line_whatever_ends_its_lines(case_dir: Path, ending: str) -> None:
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # A district written over two lines inside quotes, as a spreadsheet saves a cell with a
    # line break: one cell, read as such by the csv module whatever ends the lines.
    lines[1] = lines[1].replace("Ауэзовский", '"Ауэзовский\r\nрайон"')
    path.write_bytes(ending.join(lines).encode("utf-8"))  # and no line end after the last
    protocols = load_case(case_dir).protocols.protocols
    assert protocols[0].district == "Ауэзовский\r\nрайон"
    assert [p.station for p in protocols] == [row["station"] for row in rows]
    assert [dict(p.votes) for p in protocols] == [
        {party: _count(row[party]) for party in PARTIES} for row in rows
    ]
