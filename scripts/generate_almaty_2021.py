"""Write data/almaty-2021/protocols.csv: an ILLUSTRATIVE set of protocol copies.

The observers' real copies of the 66 Almaty protocols are not available to this project. This
script makes up a deterministic set that has the properties the reference appeal describes, so
the example case exercises every part of the tool:

- 66 stations of the city's 581, from all eight districts, closed stations among them;
- 50 / 10 / 4 / 2 stations by source (placeholder observer groups, not real organisations);
- 21 588 votes for parties in the first contest (the Mazhilis) in all;
- per-station, per-party differences between the contests (maslikhat − mazhilis) from −66 to
  +140, most of them small;
- every control ratio holding, except in two stations, on purpose.

Run it with `python scripts/generate_almaty_2021.py`; the same file comes out every time.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from election_appeal.case.protocols import DESCRIPTIVE_COLUMNS, LINE_COLUMNS

SEED = 20210110
STATIONS_IN_CITY = 581
TOTAL_FIRST_CONTEST = 21_588
PARTIES = ("npk", "nur_otan", "auyl", "ak_zhol", "adal")
# City-wide shares of the Mazhilis result, in per mille, used as the centre of each station.
CITY_SHARES = {"npk": 135, "nur_otan": 555, "auyl": 99, "ak_zhol": 152, "adal": 59}
DISTRICTS = (
    "Алатауский",
    "Алмалинский",
    "Ауэзовский",
    "Бостандыкский",
    "Жетысуский",
    "Медеуский",
    "Наурызбайский",
    "Турксибский",
)
SOURCES = (("Наблюдатели А", 50), ("Наблюдатели Б", 10), ("Наблюдатели В", 4), ("", 2))
CLOSED_STATIONS = 4
# (station index, contest, what is broken): the protocol copies that break a control ratio.
BROKEN = ((17, "maslikhat", "boxes"), (42, "mazhilis", "received"))
COLUMNS = (*DESCRIPTIVE_COLUMNS, *LINE_COLUMNS, *PARTIES)


def split_exactly(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to weights, the parts adding up to it exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def station_totals(rng: random.Random, kinds: list[str]) -> list[int]:
    """Votes for parties in the first contest at each station, adding up to the target total."""
    weights = [rng.uniform(0.25, 0.6) if k == "закрытый" else rng.uniform(0.7, 1.3) for k in kinds]
    return split_exactly(TOTAL_FIRST_CONTEST, weights)


def first_contest_votes(rng: random.Random, total: int) -> dict[str, int]:
    """One station's Mazhilis votes: the city's shares with local variation."""
    weights = [CITY_SHARES[p] * rng.uniform(0.75, 1.25) for p in PARTIES]
    return dict(zip(PARTIES, split_exactly(total, weights), strict=True))


def differences(rng: random.Random) -> dict[str, int]:
    """Maslikhat − Mazhilis at one station: mostly a few votes either way."""
    return {p: round(rng.gauss(0, 2.5)) + rng.choice((0, 0, 0, 1, -1)) for p in PARTIES}


def protocol_lines(rng: random.Random, votes: dict[str, int], voters: int) -> dict[str, int]:
    """The other lines of a protocol, consistent with its votes."""
    invalid = rng.randint(2, 12)
    in_boxes = sum(votes.values()) + invalid
    issued = in_boxes + rng.randint(0, 3)  # a voter may take a ballot away
    received = max(voters, issued + 20)
    return {
        "voters_on_list": voters,
        "ballots_received": received,
        "ballots_issued": issued,
        "ballots_cancelled": received - issued,
        "ballots_in_boxes": in_boxes,
        "invalid": invalid,
    }


def break_ratio(lines: dict[str, int], what: str) -> None:
    """Make one protocol copy inconsistent, as real copies sometimes are."""
    if what == "boxes":
        lines["ballots_in_boxes"] += 12  # in boxes ≠ invalid + votes for parties
    else:
        lines["ballots_cancelled"] -= 7  # received ≠ issued + cancelled


def assign(rng: random.Random, count: int) -> tuple[list[str], list[str], list[str]]:
    """Districts (each at least twice), kinds and sources for the sampled stations."""
    districts = [*DISTRICTS, *DISTRICTS] + [rng.choice(DISTRICTS) for _ in range(count - 16)]
    rng.shuffle(districts)
    kinds = ["закрытый"] * CLOSED_STATIONS + ["обычный"] * (count - CLOSED_STATIONS)
    rng.shuffle(kinds)
    sources = [name for name, n in SOURCES for _ in range(n)]
    rng.shuffle(sources)
    return districts, kinds, sources


def generate() -> list[dict[str, object]]:
    """All rows of the illustrative protocol table, two per station."""
    rng = random.Random(SEED)
    count = sum(n for _, n in SOURCES)
    numbers = sorted(rng.sample(range(1, STATIONS_IN_CITY + 1), count))
    districts, kinds, sources = assign(rng, count)
    totals = station_totals(rng, kinds)
    rows: list[dict[str, object]] = []
    for i, number in enumerate(numbers):
        first = first_contest_votes(rng, totals[i])
        diff = differences(rng)
        if i == 8:
            diff["nur_otan"] = 140  # the largest difference the appeal reports
        if i == 30:
            diff["nur_otan"] = -66  # the smallest
        second = {p: max(0, first[p] + diff[p]) for p in PARTIES}
        voters = round(sum(first.values()) / rng.uniform(0.3, 0.55))
        for contest, votes in (("mazhilis", first), ("maslikhat", second)):
            lines = protocol_lines(rng, votes, voters)
            for index, broken_contest, what in BROKEN:
                if (index, broken_contest) == (i, contest):
                    break_ratio(lines, what)
            row: dict[str, object] = {
                "station": number,
                "district": districts[i],
                "kind": kinds[i],
                "source": sources[i],
                "contest": contest,
                "against_all": "",
            }
            rows.append({**row, **lines, **votes})
    return rows


def main() -> None:
    """Write the table next to case.yaml."""
    target = Path(__file__).resolve().parents[1] / "data" / "almaty-2021" / "protocols.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(generate())
    sys.stdout.write(f"Wrote {target}\n")


if __name__ == "__main__":
    main()
