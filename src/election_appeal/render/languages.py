"""The languages documents are written in: for each, what the program itself must know to write
it (how numbers, sums and dates read, how a contest is named in running text). Every other word
is in the language's phrasebooks (templates/<code>/*.phrases.j2, texts.j2) and the messages in
its catalogue (locale/<code>); docs/templates.md says how a language joins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentLanguage:
    """What the program knows of one language of the documents."""

    code: str
    # The currency after a sum: "25 434 975 тенге".
    currency: str
    # A date in full, as a Babel pattern ("long" is Babel's own long form).
    date_pattern: str
    # A contest in running text after "the results of" (its genitive), from its title and its
    # short title, when the case gives no `title_genitive`.
    contest_of: Callable[[str, str], str]


def russian_genitive_title(title: str) -> str | None:
    """'Выборы депутатов маслихата…' → 'выборов депутатов маслихата…'; None for another form,
    which the case then gives in `title_genitive`."""
    head, _, rest = title.partition(" ")
    return f"выборов {rest}" if head.lower() == "выборы" and rest else None


def _russian_contest_of(title: str, label: str) -> str:
    """«итоги выборов депутатов …», else «итоги голосования «Маслихат»»."""
    return russian_genitive_title(title) or f"голосования «{label}»"


def kazakh_genitive_title(title: str) -> str | None:
    """'Алматы қаласы мәслихатының депутаттарын сайлау' → '… сайлаудың' (and '… сайлауы' →
    '… сайлауының'); None for a title not ending in the word for an election, which the case
    then gives in `title_genitive`."""
    for ending, genitive in (("сайлау", "сайлаудың"), ("сайлауы", "сайлауының")):
        if title.endswith(f" {ending}"):
            return title[: -len(ending)] + genitive
    return None


def _kazakh_contest_of(title: str, label: str) -> str:
    """«… депутаттарын сайлаудың (қорытындылары)», by the full title as the Russian names it,
    else «Мәслихат» дауыс беруінің."""
    return kazakh_genitive_title(title) or f"«{label}» дауыс беруінің"


LANGUAGES: dict[str, DocumentLanguage] = {
    "ru": DocumentLanguage("ru", "тенге", "long", _russian_contest_of),
    # Kazakh documents write "2021 жылғы 10 қаңтар", where Babel's long form abbreviates the
    # year word ("2021 ж. 10 қаңтар").
    "kk": DocumentLanguage("kk", "теңге", "y 'жылғы' d MMMM", _kazakh_contest_of),
}


def document_language(code: str) -> DocumentLanguage:
    """The language of this code; KeyError names a code no document is written in."""
    return LANGUAGES[code]
