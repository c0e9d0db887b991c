"""Saves sent together (a double click, two open tabs, two servers on one folder): exactly one is
written, every other one gets the conflict page with what was typed in it, nothing is lost
silently."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from election_appeal.web.app import create_app
from election_appeal.web.caselock import case_lock

CODE = "saves-code-4321"
PORT = 8769
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"
# Saves sent at once in a round, and rounds: the old page let two or more of six through in
# every round, so one round in which several succeed is all but certain without the lock.
AT_ONCE = 6
ROUNDS = 8
SAVED = "Сохранено."
CONFLICT = "Не сохранено: файл дела изменили в другой программе"


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> Iterator[TestClient]:
    """One server (one event loop, its worker threads) and a browser that opened it."""
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    with TestClient(app, base_url=BASE) as browser:
        assert browser.get(f"/?code={CODE}").status_code == 200
        yield browser


def hidden(page: str, name: str) -> str:
    """The value of a hidden field of a page."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return html.unescape(match.group(1))


def applicant_name(case_yaml: Path) -> str:
    """The applicant's name case.yaml holds (its Russian text when it is given per language)."""
    name = yaml.safe_load(case_yaml.read_text(encoding="utf-8"))["applicant"]["full_name"]
    return str(name["ru"] if isinstance(name, dict) else name)


def together(send: Callable[[int], Any], count: int) -> list[Any]:
    """`count` requests let go at the same moment from threads of their own, in order."""
    start = threading.Barrier(count)
    answers: list[Any | None] = [None] * count

    def one(number: int) -> None:
        start.wait()
        answers[number] = send(number)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answer is not None for answer in answers), "a request never came back"
    return [answer for answer in answers if answer is not None]


def test_one_of_several_saves_of_the_applicant_sent_together_is_written(
    client: TestClient, cases: Path
) -> None:
    case_yaml = cases / "almaty-2021" / "case.yaml"
    for round_number in range(ROUNDS):
        page = client.get(f"{CASE}/applicant").text
        fields = {"csrf": hidden(page, "csrf"), "version_case": hidden(page, "version_case")}
        fields |= {"version_applicant": "", "applicant.address": "г. Алматы, ул. Абая, 1"}
        names = [f"Заявитель {round_number}-{n} Тестовый" for n in range(AT_ONCE)]

        def save(number: int, fields: dict[str, str] = fields, names: list[str] = names) -> Any:
            typed = fields | {"applicant.full_name": names[number]}
            return client.post(f"{CASE}/applicant", data=typed)

        answers = together(save, AT_ONCE)
        saved = [n for n, answer in enumerate(answers) if SAVED in answer.text]
        assert len(saved) == 1, f"round {round_number}: {len(saved)} saves said «Saved»"
        assert answers[saved[0]].status_code == 200
        # The file holds the one value the page said it saved.
        assert applicant_name(case_yaml) == names[saved[0]]
        for number, answer in enumerate(answers):
            if number == saved[0]:
                continue
            assert answer.status_code == 409
            assert CONFLICT in answer.text
            # What this save typed is shown, in its field and against the file's value.
            shown = html.unescape(answer.text)
            assert f'value="{names[number]}"' in shown
            assert f'<td class="mine">{names[number]}</td>' in shown
            assert f'<td class="theirs">{names[saved[0]]}</td>' in shown


def test_one_of_several_saves_of_the_same_protocol_cell_is_written(
    client: TestClient, cases: Path
) -> None:
    table = cases / "almaty-2021" / "protocols.csv"
    for round_number in range(ROUNDS):
        page = client.get(f"{CASE}/protocols").text
        assert 'name="c.2.6"' in page, "the grid shows no voters on the first station's list"
        fields = {"csrf": hidden(page, "csrf"), "version": hidden(page, "version")}
        figures = [str(1000 + round_number * 10 + n) for n in range(AT_ONCE)]

        def save(number: int, fields: dict[str, str] = fields, figures: list[str] = figures) -> Any:
            typed = fields | {"c.2.6": figures[number]}
            return client.post(f"{CASE}/protocols/grid", data=typed)

        answers = together(save, AT_ONCE)
        written = [n for n, answer in enumerate(answers) if answer.status_code == 200]
        assert len(written) == 1, f"round {round_number}: {len(written)} grids were written"
        first_row = table.read_text(encoding="utf-8").splitlines()[1].split(",")
        assert first_row[5] == figures[written[0]]  # voters_on_list, the 6th column
        for number, answer in enumerate(answers):
            if number != written[0]:
                assert answer.status_code == 409
                assert f'value="{figures[number]}"' in answer.text  # typed, kept to re-apply


def test_another_process_waits_for_the_case_a_server_is_writing(cases: Path) -> None:
    """A second `appeal serve` on the same folder: the lock is the system's, not only the
    threads' of one process."""
    folder = cases / "almaty-2021"
    probe = (
        "import fcntl, os, sys\n"
        "handle = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)\n"
        "try:\n"
        "    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    print('held')\n"
        "else:\n"
        "    print('free')\n"
    )

    def other_process() -> str:
        run = [sys.executable, "-c", probe, str(folder)]
        return subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()

    with case_lock(folder):
        assert other_process() == "held"
    assert other_process() == "free"


def _photo(number: int) -> bytes:
    """A made-up photo of a protocol copy, a different one for each number."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(image).text((20, 20 + number * 10), f"copy {number}", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def test_copies_sent_together_are_all_kept_with_their_provenance(
    client: TestClient, cases: Path
) -> None:
    """Several photos sent at once (several tabs): each file and each row of copies.csv is
    written; none replaces another's."""
    stations = ["12", "13", "100", "117", "120", "137"]
    page = client.get(f"{CASE}/copies").text
    token = hidden(page, "csrf")

    def send(number: int) -> Any:
        fields = {"csrf": token, "station": stations[number], "contest": "mazhilis"}
        fields["received_by"] = f"Наблюдатель {number}"
        copy = {"copy": (f"p{number}.jpg", _photo(number), "image/jpeg")}
        return client.post(f"{CASE}/copies", data=fields, files=copy)

    answers = together(send, len(stations))
    assert [answer.status_code for answer in answers] == [200] * len(stations)
    folder = cases / "almaty-2021" / "copies"
    for number, station in enumerate(stations):
        assert (folder / f"{station}_mazhilis.jpg").read_bytes() == _photo(number)
    with (folder / "copies.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["station"], r["received_by"]) for r in csv.DictReader(handle)}
    assert rows == {(station, f"Наблюдатель {n}") for n, station in enumerate(stations)}
