"""Messages a citizen filling in a case from the README met and could not act on: each says
what the tool read, where (file and line), and what to write instead, in the user's language.
The expected sentences are written by hand from the slip each test makes."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from conftest import edit_case
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


APPEAL_DATE = "  date: 2021-04-05          # an example date of signing"


def test_a_date_in_case_yaml_may_be_written_day_first_with_dots(case_dir: Path) -> None:
    # The form the README, the questions and the web page advertise; 05.04.2021 in Kazakhstan
    # is 5 April 2021, the example's own date of signing.
    from election_appeal import api

    replace_line(case_dir, APPEAL_DATE, "  date: 05.04.2021")
    assert api.check(case_dir).data.case.appeal.date == datetime.date(2021, 4, 5)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # 04/05/2021: 4 May day first, 5 April month first; the tool does not choose.
        (
            "04/05/2021",
            '"04/05/2021" may be 4 May 2021 or 5 April 2021: with slashes the day comes first '
            "in some countries and the month in others; write the date with dots, day first, "
            "as 10.01.2021 for 10 January 2021, or as 2021-01-10",
        ),
        (
            "2021/04/05",
            '"2021/04/05" is not a date; write it as 10.01.2021 (day, month, year) or 2021-01-10',
        ),
        (
            "31.04.2021",
            '"31.04.2021": there is no such day in the calendar; check the day, the month and '
            "the year",
        ),
    ],
)
def test_a_date_read_two_ways_or_none_is_refused_naming_the_line(
    run, case_dir: Path, written: str, expected: str
) -> None:
    line = replace_line(case_dir, APPEAL_DATE, f"  date: {written}")
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert f"{case_dir}/case.yaml, line {line}, appeal.date: {expected}" in result.output


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("12.03.2023", datetime.date(2023, 3, 12)),  # day first with dots, always
        ("19/03/2023", datetime.date(2023, 3, 19)),  # no 19th month: one reading only
        ("03/03/2023", datetime.date(2023, 3, 3)),  # both readings the same day
        ("2023-03-12", datetime.date(2023, 3, 12)),
    ],
)
def test_every_reader_of_dates_reads_them_alike(written: str, day: datetime.date) -> None:
    from election_appeal.case.copies import parse_received
    from election_appeal.case.dates import parse_day
    from election_appeal.questions import parse_day as answer_day

    assert parse_day(written) == answer_day(written) == day
    received = parse_received(written)
    assert received is not None and received.day == day


def test_the_questions_and_the_copies_table_refuse_a_date_read_two_ways() -> None:
    import click

    from election_appeal.case.copies import parse_received
    from election_appeal.questions import parse_day as answer_day

    with pytest.raises(click.BadParameter, match="may be 3 December 2023 or 12 March 2023"):
        answer_day("03/12/2023")
    with pytest.raises(ValueError, match="may be 3 December 2023 or 12 March 2023"):
        parse_received("03/12/2023 22:40")


EVIDENCE = Path(__file__).parent / "data" / "evidence-example"
RULE = "a copy is named <station>_<contest>.jpg, .png or .pdf, a further page _2, _3"


def test_a_copy_named_by_the_contests_name_is_told_the_name_it_should_have(
    run, tmp_path: Path
) -> None:
    # The evidence example's protocol table waits for copies of station 13 "Маслихат" and of
    # station 47 "Мажилис" and "Маслихат"; its contests are mazhilis («Мажилис») and
    # maslikhat («Маслихат»).
    case = tmp_path / "case"
    shutil.copytree(EVIDENCE, case)
    copies = case / "copies"
    for name in ("13_Маслихат.jpg", "47_Мажилис_2.png", "47_фото.jpg"):
        (copies / name).write_bytes(b"")
    result = run("check", case)
    warnings = result.output.splitlines()
    # Station 13 waits for one copy only; station 47's file says which contest, and its page.
    for name, station, contest, expected in (
        ("13_Маслихат.jpg", 13, "Маслихат", "13_maslikhat.jpg"),
        ("47_Мажилис_2.png", 47, "Мажилис", "47_mazhilis_2.png"),
    ):
        assert (
            f"Warning: {copies / name}: not named by the rule ({RULE}), so the file is left out; "
            f'if it is the copy of station {station}, "{contest}", rename it {expected}'
        ) in warnings
    # Two protocols of station 47 wait for a copy and "фото" names neither: no name is guessed.
    assert f"Warning: {copies / '47_фото.jpg'}: not a copy: {RULE}; the file is left out" in (
        warnings
    )


def test_a_protocol_text_missing_points_at_the_field_or_says_to_add_it(run, case_dir: Path) -> None:
    # The example's table has the district «Ауэзовский», a word of the Russian case.
    def two_languages(data: dict) -> None:
        data["languages"] = ["ru", "kk"]
        del data["protocol_texts"]["Ауэзовский"]

    edit_case(case_dir, two_languages)
    path = case_dir / "case.yaml"
    line = path.read_text(encoding="utf-8").split("\n").index("protocol_texts:") + 1
    output = run("check", case_dir).output.splitlines()
    assert (
        f"Warning: {path}, line {line}, protocol_texts: «Ауэзовский» of the protocol table has "
        "no text in kk, a language of the documents: add it here as «Ауэзовский»: {kk: …}"
    ) in output

    # Without the field there is no line of it: the warning names no other field's line.
    edit_case(case_dir, lambda data: data.pop("protocol_texts"))
    output = run("check", case_dir).output.splitlines()
    assert (
        f"Warning: {path}, protocol_texts: «Ауэзовский» of the protocol table has no text in kk, "
        "a language of the documents: add to case.yaml the field protocol_texts:, and under it "
        "the line «Ауэзовский»: {kk: …}"
    ) in output
    assert not [
        w for w in output if w.startswith(f"Warning: {path}, line ") and "protocol_texts:" in w
    ]


ANSWERS = [
    "",  # Enter at the first question, the full name: asked again, with the reason
    "Иванов Иван Иванович",
    "",  # no ИИН: Enter skips it
    "г. Алматы, ул. Абая, 1",
    "",  # no phone
    "",  # no e-mail
    "10.01.2021",
    "Алматы қаласы",
    "",  # the territory after «на территории»: Enter skips it
    "1 200",
    "1",
    "05.04.2021",
    "Алматы қаласы",
    "иә",
]


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "Error: this question needs an answer; type it and press Enter"),
        ("ru", "Ошибка: на этот вопрос нужен ответ; введите его и нажмите Enter"),
        ("kk", "Қате: бұл сұраққа жауап керек; оны жазып, Enter пернесін басыңыз"),
    ],
)
def test_an_empty_answer_is_told_why_the_question_comes_again(
    language: str, refusal: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from election_appeal.cli import main

    result = CliRunner(env={"APPEAL_LANG": language}).invoke(
        main, ["new", str(tmp_path / "city"), "--interactive"], input="\n".join(ANSWERS)
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == refusal
    assert lines[0].split(":")[0] == lines[2].split(":")[0]  # the same question, asked again


def test_the_kazakh_questions_give_kazakh_examples(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from election_appeal.cli import main

    result = CliRunner(env={"APPEAL_LANG": "kk"}).invoke(
        main, ["new", str(tmp_path / "city"), "--interactive"], input="\n".join(ANSWERS)
    )
    questions = [line.split(": ")[0] for line in result.output.splitlines()[:15]]
    assert "Аумақ (мысалы, Алматы қаласы)" in questions
    # Asked right after the territory: the Russian documents' form, with Russian examples.
    after = questions[questions.index("Аумақ (мысалы, Алматы қаласы)") + 1]
    assert after == (
        "Орыс тіліндегі құжаттарда «на территории» сөздерінен кейін жазылатын аумақ (мысалы, "
        "г. Алматы немесе Республики Казахстан; өткізіп жіберу үшін Enter)"
    )
    assert "Қол қойылған жер (мысалы, Алматы қаласы)" in questions
    # «г.» is the Russian «город»: only the question about the Russian documents shows it.
    assert [q for q in questions if "г. " in q] == [after]


KURULTAI = Path(__file__).parents[1] / "data" / "kurultai-2026"


@pytest.mark.parametrize(
    ("language", "election", "protocols"),
    [
        # The example: 10000 stations, 40 copies; 40 / 10000 = 0.4 %.
        (
            "kk",
            "2026 жылғы 30 тамыз, Қазақстан Республикасы, 10 000 сайлау учаскесі",
            f"{KURULTAI}/protocols.csv файлынан 40 жол, 40 учаске (10 000 учаскенің 0,4 %)",
        ),
        (
            "ru",
            "30 августа 2026 г., Республика Казахстан, 10 000 избирательных участков",
            f"40 строк из {KURULTAI}/protocols.csv, 40 участков (0,4 % из 10 000)",
        ),
        (
            "en",
            "30 August 2026, Республика Казахстан, 10,000 polling stations",
            f"40 rows from {KURULTAI}/protocols.csv, 40 stations (0.4 % of 10,000)",
        ),
    ],
)
def test_the_summary_groups_the_digits_of_counts_as_the_documents_do(
    run, monkeypatch: pytest.MonkeyPatch, language: str, election: str, protocols: str
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    lines = run("check", KURULTAI).output.splitlines()
    assert lines[1].split(":", 1)[1].strip() == election
    assert lines[4].split(":", 1)[1].strip() == protocols


def test_one_station_of_ten_thousand_is_not_shown_as_none(run, tmp_path: Path) -> None:
    # 1 / 10000 = 0.01 %: «0.0 %» would say no station at all has a copy.
    case = tmp_path / "case"
    shutil.copytree(KURULTAI, case)
    table = case / "protocols.csv"
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text(rows[0] + rows[1], encoding="utf-8")
    summary = run("check", case).output.splitlines()
    assert summary[4].endswith("1 station (0.01 % of 10,000)")


@pytest.mark.parametrize(
    ("language", "shown"), [("ru", "10 000"), ("kk", "10 000"), ("en", "10,000")]
)
def test_a_count_in_a_message_is_grouped_as_the_language_writes_it(
    monkeypatch: pytest.MonkeyPatch, language: str, shown: str
) -> None:
    from election_appeal.case.numbers import count_text

    monkeypatch.setenv("APPEAL_LANG", language)
    assert count_text(10000) == shown
    assert count_text(999) == "999"


def test_the_number_of_stations_is_read_as_counts_are(run, case_dir: Path) -> None:
    # The README: counts (votes, ballots, seats, stations) as `43337` or `"43 337"`.
    from election_appeal import api

    line = replace_line(case_dir, "  stations: 581", '  stations: "1 581"')
    assert api.check(case_dir).data.case.election.stations == 1581
    replace_line(case_dir, '  stations: "1 581"', "  stations: 1,581")
    result = run("check", case_dir)
    assert (
        f"{case_dir}/case.yaml, line {line}, election.stations: "
        '"1,581" is not a whole number: a comma or a point marks a fraction, and a count of '
        'votes has none; if 1581 is meant, write it without commas or points: 1581 or "1 581"'
    ) in result.output


def test_the_json_schema_lets_an_editor_accept_both_forms_of_a_date() -> None:
    # `appeal schema` for editors: a day-first date must not be marked wrong while typing.
    from election_appeal.case.schema import Case

    schema = Case.model_json_schema()
    day = schema["$defs"]["Appeal"]["properties"]["date"]
    for written, accepted in (("10.01.2021", True), ("2021-01-10", True), ("01/10/2021", False)):
        assert bool(re.fullmatch(day["pattern"].strip("^$"), written)) is accepted
