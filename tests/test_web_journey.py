"""The whole journey on the web page, in a real browser (Debian's Chromium driven by Playwright),
once in a Russian and once in a Kazakh interface: from an empty folder to a downloaded filing
bundle, without touching a file by hand, asserting what the page shows at each step.

Set APPEAL_SCREENSHOTS to a folder (docs/) to keep a picture of each page for the README.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-quic"]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)
SHOTS = os.environ.get("APPEAL_SCREENSHOTS")
# The pages the README shows.
README_SHOTS = {"ru-new", "ru-addressees", "ru-copies", "ru-preview", "ru-built", "kk-protocols"}

# What the page says at each step, in each interface language: the assertions read these.
WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "language": "Русский",
        "no_cases": "Дел пока нет.",
        "start": "Начать новое дело",
        "made_in": "Папка будет создана в {place}.",
        "create": "Создать дело",
        "general": "Выборы и обращение",
        "save": "Сохранить",
        "saved": "Сохранено.",
        "parties": "Партии",
        "contests": "Официальные итоги",
        "addressees": "Кому направить",
        "add_authority": "Добавить орган",
        "authority_added": "Орган добавлен в список выше. Выберите его роль и сохраните.",
        "kind": "прокуратура",
        "protocols": "Протоколы участков",
        "two_tables": "В папке дела две таблицы протоколов",
        "upload": "Загрузить",
        "uploaded": "Таблица загружена. Ниже — что нашла проверка.",
        "type_in": "Ввести протоколы здесь",
        "started": "Таблица создана. Вводите протоколы строка за строкой и сохраняйте.",
        "save_table": "Сохранить таблицу",
        "add_row": "Добавить строку",
        "row_added": "В конец таблицы добавлена строка. Заполните её и сохраните.",
        "rows_removed": "Отмеченные строки удалены.",
        "no_errors": "Ошибок в таблице нет.",
        "copies": "Копии протоколов",
        "add_copy": "Добавить копию",
        "copy_saved": "Копия сохранена: copies/{file}.",
        "not_saved": "Не сохранено: ",
        "without_copy": "Строки таблицы протоколов без копии",
        "preview": "Просмотр и документы",
        "appeal_frame": "Обращение",
        "build": "Собрать документы",
        "built": "Документы собраны.",
        "bundle": "Всё одним файлом: обращение с приложениями (PDF)",
        "police_letter": "Департамент полиции города Алматы — заявление об уголовном "
        "правонарушении: PDF для подачи",
        "yes": "да",
    },
    "kk": {
        "language": "Қазақша",
        "no_cases": "Әзірге істер жоқ.",
        "start": "Жаңа іс бастау",
        "made_in": "Қалта {place} ішінде құрылады.",
        "create": "Іс құру",
        "general": "Сайлау және өтініш",
        "save": "Сақтау",
        "saved": "Сақталды.",
        "parties": "Партиялар",
        "contests": "Ресми қорытындылар",
        "addressees": "Кімге жіберу",
        "add_authority": "Органды қосу",
        "authority_added": "Орган жоғарыдағы тізімге қосылды. Оның рөлін таңдап, сақтаңыз.",
        "kind": "прокуратура",
        "protocols": "Учаскелердің хаттамалары",
        "two_tables": "Іс қалтасында екі хаттамалар кестесі бар",
        "upload": "Жүктеу",
        "uploaded": "Кесте жүктелді. Төменде — тексеру не тапқаны.",
        "type_in": "Хаттамаларды осында енгізу",
        "started": "Кесте құрылды. Хаттамаларды жол-жолымен енгізіп, сақтаңыз.",
        "save_table": "Кестені сақтау",
        "add_row": "Жол қосу",
        "row_added": "Кестенің соңына жол қосылды. Оны толтырып, сақтаңыз.",
        "rows_removed": "Белгіленген жолдар жойылды.",
        "no_errors": "Кестеде қателер жоқ.",
        "copies": "Хаттамалардың көшірмелері",
        "add_copy": "Көшірмені қосу",
        "copy_saved": "Көшірме сақталды: copies/{file}.",
        "not_saved": "Сақталмады: ",
        "without_copy": "Көшірмесі жоқ хаттамалар кестесінің жолдары",
        "preview": "Алдын ала қарау және құжаттар",
        "appeal_frame": "Өтініш",
        "build": "Құжаттарды жинау",
        "built": "Құжаттар жиналды.",
        "bundle": "Барлығы бір файлда: өтініш қосымшаларымен (PDF)",
        "police_letter": "Алматы қаласы Полиция департаменті — қылмыстық құқық бұзушылық туралы "
        "арыз: беруге арналған PDF",
        "yes": "иә",
    },
}
# The documents' words, by the documents' language.
DOCUMENT = {
    "ru": {"title": "ЗАЯВЛЕНИЕ", "authority": "Прокуратура города Шымкент", "sample": "ОБРАЗЕЦ"},
    "kk": {"title": "АРЫЗ", "authority": "Шымкент қаласының прокуратурасы", "sample": "ҮЛГІ"},
}

HEADER = [
    "station",
    "district",
    "kind",
    "source",
    "contest",
    "voters_on_list",
    "ballots_received",
    "ballots_issued",
    "ballots_cancelled",
    "ballots_in_boxes",
    "invalid",
    "against_all",
    "alpha",
    "party_b",
]
# Four stations, both contests (by their new codes); one cell is wrong: "2OO" (letters O).
PLACE = ["Центральный", "обычный", "Наблюдатели"]
ROWS = [
    ["101", *PLACE, "mazhilis", 1000, 1000, 600, 400, 600, 10, "", "2OO", 390],
    ["101", *PLACE, "maslikhat", 1000, 1000, 600, 400, 600, 10, "", 250, 340],
    ["102", *PLACE, "mazhilis", 800, 800, 500, 300, 500, 5, "", 100, 395],
    ["102", *PLACE, "maslikhat", 800, 800, 500, 300, 500, 5, "", 150, 345],
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`appeal serve` on an empty folder, started as a user starts it."""
    cases = tmp_path / "cases"
    cases.mkdir()
    command = [sys.executable, "-m", "election_appeal", "serve", str(cases), "--no-browser"]
    command += ["--out", str(tmp_path / "output")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        yield url, cases
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A fresh Chromium profile."""
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1200, "height": 860},
        )
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()


class Journey:
    """The user's hands and eyes on the page, in one interface language."""

    def __init__(self, page: Any, language: str) -> None:
        self.page, self.language, self.words = page, language, WORDS[language]

    def say(self, key: str, **values: str) -> str:
        return self.words[key].format(**values)

    def fill(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            self.page.fill(f'[name="{name}"]', value)

    def status(self, text: str) -> None:
        self.page.get_by_role("status").filter(has_text=text).wait_for()

    def save(self) -> None:
        self.page.get_by_role("button", name=self.say("save"), exact=True).click()
        self.status(self.say("saved"))

    def step(self, key: str) -> None:
        nav = self.page.get_by_role("navigation")
        nav.get_by_role("link", name=self.say(key)).click()
        self.page.locator("nav li.current").filter(has_text=self.say(key)).wait_for()

    def shot(self, name: str) -> None:
        """A picture of the page for the README, when asked for: small, in 128 colours."""
        if SHOTS and name in README_SHOTS:
            from PIL import Image

            self.page.evaluate("window.scrollTo(0, 0)")
            picture = Image.open(io.BytesIO(self.page.screenshot())).convert("RGB")
            picture = picture.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
            picture.save(Path(SHOTS) / f"web-{name}.png", optimize=True)


def photo(path: Path) -> bytes:
    """A made-up photo of a protocol copy."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for line in range(12):
        draw.line((40, 80 + line * 55, 560, 80 + line * 55), fill="black", width=2)
    image.save(path, "JPEG")
    return path.read_bytes()


def xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)


@pytest.mark.slow  # Chromium and a build laying out every PDF
@pytest.mark.parametrize(
    ("interface", "documents"), [("ru", "ru"), ("kk", "kk")], ids=["russian", "kazakh"]
)
def test_from_an_empty_folder_to_the_filing_bundle(
    served: tuple[str, Path], browser: Any, tmp_path: Path, interface: str, documents: str
) -> None:
    url, cases = served
    page = browser
    you = Journey(page, interface)
    page.goto(url)
    page.get_by_role("button", name=you.say("language")).click()
    assert page.locator("html").get_attribute("lang") == interface
    page.get_by_text(you.say("no_cases")).wait_for()
    you.shot(f"{interface}-home")

    # A new case, in the served folder.
    page.get_by_role("link", name=you.say("start")).click()
    page.get_by_text(you.say("made_in", place=str(cases.resolve()))).wait_for()
    you.fill(
        {
            "folder": "test-city",
            "full_name": "Петров Пётр Петрович",
            "address": "г. Алматы, ул. Примерная, 1",
            "election_date": "10.01.2021",
            "territory": "г. Тестовый",
            "territory_genitive": "г. Тестового",
            "stations": "40",
            "appeal_date": "05.04.2021",
            "appeal_place": "г. Тестовый",
        }
    )
    page.check('[name="contests"][value="2"]')  # two votings compared
    you.shot(f"{interface}-new")
    page.get_by_role("button", name=you.say("create")).click()
    page.get_by_role("heading", name=you.say("general")).wait_for()
    assert (cases / "test-city" / "case.yaml").is_file()

    # General data: the data is made up; the documents' language.
    page.check('[name="illustrative"]')
    page.select_option('[name="language"]', documents)
    you.save()
    case_yaml = cases / "test-city" / "case.yaml"
    assert f"language: {documents}" in case_yaml.read_text(encoding="utf-8")
    assert page.locator('[name="language"]').input_value() == documents

    # Parties: names, and a new code carried into the results.
    you.step("parties")
    you.fill(
        {
            "parties[0].id": "alpha",
            "parties[0].name": "Партия «Альфа»",
            "parties[0].short_name": "«Альфа»",
            "parties[1].name": "Партия «Бета»",
            "parties[1].short_name": "«Бета»",
        }
    )
    you.save()
    assert page.locator('[name="parties[0].id"]').input_value() == "alpha"

    # Contests: the official results, and new codes kept in the comparison.
    you.step("contests")
    you.fill(
        {
            "contests[0].id": "mazhilis",
            "contests[0].title": "Выборы депутатов Мажилиса Парламента Республики Казахстан",
            "contests[0].short_title": "Мажилис",
            "contests[0].source": "Постановление ЦИК от 12 января 2021 года № 1",
            "contests[0].votes.alpha": "10 000",
            "contests[0].votes.party_b": "20 000",
            "contests[1].id": "maslikhat",
            "contests[1].title": "Выборы депутатов маслихата города Тестового",
            "contests[1].short_title": "Маслихат",
            "contests[1].source": "Протокол ТИК от 11 января 2021 года",
            "contests[1].votes.alpha": "12 000",
            "contests[1].votes.party_b": "18 000",
        }
    )
    you.save()
    assert page.locator('[name="comparison.first"]').input_value() == "mazhilis"
    assert page.locator('[name="comparison.second"]').input_value() == "maslikhat"

    # Authorities: a case-local one with its kind, shown by its name in the page's language.
    you.step("addressees")
    you.fill(
        {
            "authority.id": "prosecutor_shymkent",
            "authority.name_ru": "Прокуратура города Шымкент",
            "authority.name_kk": "Шымкент қаласының прокуратурасы",
        }
    )
    page.select_option('[name="authority.kind"]', "prosecutor")
    page.get_by_role("button", name=you.say("add_authority")).click()
    you.status(you.say("authority_added"))
    row = page.locator("table.addressees tr").filter(has=page.locator("#role-prosecutor_shymkent"))
    name = DOCUMENT[interface]["authority"]
    assert row.locator("td").nth(0).inner_text().startswith(name)
    assert row.locator("td").nth(1).inner_text() == you.say("kind")
    assert "prosecutor_shymkent" not in page.locator("table.addressees").inner_text()
    page.select_option("#role-prosecutor_shymkent", "to")
    page.select_option("#role-prosecutor_general", "cc")
    # The police act on a report of an offence: a letter of its own, in its own instrument.
    page.select_option("#role-police_almaty", "cc")
    you.save()
    assert "id: prosecutor_shymkent" in case_yaml.read_text(encoding="utf-8")
    you.shot(f"{interface}-addressees")

    # Protocols: uploaded from Excel (Russian run) or typed into the grid (Kazakh run).
    you.step("protocols")
    page.get_by_text(you.say("two_tables")).wait_for()
    if interface == "ru":
        table = tmp_path / "протоколы.xlsx"
        xlsx(table)
        page.set_input_files('input[type="file"]', str(table))
        page.get_by_role("button", name=you.say("upload"), exact=True).click()
        you.status(you.say("uploaded"))
        bad = page.locator(".grid td.bad input")
        assert [bad.nth(i).input_value() for i in range(bad.count())] == ["2OO"]
        assert page.locator(".problem-table tbody tr td").nth(3).inner_text() == "alpha"
        you.shot(f"{interface}-protocols")
        bad.nth(0).fill("200")
        page.get_by_role("button", name=you.say("save_table")).click()
        page.get_by_text(you.say("no_errors")).wait_for()
        typed_rows = 5
    else:
        page.get_by_role("button", name=you.say("type_in")).click()
        you.status(you.say("started"))
        # One row per contest, the contest filled in.
        assert page.locator('[name="c.2.5"]').input_value() == "mazhilis"
        assert page.locator('[name="c.3.5"]').input_value() == "maslikhat"
        for number, cells in ((2, ROWS[0]), (3, ROWS[1])):
            for column, value in enumerate(cells, 1):
                page.fill(f'[name="c.{number}.{column}"]', str(value).replace("2OO", "200"))
        page.get_by_role("button", name=you.say("add_row")).click()
        you.status(you.say("row_added"))
        # A new station's first contest.
        assert page.locator('[name="c.4.5"]').input_value() == "mazhilis"
        assert page.locator('[name="c.4.1"]').input_value() == ""
        for column, value in enumerate(ROWS[2], 1):
            page.fill(f'[name="c.4.{column}"]', str(value))
        page.get_by_role("button", name=you.say("add_row")).click()
        you.status(you.say("row_added"))
        # The same station's next contest.
        assert page.locator('[name="c.5.1"]').input_value() == "102"
        assert page.locator('[name="c.5.5"]').input_value() == "maslikhat"
        for column, value in enumerate(ROWS[3], 1):
            page.fill(f'[name="c.5.{column}"]', str(value))
        page.get_by_role("button", name=you.say("save_table")).click()
        page.get_by_text(you.say("no_errors")).wait_for()
        you.shot(f"{interface}-protocols")
        typed_rows = 5
    # A row too many, added and removed again.
    page.get_by_role("button", name=you.say("add_row")).click()
    you.status(you.say("row_added"))
    assert page.locator(".grid tbody tr").count() == typed_rows
    page.check(f'[name="remove.{typed_rows + 1}"]')
    page.get_by_role("button", name=you.say("save_table")).click()
    you.status(you.say("rows_removed"))
    assert page.locator(".grid tbody tr").count() == typed_rows - 1
    page.get_by_text(you.say("no_errors")).wait_for()
    table_file = cases / "test-city" / ("protocols.xlsx" if interface == "ru" else "protocols.csv")
    assert table_file.is_file()

    # The copies: a photo with its provenance; a file that is not a photo is refused.
    you.step("copies")
    page.fill("#f-copy-station", "101")
    page.select_option("#f-copy-contest", "mazhilis")
    page.fill("#f-received_by", "Иванова А.")
    page.fill("#f-received_on", "10.01.2021 22:40")
    page.fill("#f-received_from", "секретарь УИК")
    page.select_option("#f-signed", "да")
    page.select_option("#f-stamped", "да")
    fake = tmp_path / "фото.jpg"
    fake.write_text("not a picture", encoding="utf-8")
    page.set_input_files("#f-copy-file", str(fake))
    page.get_by_role("button", name=you.say("add_copy"), exact=True).click()
    page.get_by_role("alert").filter(has_text=you.say("not_saved")).wait_for()
    assert page.locator("#f-received_by").input_value() == "Иванова А."
    assert not (cases / "test-city" / "copies").exists()
    picture = photo(tmp_path / "IMG_0001.jpg")
    page.set_input_files("#f-copy-file", str(tmp_path / "IMG_0001.jpg"))
    page.get_by_role("button", name=you.say("add_copy"), exact=True).click()
    you.status(you.say("copy_saved", file="101_mazhilis.jpg"))
    listed = page.locator("table.copies tbody tr")
    assert listed.count() == 1
    assert listed.locator("td").all_inner_texts() == [
        "101",
        "Мажилис",
        "101_mazhilis.jpg",
        "Иванова А.",
        "10.01.2021 22:40",
        "секретарь УИК",
        you.say("yes"),
        you.say("yes"),
    ]
    page.get_by_role("heading", name=you.say("without_copy")).wait_for()
    assert (cases / "test-city" / "copies" / "101_mazhilis.jpg").read_bytes() == picture
    provenance = (cases / "test-city" / "copies" / "copies.csv").read_text(encoding="utf-8")
    assert provenance.splitlines() == [
        "station,contest,received_by,received_on,received_from,signed,stamped",
        "101,mazhilis,Иванова А.,10.01.2021 22:40,секретарь УИК,да,да",
    ]
    you.shot(f"{interface}-copies")

    # Preview, in the documents' language, addressed to the case's own authority.
    you.step("preview")
    appeal = page.frame_locator(f'iframe[title="{you.say("appeal_frame")}"]')
    appeal.get_by_text(DOCUMENT[documents]["title"], exact=True).first.wait_for()
    text = appeal.locator("body").inner_text().replace("\u00a0", " ")
    assert DOCUMENT[documents]["authority"] in text
    you.shot(f"{interface}-preview")

    # Build, then download the bundle.
    page.get_by_role("button", name=you.say("build")).click()
    page.get_by_text(you.say("built")).wait_for(timeout=300_000)
    with page.expect_download() as download:
        page.get_by_role("link", name=you.say("bundle")).click()
    saved = tmp_path / "bundle.pdf"
    download.value.save_as(saved)
    suffix = "" if documents == "ru" else ".kk"
    assert download.value.suggested_filename == f"test-city-appeal-bundle{suffix}.pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    bundle = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Петров Пётр Петрович" in bundle
    assert DOCUMENT[documents]["sample"] in bundle
    assert DOCUMENT[documents]["authority"] in bundle
    # The copies attachment: the photo's page, captioned with the SHA-256 of its file.
    assert hashlib.sha256(picture).hexdigest() in bundle.replace(" ", "")
    # The police's own letter, listed by its addressee and document, downloaded by that name.
    with page.expect_download() as download:
        page.get_by_role("link", name=you.say("police_letter"), exact=True).click()
    assert download.value.suggested_filename == f"test-city-appeal--police_almaty{suffix}.pdf"
    you.shot(f"{interface}-built")


# --- The same steps' refusals, through Starlette's test client (no browser) --------------------

CODE = "test-code-5678"
PORT = 8766


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A browser that opened the page of a served folder holding one copy of the example."""
    import shutil

    from starlette.testclient import TestClient

    from conftest import EXAMPLE
    from election_appeal.web.app import create_app

    monkeypatch.setenv("APPEAL_LANG", "ru")  # restored after the test: the page changes it
    shutil.copytree(EXAMPLE, tmp_path / "cases" / "almaty-2021")
    app = create_app([tmp_path / "cases"], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=f"http://127.0.0.1:{PORT}")
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def csrf(client: Any, path: str) -> str:
    import re

    match = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def test_the_language_chosen_stays_and_the_way_back_stays_on_this_page(client: Any) -> None:
    token = csrf(client, "/")
    answer = client.post(
        "/language", data={"csrf": token, "lang": "kk", "next": "/case/almaty-2021/contests"}
    )
    assert answer.url.path == "/case/almaty-2021/contests"
    assert '<html lang="kk">' in answer.text
    assert "<h1>Дауыс берулердің ресми қорытындылары</h1>" in answer.text
    # Every later page speaks Kazakh, the library's problems too.
    home = client.get("/").text
    assert "<h1>Сіздің істеріңіз</h1>" in home and "Ваши дела" not in home
    # A page shown in answer to a form is left for the page above it; no other site is reached.
    for sent, landed in (
        ("/case/almaty-2021/protocols/upload", "/case/almaty-2021/protocols"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ):
        answer = client.post(
            "/language", data={"csrf": token, "lang": "ru", "next": sent}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == landed
    # An unknown language is not taken.
    client.post("/language", data={"csrf": token, "lang": "de", "next": "/"})
    assert '<html lang="ru">' in client.get("/").text


def test_every_word_of_the_page_is_in_both_catalogues() -> None:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1] / "src" / "election_appeal"
    found = {
        message[2]
        for message in extract_from_dir(
            str(root / "web" / "templates"),
            method_map=[("**.j2", "jinja2")],
            keywords=DEFAULT_KEYWORDS,
        )
    }
    assert len(found) > 300
    for language in ("ru", "kk"):
        with (root / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        untranslated = [m for m in found if not (catalogue.get(m) and catalogue.get(m).string)]
        assert untranslated == [], language


def test_an_authority_with_a_bad_or_taken_code_is_refused_and_what_was_typed_stays(
    client: Any, tmp_path: Path
) -> None:
    path = "/case/almaty-2021/addressees"
    fields = {
        "csrf": csrf(client, path),
        "authority.kind": "prosecutor",
        "authority.name_ru": "Прокуратура города Шымкент",
        "authority.name_kk": "Шымкент қаласының прокуратурасы",
    }
    bad = client.post("/case/almaty-2021/authority", data={**fields, "authority.id": "../x"})
    assert "Код: латинские буквы, цифры и подчёркивания" in bad.text
    assert "Не добавлено: исправьте отмеченные поля." in bad.text
    assert 'value="Прокуратура города Шымкент"' in bad.text
    taken = client.post(
        "/case/almaty-2021/authority", data={**fields, "authority.id": "prosecutor_general"}
    )
    assert "Орган с таким кодом уже есть в списке." in taken.text
    wrong_kind = client.post(
        "/case/almaty-2021/authority",
        data={**fields, "authority.id": "shymkent", "authority.kind": "king"},
    )
    assert "Выберите значение из списка." in wrong_kind.text
    assert not (tmp_path / "cases" / "almaty-2021" / "authorities.yaml").exists()


@pytest.mark.parametrize(
    ("station", "contest", "name", "content", "said"),
    [
        ("../../etc", "mazhilis", "a.jpg", b"\xff\xd8\xff", "номер участка пишется буквами"),
        ("12", "nonexistent", "a.jpg", b"\xff\xd8\xff", "выберите одно из голосований дела"),
        ("12", "mazhilis", "a.exe", b"MZ", "копия должна быть файлом .jpg, .png или .pdf"),
        ("12", "mazhilis", "a.jpg", b"GIF89a", "файл не является изображением или PDF"),
        ("12", "mazhilis", "a.png", b"\x89PNG\r\n\x1a\n broken", "файл повреждён"),
        ("12", "mazhilis", "a.jpg", b"\xff\xd8\xff" + b"0" * 10_000_001, "файл больше 10 МБ"),
    ],
    ids=["path", "contest", "type", "not-a-picture", "damaged", "too-big"],
)
def test_a_copy_that_cannot_be_one_is_refused_and_nothing_is_written(
    client: Any, tmp_path: Path, station: str, contest: str, name: str, content: bytes, said: str
) -> None:
    path = "/case/almaty-2021/copies"
    fields = {"csrf": csrf(client, path), "station": station, "contest": contest}
    fields["received_by"] = "Иванова А."
    answer = client.post(path, data=fields, files={"copy": (name, content)})
    assert answer.status_code in (400, 413)
    assert said in answer.text
    assert 'value="Иванова А."' in answer.text  # what was typed stays
    assert not (tmp_path / "cases" / "almaty-2021" / "copies").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases"]


def test_a_provenance_that_would_be_a_formula_is_refused(client: Any, tmp_path: Path) -> None:
    path = "/case/almaty-2021/copies"
    fields = {"csrf": csrf(client, path), "station": "12", "contest": "mazhilis"}
    picture = photo(tmp_path / "p.jpg")
    for typed, said in (
        ({"received_by": "=HYPERLINK(1)"}, "поле не может начинаться с =, +, - или @"),
        ({"received_on": "вчера"}, "«вчера» — это не дата"),
        ({"signed": "может быть"}, "«может быть» — не «да» и не «нет»"),
    ):
        answer = client.post(path, data={**fields, **typed}, files={"copy": ("p.jpg", picture)})
        assert answer.status_code == 400 and said in answer.text
    assert not (tmp_path / "cases" / "almaty-2021" / "copies").exists()
    # A second photo of the same copy becomes its page 2, the provenance row stays one.
    for _ in range(2):
        answer = client.post(
            path, data={**fields, "signed": "да"}, files={"copy": ("p.jpg", picture)}
        )
        assert answer.status_code == 200
    assert "Копия сохранена: copies/12_mazhilis_2.jpg." in answer.text
    copies = tmp_path / "cases" / "almaty-2021" / "copies"
    assert sorted(p.name for p in copies.iterdir()) == [
        "12_mazhilis.jpg",
        "12_mazhilis_2.jpg",
        "copies.csv",
    ]
    assert (copies / "copies.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "12,mazhilis,,,,да,"
    ]


def test_a_new_case_goes_into_the_folder_chosen_among_those_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    from election_appeal.web.app import create_app

    monkeypatch.setenv("APPEAL_LANG", "ru")
    first, second = tmp_path / "дела-2021", tmp_path / "дела-2023"
    first.mkdir()
    second.mkdir()
    app = create_app([first, second], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=f"http://127.0.0.1:{PORT}")
    page = browser.get(f"/new?code={CODE}").text
    assert '<select id="f-place" name="place">' in page
    assert str(first.resolve()) in page and str(second.resolve()) in page
    answers = {
        "csrf": csrf(browser, "/new"),
        "folder": "astana",
        "full_name": "Иванов Иван Иванович",
        "address": "г. Астана",
        "election_date": "19.03.2023",
        "territory": "г. Астана",
        "territory_genitive": "г. Астаны",
        "stations": "300",
        "contests": "2",
        "appeal_date": "01.04.2023",
        "appeal_place": "г. Астана",
    }
    refused = browser.post("/new", data={**answers, "place": "7"})
    assert "Выберите значение из списка." in refused.text
    assert 'value="Иванов Иван Иванович"' in refused.text
    made = browser.post("/new", data={**answers, "place": "1"})
    assert made.url.path == "/case/astana/general"
    assert (second / "astana" / "case.yaml").is_file()
    assert not (first / "astana").exists()


def test_a_contest_code_that_is_a_path_names_no_copy_file(client: Any, tmp_path: Path) -> None:
    case = tmp_path / "cases" / "almaty-2021" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("id: mazhilis", "id: ../../evil", 1), "utf-8"
    )
    path = "/case/almaty-2021/copies"
    fields = {"csrf": csrf(client, path), "station": "12", "contest": "../../evil"}
    picture = photo(tmp_path / "p.jpg")
    answer = client.post(path, data=fields, files={"copy": ("p.jpg", picture)})
    assert answer.status_code == 400
    assert "выберите одно из голосований дела" in answer.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases", "p.jpg"]
    assert not list((tmp_path / "cases").glob("**/*evil*"))


def _has_time_limits() -> bool:
    from election_appeal import api

    return hasattr(api, "time_limits")


@pytest.mark.skipif(not _has_time_limits(), reason="api.time_limits is not in this version yet")
def test_each_addressee_shows_its_time_limit_on_the_appeals_date(client: Any) -> None:
    from conftest import EXAMPLE
    from election_appeal import api

    limits = api.time_limits(EXAMPLE).addressees  # type: ignore[attr-defined]
    assert limits
    page = client.get("/case/almaty-2021/addressees").text
    preview = client.get("/case/almaty-2021/preview").text
    assert "<h2>Сроки</h2>" in preview
    for limit in limits:
        cell = page.split(f'id="role-{limit.addressee}"', 1)[1].split("</tr>", 1)[0]
        if limit.ends is not None:
            assert limit.ends.strftime("%d.%m.%Y") in cell
            assert limit.ends.strftime("%d.%m.%Y") in preview
        else:
            assert "срок" in cell


def test_a_text_given_per_language_is_edited_in_the_documents_language(
    client: Any, tmp_path: Path
) -> None:
    import html

    case = tmp_path / "cases" / "almaty-2021" / "case.yaml"
    parties = "/case/almaty-2021/parties"
    page = html.unescape(client.get(parties).text)
    assert 'name="parties[0].name" value="Народная партия Казахстана"' in page
    # The contests' table names the parties in the page's language, not as a mapping.
    assert "<td>НПК</td>" in client.get("/case/almaty-2021/contests").text
    # The documents in Kazakh: the same field now shows and edits the Kazakh text.
    general = {"csrf": csrf(client, parties), "language": "kk", "illustrative": "on"}
    general |= {"election.date": "10.01.2021", "election.stations": "581"}
    general |= {"appeal.date": "06.04.2021", "election.territory": "г. Алматы"}
    general["version_case"] = _hidden(client.get("/case/almaty-2021/general").text, "version_case")
    general["appeal.place"] = "г. Алматы"
    saved = client.post("/case/almaty-2021/general", data=general)
    assert "Сохранено." in saved.text
    text = case.read_text(encoding="utf-8")
    assert "language: kk" in text
    # The field showed the Russian text and was saved unchanged: both texts stay as they were.
    assert "place: {ru: г. Алматы, kk: Алматы қаласы}" in text
    page = html.unescape(client.get(parties).text)
    assert 'name="parties[0].name" value="Қазақстан Халық партиясы"' in page
    fields = {"csrf": csrf(client, parties), "version_case": _hidden(page, "version_case")}
    fields["parties[0].name"] = "Қазақстан Халық партиясы (өзгертілген)"
    assert "Сохранено." in client.post(parties, data=_all_party_fields(page, fields)).text
    text = case.read_text(encoding="utf-8")
    assert (
        "name: {ru: Народная партия Казахстана, kk: Қазақстан Халық партиясы (өзгертілген)}" in text
    )


def _hidden(page: str, name: str) -> str:
    import re

    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def _all_party_fields(page: str, typed: dict[str, str]) -> dict[str, str]:
    """Every field of the parties' form as the page shows it, with what was typed over it."""
    import html
    import re

    shown = dict(re.findall(r'<input name="(parties\[\d+\]\.[a-z_]+)" value="([^"]*)"', page))
    return {**{k: html.unescape(v) for k, v in shown.items()}, **typed}
