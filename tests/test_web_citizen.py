"""What a citizen meets on the web page beyond its forms' fields: a hand-written case.yaml kept as
written by a save, messages in the page's own words, a voting removed with its protocol rows only
when asked, a new case's file true for the election chosen. Through the app's HTTP routes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import read_rows, write_rows
from election_appeal.web.app import create_app
from test_web import CODE, PORT, form_of
from test_web_one_contest import CASE as ONE
from test_web_one_contest import NEW, OFFICIAL_SOURCE, case_yaml, new_case, post, shown

BASE = f"http://127.0.0.1:{PORT}"
CASE = "/case/almaty-2021"


@pytest.fixture
def client(cases: Path, tmp_path: Path) -> TestClient:
    app = create_app([cases], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


def one_contest_client(tmp_path: Path) -> TestClient:
    """A browser of an empty folder of cases, to start a case as test_web_one_contest does."""
    (tmp_path / "cases").mkdir(parents=True)
    app = create_app([tmp_path / "cases"], tmp_path / "output", CODE, PORT)
    browser = TestClient(app, base_url=BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    return browser


@pytest.fixture
def one_voting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """A browser that made a new case of one voting on the page (u1234), the library speaking
    Russian as `serve` makes it."""
    monkeypatch.setenv("APPEAL_LANG", "ru")
    browser = one_contest_client(tmp_path)
    new_case(browser)
    return browser


def contests_form(client: TestClient) -> dict[str, str]:
    return shown(client, f"{CASE}/contests")


# --- 1. a save writes only what was typed ---------------------------------------------------


def test_saving_the_contests_unchanged_leaves_the_file_byte_for_byte(
    client: TestClient, cases: Path
) -> None:
    # The example leaves out against_all and seats of the Mazhilis and the maslikhat's link:
    # the form shows them blank, and a save must not write them as null.
    path = cases / "almaty-2021" / "case.yaml"
    before = path.read_text(encoding="utf-8")
    response = client.post(f"{CASE}/contests", data=contests_form(client))
    assert "Сохранено." in response.text
    after = path.read_text(encoding="utf-8")
    assert "null" not in "".join(set(after.splitlines()) - set(before.splitlines()))
    assert after == before


def test_a_typed_figure_changes_its_own_line_only(client: TestClient, cases: Path) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    fields = contests_form(client)
    fields["contests[1].voters_on_list"] = "1 153 512"
    fields["contests[0].source_url"] = ""  # cleared: the example's link becomes null
    client.post(f"{CASE}/contests", data=fields)
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(before) == len(after)
    assert changed == [
        (
            "    source_url: https://www.election.gov.kz/rus/news/acts/index.php?ID=6196",
            "    source_url: null",
        ),
        ("    voters_on_list: null", "    voters_on_list: 1153512"),
    ]


def test_a_blank_seat_table_adds_nothing_and_typed_seats_make_one(
    client: TestClient, cases: Path
) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    fields = contests_form(client)
    assert fields["contests[0].seats_awarded.npk"] == ""  # the Mazhilis: no seats in the file
    client.post(f"{CASE}/contests", data=fields)
    mazhilis = path.read_text(encoding="utf-8").split("- id: maslikhat")[0]
    assert "seats" not in mazhilis.split("- id: mazhilis")[1]
    fields = contests_form(client)
    fields["contests[0].seats_awarded.nur_otan"] = "76"
    client.post(f"{CASE}/contests", data=fields)
    mazhilis = path.read_text(encoding="utf-8").split("- id: maslikhat")[0]
    # Only the party typed: the others were not in the file and were left blank.
    assert "    seats_awarded: {nur_otan: 76}\n" in mazhilis


def test_the_settings_save_writes_no_empty_year(client: TestClient, cases: Path) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    before = path.read_text(encoding="utf-8")
    assert "year:" not in before  # the example's funding gives no year of the computation
    data = shown(client, f"{CASE}/settings")
    assert "Сохранено." in client.post(f"{CASE}/settings", data=data).text
    assert path.read_text(encoding="utf-8") == before


# --- 2. the page's own words --------------------------------------------------------------


def test_a_partys_missing_votes_are_asked_for_in_its_field(
    client: TestClient, cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")  # the language `serve` gives the library
    path = cases / "almaty-2021" / "case.yaml"
    text = path.read_text(encoding="utf-8")
    # The maslikhat's votes without «Adal» (as after adding a party on the parties page).
    text = text.replace("ak_zhol: 32367, adal: 21733}", "ak_zhol: 32367}")
    path.write_text(text, encoding="utf-8")
    page = client.get(f"{CASE}/contests").text
    cell = re.search(r'<input id="f-contests\[1\]\.votes\.adal"[^>]*>', page)
    assert cell and 'title="официальное число голосов не введено' in cell[0]
    assert "добавьте в votes" not in page and "adal: &lt;" not in page
    # The case's list of problems names the field by its label, linked to the contests form.
    listed = client.get(f"{CASE}/general").text
    assert "добавьте в votes" not in listed
    # Typing the figure ends the problem.
    fields = contests_form(client)
    fields["contests[1].votes.adal"] = "21 733"
    client.post(f"{CASE}/contests", data=fields)
    assert "ak_zhol: 32367, adal: 21733}" in path.read_text(encoding="utf-8")
    assert "число голосов не введено" not in client.get(f"{CASE}/contests").text


def test_the_missing_votes_are_asked_for_in_kazakh_too(client: TestClient, cases: Path) -> None:
    path = cases / "almaty-2021" / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ak_zhol: 32367, adal: 21733}", "ak_zhol: 32367}"), "utf-8")
    client.post("/language", data={"csrf": form_of(client, "/")["csrf"], "lang": "kk"})
    page = client.get(f"{CASE}/contests").text
    cell = re.search(r'<input id="f-contests\[1\]\.votes\.adal"[^>]*>', page)
    assert cell and 'title="ресми дауыс саны енгізілмеген' in cell[0]
    assert "votes өрісіне" not in page


# --- 5. the official figures' source before their table --------------------------------------


def test_the_official_source_saved_before_a_table_writes_no_empty_file(
    one_voting: TestClient, tmp_path: Path
) -> None:
    client = one_voting
    post(client, f"{ONE}/official", {"official_results.source": OFFICIAL_SOURCE})
    text = case_yaml(tmp_path)
    assert f"official_results:\n  source: {OFFICIAL_SOURCE}\n" in text
    assert "file: null" not in text
    # The page asks for the table in its own words, not for a field it has none of.
    page = client.get(f"{ONE}/official").text
    assert "таблица официальных цифр по участкам ещё не создана" in page
    assert "это поле обязательно" not in page
    # Made on the page, the table is named first; the source stays as typed.
    client.post(f"{ONE}/official/start", data=form_of(client, f"{ONE}/official"))
    assert f"official_results:\n  file: official.csv\n  source: {OFFICIAL_SOURCE}\n" in case_yaml(
        tmp_path
    )
    assert "ещё не создана" not in client.get(f"{ONE}/official").text


def test_a_table_made_before_its_source_writes_no_empty_source(tmp_path: Path) -> None:
    client = one_contest_client(tmp_path)
    new_case(client)
    client.post(f"{ONE}/official/start", data=form_of(client, f"{ONE}/official"))
    # The last lines of the file: the table named, no source line after it.
    assert case_yaml(tmp_path).endswith("\nofficial_results:\n  file: official.csv\n")


# --- 4. a new case's file is true for the election chosen ------------------------------------


def _values(text: str) -> str:
    """The case file without its comments: what the program reads."""
    return "\n".join(line.split(" #")[0] for line in text.splitlines() if not line.startswith("#"))


def test_a_new_kurultai_case_asks_no_funding_and_has_its_genitive(
    one_voting: TestClient, tmp_path: Path
) -> None:
    client = one_voting
    text = case_yaml(tmp_path)
    values = _values(text)
    # No funding: which votes decide it after 2026 is not on record (law.yaml kurultai_funding).
    assert "funding:" not in values and "term_years" not in values
    assert 'territory: "Республика Казахстан"\n' in text
    assert 'territory_genitive: "Республики Казахстан"\n' in text
    general = client.get(f"{ONE}/general").text
    assert "«(территория: Республика Казахстан)»" not in general  # no fallback warned about
    # Not the Mazhilis' term, which only a funding block brought in (art. 50 p. 5).
    assert "статьи 50" not in general


def test_a_new_case_of_2021_has_no_line_against_all(tmp_path: Path) -> None:
    # The ballots of 10 January 2021 had no «против всех» (law.yaml: from 20 November 2022),
    # those of 19 March 2023 had it.
    client = one_contest_client(tmp_path)
    new_case(client, "2")
    assert "against_all: null" in case_yaml(tmp_path)  # 30 August 2026
    answers = {**form_of(client, "/new"), **NEW, "folder": "a2021", "contests": "2"}
    answers |= {"election_date": "10.01.2021", "appeal_date": "05.04.2021"}
    client.post("/new", data=answers)
    text = (tmp_path / "cases" / "a2021" / "case.yaml").read_text(encoding="utf-8")
    assert "against_all" not in text
    assert text.count("  - id: ") == 4  # two parties, two contests
    assert "comparison:" in _values(text) and "funding:" not in _values(text)


@pytest.mark.parametrize(
    ("language", "label"),
    [("ru", "Территория после слов «на территории»"), ("kk", "«На территории» сөздерінен")],
)
def test_the_new_case_form_asks_for_the_territorys_genitive(
    tmp_path: Path, language: str, label: str
) -> None:
    client = one_contest_client(tmp_path)
    client.post("/language", data={"csrf": form_of(client, "/")["csrf"], "lang": language})
    page = client.get("/new").text
    assert label in page and 'name="territory_genitive"' in page
    answers = {**form_of(client, "/new"), **NEW, "contests": "1", "territory_genitive": " "}
    refused = client.post("/new", data=answers)
    assert not (tmp_path / "cases" / "u1234").exists()
    field = refused.text.split('name="territory_genitive"')[1].split("</div>")[0]
    assert 'class="field-error"' in field


# --- 3. a voting removed with its rows only when asked ----------------------------------------


def test_removing_a_voting_asks_before_its_rows_go_and_then_removes_them(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    client.post(f"{CASE}/official/start", data=form_of(client, f"{CASE}/official"))
    protocols = read_rows(folder / "protocols.csv")
    official = read_rows(folder / "official.csv")
    stations = list(dict.fromkeys(r["station"] for r in protocols if r["contest"] == "maslikhat"))
    mazhilis = [r for r in protocols if r["contest"] == "mazhilis"]
    count = len(protocols) - len(mazhilis)
    assert count > 0 and len(official) == 2  # one row per contest, made by the page
    before = (folder / "case.yaml").read_text(encoding="utf-8")
    asked = client.post(
        f"{CASE}/contests", data={**contests_form(client), "action": "remove_contest.1"}
    ).text
    # Nothing removed yet: the page says what would go, with the stations.
    assert (folder / "case.yaml").read_text(encoding="utf-8") == before
    assert read_rows(folder / "protocols.csv") == protocols
    said = re.sub(r"\s+", " ", asked)
    assert (
        f"Пока не удалено. В таблицах есть строки голосования «Маслихат»: в таблице протоколов — "
        f"{count}, в таблице официальных цифр — 1 (участки: {', '.join(stations[:10])}"
    ) in said
    assert 'value="remove_contest_rows.1"' in asked
    done = client.post(
        f"{CASE}/contests", data={**contests_form(client), "action": "remove_contest_rows.1"}
    ).text
    assert "- id: maslikhat" not in (folder / "case.yaml").read_text(encoding="utf-8")
    assert read_rows(folder / "protocols.csv") == mazhilis
    assert [r["contest"] for r in read_rows(folder / "official.csv")] == ["mazhilis"]
    assert (
        f"Его строки удалены из таблиц: из таблицы протоколов — {count}, "
        "из таблицы официальных цифр — 1" in re.sub(r"\s+", " ", done)
    )
    # The tables as they were are kept.
    kept = [p.name for p in (folder / "history").iterdir()]
    assert any(name.startswith("protocols") for name in kept)
    assert any(name.startswith("official") for name in kept)


def test_a_voting_without_rows_is_removed_at_once(client: TestClient, cases: Path) -> None:
    folder = cases / "almaty-2021"
    rows = [r for r in read_rows(folder / "protocols.csv") if r["contest"] == "mazhilis"]
    write_rows(folder / "protocols.csv", rows)
    done = client.post(
        f"{CASE}/contests", data={**contests_form(client), "action": "remove_contest.1"}
    ).text
    assert "Сохранено. Голосование удалено." in done and "Пока не удалено" not in done
    assert "удалите их на странице" not in done  # no rows were left to remove
    assert read_rows(folder / "protocols.csv") == rows


# --- the page's own words after a save and after a build ----------------------------------------


def test_the_observers_organisation_after_ot_has_its_field(
    client: TestClient, cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    fields = {
        "applicant.status.kind": "observer",
        "applicant.status.station": "12",
        "applicant.status.organisation": "ОФ «Наблюдатели А»",
    }
    page = post(client, f"{CASE}/applicant", fields)
    # Without the genitive the warning names the page's field, which the page now has.
    assert "укажите applicant.status" not in page
    assert "укажите «Кто направил наблюдателя, после слов «наблюдатель от»»" in page
    label = "Кто направил наблюдателя, после слов «наблюдатель от»"
    assert f'<label for="f-applicant.status.organisation_genitive">{label}' in page
    genitive = "Общественного фонда «Наблюдатели А»"
    page = post(
        client, f"{CASE}/applicant", {**fields, "applicant.status.organisation_genitive": genitive}
    )
    text = (cases / "almaty-2021" / "case.yaml").read_text(encoding="utf-8")
    assert f"    organisation_genitive: {genitive}\n" in text
    assert "программа сама не ставит название в другой падеж" not in page


@pytest.mark.slow
def test_the_builds_warnings_name_fields_by_their_labels(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    from test_web import _build

    panel = _build(client)
    assert "Документы собраны." in panel
    # The example's warnings that `check` finds: by their fields' labels, linked to the forms,
    # never a path of the computer nor a line of case.yaml.
    assert "case.yaml, строка" not in panel and "/cases/almaty-2021/" not in panel
    # The example's are the protocol table's control ratios: named by the table's page, linked.
    assert re.search(
        r'<span class="where"><a href="/case/almaty-2021/protocols">Протоколы участков, строка 37'
        r"</a>:</span>\s*участок 170, в копии «Маслихат» не выполняется",
        panel,
    )
    shown_again = client.get(f"{CASE}/preview").text  # the same when the page is opened again
    assert "case.yaml, строка" not in shown_again


def test_a_kazakh_cases_russian_text_is_asked_for_in_kazakh_in_its_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", "kk")
    client = one_contest_client(tmp_path)
    client.post("/language", data={"csrf": form_of(client, "/")["csrf"], "lang": "kk"})
    new_case(client)
    post(client, f"{ONE}/general", {"language": "kk"})
    # The new case's parties are named in Russian («Полное наименование партии А»).
    page = client.get(f"{ONE}/parties").text
    field = page.split('name="parties[0].name"', 1)[1].split("</td>", 1)[0]
    assert "қазақ тіліне ғана тән әріп (ә, ғ, қ, ң, ө, ұ, ү, һ, і) жоқ" in field
    assert "оны осында қазақ тілінде енгізіңіз" in field
    assert "{ru:" not in page and "language: kk" not in page
    post(client, f"{ONE}/parties", {"parties[0].name": "А партиясының толық атауы"})
    page = client.get(f"{ONE}/parties").text
    field = page.split('name="parties[0].name"', 1)[1].split("</td>", 1)[0]
    assert "әріп" not in field


def test_the_applicants_sex_is_asked_where_the_name_does_not_show_it(
    one_voting: TestClient, tmp_path: Path
) -> None:
    client = one_voting
    # A name without a patronymic: the Russian documents cannot tell «проживающего» from
    # «проживающей», and `check` asks for the sex.
    fields = {"applicant.full_name": "Ким Алина", "applicant.sex": ""}
    page = post(client, f"{ONE}/applicant", fields)
    assert '<label for="f-applicant.sex">Пол' in page
    chosen = page.split('id="f-applicant.sex"', 1)[1].split("</div>", 1)[0]
    assert "выберите его: по имени пол не виден" in chosen and "sex:" not in chosen
    post(client, f"{ONE}/applicant", {**fields, "applicant.sex": "female"})
    applicant = (tmp_path / "cases" / "u1234" / "applicant.yaml").read_text(encoding="utf-8")
    assert 'full_name: "Ким Алина"\n' in applicant and applicant.endswith("\nsex: female\n")
    page = client.get(f"{ONE}/applicant").text
    assert 'value="female" selected' in page
    assert "пол не виден" not in page


def test_the_threshold_field_says_what_the_law_on_record_gives_for_the_day(
    client: TestClient, tmp_path: Path
) -> None:
    # The Mazhilis' 7 % until 2023 (DOMAIN.md §2), the example's election of 10 January 2021.
    settings = client.get(f"{CASE}/settings").text
    assert "по справочным данным программы на этот день — 7%: сверьте" in settings
    # A Kurultai election of 30 August 2026: no figure on record.
    other = one_contest_client(tmp_path / "other")
    new_case(other)
    settings = other.get(f"{ONE}/settings").text
    assert "В справочных данных программы порога на этот день нет" in settings


def test_a_renamed_voting_or_party_is_renamed_in_the_official_table_too(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    client.post(f"{CASE}/official/start", data=form_of(client, f"{CASE}/official"))
    assert [r["contest"] for r in read_rows(folder / "official.csv")] == ["mazhilis", "maslikhat"]
    post(client, f"{CASE}/contests", {"contests[0].id": "majilis_2021"})
    assert [r["contest"] for r in read_rows(folder / "official.csv")] == [
        "majilis_2021",
        "maslikhat",
    ]
    post(client, f"{CASE}/parties", {"parties[0].id": "people"})
    header = (folder / "official.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "people" in header and "npk" not in header
    assert "people" in read_rows(folder / "protocols.csv")[0]


@pytest.mark.parametrize("example", ["almaty-2021", "kurultai-2026"])
def test_every_section_saved_unchanged_leaves_a_hand_written_file_as_it_was(
    tmp_path: Path, example: str
) -> None:
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "data" / example, tmp_path / "cases" / example)
    browser = TestClient(create_app([tmp_path / "cases"], tmp_path / "out", CODE, PORT), BASE)
    assert browser.get(f"/?code={CODE}").status_code == 200
    path = tmp_path / "cases" / example / "case.yaml"
    before = path.read_bytes()
    for section in (
        "general",
        "applicant",
        "addressees",
        "parties",
        "contests",
        "settings",
        "narrative",
    ):
        assert "Сохранено." in post(browser, f"/case/{example}/{section}", {}), section
        assert path.read_bytes() == before, section


def test_the_official_results_problems_name_the_table_by_the_page(
    one_voting: TestClient, tmp_path: Path
) -> None:
    client = one_voting
    post(client, f"{ONE}/official", {"official_results.source": OFFICIAL_SOURCE})
    page = client.get(f"{ONE}/preview").text
    shown = re.sub(r"<[^>]+>", " ", page)  # the words, not the links' addresses
    assert "official_results" not in shown
    assert re.search(
        r"Таблица официальных цифр по участкам</a>:</span>\s*таблица официальных", page
    )


def test_a_deleted_partys_figures_left_in_the_tables_are_named(
    client: TestClient, cases: Path
) -> None:
    folder = cases / "almaty-2021"
    protocols = read_rows(folder / "protocols.csv")
    filled = sum(1 for row in protocols if row["adal"].strip())  # «Adal», the fifth party
    assert filled > 0
    page = post(client, f"{CASE}/parties", {"parties[4].delete": "on"})
    said = re.sub(r"\s+", " ", page)
    assert "Партия удалена вместе с её официальными итогами." in said
    assert f"в столбцах «adal» (заполнено ячеек: {filled});" in said
    assert read_rows(folder / "protocols.csv") == protocols  # nothing typed is lost
