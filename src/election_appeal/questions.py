"""`appeal new --interactive`: the questions, in the interface language, and the answers read
as people type them: "10.01.2021" or "2021-01-10", "1 200", "да", "иә", "y"."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from .i18n import gettext as _

if TYPE_CHECKING:
    from .scaffold import Answers

_YES = frozenset({"y", "yes", "д", "да", "иә", "ия", "и"})
_NO = frozenset({"n", "no", "н", "нет", "жоқ", "жок", "ж"})
T = TypeVar("T")


def parse_day(text: str) -> datetime.date:
    """ "10.01.2021" or "2021-01-10" → the date, read as case.yaml reads it; BadParameter
    otherwise."""
    from .case.dates import DateFormatError
    from .case.dates import parse_day as day

    try:
        return day(text)
    except DateFormatError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_count(text: str) -> int:
    """ "1 200", "1200" → 1200: a whole number, one or more; BadParameter otherwise."""
    from .case.numbers import NumberFormatError
    from .case.numbers import parse_count as count

    try:
        number = count(text)
    except NumberFormatError as exc:
        raise click.BadParameter(str(exc)) from None
    if number is None or number < 1:
        raise click.BadParameter(_("a whole number of 1 or more is needed, such as 581"))
    return number


def parse_yes_no(text: str) -> bool:
    """ "да", "иә", "y", "yes" → True; "нет", "жоқ", "n", "no" → False; BadParameter otherwise."""
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise click.BadParameter(_("answer yes or no (да/нет, иә/жоқ, y/n)"))


def parse_contests(text: str) -> int:
    """ "1" or "2": how many contests (votings) the election day held; BadParameter otherwise."""
    word = text.strip()
    if word in ("1", "2"):
        return int(word)
    raise click.BadParameter(_("answer 1 (one voting, such as the Kurultai) or 2 (two votings)"))


def _iin(text: str) -> str:
    from .case.iin import iin_problem

    value = text.strip()
    if value and (problem := iin_problem(value)):
        raise click.BadParameter(problem)
    return value


def _text(value: str) -> str:
    return value.strip()


def _required(question: str, parse: Callable[[str], T]) -> T:
    """Ask until the answer can be read; an empty answer is told why it is asked again."""

    def answered(text: str) -> T:
        if not text.strip():
            raise click.BadParameter(_("this question needs an answer; type it and press Enter"))
        return parse(text)

    answer: T = click.prompt(question, default="", show_default=False, value_proc=answered)
    return answer


def _optional(question: str, parse: Callable[[str], str] = _text) -> str | None:
    """Ask once more if the answer cannot be read; Enter leaves it unanswered."""
    answer: str = click.prompt(question, default="", show_default=False, value_proc=parse)
    return answer or None


def ask() -> Answers | None:
    """The applicant's details and the election's basics, asked one by one; None when the
    person answers "no" to the last question, whether to write the folder."""
    from .scaffold import Answers

    answers = Answers(
        full_name=_required(_("Full name (Фамилия Имя Отчество)"), _text),
        iin=_optional(_("ИИН (Enter to skip)"), _iin),
        address=_required(_("Postal address for the reply"), _text),
        phone=_optional(_("Phone (Enter to skip)")),
        email=_optional(_("E-mail (Enter to skip)")),
        election_date=_required(_("Election day (such as 10.01.2021)"), parse_day).isoformat(),
        territory=_required(_("Territory (such as г. Алматы)"), _text),
        territory_genitive=_optional(
            _(
                "The territory as the Russian documents write it after «на территории» (such as "
                "г. Алматы or Республики Казахстан; Enter to skip)"
            )
        ),
        stations=_required(_("Polling stations in the territory"), parse_count),
        contests=_required(
            _(
                "How many votings were held that day, 1 (such as the Kurultai) or 2 "
                "(two votings compared with each other)"
            ),
            parse_contests,
        ),
        appeal_date=_required(_("Date of signing (such as 05.04.2021)"), parse_day).isoformat(),
        appeal_place=_required(_("Place of signing (such as г. Алматы)"), _text),
    )
    question = _("Write the case folder with these answers? ({yes}/{no})")
    yes = _required(question.format(yes=_("yes"), no=_("no")), parse_yes_no)
    return answers if yes else None
