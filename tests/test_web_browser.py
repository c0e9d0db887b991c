"""The web page in a real browser (Debian's Chromium driven by Playwright): a case from scratch
to the filing bundle, as an activist would make it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)

HEADER = (
    "station,district,kind,source,contest,voters_on_list,ballots_received,ballots_issued,"
    "ballots_cancelled,ballots_in_boxes,invalid,against_all,party_a,party_b"
)
# Four stations, both contests; two cells are wrong: "2OO" (letters O) and "0,5" (a fraction).
PROTOCOLS = f"""{HEADER}
101,Центральный,обычный,Наблюдатели,first,1000,1000,600,400,600,10,,2OO,390
101,Центральный,обычный,Наблюдатели,second,1000,1000,600,400,600,10,,250,340
102,Центральный,обычный,Наблюдатели,first,800,800,500,300,500,5,,100,395
102,Центральный,обычный,Наблюдатели,second,800,800,500,300,500,5,,150,345
103,Северный,обычный,Наблюдатели,first,900,900,450,450,450,0,,150,300
103,Северный,обычный,Наблюдатели,second,900,900,450,450,450,"0,5",,160,290
104,Северный,закрытый,Наблюдатели,first,700,700,400,300,400,0,,100,300
104,Северный,закрытый,Наблюдатели,second,700,700,400,300,400,0,,100,300
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`appeal serve` started as a user starts it; the first line it prints is the address."""
    cases = tmp_path / "cases"
    cases.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "election_appeal",
            "serve",
            str(cases),
            "--no-browser",
            "--out",
            str(tmp_path / "output"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        yield url, cases
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    """A fresh Chromium profile: nothing shared with any other browser."""
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            accept_downloads=True,
            locale="ru-RU",
        )
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()


def fill(page: object, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        page.fill(f'[name="{name}"]', value)  # type: ignore[attr-defined]


def save(page: object, text: str = "Сохранено.") -> None:
    page.get_by_role("button", name="Сохранить", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("status").filter(has_text=text).wait_for()  # type: ignore[attr-defined]


def step(page: object, title: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=title).click()  # type: ignore[attr-defined]


def test_a_case_from_scratch_to_the_filing_bundle(server: tuple[str, Path], page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, cases = server
    assert url.startswith("http://127.0.0.1:") and "?code=" in url
    page.goto(url)
    page.get_by_role("link", name="Начать новое дело").click()
    fill(
        page,
        {
            "folder": "test-city",
            "full_name": "Петров Пётр Петрович",
            "address": "г. Алматы, ул. Примерная, 1",
            "election_date": "10.01.2021",
            "territory": "г. Тестовый",
            "territory_genitive": "г. Тестового",
            "stations": "40",
            "appeal_date": "5 апреля 2021 г.",
            "appeal_place": "г. Тестовый",
        },
    )
    page.check('[name="contests"][value="2"]')  # two votings compared
    page.get_by_role("button", name="Создать дело").click()
    page.get_by_role("heading", name="Выборы и обращение").wait_for()
    page.check('[name="illustrative"]')  # the protocols below are made up
    save(page)

    step(page, "Партии")
    fill(
        page,
        {
            "parties[0].name": "Партия «Альфа»",
            "parties[0].short_name": "«Альфа»",
            "parties[1].name": "Партия «Бета»",
            "parties[1].short_name": "«Бета»",
        },
    )
    save(page)

    step(page, "Официальные итоги")
    fill(
        page,
        {
            "contests[0].title": "Выборы депутатов Мажилиса Парламента Республики Казахстан",
            "contests[0].short_title": "Мажилис",
            "contests[0].source": "Постановление ЦИК от 12 января 2021 года № 1",
            "contests[0].votes.party_a": "10 000",
            "contests[0].votes.party_b": "20 000",
            "contests[1].title": "Выборы депутатов маслихата города Тестового",
            "contests[1].short_title": "Маслихат",
            "contests[1].source": "Протокол ТИК от 11 января 2021 года",
            "contests[1].votes.party_a": "12 000",
            "contests[1].votes.party_b": "18 000",
        },
    )
    save(page)

    step(page, "Протоколы участков")
    upload = tmp_path / "протоколы.csv"
    upload.write_text(PROTOCOLS, encoding="utf-8")
    page.set_input_files('input[type="file"]', str(upload))
    page.get_by_role("button", name="Загрузить", exact=True).click()
    page.get_by_text("Таблица загружена.").wait_for()
    rows = page.locator(".problem-table tbody tr")
    assert rows.all_inner_texts() == [
        'Ошибка\tprotocols.csv\t2\tparty_a\t"2OO" is not a number',
        'Ошибка\tprotocols.csv\t7\tinvalid\t"0,5" is not a whole number; a count of votes has '
        "no fractions",
    ]
    bad = page.locator(".grid td.bad input")
    assert [bad.nth(i).input_value() for i in range(bad.count())] == ["2OO", "0,5"]
    bad.nth(0).fill("200")
    page.locator('[name="c.7.11"]').fill("0")
    page.get_by_role("button", name="Сохранить таблицу").click()
    page.get_by_text("Ошибок в таблице нет.").wait_for()
    assert page.locator(".grid td.bad").count() == 0

    step(page, "Просмотр и документы")
    appeal = page.frame_locator('iframe[title="Обращение"]')
    appeal.get_by_text("ЗАЯВЛЕНИЕ").wait_for()
    text = appeal.locator("body").inner_text().replace("\u00a0", " ")
    # 200 + 390 + 100 + 395 + 150 + 300 + 100 + 300 votes for parties in the first contest.
    assert "подано 1 935 голосов" in text
    # The comparison row of «Альфа»: 10 000 of 30 000 is 33,33 %; 12 000 of 30 000 is 40,00 %.
    assert "Партия «Альфа»\t10 000\t33,33 %\t12 000\t40,00 %\t+2 000" in text

    step(page, "Официальные итоги")
    fill(page, {"contests[0].votes.party_a": "10 500"})
    save(page)
    step(page, "Просмотр и документы")
    appeal = page.frame_locator('iframe[title="Обращение"]')
    appeal.get_by_text("ЗАЯВЛЕНИЕ").wait_for()
    text = appeal.locator("body").inner_text().replace("\u00a0", " ")
    # 10 500 of 30 500 is 34,43 %; the difference is now 12 000 − 10 500.
    assert "Партия «Альфа»\t10 500\t34,43 %\t12 000\t40,00 %\t+1 500" in text

    page.get_by_role("button", name="Собрать документы").click()
    page.get_by_text("Документы собраны.").wait_for(timeout=180_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Всё одним файлом: обращение с приложениями (PDF)").click()
    saved = tmp_path / "bundle.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "test-city-appeal-bundle.pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    bundle = " ".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")
    assert "Петров Пётр Петрович" in bundle
    assert "ОБРАЗЕЦ" in bundle
    assert "подано 1 935 голосов" in " ".join(bundle.split())
    assert (cases / "test-city" / "protocols.csv").read_text(encoding="utf-8") == PROTOCOLS.replace(
        ",2OO,", ",200,"
    ).replace('"0,5"', "0")


def test_a_conflict_with_another_program_is_shown_and_nothing_typed_is_lost(  # type: ignore[no-untyped-def]
    server: tuple[str, Path], page
) -> None:
    import shutil

    from conftest import EXAMPLE

    url, cases = server
    shutil.copytree(EXAMPLE, cases / "almaty-2021")
    page.goto(url)
    base = url.split("/?", 1)[0]
    page.goto(f"{base}/case/almaty-2021/general")
    # The example gives the place per language: the field shows the documents' language's.
    assert page.locator('[name="appeal.place"]').input_value() == "г. Алматы"
    fill(page, {"appeal.place": "г. Туркестан"})
    case = cases / "almaty-2021" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("place: {ru: г. Алматы", "place: {ru: г. Астана"),
        "utf-8",
    )
    page.get_by_role("button", name="Сохранить", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="изменили в другой программе")
    alert.wait_for()
    assert alert.locator("td.theirs").all_inner_texts() == ["г. Астана"]
    assert alert.locator("td.mine").all_inner_texts() == ["г. Туркестан"]
    assert page.locator('[name="appeal.place"]').input_value() == "г. Туркестан"
    assert "place: {ru: г. Астана, kk: Алматы қаласы}" in case.read_text(encoding="utf-8")
    save(page)  # knowingly over the other program's change; the Kazakh text is kept
    assert "place: {ru: г. Туркестан, kk: Алматы қаласы}" in case.read_text(encoding="utf-8")

    step(page, "Протоколы участков")
    cell = page.locator('[name="c.2.13"]')
    cell.fill("34")
    table = cases / "almaty-2021" / "protocols.csv"
    table.write_bytes(table.read_bytes().replace(b"\r\n", b"\n") + b"\n")
    page.get_by_role("button", name="Сохранить таблицу").click()
    page.get_by_text("файл таблицы изменили в другой программе").wait_for()
    assert page.locator('[name="c.2.13"]').input_value() == "34"
