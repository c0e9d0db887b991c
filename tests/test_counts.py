"""Counts that add up: stations, copies and sources, each counted once, checked against a count
made here from the CSV rows with plain sets (independent of analysis/counts.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis.counts import count_copies
from election_appeal.case.protocols import Protocol

EVIDENCE = ROOT / "tests" / "data" / "evidence-example"


def _partial_case(case_dir: Path) -> tuple[list[dict], str]:
    """The first 25 stations of the example, the 8th of them with its maslikhat copy only: the
    case of the issue ("the copies cover 24 stations", then sources adding up to 25)."""
    rows = read_rows(case_dir / "protocols.csv")
    stations = list(dict.fromkeys(r["station"] for r in rows))[:25]
    lone = stations[7]
    kept = [
        r
        for r in rows
        if r["station"] in stations and not (r["station"] == lone and r["contest"] == "mazhilis")
    ]
    write_rows(case_dir / "protocols.csv", kept)
    return kept, lone


def test_the_issue_case_25_stations_one_with_the_maslikhat_copy_only(case_dir: Path) -> None:
    rows, lone = _partial_case(case_dir)
    result = api.analyse(case_dir)
    counts = result.analysis.counts
    assert counts is not None
    # Independent count: sets of stations by contest and by source.
    contests_of: dict[str, set[str]] = {}
    for r in rows:
        contests_of.setdefault(r["station"], set()).add(r["contest"])
    both = {s for s, c in contests_of.items() if c == {"mazhilis", "maslikhat"}}
    assert (len(contests_of), len(both)) == (25, 24)
    assert (counts.stations, counts.paired, counts.single) == (25, 24, 1)
    assert counts.only == {"mazhilis": 0, "maslikhat": 1}
    assert counts.copies == len(rows) == 49
    assert counts.by_contest == {"mazhilis": 24, "maslikhat": 25}
    # The sample's sentence counts the same 24 stations.
    assert result.analysis.sample.paired_stations == counts.paired
    expected: dict[str | None, tuple[int, int, int]] = {}
    for source in {r["source"] for r in rows}:
        stations = {r["station"] for r in rows if r["source"] == source}
        copies = sum(1 for r in rows if r["source"] == source)
        # A copy without a source is counted under None.
        expected[source or None] = (len(stations), len(stations & both), copies)
    found = {s.source: (s.stations, s.paired, s.copies) for s in counts.sources}
    assert found == expected
    # What the appeal may print: per source the stations with both copies add up to 24, the
    # stations with any copy to 25 — never one number with the other's breakdown.
    assert sum(s.paired for s in counts.sources) + counts.mixed_paired == 24
    assert sum(s.stations for s in counts.sources) == 25
    lone_source = next(r["source"] for r in rows if r["station"] == lone)
    lone_count = next(s for s in counts.sources if s.source == (lone_source or None))
    assert lone_count.stations == lone_count.paired + 1
    assert counts.with_file is None and counts.copy_files is None


def test_copies_with_their_files_by_source(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EVIDENCE, case)
    counts = api.analyse(case).analysis.counts
    assert counts is not None
    # protocols.csv: stations 12 and 47 from «Наблюдатели А», 13 from «Наблюдатели В», both
    # contests each; files: 12 mazhilis, 12 maslikhat, 13 mazhilis.
    found = {s.source: (s.stations, s.paired, s.copies, s.with_file) for s in counts.sources}
    assert found == {"Наблюдатели А": (2, 2, 4, 2), "Наблюдатели В": (1, 1, 2, 1)}
    assert (counts.copies, counts.with_file, counts.copy_files) == (6, 3, 3)


def test_a_station_whose_copies_come_from_two_sources(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EVIDENCE, case)
    rows = read_rows(case / "protocols.csv")
    for r in rows:
        if (r["station"], r["contest"]) == ("13", "maslikhat"):
            r["source"] = "Наблюдатели А"
        if r["station"] == "47":
            r["source"] = ""
    write_rows(case / "protocols.csv", rows)
    counts = api.analyse(case).analysis.counts
    assert counts is not None
    # 12: A and A; 13: В and A (mixed); 47: no source, both copies.
    found = {s.source: (s.stations, s.paired, s.copies) for s in counts.sources}
    assert found == {"Наблюдатели А": (2, 1, 3), "Наблюдатели В": (1, 0, 1), None: (1, 1, 2)}
    assert [s.source for s in counts.sources] == ["Наблюдатели А", "Наблюдатели В", None]
    assert counts.mixed_paired == 1
    assert sum(s.paired for s in counts.sources) + counts.mixed_paired == counts.paired == 3
    # Station 13 counts for both of its sources.
    assert sum(s.stations for s in counts.sources) == counts.stations + 1
    assert counts.named_sources


def _protocol(row: int, station: str, contest: str, source: str) -> Protocol:
    return Protocol(row, station, "", "", source, contest, {}, {})


def test_a_case_without_a_comparison_pairs_no_station() -> None:
    # One contest (a Kurultai election held alone): copies and sources are counted, nothing
    # is paired.
    protocols = [_protocol(2, "1", "kurultai", "A"), _protocol(3, "2", "kurultai", "")]
    counts = count_copies(protocols, None, ["kurultai"], 10, [("1", "kurultai")])
    assert (counts.stations, counts.paired, counts.only, counts.copies) == (2, 0, {}, 2)
    assert counts.by_contest == {"kurultai": 2}
    assert [(s.source, s.stations, s.paired, s.with_file) for s in counts.sources] == [
        ("A", 1, 0, 1),
        (None, 1, 0, 0),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 8),  # station
            st.sampled_from(["a", "b", "c"]),  # contest ("c" is not compared)
            st.sampled_from(["", "X", "Y"]),  # source
        ),
        max_size=30,
    )
)
def test_the_counts_add_up_whatever_the_copies(rows: list[tuple[int, str, str]]) -> None:
    protocols = [
        _protocol(i, str(station), contest, source)
        for i, (station, contest, source) in enumerate(rows, 2)
    ]
    counts = count_copies(protocols, ("a", "b"), ["a", "b", "c"], 100)
    # The reading kept: the first row of a (station, contest), as the protocol table keeps it.
    kept: dict[tuple[str, str], str] = {}
    for station, contest, source in rows:
        kept.setdefault((str(station), contest), source)
    stations = {s for s, _c in kept}
    both = {s for s in stations if (s, "a") in kept and (s, "b") in kept}
    assert counts.stations == len(stations)
    assert counts.paired == len(both)
    assert counts.copies == len(kept) == sum(s.copies for s in counts.sources)
    assert sum(s.paired for s in counts.sources) + counts.mixed_paired == counts.paired
    assert sum(s.stations for s in counts.sources) >= counts.stations
    one = {s for s in stations if ((s, "a") in kept) != ((s, "b") in kept)}
    assert sum(counts.only.values()) == len(one)
