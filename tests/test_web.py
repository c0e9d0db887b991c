"""The local web page through Starlette's test client: access, CSRF, paths, forms, protocols."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from conftest import EXAMPLE, EXAMPLE_OUTPUTS, read_rows, write_rows
from election_appeal.cli import main
from election_appeal.errors import UsageError
from election_appeal.web.app import create_app
from election_appeal.web.server import bind

CODE = "test-code-1234"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> TestClient:
    """A browser that opened the address with the one-time code."""
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
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


def form_of(client: TestClient, path: str) -> dict[str, str]:
    """The hidden fields a form sends along: CSRF token and file versions."""
    page = client.get(path).text
    fields = {"csrf": csrf(page)}
    for name in ("version_case", "version_applicant", "version"):
        if f'name="{name}"' in page:
            fields[name] = hidden(page, name)
    return fields


GENERAL = {
    "election.date": "10 января 2021 г.",
    "election.territory": "г. Алматы",
    "election.stations": "581",
    "appeal.date": "06.04.2021",
    "appeal.place": "г. Алматы",
    "illustrative": "on",
}


# --- who may use it ---------------------------------------------------------------------------


def test_without_the_code_every_address_is_refused(cases: Path, tmp_path: Path) -> None:
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    stranger = TestClient(app, base_url=BASE)
    for path in ("/", f"{CASE}/general", f"{CASE}/preview/appeal", "/static/style.css"):
        response = stranger.get(path)
        assert response.status_code == 403
        assert "Нет доступа" in response.text
    assert stranger.get("/?code=wrong").status_code == 403
    assert stranger.post(f"{CASE}/general", data=GENERAL).status_code == 403


def test_the_code_works_once_and_is_exchanged_for_a_session_cookie(
    cases: Path, tmp_path: Path
) -> None:
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    entry = browser.get(f"{CASE}/general?code={CODE}", follow_redirects=False)
    assert entry.status_code == 303
    assert entry.headers["location"] == f"{CASE}/general"
    cookie = entry.headers["set-cookie"]
    name, session = cookie.split(";", 1)[0].split("=", 1)
    # A cookie of its own, named after the port; the code is not the session.
    assert name == f"appeal_session_{PORT}" and len(session) >= 43 and CODE not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert browser.get(f"{CASE}/general").status_code == 200
    # The code died on first use: someone who read it from the browser's command line (ps)
    # afterwards gets nothing.
    stranger = TestClient(app, base_url=BASE)
    assert stranger.get(f"/?code={CODE}").status_code == 403
    assert stranger.get(f"{CASE}/general").status_code == 403
    # Nor does a cookie holding the code instead of a session.
    stranger.cookies.set(f"appeal_session_{PORT}", CODE)
    assert stranger.get(f"{CASE}/general").status_code == 403


def test_another_host_name_is_refused_even_with_the_token(client: TestClient) -> None:
    # A page on another site that rebinds its name to 127.0.0.1 sends its own Host header.
    response = client.get("/", headers={"host": f"evil.example:{PORT}"})
    assert response.status_code == 400


def test_a_form_without_the_csrf_token_changes_nothing(client: TestClient, cases: Path) -> None:
    before = (cases / "almaty-2021" / "case.yaml").read_bytes()
    fields = form_of(client, f"{CASE}/general")
    del fields["csrf"]
    response = client.post(f"{CASE}/general", data={**fields, **GENERAL, "appeal.place": "X"})
    assert response.status_code == 403
    assert "Форма устарела" in response.text
    wrong = client.post(f"{CASE}/general", data={**fields, **GENERAL, "csrf": "forged"})
    assert wrong.status_code == 403
    assert (cases / "almaty-2021" / "case.yaml").read_bytes() == before


def test_a_non_loopback_address_cannot_be_bound() -> None:
    for host in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
        with pytest.raises(UsageError, match="listens on this computer only"):
            bind(host, 0)
    sock = bind("127.0.0.1", 0)
    assert sock.getsockname()[0] == "127.0.0.1"
    sock.close()
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "No such option '--host'" in result.output


@pytest.mark.parametrize(
    "path",
    [
        "/case/..%2F..%2Fetc/general",
        "/case/%2e%2e/general",
        "/case/almaty-2021/files/..%2Fcase.yaml",
        "/case/almaty-2021/files/case.yaml",
        "/case/almaty-2021/files/%2Fetc%2Fpasswd",
        "/case/almaty-2021/preview/..%2F..%2Fcase",
        "/case/almaty-2021/..%2Fapplicant",
        "/static/..%2Fapp.py",
        "/static/../app.py",
        "/case/nonexistent/general",
    ],
)
def test_no_path_outside_the_served_folders(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Такой страницы нет" in response.text


def test_a_new_case_cannot_be_made_outside_the_served_folder(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    fields = form_of(client, "/new")
    for name in ("../evil", "/tmp/evil", ".hidden", "a/b"):
        response = client.post("/new", data={**fields, "folder": name})
        assert "Имя папки: буквы, цифры, дефис и подчёркивание" in response.text
    assert sorted(p.name for p in cases.iterdir()) == ["almaty-2021"]
    assert not (tmp_path / "evil").exists()


# --- forms -------------------------------------------------------------------------------------


def test_saving_keeps_comments_and_order_and_changes_only_the_edited_lines(
    client: TestClient, cases: Path
) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    fields = form_of(client, f"{CASE}/general")
    response = client.post(f"{CASE}/general", data={**fields, **GENERAL})
    assert response.status_code == 200
    assert "Сохранено." in response.text
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    # The typed date "06.04.2021" replaced the date; its comment stayed on the line.
    assert changed == [
        (
            "  date: 2021-04-05          # an example date of signing",
            "  date: 2021-04-06          # an example date of signing",
        )
    ]


def test_numbers_and_dates_are_read_as_people_type_them(client: TestClient, cases: Path) -> None:
    page = client.get(f"{CASE}/contests").text
    fields = dict(re.findall(r'name="(contests\[\d\][^"]*)"[^>]*?value="([^"]*)"', page))
    fields["contests[0].votes.npk"] = "43 338"
    fields["comparison.first"], fields["comparison.second"] = "mazhilis", "maslikhat"
    hidden_fields = form_of(client, f"{CASE}/contests")
    response = client.post(f"{CASE}/contests", data={**hidden_fields, **fields})
    assert "Сохранено." in response.text
    text = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    assert "votes: {npk: 43338, nur_otan: 178461, auyl: 31802, ak_zhol: 48887, adal: 18835}" in text


def test_a_value_that_cannot_be_read_is_shown_and_nothing_is_saved(
    client: TestClient, cases: Path
) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    before = path.read_bytes()
    fields = form_of(client, f"{CASE}/general")
    typed = {**GENERAL, "election.date": "10 январа 2021", "election.stations": "58l"}
    response = client.post(f"{CASE}/general", data={**fields, **typed})
    assert "Не сохранено: исправьте отмеченные поля." in response.text
    assert "Не похоже на дату. Напишите, например, 10.01.2021." in response.text
    assert "Нужно целое число, не меньше нуля, например 43 337." in response.text
    assert 'value="10 январа 2021"' in response.text  # what was typed stays in the field
    assert path.read_bytes() == before


def test_a_check_problem_is_shown_next_to_its_field(client: TestClient, cases: Path) -> None:
    fields = form_of(client, f"{CASE}/general")
    response = client.post(f"{CASE}/general", data={**fields, **GENERAL, "election.stations": "10"})
    assert "Сохранено." in response.text
    # The same words as `appeal check`, under the field they are about.
    field = response.text.split('id="f-election.stations"', 1)[1].split("</div>", 1)[0]
    assert "the protocols cover 66 stations, more than the 10 it has" in field
    assert "Ошибок: 1." in response.text


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(
    client: TestClient, cases: Path
) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    fields = form_of(client, f"{CASE}/general")
    elsewhere = path.read_text(encoding="utf-8").replace(
        "place: {ru: г. Алматы", "place: {ru: г. Астана"
    )
    path.write_text(elsewhere, encoding="utf-8")
    response = client.post(f"{CASE}/general", data={**fields, **GENERAL})
    assert response.status_code == 409
    assert "файл дела изменили в другой программе" in response.text
    assert path.read_text(encoding="utf-8") == elsewhere
    # Both versions are shown, and what was typed stays in its field.
    row = re.search(
        r">Место подписания</a></td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)<", response.text
    )
    assert row and row.groups() == ("г. Астана", "г. Алматы")
    assert 'name="appeal.date" type="text" value="06.04.2021"' in response.text
    # Saving again writes what was typed over the other program's change, knowingly.
    fields["version_case"] = hidden(response.text, "version_case")
    again = client.post(f"{CASE}/general", data={**fields, **GENERAL})
    assert "Сохранено." in again.text


NEW_CASE = {
    "folder": "astana-2023",
    "full_name": "Иванов Иван Иванович",
    "address": "г. Астана, ул. Примерная, 1",
    "election_date": "19.03.2023",
    "territory": "г. Астана",
    "territory_genitive": "г. Астаны",
    "stations": "300",
    "contests": "2",
    "appeal_date": "1 апреля 2023 г.",
    "appeal_place": "г. Астана",
}


def test_a_new_case_is_made_with_the_applicant_in_a_separate_file(
    client: TestClient, cases: Path
) -> None:
    answers = NEW_CASE
    response = client.post("/new", data={**form_of(client, "/new"), **answers})
    assert response.url.path == "/case/astana-2023/general"
    folder = cases / "astana-2023"
    assert 'full_name: "Иванов Иван Иванович"' in (folder / "applicant.yaml").read_text()
    case = (folder / "case.yaml").read_text(encoding="utf-8")
    assert "applicant: {file: applicant.yaml}" in case
    page = client.get("/case/astana-2023/protocols").text
    assert "В папке дела две таблицы протоколов" in page
    assert '  date: "2023-03-19"' in case and '  date: "2023-04-01"' in case


# --- protocols --------------------------------------------------------------------------------


def _upload(client: TestClient, name: str, content: bytes) -> str:
    fields = form_of(client, f"{CASE}/protocols")
    files = {"table": (name, content, "text/csv")}
    response = client.post(f"{CASE}/protocols/upload", data=fields, files=files)
    return response.text


def test_an_upload_with_two_errors_lists_both_and_marks_their_cells(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    rows = read_rows(EXAMPLE / "protocols.csv")
    rows[0]["npk"] = "3З"  # a Cyrillic З typed for the digit 3
    rows[3]["invalid"] = "-3"
    upload = tmp_path / "upload.csv"
    write_rows(upload, rows, delimiter=";")
    page = _upload(client, "мои протоколы.csv", upload.read_bytes())
    assert "Таблица загружена." in page
    table = page.split('class="problem-table"', 1)[1].split("</table>", 1)[0]
    errors = r"<tr class=\"error\"><td>Ошибка</td><td>protocols.csv</td>(.*?)</tr>"
    cells = re.findall(errors, table)
    assert cells == [
        "<td>2</td><td>npk</td><td>&#34;3З&#34; is not a number</td>",
        "<td>5</td><td>invalid</td><td>&#34;-3&#34; is negative; a count cannot be below zero</td>",
    ]
    assert re.search(r'<td class="bad"><input name="c\.2\.13" value="3З"', page)
    assert re.search(r'<td class="bad"><input name="c\.5\.11" value="-3"', page)
    # The replaced table is kept, dated, in the case's history folder.
    (kept,) = (cases / "almaty-2021" / "history").iterdir()
    assert re.fullmatch(r"protocols\.\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.csv", kept.name)
    assert kept.read_bytes() == (EXAMPLE / "protocols.csv").read_bytes()


def test_fixing_the_cells_in_the_grid_writes_the_table_back_in_its_own_format(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    rows = read_rows(EXAMPLE / "protocols.csv")
    rows[0]["npk"], rows[3]["invalid"] = "3З", "-3"
    upload = tmp_path / "upload.csv"
    write_rows(upload, rows, delimiter=";")
    _upload(client, "upload.csv", upload.read_bytes())
    fields = form_of(client, f"{CASE}/protocols")
    response = client.post(f"{CASE}/protocols/grid", data={**fields, "c.2.13": "33", "c.5.11": "3"})
    assert "Таблица сохранена." in response.text
    assert _table_errors(response.text) == 0  # the example's three broken ratios stay warnings
    written = (cases / "almaty-2021" / "protocols.csv").read_text(encoding="utf-8")
    expected = upload.read_text(encoding="utf-8").replace(";3З;", ";33;").replace(";-3;", ";3;")
    assert written == expected  # same delimiter, line ends, every other cell as it was


def test_a_formula_is_never_written_into_the_table(client: TestClient, cases: Path) -> None:
    before = (cases / "almaty-2021" / "protocols.csv").read_bytes()
    fields = form_of(client, f"{CASE}/protocols")
    response = client.post(f"{CASE}/protocols/grid", data={**fields, "c.2.13": "=1+1"})
    assert "ячейка не может начинаться с «=», «+», «-» или «@»" in response.text
    assert (cases / "almaty-2021" / "protocols.csv").read_bytes() == before


def test_an_upload_over_the_limit_is_refused(client: TestClient, cases: Path) -> None:
    before = (cases / "almaty-2021" / "protocols.csv").read_bytes()
    rows = b"1,mazhilis\n" * 1_000_000  # 11 MB: over the 10 MB of a table
    page = _upload(client, "big.csv", b"station,contest\n" + rows)
    assert "Файл слишком большой: не больше 10 МБ." in page
    # A body larger than any form is refused before it is read.
    huge = _upload(client, "huge.csv", b"station,contest\n" + rows * 2)
    assert "<h1>Слишком большой файл</h1>" in huge
    assert (cases / "almaty-2021" / "protocols.csv").read_bytes() == before


def test_the_preview_follows_a_saved_figure(client: TestClient) -> None:
    before = client.get(f"{CASE}/preview/appeal")
    assert before.headers["content-security-policy"].startswith("default-src 'none'")
    assert "43 337" in before.text.replace("\u00a0", " ")
    page = client.get(f"{CASE}/contests").text
    fields = dict(re.findall(r'name="(contests\[\d\][^"]*)"[^>]*?value="([^"]*)"', page))
    fields |= {"contests[0].votes.npk": "43 338", "comparison.first": "mazhilis"}
    fields["comparison.second"] = "maslikhat"
    client.post(f"{CASE}/contests", data={**form_of(client, f"{CASE}/contests"), **fields})
    after = client.get(f"{CASE}/preview/appeal").text.replace("\u00a0", " ")
    assert "43 338" in after and "43 337" not in after


# --- the server process -----------------------------------------------------------------------


def test_the_server_logs_nothing_personal_and_stops_cleanly_on_ctrl_c(cases: Path) -> None:
    import http.cookiejar
    import signal
    import subprocess
    import sys
    import urllib.parse
    import urllib.request

    command = [sys.executable, "-m", "election_appeal", "serve", str(cases), "--no-browser"]
    server = subprocess.Popen(
        [*command, "--out", str(cases.parent / "output")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?code=[\w-]{43}", url)
    base, token = url.split("/?code=")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(url).read().decode()
    applicant = f"{base}{CASE}/applicant"
    page = opener.open(applicant).read().decode()
    fields = {
        "csrf": csrf(page),
        "version_case": hidden(page, "version_case"),
        "version_applicant": "",
        "applicant.full_name": "Секретова Тайна Скрытовна",
        "applicant.address": "г. Алматы, ул. Тайная, 7",
    }
    saved = opener.open(applicant, data=urllib.parse.urlencode(fields).encode()).read().decode()
    assert "Сохранено." in saved
    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=20)
    assert server.returncode == 0
    assert out.splitlines()[-1] == "Stopped."
    said = out + err
    assert "Traceback" not in said
    for secret in ("Секретова", "Тайная", token, "applicant"):
        assert secret not in said.replace(url, "")


def test_an_xlsx_table_is_fixed_in_the_grid_and_stays_an_xlsx(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook, load_workbook

    rows = read_rows(EXAMPLE / "protocols.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row.values()])
    sheet["M2"] = "3З"  # npk of the first row, typed with a Cyrillic letter
    upload = tmp_path / "protocols.xlsx"
    workbook.save(upload)
    page = _upload(client, "upload.xlsx", upload.read_bytes())
    assert "&#34;3З&#34; is not a number" in page
    assert not (cases / "almaty-2021" / "protocols.csv").exists()
    fields = form_of(client, f"{CASE}/protocols")
    response = client.post(f"{CASE}/protocols/grid", data={**fields, "c.2.13": "33"})
    assert _table_errors(response.text) == 0  # the example's three broken ratios stay warnings
    saved = load_workbook(cases / "almaty-2021" / "protocols.xlsx").active
    assert saved["M2"].value == 33  # a number again, as the column's other cells
    assert saved["A2"].value == 12 and saved["B2"].value == "Ауэзовский"
    assert saved.max_row == len(rows) + 1


def test_addressees_are_chosen_from_the_authorities_table(client: TestClient, cases: Path) -> None:
    fields = form_of(client, f"{CASE}/addressees")
    roles = {
        "role.prosecutor_general": "to",
        "role.anticorruption_almaty": "cc",
        "role.police_almaty": "",
        "role.prosecutor_almaty": "cc",
        "role.central_election_commission": "cc",
    }
    response = client.post(f"{CASE}/addressees", data={**fields, **roles})
    assert "Сохранено." in response.text
    text = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    block = text.split("addressees:", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[1:] == [
        "  - {id: prosecutor_general, role: to}",
        "  - {id: anticorruption_almaty, role: cc}",
        "  - {id: prosecutor_almaty, role: cc}",
        "  - {id: central_election_commission, role: cc}",
    ]


def test_an_addressee_missing_from_the_table_is_kept_and_reported(
    client: TestClient, cases: Path
) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - {id: police_almaty, role: cc}\n", "  - {id: akimat_almaty, role: cc}\n"
        ),
        encoding="utf-8",
    )
    page = client.get(f"{CASE}/addressees").text
    assert 'name="role.akimat_almaty"' in page
    assert "&#34;akimat_almaty&#34; is not in data/reference/authorities.yaml" in page
    chosen = dict(re.findall(r'name="(role\.\w+)">.*?<option value="(\w*)" selected', page, re.S))
    assert chosen["role.akimat_almaty"] == "cc"
    response = client.post(
        f"{CASE}/addressees", data={**form_of(client, f"{CASE}/addressees"), **chosen}
    )
    assert "Сохранено." in response.text
    assert "  - {id: akimat_almaty, role: cc}\n" in path.read_text(encoding="utf-8")


def test_the_applicants_own_paragraphs_are_kept_as_readable_text(
    client: TestClient, cases: Path
) -> None:
    fields = form_of(client, f"{CASE}/narrative")
    text = "Первый абзац.\r\n\r\nВторой абзац."
    response = client.post(f"{CASE}/narrative", data={**fields, "narrative.facts": text})
    assert "Сохранено." in response.text
    written = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    assert written.endswith("narrative:\n  facts: |\n    Первый абзац.\n\n    Второй абзац.\n")
    preview = client.get(f"{CASE}/preview/appeal").text
    assert "<p>Первый абзац.</p>\n<p>Второй абзац.</p>" in preview


def test_a_renamed_party_keeps_its_results(client: TestClient, cases: Path) -> None:
    page = client.get(f"{CASE}/parties").text
    fields = dict(re.findall(r'name="(parties\[\d\]\.\w+)" value="([^"]*)"', page))
    fields["parties[0].id"] = "people"
    response = client.post(f"{CASE}/parties", data={**form_of(client, f"{CASE}/parties"), **fields})
    assert "Сохранено." in response.text
    text = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    assert (
        "votes: {people: 43337, nur_otan: 178461, auyl: 31802, ak_zhol: 48887, adal: 18835}" in text
    )
    assert "seats_awarded: {people: 3, nur_otan: 29, auyl: 3, ak_zhol: 4, adal: 0}" in text
    assert "funded_parties: [people, nur_otan, ak_zhol]" in text
    # The protocol table's column is renamed too (the earlier table kept in history/).
    assert read_rows(cases / "almaty-2021" / "protocols.csv")[0]["people"] == "33"
    assert "is missing" not in client.get(f"{CASE}/protocols").text


def _contests_form(client: TestClient) -> dict[str, str]:
    """Every field of the contests section as the page fills it in."""
    page = client.get(f"{CASE}/contests").text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    for name, chosen in re.findall(
        r'<select id="f-([^"]+)"[^>]*>.*?<option value="([^"]+)"[^>]*selected', page, re.S
    ):
        fields[name] = chosen
    return fields


def test_a_renamed_contest_is_renamed_everywhere_it_is_named(
    client: TestClient, cases: Path
) -> None:
    case = cases / "almaty-2021"
    fields = _contests_form(client)
    assert (fields["comparison.first"], fields["comparison.second"]) == ("mazhilis", "maslikhat")
    fields["contests[0].id"] = "majilis_2021"
    response = client.post(f"{CASE}/contests", data=fields)
    assert "Сохранено." in response.text and "Выберите значение из списка" not in response.text
    text = (case / "case.yaml").read_text(encoding="utf-8")
    assert "first: majilis_2021" in text and "contest: majilis_2021" in text
    assert "mazhilis" not in text.split("parties:", 1)[1]
    contests = {row["contest"] for row in read_rows(case / "protocols.csv")}
    assert contests == {"majilis_2021", "maslikhat"}
    assert "Ошибок" not in client.get(f"{CASE}/contests").text


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"])
def test_a_figure_with_its_thousands_apart_is_a_number(
    client: TestClient, cases: Path, space: str
) -> None:
    fields = _contests_form(client)
    fields["contests[0].voters_on_list"] = f"215{space}430"
    response = client.post(f"{CASE}/contests", data=fields)
    assert "Сохранено." in response.text
    assert "voters_on_list: 215430" in (cases / "almaty-2021" / "case.yaml").read_text("utf-8")
    assert 'value="215 430"' in response.text


def test_the_preview_frames_are_sent_again_only_when_the_files_changed(
    client: TestClient, cases: Path
) -> None:
    page = client.get(f"{CASE}/preview").text
    poll = re.search(r'hx-get="([^"]+)" hx-trigger="load, every 1s"', page)
    assert poll
    assert client.get(poll.group(1)).status_code == 204
    path = cases / "almaty-2021" / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("43337", "43338"), encoding="utf-8")
    again = client.get(poll.group(1))
    assert again.status_code == 200
    assert 'title="Обращение"' in again.text
    assert "43 338" in client.get(f"{CASE}/preview/appeal").text.replace("\u00a0", " ")


def test_the_applicants_details_move_out_of_case_yaml(client: TestClient, cases: Path) -> None:
    fields = form_of(client, f"{CASE}/applicant")
    details = {
        "applicant.full_name": "Сидорова Анна Петровна",
        "applicant.address": "г. Алматы, ул. Примерная, 2",
        "applicant.iin": "",
        "applicant.phone": "+7 700 000 00 00",
        "applicant.email": "",
    }
    response = client.post(f"{CASE}/applicant", data={**fields, **details, "action": "separate"})
    assert "Личные данные теперь хранятся в файле applicant.yaml." in response.text
    folder = cases / "almaty-2021"
    assert "applicant: {file: applicant.yaml}\n" in (folder / "case.yaml").read_text()
    assert "Сидорова" not in (folder / "case.yaml").read_text()
    assert (folder / "applicant.yaml").read_text(encoding="utf-8") == (
        "# The applicant's personal data. Git ignores this file.\n"
        "full_name: Сидорова Анна Петровна\n"
        "iin: null\n"
        "address: г. Алматы, ул. Примерная, 2\n"
        "phone: +7 700 000 00 00\n"
        "email: null\n"
    )
    # The form now edits applicant.yaml.
    page = client.get(f"{CASE}/applicant").text
    assert "хранятся отдельно от дела, в файле <code>applicant.yaml</code>" in page
    assert "<strong>Данные в порядке.</strong>" in page


def test_a_windows_1251_table_is_written_back_in_windows_1251(
    client: TestClient, cases: Path
) -> None:
    text = (EXAMPLE / "protocols.csv").read_text(encoding="utf-8").replace(",", ";")
    broken = text.replace(
        "\n12;Ауэзовский;обычный;Наблюдатели А;mazhilis;772;",
        "\n12;Ауэзовский;обычный;Наблюдатели А;mazhilis;77 2x;",
        1,
    )
    assert broken != text
    _upload(client, "excel.csv", broken.replace("\n", "\r\n").encode("cp1251"))
    fields = form_of(client, f"{CASE}/protocols")
    response = client.post(f"{CASE}/protocols/grid", data={**fields, "c.2.6": "772"})
    assert _table_errors(response.text) == 0  # the example's three broken ratios stay warnings
    written = (cases / "almaty-2021" / "protocols.csv").read_bytes()
    assert written == text.replace("\n", "\r\n").encode("cp1251")


def _build(client: TestClient) -> str:
    """Press «Собрать документы» and follow the progress until the build ends."""
    import time

    page = client.post(f"{CASE}/build", data=form_of(client, f"{CASE}/preview")).text
    deadline = time.monotonic() + 180
    while "Идёт сборка" in page and time.monotonic() < deadline:
        # As the page does: ask for news of the step shown; the server answers when it changes.
        poll = re.search(r'<section id="build"[^>]*hx-get="([^"]+)"', page)
        assert poll, "the panel of a running build asks for news"
        page = client.get(html.unescape(poll.group(1))).text
    return page


def test_build_offers_the_files_for_download(
    client: TestClient, cases: Path, tmp_path: Path
) -> None:
    first = _build(client)
    assert "Документы собраны." in first
    links = re.findall(r'href="(/case/almaty-2021/files/[^"]+)"', first)
    # Every file of every letter: the main one, and the agency's and the police's own.
    assert [link.rsplit("/", 1)[1] for link in links] == sorted(
        n for n in EXAMPLE_OUTPUTS if n != "manifest.json"
    )
    # The police's own letter, named by its addressee and document rather than its file.
    police = re.search(r'files/appeal--police_almaty.pdf" download>(.*?)</a>', first, re.S)
    assert police and " ".join(police.group(1).split()) == (
        "Департамент полиции города Алматы — заявление об уголовном правонарушении: PDF для подачи"
    )
    bundle = client.get(f"{CASE}/files/appeal-bundle.pdf")
    assert bundle.headers["content-disposition"].startswith("attachment;")
    assert (tmp_path / "output" / "almaty-2021" / "appeal-bundle.pdf").read_bytes() == (
        bundle.content
    )


def test_a_rebuild_shows_what_changed(client: TestClient, cases: Path, tmp_path: Path) -> None:
    assert "Документы собраны." in _build(client)
    path = cases / "almaty-2021" / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("43337", "43338"), encoding="utf-8")
    second = _build(client)
    assert "Документы собраны." in second
    shown = second.split('<pre class="changes">', 1)[1].split("</pre>", 1)[0]
    written = (tmp_path / "output" / "almaty-2021" / "changes.md").read_text(encoding="utf-8")
    assert html.unescape(shown) == written
    assert re.search(r"43\s?337\D+43\s?338", written)


def test_an_empty_table_to_fill_in_has_the_cases_columns(client: TestClient) -> None:
    import io

    from openpyxl import load_workbook

    response = client.get(f"{CASE}/protocols/blank.xlsx")
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="almaty-2021-protocols.xlsx";'
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    # The columns of the example's own table, whose parties are those of its case.yaml.
    expected = (EXAMPLE / "protocols.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == expected.split(",")


def test_the_preview_is_the_appeal_the_build_writes_but_for_the_sheet_counts(
    client: TestClient,
) -> None:
    from election_appeal import api
    from election_appeal.render import render_case

    built = render_case(api.check(EXAMPLE).data, formats=("pdf", "xlsx")).html["appeal"]
    sheets = r"\s—\sна\s\d+\sл\.(?:\s\(по\sфайлу\sPDF\))?"
    counts = re.findall(sheets, built)
    assert len(counts) == 2  # attachments 1 and 2
    shown = client.get(f"{CASE}/preview/appeal").text
    assert shown.split("<body", 1)[1] == re.sub(sheets, "", built).split("<body", 1)[1]
    frames = client.get(f"{CASE}/preview").text
    assert re.findall(r'<iframe class="doc" title="([^"]+)"', frames) == [
        "Обращение",
        "Приложение 1",
        "Приложение 2",
    ]


def test_the_preview_lists_the_attachments_as_the_build_does(client: TestClient) -> None:
    """The same register as the built appeal (tests/golden/appeal.html), sheets not yet counted:
    the preview lays out no PDF."""
    preview = client.get(f"{CASE}/preview/appeal").text.replace("\u00a0", " ")
    register = preview[preview.index("<strong>Приложение:</strong>") :]
    items = re.findall(r"<li>(.*?)</li>", register[: register.index("</ol>")])
    assert items == [
        "Таблица результатов голосования по данным копий протоколов участковых избирательных "
        "комиссий (66 участков); то же в электронном виде (XLSX); таблица составлена по копиям "
        "протоколов, полученным наблюдателями; сами копии к заявлению не приложены, они находятся "
        "у заявителя и будут представлены по требованию",
        "Статистическая оценка разницы между голосованиями по копиям протоколов",
    ]


def _table_errors(page: str) -> int:
    """The errors the protocol page lists for the table (its warnings not counted)."""
    return page.count('<tr class="error"><td>Ошибка</td>')


def test_the_page_reaches_the_library_through_the_api_only() -> None:
    """web/ imports nothing of the package but api, errors and i18n: every file it reads or
    writes goes through the library's limits."""
    import ast

    package = Path(__file__).resolve().parents[1] / "src" / "election_appeal"
    for path in (package / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                names = [node.module] if node.module else [a.name for a in node.names]
                outside = {name.split(".")[0] for name in names} - {"api", "errors", "i18n"}
                assert not outside, f"{path.name} imports {sorted(outside)}"
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert not node.module.startswith("election_appeal"), path.name


def test_serve_speaks_the_interface_language(cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("APPEAL_LANG", "ru")
    said = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "Открывает папки дел на веб-странице" in said
    assert re.search(r"--no-browser +Не открывать браузер\.", said)
    command = [sys.executable, "-m", "election_appeal", "serve", str(cases), "--no-browser"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        server.stdout.readline()
        assert server.stdout.readline().startswith("Откройте этот адрес в браузере")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_an_xlsx_upload_marks_its_faulty_cells_red(client: TestClient, tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = read_rows(EXAMPLE / "protocols.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row.values()])
    sheet["M2"] = "3З"
    upload = tmp_path / "protocols.xlsx"
    workbook.save(upload)
    page = _upload(client, "upload.xlsx", upload.read_bytes())
    assert re.search(r'<td class="bad"><input name="c\.2\.13" value="3З"', page)
    table = page.split('class="problem-table"', 1)[1].split("</table>", 1)[0]
    assert "&#34;3З&#34; is not a number" in table


def test_a_new_case_next_to_the_one_served_opens(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "almaty-2021")
    app = create_app([tmp_path / "almaty-2021"], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    browser.get(f"/?code={CODE}")
    answers = {**NEW_CASE, "folder": "astana-2023"}
    response = browser.post("/new", data={**form_of(browser, "/new"), **answers})
    assert response.status_code == 200 and response.url.path == "/case/astana-2023/general"
    assert (tmp_path / "astana-2023" / "case.yaml").is_file()


def test_a_new_case_in_a_folder_already_in_use_keeps_the_answers(
    client: TestClient, cases: Path
) -> None:
    (cases / "notes").mkdir()
    (cases / "notes" / "mine.txt").write_text("keep me\n", encoding="utf-8")
    answers = {**NEW_CASE, "folder": "notes"}
    response = client.post("/new", data={**form_of(client, "/new"), **answers})
    assert response.status_code == 200
    assert "Папку с таким именем создать нельзя" in response.text
    assert 'value="Иванов Иван Иванович"' in response.text
    assert [p.name for p in (cases / "notes").iterdir()] == ["mine.txt"]


def test_the_preview_uses_the_users_templates(cases: Path, tmp_path: Path) -> None:
    own = tmp_path / "my-templates"
    own.mkdir()
    (own / "appeal.html.j2").write_text(
        '{% extends "default:appeal.html.j2" %}'
        "{% block earlier_steps %}<p>Наш собственный абзац.</p>{% endblock %}",
        encoding="utf-8",
    )
    app = create_app([cases], tmp_path / "output", CODE, PORT, templates=own)
    browser = TestClient(app, base_url=BASE)
    browser.get(f"/?code={CODE}")
    assert "Наш собственный абзац." in browser.get(f"{CASE}/preview/appeal").text
