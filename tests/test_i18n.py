"""The interface speaks English, Russian or Kazakh: how the language is chosen, and what the
commands say in it; the interactive questions take answers as people type them."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from election_appeal.cli import main
from election_appeal.console import problem_report
from election_appeal.errors import Problem, Severity
from election_appeal.i18n import Choice, choose
from election_appeal.questions import parse_count, parse_day, parse_yes_no

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"APPEAL_LANG": "ru", "LANG": "kk_KZ.UTF-8"}, Choice("ru", "APPEAL_LANG", "ru")),
        ({"LC_ALL": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"}, Choice("kk", "LC_ALL", "kk_KZ.UTF-8")),
        (
            {"LC_ALL": "", "LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"},
            Choice("ru", "LC_MESSAGES", "ru_RU.UTF-8"),
        ),
        ({"LANG": "C.UTF-8"}, Choice("en", "LANG", "C.UTF-8")),
        ({}, Choice("en")),
        ({"LANG": "de_DE.UTF-8"}, Choice("en", ignored=(("LANG", "de_DE.UTF-8"),))),
        (
            {"APPEAL_LANG": "fr", "LANG": "ru_RU.UTF-8"},
            Choice("ru", "LANG", "ru_RU.UTF-8", (("APPEAL_LANG", "fr"),)),
        ),
    ],
)
def test_the_language_is_chosen_by_appeal_lang_then_the_locale(environ, expected) -> None:
    assert choose(environ) == expected


def _run(language: str, *args: str | Path, input: str | None = None):
    return CliRunner(env={"APPEAL_LANG": language}).invoke(
        main, [str(a) for a in args], input=input, prog_name="appeal"
    )


def test_the_case_summary_in_kazakh() -> None:
    result = _run("kk", "check", EXAMPLE)
    assert result.stdout.splitlines()[:2] == [
        f"{EXAMPLE}: іс дайын.",
        # The date as a Kazakh text writes it, the territory in Kazakh as the case gives it.
        "  Сайлау:         2021 жылғы 10 қаңтар, Алматы қаласы, 581 сайлау учаскесі",
    ]


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("en", (1, 0), "1 error, 0 warnings. Fix the errors and run the command again."),
        ("en", (0, 2), "0 errors, 2 warnings. The case can be used."),
        ("ru", (1, 0), "1 ошибка, 0 предупреждений. Исправьте ошибки и выполните команду ещё раз."),
        ("ru", (3, 1), "3 ошибки, 1 предупреждение. Исправьте ошибки и выполните команду ещё раз."),
        (
            "ru",
            (21, 5),
            "21 ошибка, 5 предупреждений. Исправьте ошибки и выполните команду ещё раз.",
        ),
        ("ru", (0, 22), "0 ошибок, 22 предупреждения. Дело можно использовать."),
        ("kk", (5, 1), "5 қате, 1 ескерту. Қателерді түзетіп, пәрменді қайта орындаңыз."),
    ],
)
def test_the_problem_count_agrees_with_the_number(monkeypatch, language, counts, expected) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    errors, warnings = counts
    problems = [Problem("protocols.csv", f"row {n}", "npk", "x") for n in range(errors)]
    problems += [
        Problem("protocols.csv", f"row {n}", "", "y", Severity.WARNING) for n in range(warnings)
    ]
    assert problem_report(problems).splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'Error: protocols.csv, row 5, column "npk": "много" is not a number'),
        ("ru", 'Ошибка: protocols.csv, строка 5, столбец «npk»: "много" is not a number'),
        ("kk", 'Қате: protocols.csv, 5-жол, «npk» бағаны: "много" is not a number'),
    ],
)
def test_a_problem_keeps_its_file_row_and_column(monkeypatch, language, expected) -> None:
    # The message itself comes from the case reader; the words around it are the interface's.
    monkeypatch.setenv("APPEAL_LANG", language)
    problem = Problem("protocols.csv", "row 5", "npk", '"много" is not a number')
    assert problem_report([problem]).splitlines()[0] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Error: {EXAMPLE}: the folder is not empty; choose a new one\n"),
        ("ru", f"Ошибка: {EXAMPLE}: папка не пуста; укажите новую\n"),
    ],
)
def test_a_command_error(language: str, expected: str) -> None:
    result = _run(language, "new", EXAMPLE)
    assert result.exit_code == 1
    assert result.stderr == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Error: Invalid value for '--format': unknown format(s): odt; use pdf, docx, xlsx"),
        (
            "ru",
            "Ошибка: Недопустимое значение '--format': неизвестный формат: odt; "
            "допустимы pdf, docx, xlsx",
        ),
    ],
)
def test_an_option_error(language: str, expected: str) -> None:
    result = _run(language, "build", EXAMPLE, "--format", "pdf,odt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Usage: appeal check [OPTIONS] CASE_DIR",
                "",
                "  Check a case folder and list every problem in it.",
                "",
                "  Example:",
                "    appeal check data/almaty-2021",
                "",
                "Options:",
                "  --templates PATH  Check the templates of this folder too.",
                "  -h, --help        Show this message and exit.",
            ],
        ),
        (
            "ru",
            [
                "Использование: appeal check [OPTIONS] CASE_DIR",
                "",
                "  Проверяет папку дела и перечисляет все найденные в ней ошибки.",
                "",
                "  Пример:",
                "    appeal check data/almaty-2021",
                "",
                "Параметры:",
                "  --templates PATH  Проверить и шаблоны этой папки.",
                "  -h, --help        Показать эту справку и выйти.",
            ],
        ),
    ],
)
def test_help(language: str, expected: list[str]) -> None:
    result = _run(language, "check", "--help")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == expected


@pytest.mark.parametrize(
    ("language", "option"),
    [
        ("en", "  --force                Rebuild even what has not changed."),
        ("ru", "  --force                Пересобрать и то, что не изменилось."),
    ],
)
def test_option_help(language: str, option: str) -> None:
    assert option in _run(language, "build", "--help").stdout.splitlines()


@pytest.mark.parametrize(
    ("language", "font", "said"),
    [
        (
            "en",
            "ok                  font Liberation Serif: installed, with every Kazakh letter",
            "Interface language: English (en), chosen by APPEAL_LANG=en.",
        ),
        (
            "ru",
            "есть                 шрифт Liberation Serif: установлен, содержит все буквы "
            "казахского алфавита",
            "Язык интерфейса: русский (ru), выбран настройкой APPEAL_LANG=ru.",
        ),
    ],
)
def test_doctor_says_which_language_and_why(language: str, font: str, said: str) -> None:
    result = _run(language, "doctor")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert font in lines
    assert lines[-1].startswith(said)


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Official results compared"), ("ru", "Сравнение официальных итогов")],
)
def test_analyse_tables_are_titled_in_the_language(language: str, title: str) -> None:
    result = _run(language, "analyse", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].rstrip() == title


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once, as a spreadsheet only; the output root."""
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(EXAMPLE, root / "almaty")
    result = _run("en", "build", root / "almaty", "--out", root / "out", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "almaty: unchanged, nothing written\n0 built, 1 unchanged, 0 failed.\n"),
        (
            "ru",
            "almaty: без изменений, ничего не записано\n"
            "Собрано: 0, без изменений: 1, с ошибками: 0.\n",
        ),
    ],
)
def test_the_build_report(built: Path, language: str, expected: str) -> None:
    result = _run(language, "build", built / "almaty", "--out", built / "out", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


ANSWERS = [
    "Иванов Иван Иванович",
    "",  # no ИИН
    "г. Алматы, ул. Абая, 1",
    "",  # no phone
    "",  # no e-mail
    "10.01.2021",
    "г. Алматы",
    "г. Алматы",  # the territory after «на территории»
    "1 200",
    "1",  # one voting
    "05.04.2021",
    "г. Алматы",
]
QUESTIONS = {
    "en": [
        "Full name (Фамилия Имя Отчество)",
        "ИИН (Enter to skip)",
        "Postal address for the reply",
        "Phone (Enter to skip)",
        "E-mail (Enter to skip)",
        "Election day (such as 10.01.2021)",
        "Territory (such as г. Алматы)",
        "The territory as the Russian documents write it after «на территории» (such as "
        "г. Алматы or Республики Казахстан; Enter to skip)",
        "Polling stations in the territory",
        "How many votings were held that day, 1 (such as the Kurultai) or 2 (two votings "
        "compared with each other)",
        "Date of signing (such as 05.04.2021)",
        "Place of signing (such as г. Алматы)",
        "Write the case folder with these answers? (yes/no)",
    ],
    "ru": [
        "Фамилия, имя, отчество",
        "ИИН (Enter — пропустить)",
        "Почтовый адрес для ответа",
        "Телефон (Enter — пропустить)",
        "Электронная почта (Enter — пропустить)",
        "День голосования (например, 10.01.2021)",
        "Территория (например, г. Алматы)",
        "Территория так, как она пишется в документах на русском языке после слов «на "
        "территории» (например, г. Алматы или Республики Казахстан; Enter — пропустить)",
        "Число избирательных участков на территории",
        "Сколько голосований прошло в этот день, 1 (например, выборы в Курултай) или 2 (два "
        "голосования, которые сравниваются между собой)",
        "Дата подписания обращения (например, 05.04.2021)",
        "Место подписания (например, г. Алматы)",
        "Создать папку дела с этими ответами? (да/нет)",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_interactive_questions_take_answers_as_people_type_them(language, tmp_path) -> None:
    typed = [*ANSWERS, "да"]
    result = _run(language, "new", tmp_path / "city", "--interactive", input="\n".join(typed))
    assert result.exit_code == 0, result.output
    asked = [line.split(": ")[0] for line in result.output.splitlines()[: len(typed)]]
    assert asked == QUESTIONS[language]
    case = (tmp_path / "city" / "case.yaml").read_text(encoding="utf-8")
    assert 'date: "2021-01-10"' in case and 'date: "2021-04-05"' in case
    assert "stations: 1200" in case
    assert 'territory_genitive: "г. Алматы"' in case
    assert "comparison:" not in case and "id: second" not in case  # one voting asked for


@pytest.mark.parametrize(
    ("language", "said"), [("en", "Nothing was written."), ("ru", "Ничего не записано.")]
)
def test_answering_no_writes_nothing(language: str, said: str, tmp_path: Path) -> None:
    typed = [*ANSWERS, "нет"]
    result = _run(language, "new", tmp_path / "city", "--interactive", input="\n".join(typed))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == said
    assert not (tmp_path / "city").exists()


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        (
            "en",
            'Error: "10.01.21" is not a date; write it as 10.01.2021 (day, month, year) or '
            "2021-01-10",
        ),
        (
            "ru",
            "Ошибка: «10.01.21» — не дата; запишите её как 10.01.2021 (число, месяц, год) или "
            "2021-01-10",
        ),
    ],
)
def test_a_date_that_cannot_be_read_is_asked_again(language, refusal, tmp_path) -> None:
    typed = [*ANSWERS[:5], "10.01.21", *ANSWERS[5:], "y"]
    result = _run(language, "new", tmp_path / "city", "--interactive", input="\n".join(typed))
    assert result.exit_code == 0, result.output
    assert refusal in result.output.splitlines()


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("10.01.2021", datetime.date(2021, 1, 10)),
        (" 5.4.2021 ", datetime.date(2021, 4, 5)),
        ("19/01/2021", datetime.date(2021, 1, 19)),  # slashes only where no month is 19
        ("2021-01-10", datetime.date(2021, 1, 10)),
    ],
)
def test_dates_day_first_or_iso(typed: str, day: datetime.date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["31.02.2021", "10.01.21", "01-10-2021", "", "завтра"])
def test_dates_that_are_refused(typed: str) -> None:
    with pytest.raises(click.BadParameter):
        parse_day(typed)


@pytest.mark.parametrize(("typed", "number"), [("1 200", 1200), ("1\u00a0200", 1200), ("581", 581)])
def test_counts_with_spaces_between_groups(typed: str, number: int) -> None:
    assert parse_count(typed) == number


@pytest.mark.parametrize("typed", ["0", "", "1,5", "-3", "много"])
def test_counts_that_are_refused(typed: str) -> None:
    with pytest.raises(click.BadParameter):
        parse_count(typed)


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("да", True),
        ("Да", True),
        ("иә", True),
        ("y", True),
        ("yes", True),
        ("нет", False),
        ("жоқ", False),
        ("n", False),
        ("No", False),
    ],
)
def test_yes_and_no_in_three_languages(typed: str, answer: bool) -> None:
    assert parse_yes_no(typed) is answer


def test_neither_yes_nor_no_is_asked_again() -> None:
    with pytest.raises(click.BadParameter, match="answer yes or no"):
        parse_yes_no("может быть")


LOCALE = Path(__file__).resolve().parents[1] / "src" / "election_appeal" / "locale"
SOURCE = LOCALE.parent


def _source_messages() -> set[str]:
    """Every message marked in the source, found as `make messages-extract` finds them."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}
    found = extract_from_dir(str(SOURCE), method_map=[("**.py", "python")], keywords=keywords)
    return {message[2] if isinstance(message[2], str) else message[2][0] for message in found}


def _catalogue(language: str):
    from babel.messages.pofile import read_po

    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language, abort_invalid=True)


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{[a-z_.!]*\}|%\([a-z]+\)s", text))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    catalogue = _catalogue(language)
    for message_id in _source_messages():
        message = catalogue.get(message_id)
        assert message is not None, f"{message_id!r} is not in the {language} catalogue"
        assert not message.fuzzy, message_id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for index, form in enumerate(forms):
            assert form, f"{message_id!r} has no {language} translation"
            source = ids[min(index, len(ids) - 1)]  # the first form answers the singular
            assert _placeholders(form) == _placeholders(source), (message_id, form)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_compiled_catalogue_is_that_of_the_po_file(language: str) -> None:
    from babel.messages.mofile import read_mo

    with (LOCALE / language / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)

    def entries(catalogue) -> dict:
        return {
            tuple(m.id) if isinstance(m.id, list | tuple) else m.id: (
                tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            )
            for m in catalogue
            if m.id
        }

    assert entries(compiled) == entries(_catalogue(language))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_entry_of_the_catalogue_is_fuzzy_or_empty(language: str) -> None:
    """A fuzzy entry is a guess `make messages-update` made from a similar message: gettext
    would skip it and show English, so none may be left, nor an empty one."""
    unfinished = [
        m.id
        for m in _catalogue(language)
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert unfinished == []
