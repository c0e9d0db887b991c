"""The local web page against hostile files, connections and browsers: each item of the hostile
reading of `appeal serve` (issue 23), reproduced. Where the old page hung or exhausted memory,
the server runs as `appeal serve` in its own process with a memory limit, and every request has
a generous timeout: a bound on a hang, not a measure of speed."""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import EXAMPLE, read_rows, write_rows
from election_appeal.web.app import create_app

CODE = "hostile-code-5678"
PORT = 8767
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"
# Long enough for any answer on a loaded machine; a hang or a 40-second parse goes past it.
PATIENCE = 30
# The memory of the server process: far more than the page needs, far less than a YAML bomb
# or a 3 GB file read whole.
MEMORY = 2_000_000_000
# An alias bomb (about 400 bytes): nine lists of nine aliases of the list before, 9^9 values.
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> TestClient:
    """A browser that opened the page with its one-time code."""
    browser = TestClient(create_app([cases], tmp_path / "output", CODE, PORT), base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def csrf(page: str) -> str:
    """The CSRF token of a page's forms."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page has no form"
    return match.group(1)


def hidden(page: str, name: str) -> str:
    """The value of a hidden field of a page."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


@dataclass
class Served:
    """`appeal serve` in its own process, and a browser (with cookies) that opened it."""

    base: str
    open: Callable[..., tuple[int, str]]
    process: subprocess.Popen[str]


def _limits(memory: int | None, file_size: int | None) -> Callable[[], None]:
    def apply() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            # A write past the limit fails (EFBIG) as on a full disk, instead of killing.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `appeal serve` on a folder, under limits; stopped after the test."""
    started: list[subprocess.Popen[str]] = []

    def start(folder: Path, memory: int | None = MEMORY, file_size: int | None = None) -> Served:
        command = [sys.executable, "-m", "election_appeal", "serve", str(folder), "--no-browser"]
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        process = subprocess.Popen(
            [*command, "--out", str(tmp_path / "output")],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            preexec_fn=_limits(memory, file_size),
        )
        started.append(process)
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        base = url.split("/?", 1)[0]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def fetch(path: str, data: bytes | None = None, **headers: str) -> tuple[int, str]:
            request = urllib.request.Request(
                path if path.startswith("http") else base + path, data, headers
            )
            try:
                with opener.open(request, timeout=PATIENCE) as response:
                    return response.status, response.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode("utf-8", "replace")

        assert fetch(url)[0] == 200
        return Served(base, fetch, process)

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def _name_the_applicant_file(case: Path) -> None:
    text = (case / "case.yaml").read_text(encoding="utf-8")
    start = text.index("applicant:\n")
    end = text.index("\nappeal:")
    (case / "case.yaml").write_text(
        text[:start] + "applicant: {file: applicant.yaml}\n" + text[end:], encoding="utf-8"
    )


# --- files the library refuses: the page refuses them too, quickly --------------------------


def test_a_yaml_alias_bomb_is_refused_and_the_server_keeps_answering(
    cases: Path, serve: Callable[..., Served]
) -> None:
    case = cases / "almaty-2021"
    text = (case / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("territory: г. Алматы", "territory: *i", 1)
    (case / "case.yaml").write_text(BOMB + text, encoding="utf-8")
    server = serve(cases)
    status, page = server.open(f"{CASE}/general")
    assert status == 200
    assert "Файл дела не читается" in page
    assert "counting each use of an alias" in page  # the library's reason, as `check` gives it
    assert server.open("/")[0] == 200


def test_a_pipe_as_the_applicants_file_does_not_hang_the_server(
    cases: Path, serve: Callable[..., Served]
) -> None:
    case = cases / "almaty-2021"
    _name_the_applicant_file(case)
    os.mkfifo(case / "applicant.yaml")
    server = serve(cases)
    for path in (f"{CASE}/applicant", f"{CASE}/preview", f"{CASE}/preview-frames", "/"):
        assert server.open(path)[0] == 200, path
    assert "not a regular file" in server.open(f"{CASE}/applicant")[1]


def test_a_huge_applicants_file_is_not_read(
    cases: Path, serve: Callable[..., Served], tmp_path: Path
) -> None:
    case = cases / "almaty-2021"
    _name_the_applicant_file(case)
    with (case / "applicant.yaml").open("wb") as huge:
        huge.truncate(3_000_000_000)  # 3 GB, sparse: no disk used
    server = serve(cases)
    for path in (f"{CASE}/preview", f"{CASE}/preview-frames", f"{CASE}/applicant", "/"):
        assert server.open(path)[0] == 200, path
    assert "too large" in server.open(f"{CASE}/applicant")[1]


def test_a_symlinked_applicants_file_is_not_shown(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    case = cases / "almaty-2021"
    _name_the_applicant_file(case)
    elsewhere = tmp_path / "someone-elses.yaml"
    elsewhere.write_text("full_name: Чужой Человек Тайный\naddress: ул. Секретная\n", "utf-8")
    (case / "applicant.yaml").symlink_to(elsewhere)
    page = client.get(f"{CASE}/applicant").text
    assert "Чужой" not in page and "Секретная" not in page
    assert "leads outside the case folder" in page


# --- the session stays on this machine --------------------------------------------------------


def test_the_browser_gets_a_one_time_code_and_a_session_cookie_of_its_own(
    cases: Path, tmp_path: Path
) -> None:
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    entry = browser.get(f"/?code={CODE}", follow_redirects=False)
    cookie = entry.headers["set-cookie"]
    assert cookie.startswith(f"appeal_session_{PORT}=") and CODE not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert browser.get(f"{CASE}/applicant").status_code == 200
    # Whoever read the code from the browser's command line (ps) after it was used: nothing.
    late = TestClient(app, base_url=BASE)
    assert late.get(f"/?code={CODE}").status_code == 403
    assert late.get(f"{CASE}/applicant").status_code == 403


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """What the process prints, line by line, to be waited for with a bound."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_serve_prints_a_one_time_address_and_a_fresh_one_after_it_is_used(cases: Path) -> None:
    command = [sys.executable, "-m", "election_appeal", "serve", str(cases), "--no-browser"]
    process = subprocess.Popen(
        [*command, "--out", str(cases.parent / "output")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    said = _lines(process)
    try:
        url = said.get(timeout=PATIENCE).strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?code=[\w-]{43}", url)
        said.get(timeout=PATIENCE)  # how to use it
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        assert opener.open(url, timeout=PATIENCE).status == 200
        with pytest.raises(urllib.error.HTTPError) as used:
            urllib.request.urlopen(url, timeout=PATIENCE)
        assert used.value.code == 403
        fresh = re.search(r"http://\S+", said.get(timeout=PATIENCE))
        assert fresh and fresh.group(0) != url
        another = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        assert another.open(fresh.group(0), timeout=PATIENCE).status == 200
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_no_page_is_cached_or_framed(client: TestClient) -> None:
    for path in ("/", f"{CASE}/applicant", f"{CASE}/protocols", f"{CASE}/preview"):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store", path
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'", path
        assert response.headers["x-frame-options"] == "DENY", path
    refused = TestClient(client.app, base_url=BASE).get(f"{CASE}/applicant")
    assert refused.status_code == 403 and refused.headers["cache-control"] == "no-store"
    # The documents show in the page's own preview frame, and nowhere else.
    document = client.get(f"{CASE}/preview/appeal")
    assert "frame-ancestors 'self'" in document.headers["content-security-policy"]
    assert document.headers["cache-control"] == "no-store"


def test_a_connection_that_never_finishes_its_request_is_closed(
    cases: Path, serve: Callable[..., Served]
) -> None:
    server = serve(cases, memory=None)
    host, port = server.base.removeprefix("http://").split(":")
    silent = socket.create_connection((host, int(port)))
    trickling = socket.create_connection((host, int(port)))
    trickling.sendall(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\n".encode())
    for connection in (silent, trickling):
        connection.settimeout(PATIENCE)
        try:
            assert connection.recv(1024) == b""  # closed by the server
        except ConnectionResetError:
            pass
        finally:
            connection.close()
    assert server.open("/")[0] == 200


# --- uploads and saves ---------------------------------------------------------------------


def _upload(client: TestClient, name: str, content: bytes) -> str:
    page = client.get(f"{CASE}/protocols").text
    fields = {"csrf": csrf(page)}
    response = client.post(
        f"{CASE}/protocols/upload", data=fields, files={"table": (name, content, "text/csv")}
    )
    return response.text


def test_a_second_upload_never_loses_the_first_hand_edited_table(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    case = cases / "almaty-2021"
    rows = read_rows(EXAMPLE / "protocols.csv")
    first = tmp_path / "first.csv"
    write_rows(first, rows)
    _upload(client, "first.csv", first.read_bytes())
    page = client.get(f"{CASE}/protocols").text
    fields = {"csrf": csrf(page), "version": hidden(page, "version"), "c.2.2": "Исправленный"}
    assert "Таблица сохранена." in client.post(f"{CASE}/protocols/grid", data=fields).text
    edited = (case / "protocols.csv").read_bytes()
    second = tmp_path / "second.csv"
    write_rows(second, rows[:4])
    _upload(client, "second.csv", second.read_bytes())
    _upload(client, "third.csv", second.read_bytes())
    kept = [p.read_bytes() for p in sorted((case / "history").iterdir())]
    assert edited in kept and first.read_bytes() in kept
    assert (EXAMPLE / "protocols.csv").read_bytes() in kept


def test_an_upload_that_cannot_be_written_leaves_the_table_as_it_was(
    cases: Path, serve: Callable[..., Served], tmp_path: Path
) -> None:
    """The server may write files of 100 KB at most: a larger upload fails as on a full disk."""
    case = cases / "almaty-2021"
    before = (case / "protocols.csv").read_bytes()
    server = serve(cases, memory=None, file_size=100_000)
    page = server.open(f"{CASE}/protocols")[1]
    boundary = "hostileboundary"
    table = before + before.split(b"\n", 1)[1] * 10  # about 160 KB of rows
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf(page)}\r\n'
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="table"; filename="protocols.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + table
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, answer = server.open(
        f"{CASE}/protocols/upload",
        body,
        **{"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert status == 507
    assert "Таблица дела осталась прежней" in answer
    assert (case / "protocols.csv").read_bytes() == before
    assert [p.name for p in case.iterdir() if p.name.endswith(".tmp")] == []


def test_temporary_files_a_crash_left_are_removed_at_start(cases: Path, tmp_path: Path) -> None:
    case = cases / "almaty-2021"
    leftovers = [".case.yaml.k2j3h4.tmp", ".applicant.yaml.x1.tmp", ".appeal-protocols.csv.a.tmp"]
    for name in leftovers:
        (case / name).write_text("iin: 880101300012\n", encoding="utf-8")
    (case / "notes.tmp").write_text("mine\n", encoding="utf-8")
    create_app([cases], tmp_path / "output", CODE, PORT)
    assert sorted(p.name for p in case.iterdir() if p.name.endswith(".tmp")) == ["notes.tmp"]


# --- names and cells -----------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["алматы-2021", "дело #2"])
def test_a_cyrillic_or_hash_folder_name_works_for_links_and_the_blank_table(
    folder: str, tmp_path: Path
) -> None:
    root = tmp_path / "cases"
    shutil.copytree(EXAMPLE, root / folder)
    browser = TestClient(create_app([root], tmp_path / "output", CODE, PORT), base_url=BASE)
    home = browser.get(f"/?code={CODE}").text
    link = re.search(r'<td><a href="([^"]+)">', home)
    assert link and "#" not in link.group(1)
    assert browser.get(link.group(1)).status_code == 200
    blank = browser.get(link.group(1).replace("/general", "/protocols/blank.xlsx"))
    assert blank.status_code == 200
    disposition = blank.headers["content-disposition"]
    quoted = urllib.parse.quote(f"{folder}-protocols.xlsx", safe="")
    assert disposition.endswith(f"filename*=UTF-8''{quoted}")
    assert blank.content.startswith(b"PK")


@pytest.mark.parametrize(
    "formula", ["-2+3+cmd|' /C calc'!A0", "=1+1", "+cmd|x", "@SUM(1)", "\t=1", "-"]
)
def test_a_formula_typed_into_the_grid_is_refused(
    client: TestClient, cases: Path, formula: str
) -> None:
    before = (cases / "almaty-2021" / "protocols.csv").read_bytes()
    page = client.get(f"{CASE}/protocols").text
    fields = {"csrf": csrf(page), "version": hidden(page, "version"), "c.2.13": formula}
    response = client.post(f"{CASE}/protocols/grid", data=fields)
    assert response.status_code == 400
    assert "так в Excel начинаются формулы" in response.text
    assert (cases / "almaty-2021" / "protocols.csv").read_bytes() == before


def test_a_negative_number_is_not_taken_for_a_formula(client: TestClient, cases: Path) -> None:
    page = client.get(f"{CASE}/protocols").text
    fields = {"csrf": csrf(page), "version": hidden(page, "version"), "c.2.13": "-3"}
    response = client.post(f"{CASE}/protocols/grid", data=fields)
    assert response.status_code == 200
    assert "is negative" in response.text  # written, and the check says what is wrong
    assert read_rows(cases / "almaty-2021" / "protocols.csv")[0]["npk"] == "-3"
