"""Texts a document prints in a language they are not given in: the case's own texts, the
names of the authorities it is addressed to, for the languages the documents are made in (the
case's, or those a build asks for), and a plain text of a Kazakh case written in Russian."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import Problem, Severity
from ..i18n import gettext as _
from .reference import Reference
from .schema import Case
from .texts import TEXT_LANGUAGES, Localised, for_reader, missing_texts, text_problems
from .yamlfile import YamlDocument, dotted_path

Found = Iterator[tuple[tuple[str | int, ...], str]]
# How a text in each language is written in case.yaml.
EXAMPLE = "{" + ", ".join(f"{language}: …" for language in TEXT_LANGUAGES) + "}"


def authority_texts(
    case: Case, reference: Reference, languages: Sequence[str], doc: YamlDocument
) -> list[Problem]:
    """A warning for each addressed authority whose name or address authorities.yaml gives
    in some languages but not in one the documents are made in: that document prints it in
    another language. A plain string names an authority alike in every language."""
    problems = []
    for i, addressee in enumerate(case.addressees):
        authority = reference.authorities.get(addressee.id)
        if authority is None:
            continue
        for language in languages:
            for location, _lacking in missing_texts(authority, [language], language):
                message = _(
                    "{authority}: authorities.yaml gives its {field} without a text in "
                    "{language}, so the documents in {language} print it in another language; "
                    "give it there as {example}"
                ).format(
                    authority=for_reader(authority.name),
                    field=dotted_path(location),
                    language=language,
                    example=EXAMPLE,
                )
                problems.append(
                    doc.problem(("addressees", i, "id"), message, severity=Severity.WARNING)
                )
    return problems


def authorities_without_sent_to(
    case: Case, reference: Reference, doc: YamlDocument
) -> list[Problem]:
    """A warning for each addressed authority without `sent_to` in a case of several
    addressees: a letter names the others as sent to («направлена в прокуратуру …»), and
    without every form it names them all in the nominative instead."""
    known = [(i, a) for i, a in enumerate(case.addressees) if a.id in reference.authorities]
    if len(known) < 2:
        return []
    message = _(
        "{authority}: authorities.yaml gives no sent_to (its name as «направлено в …» has it "
        "in Russian, and in the dative in Kazakh), so the letters that name it beside the other "
        "addressees name them all in the nominative; add it as for the Prosecutor General: "
        "sent_to: {example}"
    )
    return [
        doc.problem(
            ("addressees", i, "id"),
            message.format(
                authority=for_reader(reference.authorities[a.id].name), example=SENT_TO_EXAMPLE
            ),
            severity=Severity.WARNING,
        )
        for i, a in known
        if reference.authorities[a.id].sent_to is None
    ]


# The Prosecutor General's forms, as the shipped authorities.yaml gives them.
SENT_TO_EXAMPLE = (
    "{ru: Генеральную прокуратуру Республики Казахстан, "
    "kk: Қазақстан Республикасының Бас прокуратурасына}"
)


# Letters of Kazakh that Russian has not: a Kazakh text of a few words has one of them.
KAZAKH_LETTERS = "әғқңөұүһі"
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
# Fewer words than this may be a name (Алматы), written alike in both languages.
_WORDS_OF_A_SENTENCE = 3
# A word only Russian writes so, whatever its length: the endings of Russian adjectives and
# nouns of office (Kazakh words take suffixes, not these endings) and the Russian names of the
# words a case's short texts are made of, where Kazakh has words of its own (Қазақстан, қала,
# аудан, облыс, сот, сайлау). A Kazakh text that lacks letters of Kazakh's own (Алматы облысы,
# Абай ауданы) has none of them.
_RUSSIAN_ENDING = re.compile(
    r"\w{2,}(?:ая|яя|ое|ее|ый|ий|ой|ого|его|ому|ему|ых|ыми|ими|ние|ния|нии|ции|ство|ства|ству)$"
)
_RUSSIAN_WORD = re.compile(
    r"(?:республик[аеиу]|республикой|казахстан[аеу]?|город[аеу]?|район[аеу]?|област[ьи]|"
    r"суд[аеу]?|выбор\w*|избирательн\w*|постановлени\w*|решени\w*|участ\w+|маслихат\w*|"
    r"мажилис\w*|курултай\w*|сенат[аеу]|акимат\w*|комисси[ияею])"
)
# «г. Алматы»: the Russian abbreviation of «город» (Kazakh writes «Алматы қ.»).
_RUSSIAN_CITY = re.compile(r"(?:^|\s)г\.\s*[А-ЯЁ]")
# Fields holding names of people and parties, printed as written in every language: a short
# one is a name (Аманат, «Ак жол»), so only the length of a sentence tells its language.
_NAMES = frozenset({"name", "short_name", "full_name", "organisation"})


def reads_as_russian(text: str, name: bool = False) -> bool:
    """Whether a text without a letter of Kazakh's own reads as Russian: a sentence, or, unless
    it is a name, a single Russian word («Республика Казахстан», «г. Алматы»)."""
    if set(KAZAKH_LETTERS).intersection(text.lower()):
        return False
    words = _CYRILLIC_WORD.findall(text)
    if len(words) >= _WORDS_OF_A_SENTENCE:
        return True
    if name:
        return False
    lowered = [word.lower() for word in words]
    return bool(_RUSSIAN_CITY.search(text)) or any(
        _RUSSIAN_ENDING.fullmatch(word) or _RUSSIAN_WORD.fullmatch(word) for word in lowered
    )


def kazakh_without_kazakh_letters(case: Case) -> Found:
    """A case in Kazakh takes a plain text for Kazakh; one that reads as Russian (no letter of
    Kazakh's own, and several words or a word only Russian writes so) is most likely Russian,
    and the Kazakh documents would print it so."""
    if case.language != "kk":
        return
    for location, _lacking in missing_texts(case, ["ru"], "kk"):
        text = _value_at(case, location)
        if isinstance(text, Localised) or not isinstance(text, str):
            continue
        if reads_as_russian(text, name=_NAMES.intersection(map(str, location)) != set()):
            message = _(
                "the documents are in Kazakh (language: kk), but this text has no Kazakh letter "
                "({letters}): if it is in Russian, they print it in Russian; give it as {example}"
            )
            yield location, message.format(letters=", ".join(KAZAKH_LETTERS), example=EXAMPLE)


def _value_at(value: Any, location: tuple[str | int, ...]) -> object:
    """The value at a location of the case model (fields, list indexes, mapping keys)."""
    for part in location:
        value = (
            getattr(value, part)
            if isinstance(part, str) and not isinstance(value, dict)
            else value[part]
        )
    return value


def language_warnings(
    folder: Path, case: Case, reference: Reference, words: Iterable[str], languages: Sequence[str]
) -> list[Problem]:
    """The warnings of texts without a text in a language the documents are made in, for the
    languages a build or a render asks for beyond the case's own (`appeal build --language kk`
    of a Russian case): `check` warns only about the case's `languages`."""
    own = case.languages or [case.language]
    extra = [language for language in dict.fromkeys(languages) if language not in own]
    if not extra:
        return []
    from .load import CASE_FILE
    from .paths import case_path
    from .yamlfile import read_yaml

    doc = read_yaml(case_path(folder, CASE_FILE), str(folder / CASE_FILE))
    found = text_problems(case, words, doc, extra)
    return found + authority_texts(case, reference, extra, doc)
