"""Spelling of the Kazakh letters beyond the example's main one: the crime reports to the
anti-corruption agency and the police (letters of their own beside the example's), a complaint
to the Central Election Commission and a claim to a court, each built as the user gets it
(PDF and DOCX, the attachments headed for the letter too). Every word is known to hunspell-kk or
listed, with its source, in tests/spelling-allowlist.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import EXAMPLE, edit_case
from election_appeal import api
from test_spelling import docx_text, pdf_text, unknown_words, words_of_case

# Every test reads letters laid out by the module's fixture.
pytestmark = pytest.mark.slow

TEXT = {"pdf": pdf_text, "docx": docx_text}


def _commission(folder: Path) -> None:
    """The example as a complaint to the CEC, on time: dated 18 January 2021, the maslikhat's
    result decided on the 11th by the city's commission (named in both languages)."""

    def change(d: dict) -> None:
        d["appeal"]["date"] = "2021-01-18"
        d["contests"][1].update(
            source_date="2021-01-11",
            decided_by={
                "ru": "Территориальная избирательная комиссия города Алматы",
                "kk": "Алматы қаласы аумақтық сайлау комиссиясы",
            },
        )
        d["addressees"] = [{"id": "central_election_commission", "role": "to"}]

    edit_case(folder, change)


# The letter's file stem and how the case is changed to write it.
LETTERS = {
    "agency": ("appeal--anticorruption_almaty", None),
    "police": ("appeal--police_almaty", None),
    "commission": ("appeal", _commission),
    "court": ("appeal", to_the_court),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, bytes], Path]]:
    """The Kazakh documents of each case, PDF and DOCX, with the case's folder."""
    cases: dict[str, tuple[dict[str, bytes], Path]] = {}
    example = None
    for name, (_stem, change) in LETTERS.items():
        if change is None and example is not None:
            cases[name] = example
            continue
        folder = tmp_path_factory.mktemp(name) / "case"
        shutil.copytree(EXAMPLE, folder)
        if change is not None:
            change(folder)
        files = dict(api.render(folder, formats=("pdf", "docx"), language="kk"))
        cases[name] = (files, folder)
        if change is None:
            example = cases[name]
    return cases


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("letter", list(LETTERS))
def test_every_word_of_the_kazakh_letter_and_its_attachments_is_known(
    built: dict[str, tuple[dict[str, bytes], Path]], letter: str, kind: str
) -> None:
    files, folder = built[letter]
    stem = LETTERS[letter][0]
    suffix = stem[len("appeal") :]
    attachments = [n for n in files if n.startswith("attachment") and n.endswith(f".kk.{kind}")]
    # A letter's own attachments, else those it shares (a crime report's are the prosecutor's).
    own = [n for n in attachments if suffix and suffix in n]
    names = [f"{stem}.kk.{kind}", *(own or [n for n in attachments if "--" not in n])]
    assert len(names) == 3, sorted(files)  # the letter and the tool's two attachments
    case_words = words_of_case(folder)
    unknown = {name: unknown_words(TEXT[kind](files[name]), "kk", case_words) for name in names}
    assert unknown == {name: [] for name in names}


def test_the_letters_are_those_asked_for(built: dict[str, tuple[dict[str, bytes], Path]]) -> None:
    """Each case writes the letter this test reads: its addressee or its instrument."""
    expected = {
        "agency": "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Алматы қаласы бойынша",
        "police": "Алматы қаласы Полиция департаменті",
        "commission": "ШАҒЫМ",
        "court": "ӘКІМШІЛІК ТАЛАП ҚОЮ",
    }
    for letter, (stem, _change) in LETTERS.items():
        files, _folder = built[letter]
        assert expected[letter] in docx_text(files[f"{stem}.kk.docx"]), letter
