"""Warnings a person reads: the copies that break a control ratio are shown by `check` even while
errors remain and repeated by `build`; the unverified citations are one line pointing to
`appeal law`, which lists them; the resampling's seed is the case's own."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

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
    # A case with errors is not read whole: its contests are named by their ids there.
    by_id = [
        line.replace('"Маслихат"', '"maslikhat"').replace('"Мажилис"', '"mazhilis"')
        for line in RATIO_LINES
    ]
    assert sorted(_ratio_warnings(result.stdout)) == sorted(by_id)
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


def test_unverified_citations_are_one_line_pointing_to_appeal_law(run, case_dir: Path) -> None:
    _real(case_dir)
    result = run("check", case_dir)
    assert result.exit_code == 0
    # Twelve provisions are cited (listed in the test below); only the prosecutor's law was
    # read in the official text.
    assert (
        f"Warning: {case_dir / 'case.yaml'}: the appeal cites 11 provisions that were not checked "
        "against the official text; read them before signing (they are listed, with their "
        f"addresses, by: appeal law {case_dir})"
    ) in result.output.splitlines()
    assert "which was not checked against the official text" not in result.output


def test_appeal_law_lists_every_citation_and_its_source(run, case_dir: Path) -> None:
    _real(case_dir)
    result = run("law", case_dir)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    states = [line for line in lines if re.match(r"^\w+ \(\d{4}-\d\d-\d\d\): ", line)]
    # Cited for a prosecutor, the agency and the police (ЕРДР: arts. 179, 180 of the Criminal
    # Procedure Code), the maslikhat's seats and the funding's threshold and fraud: twelve, and
    # of them only the law on the prosecutor's office was read in the official text.
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
        "mazhilis_term",
        "especially_large",
        "fraud_especially_large",
    ]
    assert sum(line.endswith("NOT CHECKED against the official text") for line in states) == 11
    assert "prosecutor_office (2021-07-05): checked" in states
    assert "false_report (2021-01-10): NOT CHECKED against the official text" in states
    assert "  статья 419 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V" in (
        lines
    )
    assert lines[-2] == (
        "11 of 12 citations are not checked; read them in the official text before signing."
    )
    source = reference_dir() / "law.yaml"
    assert source.is_file()
    assert lines[-1].startswith(f"The citations come from {source}, which is shipped")


def test_a_build_of_a_real_case_says_the_citations_in_one_line(
    run, case_dir: Path, tmp_path: Path
) -> None:
    _real(case_dir)
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0
    assert result.output.count("the appeal cites 11 provisions") == 1


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


def test_attachment_2_prints_the_cases_seed(tmp_path: Path) -> None:
    case = _with_changed_votes(tmp_path, "changed")
    seed = api.analyse(case).analysis.sample.bootstrap_seed
    html = api.render(case, formats=("docx",))

    text = "\n".join(
        p.text for p in Document(io.BytesIO(html["attachment-2-statistics.docx"])).paragraphs
    )
    assert f"(начальное число генератора {seed})" in " ".join(text.split())


def test_messages_name_the_law_file_where_it_is_installed(monkeypatch) -> None:
    from election_appeal.case import validate

    assert validate.law_file() == "data/reference/law.yaml"  # this source checkout
    installed = Path("/usr/lib/python3/site-packages/election_appeal/reference/law.yaml")
    monkeypatch.setattr(validate, "law_source", lambda: installed)
    assert validate.law_file() == str(installed)
