"""What the numbers say, in words (analysis/in_words.py): the facts checked against figures
added up by hand from case.yaml and protocols.csv, their edges, and the sentences in the
documents only when the facts hold."""

from __future__ import annotations

import io
import re
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, edit_case, read_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.analysis.in_words import StationGap, VoteShift, vote_shift
from election_appeal.analysis.results import Comparison, PartyComparison
from election_appeal.case import load_case

MINUS = "\u2212"


def _comparison(pairs: list[tuple[int, int]]) -> Comparison:
    rows = [
        PartyComparison(f"p{i}", a, Fraction(0), b, Fraction(0), b - a)
        for i, (a, b) in enumerate(pairs)
    ]
    return Comparison("first", "second", rows, [])


def test_the_example_votes_barely_change_while_votes_move() -> None:
    # case.yaml by hand: mazhilis 43 337 + 178 461 + 31 802 + 48 887 + 18 835 = 321 322;
    # maslikhat 23 388 + 218 003 + 24 591 + 32 367 + 21 733 = 320 082. Gained: Nur Otan
    # 39 542, ADAL 2 898 = 42 440; lost: НПК 19 949, Ауыл 7 211, Ак жол 16 520 = 43 680.
    shift = analyse(load_case(EXAMPLE)).shift
    assert shift == VoteShift(321_322, 320_082, 42_440, 43_680)
    assert shift.net == -1_240 and shift.barely_changes  # 1 240 ≤ 4 244


@pytest.mark.parametrize(
    ("pairs", "holds"),
    [
        ([(100, 200), (200, 110)], False),  # +100, −90: net +10 more than a tenth of 90
        ([(0, 100), (110, 0)], True),  # +100, −110: net −10 = a tenth of 100
        ([(0, 100), (111, 0)], False),  # net −11 > 10
        ([(0, 100), (0, 5)], False),  # nothing lost: no votes moved
        ([(5, 5), (7, 7)], False),  # nothing changed
    ],
)
def test_barely_changes_at_its_edge(pairs: list[tuple[int, int]], holds: bool) -> None:
    shift = vote_shift(_comparison(pairs))
    gained = sum(b - a for a, b in pairs if b > a)
    lost = sum(a - b for a, b in pairs if a > b)
    assert (shift.gained, shift.lost) == (gained, lost)
    tenth = 10 * abs(gained - lost) <= min(gained, lost)
    assert shift.barely_changes == (gained > 0 and lost > 0 and tenth)
    assert shift.barely_changes == holds


def test_the_example_stations_without_copies_would_need_far_more() -> None:
    # By hand from protocols.csv: Σd of Nur Otan (maslikhat − mazhilis) over the stations with
    # both copies, and their number; D = 218 003 − 178 461 = 39 542 (the largest |D|); N = 581.
    copies: dict[str, dict[str, int]] = {}
    for r in read_rows(EXAMPLE / "protocols.csv"):
        copies.setdefault(r["station"], {})[r["contest"]] = int(r["nur_otan"])
    both = [c for c in copies.values() if len(c) == 2]
    total = sum(c["maslikhat"] - c["mazhilis"] for c in both)
    gap = analyse(load_case(EXAMPLE)).station_gap
    assert gap is not None and gap.party == "nur_otan"
    assert (gap.official, gap.stations, gap.unobserved) == (39_542, len(both), 581 - len(both))
    assert gap.observed_sum == total
    assert gap.observed_mean == Fraction(total, len(both))
    assert gap.required_mean == Fraction(39_542 - total, 581 - len(both))
    assert gap.needs_more  # about +76.6 a station against about +1.5


def _gap(official: int, observed: Fraction, required: Fraction) -> StationGap:
    return StationGap("p", official, 10, 90, 0, observed, required)


@pytest.mark.parametrize(
    ("official", "observed", "required", "needs_more"),
    [
        (100, Fraction(1), Fraction(3), True),  # 3 > 2 · 1
        (100, Fraction(1), Fraction(2), False),  # exactly twice is not more than twice
        (-100, Fraction(-1), Fraction(-3), True),  # in the direction of D: 3 > 2
        (-100, Fraction(1), Fraction(-5), True),  # the copies show the other way
        (-100, Fraction(-1), Fraction(1), False),  # nothing more is needed in D's direction
        (100, Fraction(0), Fraction(1, 3), True),  # the copies show no difference at all
    ],
)
def test_needs_more_at_its_edge(official, observed, required, needs_more) -> None:
    assert _gap(official, observed, required).needs_more is needs_more


def test_no_station_gap_when_every_station_has_copies(tmp_path: Path) -> None:
    import shutil

    from conftest import EXAMPLE as example

    folder = tmp_path / "case"
    shutil.copytree(example, folder)
    stations = {r["station"] for r in read_rows(folder / "protocols.csv")}
    edit_case(folder, lambda d: d["election"].update(stations=len(stations)))
    assert analyse(load_case(folder)).station_gap is None


def _docx_text(data: bytes) -> str:
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", re.sub("\u2010\n", "", out.stdout).replace("\u00a0", " "))


SENTENCES = {
    "ru": (
        "Общее число голосов, поданных за партии, в двух голосованиях почти не различается: "
        f"321 322 по итогам выборов депутатов Мажилиса Парламента Республики Казахстан и "
        f"320 082 по итогам выборов депутатов маслихата города Алматы (разница {MINUS}1 240). "
        "При этом одни партии получили во втором голосовании в сумме на 42 440 голосов "
        "больше, а другие — на 43 680 голосов меньше.",
        # (39 542 − 96) / 515 = 76.59…; 96 / 66 = 1.45…
        "Чтобы официальная разница у «Nur Otan» (+39 542) сложилась из итогов участков, на "
        "515 участках без копий протоколов разница должна составлять в среднем +76,6 голоса на "
        "участок, тогда как на 66 участках с копиями она составляет в среднем +1,5 голоса на "
        "участок",
    ),
    "kk": (
        "Партияларға берілген дауыстардың жалпы саны екі дауыс беруде дерлік бірдей: "
        # The contests by their full titles in the genitive, as the Russian names them.
        "Қазақстан Республикасы Парламенті Мәжілісінің депутаттарын сайлаудың қорытындылары "
        "бойынша 321 322, Алматы қаласы мәслихатының депутаттарын сайлаудың "
        f"қорытындылары бойынша 320 082 (айырма {MINUS}1 240). Алайда екінші дауыс беруде кейбір "
        "партиялар жиынтығында 42 440 дауыс артық, ал басқалары 43 680 дауыс кем алды.",
        "«Nur Otan» партиясының ресми айырмасы (+39 542) учаскелердің қорытындыларынан құралуы "
        "үшін хаттамаларының көшірмелері жоқ 515 учаскеде учаскеге шаққандағы орташа айырма "
        "+76,6 дауыс болуы керек, ал көшірмелері бар 66 учаскеде ол +1,5 дауыс",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_sentences_in_the_documents(tmp_path: Path, language: str) -> None:
    # The figures of the sentences: 66 stations with both copies and Σd = 96 by hand.
    copies: dict[str, dict[str, int]] = {}
    for r in read_rows(EXAMPLE / "protocols.csv"):
        copies.setdefault(r["station"], {})[r["contest"]] = int(r["nur_otan"])
    both = [c for c in copies.values() if len(c) == 2]
    assert (len(both), sum(c["maslikhat"] - c["mazhilis"] for c in both)) == (66, 96)
    documents = api.render(EXAMPLE, language=language, formats=["pdf", "docx"])
    suffix = "" if language == "ru" else f".{language}"
    texts = [
        _pdf_text(documents[f"appeal{suffix}.pdf"], tmp_path),
        _docx_text(documents[f"appeal{suffix}.docx"]),
    ]
    for text in texts:
        for sentence in SENTENCES[language]:
            assert text.count(sentence) == 1, sentence


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_sentence_when_the_facts_do_not_hold(tmp_path: Path, language: str) -> None:
    """The maslikhat's Nur Otan 50 000 votes higher: the total changes by 48 760, far more than
    a tenth of what moved; and every station with copies: nothing is unobserved."""
    import shutil

    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    stations = {r["station"] for r in read_rows(folder / "protocols.csv")}

    def change(d: dict) -> None:
        d["contests"][1]["votes"]["nur_otan"] += 50_000
        d["election"]["stations"] = len(stations)

    edit_case(folder, change)
    documents = api.render(folder, language=language, formats=["docx"])
    suffix = "" if language == "ru" else f".{language}"
    text = _docx_text(documents[f"appeal{suffix}.docx"])
    for sentence in SENTENCES[language]:
        assert sentence[:40] not in text
