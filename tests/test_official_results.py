"""Official results per station: every planted difference between a copy and the official
figure is found, and only those; the official station figures are added up against the
published totals. Expected values are worked out here from the CSV rows, not by the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis.official import compare_official
from election_appeal.case.protocols import Protocol
from election_appeal.case.schema import Contest
from election_appeal.errors import CaseError

SOURCE = "Сводная таблица территориальной избирательной комиссии от 11.01.2021"
PARTIES = ("npk", "nur_otan", "auyl", "ak_zhol", "adal")
LINES = (
    "voters_on_list",
    "ballots_received",
    "ballots_issued",
    "ballots_cancelled",
    "ballots_in_boxes",
    "invalid",
    "against_all",
)


def _official(case_dir: Path, plant: dict[tuple[str, str, str], int], drop=()) -> list[dict]:
    """official.csv = the copies' rows, with `plant[(station, contest, column)]` added to the
    official figure, and the (station, contest) in `drop` left out."""
    rows = []
    for row in read_rows(case_dir / "protocols.csv"):
        key = (row["station"], row["contest"])
        if key in drop:
            continue
        row = dict(row)
        for (station, contest, column), delta in plant.items():
            if (station, contest) == key:
                row[column] = str(int(row[column]) + delta)
        rows.append(row)
    write_rows(case_dir / "official.csv", rows)
    edit_case(
        case_dir,
        lambda d: d.update(official_results={"file": "official.csv", "source": SOURCE}),
    )
    return rows


def _copy_value(case_dir: Path, station: str, contest: str, column: str) -> int:
    row = next(
        r
        for r in read_rows(case_dir / "protocols.csv")
        if (r["station"], r["contest"]) == (station, contest)
    )
    return int(row[column])


def test_each_planted_difference_is_found_and_nothing_else(case_dir: Path) -> None:
    # Official figures raised by 38 and 5 (so copy − official = −38, −5), lowered by 2 (+2).
    plant = {
        ("12", "mazhilis", "nur_otan"): 38,
        ("47", "mazhilis", "nur_otan"): 12,
        ("12", "maslikhat", "npk"): 5,
        ("13", "maslikhat", "invalid"): -2,
    }
    _official(case_dir, plant, drop={("53", "maslikhat")})
    result = api.analyse(case_dir)
    official = result.analysis.official
    assert official is not None
    found = [
        (d.station, d.contest, d.item, d.copy, d.official, d.difference)
        for d in official.differences
    ]
    expected = []
    # The order of the protocol table: station 12 (mazhilis, maslikhat), 13, 47.
    for (station, contest, column), delta in plant.items():
        copy = _copy_value(case_dir, station, contest, column)
        expected.append((station, contest, column, copy, copy + delta, -delta))
    order = ["12", "13", "47"]
    expected.sort(key=lambda e: (order.index(e[0]), ["mazhilis", "maslikhat"].index(e[1])))
    assert found == expected
    assert official.differing_stations == ["12", "13", "47"]
    assert official.not_in_official == [("53", "maslikhat")]
    assert official.compared_protocols == 132 - 1
    assert official.compared_stations == 66
    assert official.source == SOURCE


def test_kinds_of_difference_say_which_figure_how_many_stations_and_which_way(
    case_dir: Path,
) -> None:
    plant = {
        ("12", "mazhilis", "nur_otan"): 38,
        ("47", "mazhilis", "nur_otan"): 12,
        ("13", "maslikhat", "invalid"): -2,
        ("12", "maslikhat", "adal"): 3,
        ("13", "maslikhat", "adal"): -4,
    }
    _official(case_dir, plant)
    official = api.analyse(case_dir).analysis.official
    assert official is not None
    kinds = {
        (k.contest, k.item): (k.is_party, k.stations, k.copy_higher, k.copy_lower, k.total)
        for k in official.kinds
    }
    assert kinds == {
        # Official above the copy at both stations: the copies show 38 + 12 votes fewer.
        ("mazhilis", "nur_otan"): (True, 2, 0, 2, -50),
        ("maslikhat", "invalid"): (False, 1, 1, 0, 2),
        ("maslikhat", "adal"): (True, 2, 1, 1, -3 + 4),
    }
    directions = {(k.contest, k.item): k.direction for k in official.kinds}
    assert directions == {
        ("mazhilis", "nur_otan"): "copy_lower",
        ("maslikhat", "invalid"): "copy_higher",
        ("maslikhat", "adal"): "mixed",
    }


def test_attachment_one_gets_the_cells_to_mark(case_dir: Path) -> None:
    plant = {("12", "mazhilis", "nur_otan"): 38, ("12", "maslikhat", "invalid"): -2}
    _official(case_dir, plant)
    rows = {r.station: r for r in api.analyse(case_dir).analysis.stations.rows}
    nur_otan = _copy_value(case_dir, "12", "mazhilis", "nur_otan")
    invalid = _copy_value(case_dir, "12", "maslikhat", "invalid")
    # mazhilis is the first contest of the comparison, maslikhat the second.
    assert dict(rows["12"].official) == {
        ("first", "nur_otan"): nur_otan + 38,
        ("second", "invalid"): invalid - 2,
    }
    assert all(not r.official for s, r in rows.items() if s != "12")


def test_check_warns_at_the_copy_row_of_each_difference(case_dir: Path) -> None:
    _official(case_dir, {("13", "maslikhat", "nur_otan"): 10})
    copy = _copy_value(case_dir, "13", "maslikhat", "nur_otan")
    warnings = [str(w) for w in api.check(case_dir).warnings]
    # Station 13's maslikhat copy is row 5 of protocols.csv (header, 12 ×2, 13 mazhilis).
    expected = (
        f'{case_dir / "protocols.csv"}, row 5, column "nur_otan": station 13, the "Маслихат" '
        f"copy says {copy}, the official figure is {copy + 10} (copy − official = \u221210); "
        "compare the row with the copy"
    )
    assert expected in warnings
    assert [w for w in warnings if "official figure" in w] == [expected]


def test_a_difference_in_russian_names_both_figures_and_has_a_minus_sign(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the appeal's table heads it («Разница (копия − официальные итоги)»), with U+2212."""
    monkeypatch.setenv("APPEAL_LANG", "ru")
    _official(case_dir, {("13", "maslikhat", "nur_otan"): 38})
    copy = _copy_value(case_dir, "13", "maslikhat", "nur_otan")
    warnings = [w.message for w in api.check(case_dir).warnings if "(копия − " in w.message]
    assert warnings == [
        f"участок 13, в копии «Маслихат» — {copy}, в официальных данных — {copy + 38} "
        "(копия − официальные итоги = \u221238); сверьте строку с копией протокола"
    ]


def test_copies_without_an_official_row_are_named_once(case_dir: Path) -> None:
    _official(case_dir, {}, drop={("12", "mazhilis"), ("13", "maslikhat")})
    warnings = [str(w) for w in api.check(case_dir).warnings if "no row in the official" in str(w)]
    assert warnings == [
        f"{case_dir / 'official.csv'}: 2 of the copies have no row in the official table, so "
        "they are not compared: 12 (Мажилис), 13 (Маслихат); check that the station numbers "
        "are written the same way in both tables"
    ]


def test_no_official_table_no_comparison(case_dir: Path) -> None:
    result = api.analyse(case_dir)
    assert result.analysis.official is None
    assert all(not r.official for r in result.analysis.stations.rows)


def _sums(rows: list[dict], contest: str, column: str) -> int:
    return sum(int(r[column]) for r in rows if r["contest"] == contest)


def test_station_figures_that_do_not_add_up_to_the_published_total(case_dir: Path) -> None:
    rows = _official(case_dir, {})

    def published(d: dict) -> None:
        # The territory is the 66 stations of the table; the published totals are their sums,
        # except the Mazhilis votes of ADAL, published 7 higher, and the maslikhat invalid
        # ballots, 3 lower.
        d["election"]["stations"] = 66
        for contest in d["contests"]:
            cid = contest["id"]
            contest["votes"] = {p: _sums(rows, cid, p) for p in PARTIES}
            for line in ("voters_on_list", "ballots_issued", "invalid"):
                contest[line] = _sums(rows, cid, line)
            contest["turnout"] = None
        d["contests"][0]["votes"]["adal"] += 7
        d["contests"][1]["invalid"] -= 3

    edit_case(case_dir, published)
    official = api.analyse(case_dir).analysis.official
    assert official is not None
    assert [(c.contest, c.stations, c.complete) for c in official.coverage] == [
        ("mazhilis", 66, True),
        ("maslikhat", 66, True),
    ]
    mismatches = [
        (t.contest, t.item, t.stations_sum, t.published, t.difference)
        for t in official.total_mismatches
    ]
    adal = _sums(rows, "mazhilis", "adal")
    invalid = _sums(rows, "maslikhat", "invalid")
    assert mismatches == [
        ("mazhilis", "adal", adal, adal + 7, -7),
        ("maslikhat", "invalid", invalid, invalid - 3, 3),
    ]
    # Every party and the three published lines were checked in both contests
    # ("against all" is not published here).
    assert len(official.totals) == 2 * (len(PARTIES) + 3)
    warnings = [str(w) for w in api.check(case_dir).warnings]
    assert (
        f'{case_dir / "official.csv"}, column "adal": "Мажилис": the official figures of the '
        f"stations add up to {adal}, the published total is {adal + 7} (difference \u22127)"
    ) in warnings


def test_a_partial_official_table_checks_no_total(case_dir: Path) -> None:
    _official(case_dir, {})
    official = api.analyse(case_dir).analysis.official
    assert official is not None
    # 66 stations of the 581 in the territory: their sum says nothing about the total.
    assert [(c.stations, c.complete) for c in official.coverage] == [(66, False), (66, False)]
    assert official.totals == []


def test_bad_official_table_is_reported_with_row_and_column(case_dir: Path) -> None:
    rows = _official(case_dir, {})
    rows[3]["nur_otan"] = "12x"
    rows[5]["contest"] = "senate"
    rows.append(dict(rows[0]))
    write_rows(case_dir / "official.csv", rows)
    with pytest.raises(CaseError) as caught:
        api.check(case_dir)
    found = {(p.file, p.where, p.column) for p in caught.value.errors}
    official = str(case_dir / "official.csv")
    assert (official, "row 5", "nur_otan") in found
    assert (official, "row 7", "contest") in found
    assert (official, f"row {len(rows) + 1}", "station") in found


def test_the_official_table_must_be_in_the_case_folder(case_dir: Path) -> None:
    edit_case(
        case_dir,
        lambda d: d.update(official_results={"file": "../official.csv", "source": SOURCE}),
    )
    with pytest.raises(CaseError) as caught:
        api.check(case_dir)
    assert any("outside the case folder" in p.message for p in caught.value.errors)


def test_official_figures_that_break_a_control_ratio(case_dir: Path) -> None:
    # Station 13, Mazhilis: issued 358, in the boxes 355 = 2 invalid + 41 + 198 + 33 + 55 + 26.
    # The official table says 365 in the boxes: 7 more than issued, 10 more than the ballots
    # counted.
    _official(case_dir, {("13", "mazhilis", "ballots_in_boxes"): 10})
    official = api.analyse(case_dir).analysis.official
    assert official is not None
    found = [(v.rule, v.gap, v.row) for v in official.violations if v.station == "13"]
    # Row 4 of official.csv: header, station 12 twice, then 13 mazhilis.
    assert found == [("boxes_not_above_issued", 7, 4), ("boxes_balance", 10, 4)]
    warnings = [str(w) for w in api.check(case_dir).warnings]
    assert (
        f'{case_dir / "official.csv"}, row 4: station 13, the official "Мажилис" figures '
        "break a control ratio: more ballots in the boxes than issued (difference +7)"
    ) in warnings


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.integers(-20, 20), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_every_planted_delta_and_no_other_is_a_difference(
    cells: list[tuple[int, int, bool]],
) -> None:
    # One station per cell: the copy's npk votes, the delta planted into the official figure,
    # and whether the official figure is known at all.
    copies, official = [], []
    for i, (votes, delta, known) in enumerate(cells):
        lines = dict.fromkeys(LINES)
        copies.append(Protocol(i + 2, str(i), "", "", "", "c", lines, {"npk": votes}))
        figure = votes + delta if known else None
        official.append(Protocol(i + 2, str(i), "", "", "", "c", lines, {"npk": figure}))
    contest = Contest(id="c", title="Выборы", source="x", votes={"npk": 1})
    found = compare_official(copies, official, [contest], ["npk"], 1000, "x")
    expected = [
        (str(i), votes, votes + delta, -delta)
        for i, (votes, delta, known) in enumerate(cells)
        if known and delta
    ]
    assert [(d.station, d.copy, d.official, d.difference) for d in found.differences] == expected
    assert sum(k.total for k in found.kinds) == -sum(delta for _v, delta, k in cells if k)


def test_an_official_workbook_is_read_like_the_protocols(case_dir: Path) -> None:
    from openpyxl import Workbook

    rows = read_rows(case_dir / "protocols.csv")
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        # Numbers as numbers, the way a commission's spreadsheet holds them; one planted change.
        values = [int(v) if v.isdigit() else v for v in row.values()]
        sheet.append(values)
    sheet["N2"] = int(rows[0]["nur_otan"]) + 38  # column N: nur_otan, row 2: station 12 mazhilis
    book.save(case_dir / "official.xlsx")
    edit_case(
        case_dir,
        lambda d: d.update(official_results={"file": "official.xlsx", "source": SOURCE}),
    )
    official = api.analyse(case_dir).analysis.official
    assert official is not None
    copy = int(rows[0]["nur_otan"])
    assert [(d.station, d.contest, d.item, d.copy, d.official) for d in official.differences] == [
        ("12", "mazhilis", "nur_otan", copy, copy + 38)
    ]
