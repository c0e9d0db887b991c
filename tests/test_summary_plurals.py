"""`check`'s summary agrees every count with its noun in English, Russian and Kazakh: the rows
of the protocol table and the stations they cover («1 row», «1 station»; «2 строки»,
«5 участков», «21 участок»; Kazakh keeps the noun singular after a number). The shares are
worked out by hand: 1/581 = 0,17 %, 5/581 = 0,86 %, 21/581 = 3,61 %, to one decimal."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_rows, write_rows

EXPECTED = {
    # (rows kept, stations): the line in en, ru, kk (the file's path stands for {file})
    (1, 1): (
        "1 row from {file}, 1 station (0.2 % of 581)",
        "1 строка из {file}, 1 участок (0,2 % из 581)",
        "{file} файлынан 1 жол, 1 учаске (581 учаскенің 0,2 %)",
    ),
    (2, 1): (
        "2 rows from {file}, 1 station (0.2 % of 581)",
        "2 строки из {file}, 1 участок (0,2 % из 581)",
        "{file} файлынан 2 жол, 1 учаске (581 учаскенің 0,2 %)",
    ),
    (10, 5): (
        "10 rows from {file}, 5 stations (0.9 % of 581)",
        "10 строк из {file}, 5 участков (0,9 % из 581)",
        "{file} файлынан 10 жол, 5 учаске (581 учаскенің 0,9 %)",
    ),
    (42, 21): (
        "42 rows from {file}, 21 stations (3.6 % of 581)",
        "42 строки из {file}, 21 участок (3,6 % из 581)",
        "{file} файлынан 42 жол, 21 учаске (581 учаскенің 3,6 %)",
    ),
}


@pytest.mark.parametrize(("kept", "stations"), list(EXPECTED))
@pytest.mark.parametrize("index", [0, 1, 2], ids=["en", "ru", "kk"])
def test_the_protocols_line_agrees_with_its_counts(
    run,
    case_dir: Path,
    kept: int,
    stations: int,
    index: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = case_dir / "protocols.csv"
    rows = read_rows(table)[:kept]
    assert len({row["station"] for row in rows}) == stations  # the table as the case needs
    write_rows(table, rows)
    monkeypatch.setenv("APPEAL_LANG", ("en", "ru", "kk")[index])
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[4]
    assert line.split(":", 1)[1].strip() == EXPECTED[(kept, stations)][index].format(file=table)
