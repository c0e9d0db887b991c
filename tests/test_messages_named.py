"""Messages name things as the user sees them: a contest by its name, not its id (the id only
where the user types it: a file's name, a table's contest column); on the web page a field by
its label, in `appeal check` by its place in case.yaml. Each message says the file, the row or
field, what is wrong and what to do. Expected texts are written by hand from the example cases
and the Russian and Kazakh wording of the catalogues."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from conftest import ROOT, edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.cli import main
from election_appeal.errors import Problem, Severity
from election_appeal.i18n import translations
from election_appeal.web.forms import FIELD_LABELS, label_key
from election_appeal.web.problems import Labels

EVIDENCE = ROOT / "tests" / "data" / "evidence-example"


def _check(language: str, case: Path) -> Result:
    return CliRunner(env={"APPEAL_LANG": language}).invoke(
        main, ["check", str(case)], prog_name="appeal"
    )


def _evidence(tmp_path: Path) -> Path:
    """The example with copies, its contests named in both languages."""
    case = tmp_path / "case"
    shutil.copytree(EVIDENCE, case)

    def both_languages(data: dict) -> None:
        titles = {"mazhilis": ("Мажилис", "Мәжіліс"), "maslikhat": ("Маслихат", "Мәслихат")}
        for contest in data["contests"]:
            ru, kk = titles[contest["id"]]
            contest["short_title"] = {"ru": ru, "kk": kk}

    edit_case(case, both_languages)
    return case


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Предупреждение: {table}, строка 5: участок 13, «Маслихат»: в папке copies нет "
            "файла копии (ожидается 13_maslikhat.jpg, .png или .pdf)",
        ),
        (
            "kk",
            "Ескерту: {table}, 5-жол: 13 учаске, «Мәслихат»: copies бумасында көшірме файлы жоқ "
            "(13_maslikhat.jpg, .png немесе .pdf күтіледі)",
        ),
    ],
)
def test_a_copy_without_a_file_names_the_contest_and_the_file_expected(
    tmp_path: Path, language: str, expected: str
) -> None:
    case = _evidence(tmp_path)
    result = _check(language, case)
    assert result.exit_code == 0, result.output
    assert expected.format(table=case / "protocols.csv") in result.stdout.splitlines()
    assert "голосование maslikhat" not in result.stdout  # the id only in the file's name


def test_the_provenance_table_lists_the_contests_one_may_type_with_their_names(
    tmp_path: Path,
) -> None:
    case = _evidence(tmp_path)
    table = case / "copies" / "copies.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("13,mazhilis", "13,mazhiliss")
    lines.append("99,maslikhat,,,,,")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _check("ru", case)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert (
        f"Ошибка: {table}, строка 4, столбец «contest»: «mazhiliss» — такого голосования нет в "
        "case.yaml (есть: mazhilis («Мажилис»), maslikhat («Маслихат»))"
    ) in errors
    assert (
        f"Ошибка: {table}, строка 5, столбец «station»: в таблице протоколов нет строки участка "
        "99, «Маслихат» (contest maslikhat); исправьте номер участка или голосование либо "
        "добавьте строку в таблицу протоколов"
    ) in errors


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "31.02.2021",
            "«31.02.2021»: такого дня в календаре нет; сверьте число и месяц с записью о "
            "получении копии",
        ),
        (
            "10.01.2021 25:40",
            "«10.01.2021 25:40»: такого времени суток нет; запишите время так: 22:40",
        ),
        ("вчера", "«вчера» — это не дата; напишите её как 10.01.2021 или 10.01.2021 22:40"),
    ],
)
def test_a_day_of_receipt_that_cannot_be_says_so(tmp_path: Path, cell: str, expected: str) -> None:
    case = _evidence(tmp_path)
    table = case / "copies" / "copies.csv"
    text = table.read_text(encoding="utf-8").replace("10.01.2021 23:40", cell)
    table.write_text(text, encoding="utf-8")
    result = _check("ru", case)
    assert result.exit_code == 1
    assert f"Ошибка: {table}, строка 2, столбец «received_on»: {expected}" in result.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Ошибка: {table}, строка 4, столбец «station»: протокол «Мажилис» по участку 12 уже "
            "есть в строке 2; оставьте по одной строке на протокол: исправьте в одной из строк "
            "номер участка или голосование",
        ),
        (
            "kk",
            "Қате: {table}, 4-жол, «station» бағаны: 12 учаскесінің «Мәжіліс» хаттамасы 2-жолда "
            "бар; әр хаттамаға бір жол қалдырыңыз: жолдардың бірінде учаске нөмірін немесе дауыс "
            "беруді түзетіңіз",
        ),
    ],
)
def test_a_station_repeated_names_the_contest(case_dir: Path, language: str, expected: str) -> None:
    table = case_dir / "protocols.csv"
    rows = read_rows(table)
    rows[2]["station"], rows[2]["contest"] = "12", "mazhilis"  # row 4 repeats row 2
    write_rows(table, rows)
    result = _check(language, case_dir)
    assert result.exit_code == 1
    assert expected.format(table=table) in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Ошибка: {file}, строка 65, contests[0].votes: нет официальных итогов голосования за "
            "НПК: добавьте в votes голосования «Мажилис» запись npk: <число голосов> из "
            "опубликованных итогов",
        ),
        (
            "kk",
            "Қате: {file}, 65-жол, contests[0].votes: ҚХП үшін берілген дауыстардың ресми саны "
            "жоқ: «Мәжіліс» дауыс беруінің votes өрісіне жарияланған қорытындыдағы npk: <дауыс "
            "саны> жазбасын қосыңыз",
        ),
    ],
)
def test_a_missing_official_figure_names_the_party_and_what_to_add(
    case_dir: Path, language: str, expected: str
) -> None:
    path = case_dir / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("votes: {npk: 43337, nur_otan", "votes: {nur_otan"), "utf-8")
    result = _check(language, case_dir)
    assert result.exit_code == 1
    assert expected.format(file=path) in result.stderr.splitlines()


def test_a_misspelt_party_column_is_pointed_to_the_party_meant(case_dir: Path) -> None:
    table = case_dir / "protocols.csv"
    rows = [
        {("nur_oton" if k == "nur_otan" else k): v for k, v in r.items()} for r in read_rows(table)
    ]
    write_rows(table, rows)
    result = _check("ru", case_dir)
    assert result.exit_code == 1
    unknown = next(line for line in result.stderr.splitlines() if "неизвестные столбцы" in line)
    assert unknown.startswith(f"Ошибка: {table}, строка 1: неизвестные столбцы: «nur_oton»; ")
    assert unknown.endswith(
        "; если «nur_oton» — это «nur_otan», исправьте название столбца в строке 1"
    )
    # A column like no missing one gets no such guess.
    rows = [{("green" if k == "nur_oton" else k): v for k, v in r.items()} for r in rows]
    write_rows(table, rows)
    assert "если «green»" not in _check("ru", case_dir).stderr


@pytest.mark.parametrize(
    ("language", "tail"),
    [
        ("ru", "; если имелся в виду «police_almaty», исправьте код"),
        ("kk", "; егер «police_almaty» меңзелсе, кодты түзетіңіз"),
    ],
)
def test_a_misspelt_addressee_is_pointed_to_the_authority_meant(
    case_dir: Path, language: str, tail: str
) -> None:
    path = case_dir / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{id: police_almaty,", "{id: polise_almaty,"), "utf-8")
    result = _check(language, case_dir)
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "polise_almaty" in line)
    assert "addressees[2].id" in line and line.endswith(tail)


# --- The web page names a field by its label --------------------------------------------------


def _labels(language: str, doc: dict | None = None) -> Labels:
    return Labels(translations(language).gettext, doc or {}, language)


def test_a_field_path_in_a_message_becomes_the_fields_label() -> None:
    problem = Problem(
        "case/case.yaml",
        "line 80, funding.year",
        "",
        "удалите funding.year, чтобы считать по ставкам 2021 года (см. data/reference/law.yaml)",
        Severity.WARNING,
    )
    assert _labels("ru").worded(problem) == (
        "удалите «Год расчёта», чтобы считать по ставкам 2021 года (см. data/reference/law.yaml)"
    )
    assert _labels("ru").place(problem) == "Год расчёта"
    # The command line keeps the file and the path: the user edits case.yaml there.
    assert str(problem).startswith("case/case.yaml, line 80, funding.year: удалите funding.year")


def test_a_name_beside_the_problems_field_and_a_party_id_are_told_apart() -> None:
    doc = {
        "parties": [{"id": "nur_otan", "short_name": {"ru": "«Nur Otan»", "kk": "«Nur Otan»"}}],
        "contests": [{"id": "a", "short_title": "Мажилис"}, {"id": "b", "short_title": "Маслихат"}],
    }
    turnout = Problem("case.yaml", "line 9, contests[1].invalid", "", "проверьте voters_on_list")
    assert _labels("ru", doc).worded(turnout) == "проверьте «Избирателей в списках»"
    assert _labels("ru", doc).place(turnout) == "Маслихат: Недействительных бюллетеней"
    # A page that does not hold the case's contests cannot say whose the field is: its place.
    assert _labels("ru").place(turnout) == "line 9, contests[1].invalid"
    votes = Problem("case.yaml", "line 9, contests[0].votes", "", "«nur_otan» — не партия дела")
    assert _labels("ru", doc).worded(votes) == "«nur_otan» — не партия дела"
    assert _labels("kk", doc)("contests[0].votes.nur_otan") == "«Nur Otan» үшін дауыстар"


def test_every_label_is_translated() -> None:
    for language in ("ru", "kk"):
        catalogue = translations(language)
        missing = [m for m in FIELD_LABELS.values() if m not in catalogue._catalog]  # type: ignore[attr-defined]
        assert missing == [], language
    assert label_key("contests[1].seats_awarded.adal") == "contests[].seats_awarded.*"


def _page(cases: Path, section: str, language: str) -> str:
    from election_appeal.web.app import create_app

    app = create_app([cases], cases / "output", "token-4321", 8767)
    app.state.web.language = language
    browser = TestClient(app, base_url="http://127.0.0.1:8767")
    assert browser.get("/?code=token-4321").status_code == 200
    return browser.get(f"/case/almaty-2021/{section}").text


@pytest.mark.parametrize(
    ("language", "label", "said"),
    [
        ("ru", "Год расчёта", "удалите «Год расчёта», чтобы считать по ставкам 2021 года"),
        ("kk", "Есептеу жылы", "«Есептеу жылы» жолын өшіріңіз"),
    ],
)
def test_the_settings_page_names_the_funding_year_by_its_label(
    cases: Path, monkeypatch: pytest.MonkeyPatch, language: str, label: str, said: str
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    case = cases / "almaty-2021"
    edit_case(case, lambda data: data["funding"].update(year=2022))
    # `appeal check` names the field as case.yaml has it.
    assert "funding.year" in str(next(p for p in api.check(case).warnings if "2022" in p.message))
    page = _page(cases, "settings", language)
    assert f'<label for="f-funding.year">{label}' in page
    warning = re.search(r'<p class="field-warning">([^<]*2022[^<]*)</p>', page)
    assert warning is not None and said in warning[1]
    assert "funding.year" not in warning[1]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Предупреждение: {table}, строка 2, столбец «nur_otan»: участок 12: официальное число "
            "голосов за эту партию не заполнено, поэтому сравнить его с копией нельзя; перепишите "
            "цифру из опубликованных итогов или оставьте ячейку пустой, только если она не "
            "публиковалась",
        ),
        (
            "kk",
            "Ескерту: {table}, 2-жол, «nur_otan» бағаны: 12 учаске: осы партияға берілген "
            "дауыстардың ресми саны толтырылмаған, оны көшірмемен салыстыруға болмайды; санды "
            "жарияланған қорытындыдан көшіріп жазыңыз немесе ол жарияланбаған жағдайда ғана "
            "ұяшықты бос қалдырыңыз",
        ),
    ],
)
def test_an_official_figure_left_empty_is_told(
    tmp_path: Path, language: str, expected: str
) -> None:
    case = _evidence(tmp_path)
    table = case / "official.csv"
    rows = read_rows(table)
    rows[0]["nur_otan"] = ""  # station 12, the Mazhilis: the figure the copy differs from
    write_rows(table, rows)
    result = _check(language, case)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert expected.format(table=table) in lines
    # Only that cell: the other parties of the row and the other rows have their figures.
    cells = [line for line in lines if f"{table}, " in line and re.search("столбец|бағаны", line)]
    assert len(cells) == 1


def test_the_preview_frames_name_an_error_by_its_fields_label(
    cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's frames refresh themselves when the files change: their list of errors names
    a field as the page that first showed them does, by its label, linked to its form."""
    from election_appeal.web.app import create_app

    monkeypatch.setenv("APPEAL_LANG", "ru")
    edit_case(cases / "almaty-2021", lambda data: data["applicant"].update(address=""))
    app = create_app([cases], cases / "output", "token-4321", 8767)
    app.state.web.language = "ru"
    browser = TestClient(app, base_url="http://127.0.0.1:8767")
    assert browser.get("/?code=token-4321").status_code == 200
    for page in ("preview", "preview-frames"):
        text = browser.get(f"/case/almaty-2021/{page}").text
        errors = text.split('<div class="problems">', 1)[1].split("</div>", 1)[0]
        assert '#f-applicant.address">Почтовый адрес для ответа</a>' in errors, page
        assert "applicant.address" not in errors.replace('#f-applicant.address"', ""), page
