"""A voting removed with its rows in a real browser (Debian's Chromium driven by Playwright): the
page asks first, and the rows go only when the user confirms, through the page's own requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_rows
from test_web_browser import fill, page, server, step  # noqa: F401 (fixtures)
from test_web_browser import pytestmark as without_chromium

pytestmark = [pytest.mark.slow, without_chromium]


def test_a_voting_and_its_rows_are_removed_only_when_confirmed(  # type: ignore[no-untyped-def]
    server: tuple[str, Path],  # noqa: F811
    page,  # noqa: F811
) -> None:
    url, cases = server
    page.goto(url)
    page.get_by_role("link", name="Начать новое дело").click()
    fill(
        page,
        {
            "folder": "two",
            "full_name": "Иванова Анна Петровна",
            "address": "г. Алматы, ул. Примерная, 1",
            "election_date": "19.03.2023",
            "territory": "г. Алматы",
            "territory_genitive": "г. Алматы",
            "stations": "581",
            "appeal_date": "01.04.2023",
            "appeal_place": "г. Алматы",
        },
    )
    page.get_by_label("Два голосования одних и тех же избирателей в один день", exact=False).check()
    page.get_by_role("button", name="Создать дело").click()
    page.get_by_role("heading", name="Выборы и обращение").wait_for()
    folder = cases / "two"
    step(page, "Протоколы участков")
    page.get_by_role("button", name="Ввести протоколы здесь").click()
    page.locator('[name="c.3.1"]').wait_for()
    page.fill('[name="c.2.1"]', "12")  # the first station, both votings
    page.fill('[name="c.3.1"]', "12")
    page.get_by_role("button", name="Сохранить таблицу").click()
    page.get_by_text("Таблица сохранена.").wait_for()
    rows = read_rows(folder / "protocols.csv")
    assert [(r["station"], r["contest"]) for r in rows] == [("12", "first"), ("12", "second")]

    step(page, "Официальные итоги")
    page.get_by_role("button", name="Удалить это голосование").nth(1).click()
    page.get_by_role("alert").filter(has_text="Пока не удалено").wait_for()
    assert "в таблице протоколов — 1" in page.get_by_role("alert").inner_text()
    assert "- id: second" in (folder / "case.yaml").read_text(encoding="utf-8")
    assert len(read_rows(folder / "protocols.csv")) == 2
    page.get_by_role("button", name="Удалить голосование и эти строки").click()
    page.get_by_role("status").filter(has_text="Сохранено. Голосование удалено.").wait_for()
    assert "- id: second" not in (folder / "case.yaml").read_text(encoding="utf-8")
    assert [r["contest"] for r in read_rows(folder / "protocols.csv")] == ["first"]
    assert page.get_by_role("button", name="Удалить это голосование").count() == 0
