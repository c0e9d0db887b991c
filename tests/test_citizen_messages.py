"""Messages a citizen filling in a case from the README met and could not act on: each says
what the tool read, where (file and line), and what to write instead, in the user's language.
The expected sentences are written by hand from the slip each test makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from election_appeal.case.numbers import NumberFormatError, parse_count

MAZHILIS_VOTES = (
    "    votes: {npk: 43337, nur_otan: 178461, auyl: 31802, ak_zhol: 48887, adal: 18835}"
)


def replace_line(case_dir: Path, old: str, new: str) -> int:
    """Replace one whole line of case.yaml; its number (1-based)."""
    path = case_dir / "case.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_a_thousands_comma_inside_braces_is_named_with_what_yaml_read(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a { } group YAML ends an entry at a comma: "nur_otan: 178,461" is nur_otan: 178 and
    # an entry "461" with no value; "ak_zhol: 48,887" likewise.
    line = replace_line(
        case_dir,
        MAZHILIS_VOTES,
        "    votes: {npk: 43337, nur_otan: 178,461, auyl: 31802, ak_zhol: 1,048,887, adal: 18835}",
    )
    monkeypatch.setenv("APPEAL_LANG", "ru")
    result = run("check", case_dir)
    assert result.exit_code == 1
    where = f"{case_dir}/case.yaml, строка {line}, contests[0].votes"
    assert (
        f"{where}.nur_otan: «178,461»: внутри фигурных скобок {{ }} запятая отделяет одну запись "
        'от другой, поэтому YAML прочитал «nur_otan: 178», а "461" принял за названия следующих '
        'записей; запишите число без запятых: 178461 или "178 461" (в кавычках)'
    ) in result.output
    assert (
        f"{where}.ak_zhol: «1,048,887»: внутри фигурных скобок {{ }} запятая отделяет одну "
        'запись от другой, поэтому YAML прочитал «ak_zhol: 1», а "048", "887" принял за названия '
        'следующих записей; запишите число без запятых: 1048887 или "1 048 887" (в кавычках)'
    ) in result.output
    # The pieces are not reported as entries of their own (an empty field, a key not text).
    assert "votes[461]" not in result.output
    assert "поле пустое" not in result.output


def test_a_comma_followed_by_a_space_inside_braces_is_still_an_entry_of_its_own(
    run, case_dir: Path
) -> None:
    # "178, 461" is two entries as written, not a figure cut by YAML: it stays the schema's error.
    replace_line(
        case_dir,
        MAZHILIS_VOTES,
        "    votes: {npk: 43337, nur_otan: 178, 461, auyl: 31802, ak_zhol: 48887, adal: 18835}",
    )
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert "inside curly brackets" not in result.output


@pytest.mark.parametrize(
    ("language", "written", "expected"),
    [
        (
            "ru",
            "2,150",
            "«2,150» — не целое число: запятая или точка отделяет дробную часть, а в подсчёте "
            "голосов дробей не бывает; если имеется в виду 2150, запишите число без запятых и "
            "точек: 2150 или «2 150»",
        ),
        (
            "kk",
            "1.022.874",
            "«1.022.874» — бүтін сан емес: үтір немесе нүкте бөлшек бөлікті бөледі, ал дауыс "
            "санында бөлшек болмайды; егер 1022874 саны айтылса, оны үтірсіз және нүктесіз "
            "жазыңыз: 1022874 немесе «1 022 874»",
        ),
    ],
)
def test_a_count_with_thousands_marks_says_how_to_write_it(
    monkeypatch: pytest.MonkeyPatch, language: str, written: str, expected: str
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    with pytest.raises(NumberFormatError) as raised:
        parse_count(written)
    assert str(raised.value) == expected


def test_a_real_fraction_is_refused_without_a_guess_at_thousands() -> None:
    # "13,49" cannot be a figure with a thousands comma (two digits after it).
    with pytest.raises(NumberFormatError) as raised:
        parse_count("13,49")
    assert str(raised.value) == '"13,49" is not a whole number; a count of votes has no fractions'
