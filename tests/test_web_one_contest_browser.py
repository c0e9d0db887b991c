"""A Kurultai case of one voting made in a real browser (Debian's Chromium driven by Playwright)
from the new-case form to a built appeal, as the activist of the review made hers: station
1234, her observer copy «А» 735 and «Б» 270, the official station table 810 and 195. No file is
edited by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_web_browser import fill, page, save, server, step  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def type_row(browser: object, header: list[str], values: dict[str, str]) -> None:
    """Type one row of a grid (the first under the header, row 2) cell by cell."""
    for column, value in values.items():
        browser.fill(f'[name="c.2.{header.index(column) + 1}"]', value)  # type: ignore[attr-defined]


def test_a_one_voting_case_is_made_in_the_browser_without_editing_a_file(  # type: ignore[no-untyped-def]
    server: tuple[str, Path],  # noqa: F811
    page,  # noqa: F811
) -> None:
    url, cases = server
    page.goto(url)
    page.get_by_role("link", name="Начать новое дело").click()
    fill(
        page,
        {
            "folder": "u1234",
            "full_name": "Иванова Анна Петровна",
            "address": "г. Астана, ул. Примерная, 1",
            "election_date": "30.08.2026",
            "territory": "Республика Казахстан",
            "territory_genitive": "Республики Казахстан",
            "stations": "10 000",
            "appeal_date": "07.09.2026",
            "appeal_place": "г. Астана",
        },
    )
    page.get_by_label("Одно голосование (например, выборы в Курултай)").check()
    page.get_by_role("button", name="Создать дело").click()
    page.get_by_role("heading", name="Выборы и обращение").wait_for()
    folder = cases / "u1234"
    assert "comparison:" not in (folder / "case.yaml").read_text(encoding="utf-8")
    page.check('[name="illustrative"]')  # the figures below are made up
    save(page)

    # Typed and not saved: leaving the section asks first, and staying keeps the value.
    fill(page, {"appeal.place": "г. Косшы"})
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    step(page, "Партии")
    page.wait_for_timeout(500)  # the dialog is answered by the handler above
    assert asked == ["beforeunload"]
    assert page.locator('[name="appeal.place"]').input_value() == "г. Косшы"
    fill(page, {"appeal.place": "г. Астана"})
    save(page)

    step(page, "Партии")
    fill(
        page,
        {
            "parties[0].name": "Партия А",
            "parties[0].short_name": "«А»",
            "parties[1].name": "Партия Б",
            "parties[1].short_name": "«Б»",
        },
    )
    save(page)

    step(page, "Официальные итоги")
    page.get_by_text("Голосование и его официальные итоги").wait_for()
    assert page.get_by_role("button", name="Удалить это голосование").count() == 0
    fill(
        page,
        {
            "contests[0].id": "kurultai",
            "contests[0].title": "Выборы депутатов Курултая Республики Казахстан",
            "contests[0].short_title": "Курултай",
            "contests[0].source": "Постановление ЦИК от 4 сентября 2026 года № 12/345",
            "contests[0].decided_by": "Центральная избирательная комиссия Республики Казахстан",
            "contests[0].source_date": "04.09.2026",
            "contests[0].votes.party_a": "3 412 587",
            "contests[0].votes.party_b": "1 106 244",
            "contests[0].seats": "145",
        },
    )
    save(page)

    step(page, "Мандаты и финансирование")
    fill(page, {"allocation.threshold": "5%"})
    page.select_option('[name="funding.contest"]', "")
    save(page)

    step(page, "Заявитель")
    page.select_option('[name="applicant.status.kind"]', "observer")
    fill(
        page,
        {"applicant.status.station": "1234", "applicant.status.organisation": "ОФ «Наблюдатели А»"},
    )
    save(page)

    step(page, "Протоколы участков")
    page.get_by_role("button", name="Ввести протоколы здесь").click()
    header = (folder / "protocols.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    type_row(page, header, {"station": "1234", "party_a": "735", "party_b": "270"})
    page.get_by_role("button", name="Сохранить таблицу").click()
    page.get_by_text("Таблица сохранена.").wait_for()

    step(page, "Официальные цифры по участкам")
    page.get_by_role("button", name="Ввести официальные цифры здесь").click()
    header = (folder / "official.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    type_row(page, header, {"station": "1234", "party_a": "810", "party_b": "195"})
    page.get_by_role("button", name="Сохранить таблицу").click()
    page.get_by_text("Таблица сохранена.").wait_for()
    fill(page, {"official_results.source": "Сводная таблица итогов по участкам"})
    save(page)
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert (
        "official_results:\n  file: official.csv\n  source: Сводная таблица итогов по участкам"
        in text
    )

    step(page, "Просмотр и документы")
    page.get_by_role("button", name="Собрать документы").click()
    page.get_by_text("Документы собраны.").wait_for(timeout=240_000)
    import docx

    appeal = docx.Document(str(folder.parent.parent / "output" / "u1234" / "appeal.docx"))
    rows = [[c.text for c in row.cells] for row in appeal.tables[0].rows]
    # By hand: copy − official = 735 − 810 = −75 for «А», 270 − 195 = +75 for «Б».
    assert rows[1:] == [
        ["1234", "Курултай", "«А»", "735", "810", "−75"],
        ["1234", "Курултай", "«Б»", "270", "195", "+75"],
    ]
