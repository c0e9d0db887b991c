"""Strict values: a count is an integer as written, text holds no invisible character, and the
environment the build reads is checked; each refusal names the file, the place and what was
read."""

from __future__ import annotations

from pathlib import Path

import pytest

VOTES_LINE = "    votes: {npk: 43337, nur_otan: 178461, auyl: 31802, ak_zhol: 48887, adal: 18835}"


def _replace(case_dir: Path, old: str, new: str) -> None:
    path = case_dir / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


@pytest.mark.parametrize(
    ("written", "read"),
    [("no", "false"), ("off", "false"), ("false", "false"), ("yes", "true"), ("on", "true")],
)
def test_a_yes_no_value_is_not_a_count(run, case_dir: Path, written: str, read: str) -> None:
    _replace(case_dir, "{npk: 43337,", f"{{npk: {written},")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert _errors(result.output) == [
        f"Error: {case_dir / 'case.yaml'}, line 65, contests[0].votes.npk: YAML reads this value "
        f'as "{read}", a yes/no answer (no, off and false are read as "false"; yes, on and true '
        'as "true"), not a number; write the figure in digits'
    ]


def test_a_count_with_a_decimal_point_is_refused(run, case_dir: Path) -> None:
    _replace(case_dir, "{npk: 43337,", "{npk: 43337.0,")
    result = run("check", case_dir)
    assert _errors(result.output) == [
        f"Error: {case_dir / 'case.yaml'}, line 65, contests[0].votes.npk: 43337.0 has a "
        "decimal point; a whole number is needed here"
    ]


def test_the_number_of_stations_is_not_a_yes_no_value(run, case_dir: Path) -> None:
    _replace(case_dir, "  stations: 581", "  stations: yes")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert 'line 32, election.stations: YAML reads this value as "true"' in result.output


def test_a_count_yaml_reads_as_octal_is_refused(run, case_dir: Path) -> None:
    # YAML 1.1 reads 017 as 15: the figure the user typed is not the one that would be used.
    _replace(case_dir, "{npk: 43337,", "{npk: 017,")
    result = run("check", case_dir)
    assert _errors(result.output) == [
        f'Error: {case_dir / "case.yaml"}, line 65, contests[0].votes.npk: "017" is not '
        "written as a plain number, so YAML would read it as 15; write the digits without a "
        "leading zero, or put the text in quotes"
    ]


def test_a_count_written_as_text_with_spaces_still_reads(run, case_dir: Path) -> None:
    _replace(case_dir, "{npk: 43337,", '{npk: "43 337",')
    assert run("check", case_dir).exit_code == 0


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u200b", "U+200B, zero width space"),
        ("\u200d", "U+200D, zero width joiner"),
        ("\u2060", "U+2060, word joiner"),
        ("\ufeff", "U+FEFF, zero width no-break space"),
        ("\u2067", "U+2067, right-to-left isolate"),
        ("\u00ad", "U+00AD, soft hyphen"),
    ],
)
def test_an_invisible_character_in_a_party_name_is_shown(
    run, case_dir: Path, character: str, name: str
) -> None:
    _replace(case_dir, "short_name: {ru: «Ак жол»", f"short_name: {{ru: «Ак{character} жол»")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert _errors(result.output) == [
        f"Error: {case_dir / 'case.yaml'}, line 52, parties[3].short_name.ru: contains an "
        f"invisible control character ({name}) at character 4: "
        f'"«Ак⟨U+{ord(character):04X}⟩ жол»"; retype the text without it'
    ]


def test_two_names_that_look_the_same_cannot_differ(run, case_dir: Path) -> None:
    _replace(case_dir, "short_name: {ru: НПК", "short_name: {ru: Н\u200bПК")
    result = run("check", case_dir)
    assert "parties[0].short_name.ru: contains an invisible control character (U+200B" in (
        result.output
    )


def test_a_soft_hyphen_in_the_narrative_is_allowed(run, case_dir: Path) -> None:
    path = case_dir / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "narrative:\n  facts: Наблю\u00addатели\n", encoding="utf-8")
    result = run("check", case_dir)
    assert "U+00AD" not in result.output


@pytest.mark.parametrize("value", ["", "abc", "1e9", "99999999999", "100", "-5"])
def test_a_bad_source_date_epoch_is_refused_without_a_traceback(
    run, case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 1
    assert result.output == (
        f'Error: the environment variable SOURCE_DATE_EPOCH is "{value}"; it must be a number '
        "of seconds since 1970-01-01 between 315532800 (1980-01-01) and 4354819199 "
        "(2107-12-31), or not be set at all (unset SOURCE_DATE_EPOCH)\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_good_source_date_epoch_dates_the_files(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import zipfile

    from election_appeal import api

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    files = api.render(case_dir, formats=("xlsx",))
    entry = zipfile.ZipFile(io.BytesIO(files["attachment-1-protocols.xlsx"])).infolist()[0]
    assert entry.date_time == (2023, 11, 14, 22, 13, 20)
