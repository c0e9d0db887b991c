"""`appeal check`: the summary of a good case, and every kind of bad input, message by message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, edit_case, read_rows, write_rows

SUMMARY = {
    "en": [
        f"{EXAMPLE}: the case is ready.",
        # The case's own names and a date as people write it, not ids and ISO dates; in
        # English the case's first text (Russian).
        "  Election:   10 January 2021, г. Алматы, 581 polling stations",
        "  Parties:    5 (НПК, «Nur Otan», «Ауыл», «Ак жол», «ADAL»)",
        "  Contests:   Мажилис (first), Маслихат (second)",
        f"  Protocols:  132 rows from {EXAMPLE}/protocols.csv, 66 stations (11.4 % of 581)",
        "  Sources:    Наблюдатели А: 50; Наблюдатели Б: 10; Наблюдатели В: 4; —: 2",
        "  Illustrative: yes. The data is not real; every page is marked ОБРАЗЕЦ (ҮЛГІ in Kazakh "
        "documents).",
    ],
    "ru": [
        f"{EXAMPLE}: дело готово.",
        "  Выборы:       10 января 2021 г., г. Алматы, 581 избирательный участок",
        "  Партии:       5 (НПК, «Nur Otan», «Ауыл», «Ак жол», «ADAL»)",
        "  Голосования:  Мажилис (первое), Маслихат (второе)",
        f"  Протоколы:    132 строки из {EXAMPLE}/protocols.csv, 66 участков (11,4 % из 581)",
        "  Источники:    Наблюдатели А: 50; Наблюдатели Б: 10; Наблюдатели В: 4; —: 2",
        "  Образец: да. Данные не настоящие; на каждой странице будет надпись «ОБРАЗЕЦ» "
        "(в казахских документах «ҮЛГІ»).",
    ],
}


# The example's time limits on its date, 5 April 2021: before 1 July 2021 an appeal to the
# prosecutor follows the law of 2007 (no limit for filing), a crime report the Criminal Procedure
# Code (none either); the ballots, kept 30 days from 10 January, were kept until 9 February:
# 19 days of February after the 9th + 31 of March + 5 of April = 55 days before the appeal.
LAW_2007 = (
    "Закон Республики Казахстан от 12 января 2007 года № 221-III «О порядке рассмотрения "
    "обращений физических и юридических лиц»"
)
CPC_180 = (
    "статья 180 Уголовно-процессуального кодекса Республики Казахстан от 4 июля 2014 года № 231-V"
)
CEC_STORAGE = (
    "Постановление Центральной избирательной комиссии Республики Казахстан от 17 июля 2014 года "
    "№ 11/236"
)
# The addressees by their names (authorities.yaml); a route without days in law.yaml whose law
# was not read has no time limit on record, which is not the same as none in the law.
GENERAL = "Генеральная прокуратура Республики Казахстан"
AGENCY = "Департамент Агентства Республики Казахстан по противодействию коррупции по городу Алматы"
POLICE = "Департамент полиции города Алматы"
CITY = "Прокуратура города Алматы"
UNREAD_EN = (
    "no time limit for filing is on record: none was found, but the law was not read in its "
    "official text, so one may exist"
)
UNREAD_RU = (
    "срок подачи не записан: он не найден, но закон не прочитан в официальном тексте, поэтому "
    "срок может существовать"
)
LIMITS = {
    "en": [
        "Time limits on 5 April 2021, the appeal's date:",
        f"  {GENERAL} — appeal: {UNREAD_EN} ({LAW_2007}, not checked against the official text)",
        f"  {AGENCY} — report of a criminal offence: {UNREAD_EN} ({CPC_180}, not checked against "
        "the official text)",
        f"  {POLICE} — report of a criminal offence: {UNREAD_EN} ({CPC_180}, not checked against "
        "the official text)",
        f"  {CITY} — appeal: {UNREAD_EN} ({LAW_2007}, not checked against the official text)",
        "  ballots: kept 30 days from the election day, last day 9 February 2021: ended 55 days "
        "ago; "
        "ask what was kept and for the archived protocols, not for the ballots' preservation "
        f"({CEC_STORAGE}, not checked against the official text)",
    ],
    "ru": [
        "Сроки на 5 апреля 2021 г., дату обращения:",
        f"  {GENERAL} — заявление: {UNREAD_RU} ({LAW_2007}, не сверено с официальным текстом)",
        f"  {AGENCY} — заявление об уголовном правонарушении: {UNREAD_RU} ({CPC_180}, не сверено с "
        "официальным текстом)",
        f"  {POLICE} — заявление об уголовном правонарушении: {UNREAD_RU} ({CPC_180}, не сверено с "
        "официальным текстом)",
        f"  {CITY} — заявление: {UNREAD_RU} ({LAW_2007}, не сверено с официальным текстом)",
        "  бюллетени: хранятся 30 дней со дня выборов, последний день 9 февраля 2021 г.: истек "
        "55 дней назад; просите установить, что сохранилось, и истребовать архивные протоколы, "
        f"а не сохранить бюллетени ({CEC_STORAGE}, не сверено с официальным текстом)",
    ],
}


# The example's broken copies, by hand from protocols.csv: station 170, maslikhat (row 37):
# 419 in the boxes, 408 issued (+11); 419 − (9 invalid + 55 + 220 + 27 + 68 + 28) = +12.
# Station 440, mazhilis (row 86): 497 received − (255 issued + 235 cancelled) = +7.
BROKEN = {
    "en": [
        'Warning: {csv}, row 37: station 170, the "Маслихат" copy breaks a control ratio: more '
        "ballots in the boxes than issued (difference +11); compare the row with the copy of the "
        "protocol",
        'Warning: {csv}, row 37: station 170, the "Маслихат" copy breaks a control ratio: '
        "ballots in the boxes ≠ invalid ballots + votes for the parties (+ against all) "
        "(difference +12); compare the row with the copy of the protocol",
        'Warning: {csv}, row 86: station 440, the "Мажилис" copy breaks a control ratio: '
        "ballots received ≠ ballots issued + ballots cancelled (difference +7); compare the row "
        "with the copy of the protocol",
        "0 errors, 3 warnings. The case can be used.",
    ],
    "ru": [
        "Предупреждение: {csv}, строка 37: участок 170, в копии «Маслихат» не выполняется "
        "контрольное соотношение: в ящиках больше бюллетеней, чем выдано (разница +11); сверьте "
        "строку с копией протокола",
        "Предупреждение: {csv}, строка 37: участок 170, в копии «Маслихат» не выполняется "
        "контрольное соотношение: в ящиках ≠ недействительные + голоса за партии (+ против всех) "
        "(разница +12); сверьте строку с копией протокола",
        "Предупреждение: {csv}, строка 86: участок 440, в копии «Мажилис» не выполняется "
        "контрольное соотношение: получено бюллетеней ≠ выдано + погашено (разница +7); сверьте "
        "строку с копией протокола",
        "0 ошибок, 3 предупреждения. Дело можно использовать.",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_example_case_is_ready(run, monkeypatch, language: str) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", EXAMPLE)
    assert result.exit_code == 0, result.output
    csv = f"{EXAMPLE}/protocols.csv"
    broken = [line.format(csv=csv) for line in BROKEN[language]]
    assert result.stdout.splitlines() == SUMMARY[language] + LIMITS[language] + broken
    assert result.stderr == ""


def _set_cell(case_dir: Path, row: int, column: str, value: str) -> None:
    """Change one cell; `row` is numbered as in a spreadsheet (the header is row 1)."""
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    rows[row - 2][column] = value
    write_rows(path, rows)


def test_bad_vote_counts_are_all_listed_with_row_and_column(run, case_dir: Path) -> None:
    _set_cell(case_dir, 2, "npk", "много")
    _set_cell(case_dir, 3, "nur_otan", "-5")
    _set_cell(case_dir, 4, "auyl", "12,5")
    _set_cell(case_dir, 5, "invalid", "3.5")
    result = run("check", case_dir)
    assert result.exit_code == 1
    csv = case_dir / "protocols.csv"
    assert result.stderr.splitlines() == [
        f'Error: {csv}, row 2, column "npk": "много" is not a number',
        f'Error: {csv}, row 3, column "nur_otan": "-5" is negative; a count cannot be below zero',
        f'Error: {csv}, row 4, column "auyl": "12,5" is not a whole number; '
        "a count of votes has no fractions",
        f'Error: {csv}, row 5, column "invalid": "3.5" is not a whole number; '
        "a count of votes has no fractions",
        "4 errors, 0 warnings. Fix the errors and run the command again.",
    ]
    # Beside the errors: the copies that break a control ratio (test_honest_warnings.py).
    assert "3 control ratios are broken in the copies above" in result.stdout


def test_unknown_contest_and_duplicate_protocol(run, case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    rows[3]["contest"] = "senate"
    rows.append(dict(rows[0]))
    write_rows(path, rows)
    result = run("check", case_dir)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f'Error: {path}, row 5, column "contest": "senate" is not a contest of case.yaml '
        "(known: mazhilis («Мажилис», «Мәжіліс»), maslikhat («Маслихат», «Мәслихат»))"
    ) in lines
    # The contest by its name in case.yaml (short_title), not by its id.
    assert (
        f'Error: {path}, row 134, column "station": station 12 already has a protocol of '
        '"Мажилис" in row 2; keep one row per protocol: correct the station number or the '
        "contest of one of them"
    ) in lines
    assert (
        f'Warning: {path}, row 4, column "station": station 13 has no protocol of "Маслихат"; '
        "it is left out of the paired statistics"
    ) in lines
    assert lines[-1] == "2 errors, 1 warning. Fix the errors and run the command again."


def test_a_station_in_one_contest_only_is_a_warning(run, case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    del rows[1]  # station 12's maslikhat protocol
    write_rows(path, rows)
    result = run("check", case_dir)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 errors, 4 warnings. The case can be used."  # and the 3 broken ratios
    assert (
        f'Warning: {path}, row 2, column "station": station 12 has no protocol of "Маслихат"; '
        "it is left out of the paired statistics"
    ) in lines


def test_unknown_and_missing_columns(run, case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    rows = read_rows(path)
    for row in rows:
        row["Green"] = "1"
        row["votes_total"] = "1"
        del row["adal"]
    write_rows(path, rows)
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'Error: {path}, row 1: the party column "adal" is missing',
        f'Error: {path}, row 1: unknown column(s) "green", "votes_total"; a column must be one '
        "of the protocol lines (voters_on_list, ballots_received, ballots_issued, "
        "ballots_cancelled, ballots_in_boxes, invalid, against_all), station, district, kind, "
        "source, contest, or a party id from case.yaml (npk, nur_otan, auyl, ak_zhol, adal)",
        "2 errors, 0 warnings. Fix the errors and run the command again.",
    ]


def test_missing_station_number(run, case_dir: Path) -> None:
    _set_cell(case_dir, 7, "station", " ")
    result = run("check", case_dir)
    path = case_dir / "protocols.csv"
    expected = f'Error: {path}, row 7, column "station": the station number is missing'
    assert expected in result.stderr.splitlines()
    assert result.exit_code == 1


def test_case_yaml_problems_name_the_line_and_the_field(run, case_dir: Path) -> None:
    def spoil(data: dict) -> None:
        del data["election"]["territory"]
        data["applicant"]["iin"] = "123456789012"
        data["parties"][2]["registered"] = "third"

    edit_case(case_dir, spoil)
    result = run("check", case_dir)
    assert result.exit_code == 1
    yaml_file = case_dir / "case.yaml"
    assert result.stderr.splitlines() == [
        f'Error: {yaml_file}, line 7, applicant.iin: "123456789012" has a wrong check digit '
        "(the last digit should be 3); check for a typo",
        f"Error: {yaml_file}, line 27, election.territory: this field is required but is missing",
        f'Error: {yaml_file}, line 55, parties[2].registered: "third" is not a number',
        "3 errors, 0 warnings. Fix the errors and run the command again.",
    ]


def test_unknown_ids_in_case_yaml(run, case_dir: Path) -> None:
    def spoil(data: dict) -> None:
        data["contests"][0]["votes"]["green"] = 5
        data["contests"][1]["seats_awarded"]["adal"] = 1
        data["addressees"][2]["id"] = "police_astana"
        data["comparison"]["second"] = "senate"

    edit_case(case_dir, spoil)
    result = run("check", case_dir)
    assert result.exit_code == 1
    yaml_file = case_dir / "case.yaml"
    assert result.stderr.splitlines() == [
        f'Error: {yaml_file}, line 23, addressees[2].id: "police_astana" is not in '
        "data/reference/authorities.yaml (known: prosecutor_general, anticorruption_almaty, "
        "police_almaty, prosecutor_almaty, central_election_commission)",
        f'Error: {yaml_file}, line 95, contests[0].votes.green: "green" is not a party of this '
        "case (parties: npk, nur_otan, auyl, ak_zhol, adal)",
        f"Error: {yaml_file}, line 122, contests[1].seats_awarded: the awarded seats add up to 40, "
        "but seats says 39",
        f'Error: {yaml_file}, line 130, comparison.second: "senate" is not a contest of this case '
        "(contests: mazhilis, maslikhat)",
        "4 errors, 0 warnings. Fix the errors and run the command again.",
    ]


def test_yaml_syntax_error(run, case_dir: Path) -> None:
    path = case_dir / "case.yaml"
    path.write_text("illustrative: true\nelection:\n  date: 2021-01-10\n territory: x\n")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}, line 4: this line does not fit the lines above it "
        "(check the indentation and the colons)"
    )


def test_missing_folder_and_missing_case_file(run, tmp_path: Path) -> None:
    result = run("check", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {tmp_path / 'nowhere'}: no such folder"
    result = run("check", tmp_path)
    assert result.stderr.splitlines()[0] == f"Error: {tmp_path / 'case.yaml'}: file not found"
    assert result.exit_code == 1
