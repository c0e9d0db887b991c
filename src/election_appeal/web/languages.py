"""Texts of the case in each language its documents are made in.

A text field of case.yaml (the schema's Text) may hold one text per language, {ru: …, kk: …}.
When the case's documents are made in both languages (`languages: [ru, kk]`), the form shows a
field of each language for every such text: the field named as in case.yaml edits the text in
the documents' `language`, and a field named with "@" and another language («applicant.full_name
@kk») edits that language's text. A case made in one language keeps a plain string as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .. import api
from .forms import Form, localised

SEPARATOR = "@"
# Each language's field is marked in both languages: the person typing a Kazakh text on a
# Russian page (or the other way round) reads which one it is either way.
LANGUAGE_TAGS = {"ru": "по-русски · орысша", "kk": "по-казахски · қазақша"}
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def documents_languages(doc: Any) -> list[str]:
    """The languages the case's documents are made in, the documents' `language` first."""
    language = str(doc.get("language") or "ru") if isinstance(doc, dict) else "ru"
    listed = doc.get("languages") if isinstance(doc, dict) else None
    found = [language]
    if isinstance(listed, list):
        found += [str(x) for x in listed if str(x) in api.LANGUAGES and str(x) != language]
    return found


def split(name: str) -> tuple[str, str | None]:
    """A form field's name as the field of case.yaml and the language it edits (None: the
    documents' own)."""
    field, _sep, language = name.partition(SEPARATOR)
    return (field, language) if language in api.LANGUAGES else (name, None)


@functools.lru_cache(maxsize=1024)  # asked for each field of every page shown
def is_text(name: str) -> bool:
    """Whether a field of case.yaml (as contests[0].title) is a text that may be given per
    language."""
    return api.per_language_text(name)


def others(doc: Any, name: str) -> list[str]:
    """The languages besides the documents' own that a text field needs a text in."""
    return documents_languages(doc)[1:] if is_text(name) else []


def text_in(value: Any, language: str) -> str:
    """What the field of another language shows: that language's text, if given."""
    if localised(value):
        return str(value.get(language) or "")
    return ""


@dataclass
class OtherTexts:
    """The texts typed in the other languages' fields of a form, written into `data` (the
    document, or the applicant's own file when `prefix` is "applicant."): a text gets its
    language's text, a plain string becomes {ru: …, kk: …}; a text emptied leaves the others,
    and one left in the documents' language only goes back to a plain string."""

    data: CommentedMap
    form: Form
    needed: list[str]  # the documents' languages, their `language` first
    prefix: str = ""
    # The texts typed, by the mapping that holds them (kept by identity: a row moved by a
    # deletion keeps its texts) or, for a mapping the section makes (narrative), by path.
    written: list[tuple[Any, str | int, str, str]] = field(default_factory=list)
    waiting: dict[str, tuple[str, str]] = field(default_factory=dict)

    def before(self) -> None:
        """Written before the section's own fields, whose rows (parties[2]) are numbered as
        the form showed them."""
        for name, typed in self.form.typed.items():
            path, other = split(name)
            if other is None or other not in self.needed[1:] or not is_text(path):
                continue
            if self.prefix and not path.startswith(self.prefix):
                continue
            parent, key = _parent(self.data, path[len(self.prefix) :])
            if parent is not None:
                _set_text(parent, key, self.needed[0], other, typed.strip())
                self.written.append((parent, key, other, typed.strip()))
            elif "[" not in path:
                self.waiting[path] = (other, typed.strip())

    def after(self) -> None:
        """Written again once the section's fields are: a field of the documents' language
        left empty takes out its own text only, never the other languages' typed beside it;
        and the texts whose mapping the section has made now."""
        for parent, key, other, typed in self.written:
            _set_text(parent, key, self.needed[0], other, typed)
        for path, (other, typed) in self.waiting.items():
            parent, key = _parent(self.data, path[len(self.prefix) :])
            if parent is not None:
                _set_text(parent, key, self.needed[0], other, typed)


def _parent(data: Any, path: str) -> tuple[Any, str | int]:
    """The mapping or list holding the field at `path`, and its key there (None: not there)."""
    parts: list[str | int] = [int(index) if index else key for key, index in _PART.findall(path)]
    value = data
    for part in parts[:-1]:
        in_list = isinstance(part, int) and isinstance(value, list) and part < len(value)
        in_map = isinstance(part, str) and isinstance(value, dict) and part in value
        if not (in_list or in_map):
            return None, ""
        value = value[part]
    return (value if isinstance(value, dict) else None), parts[-1] if parts else ""


def _set_text(parent: dict[str, Any], key: Any, language: str, other: str, text: str) -> None:
    old: Any = parent.get(key)
    if localised(old):
        if text and old.get(other) != text:
            old[other] = text
        elif not text and other in old:
            del old[other]
            if set(old) == {language}:  # a text of the documents' language alone
                parent[key] = old[language]
        return
    if not text:
        return
    texts = CommentedMap()
    if old is not None and str(old).strip():
        texts[language] = old
    texts[other] = text
    ordered = CommentedMap((lang, texts[lang]) for lang in api.LANGUAGES if lang in texts)
    ordered.fa.set_flow_style()
    parent[key] = ordered
