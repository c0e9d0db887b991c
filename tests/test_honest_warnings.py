"""Warnings a person reads: the copies that break a control ratio are shown by `check` even while
errors remain and repeated by `build`; the unverified citations are one line pointing to
`appeal law`, which lists them; the resampling's seed is the case's own."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, edit_case, read_rows, write_rows
from election_appeal import api
from election_appeal.resources import reference_dir

# The example's copies that break a control ratio, worked out by hand from protocols.csv: row 37
# (station 170, maslikhat) has 419 ballots in the boxes but 408 issued (+11), and 9 invalid +
# 55 + 220 + 27 + 68 + 28 for the parties = 407 (+12); row 86 (station 440, mazhilis) has
# 497 received but 255 issued + 235 cancelled = 490 (+7).
RATIO_LINES = [
    'row 37: station 170, the "Маслихат" copy breaks a control ratio: more ballots in the '
    "boxes than issued (difference +11)",
    'row 37: station 170, the "Маслихат" copy breaks a control ratio: ballots in the boxes ≠ '
    "invalid ballots + votes for the parties (+ against all) (difference +12)",
    'row 86: station 440, the "Мажилис" copy breaks a control ratio: ballots received ≠ ballots '
    "issued + ballots cancelled (difference +7)",
]


def _ratio_warnings(output: str) -> list[str]:
    found = re.findall(r"protocols\.csv, (row \d+: station .*?); compare the row", output)
    return found


def test_check_shows_broken_ratios_while_errors_remain(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda data: data["appeal"].update(place=""))
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {case_dir / 'case.yaml'}, line")
    assert "appeal.place: must not be empty" in result.stderr
    # A case with errors still names its contests by their short titles, read from case.yaml.
    assert sorted(_ratio_warnings(result.stdout)) == sorted(RATIO_LINES)
    assert result.stdout.splitlines()[-1] == (
        "3 control ratios are broken in the copies above; compare them with the paper while "
        "you fix the errors."
    )


def test_build_repeats_the_broken_ratios(run, case_dir: Path, tmp_path: Path) -> None:
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0
    assert _ratio_warnings(result.output) == RATIO_LINES


def _real(case_dir: Path) -> None:
    def real(data: dict) -> None:
        data["illustrative"] = False
        data["appeal"]["date"] = "2021-07-05"

    edit_case(case_dir, real)


def test_check_says_each_letters_unverified_citations(run, case_dir: Path) -> None:
    _real(case_dir)
    result = run("check", case_dir)
    assert result.exit_code == 0
    # Twelve provisions are cited (listed in the test below), none read in the official text
    # (the prosecutor's law only up to article 3, not its article 21 on appeals). The letter to
    # the Prosecutor General cites ten of them (not the Criminal Procedure Code as a whole nor
    # its art. 179, which only the crime reports cite), in the order of law.yaml; the fraud
    # article only if a party's own yearly overpayment is above 4 000 МРП, which check (no
    # analysis) says as a condition.
    assert (
        f"Warning: {case_dir / 'case.yaml'}, line 19, addressees[0].id: the letter to "
        "Генеральная прокуратура Республики Казахстан cites 10 provisions not checked against "
        "the official text: "
        "статья 21 Закона Республики Казахстан от 30 июня 2017 года № 81-VI «О прокуратуре»; "
        "статья 419 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V; "
        "статья 151 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V "
        "(фальсификация избирательных документов, неправильный подсчет голосов); "
        "часть 4 статьи 190 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V "
        "(мошенничество в особо крупном размере) (if one party alone is paid over 4,000 МРП a "
        "year); "
        "статья 3 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V "
        "(4,000 МРП); "
        "статья 33 Конституции Республики Казахстан; "
        "статья 25 Международного пакта о гражданских и политических правах; "
        "пункт 5 статьи 50 Конституции Республики Казахстан; "
        "статья 180 Уголовно-процессуального кодекса Республики Казахстан от 4 июля 2014 года "
        "№ 231-V; "
        "статья 97-1 Конституционного закона Республики Казахстан от 28 сентября 1995 года № 2464 "
        "«О выборах в Республике Казахстан» (правила распределения мандатов депутатов Мажилиса, "
        "применяемые к маслихатам по аналогии); "
        f"read them on adilet.zan.kz before signing (their addresses: appeal law {case_dir})"
    ) in result.output.splitlines()
    # The city prosecutor gets a copy of that letter: no warning of its own.
    assert "addressees[3]" not in result.output
    # The agency's report adds the item of fraud using an official position to the police's:
    # one warning each.
    assert (
        "addressees[1].id: the letter to Департамент Агентства Республики Казахстан по "
        "противодействию коррупции по городу Алматы cites 12 provisions not checked"
    ) in result.output
    assert (
        "addressees[2].id: the letter to Департамент полиции города Алматы cites 11 provisions "
        "not checked"
    ) in result.output


def test_appeal_law_lists_every_citation_and_its_source(run, case_dir: Path) -> None:
    _real(case_dir)
    result = run("law", case_dir)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    states = [line for line in lines if re.match(r"^\w+ \(\d{4}-\d\d-\d\d\): ", line)]
    # Cited for a prosecutor, the agency and the police (ЕРДР: arts. 179, 180 of the Criminal
    # Procedure Code), the maslikhat's seats (the allocation by analogy, and the maslikhat's
    # election by party lists as worded in 2018, read), the funding's threshold and fraud, the
    # agency's fraud using an official position: fourteen, of which thirteen were not read in
    # the official text (the law on the prosecutor's office only up to article 3, not its
    # article 21 cited).
    assert [line.split(" ", 1)[0] for line in states] == [
        "electoral_rights",
        "iccpr_25",
        "criminal_report",
        "false_report",
        "election_fraud",
        "pretrial_grounds",
        "pretrial_start",
        "prosecutor_office",
        "seat_allocation_maslikhat",
        "maslikhat_party_lists",
        "mazhilis_term",
        "fraud_official_position",
        "especially_large",
        "fraud_especially_large",
    ]
    assert sum(line.endswith("NOT CHECKED against the official text") for line in states) == 13
    assert "maslikhat_party_lists (2021-01-10): checked" in states
    assert "prosecutor_office (2021-07-05): NOT CHECKED against the official text" in states
    assert "false_report (2021-01-10): NOT CHECKED against the official text" in states
    assert "  статья 419 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V" in (
        lines
    )
    assert lines[-2] == (
        "13 of 14 citations are not checked; read them in the official text before signing."
    )
    source = reference_dir() / "law.yaml"
    assert source.is_file()
    assert lines[-1].startswith(f"The citations come from {source}, which is shipped")


def test_a_build_of_the_spreadsheet_alone_says_no_citation(
    run, case_dir: Path, tmp_path: Path
) -> None:
    """The spreadsheet cites no law; what the letters cite is said of the letters built."""
    _real(case_dir)
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0
    assert " cites " not in result.output
    assert "stated as certain" not in result.output


def _with_changed_votes(tmp_path: Path, name: str) -> Path:
    case = tmp_path / name
    shutil.copytree(EXAMPLE, case)
    rows = read_rows(case / "protocols.csv")
    row = rows[1]  # station 12, maslikhat
    row["npk"], row["nur_otan"] = str(int(row["npk"]) - 1), str(int(row["nur_otan"]) + 1)
    write_rows(case / "protocols.csv", rows)
    return case


def test_the_seed_comes_from_the_case_data(tmp_path: Path) -> None:
    example = api.analyse(EXAMPLE).analysis.sample
    changed = api.analyse(_with_changed_votes(tmp_path, "changed")).analysis.sample
    assert example.bootstrap_seed != 20210110  # no longer the example's election date
    assert changed.bootstrap_seed != example.bootstrap_seed
    # The same figures in another folder, signed on another day: the same seed.
    copy = tmp_path / "copy"
    shutil.copytree(EXAMPLE, copy)
    edit_case(copy, lambda data: data["appeal"].update(date="2021-05-05"))
    assert api.analyse(copy).analysis.sample.bootstrap_seed == example.bootstrap_seed
    assert 0 <= example.bootstrap_seed < 100_000_000


@pytest.mark.slow
def test_attachment_2_prints_the_cases_seed(tmp_path: Path) -> None:
    case = _with_changed_votes(tmp_path, "changed")
    seed = api.analyse(case).analysis.sample.bootstrap_seed
    html = api.render(case, formats=("docx",))

    text = "\n".join(
        p.text for p in Document(io.BytesIO(html["attachment-2-statistics.docx"])).paragraphs
    )
    assert f"(начальное число генератора {seed})" in " ".join(text.split())
