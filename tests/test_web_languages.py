"""The page edits a text in each language the case's documents are made in: a case built in
Russian and Kazakh gets its Kazakh texts typed on the page into its Kazakh documents; a case
made in one language keeps one text per field, a plain string."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
import yaml
from starlette.testclient import TestClient

from conftest import edit_case
from election_appeal import api
from election_appeal.web.app import create_app

CODE = "languages-code-2468"
PORT = 8771
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"
SAVED = "Сохранено."
# The two marks of a language's field, each in both languages.
IN_RUSSIAN = "по-русски · орысша"
IN_KAZAKH = "по-казахски · қазақша"
# Typed by hand: the applicant's name as a Kazakh document writes it, and the facts told in
# each language.
NAME_RU = "Сидорова Анна Петровна"
NAME_KK = "Сидорова Анна Петрқызы"
FACTS_RU = "Наблюдателям не выдали копии протоколов двух участков."
FACTS_KK = "Байқаушыларға екі учаскенің хаттамаларының көшірмелері берілмеді."


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    with TestClient(app, base_url=BASE) as browser:
        assert browser.get(f"/?code={CODE}").status_code == 200
        yield browser


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None


def form_fields(page: str) -> dict[str, str]:
    """What the page's form sends as it stands: its inputs, text areas and chosen options."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name, kind = _attribute(tag, "name"), _attribute(tag, "type") or "text"
        if name and (kind not in ("checkbox", "radio") or " checked" in tag):
            fields[name] = _attribute(tag, "value") or ("on" if kind == "checkbox" else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[html.unescape(name)] = html.unescape(text)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'value="([^"]*)"\s+selected', options)
        if chosen:
            fields[name] = chosen.group(1)
    return fields


def _in_russian_and_kazakh(case_dir: Path, applicant_name: str | dict[str, str]) -> None:
    def change(data: dict) -> None:
        data["languages"] = ["ru", "kk"]
        data["applicant"]["full_name"] = applicant_name

    edit_case(case_dir, change)


def _text(document: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(document)).paragraphs)


def test_a_case_in_both_languages_gets_its_kazakh_texts_into_the_kazakh_documents(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, "Иванова Мария Сергеевна")  # a plain string: Russian
    page = client.get(f"{CASE}/applicant").text
    assert f"({IN_RUSSIAN})" in page and f"({IN_KAZAKH})" in page
    fields = form_fields(page)
    assert fields["applicant.full_name"] == "Иванова Мария Сергеевна"
    assert fields["applicant.full_name@kk"] == ""  # no Kazakh text given yet
    fields |= {"applicant.full_name": NAME_RU, "applicant.full_name@kk": NAME_KK}
    assert SAVED in client.post(f"{CASE}/applicant", data=fields).text

    fields = form_fields(client.get(f"{CASE}/narrative").text)
    assert "narrative.facts@kk" in fields
    fields |= {"narrative.facts": FACTS_RU, "narrative.facts@kk": FACTS_KK}
    assert SAVED in client.post(f"{CASE}/narrative", data=fields).text

    saved = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert saved["applicant"]["full_name"] == {"ru": NAME_RU, "kk": NAME_KK}
    assert saved["narrative"]["facts"] == {"ru": FACTS_RU, "kk": FACTS_KK}
    # The page shows each language's text in its own field again.
    fields = form_fields(client.get(f"{CASE}/applicant").text)
    assert (fields["applicant.full_name"], fields["applicant.full_name@kk"]) == (NAME_RU, NAME_KK)

    _documents_say(folder, lambda language: _html_text(api.Preview(folder, language=language)))


@pytest.mark.slow  # lays out the document
def test_the_kazakh_word_document_built_from_the_page_holds_the_kazakh_texts(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, {"ru": NAME_RU, "kk": NAME_KK})
    fields = form_fields(client.get(f"{CASE}/narrative").text)
    fields |= {"narrative.facts": FACTS_RU, "narrative.facts@kk": FACTS_KK}
    assert SAVED in client.post(f"{CASE}/narrative", data=fields).text

    def word(language: str) -> str:
        name = "appeal.kk.docx" if language == "kk" else "appeal.docx"
        return _text(api.render(folder, formats=["docx"], language=language)[name])

    _documents_say(folder, word)


def _html_text(preview: api.Preview) -> str:
    """The words of the appeal's HTML, its tags and entities undone."""
    words = re.sub(r"<[^>]+>", " ", preview.document("appeal"))
    return re.sub(r"\s+", " ", html.unescape(words)).replace("\u00a0", " ")


def _documents_say(folder: Path, text_of: Callable[[str], str]) -> None:
    """The Kazakh appeal holds the Kazakh texts, the Russian one the Russian texts."""
    kazakh = text_of("kk")
    assert NAME_KK in kazakh and FACTS_KK in kazakh
    assert "Петровн" not in kazakh and FACTS_RU not in kazakh
    russian = text_of("ru").replace("\u00a0", " ")
    assert "от Сидоровой Анны Петровны" in russian and FACTS_RU in russian  # «от» + genitive
    assert "Петрқызы" not in russian and FACTS_KK not in russian


def test_a_kazakh_text_emptied_leaves_the_russian_as_a_plain_string(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, {"ru": NAME_RU, "kk": NAME_KK})
    fields = form_fields(client.get(f"{CASE}/applicant").text) | {"applicant.full_name@kk": ""}
    assert SAVED in client.post(f"{CASE}/applicant", data=fields).text
    saved = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert saved["applicant"]["full_name"] == NAME_RU


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_case_in_one_language_edits_one_plain_text(
    client: TestClient, cases: Path, language: str
) -> None:
    folder = cases / "almaty-2021"

    def one_language(data: dict) -> None:
        data["language"] = language
        data["applicant"]["full_name"] = "Иванова Мария Сергеевна"

    edit_case(folder, one_language)
    page = client.get(f"{CASE}/applicant").text
    assert "@kk" not in page and "@ru" not in page and IN_KAZAKH not in page
    fields = form_fields(page) | {"applicant.full_name": NAME_KK}
    assert SAVED in client.post(f"{CASE}/applicant", data=fields).text
    saved = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert saved["applicant"]["full_name"] == NAME_KK


def test_the_kazakh_name_of_a_party_is_typed_beside_the_russian(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, NAME_RU)
    before = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))["parties"][1]
    page = client.get(f"{CASE}/parties").text
    assert f"верхнее поле — {IN_RUSSIAN}, нижнее — {IN_KAZAKH}" in page
    fields = form_fields(page)
    assert fields["parties[1].short_name@kk"] == str(before["short_name"]["kk"])
    fields["parties[1].short_name@kk"] = "Ақ жол партиясы"
    assert SAVED in client.post(f"{CASE}/parties", data=fields).text
    after = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))["parties"][1]
    assert after["short_name"] == {"ru": before["short_name"]["ru"], "kk": "Ақ жол партиясы"}


def test_a_russian_text_emptied_keeps_the_kazakh_one(client: TestClient, cases: Path) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, NAME_RU)
    fields = form_fields(client.get(f"{CASE}/narrative").text)
    fields |= {"narrative.facts": FACTS_RU, "narrative.facts@kk": FACTS_KK}
    assert SAVED in client.post(f"{CASE}/narrative", data=fields).text
    fields = form_fields(client.get(f"{CASE}/narrative").text) | {"narrative.facts": ""}
    assert SAVED in client.post(f"{CASE}/narrative", data=fields).text
    saved = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert saved["narrative"]["facts"] == {"kk": FACTS_KK}


def test_a_kazakh_name_stays_with_its_party_when_a_party_above_is_deleted(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    _in_russian_and_kazakh(folder, NAME_RU)
    fields = form_fields(client.get(f"{CASE}/parties").text)
    assert fields["parties[2].id"] == "auyl"
    fields |= {"parties[1].delete": "on", "parties[2].short_name@kk": "«Ауыл» ХДПП"}
    assert client.post(f"{CASE}/parties", data=fields).status_code == 200
    parties = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))["parties"]
    assert [p["id"] for p in parties] == ["npk", "auyl", "ak_zhol", "adal"]
    assert parties[1]["short_name"] == {"ru": "«Ауыл»", "kk": "«Ауыл» ХДПП"}
    assert parties[2]["short_name"] == {"ru": "«Ак жол»", "kk": "«Ақ жол»"}
