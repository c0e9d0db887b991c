"""The problems found in a case folder, in the interface language: the file, the row or the
field, what is wrong and what to do, worded in English, Russian or Kazakh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from conftest import read_rows, write_rows
from election_appeal.cli import main
from election_appeal.errors import Problem


def _run(language: str, *args: str | Path) -> Result:
    return CliRunner(env={"APPEAL_LANG": language}).invoke(
        main, [str(a) for a in args], prog_name="appeal"
    )


def _replace(path: Path, old: str, new: str) -> None:
    """Change one line of a file in place, so the other lines keep their numbers."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


MISSING_PARTY = {
    "en": 'Error: {table}, row 1: the party column "adal" is missing',
    "ru": "Ошибка: {table}, строка 1: нет столбца партии «adal»",
    "kk": "Қате: {table}, 1-жол: «adal» партиясының бағаны жоқ",
}
NOT_A_NUMBER = {
    "en": 'Error: {table}, row 2, column "npk": "3З" is not a number',
    "ru": "Ошибка: {table}, строка 2, столбец «npk»: «3З» — не число",
    "kk": "Қате: {table}, 2-жол, «npk» бағаны: «3З» — сан емес",
}


def _without_a_party(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != "adal"} for row in rows]


def _with_a_letter_for_a_digit(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    rows[0]["npk"] = "3З"  # a Cyrillic Зе typed for the digit 3
    return rows


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize(
    ("change", "said"),
    [(_without_a_party, MISSING_PARTY), (_with_a_letter_for_a_digit, NOT_A_NUMBER)],
    ids=["missing party column", "not a number"],
)
def test_a_problem_of_the_protocol_table(case_dir: Path, language: str, change, said) -> None:
    table = case_dir / "protocols.csv"
    write_rows(table, change(read_rows(table)))
    result = _run(language, "check", case_dir)
    assert result.exit_code == 1
    assert result.stderr == said[language].format(table=table) + "\n"


NO_SUCH_DAY = {
    "en": 'Error: {file}, line 30, election.date: "2021-02-30": there is no such day in the '
    "calendar; check the day, the month and the year",
    "ru": "Ошибка: {file}, строка 30, election.date: «2021-02-30»: такого дня в календаре нет; "
    "проверьте число, месяц и год",
    "kk": "Қате: {file}, 30-жол, election.date: «2021-02-30»: күнтізбеде мұндай күн жоқ; "
    "күнін, айын және жылын тексеріңіз",
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_day_that_is_not_in_the_calendar(case_dir: Path, language: str) -> None:
    _replace(case_dir / "case.yaml", "  date: 2021-01-10\n", "  date: 2021-02-30\n")
    result = _run(language, "check", case_dir)
    assert result.exit_code == 1
    assert result.stderr == NO_SUCH_DAY[language].format(file=case_dir / "case.yaml") + "\n"


# Three problems pydantic finds in case.yaml: a field left out (line 15 of the example), a date
# with a two-digit year (day first is read, the century is not guessed) and a word where a count
# belongs (lines 30 and 32, now 29 and 31).
SCHEMA_PROBLEMS = {
    "en": [
        "Error: {file}, line 12, applicant.address: this field is required but is missing",
        'Error: {file}, line 29, election.date: "10.01.21" is not a date; write it as 10.01.2021 '
        "(day, month, year) or 2021-01-10",
        'Error: {file}, line 31, election.stations: "много" is not a number',
        "3 errors, 0 warnings. Fix the errors and run the command again.",
    ],
    "ru": [
        "Ошибка: {file}, строка 12, applicant.address: это поле обязательно, а его нет",
        "Ошибка: {file}, строка 29, election.date: «10.01.21» — не дата; "
        "запишите её как 10.01.2021 (число, месяц, год) или 2021-01-10",
        "Ошибка: {file}, строка 31, election.stations: «много» — не число",
        "3 ошибки, 0 предупреждений. Исправьте ошибки и выполните команду ещё раз.",
    ],
    "kk": [
        "Қате: {file}, 12-жол, applicant.address: бұл өріс міндетті, бірақ ол жоқ",
        "Қате: {file}, 29-жол, election.date: «10.01.21» — күн емес; "
        "оны 10.01.2021 (күні, айы, жылы) немесе 2021-01-10 түрінде жазыңыз",
        "Қате: {file}, 31-жол, election.stations: «много» — сан емес",
        "3 қате, 0 ескерту. Қателерді түзетіп, пәрменді қайта орындаңыз.",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_what_the_schema_refuses(case_dir: Path, language: str) -> None:
    path = case_dir / "case.yaml"
    address = (
        '  address: {ru: "[почтовый адрес заявителя]", kk: "[арыз берушінің пошталық мекенжайы]"}\n'
    )
    _replace(path, address, "")
    _replace(path, "  date: 2021-01-10\n", '  date: "10.01.21"\n')
    _replace(path, "  stations: 581\n", "  stations: много\n")
    result = _run(language, "check", case_dir)
    assert result.exit_code == 1
    expected = [line.format(file=path) for line in SCHEMA_PROBLEMS[language]]
    assert result.stderr.splitlines() == expected


YAML_SLIPS = {
    "en": [
        "Error: {file}, line 4: this line does not fit the lines above it "
        "(check the indentation and the colons)",
        "Error: {file}, line 3: a tab is used for indentation; indent with spaces "
        "(check the indentation and the colons)",
    ],
    "ru": [
        "Ошибка: {file}, строка 4: эта строка не согласуется со строками выше "
        "(проверьте отступы и двоеточия)",
        "Ошибка: {file}, строка 3: для отступа использована табуляция; делайте отступы "
        "пробелами (проверьте отступы и двоеточия)",
    ],
    "kk": [
        "Қате: {file}, 4-жол: бұл жол жоғарыдағы жолдармен үйлеспейді "
        "(шегіністер мен қос нүктелерді тексеріңіз)",
        "Қате: {file}, 3-жол: шегініс үшін табуляция қолданылған; шегіністі бос орындармен "
        "жасаңыз (шегіністер мен қос нүктелерді тексеріңіз)",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize(
    ("slip", "text"),
    [
        (0, "illustrative: true\nelection:\n  date: 2021-01-10\n territory: x\n"),
        (1, "illustrative: true\nelection:\n\tdate: 2021-01-10\n"),
    ],
    ids=["indentation", "tab"],
)
def test_a_slip_in_the_yaml(case_dir: Path, language: str, slip: int, text: str) -> None:
    path = case_dir / "case.yaml"
    path.write_text(text, encoding="utf-8")
    result = _run(language, "check", case_dir)
    assert result.exit_code == 1
    assert result.stderr == YAML_SLIPS[language][slip].format(file=path) + "\n"


MAZHILIS_VOTES = "votes: {npk: 43337, nur_otan: 178461, auyl: 31802, ak_zhol: 48887, adal: 18835}"
ALL_ZERO = {
    "en": "Error: {file}, line 65, contests[0].votes: every party has 0 votes in the official "
    'result of "Мажилис"; copy the votes of each party from the published result',
    "ru": "Ошибка: {file}, строка 65, contests[0].votes: в официальных итогах голосования "
    "«Мажилис» у всех партий 0 голосов; перепишите голоса каждой партии из опубликованных итогов",
    "kk": "Қате: {file}, 65-жол, contests[0].votes: «Мәжіліс» дауыс беруінің ресми "
    "қорытындысында барлық партияның дауысы 0; әр партияның дауыстарын жарияланған "
    "қорытындыдан көшіріп жазыңыз",
}
TURNOUT_BELOW_VOTES = {
    "en": "Error: {file}, line 69, contests[0].turnout: allocation.base is turnout, but the "
    'turnout of "Мажилис" (320000) is smaller than the votes for the lists and against all '
    "(321322); check both figures against the published result, or set allocation.base: valid",
    "ru": "Ошибка: {file}, строка 69, contests[0].turnout: allocation.base равно turnout, но явка "
    "голосования «Мажилис» (320000) меньше, чем голосов за списки и против всех (321322); "
    "сверьте оба числа с опубликованными итогами или укажите allocation.base: valid",
}
NO_MRP_ON_THE_DAY = {
    "en": "Error: {file}, line 93, funding: data/reference/wages.csv has no МРП in force on the "
    'election day, 10 January 2017, in which the "especially large" amount is counted; add the '
    "МЗП and МРП of 2017",
    "ru": "Ошибка: {file}, строка 93, funding: в data/reference/wages.csv нет МРП, действовавшего "
    "в день выборов, 10 января 2017 г., а по нему считается «особо крупный размер»; добавьте МЗП "
    "и МРП за 2017 год",
}


# What passed check and then stopped analyse without naming a file: the changes to case.yaml,
# and what check says. The Mazhilis votes add up to 43 337 + 178 461 + 31 802 + 48 887 + 18 835
# = 321 322; wages.csv begins with 2018.
STOPPED_ANALYSE = {
    # No published result gives every list nothing: zeros typed as placeholders.
    "all votes zero": (
        [(MAZHILIS_VOTES, "votes: {npk: 0, nur_otan: 0, auyl: 0, ak_zhol: 0, adal: 0}")],
        ALL_ZERO,
    ),
    # Shares of the turnout need a turnout at least the votes cast.
    "turnout below the votes": (
        [
            ("    turnout: null\n", "    turnout: 320000\n"),
            ("  base: valid\n", "  base: turnout\n"),
        ],
        TURNOUT_BELOW_VOTES,
    ),
    # The funding year has its wages, the election day has none.
    "no МРП on the election day": (
        [
            ("  date: 2021-01-10\n", "  date: 2017-01-10\n"),
            ("  term_years: 5\n", "  term_years: 5\n  year: 2021\n"),
        ],
        NO_MRP_ON_THE_DAY,
    ),
}


@pytest.mark.parametrize("command", ["check", "analyse"])
@pytest.mark.parametrize(
    ("scenario", "language"),
    [(name, language) for name, (_, said) in STOPPED_ANALYSE.items() for language in said],
)
def test_check_refuses_what_analyse_cannot_use(
    case_dir: Path, scenario: str, language: str, command: str
) -> None:
    changes, said = STOPPED_ANALYSE[scenario]
    path = case_dir / "case.yaml"
    for old, new in changes:
        _replace(path, old, new)
    result = _run(language, command, case_dir)
    assert result.exit_code == 1
    assert result.stderr == said[language].format(file=path) + "\n"


def test_one_party_with_votes_is_a_result(case_dir: Path) -> None:
    """Zero for all but one list is a possible result, and is not refused."""
    _replace(
        case_dir / "case.yaml",
        MAZHILIS_VOTES,
        "votes: {npk: 0, nur_otan: 178461, auyl: 0, ak_zhol: 0, adal: 0}",
    )
    assert "contests[0].votes" not in _run("en", "check", case_dir).output


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'Error: {file}, column "votes": every party has 0 votes; copy the votes of each '
         "party from the result"),
        ("ru", "Ошибка: {file}, столбец «votes»: у всех партий 0 голосов; перепишите голоса "
         "каждой партии из итогов голосования"),
    ],
)  # fmt: skip
def test_a_table_of_votes_all_zero(tmp_path: Path, language: str, expected: str) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("party,votes\nalpha,0\nbeta,0\n", encoding="utf-8")
    result = _run(language, "seats", votes, "--seats", "5", "--threshold", "5%")
    assert result.exit_code == 1
    assert result.stderr == expected.format(file=votes) + "\n"


@pytest.mark.parametrize(
    ("where", "en", "ru", "kk"),
    [
        ("row 7", "row 7", "строка 7", "7-жол"),
        ("line 12", "line 12", "строка 12", "12-жол"),
        ("line 3, parties[0].id", "line 3, parties[0].id", "строка 3, parties[0].id",
         "3-жол, parties[0].id"),
        ("contests[1].votes", "contests[1].votes", "contests[1].votes", "contests[1].votes"),
        ("", "", "", ""),
    ],
)  # fmt: skip
def test_the_place_of_a_problem(monkeypatch, where: str, en: str, ru: str, kk: str) -> None:
    """The row or line is worded in the language of the moment it is shown; `where` keeps the
    form the web page looks rows and fields up by."""
    problem = Problem("case.yaml", where, "", "x")
    for language, expected in (("en", en), ("ru", ru), ("kk", kk)):
        monkeypatch.setenv("APPEAL_LANG", language)
        assert problem.place == expected
        assert problem.where == where


def test_a_failed_case_of_a_bulk_build_in_russian(case_dir: Path, tmp_path: Path) -> None:
    """The case is built in a forked process, which speaks the language of its parent."""
    table = case_dir / "protocols.csv"
    write_rows(table, _with_a_letter_for_a_digit(read_rows(table)))
    result = _run("ru", "build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "case: НЕ УДАЛОСЬ",
        f"  Ошибка: {table}, строка 2, столбец «npk»: «3З» — не число",
        "  1 ошибка, 0 предупреждений. Исправьте ошибки и выполните команду ещё раз.",
        "Собрано: 0, без изменений: 0, с ошибками: 1.",
    ]


def test_the_web_page_shows_the_problems_in_russian(case_dir: Path, monkeypatch) -> None:
    from election_appeal.web.app import create_app

    monkeypatch.setenv("APPEAL_LANG", "ru")
    table = case_dir / "protocols.csv"
    write_rows(table, _with_a_letter_for_a_digit(read_rows(table)))
    _replace(case_dir / "case.yaml", "  stations: 581\n", "  stations: 0\n")
    app = create_app([case_dir.parent], case_dir.parent / "output", "token-5678", 8766)
    browser = TestClient(app, base_url="http://127.0.0.1:8766")
    assert browser.get("/?code=token-5678").status_code == 200
    protocols = browser.get("/case/case/protocols").text
    assert "<td>2</td><td>npk</td><td>«3З» — не число</td>" in protocols
    general = browser.get("/case/case/general").text
    assert '<p class="field-error">должно быть больше 0</p>' in general


def test_the_web_server_speaks_russian_unless_told_otherwise(case_dir: Path) -> None:
    """`appeal serve` on a system with no language set: the page and the problems on it are
    Russian."""
    import urllib.request

    _replace(case_dir / "case.yaml", "  stations: 581\n", "  stations: 0\n")
    command = [sys.executable, "-m", "election_appeal", "serve", str(case_dir.parent)]
    server = subprocess.Popen(
        [*command, "--no-browser", "--out", str(case_dir.parent / "output")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(case_dir.parent)},
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        base = url.split("/?code=")[0]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opener.open(url).read()
        page = opener.open(f"{base}/case/case/general").read().decode()
    finally:
        server.terminate()
        server.communicate(timeout=20)
    assert '<p class="field-error">должно быть больше 0</p>' in page


def test_the_messages_do_not_load_click() -> None:
    """Every layer reads its messages through i18n, which leaves click to the command line."""
    code = (
        "import sys, election_appeal.case.load, election_appeal.analysis, election_appeal.api; "
        "print('click' in sys.modules)"
    )
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert said.stdout == "False\n"


def test_the_manifest_does_not_depend_on_the_interface_language(
    case_dir: Path, tmp_path: Path
) -> None:
    """A workbook's sheet is named in the interface language in messages, never in the files
    a build writes: a rebuild in Russian writes the same manifest.json as one in English."""
    from openpyxl import Workbook

    rows = read_rows(case_dir / "protocols.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Лист1"
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v or None for v in row.values()])
    workbook.save(case_dir / "protocols.xlsx")
    (case_dir / "protocols.csv").unlink()
    out = tmp_path / "out"
    manifests = []
    for language in ("en", "en", "ru"):
        result = _run(language, "build", case_dir, "--out", out, "--format", "xlsx", "--force")
        assert result.exit_code == 0, result.output
        manifests.append((out / "case" / "manifest.json").read_bytes())
    assert b'"file": "protocols.xlsx"' in manifests[1]
    assert manifests[2] == manifests[1]
