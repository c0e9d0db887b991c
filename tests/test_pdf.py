"""The attachment's long table drawn directly gives the PDF WeasyPrint gives, as a reader and a
filing system read it: the same text on the same pages, fonts embedded, PDF/A identified."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, read_rows, write_rows
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render import weasy_layout
from election_appeal.render.context import attachment_context
from election_appeal.render.env import make_environment, render_template
from election_appeal.render.grid_pdf import NotDrawn, render_protocol_table_pdf
from election_appeal.render.pdf import RenderedPdf, render_pdf

pytestmark = pytest.mark.slow  # every test here lays out a long table with WeasyPrint

EPOCH = 1617580800  # 2021-04-05
# The example's 66 stations and their copies under other numbers: 150 stations, each a group
# of three rows (the contests and their difference), on more than ten pages.
STATIONS = 150


def long_case(folder: Path, stations: int = STATIONS) -> Path:
    """The example with its stations repeated, under new numbers, up to `stations`."""
    target = folder / "case"
    shutil.copytree(EXAMPLE, target)
    rows = read_rows(target / "protocols.csv")
    per_station = 2
    copies = []
    for n in range(stations):
        for row in rows[(n % 66) * per_station : (n % 66 + 1) * per_station]:
            copies.append({**row, "station": str(int(row["station"]) + 1000 * (n // 66))})
    write_rows(target / "protocols.csv", copies)
    return target


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    data = load_case(long_case(tmp_path_factory.mktemp("case")))
    moment = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
    env = make_environment(None, data.case.language)
    return render_template(
        env, "attachment-protocols.html.j2", attachment_context(data, analyse(data), moment)
    )


@pytest.fixture(scope="module")
def both(html: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    drawn = render_protocol_table_pdf(html, EPOCH)
    assert isinstance(drawn, RenderedPdf)
    laid_out = render_pdf(html, EPOCH)
    assert drawn.pages == laid_out.pages == len(PdfReader(io.BytesIO(drawn.data)).pages)
    (folder / "drawn.pdf").write_bytes(drawn.data)
    (folder / "weasyprint.pdf").write_bytes(laid_out.data)
    return folder / "drawn.pdf", folder / "weasyprint.pdf"


def _text(path: Path, *options: str) -> str:
    run = subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    )
    return run.stdout


def _words(path: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    """Every word pdftotext finds: its page, text and box."""
    found, page = [], 0
    for line in _text(path, "-bbox").splitlines():
        page += "<page " in line
        word = re.search(r'xMin="(.*)" yMin="(.*)" xMax="(.*)" yMax="(.*)">(.*)</word>', line)
        if word:
            found.append((page, word[5], tuple(float(v) for v in word.groups()[:4])))
    return found


def test_the_same_words_in_the_same_places_on_the_same_pages(both: tuple[Path, Path]) -> None:
    drawn, laid_out = both
    mine, theirs = _words(drawn), _words(laid_out)
    assert [(p, w) for p, w, _ in mine] == [(p, w) for p, w, _ in theirs]
    # Within 0.05 pt: WeasyPrint rounds glyph advances a little differently.
    boxes = zip([box for _, _, box in mine], [box for _, _, box in theirs], strict=True)
    worst = max(abs(a - b) for x, y in boxes for a, b in zip(x, y, strict=True))
    assert worst < 0.05
    assert _text(drawn, "-layout") == _text(laid_out, "-layout")
    # In reading order, the words too (pdftotext groups blocks by drawing order, which differs).
    assert _text(drawn).split() == _text(laid_out).split()


def test_pages_are_numbered_through(both: tuple[Path, Path]) -> None:
    drawn, _ = both
    pages = _text(drawn, "-layout").split("\f")[:-1]
    assert len(pages) > 10
    assert [page.split()[-1] for page in pages] == [str(n) for n in range(1, len(pages) + 1)]
    totals = [len(re.findall(r"^Итого ", page, re.M)) for page in pages]
    assert totals == [0] * (len(pages) - 1) + [1]


# A body row in pdftotext's layout: its contest ("Мажилис", "Маслихат") or "±", then a figure.
BODY_ROW = re.compile(r"^(\S*).*?\s(Мажилис|Маслихат|±)\s+[−+]?\d", re.M)


def test_the_long_table_is_drawn(html: str) -> None:
    assert html.count("<tbody>") == STATIONS
    assert isinstance(render_protocol_table_pdf(html, EPOCH), RenderedPdf)


def test_a_station_block_is_never_split_across_pages(both: tuple[Path, Path]) -> None:
    # The page holds 40 rows, not a multiple of a block's 3: without the row groups kept
    # whole, every following page would start inside a block.
    for path in both:
        pages = _text(path, "-layout").split("\f")[:-1]
        firsts = [BODY_ROW.search(page) for page in pages]
        assert all(m is not None for m in firsts)
        assert [m[2] for m in firsts if m] == ["Мажилис"] * len(pages)
        assert all(m[1].isdigit() for m in firsts if m)
        # The totals keep with the last station: its three rows stand above them.
        last = [m[2] for m in BODY_ROW.finditer(pages[-1])]
        assert last[-6:] == ["Мажилис", "Маслихат", "±"] * 2
        assert re.findall(r"^(\S+).*?\sМажилис\s", pages[-1], re.M)[-2:] == ["2170", "Итого"]


def test_every_font_is_embedded_and_the_file_says_pdf_a_2b(both: tuple[Path, Path]) -> None:
    drawn, _ = both
    fonts = subprocess.run(
        ["pdffonts", str(drawn)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(fonts) == 4  # regular and bold, of the template's text and of the drawn rows
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts)  # emb sub uni
    assert all("LiberationSerif" in line.replace("-", "") for line in fonts)
    reader = PdfReader(drawn)
    root = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(?:>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")B", xmp)


def test_two_renders_are_byte_identical(html: str, both: tuple[Path, Path]) -> None:
    drawn, _ = both
    again = render_protocol_table_pdf(html, EPOCH)
    assert isinstance(again, RenderedPdf) and again.data == drawn.read_bytes()


def test_a_table_it_cannot_draw_exactly_is_left_to_weasyprint(html: str) -> None:
    formatted = html.replace(">Итого</td>", "><strong>Итого</strong></td>", 1)
    formatted = re.sub(r"<td>(\d+)</td>", r"<td><em>\1</em></td>", formatted, count=1)
    assert render_protocol_table_pdf(formatted, EPOCH) == NotDrawn()  # no warning: by design


@pytest.mark.parametrize(
    "rule",
    [
        "td { hyphens: auto; }",
        "td { letter-spacing: 0.5pt; }",
        "td.num { text-align: center; }",
        "table.fixed > tbody { break-inside: auto; }",
    ],
)
def test_a_style_it_does_not_reproduce_is_left_to_weasyprint(html: str, rule: str) -> None:
    styled = html.replace("</head>", f"<style>{rule}</style></head>", 1)
    assert render_protocol_table_pdf(styled, EPOCH) == NotDrawn()  # no warning: by design


def test_a_character_the_font_lacks_leaves_the_table_to_weasyprint(html: str) -> None:
    # Far from the sample rows: WeasyPrint would draw this glyph from another font.
    last_district = html.rindex("<td>Турксибский</td>")
    lacking = html[:last_district] + "<td>Турксибский ☃</td>" + html[last_district + 20 :]
    assert render_protocol_table_pdf(lacking, EPOCH) == NotDrawn()  # no warning: by design


@pytest.mark.parametrize(
    "failure",
    [AttributeError("'PageBox' object has no attribute 'column_positions'"), KeyError("hyphens")],
)
def test_a_failure_reading_weasyprints_boxes_leaves_the_table_to_weasyprint_with_a_warning(
    html: str, monkeypatch, failure: Exception
) -> None:
    """As a WeasyPrint release that renamed what the drawing reads would make it fail."""

    def unreadable(box: object) -> None:
        raise failure

    monkeypatch.setattr(weasy_layout, "_page", unreadable)
    result = render_protocol_table_pdf(html, EPOCH)
    assert isinstance(result, NotDrawn)
    assert result.warning == (
        "attachment-protocols.html.j2: drawing the long table directly failed "
        f"(LayoutUnreadable: {type(failure).__name__}: {failure}); WeasyPrint laid it out "
        "instead, which takes longer"
    )
