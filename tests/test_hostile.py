"""Hostile input: what a malicious or broken case folder makes the tool do, message by message."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import set_cells
from election_appeal.case.paths import ATTACHMENT_MAX_BYTES, CSV_MAX_BYTES, YAML_MAX_BYTES
from election_appeal.case.yamlfile import read_yaml
from election_appeal.errors import CaseError

# ---------------------------------------------------------------------------------------------
# Case input: helpers
# ---------------------------------------------------------------------------------------------


def _append(case_dir: Path, text: str) -> int:
    """Append lines to case.yaml; the line number the first of them gets."""
    path = case_dir / "case.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def _yaml(case_dir: Path) -> str:
    return str(case_dir / "case.yaml")


def _csv(case_dir: Path) -> str:
    return str(case_dir / "protocols.csv")


# ---------------------------------------------------------------------------------------------
# Case input: paths stay in the case folder
# ---------------------------------------------------------------------------------------------

OUTSIDE = "only files inside the case folder are read"


def test_attachment_paths_outside_the_case_folder_are_refused(run, case_dir: Path, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 private")
    (case_dir / "link.pdf").symlink_to(secret)
    (case_dir / "sub").mkdir()
    (case_dir / "sub" / "up.pdf").symlink_to("../../secret.pdf")
    os.mkfifo(case_dir / "pipe.pdf")
    (case_dir / "zero.pdf").symlink_to("/dev/zero")
    line = _append(
        case_dir,
        "attachments:\n"
        f"  - {{title: a, file: {secret}}}\n"
        "  - {title: b, file: ../secret.pdf}\n"
        "  - {title: c, file: link.pdf}\n"
        "  - {title: d, file: sub/up.pdf}\n"
        "  - {title: e, file: pipe.pdf}\n"
        "  - {title: f, file: zero.pdf}\n"
        "  - {title: g, file: missing.pdf}\n"
        f"  - {{title: h, file: {'x' * 300}.pdf}}\n",
    )
    where = f"Error: {_yaml(case_dir)}, line"
    assert _errors(run("check", case_dir)) == [
        f'{where} {line + 1}, attachments[0].file: "{secret}" is a full path; '
        "put the file in the case folder and write its name only",
        f'{where} {line + 2}, attachments[1].file: "../secret.pdf" leads outside the case '
        f"folder (to {secret}); {OUTSIDE}",
        f'{where} {line + 3}, attachments[2].file: "link.pdf" leads outside the case folder '
        f"(to {secret}); {OUTSIDE}",
        f'{where} {line + 4}, attachments[3].file: "sub/up.pdf" leads outside the case folder '
        f"(to {secret}); {OUTSIDE}",
        f'{where} {line + 5}, attachments[4].file: "pipe.pdf" is not a regular file '
        "(it is a folder, a pipe or a device)",
        f'{where} {line + 6}, attachments[5].file: "zero.pdf" leads outside the case folder '
        f"(to /dev/zero); {OUTSIDE}",
        f'{where} {line + 7}, attachments[6].file: the file "missing.pdf" is not in the case '
        "folder",
        f'{where} {line + 8}, attachments[7].file: the file "{"x" * 300}.pdf" is not in the case '
        "folder",
    ]


def test_a_symlink_inside_the_case_folder_is_followed(case_dir: Path) -> None:
    from election_appeal.case import load_case

    (case_dir / "scans").mkdir()
    (case_dir / "scans" / "copy.pdf").write_bytes(b"%PDF-1.4")
    (case_dir / "copy.pdf").symlink_to("scans/copy.pdf")
    _append(case_dir, "attachments:\n  - {title: a, file: copy.pdf, sheets: 2}\n")
    assert load_case(case_dir).case.attachments[0].file == "copy.pdf"


def test_applicant_file_and_protocol_table_outside_are_refused(run, case_dir: Path, tmp_path):
    (tmp_path / "me.yaml").write_text("full_name: X\naddress: Y\n", encoding="utf-8")
    text = (case_dir / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("applicant:\n", "applicant:\n  file: ../me.yaml\nunused:\n", 1)
    (case_dir / "case.yaml").write_text(text, encoding="utf-8")
    applicant_line = text.splitlines().index("  file: ../me.yaml") + 1
    line = _append(case_dir, "protocols: /etc/passwd\n")
    errors = _errors(run("check", case_dir))
    assert (
        f'Error: {_yaml(case_dir)}, line {applicant_line}, applicant.file: "../me.yaml" leads '
        f"outside the case folder (to {tmp_path / 'me.yaml'}); {OUTSIDE}"
    ) in errors
    assert (
        f'Error: {_yaml(case_dir)}, line {line}, protocols: "/etc/passwd" is a full path; put '
        "the file in the case folder and write its name only"
    ) in errors


def test_a_protocol_table_symlinked_outside_is_refused(run, case_dir: Path, tmp_path) -> None:
    (case_dir / "protocols.csv").rename(tmp_path / "elsewhere.csv")
    (case_dir / "protocols.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert _errors(run("check", case_dir)) == [
        f'Error: {_csv(case_dir)}: "protocols.csv" leads outside the case folder '
        f"(to {tmp_path / 'elsewhere.csv'}); {OUTSIDE}"
    ]


@pytest.mark.parametrize("name", ["protocols.csv", "case.yaml"])
def test_a_pipe_instead_of_a_file_is_refused_without_waiting(case_dir: Path, name: str) -> None:
    (case_dir / name).unlink()
    os.mkfifo(case_dir / name)
    result = subprocess.run(
        [sys.executable, "-m", "election_appeal", "check", str(case_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f'Error: {case_dir / name}: "{name}" is not a regular file '
        "(it is a folder, a pipe or a device)"
    )


def test_files_over_the_size_limits_are_refused_before_reading(run, case_dir: Path) -> None:
    assert (ATTACHMENT_MAX_BYTES, CSV_MAX_BYTES) == (50_000_000, 50_000_000)
    with (case_dir / "big.pdf").open("wb") as handle:
        handle.truncate(51_000_000)  # sparse: no disk space used
    line = _append(case_dir, "attachments:\n  - {title: a, file: big.pdf}\n")
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line + 1}, attachments[0].file: "
        "the file is too large (51 MB; the limit is 50 MB)"
    ]
    (case_dir / "big.pdf").unlink()
    with (case_dir / "protocols.csv").open("r+b") as handle:
        handle.truncate(60_000_000)
    assert f"Error: {_csv(case_dir)}: the file is too large (60 MB; the limit is 50 MB)" in _errors(
        run("check", case_dir)
    )


def test_a_case_yaml_over_one_megabyte_is_refused(run, case_dir: Path) -> None:
    assert YAML_MAX_BYTES == 1_000_000
    _append(case_dir, "# " + "x" * 1_500_000 + "\n")
    size = (case_dir / "case.yaml").stat().st_size
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}: the file is too large ({size / 1e6:.1f} MB; the limit is 1 MB)"
    ]


# ---------------------------------------------------------------------------------------------
# Case input: YAML is evidence
# ---------------------------------------------------------------------------------------------

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def test_a_billion_laughs_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB.splitlines()) == 9  # 9**9 = 387 420 489 values once expanded
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CaseError) as caught:
            read_yaml(path, "case.yaml")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Values counted: a (10), b (82), c (730), d (6 562), 7 384 in all; the first *d of e, on
    # line 5, passes 10 000.
    assert str(caught.value) == (
        "case.yaml, line 5: the file holds more than 10,000 values, counting each use of an "
        "alias (*name) as a copy of what it names; write the values out, without & and *"
    )
    assert elapsed < 2.0
    assert peak < 5_000_000


def test_aliases_within_the_limit_are_read_and_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("base: &b {a: 1, b: [2, 3]}\nuse: *b\nmore:\n  <<: *b\n  a: 9\n")
    doc = read_yaml(path, "x.yaml")
    assert doc.data == {
        "base": {"a": 1, "b": [2, 3]},
        "use": {"a": 1, "b": [2, 3]},
        "more": {"a": 9, "b": [2, 3]},
    }
    assert doc.where(("more", "a")) == "line 5, more.a"
    assert doc.where(("use", "b", 1)) == "line 2, use.b[1]"


def test_a_value_that_contains_itself_is_refused(run, case_dir: Path) -> None:
    line = _append(case_dir, "loop: &a [1, *a]\n")
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line}: the alias *a is used inside the value it names "
        "(&a); a value cannot contain itself"
    ]


def test_a_key_written_twice_names_both_lines(run, case_dir: Path) -> None:
    first = (case_dir / "case.yaml").read_text(encoding="utf-8").splitlines()
    line = _append(case_dir, "illustrative: false\n")
    assert _errors(run("check", case_dir)) == [
        f'Error: {_yaml(case_dir)}, line {line}, illustrative: "illustrative" is written twice, '
        f"on line {first.index('illustrative: true') + 1} and on line {line}; keep one of them"
    ]


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 5000 + "]" * 5000,
        "\n" + "".join(f"{'  ' * (depth + 1)}k{depth}:\n" for depth in range(60)) + "  x",
    ],
)
def test_deep_nesting_is_refused(run, case_dir: Path, nested: str) -> None:
    line = _append(case_dir, f"narrative: {nested}\n")
    # Level 1 is the whole file, level 2 the value of `narrative`. The flow form reaches level
    # 51 at its 50th "[", on the first line. In the block form the group holding k(i) is level
    # i + 2 and the key k(i) itself level i + 3: level 51 is the key k48, on the 49th line after
    # "narrative:".
    refused_at = line if nested.startswith("[") else line + 49
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {refused_at}: lists and groups are nested more than 50 "
        "levels deep; a case needs only a few levels"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("place: \"г. Алм\\x07аты\"", "contains an invisible control character (U+0007) at "
         "character 7: \"г. Алм⟨U+0007⟩аты\"; retype the text without it"),
        ("place: \"\\u202eг. Алматы\"", "contains an invisible control character (U+202E, "
         "right-to-left override) at character 1: \"⟨U+202E⟩г. Алматы\"; retype the text "
         "without it"),
    ],
)  # fmt: skip
def test_control_characters_in_yaml_values(run, case_dir: Path, written: str, message) -> None:
    lines = (case_dir / "case.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  place:"))
    lines[line - 1] = f"  {written}\n"
    (case_dir / "case.yaml").write_text("".join(lines))
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line}, appeal.place: {message}"
    ]


def test_a_raw_control_character_in_case_yaml(run, case_dir: Path) -> None:
    line = _append(case_dir, "# bell \x07 here\n")
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line}: contains an invisible control character "
        "(U+0007); retype the line without it"
    ]


# ---------------------------------------------------------------------------------------------
# Case input: dates and numbers out of range in case.yaml
# ---------------------------------------------------------------------------------------------


def _replace_in_case(case_dir: Path, old: str, new: str) -> int:
    """Replace a whole line of case.yaml; its line number."""
    path = case_dir / "case.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1979-12-31", "the year 1979 is out of range: dates from 1980 to 2107 only, the years "
         "the document files can record; check the date"),
        ("'2108-01-01'", "the year 2108 is out of range: dates from 1980 to 2107 only, the years "
         "the document files can record; check the date"),
        ("0000-01-10", '"0000-01-10": there is no such day in the calendar; check the day, '
         "the month and the year"),
        ("2021-02-30", '"2021-02-30": there is no such day in the calendar; check the day, '
         "the month and the year"),
    ],
)  # fmt: skip
def test_dates_the_documents_cannot_hold(run, case_dir: Path, date: str, message: str) -> None:
    line = _replace_in_case(case_dir, "  date: 2021-04-05          # an example date of signing",
                            f"  date: {date}")  # fmt: skip
    assert f"Error: {_yaml(case_dir)}, line {line}, appeal.date: {message}" in _errors(
        run("check", case_dir)
    )


def test_a_400_digit_count_and_a_13_digit_count(run, case_dir: Path) -> None:
    line = _replace_in_case(case_dir, "  stations: 581", "  stations: " + "9" * 400)
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line}, election.stations: the number is 400 "
        "characters long, too long to be a figure"
    ]
    _replace_in_case(case_dir, "  stations: " + "9" * 400, "  stations: 1000000000000")
    assert _errors(run("check", case_dir)) == [
        f"Error: {_yaml(case_dir)}, line {line}, election.stations: the number is too large "
        "(at most 999 999 999 999)"
    ]


# ---------------------------------------------------------------------------------------------
# Case input: figures in the protocol table
# ---------------------------------------------------------------------------------------------

GROUPS = (
    'cannot be read: digits after a space must come in groups of three, as in "43 337"; '
    "check the protocol and type the figure again"
)


def test_badly_grouped_foreign_and_endless_figures(run, case_dir: Path) -> None:
    set_cells(
        case_dir,
        {
            (2, "npk"): "3 3",
            (3, "nur_otan"): "12 5",
            (4, "auyl"): "1 23 456",
            (5, "adal"): "١٢",  # Arabic-Indic twelve
            (6, "ak_zhol"): "9" * 400,
        },
    )
    table = _csv(case_dir)
    assert _errors(run("check", case_dir)) == [
        f'Error: {table}, row 2, column "npk": "3 3" {GROUPS}',
        f'Error: {table}, row 3, column "nur_otan": "12 5" {GROUPS}',
        f'Error: {table}, row 4, column "auyl": "1 23 456" {GROUPS}',
        f'Error: {table}, row 5, column "adal": "١٢" is written with digits other than 0–9; '
        "retype it with 0–9",
        f'Error: {table}, row 6, column "ak_zhol": "{"9" * 20}…" is 400 characters long, '
        "too long to be a number",
    ]


# ---------------------------------------------------------------------------------------------
# Case input: encodings and control characters in the protocol table
# ---------------------------------------------------------------------------------------------

RESAVE = 'save the whole file again as "CSV UTF-8"'


def _table_lines(case_dir: Path) -> list[str]:
    return (case_dir / "protocols.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("odd_row", "odd", "usual", "message"),
    [
        (7, "cp1251", "utf-8", "this row is written in Windows-1251 (Cyrillic) but the rows "
         "before it in UTF-8"),
        (40, "utf-8", "cp1251", "this row is written in UTF-8 but the rows before it in "
         "Windows-1251 (Cyrillic)"),
    ],
)  # fmt: skip
def test_a_table_in_two_encodings(run, case_dir: Path, odd_row, odd, usual, message) -> None:
    data = b"".join(
        line.encode(odd if number == odd_row else usual) + b"\n"
        for number, line in enumerate(_table_lines(case_dir), start=1)
    )
    (case_dir / "protocols.csv").write_bytes(data)
    assert _errors(run("check", case_dir)) == [
        f"Error: {_csv(case_dir)}, row {odd_row}: {message}, so the file cannot be read "
        f"correctly; {RESAVE}"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(case_dir: Path, encoding: str) -> None:
    from election_appeal.case import load_case

    text = (case_dir / "protocols.csv").read_text(encoding="utf-8")
    (case_dir / "protocols.csv").write_bytes(("\ufeff" + text).encode(encoding))
    first = load_case(case_dir).protocols.protocols[0]
    assert (first.station, first.district) == ("12", "Ауэзовский")
    assert first.votes == {"npk": 33, "nur_otan": 152, "auyl": 32, "ak_zhol": 51, "adal": 16}


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        (lambda text: text.encode("utf-16-le"), "holds zero bytes: it is not text, or is UTF-16 "
         f"without a byte order mark; {RESAVE}"),
        (lambda text: ("\ufeff" + text).encode("utf-32"), f"is UTF-32 text; {RESAVE}"),
    ],
)  # fmt: skip
def test_other_encodings_are_refused(run, case_dir: Path, encoded, message: str) -> None:
    text = (case_dir / "protocols.csv").read_text(encoding="utf-8")
    (case_dir / "protocols.csv").write_bytes(encoded(text))
    assert _errors(run("check", case_dir)) == [f"Error: {_csv(case_dir)}: {message}"]


def test_a_byte_that_is_no_letter_in_either_encoding(run, case_dir: Path) -> None:
    lines = [line.encode("cp1251") for line in _table_lines(case_dir)]
    lines[4] += b"\x98"  # undefined in Windows-1251, and no UTF-8 either
    (case_dir / "protocols.csv").write_bytes(b"\n".join(lines) + b"\n")
    assert _errors(run("check", case_dir)) == [
        f"Error: {_csv(case_dir)}, row 5: the byte 0x98 is not a letter in UTF-8 or "
        f"Windows-1251 (Cyrillic); {RESAVE}"
    ]


def test_control_characters_in_table_cells(run, case_dir: Path) -> None:
    set_cells(case_dir, {(2, "district"): "Ауэзов\x07ский", (5, "source"): "\u202eА"})
    errors = _errors(run("check", case_dir))
    assert errors == [
        f'Error: {_csv(case_dir)}, row 2, column "district": contains an invisible control '
        'character (U+0007) at character 7: "Ауэзов⟨U+0007⟩ский"; retype the text without it',
        f'Error: {_csv(case_dir)}, row 5, column "source": contains an invisible control '
        'character (U+202E, right-to-left override) at character 1: "⟨U+202E⟩А"; retype the '
        "text without it",
    ]


# ---------------------------------------------------------------------------------------------
# Case input: XLSX workbooks
# ---------------------------------------------------------------------------------------------

HEADER = ["station", "contest", "npk", "nur_otan", "auyl", "ak_zhol", "adal"]
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Протоколы" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


class Raw(str):
    """The XML of a cell after its reference: a formula, an error value."""


def _cell(ref: str, value: object) -> str:
    if isinstance(value, Raw):
        return f'<c r="{ref}"{value}</c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet_xml(rows: list[list[object]], dimension: str = "") -> str:
    cells = "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v is not None)
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main">{dimension}<sheetData>{cells}</sheetData></worksheet>'
    )


def _write_workbook(path: Path, sheet: str, workbook: str = WORKBOOK) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)


def _xlsx_case(case_dir: Path, sheet: str) -> str:
    (case_dir / "protocols.csv").unlink()
    _write_workbook(case_dir / "protocols.xlsx", sheet)
    return f'{case_dir / "protocols.xlsx"}, sheet "Протоколы"'


GOOD_ROW: list[object] = [12, "mazhilis", 33, 152, 32, 51, 16]


def test_a_hand_made_workbook_is_read(case_dir: Path) -> None:
    from election_appeal.case import load_case

    _xlsx_case(case_dir, _sheet_xml([HEADER, GOOD_ROW, [12, "maslikhat", 1, 2, 3, 4, 5]]))
    protocols = load_case(case_dir).protocols.protocols
    assert [(p.station, p.contest, p.votes["nur_otan"]) for p in protocols] == [
        ("12", "mazhilis", 152),
        ("12", "maslikhat", 2),
    ]


def test_formulas_without_a_value_and_error_values(run, case_dir: Path) -> None:
    rows = [
        HEADER,
        [12, "mazhilis", Raw(' t="e"><f>1/0</f><v>#DIV/0!</v>'), 152, 32, 51, 16],
        [12, "maslikhat", 1, Raw("><f>C2+1</f>"), 3, 4, 5],
        [13, "mazhilis", 1, 2, Raw(' t="e"><v>#N/A</v>'), 4, Raw("><f>B2</f><v></v>")],
        [13, "maslikhat", 1, 2, 3, 4, Raw("><f>2+2</f><v>4</v>")],  # a saved result is fine
    ]
    sheet = _xlsx_case(case_dir, _sheet_xml(rows))
    unsaved = (
        "holds a formula whose result was never saved in the file; open the file in Excel or "
        "LibreOffice Calc, let it calculate and save it again"
    )
    error = "instead of a figure; correct the formula or type the figure from the protocol"
    assert _errors(run("check", case_dir)) == [
        f"Error: {sheet}, row 2: cell C2 holds the error #DIV/0! {error}",
        f"Error: {sheet}, row 3: cell D3 {unsaved}",
        f"Error: {sheet}, row 4: cell E4 holds the error #N/A {error}",
        f"Error: {sheet}, row 4: cell G4 {unsaved}",
    ]


def test_openpyxl_formulas_have_no_saved_value(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    book = openpyxl.Workbook()
    book.active.title = "Лист1"
    book.active.append(HEADER)
    book.active.append([12, "mazhilis", "=10+23", 152, 32, 51, 16])
    book.save(case_dir / "protocols.xlsx")
    assert _errors(run("check", case_dir)) == [
        f'Error: {case_dir / "protocols.xlsx"}, sheet "Лист1", row 2: cell C2 holds a formula '
        "whose result was never saved in the file; open the file in Excel or LibreOffice Calc, "
        "let it calculate and save it again"
    ]


LIMITS = (
    "at most 100 000 rows, 500 columns and 2 000 000 cells (rows × columns) are read; copy the "
    "table alone into a new workbook and save it"
)


def test_a_huge_declared_dimension_is_refused_before_reading(run, case_dir: Path) -> None:
    dimension = '<dimension ref="A1:XFD1048576"/>'
    sheet = _xlsx_case(case_dir, _sheet_xml([HEADER, GOOD_ROW], dimension))
    assert _errors(run("check", case_dir)) == [
        f"Error: {sheet}: the sheet declares 1 048 576 rows and 16 384 columns "
        f"(A1:XFD1048576); {LIMITS}"
    ]


def test_a_cell_far_out_is_refused_before_reading(run, case_dir: Path) -> None:
    xml = _sheet_xml([HEADER, GOOD_ROW]).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    sheet = _xlsx_case(case_dir, xml)
    assert _errors(run("check", case_dir)) == [
        f"Error: {sheet}: the sheet has a cell at XFD1048576; {LIMITS}"
    ]


@pytest.mark.parametrize("formula", ["", "<f>1+1</f>"])  # the quick pass, and the full parse
def test_a_sheet_spanning_too_many_cells_is_refused(run, case_dir: Path, formula: str) -> None:
    far = f'<row r="100000"><c r="SF100000">{formula}<v>2</v></c></row>'
    xml = _sheet_xml([HEADER, GOOD_ROW]).replace("</sheetData>", far + "</sheetData>")
    sheet = _xlsx_case(case_dir, xml)
    # SF is column 19 × 26 + 6 = 500: 100 000 × 500 cells, within each limit but not in all.
    assert _errors(run("check", case_dir)) == [
        f"Error: {sheet}: the sheet spans 100 000 rows and 500 columns; {LIMITS}"
    ]


def test_a_zip_bomb_is_refused_by_its_declared_size(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    path = case_dir / "protocols.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b" " * 1_000_000
            for _ in range(210):
                part.write(block)
    assert path.stat().st_size < 2_000_000
    assert _errors(run("check", case_dir)) == [
        f"Error: {path}: the workbook unpacks to 210 MB, more than the 200 MB read; copy the "
        "table into a new workbook and save it"
    ]


def test_a_document_type_declaration_is_refused(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    bomb = WORKBOOK.replace(
        "<workbook", '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]><workbook', 1
    )
    _write_workbook(case_dir / "protocols.xlsx", _sheet_xml([HEADER]), bomb)
    assert _errors(run("check", case_dir)) == [
        f"Error: {case_dir / 'protocols.xlsx'}: the workbook holds a document type declaration; "
        "save it again as .xlsx"
    ]


def test_control_characters_in_workbook_cells(run, case_dir: Path) -> None:
    sheet = _xlsx_case(
        case_dir, _sheet_xml([[*HEADER, "district"], [*GOOD_ROW, "Ауэзов_x0007_ский"]])
    )
    assert _errors(run("check", case_dir)) == [
        f'Error: {sheet}, row 2, column "district": contains an invisible control character '
        '(U+0007) at character 7: "Ауэзов⟨U+0007⟩ский"; retype the text without it'
    ]


def test_a_workbook_with_too_many_parts_is_refused(run, case_dir: Path) -> None:
    (case_dir / "protocols.csv").unlink()
    path = case_dir / "protocols.xlsx"
    _write_workbook(path, _sheet_xml([HEADER, GOOD_ROW]))
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(1_001):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
    assert _errors(run("check", case_dir)) == [
        f"Error: {path}: cannot be read as an Excel workbook (it has 1006 parts, or a directory "
        f"of {_directory_size(path)} bytes); save it again as .xlsx"
    ]


def _directory_size(path: Path) -> int:
    """The size of a zip's central directory: 46 bytes per entry, with its name and extra field."""
    with zipfile.ZipFile(path) as archive:
        return sum(46 + len(i.filename.encode()) + len(i.extra) for i in archive.infolist())


def test_cells_placed_by_position_and_saved_formulas_are_read(case_dir: Path) -> None:
    from election_appeal.case import load_case

    xml = _sheet_xml(
        [HEADER, [12, "mazhilis", Raw("><f>30+3</f><v>33</v>"), 152, 32, 51, 16]]
    ).replace(' r="', ' x="')  # no cell or row reference: placed by position
    _xlsx_case(case_dir, xml)
    first = load_case(case_dir).protocols.protocols[0]
    assert (first.station, first.contest) == ("12", "mazhilis")
    assert first.votes == {"npk": 33, "nur_otan": 152, "auyl": 32, "ak_zhol": 51, "adal": 16}


def test_an_iin_in_other_digits_is_refused(run, case_dir: Path) -> None:
    # 791028302728 is a valid ИИН (test_iin.py); the same digits in Arabic-Indic script are not.
    arabic = "791028302728".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    line = _replace_in_case(case_dir, "  iin: null", f"  iin: '{arabic}'")
    assert _errors(run("check", case_dir)) == [
        f'Error: {_yaml(case_dir)}, line {line}, applicant.iin: "{arabic}" must be exactly 12 '
        "digits"
    ]


def test_a_control_character_in_the_header_names_the_column_letter(run, case_dir: Path) -> None:
    lines = _table_lines(case_dir)
    names = lines[0].split(",")
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[names.index("npk")]
    lines[0] = lines[0].replace("npk", "n\x1bpk")
    (case_dir / "protocols.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _errors(run("check", case_dir)) == [
        f'Error: {_csv(case_dir)}, row 1, column "{letter}": contains an invisible control '
        'character (U+001B) at character 2: "n⟨U+001B⟩pk"; retype the text without it'
    ]
