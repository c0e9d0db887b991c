"""What the resident page keeps between requests, and what it tells the browser: a change on disk
is always seen (never a stale form, preview or reference table), a form that is refused leaves
nothing behind, a waiting request hears of an edit at once, the separate letters of a build are
named for the user, and the warm-up loads everything a build imports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from election_appeal.case.reference import load_reference
from election_appeal.web.app import create_app

CODE = "test-code-cache"
PORT = 8767
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def client(cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("APPEAL_LANG", "ru")  # the page sets it when the language is chosen
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def rewrite_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Replace text by text of the same length and put the file's time back: only its content
    tells that it changed."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def shown(page: str) -> str:
    return page.replace("\u00a0", " ")


# --- a change on disk is always seen -----------------------------------------------------------


def test_an_edit_on_disk_is_seen_though_size_and_time_are_unchanged(
    client: TestClient, cases: Path
) -> None:
    assert 'value="43 337"' in shown(client.get(f"{CASE}/contests").text)
    assert "43 337" in shown(client.get(f"{CASE}/preview/appeal").text)
    rewrite_keeping_size_and_time(cases / "almaty-2021" / "case.yaml", "43337", "43338")
    assert 'value="43 338"' in shown(client.get(f"{CASE}/contests").text)
    preview = shown(client.get(f"{CASE}/preview/appeal").text)
    assert "43 338" in preview and "43 337" not in preview


def test_a_refused_save_leaves_the_file_and_the_next_form_as_they_were(
    client: TestClient, cases: Path
) -> None:
    page = client.get(f"{CASE}/contests").text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields["contests[0].votes.npk"] = "43 999"
    fields["version_case"] = "stale"  # another program wrote the file since: a conflict
    answer = client.post(f"{CASE}/contests", data=fields)
    assert answer.status_code == 409
    text = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    assert "43999" not in text and "43337" in text
    # The typed value was applied to the form's own copy only: the next view reads the file.
    again = shown(client.get(f"{CASE}/contests").text)
    assert 'value="43 337"' in again and "43 999" not in again


def test_the_reference_tables_are_read_again_when_their_content_changes(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", reference)
    case = tmp_path / "case"
    case.mkdir()
    assert load_reference(reference, case).funding.especially_large.mrp == 4000
    rewrite_keeping_size_and_time(reference / "funding.yaml", "mrp: 4000", "mrp: 5000")
    assert load_reference(reference, case).funding.especially_large.mrp == 5000
    # The case folder's own authorities.yaml, added, then changed.
    assert "tik_test" not in load_reference(reference, case).authorities
    own = case / "authorities.yaml"
    own.write_text(
        "tik_test:\n  kind: election_commission\n"
        "  name: {ru: ТИК Тестовая, kk: Тест АСК}\n"
        "  address: {postal_code: null, city: null, street: null, building: null}\n",
        encoding="utf-8",
    )
    assert load_reference(reference, case).authorities["tik_test"].kind == "election_commission"
    rewrite_keeping_size_and_time(own, "ТИК Тестовая", "ТИК Проверка")
    assert (
        load_reference(reference, case).authorities["tik_test"].name.texts["ru"] == "ТИК Проверка"
    )


# --- a waiting request hears of an edit --------------------------------------------------------


def test_a_waiting_request_for_the_frames_answers_with_an_edit_made_meanwhile(
    client: TestClient, cases: Path
) -> None:
    page = client.get(f"{CASE}/preview").text
    poll = re.search(r'<div id="frames" hx-get="([^"]+)" hx-trigger="load, every 1s"', page)
    assert poll, "the frames ask for news as soon as they are shown"
    answers = []
    waiting = threading.Thread(target=lambda: answers.append(client.get(poll.group(1))))
    waiting.start()
    path = cases / "almaty-2021" / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("43337", "43338"), encoding="utf-8")
    waiting.join()
    assert answers[0].status_code == 200  # the frames again, not "nothing changed"
    fresh = re.search(r'hx-get="([^"]+)"', answers[0].text)
    assert fresh and fresh.group(1) != poll.group(1)  # they ask about the new state now
    assert "43 338" in shown(client.get(f"{CASE}/preview/appeal").text)


# --- the separate letters, named for the user --------------------------------------------------

LETTERS = {
    "appeal--police_almaty.pdf": "Департамент полиции города Алматы — заявление об уголовном "
    "правонарушении: PDF для подачи",
    "appeal-bundle--anticorruption_almaty.pdf": "Всё одним файлом: Департамент Агентства "
    "Республики Казахстан по противодействию коррупции по городу Алматы — заявление об "
    "уголовном правонарушении с приложениями (PDF)",
    "appeal--central_election_commission.kk.docx": "Центральная избирательная комиссия "
    "Республики Казахстан — жалоба: Word, если нужно что-то поправить",
    "appeal--court_test.pdf": "Районный суд № 2 — административный иск: PDF для подачи",
}
LETTERS_KK = {
    "appeal--police_almaty.pdf": "Алматы қаласы Полиция департаменті — қылмыстық құқық бұзушылық "
    "туралы арыз: беруге арналған PDF",
    "appeal-bundle--anticorruption_almaty.pdf": "Барлығы бір файлда: Қазақстан Республикасы "
    "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Алматы қаласы бойынша департаменті — "
    "қылмыстық құқық бұзушылық туралы арыз қосымшаларымен (PDF)",
    "appeal--central_election_commission.kk.docx": "Қазақстан Республикасының Орталық сайлау "
    "комиссиясы — шағым: бірдеңені түзету керек болса, Word",
    "appeal--court_test.pdf": "№ 2 аудандық сот — әкімшілік талап қою: беруге арналған PDF",
}


def links(page: str) -> dict[str, str]:
    """Each downloadable file of the build list: its file name → the text of its link."""
    found = re.findall(r'<a href="/case/almaty-2021/files/([^"]+)" download>(.*?)</a>', page, re.S)
    return {name: " ".join(text.split()) for name, text in found}


def test_each_separate_letter_is_listed_by_addressee_and_document(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    # A court of the case's own, beside the shipped authorities.
    (cases / "almaty-2021" / "authorities.yaml").write_text(
        "court_test:\n  kind: court\n  name: {ru: Районный суд № 2, kk: № 2 аудандық сот}\n"
        "  address: {postal_code: null, city: null, street: null, building: null}\n",
        encoding="utf-8",
    )
    built = tmp_path / "output" / "almaty-2021"
    built.mkdir(parents=True)
    for name in [*LETTERS, "appeal--nobody_known.pdf", "appeal.pdf"]:
        (built / name).write_bytes(b"%PDF-1.7\n")
    listed = links(client.get(f"{CASE}/build").text)
    for name, label in LETTERS.items():
        assert listed[name] == label
    # An addressee the case does not know keeps the file's name; the main letter its label.
    assert listed["appeal--nobody_known.pdf"] == "appeal--nobody_known.pdf"
    assert listed["appeal.pdf"] == "Обращение — PDF для подачи (в том числе через eOtinish)"

    token = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{CASE}/build").text)
    assert token
    client.post("/language", data={"csrf": token.group(1), "lang": "kk", "next": "/"})
    listed = links(client.get(f"{CASE}/build").text)
    for name, label in LETTERS_KK.items():
        assert listed[name] == label


# --- the warm-up -------------------------------------------------------------------------------

IMPORTED = """
import sys
from pathlib import Path
from election_appeal import api
api.Preview.warm_up()
from election_appeal.publish import Settings, build_case
import election_appeal.publish.bulk  # what api.build imports before it forks
loaded = set(sys.modules)
settings = Settings(("pdf", "docx", "xlsx"), False, None, None)
outcome = build_case(Path(sys.argv[1]), Path(sys.argv[2]), settings)
assert outcome.status == "built", outcome
print("\\n".join(sorted(set(sys.modules) - loaded)))
"""


@pytest.mark.slow  # a build of the example, every format
def test_the_warm_up_loads_every_module_a_build_imports(cases: Path, tmp_path: Path) -> None:
    """A build from the page runs in a process forked from the page's: whatever it imports
    that the warm-up did not, it imports again at every build."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "APPEAL_LANG": "ru"}
    run = subprocess.run(
        [sys.executable, "-c", IMPORTED, str(cases / "almaty-2021"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == []


# --- what a check depends on -------------------------------------------------------------------


def test_the_digests_of_a_case_folder_follow_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from election_appeal import casefiles

    monkeypatch.setattr(casefiles, "SETTLED_SECONDS", 0)  # every file kept once read
    folder = tmp_path / "case"
    (folder / "copies").mkdir(parents=True)
    (folder / "copies" / "101.jpg").write_bytes(b"\xff\xd8 a photo")
    (folder / "case.yaml").write_text("a: 1\n", encoding="utf-8")
    (folder / ".hidden").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("not the case's", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.yaml")  # never opened: it would wait for a writer
    expected = {
        "case.yaml": hashlib.sha256(b"a: 1\n").hexdigest(),
        "copies/101.jpg": hashlib.sha256(b"\xff\xd8 a photo").hexdigest(),
    }
    assert casefiles.content_digests(folder) == expected
    # Kept now; a change of the same size with the time put back is still read.
    rewrite_keeping_size_and_time(folder / "case.yaml", "a: 1", "a: 2")
    assert casefiles.content_digests(folder)["case.yaml"] == hashlib.sha256(b"a: 2\n").hexdigest()
