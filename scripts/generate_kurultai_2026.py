"""Write data/kurultai-2026/protocols.csv and official.csv: an ILLUSTRATIVE one-contest case.

A Kurultai-style national election (145 seats, party lists, one national district) held alone:
one contest, no second contest to compare it with. Nothing here is a real result: the parties
are «Партия А» … «Партия Д», the stations and their figures are made up, and so is the
"official" table. The script makes a deterministic set with what a one-contest appeal needs:

- 40 stations of the country's 10 000, from four made-up regions, closed stations among them,
  from two placeholder observer groups (25 and 15 stations);
- every copy consistent with the protocol's control ratios (with the line "against all");
- official.csv: the same stations as an official per-station table would give them, equal to
  the copies except at four stations, where the official figure was planted to differ:
  votes moved from «Партия Б» to «Партия А» (station index 3 and 27), invalid ballots turned
  into votes for «Партия А» (index 11), and votes moved from «Партия В» to «Партия А»
  (index 34). Each change keeps the official row's own ratios holding, as a changed result
  would.

Run it with `python scripts/generate_kurultai_2026.py` (or `make regenerate-kurultai`); the
same files come out every time.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from election_appeal.case.protocols import DESCRIPTIVE_COLUMNS, LINE_COLUMNS

SEED = 20260830
STATIONS_IN_COUNTRY = 10_000
PARTIES = ("party_a", "party_b", "party_v", "party_g", "party_d")
# National shares of the illustrative official result, in per mille: the centre of a station.
SHARES = {"party_a": 566, "party_b": 183, "party_v": 117, "party_g": 69, "party_d": 42}
AGAINST_ALL_PER_MILLE = 23
REGIONS = ("Регион А", "Регион Б", "Регион В", "Регион Г")
SOURCES = (("Наблюдатели А", 25), ("Наблюдатели Б", 15))
CLOSED_STATIONS = 3
# (station index, what the official row does): the planted differences, and the votes moved.
PLANTED = (
    (3, "party_b", 41),
    (11, "invalid", 9),
    (27, "party_b", 63),
    (34, "party_v", 28),
)
COLUMNS = (*DESCRIPTIVE_COLUMNS, *LINE_COLUMNS, *PARTIES)
CONTEST = "kurultai"


def split_exactly(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to weights, the parts adding up to it exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def station_votes(rng: random.Random, closed: bool) -> tuple[dict[str, int], int]:
    """One station's votes for the parties and against all."""
    cast = rng.randint(180, 420) if closed else rng.randint(600, 1400)
    weights = [SHARES[p] * rng.uniform(0.7, 1.3) for p in PARTIES]
    weights.append(AGAINST_ALL_PER_MILLE * rng.uniform(0.5, 1.5))
    *votes, against = split_exactly(cast, weights)
    return dict(zip(PARTIES, votes, strict=True)), against


def protocol_lines(rng: random.Random, votes: dict[str, int], against: int) -> dict[str, int]:
    """The other lines of a protocol, consistent with its votes."""
    invalid = rng.randint(10, 30)
    in_boxes = sum(votes.values()) + against + invalid
    issued = in_boxes + rng.randint(0, 3)  # a voter may take a ballot away
    voters = round(issued / rng.uniform(0.45, 0.75))
    received = voters
    return {
        "voters_on_list": voters,
        "ballots_received": received,
        "ballots_issued": issued,
        "ballots_cancelled": received - issued,
        "ballots_in_boxes": in_boxes,
        "invalid": invalid,
        "against_all": against,
    }


def plant(row: dict[str, object], taken_from: str, amount: int) -> dict[str, object]:
    """The official row of a station whose result was changed: `amount` votes for «Партия А»
    taken from a party or from the invalid ballots, every control ratio still holding."""
    official = dict(row)
    official[taken_from] = int(str(row[taken_from])) - amount
    official["party_a"] = int(str(row["party_a"])) + amount
    return official


def generate() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The rows of the copies and of the official table, one per station."""
    rng = random.Random(SEED)
    count = sum(n for _, n in SOURCES)
    numbers = sorted(rng.sample(range(1, STATIONS_IN_COUNTRY + 1), count))
    regions = [*REGIONS, *REGIONS] + [rng.choice(REGIONS) for _ in range(count - 2 * len(REGIONS))]
    rng.shuffle(regions)
    kinds = ["закрытый"] * CLOSED_STATIONS + ["обычный"] * (count - CLOSED_STATIONS)
    rng.shuffle(kinds)
    sources = [name for name, n in SOURCES for _ in range(n)]
    rng.shuffle(sources)
    planted = {index: (taken_from, amount) for index, taken_from, amount in PLANTED}
    copies: list[dict[str, object]] = []
    official: list[dict[str, object]] = []
    for i, number in enumerate(numbers):
        votes, against = station_votes(rng, kinds[i] == "закрытый")
        row: dict[str, object] = {
            "station": number,
            "district": regions[i],
            "kind": kinds[i],
            "source": sources[i],
            "contest": CONTEST,
            **protocol_lines(rng, votes, against),
            **votes,
        }
        copies.append(row)
        changed = plant(row, *planted[i]) if i in planted else dict(row)
        official.append({**changed, "source": ""})
    return copies, official


def write(path: Path, rows: list[dict[str, object]]) -> None:
    """One table in the columns of the protocol table."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sys.stdout.write(f"Wrote {path}\n")


def main() -> None:
    """Write both tables next to case.yaml."""
    folder = Path(__file__).resolve().parents[1] / "data" / "kurultai-2026"
    copies, official = generate()
    write(folder / "protocols.csv", copies)
    write(folder / "official.csv", official)


if __name__ == "__main__":
    main()
