"""The signature line as laid out on the page: the date stays whole on one line and no word of
the date, the place or the name is hyphenated, whatever the length of the name beside it
(a citizen's Kazakh letter broke the month: «2026 жылғы 7 қыркүйе- / к»)."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from conftest import ROOT
from election_appeal.render.env import make_environment, render_template

pytestmark = pytest.mark.slow  # lays out a page

SIGNED = datetime.date(2026, 9, 7)
DATE = {"kk": "2026 жылғы 7 қыркүйек", "ru": "7 сентября 2026 г."}
NAMES = (
    "Сейітова Гүлнар Маратқызы",
    "Константинопольская-Краснопресненская Александра Вячеславовна",
)


def _lines(language: str, name: str, place: str, folder: Path) -> list[str]:
    env = make_environment(None, language)
    context = {
        "appeal": SimpleNamespace(date=SIGNED, place=place),
        "applicant": SimpleNamespace(full_name=name),
    }
    signature = render_template(env, "signature.html.j2", context)
    css = (ROOT / "templates" / "style.css").read_text(encoding="utf-8")
    page = (
        f'<html lang="{language}"><head><style>{css}</style></head><body>{signature}</body></html>'
    )
    data = HTML(string=page, base_url=str(folder)).write_pdf()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text(extraction_mode="layout")
    return [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("name", NAMES)
def test_the_date_of_the_signature_stays_on_one_line(
    tmp_path: Path, language: str, name: str
) -> None:
    lines = _lines(language, name, "Нұр-Сұлтан қаласының Есіл ауданы", tmp_path)
    assert any(line.startswith(DATE[language]) for line in lines), lines
    # No word of the signature is cut by hyphenation (WeasyPrint's inserted hyphen is U+2010;
    # a name's own hyphen, "-", may end a line).
    assert not any(line.endswith(("\u2010", "\u00ad")) for line in lines), lines
    words = re.split(r"[\s-]+", " ".join(lines))
    for word in re.split(r"[\s-]+", name):
        assert word in words, (word, lines)
