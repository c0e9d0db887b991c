"""Texts of a case in each language: any text field may be a plain string or `{ru: …, kk: …}`.

A text given in several languages is a `Localised` string: as a str it is its first text (what a
message quoting the field shows); a document takes the text of its own language through
`in_language`, which returns the case, an authority or any part of them with every such text
replaced by the language's. A plain string is the text in the case's `language`: a document in
another language shows it as it is, and `missing_texts` names each field that lacks a text in a
language the case's documents are made in, so that `check` can warn about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidatorFunctionWrapHandler

from ..i18n import gettext as _

# The languages a case's texts may be given in (those the documents are made in).
TEXT_LANGUAGES = ("ru", "kk")

T = TypeVar("T")
Location = tuple[str | int, ...]


class Localised(str):
    """A text given in several languages; as a str, the first of them."""

    texts: dict[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> Localised:
        text = super().__new__(cls, next(iter(texts.values())))
        text.texts = dict(texts)
        return text

    def __reduce__(self) -> tuple[Callable[..., Localised], tuple[dict[str, str]]]:
        return (Localised, (self.texts,))

    def text(self, language: str) -> str | None:
        """The text in a language, None when it is not given."""
        return self.texts.get(language)


def for_reader(text: str) -> str:
    """A case's text as a message shows it: in the interface language when the case gives it
    in that language, else its first text."""
    from ..i18n import current_language

    if isinstance(text, Localised):
        return text.text(current_language()) or str(text)
    return str(text)


def localised_text(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    """Pydantic's check of a text field: a plain string, or a mapping of languages to texts."""
    if isinstance(value, Localised):
        return value
    if not isinstance(value, Mapping):
        return handler(value)
    unknown = [str(key) for key in value if key not in TEXT_LANGUAGES]
    if unknown or not value:
        raise ValueError(
            _("a text in each language has the keys {known}, not {keys}").format(
                known=", ".join(TEXT_LANGUAGES), keys=", ".join(unknown) or "{}"
            )
        )
    empty = [str(key) for key, text in value.items() if not isinstance(text, str) or not text]
    if empty:
        raise ValueError(_("the text in {languages} is empty").format(languages=", ".join(empty)))
    return Localised({key: value[key] for key in TEXT_LANGUAGES if key in value})


def in_language(value: T, language: str) -> T:
    """The value with each text in several languages replaced by its text in `language` (the
    first text when that language has none); the same object when nothing changes."""
    if isinstance(value, Localised):
        text = value.text(language)
        return str(value) if text is None else text  # type: ignore[return-value]
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            changed = in_language(item, language)
            if changed is not item:
                changes[name] = changed
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list | tuple):
        items = [in_language(item, language) for item in value]
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if isinstance(value, dict):
        pairs = {key: in_language(item, language) for key, item in value.items()}
        return value if all(pairs[k] is value[k] for k in value) else pairs  # type: ignore[return-value]
    return value


def missing_texts(
    value: object, languages: Sequence[str], own: str, location: Location = ()
) -> Iterator[tuple[Location, str]]:
    """Each text field (its location) and a language of `languages` it has no text in; a plain
    string is the text in `own`, the case's language."""
    if isinstance(value, Localised):
        for language in languages:
            if value.text(language) is None:
                yield location, language
    elif isinstance(value, str):
        for language in languages:
            if language != own:
                yield location, language
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_TEXT:
                yield from missing_texts(getattr(value, name), languages, own, (*location, name))
            elif name == "applicant":
                # The applicant's particulars are theirs in any language; the organisation that
                # sent an observer is a name the documents print in their own language.
                status = getattr(getattr(value, name), "status", None)
                organisation = getattr(status, "organisation", None)
                where = (*location, name, "status", "organisation")
                yield from missing_texts(organisation, languages, own, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from missing_texts(item, languages, own, (*location, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from missing_texts(item, languages, own, (*location, key))


# Strings of a case that are not words of a language: ids, addresses on the web, file and folder
# names, numbers written as text, and the applicant's own particulars.
_NOT_TEXT = frozenset(
    {
        "id",
        "language",
        "languages",
        "source_url",
        "file",
        "folder",
        "protocols",
        "protocol_texts",
        "number",
        "votes",
        "seats_awarded",
        "applicant",
        "addressees",
        "comparison",
        "allocation",
        "funding",
        "kind",
        "role",
        "first",
        "second",
        # Russian case forms the Russian documents alone print (case/schema.py).
        "territory_genitive",
    }
)


def untranslated(
    case: BaseModel, words: Iterable[str], languages: Sequence[str], own: str
) -> Iterator[tuple[str, list[str]]]:
    """Each text of the protocol table (a district, a kind of station, a source) with the
    languages of `languages` other than the case's own that `protocol_texts` gives it no word
    in, in the order of the table."""
    texts: Mapping[str, Any] = getattr(case, "protocol_texts", {})
    for word in dict.fromkeys(w for w in words if w):
        given = texts.get(word)
        lacking = [
            language
            for language in languages
            if language != own and not (isinstance(given, Mapping) and given.get(language))
        ]
        if lacking:
            yield word, lacking


def text_problems(
    case: Any, table_words: Iterable[str], doc: Any, languages: Sequence[str] | None = None
) -> list[Any]:
    """Warnings for `check`: each field of case.yaml, and each text of the protocol table, that
    has no text in a language the case's documents are made in (`languages`, by default the
    case's `languages`, else its `language`)."""
    from ..errors import Problem, Severity

    wanted = list(languages or case.languages or [case.language])
    by_field: dict[Location, list[str]] = {}
    for location, language in missing_texts(case, wanted, case.language):
        by_field.setdefault(location, []).append(language)
    example = "{" + ", ".join(f"{language}: …" for language in TEXT_LANGUAGES) + "}"
    problems = [
        doc.problem(
            location,
            _(
                "has no text in {languages}, a language of the documents: the documents show "
                "it as it is; give it as {example}"
            ).format(languages=", ".join(lacking), example=example),
            severity=Severity.WARNING,
        )
        for location, lacking in by_field.items()
    ]
    problems += look_alike_problems(case, doc)
    # Without the field in the file there is no line to point at: the message says to add it.
    written = ("protocol_texts",) in doc.lines
    for word, lacking in untranslated(case, table_words, wanted, case.language):
        if written:
            message = _(
                "«{word}» of the protocol table has no text in {languages}, a language of the "
                "documents: add it here as «{word}»: {{{language}: …}}"
            )
        else:
            message = _(
                "«{word}» of the protocol table has no text in {languages}, a language of the "
                "documents: add to case.yaml the field protocol_texts:, and under it the line "
                "«{word}»: {{{language}: …}}"
            )
        message = message.format(word=word, languages=", ".join(lacking), language=lacking[0])
        if written:
            problems.append(doc.problem(("protocol_texts",), message, severity=Severity.WARNING))
        else:
            problems.append(Problem(doc.display, "protocol_texts", "", message, Severity.WARNING))
    return problems


# The names of a case that are matched or compared with others: a party's and a contest's names
# (the table's headers and the documents name them), the territory, the applicant.
_NAMES = (("parties", ("name", "short_name")), ("contests", ("title", "short_title")))


def _named_texts(case: Any) -> Iterator[tuple[Location, object]]:
    for key, fields in _NAMES:
        for index, item in enumerate(getattr(case, key, None) or []):
            for name in fields:
                yield (key, index, name), getattr(item, name, None)
    yield ("election", "territory"), getattr(getattr(case, "election", None), "territory", None)
    yield ("applicant", "full_name"), getattr(getattr(case, "applicant", None), "full_name", None)
    for word, texts in (getattr(case, "protocol_texts", None) or {}).items():
        yield ("protocol_texts", word), word
        for language, text in texts.items():
            yield ("protocol_texts", word, language), text


def look_alike_problems(case: Any, doc: Any) -> list[Any]:
    """Warnings for the names of case.yaml that mix look-alike Latin and Cyrillic letters."""
    from ..errors import Severity
    from .text import look_alike_letters

    problems = []
    for location, value in _named_texts(case):
        texts = value.texts.values() if isinstance(value, Localised) else [value]
        for text in texts:
            if isinstance(text, str) and (message := look_alike_letters(text)) is not None:
                problems.append(doc.problem(location, message, severity=Severity.WARNING))
                break
    return problems
