"""Russian typography of the built documents: no-break spaces, no line opening with a dash or an
operator, legible footnote calls, no words glued by a template (the spelling: test_spelling.py)."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest
from lxml import etree

from conftest import EXAMPLE, ROOT
from election_appeal import api
from election_appeal.render.formatting import typeset

NBSP = "\u00a0"
DOCUMENTS = ["appeal", "attachment-1-protocols", "attachment-2-statistics"]
LEFT = 30 / 25.4 * 72 + 40  # pt: the left margin (30 mm) and a paragraph's indent, with room


@pytest.fixture(scope="module")
def example() -> dict[str, bytes]:
    return dict(api.render(EXAMPLE, formats=("pdf", "docx")))


def test_no_break_spaces_where_russian_typesetting_wants_them() -> None:
    text = (
        "Постановление от 12 января 2021 г. № 60/395 и § 2 — в городе\nАлматы; "
        "разница (2 − 1) = 43 337 голосов, 13,49 % и 5 л.; "
        '<a href="a b">в ссылке</a>'
    )
    assert typeset(text) == (
        f"Постановление от 12 января 2021{NBSP}г. №{NBSP}60/395 и{NBSP}§{NBSP}2{NBSP}— "
        f"в{NBSP}городе\nАлматы; разница (2{NBSP}− 1){NBSP}= 43{NBSP}337 голосов, "
        f"13,49{NBSP}% и{NBSP}5{NBSP}л.; "
        f'<a href="a b">в{NBSP}ссылке</a>'
    )


def test_a_block_tag_at_a_line_end_never_glues_two_words() -> None:
    """trim_blocks removes the newline after a block tag: a tag ending a line of text must not
    be followed by a line of text, or the last word and the next one are glued together."""
    glued = []
    templates = ROOT / "templates"
    # The structures, and the phrasebooks of every language (ru/, kk/).
    for path in [*sorted(templates.glob("*.html.j2")), *sorted(templates.glob("*/*.j2"))]:
        source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        lines = source.split("\n")
        for number, (line, following) in enumerate(itertools.pairwise(lines), 1):
            before = re.sub(r"\{%.*?%\}", "", line.rstrip())
            ends_with_tag = re.search(r"(?<!\+)%\}$", line.rstrip())
            text_before = re.sub(r"<[^>]*>", "", before).strip()
            after = following.lstrip()
            text_after = after[:1] not in ("", "{", "<", "}") or after.startswith("{{")
            if ends_with_tag and text_before and text_after:
                glued.append(f"{path.relative_to(templates)}:{number}")
    assert glued == []


def _pdf_lines(data: bytes) -> list[list[tuple[str, float, float, float, float]]]:
    """The lines of a PDF as pdftotext sees them: words with their boxes."""
    run = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    root = etree.fromstring(run.stdout, etree.HTMLParser(encoding="utf-8"))
    return [
        [
            (w.text or "", *(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")))
            for w in line.iter("word")
        ]
        for line in root.iter("line")
    ]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_line_opens_with_a_dash_or_an_operator(example: dict[str, bytes], name: str) -> None:
    # Lines of running text, which start at the left margin or the paragraph's indent; a cell
    # further right may well open with a sign ("< 0,0001").
    openers = [
        line[0][0] for line in _pdf_lines(example[f"{name}.pdf"]) if line and line[0][1] < LEFT
    ]
    assert [w for w in openers if w in {"—", "–", "−", "=", "+", "×", "≠", "<", ">"}] == []


def test_a_footnote_call_is_raised_legible_and_apart_from_the_number(
    example: dict[str, bytes],
) -> None:
    words = [w for line in _pdf_lines(example["appeal.pdf"]) for w in line]
    at = next(i for i, w in enumerate(words) if w[0] == "60/395")
    number, call = words[at], words[at + 1]
    assert call[0] == "1"  # a word of its own: "60/395", then "1", never "60/3951"
    height, call_height = number[4] - number[2], call[4] - call[2]
    assert call_height >= 0.7 * height
    assert call[4] < number[4] - 0.2 * height  # its foot well above the line's


def test_no_block_tag_relies_on_a_trailing_space() -> None:
    """A space after a block tag at a line's end keeps two words apart only until an editor
    strips trailing spaces; `+%}` keeps the line break instead, which survives."""
    templates = ROOT / "templates"
    fragile = [
        f"{path.relative_to(templates)}:{number}"
        for path in [*sorted(templates.glob("*.html.j2")), *sorted(templates.glob("*/*.j2"))]
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
        if re.search(r"%\}[ \t]+$", line)
    ]
    assert fragile == []
