"""Spelling of the built documents: every word of the example's Russian and Kazakh documents is
known to hunspell's dictionary of the document's language or listed in the one allowlist file;
a word the case itself gives (a party, a district, a source) may be in the other language."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document
from lxml import etree

from conftest import EXAMPLE, ROOT, edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry
from election_appeal.render.documents import Renderer
from test_kazakh import KK_REGISTER, KK_VARIATIONS
from test_wording import REGISTER, VARIATIONS, Variation

ALLOWLIST = ROOT / "tests" / "spelling-allowlist.txt"
DOCUMENTS = ["appeal", "attachment-1-protocols", "attachment-2-statistics"]
DICTIONARY = {"ru": "ru_RU", "kk": "kk_KZ"}
OTHER = {"ru": "kk", "kk": "ru"}
# The watermark's letters come out of the PDF one by one.
WATERMARK = {"ru": "ОБРАЗЕЦ", "kk": "ҮЛГІ"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A word: letters of Russian, Kazakh and English, joined by inner hyphens or apostrophes
# ("д’Ондт"). A Kazakh ending after a number or a sign ("3 %-ы", "4-кесте") is taken with its
# hyphen: "-ы", "-кесте".
WORD = re.compile(r"(?:(?<=[\d%])-)?[^\W\d_]+(?:[-’][^\W\d_]+)*")


def allowlist() -> dict[str, set[str]]:
    """The allowlist's words by section: "all" (any document), "ru", "kk"."""
    sections: dict[str, set[str]] = {"all": set(), "ru": set(), "kk": set()}
    section = "all"
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            assert section in sections, f"unknown section {line} in {ALLOWLIST.name}"
        elif line and not line.startswith("#"):
            sections[section].add(line)
    return sections


def words(text: str, watermark: str = "") -> set[str]:
    """The words of a text, without web and e-mail addresses and the watermark's single
    letters."""
    text = re.sub(r"https?://\S+|\S+@\S+", " ", text)
    return {w for w in WORD.findall(text) if not (len(w) == 1 and w in watermark)}


def _parts(word: str) -> list[str]:
    return word.lstrip("-").split("-")


def _allowed(word: str, allowed: set[str]) -> bool:
    # As hunspell does, a word listed in lower case is also known with a capital first letter.
    return word in allowed or word[:1].lower() + word[1:] in allowed


def rejected(found: Iterable[str], dictionary: str, allowed: set[str]) -> set[str]:
    """The words that neither the hunspell dictionary nor the allowed words know; a hyphenated
    word is known when it is allowed whole or when each of its parts is known."""
    found = set(found)
    parts = sorted({p for w in found for p in _parts(w)})
    # One part a line; -L prints the lines that have a word hunspell does not know, so a part
    # hunspell splits further ("д’Ондт") is still reported whole.
    run = subprocess.run(
        ["hunspell", "-d", dictionary, "-L"],
        input="\n".join(parts),
        capture_output=True,
        text=True,
        check=True,
    )
    unknown = {w for w in run.stdout.splitlines() if not _allowed(w, allowed)}
    return {w for w in found if not _allowed(w, allowed) and unknown.intersection(_parts(w))}


def unknown_words(text: str, language: str, case_words: set[str]) -> list[str]:
    """The words of a document in `language` that its dictionary and the allowlist do not know,
    except the case's own words that the other language's dictionary or allowlist knows."""
    allowed = allowlist()
    own = rejected(
        words(text, WATERMARK[language]), DICTIONARY[language], allowed["all"] | allowed[language]
    )
    other = OTHER[language]
    from_case = own & case_words
    foreign = from_case - rejected(from_case, DICTIONARY[other], allowed["all"] | allowed[other])
    return sorted(own - foreign)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def text_words(paths: Iterable[Path]) -> set[str]:
    """The words of the values in YAML and CSV files (keys and column names are not text)."""
    found: set[str] = set()
    for path in paths:
        content = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".csv":
            values = [cell for row in list(csv.reader(io.StringIO(content)))[1:] for cell in row]
        else:
            values = list(_strings(yaml.safe_load(content)))
        for word in words(" ".join(values)):
            found |= {word, *_parts(word)}
    return found


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext reads it, with words broken at a line's end joined."""
    run = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True)
    text = run.stdout.decode()
    # A word hyphenated at a line end (U+2010, as WeasyPrint marks it) is one word, also across
    # a page's end: its number and the watermark's letters, short lines, come in between.
    text = re.sub(r"(\w)\u2010\n(?:\f?(?:\d+|[А-ЯЁӘІҢҒҮҰҚӨҺ])?\n)*([^\W\d_])", r"\1\2", text)
    text = _joined_across_footnotes(text)
    # A compound broken at its own hyphen ("Народно-" / "демократическая") keeps the hyphen.
    return re.sub(r"(\w)-\n(\w)", r"\1-\2", text)


def _joined_across_footnotes(text: str) -> str:
    """A word hyphenated at a page's last line of text whose footnotes come before the next
    page: its head is that page's first word."""
    pages = text.split("\f")
    for index in range(len(pages) - 1):
        tail = re.search(r"(\w+)\u2010\n", pages[index])
        head = re.match(r"(?:(?:\d+|[А-ЯЁӘІҢҒҮҰҚӨҺ])?\n)*(\w+)", pages[index + 1])
        if tail and head:
            word = tail.group(1) + head.group(1)
            pages[index] = pages[index][: tail.start()] + word + "\n" + pages[index][tail.end() :]
            pages[index + 1] = pages[index + 1][: head.start(1)] + pages[index + 1][head.end(1) :]
    return "\f".join(pages)


def docx_text(data: bytes) -> str:
    """The text of a DOCX body and its footnotes, a paragraph a line; tabs and breaks part words."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    paragraphs = []
    for part in ("word/document.xml", "word/footnotes.xml"):
        if part not in archive.namelist():
            continue
        root = etree.fromstring(archive.read(part))
        for p in root.iter(f"{W}p"):
            pieces = p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")
            paragraphs.append("".join(e.text or "" if e.tag == f"{W}t" else " " for e in pieces))
    return "\n".join(paragraphs)


def html_text(page: str) -> str:
    """The text of a rendered HTML document: its title (the PDF's and the DOCX's title too)
    and its body, footnotes included."""
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S)
    body = page[page.index("<body") :]
    text = (title.group(1) if title else "") + "\n" + re.sub(r"<[^>]+>", " ", body)
    return html.unescape(text).replace("\u00ad", "")  # a soft hyphen is not a word's end


def words_of_case(folder: Path) -> set[str]:
    """The words a case folder gives: the text the user typed, in whichever language."""
    return text_words([*sorted(folder.glob("*.yaml")), *sorted(folder.glob("*.csv"))])


def xlsx_text(data: bytes) -> str:
    """The sheet names and the text cells of a workbook, a cell a line."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts += [cell for cell in row if isinstance(cell, str)]
    return "\n".join(texts)


TEXT = {"pdf": pdf_text, "docx": docx_text, "xlsx": xlsx_text}
FILES = [(d, kind) for d in DOCUMENTS for kind in ("pdf", "docx")] + [
    ("attachment-1-protocols", "xlsx")
]


@pytest.fixture(scope="module")
def case_words() -> set[str]:
    """The words the example case gives."""
    return words_of_case(EXAMPLE)


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, bytes]]:
    """The example's documents in Russian and in Kazakh, in every format."""
    return {
        language: dict(api.render(EXAMPLE, formats=("pdf", "docx", "xlsx"), language=language))
        for language in DICTIONARY
    }


def _file(document: str, language: str, kind: str) -> str:
    return f"{document}.{kind}" if language == "ru" else f"{document}.{language}.{kind}"


@pytest.mark.parametrize(("document", "kind"), FILES)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_word_is_in_the_dictionary_or_the_allowlist(
    built: dict[str, dict[str, bytes]],
    case_words: set[str],
    language: str,
    document: str,
    kind: str,
) -> None:
    data = built[language][_file(document, language, kind)]
    assert unknown_words(TEXT[kind](data), language, case_words) == []


@pytest.mark.parametrize(
    ("language", "word", "misspelt"),
    [("ru", "голосов", "галосов"), ("kk", "учаскелер", "учаскеллер")],
)
def test_a_misspelling_planted_in_a_built_document_is_reported(
    built: dict[str, dict[str, bytes]],
    case_words: set[str],
    language: str,
    word: str,
    misspelt: str,
) -> None:
    text = pdf_text(built[language][_file("appeal", language, "pdf")])
    assert f" {word} " in text
    planted = text.replace(f" {word} ", f" {misspelt} ", 1)
    assert unknown_words(planted, language, case_words) == [misspelt]


@pytest.mark.parametrize(
    ("text", "language", "case_words", "unknown"),
    [
        # A misspelling, in either language.
        ("Прошу провести праверку.", "ru", set(), ["праверку"]),
        ("Учаскелер бойынша дауистар.", "kk", set(), ["дауистар"]),
        # A Russian word in a Kazakh document passes only when the case gives it ...
        ("Дереккөз: Постановление.", "kk", set(), ["Постановление"]),
        ("Дереккөз: Постановление.", "kk", {"Постановление"}, []),
        # ... and is spelt right: the case's words are spell-checked too.
        ("Дереккөз: Постоновление.", "kk", {"Постоновление"}, ["Постоновление"]),
        # A Kazakh word in a Russian document likewise.
        ("Партия «Ақ жол».", "ru", {"Ақ"}, []),
        ("Партия «Ақ жол».", "ru", set(), ["Ақ"]),
        # An allowlisted Kazakh word is not allowed in a Russian document.
        ("Копии: хаттама.", "ru", set(), ["хаттама"]),
        # A Kazakh ending after a per cent sign passes; the same letter alone does not.
        ("Ең төмен жалақының 3 %-ы", "kk", set(), []),
        ("Ең төмен жалақының ы", "kk", set(), ["ы"]),
        # "4-кесте": the word after a number is checked as a word.
        ("4-кесте, 4-кестте", "kk", set(), ["-кестте"]),
        # A word hunspell would part at its apostrophe is checked whole.
        ("Методом д’Онта.", "ru", set(), ["д’Онта"]),
        # The watermark's single letters and web addresses are not words.
        ("Ү Л Г І https://example.kz/праверка праверка@example.kz", "kk", set(), []),
    ],
)
def test_the_dictionary_check_itself(
    text: str, language: str, case_words: set[str], unknown: list[str]
) -> None:
    assert unknown_words(text, language, case_words) == unknown


def test_a_tab_or_a_line_break_in_a_docx_parts_two_words() -> None:
    document = Document()
    run = document.add_paragraph().add_run("2021 жылғы 5 сәуір")
    run.add_break()
    run.add_text("г. Алматы")
    run.add_tab()
    run.add_text("Фамилия")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()) == "2021 жылғы 5 сәуір г. Алматы Фамилия"


def _method(name: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        edit_case(folder, lambda data: data["allocation"].update(method=name))

    return change


def _contacts(folder: Path) -> None:
    edit_case(
        folder, lambda data: data["applicant"].update(phone="+7 700 000 0000", email="a@b.kz")
    )


def _no_pair(folder: Path) -> None:
    rows = read_rows(folder / "protocols.csv")
    write_rows(folder / "protocols.csv", [r for r in rows if r["contest"] == "mazhilis"])


def _issued_above_list(folder: Path) -> None:
    rows = read_rows(folder / "protocols.csv")
    rows[0]["voters_on_list"] = str(int(rows[0]["ballots_issued"]) - 1)
    write_rows(folder / "protocols.csv", rows)


def _equal_results(folder: Path) -> None:
    edit_case(folder, lambda data: data["contests"][1].update(votes=data["contests"][0]["votes"]))


MINISTRY = {
    "ministry": {
        "kind": "other",
        "name": {
            "ru": "Министерство юстиции Республики Казахстан",
            "kk": "Қазақстан Республикасының Әділет министрлігі",
        },
    }
}


def _other_authority(folder: Path) -> None:
    text = yaml.safe_dump(MINISTRY, allow_unicode=True)
    (folder / "authorities.yaml").write_text(text, encoding="utf-8")
    edit_case(folder, lambda data: data.update(addressees=[{"id": "ministry", "role": "to"}]))


# The branches the example does not reach (another addressee, one station, no funding, an
# election in 2023, earlier steps, another seat method ...): the variations of test_wording.py
# and test_kazakh.py and a few more, each case changed so, its documents rendered as HTML.
MORE = [Variation(f"seats by {m}", _method(m), []) for m in ("dhondt", "sainte-lague")] + [
    Variation("phone and e-mail", _contacts, []),
    Variation("no station with both copies", _no_pair, []),
    Variation("more ballots issued than voters listed", _issued_above_list, []),
    Variation("the same results in both contests", _equal_results, []),
    Variation("an authority of another kind", _other_authority, []),
]
BRANCHES = [("ru", v, REGISTER) for v in VARIATIONS + MORE] + [
    ("kk", v, KK_REGISTER) for v in KK_VARIATIONS + MORE
]


@pytest.mark.parametrize(
    ("language", "variation", "register"),
    BRANCHES,
    ids=[f"{language}-{v.name}" for language, v, _ in BRANCHES],
)
def test_every_word_of_every_branch_of_the_documents_is_known(
    tmp_path: Path, language: str, variation: Variation, register: list[RegisterEntry]
) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    if variation.change:
        variation.change(folder)
    data = load_case(folder)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    renderer = Renderer(data, analyse(data), None)
    pages = {
        "appeal": renderer.appeal_html(register, variation.addressee),
        "attachment-1-protocols": renderer.attachment_html(),
        "attachment-2-statistics": renderer.statistics_html(2),
    }
    case_words = words_of_case(folder)
    unknown = {
        name: unknown_words(html_text(page), language, case_words) for name, page in pages.items()
    }
    assert unknown == {name: [] for name in pages}
