"""case.yaml and applicant.yaml edited in place: comments and key order kept, written atomically,
and never over a change another program made since the page was opened."""

from __future__ import annotations

import copy
import hashlib
import io
import threading
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .. import api
from ..errors import AppealError, CaseError, Problem

EditConflict = api.EditConflict

# A case text may be given per language ({ru: …, kk: …}); the form edits the text of the
# documents' language and keeps the others. Set while a form is written into the document.
EDITING: ContextVar[str] = ContextVar("editing_language", default="ru")


def in_language(value: Any, language: str) -> Any:
    """The text of a per-language value in `language` (the first given when it has none);
    any other value as it is."""
    from .forms import first_text, localised

    if localised(value):
        return value.get(language) or first_text(value)
    return value


class UnreadableYaml(Exception):
    """The file cannot be read as YAML; the form cannot edit it. `problems` say why (the
    library's bounded reader refused it), or are empty when only the editor cannot read it."""

    def __init__(self, name: str, problems: list[Problem] | None = None) -> None:
        super().__init__(name)
        self.problems = problems or []


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title or source onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the shipped case files

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    yaml.representer.add_representer(type(None), null)
    return yaml


def version_of(folder: Path, name: str) -> str:
    """What the page remembers of a case file: its modification time and a hash of its bytes
    (read within the library's limits; "refused" for a file the library refuses)."""
    try:
        return api.case_file_version(folder, name)
    except AppealError:
        return "refused"


def load(folder: Path, name: str) -> CommentedMap:
    """The case file as an editable mapping (an empty one if the file does not exist), read
    through the library's bounded reader first: a file it refuses is not parsed here."""
    return copy.deepcopy(read(folder, name))


def read(folder: Path, name: str) -> CommentedMap:
    """The case file as `load` gives it, to look at only: the mapping is shared by every reader
    of the same text, and must not be changed (`load` gives one to edit)."""
    try:
        text = api.read_case_yaml(folder, name)
    except CaseError as exc:
        raise UnreadableYaml(name, exc.problems) from None
    if text is None:
        return CommentedMap()
    return _parsed(text, name)


def read_or_empty(folder: Path, name: str) -> CommentedMap:
    """The case file as `read` gives it, or an empty mapping when it cannot be read (the page
    then shows what it can without it: `appeal check` says what is wrong)."""
    try:
        return read(folder, name)
    except UnreadableYaml:
        return CommentedMap()


# The last texts parsed, by the SHA-256 of the text: the page reads case.yaml several times for
# each edit (the form, the save, the preview's version of the inputs, the preview), and the
# round-trip parser, pure Python, takes ten times as long as copying what it made. A text is
# looked up by its content, so a change on disk is always parsed anew; each caller gets a copy
# of its own, which it may edit.
_PARSED: dict[str, CommentedMap] = {}
_PARSED_KEPT = 16
_PARSED_LOCK = threading.Lock()


def _parsed(text: str, name: str) -> CommentedMap:
    """The text parsed as a mapping (kept, not to be changed); UnreadableYaml if it is not one."""
    key = hashlib.sha256(text.encode()).hexdigest()
    with _PARSED_LOCK:
        kept = _PARSED.get(key)
    if kept is not None:
        return kept
    try:
        loaded = _yaml().load(text)
    except YAMLError:
        raise UnreadableYaml(name) from None
    if loaded is None:
        loaded = CommentedMap()
    if not isinstance(loaded, CommentedMap):
        raise UnreadableYaml(name)
    with _PARSED_LOCK:
        _PARSED[key] = loaded
        while len(_PARSED) > _PARSED_KEPT:
            del _PARSED[next(iter(_PARSED))]
    return loaded


def dump(data: CommentedMap) -> str:
    """The mapping as YAML text, in the layout it was read with."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def save(folder: Path, name: str, data: CommentedMap, expected_version: str) -> str:
    """Write the mapping back unless the file changed since `expected_version`; the new version.
    EditConflict if it changed (nothing written)."""
    return api.write_case_yaml(folder, name, dump(data), expected_version)


def assign(container: CommentedMap | CommentedSeq, key: str | int, value: Any) -> bool:
    """Set one value, only if it differs, so an unchanged field keeps its exact spelling; a
    text given per language ({ru: …, kk: …}) gets the typed text as its text in the language
    being edited (EDITING: the documents'), and keeps the others."""
    from .forms import localised

    old: Any = container[key] if _holds(container, key) else None
    if localised(old) and value is None and len(old) > 1:
        # The text of the language being edited emptied: the other languages' stay.
        if EDITING.get() not in old:
            return False
        del old[EDITING.get()]
        return True
    if localised(old) and isinstance(value, str):
        language = EDITING.get()
        if _same(in_language(old, language), value):
            return False
        if language not in old and isinstance(old, CommentedMap):
            # A language's text added keeps the languages' order: ru before kk.
            order = ("ru", "kk")
            before = order.index(language) if language in order else len(order)
            position = sum(1 for lang in old if lang in order[:before])
            old.insert(position, language, value)
            return True
        old[language] = value
        return True
    if isinstance(container, CommentedMap):
        if key in container and _same(container[key], value):
            return False
    elif isinstance(key, int) and key < len(container) and _same(container[key], value):
        return False
    container[key] = value
    return True


def _holds(container: CommentedMap | CommentedSeq, key: str | int) -> bool:
    if isinstance(container, CommentedMap):
        return key in container
    return isinstance(key, int) and key < len(container)


def _same(old: Any, new: Any) -> bool:
    """Equal as values; a quoted string read from the file equals the same text typed."""
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == str(new)
    return type(old) is type(new) and bool(old == new)
