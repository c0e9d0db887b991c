"""What reading a case's files says about them is in the user's language, and one file that
cannot be read does not hide the problems of the others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import edit_case, read_rows, write_rows
from election_appeal.case.yamlfile import read_yaml
from election_appeal.errors import CaseError


def _refused(tmp_path: Path, text: str) -> CaseError:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        read_yaml(path, "case.yaml")
    return caught.value


def _problems(tmp_path: Path, text: str) -> list[str]:
    return [str(p) for p in _refused(tmp_path, text).problems]


def test_a_python_tag_is_refused_in_russian(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert _problems(tmp_path, 'x: !!python/object:os.system "ls"\n') == [
        "case.yaml, строка 1, x: тег !!python/object:os.system недопустим: в файле дела бывают "
        "только тексты, числа, даты, списки и группы; удалите тег или возьмите текст в кавычки"
    ]


def test_a_tag_and_a_key_that_is_a_list_are_named_together(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "kk")
    assert _problems(tmp_path, "a: !!str [1]\n? [b]\n: c\n") == [
        "case.yaml, 1-жол, a: !!str тегі бұл мәнге сай келмейді; тегті өшіріңіз",
        "case.yaml, 2-жол: тізім немесе топ қос нүктенің алдында атау ретінде тұра алмайды",
    ]


def test_an_unknown_escape_says_what_to_write(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    assert _problems(tmp_path, 'place: "C:\\qwe"\n') == [
        "case.yaml, строка 1: в двойных кавычках обратная косая черта (\\) начинает особый знак, "
        "а \\q — не такой знак; возьмите текст в одинарные кавычки или напишите \\\\ вместо "
        "одной черты (проверьте отступы и двоеточия)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        'a: "x\\q"\n',
        "a: &x 1\nb: &x 2\n",
        "a: b\n---\nc: d\n",
        "a: & x\n",
        "a: !foo x\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
        "a: [1, 2\n",
        "a:\n  - 1\n  b: 2\n",
        "a: 'x' y\n",
        "a: *nothing\n",
        "a: |0\n  x\n",
        "a: !<tag:yaml.org,2002:python/name:os.system> x\n",
        "a: !!binary 'не base64'\n",
        "a: =\n",
    ],
)
def test_no_library_english_in_a_russian_message(tmp_path: Path, monkeypatch, text) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    for problem in _refused(tmp_path, text).problems:
        # What the file itself holds (a tag, an alias, an escape) is shown as written.
        message = re.sub(r"!!?[\w/:.<>,]+|[*&\\]\w+", "", problem.message)
        assert re.findall(r"[A-Za-z]{3,}", message) in ([], ["YAML"]), message


def test_an_unreadable_authorities_file_hides_no_other_problem(run, case_dir: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcd", "bcde", strict=True)
    )
    (case_dir / "authorities.yaml").write_text(bomb, encoding="utf-8")
    rows = read_rows(case_dir / "protocols.csv")
    rows[0]["npk"] = "много"
    write_rows(case_dir / "protocols.csv", rows)
    result = run("check", case_dir)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    # 9 + 81 + 729 + 6 561 values by line 4; line 5 adds 59 049.
    assert errors == [
        f"Error: {case_dir / 'authorities.yaml'}, line 5: the file holds more than 10,000 values, "
        "counting each use of an alias (*name) as a copy of what it names; write the values "
        "out, without & and *",
        f'Error: {case_dir / "protocols.csv"}, row 2, column "npk": "много" is not a number',
    ]


def _warnings(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in result.output.splitlines() if line.startswith("Warning: ")]


def test_a_line_break_in_a_name_is_refused_with_its_field(run, case_dir: Path) -> None:
    def change(data: dict) -> None:
        data["applicant"]["full_name"] = "Иванов\nИван Иванович"
        data["parties"][0]["short_name"] = {"ru": "НПК", "kk": "Қ\rХП"}

    edit_case(case_dir, change)
    result = run("check", case_dir)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    broken = "holds a line break; write it on one line (in YAML, without | or a quote left open)"
    text = (case_dir / "case.yaml").read_text(encoding="utf-8").splitlines()
    name_line = next(n for n, line in enumerate(text, 1) if "full_name" in line)
    short_line = next(n for n, line in enumerate(text, 1) if "short_name" in line)
    assert errors == [
        f"Error: {case_dir / 'case.yaml'}, line {name_line}, applicant.full_name: {broken}",
        f"Error: {case_dir / 'case.yaml'}, line {short_line}, parties[0].short_name: {broken}",
    ]


def test_a_latin_letter_in_a_source_is_named(run, case_dir: Path) -> None:
    rows = read_rows(case_dir / "protocols.csv")
    rows[0]["source"] = "Наблюдатели A"  # Latin A, as in the review
    rows[2]["district"] = "Aуэзовский"  # Latin A again, at the start of a word
    write_rows(case_dir / "protocols.csv", rows)
    warnings = [w for w in _warnings(run("check", case_dir)) if "Latin" in w]
    table = case_dir / "protocols.csv"
    assert warnings == [
        f'Warning: {table}, row 2, column "source": «Наблюдатели A»: the word «A» is typed in '
        "Latin letters that look like Cyrillic ones: it is counted apart from the same word "
        "typed in Cyrillic; retype it in Cyrillic",
        f'Warning: {table}, row 4, column "district": «Aуэзовский»: the word «Aуэзовский» has '
        "Latin letters (A) among Cyrillic ones: it looks like the word typed in Cyrillic, yet "
        "is counted apart from it; retype A in Cyrillic",
    ]


def test_a_cyrillic_letter_in_a_latin_party_name_is_named(run, case_dir: Path) -> None:
    def change(data: dict) -> None:
        data["parties"][1]["short_name"] = {"ru": "«Nur Оtan»", "kk": "«Nur Otan»"}  # Cyrillic О

    edit_case(case_dir, change)
    text = (case_dir / "case.yaml").read_text(encoding="utf-8").splitlines()
    line = [n for n, row in enumerate(text, 1) if "short_name" in row][1]
    assert [w for w in _warnings(run("check", case_dir)) if "Latin" in w] == [
        f"Warning: {case_dir / 'case.yaml'}, line {line}, parties[1].short_name: «Nur Оtan»: "
        "the word «Оtan» has Cyrillic letters (О) among Latin ones: it looks like the word "
        "typed in Latin, yet is counted apart from it; retype О in Latin"
    ]


def test_names_in_one_alphabet_are_not_warned_about(run) -> None:
    # «Nur Otan», «ADAL» and «Ак жол» stand beside Cyrillic text in the example: no warning.
    from conftest import EXAMPLE

    result = run("check", EXAMPLE)
    assert result.exit_code == 0
    assert [w for w in _warnings(result) if "Latin" in w or "Cyrillic" in w] == []


def test_an_unreadable_case_yaml_hides_no_table_problem(run, case_dir: Path) -> None:
    with (case_dir / "case.yaml").open("a", encoding="utf-8") as handle:
        handle.write('x: !!python/object:os.system "ls"\n')
    lines = (case_dir / "case.yaml").read_text(encoding="utf-8").count("\n")
    rows = read_rows(case_dir / "protocols.csv")
    rows[1]["source"] = "@SUM(A1)"
    write_rows(case_dir / "protocols.csv", rows)
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == [
        f"Error: {case_dir / 'case.yaml'}, line {lines}, x: the tag !!python/object:os.system "
        "is not allowed: a case file holds only texts, numbers, dates, lists and groups; remove "
        "the tag, or put the text in quotes",
        f'Error: {case_dir / "protocols.csv"}, row 3, column "source": «@SUM(A1)» begins with '
        "«@», so a spreadsheet would read it as a formula; write it without «@», as «SUM(A1)»",
    ]


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("Наблюдатели A", "A"),  # Latin A after a Cyrillic word
        ("ТОО-A", "A"),
        ("Нaблюдатели", "Нaблюдатели"),  # Latin a inside
        ("Nur Оtan", "Оtan"),  # Cyrillic О inside a Latin word
        ("Наблюдатели А", None),
        ("Партия «Nur Otan»", None),  # Latin words with letters Cyrillic has not
        ("12;Ауэзовский;обычный;mazhilis", None),  # words are split at signs too
        ("ADAL", None),
    ],
)
def test_which_words_mix_alphabets(text: str, warned: str | None) -> None:
    from election_appeal.case.text import look_alike_letters

    message = look_alike_letters(text)
    if warned is None:
        assert message is None
    else:
        assert message is not None and f"the word «{warned}»" in message
