"""A one-contest case (a Kurultai election held alone) made on the web page from the new-case
form to a built appeal, without a file edited by hand: one voting asked for, the applicant's
standing and the commission whose decision is contested given in fields, the official figures
per station typed into their own table. Through the app's HTTP routes."""

from __future__ import annotations

import html
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from starlette.testclient import TestClient

from election_appeal import api
from election_appeal.web import backend
from election_appeal.web.app import create_app

CODE = "one-contest-code"
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/u1234"

# The activist's case: station 1234, her observer copy gives «А» 735 and «Б» 270; the official
# station table says 810 and 195. By hand: copy − official = 735 − 810 = −75 and 270 − 195 = +75.
NEW = {
    "folder": "u1234",
    "full_name": "Иванова Анна Петровна",
    "address": "г. Астана, ул. Примерная, 1",
    "election_date": "30.08.2026",
    "territory": "Республика Казахстан",
    "territory_genitive": "Республики Казахстан",
    "stations": "10 000",
    "appeal_date": "07.09.2026",
    "appeal_place": "г. Астана",
}
PARTIES = {
    "parties[0].id": "party_a",
    "parties[0].name": "Партия А",
    "parties[0].short_name": "«А»",
    "parties[0].registered": "1",
    "parties[1].id": "party_b",
    "parties[1].name": "Партия Б",
    "parties[1].short_name": "«Б»",
    "parties[1].registered": "2",
}
CONTEST = {
    "contests[0].id": "kurultai",
    "contests[0].title": "Выборы депутатов Курултая Республики Казахстан",
    "contests[0].short_title": "Курултай",
    "contests[0].source": "Постановление ЦИК от 4 сентября 2026 года № 12/345",
    "contests[0].decided_by": "Центральная избирательная комиссия Республики Казахстан",
    "contests[0].source_date": "04.09.2026",
    "contests[0].votes.party_a": "3 412 587",
    "contests[0].votes.party_b": "1 106 244",
    "contests[0].seats": "145",
}
SETTINGS = {
    "allocation.method": "largest-remainder",
    "allocation.threshold": "5%",
    "allocation.base": "valid",
    "allocation.min_parties": "2",
    "funding.contest": "",
}
OFFICIAL_SOURCE = "Сводная таблица итогов голосования по участкам от 4 сентября 2026 года"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "cases").mkdir()
    app = create_app([tmp_path / "cases"], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def form_of(client: TestClient, path: str) -> dict[str, str]:
    """The hidden fields a page's forms send along: CSRF token and file versions."""
    page = client.get(path).text
    fields = {"csrf": re.findall(r'name="csrf" value="([^"]+)"', page)[0]}
    for name in ("version_case", "version_applicant", "version"):
        if found := re.search(rf'name="{name}" value="([^"]*)"', page):
            fields[name] = found.group(1)
    return fields


class ShownForm(HTMLParser):
    """What a browser sends from the first form of a page posting to `action`: text and hidden
    inputs, ticked boxes, the chosen option of each list, the text of each text area."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self.select: str | None = None
        self.area: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action and not self.values
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type", "text") in ("text", "hidden"):
            self.values[a["name"]] = html.unescape(a.get("value", ""))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.values[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self.select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.area = a["name"]
            self.values[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self.area:
            self.values[self.area] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.area = None


def shown(client: TestClient, path: str) -> dict[str, str]:
    """The fields of the page's form as the browser would send them unchanged."""
    parser = ShownForm(path)
    parser.feed(client.get(path).text)
    return parser.values


def post(client: TestClient, path: str, data: dict[str, str]) -> str:
    """Change some fields of the page's form and press a button, as a person does."""
    response = client.post(path, data={**shown(client, path), **data})
    assert response.status_code == 200, response.text[:2000]
    return response.text


def case_yaml(tmp_path: Path) -> str:
    return (tmp_path / "cases" / "u1234" / "case.yaml").read_text(encoding="utf-8")


def new_case(client: TestClient, contests: str = "1") -> None:
    response = client.post("/new", data={**form_of(client, "/new"), **NEW, "contests": contests})
    assert response.url.path == f"{CASE}/general", response.text[:2000]


def header_of(path: Path) -> list[str]:
    """The column codes of a CSV table the page wrote."""
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def _grid(client: TestClient, page_path: str, grid_path: str, cells: dict[str, str]) -> str:
    """Type cells into a grid and press «Save the table»."""
    fields = form_of(client, page_path)
    response = client.post(grid_path, data={**fields, **cells})
    assert response.status_code == 200, response.text[:2000]
    return response.text


# --- one voting or two ------------------------------------------------------------------------


def test_the_new_case_form_asks_how_many_votings_and_refuses_no_answer(
    client: TestClient, tmp_path: Path
) -> None:
    page = client.post("/new", data={**form_of(client, "/new"), **NEW}).text
    assert "Сколько голосований прошло в этот день" in page
    assert "Заполните это поле." in page  # nothing assumed
    assert not (tmp_path / "cases" / "u1234").exists()


def test_one_voting_makes_a_case_of_one_contest_and_the_pages_say_so(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    text = case_yaml(tmp_path)
    assert text.count("  - id: first") == 1 and "id: second" not in text
    assert "comparison:" not in text
    contests = client.get(f"{CASE}/contests").text
    assert "<h1>Официальные итоги голосования</h1>" in contests
    assert "Голосование и его официальные итоги" in contests
    assert "Два голосования" not in contests and "Удалить это голосование" not in contests
    assert "Добавить второе голосование того же дня" in contests
    assert "Партии, которые участвовали в голосовании." in client.get(f"{CASE}/parties").text
    home = client.get("/").text
    assert "сравнит два голосования" not in home


def test_a_second_voting_is_added_and_removed_on_the_contests_page(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    added = post(client, f"{CASE}/contests", {"action": "add_contest"})
    assert "Добавлено второе голосование" in added
    text = case_yaml(tmp_path)
    assert "id: second" in text
    assert "comparison:" in text and "first: first" in text and "second: second" in text
    assert "Два голосования, проведённые в один день" in added
    assert "<h1>Официальные итоги голосований</h1>" in added
    assert added.count("Удалить это голосование") == 2
    removed = post(client, f"{CASE}/contests", {"action": "remove_contest.1"})
    assert "Голосование удалено" in removed
    text = case_yaml(tmp_path)
    assert "id: second" not in text and "comparison:" not in text
    assert "id: first" in text


def test_removing_the_first_of_two_votings_keeps_the_second_and_funding_follows(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "2")
    assert "\nfunding:" not in case_yaml(tmp_path)  # no funding until chosen
    post(client, f"{CASE}/settings", {"funding.contest": "first"})
    assert "\nfunding:\n  contest: first\n" in case_yaml(tmp_path)  # then it follows the first
    post(client, f"{CASE}/contests", {"action": "remove_contest.0"})
    text = case_yaml(tmp_path)
    assert "id: first" not in text and "id: second" in text
    assert "comparison:" not in text and "contest: second" in text


# --- the fields the build needs -------------------------------------------------------------


def test_the_applicants_standing_is_chosen_on_the_applicant_page(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    page = client.get(f"{CASE}/applicant").text
    assert "Кто вы на выборах" in page and "наблюдатель" in page
    base = {
        "applicant.full_name": NEW["full_name"],
        "applicant.address": NEW["address"],
        "applicant.status.kind": "observer",
        "applicant.status.station": "1234",
        "applicant.status.organisation": "ОФ «Наблюдатели А»",
    }
    saved = post(client, f"{CASE}/applicant", base)
    assert "Сохранено." in saved
    applicant = (tmp_path / "cases" / "u1234" / "applicant.yaml").read_text(encoding="utf-8")
    assert "kind: observer" in applicant and "station: 1234" in applicant
    assert "organisation: ОФ «Наблюдатели А»" in applicant
    assert "party:" not in applicant  # a blank field is left out, not written as null
    # The page shows what was saved: pressing «Save» again keeps the standing.
    again = shown(client, f"{CASE}/applicant")
    assert again["applicant.status.kind"] == "observer"
    assert again["applicant.status.station"] == "1234"
    assert again["applicant.status.organisation"] == "ОФ «Наблюдатели А»"
    # An observer without the organisation that sent them: the problem sits on the status field.
    post(client, f"{CASE}/applicant", {**base, "applicant.status.organisation": ""})
    page = client.get(f"{CASE}/applicant").text
    field = page.split('id="f-applicant.status.kind"', 1)[1].split("</div>", 1)[0]
    assert "an observer needs organisation: who sent the observer" in field


def test_the_commission_that_decided_is_asked_on_the_contests_page(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/parties", PARTIES)
    post(
        client,
        f"{CASE}/addressees",
        {"role.prosecutor_general": "to", "role.central_election_commission": "cc"},
    )
    page = client.get(f"{CASE}/contests").text
    # Addressed to a commission without decided_by: the error is next to the field for it.
    field = page.split('id="f-contests[0].decided_by"', 1)[1].split("</div>", 1)[0]
    # The page names the field by its label, not by its path in case.yaml.
    assert "give «Какая комиссия установила эти итоги», the commission that established" in field
    post(client, f"{CASE}/contests", CONTEST)
    text = case_yaml(tmp_path)
    assert "decided_by: Центральная избирательная комиссия Республики Казахстан" in text
    assert "source_date: 2026-09-04" in text


def test_after_a_refused_save_a_filled_field_is_not_called_empty(client: TestClient) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/parties", PARTIES)
    refused = post(
        client,
        f"{CASE}/contests",
        {**CONTEST, "contests[0].votes.party_b": "1 1O6 244"},  # letter O
    )
    assert "Не сохранено" in refused
    a_field = refused.split('name="contests[0].votes.party_a"', 1)[1].split("</td>", 1)[0]
    assert "поле пустое" not in a_field  # «А» is filled: the file's blank is not its problem
    b_field = refused.split('name="contests[0].votes.party_b"', 1)[1].split("</td>", 1)[0]
    assert "поле пустое" not in b_field and "целое число" in b_field


# --- the official figures per station -------------------------------------------------------


def _one_row(client: TestClient, page: str, grid: str, table: Path, row: dict[str, str]) -> str:
    header = header_of(table)
    cells = {f"c.2.{header.index(k) + 1}": v for k, v in row.items()}
    return _grid(client, page, grid, cells)


def test_official_figures_are_typed_in_their_own_table_and_named_in_case_yaml(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/parties", PARTIES)
    post(client, f"{CASE}/contests", CONTEST)
    folder = tmp_path / "cases" / "u1234"
    started = client.post(f"{CASE}/official/start", data=form_of(client, f"{CASE}/official"))
    assert started.status_code == 200 and "official.csv" in started.text
    assert "file: official.csv" in case_yaml(tmp_path)
    assert header_of(folder / "official.csv")[-2:] == ["party_a", "party_b"]
    # A letter O for a zero: the error names row 2 and the column, nothing typed is lost.
    row = {"station": "1234", "contest": "kurultai", "party_a": "81O", "party_b": "195"}
    page = _one_row(
        client, f"{CASE}/official", f"{CASE}/official/grid", folder / "official.csv", row
    )
    assert "81O" in page and re.search(r"<td>2</td><td>party_a</td>", page)
    page = _one_row(
        client,
        f"{CASE}/official",
        f"{CASE}/official/grid",
        folder / "official.csv",
        {**row, "party_a": "810"},
    )
    assert "1234,,,,kurultai,,,,,,,,810,195" in (folder / "official.csv").read_text()
    assert list((folder / "history").glob("official.*.csv"))  # the earlier table kept
    saved = post(client, f"{CASE}/official", {"official_results.source": OFFICIAL_SOURCE})
    assert "Сохранено." in saved
    assert f"source: {OFFICIAL_SOURCE}" in case_yaml(tmp_path)


def test_an_uploaded_official_table_replaces_the_earlier_one_kept_in_history(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/parties", PARTIES)
    post(client, f"{CASE}/contests", CONTEST)
    folder = tmp_path / "cases" / "u1234"
    client.post(f"{CASE}/official/start", data=form_of(client, f"{CASE}/official"))
    table = "station;contest;party_a;party_b\r\n1234;kurultai;810;195\r\n".encode("cp1251")
    fields = form_of(client, f"{CASE}/official")
    files = {"table": ("итоги.csv", table, "text/csv")}
    page = client.post(f"{CASE}/official/upload", data=fields, files=files).text
    assert "Таблица загружена" in page
    assert (folder / "official.csv").read_bytes() == table
    assert len(list((folder / "history").glob("official.*.csv"))) == 1
    wrong = client.post(
        f"{CASE}/official/upload",
        data=form_of(client, f"{CASE}/official"),
        files={"table": ("итоги.txt", b"x", "text/plain")},
    )
    assert wrong.status_code == 400 and (folder / "official.csv").read_bytes() == table


# --- the whole journey ------------------------------------------------------------------------


def _build(client: TestClient) -> str:
    """Press «Собрать документы» and follow the progress until the build ends."""
    page = client.post(f"{CASE}/build", data=form_of(client, f"{CASE}/preview")).text
    deadline = time.monotonic() + 240
    while "Идёт сборка" in page and time.monotonic() < deadline:
        poll = re.search(r'<section id="build"[^>]*hx-get="([^"]+)"', page)
        assert poll, "the panel of a running build asks for news"
        page = client.get(html.unescape(poll.group(1))).text
    return page


@pytest.mark.slow
def test_a_kurultai_case_is_made_on_the_page_to_a_built_appeal(
    client: TestClient, tmp_path: Path
) -> None:
    folder = tmp_path / "cases" / "u1234"
    new_case(client, "1")
    post(
        client,
        f"{CASE}/general",
        {
            "election.date": "30.08.2026",
            "election.territory": "Республики Казахстан",
            "election.stations": "10 000",
            "appeal.date": "07.09.2026",
            "appeal.place": "г. Астана",
            "illustrative": "on",
            "language": "ru",
        },
    )
    post(client, f"{CASE}/parties", PARTIES)
    post(client, f"{CASE}/contests", CONTEST)
    post(client, f"{CASE}/settings", SETTINGS)
    # To the Prosecutor General: a complaint to the commission that established the result
    # itself is refused by `check` (case/route_checks.py).
    post(client, f"{CASE}/addressees", {"role.prosecutor_general": "to"})
    post(
        client,
        f"{CASE}/applicant",
        {
            "applicant.full_name": NEW["full_name"],
            "applicant.address": NEW["address"],
            "applicant.status.kind": "observer",
            "applicant.status.station": "1234",
            "applicant.status.organisation": "ОФ «Наблюдатели А»",
        },
    )
    client.post(f"{CASE}/protocols/start", data=form_of(client, f"{CASE}/protocols"))
    copy = {"station": "1234", "contest": "kurultai", "party_a": "735", "party_b": "270"}
    _one_row(client, f"{CASE}/protocols", f"{CASE}/protocols/grid", folder / "protocols.csv", copy)
    client.post(f"{CASE}/official/start", data=form_of(client, f"{CASE}/official"))
    official = {"station": "1234", "contest": "kurultai", "party_a": "810", "party_b": "195"}
    _one_row(client, f"{CASE}/official", f"{CASE}/official/grid", folder / "official.csv", official)
    post(client, f"{CASE}/official", {"official_results.source": OFFICIAL_SOURCE})
    checked = backend.check(folder)
    assert checked.ready, [f"{p.file} {p.where} {p.message}" for p in checked.problems]
    official_comparison = api.analyse(folder).analysis.official
    assert official_comparison is not None
    differences = {(d.station, d.item): d.difference for d in official_comparison.differences}
    assert differences[("1234", "party_a")] == -75 and differences[("1234", "party_b")] == 75
    page = _build(client)
    assert "Документы собраны." in page, page[:3000]
    assert (tmp_path / "output" / "u1234" / "appeal.pdf").is_file()
    # The appeal opens with the copy set against the official figure.
    appeal = docx.Document(str(tmp_path / "output" / "u1234" / "appeal.docx"))
    headings = [p.text.replace("\xa0", " ") for p in appeal.paragraphs]
    assert "1. Сверка копии протокола с официальными итогами участка № 1234" in headings
    rows = [[c.text for c in row.cells] for row in appeal.tables[0].rows]
    assert rows[1:] == [
        ["1234", "Курултай", "«А»", "735", "810", "−75"],
        ["1234", "Курултай", "«Б»", "270", "195", "+75"],
    ]


# --- adding a party -----------------------------------------------------------------------------


def test_a_party_added_on_the_page_reaches_case_yaml_only_once_filled_and_saved(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/parties", PARTIES)
    before = case_yaml(tmp_path)
    added = post(client, f"{CASE}/parties", {"action": "add"})
    assert case_yaml(tmp_path) == before  # no empty party (id: null) written
    assert 'name="parties[2].id" value=""' in added
    # The third row is refused without a code: the typed name stays in its field.
    refused = post(client, f"{CASE}/parties", {"parties[2].id": "", "parties[2].name": "Партия В"})
    assert "Не сохранено" in refused and 'name="parties[2].name" value="Партия В"' in refused
    assert case_yaml(tmp_path) == before
    saved = post(
        client,
        f"{CASE}/parties",
        {"parties[2].id": "party_v", "parties[2].name": "Партия В", "parties[2].short_name": "«В»"},
    )
    assert "Сохранено." in saved
    text = case_yaml(tmp_path)
    assert "- id: null" not in text
    assert "  - id: party_v\n    name: Партия В\n    short_name: «В»\n    registered: 3\n" in text


def test_without_the_standing_the_error_stands_at_the_field_that_gives_it(
    client: TestClient,
) -> None:
    new_case(client, "1")
    post(
        client,
        f"{CASE}/addressees",
        {"role.prosecutor_general": "to", "role.central_election_commission": "cc"},
    )
    page = client.get(f"{CASE}/applicant").text
    field = page.split('id="f-applicant.status.kind"', 1)[1].split("</div>", 1)[0]
    assert "say who the applicant is in the election" in field


def test_the_new_questions_are_asked_in_kazakh(client: TestClient) -> None:
    new_case(client, "1")
    fields = form_of(client, "/new")
    client.post("/language", data={"csrf": fields["csrf"], "lang": "kk", "next": "/new"})
    assert "Осы күні неше дауыс беру өтті" in client.get("/new").text
    contests = client.get(f"{CASE}/contests").text
    assert "Бұл қорытындыларды қай комиссия белгіледі" in contests
    assert "Сол күнгі екінші дауыс беруді қосу" in contests
    assert "Сайлаудағы мәртебеңіз" in client.get(f"{CASE}/applicant").text
    official = client.get(f"{CASE}/official").text
    assert "Учаскелер бойынша ресми сандар" in official
    assert "Ресми сандарды осында енгізу" in official


def test_own_text_fields_name_the_sections_they_end(client: TestClient) -> None:
    new_case(client, "1")
    post(client, f"{CASE}/settings", SETTINGS)  # no funding of parties in this case
    page = client.get(f"{CASE}/narrative").text
    assert "О распределении мандатов" in page
    assert "О финансировании партий" not in page  # its section is not in the documents
    assert "объяснение расхождения" not in page


def test_a_party_code_in_cyrillic_is_refused_at_its_field_before_saving(
    client: TestClient, tmp_path: Path
) -> None:
    new_case(client, "1")
    before = case_yaml(tmp_path)
    refused = post(client, f"{CASE}/parties", {**PARTIES, "parties[1].id": "партия_б"})
    field = refused.split('name="parties[1].id"', 1)[1].split("</td>", 1)[0]
    assert 'value="партия_б"' in field
    assert "Код: строчные латинские буквы, цифры и _, первой — буква, например party_a." in field
    assert case_yaml(tmp_path) == before
