"""Texts a new case still holds where the user was to write the real one: the placeholders
`appeal new` writes (read from its skeleton, so that a new one is known at once), a «...» or
«…» standing for a blank, and the skeleton's stand-in parties («партии А»). A document prints a
text as it is written, so a real case holding one cannot be built; an illustrative one, marked
ОБРАЗЕЦ on every page, is told."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from string import Template

from ..errors import Problem, Severity
from ..i18n import gettext as _
from .yamlfile import YamlDocument

SKELETON = Path(__file__).resolve().parents[1] / "skeleton"
# Texts of the skeleton true of any case, which may stay as they are: a table's heading
# «Первое голосование» names the first of two votings whatever they were.
MAY_STAY = frozenset({"short_title"})
# Strings of a case that are no text a document prints as words: ids, addresses on the web,
# file names. A placeholder cannot stand there.
NOT_TEXT = frozenset({"id", "language", "languages", "source_url", "file", "folder", "protocols"})
# Prose the user writes, where «…» is an elision in a quotation rather than a blank.
PROSE = frozenset({"narrative"})

_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
# «...» or «…» standing alone (between spaces, or in quotes or brackets of its own): a blank,
# not the end of a word cut short («статьи…») nor an elision inside a quotation («…в нарушение»).
_BLANK = re.compile(r"(?:^|(?<=[\s«(\"„]))(?:\.{3}|…)(?=$|[\s»)\",;:.])")
# The skeleton's stand-in parties, «партии А», «партии Б»: a single capital letter for a name.
_STAND_IN_PARTY = re.compile(r"\bпартии\s+[А-ЯЁ]\b")


@cache
def skeleton_placeholders() -> frozenset[str]:
    """Every text the skeleton of `appeal new` writes for the user to replace: its strings with
    a Cyrillic letter, in every fragment, but those of fields whose text may stay."""
    import yaml

    found: set[str] = set()
    for path in sorted(SKELETON.glob("*.yaml")):
        # The values `appeal new` fills in from the answers ($territory) are the user's own.
        text = Template(path.read_text(encoding="utf-8")).safe_substitute(_answered(path))
        found.update(_texts(yaml.safe_load(text)))
    return frozenset(found)


def _answered(path: Path) -> dict[str, str]:
    names = re.findall(r"\$\{?(\w+)", path.read_text(encoding="utf-8"))
    return {name: "null" for name in names}


def _texts(value: object, field: str | None = None) -> Iterator[str]:
    if isinstance(value, str):
        if field not in MAY_STAY and _CYRILLIC.search(value):
            yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(item, str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, field)


def placeholder_in(text: str, prose: bool = False) -> str | None:
    """The placeholder a text holds, as the message quotes it; None when it holds none.
    `prose`: a paragraph of the user's, where only the skeleton's own texts count."""
    plain = " ".join(text.split())
    if plain in skeleton_placeholders():
        return plain
    if prose:
        return None
    if found := _STAND_IN_PARTY.search(plain):
        return found[0]
    if found := _BLANK.search(plain):
        return found[0]
    return None


def placeholders(
    data: object, location: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each text of the case (read as written, whether the model takes it or not) holding a
    placeholder: its location, the text and the placeholder. A text in several languages
    ({ru: …, kk: …}) is looked at in each."""
    if isinstance(data, str):
        field = next((part for part in reversed(location) if isinstance(part, str)), "")
        if field in MAY_STAY:
            return
        found = placeholder_in(data, prose=bool(PROSE.intersection(map(str, location))))
        if found is not None:
            yield location, data, found
    elif isinstance(data, Mapping):
        for key, item in data.items():
            if key not in NOT_TEXT:
                yield from placeholders(item, (*location, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from placeholders(item, (*location, index))


def placeholder_problems(doc: YamlDocument, illustrative: bool) -> list[Problem]:
    """A problem for each placeholder of case.yaml: an error of a real case (its documents
    would print it), a warning of an illustrative one (they print it under the ОБРАЗЕЦ mark)."""
    severity = Severity.WARNING if illustrative else Severity.ERROR
    return [
        doc.problem(location, _said(" ".join(text.split()), found, illustrative), severity=severity)
        for location, text, found in placeholders(doc.data)
    ]


def _said(text: str, found: str, illustrative: bool) -> str:
    if illustrative:
        then = _(
            "the documents print it as it is, on pages marked ОБРАЗЕЦ (the case is illustrative)"
        )
    else:
        then = _(
            "the documents would print it as it is: write the real text; until then the build "
            "writes no document"
        )
    if text == found:
        return _("{text} is a placeholder of a new case; {then}").format(
            text=_quoted(text), then=then
        )
    return _("{text} holds {placeholder}, a placeholder of a new case; {then}").format(
        text=_quoted(text), placeholder=_quoted(found), then=then
    )


def _quoted(text: str) -> str:
    """A text in «quotes», once: «А» stays as it is written."""
    return text if text.startswith("«") and text.endswith("»") else f"«{text}»"
