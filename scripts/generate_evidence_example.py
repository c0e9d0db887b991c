"""Write tests/data/evidence-example/: an ILLUSTRATIVE case with official station results and
the protocol copies themselves.

It is the filled example the README points to for `official_results` and the copies folder:

- case.yaml: the Almaty example's settings, with `official_results` and `copies` added;
- protocols.csv: three stations of the Almaty example (12, 13, 47), both contests;
- official.csv: the same rows as an "official" summary table would give them, with two planted
  differences (station 12, Mazhilis, «Nur Otan» +38 in the official figure; station 47,
  maslikhat, invalid ballots −2), so the comparison has something to find;
- copies/: three generated pictures, not photos of anything real — 12_mazhilis.jpg (a phone
  photo lying on its side: EXIF orientation 6, with a made-up GPS position and camera serial
  that the attachment must strip), 12_maslikhat.png (a scan with transparency) and
  13_mazhilis.jpg — and copies.csv, who received them.

Run `python scripts/generate_evidence_example.py`; the same files come out every time (for one
Pillow version).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "almaty-2021"
TARGET = ROOT / "tests" / "data" / "evidence-example"
STATIONS = ("12", "13", "47")
# (station, contest, column) → added to the official figure.
PLANTED = {("12", "mazhilis", "nur_otan"): 38, ("47", "maslikhat", "invalid"): -2}
OFFICIAL_SOURCE = (
    "Сводная таблица итогов голосования по участкам Территориальной избирательной комиссии "
    "города Алматы от 11 января 2021 года (ИЛЛЮСТРАЦИЯ: цифры составлены для примера)"
)
# EXIF tags: Orientation, Make, Model, BodySerialNumber, GPS IFD.
ORIENTATION, MAKE, MODEL, SERIAL, GPS = 0x0112, 0x010F, 0x0110, 0xA431, 0x8825


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with (SOURCE / "protocols.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["station"] in STATIONS]
        return list(reader.fieldnames or []), rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _case() -> str:
    case = yaml.safe_load((SOURCE / "case.yaml").read_text(encoding="utf-8"))
    case["official_results"] = {"file": "official.csv", "source": OFFICIAL_SOURCE}
    case["copies"] = {"folder": "copies"}
    head = (
        "# ILLUSTRATIVE: written by scripts/generate_evidence_example.py. The Almaty example's\n"
        "# settings, three of its made-up stations, an official table with two planted\n"
        "# differences and generated pictures standing for the copies. Never to be filed.\n"
    )
    return head + yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)


def _form(station: str, contest: str, row: dict[str, str], size: tuple[int, int]) -> Image.Image:
    """A page standing for a protocol copy: a red band on top (to see which way is up), the
    station, the contest and the figures, and ILLUSTRATIVE across it."""
    page = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(page)
    width, height = size
    draw.rectangle((0, 0, width, height // 10), fill=(200, 30, 30))
    draw.rectangle((0, height - height // 20, width, height), fill=(30, 30, 200))
    font = ImageFont.load_default(size=max(24, width // 30))
    lines = [
        "ILLUSTRATIVE - NOT A REAL PROTOCOL",
        f"station {station}, {contest}",
        *(f"{column}: {value}" for column, value in row.items() if value.isascii()),
    ]
    y = height // 10 + 20
    for line in lines:
        draw.text((40, y), line, fill="black", font=font)
        y += max(28, width // 24)
    return page


def _photo(page: Image.Image) -> tuple[Image.Image, Image.Exif]:
    """The page as a phone stores a photo taken sideways: turned a quarter to the left, with
    EXIF orientation 6 (turn right to view), a GPS position and a camera serial."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "ExampleCam"
    exif[MODEL] = "EC-1"
    exif[SERIAL] = "SERIAL-0000-EXAMPLE"
    exif[GPS] = {1: "N", 2: (43.0, 14.0, 20.0), 3: "E", 4: (76.0, 53.0, 40.0)}
    return page.transpose(Image.Transpose.ROTATE_90), exif


def main() -> int:
    header, rows = _rows()
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "case.yaml").write_text(_case(), encoding="utf-8")
    _write(TARGET / "protocols.csv", header, rows)
    official = []
    for row in rows:
        changed = dict(row, source="")
        for (station, contest, column), delta in PLANTED.items():
            if (row["station"], row["contest"]) == (station, contest):
                changed[column] = str(int(row[column]) + delta)
        official.append(changed)
    _write(TARGET / "official.csv", header, official)
    copies = TARGET / "copies"
    copies.mkdir(exist_ok=True)
    by_key = {(r["station"], r["contest"]): r for r in rows}
    photo, exif = _photo(_form("12", "mazhilis", by_key[("12", "mazhilis")], (1200, 1700)))
    photo.save(copies / "12_mazhilis.jpg", quality=80, exif=exif, comment=b"taken by observer")
    scan = _form("12", "maslikhat", by_key[("12", "maslikhat")], (1240, 1754)).convert("RGBA")
    scan.putpixel((0, 0), (255, 255, 255, 0))
    scan.save(copies / "12_maslikhat.png")
    plain = _form("13", "mazhilis", by_key[("13", "mazhilis")], (1000, 1400))
    plain.save(copies / "13_mazhilis.jpg", quality=80)
    provenance = [
        {
            "station": "12",
            "contest": "mazhilis",
            "received_by": "Наблюдатель 1 (ИЛЛЮСТРАЦИЯ)",
            "received_on": "10.01.2021 23:40",
            "received_from": "секретарь УИК",
            "signed": "да",
            "stamped": "да",
        },
        {
            "station": "12",
            "contest": "maslikhat",
            "received_by": "Наблюдатель 1 (ИЛЛЮСТРАЦИЯ)",
            "received_on": "10.01.2021 23:45",
            "received_from": "секретарь УИК",
            "signed": "да",
            "stamped": "нет",
        },
        {
            "station": "13",
            "contest": "mazhilis",
            "received_by": "Наблюдатель 2 (ИЛЛЮСТРАЦИЯ)",
            "received_on": "11.01.2021",
            "received_from": "",
            "signed": "",
            "stamped": "",
        },
    ]
    _write(copies / "copies.csv", list(provenance[0]), provenance)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
