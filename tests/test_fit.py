"""Documents fit the page whatever the data: national-scale numbers and long names never push a
word over a margin, in the PDF or in the DOCX as LibreOffice lays it out."""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import EXAMPLE, edit_case
from election_appeal import api
from election_appeal.case.protocols import DESCRIPTIVE_COLUMNS, LINE_COLUMNS

MM = 72 / 25.4
# The margins of every document (style.css, docx_parts.py): left 30, right 10, top/bottom 20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 10 * MM, 20 * MM, 20 * MM
TOLERANCE = 1.0  # pt
# A word's box runs from the font's ascent to its descent (higher still with an accent, as in
# "T̂"), beyond the glyphs: LibreOffice sets a page's first and last lines a little closer to
# the margins than WeasyPrint does.
LINE_BOX = 3.0  # pt
NUMERIC = set(LINE_COLUMNS)
LONG_DISTRICTS = {
    "Бостандыкский": "Бостандыкский административный район имени Героя Советского Союза",
    "Наурызбайский": "Наурызбайскийрайонныйокруг",
}
LONG_PARTY = "Общенациональная социал-демократическая партия Казахстана «Жалпыұлттық»"


def _variation(folder: Path, scale: int, long_names: bool) -> None:
    """The example with every count multiplied by `scale` (the same proportions, the same
    control ratios) and, if asked, long district and party names."""
    path = folder / "protocols.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parties = [c for c in rows[0] if c not in NUMERIC and c not in DESCRIPTIVE_COLUMNS]
    for row in rows:
        for column in [*NUMERIC, *parties]:
            if row[column]:
                row[column] = str(int(row[column]) * scale)
        if long_names:
            row["district"] = LONG_DISTRICTS.get(row["district"], row["district"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    def scaled(case: dict) -> None:
        case["illustrative"] = False  # no watermark: its letters lie across the margins
        for contest in case["contests"]:
            contest["votes"] = {p: v * scale for p, v in contest["votes"].items()}
            for key in ("voters_on_list", "ballots_issued", "turnout", "invalid"):
                if contest.get(key) is not None:
                    contest[key] *= scale
        if long_names:
            case["parties"][2]["name"] = LONG_PARTY
            case["parties"][2]["short_name"] = "«Жалпыұлттықсоциал-демократиялық»"

    edit_case(folder, scaled)


def _outside(pdf: Path) -> list[str]:
    """The words of a PDF that lie beyond a margin, but the page number in the bottom one."""
    run = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    root = etree.fromstring(run.stdout, etree.HTMLParser(encoding="utf-8"))
    outside = []
    for number, page in enumerate(root.iter("page"), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter("word"):
            x0, y0, x1, y1 = (float(word.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            footer = y0 > height - BOTTOM and (word.text or "").isdigit()
            inside = (
                x0 >= LEFT - TOLERANCE
                and x1 <= width - RIGHT + TOLERANCE
                and y0 >= TOP - LINE_BOX
                and y1 <= height - BOTTOM + LINE_BOX
            )
            if not inside and not footer:
                outside.append(
                    f"{pdf.name} p. {number}: {word.text} ({x0:.0f}–{x1:.0f}, {y0:.0f}–{y1:.0f})"
                )
    return outside


def _outside_margins(scale: int, long_names: bool, language: str) -> list[str]:
    """The words beyond a margin in the example's documents built with `scale` and long names,
    in `language`: the PDFs WeasyPrint lays out and the DOCX files as LibreOffice lays them out."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "case"
        shutil.copytree(EXAMPLE, folder)
        _variation(folder, scale, long_names)
        # One letter, to the police: its attachments carry the longest heading («… к заявлению
        # об уголовном правонарушении от …»).
        edit_case(folder, lambda d: d.update(addressees=[{"id": "police_almaty", "role": "to"}]))
        out = Path(temporary) / "out"
        out.mkdir()
        files = api.render(folder, formats=("pdf", "docx"), language=language)
        for name, data in files.items():
            (out / name).write_bytes(data)
        docx = sorted(out.glob("*.docx"))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{temporary}/lo",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out / "lo"),
                *map(str, docx),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        pdfs = [p for p in out.glob("*.pdf") if not p.name.startswith("appeal-bundle")]
        assert len(pdfs) == len(docx) == 3
        assert len(list((out / "lo").glob("*.pdf"))) == 3
        return [w for pdf in [*pdfs, *(out / "lo").glob("*.pdf")] for w in _outside(pdf)]


NO_LIBREOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed"
)


@NO_LIBREOFFICE
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scale=st.sampled_from([1, 100, 1_000]),
    long_names=st.booleans(),
    language=st.sampled_from(["ru", "kk"]),
)
def test_every_word_lies_inside_the_margins(scale: int, long_names: bool, language: str) -> None:
    assert _outside_margins(scale, long_names, language) == []


@NO_LIBREOFFICE
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_national_figures_fit_in_every_language(language: str) -> None:
    """Figures ×1000 with long names, in each language (the Kazakh attachment 2 once printed
    13 words past the margin where the Russian one printed none)."""
    assert _outside_margins(1_000, True, language) == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_attachment_keeps_names_whole_and_many_rows_a_page(language: str) -> None:
    name = "attachment-1-protocols.pdf" if language == "ru" else "attachment-1-protocols.kk.pdf"
    pdf = api.render(EXAMPLE, formats=("pdf",), language=language)[name]
    run = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", "-", "-"], input=pdf, capture_output=True
    )
    words = run.stdout.decode().split()
    districts = DISTRICTS[language]
    # A full page of 8 pt rows, three a station, one line each (the district is named in the
    # first): 13 stations; a district is never broken across two lines ("Бостандыкски|й").
    # Counted in words: the watermark's letters break the lines of pdftotext's layout.
    assert len([w for w in words if w in districts]) >= 13
    assert words.count("±") >= 13
    broken = [w for w in words if w not in districts and any(d.startswith(w) for d in districts)]
    assert [w for w in broken if len(w) >= 4] == []


# The districts' names (in Kazakh the first word of «Әуезов ауданы», as case.yaml words them).
DISTRICTS = {
    "ru": {
        "Алатауский",
        "Алмалинский",
        "Ауэзовский",
        "Бостандыкский",
        "Жетысуский",
        "Медеуский",
        "Наурызбайский",
        "Турксибский",
    },
    "kk": {"Алатау", "Алмалы", "Әуезов", "Бостандық", "Жетісу", "Медеу", "Наурызбай", "Түрксіб"},
}
