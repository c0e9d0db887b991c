"""case.yaml and applicant.yaml edited in place: comments and key order kept, written atomically,
and never over a change another program made since the page was opened."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

# Larger YAML files are not case files; refusing them keeps a stray file from exhausting memory.
MAX_YAML_BYTES = 1_000_000


class EditConflict(Exception):
    """The file changed on disk after the page that edits it was loaded."""


class UnreadableYaml(Exception):
    """The file cannot be parsed as YAML; the form cannot edit it (appeal check says why)."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title or source onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the shipped case files

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    yaml.representer.add_representer(type(None), null)
    return yaml


def version_of(path: Path) -> str:
    """What the page remembers of a file: its modification time and a hash of its bytes."""
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return "absent"
    return f"{mtime}-{hashlib.sha256(data).hexdigest()[:32]}"


def load(path: Path) -> CommentedMap:
    """The file as an editable mapping (an empty one if the file does not exist)."""
    if not path.exists():
        return CommentedMap()
    if not path.is_file() or path.stat().st_size > MAX_YAML_BYTES:
        raise UnreadableYaml(path.name)
    data = path.read_bytes()
    try:
        loaded = _yaml().load(data.decode("utf-8-sig"))
    except (YAMLError, UnicodeDecodeError):
        raise UnreadableYaml(path.name) from None
    if loaded is None:
        return CommentedMap()
    if not isinstance(loaded, CommentedMap):
        raise UnreadableYaml(path.name)
    return loaded


def dump(data: CommentedMap) -> str:
    """The mapping as YAML text, in the layout it was read with."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def atomic_write(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(path: Path, data: CommentedMap, expected_version: str) -> str:
    """Write the mapping back unless the file changed since `expected_version`; the new version."""
    if version_of(path) != expected_version:
        raise EditConflict(path.name)
    atomic_write(path, dump(data).encode("utf-8"))
    return version_of(path)


def assign(container: CommentedMap | CommentedSeq, key: str | int, value: Any) -> bool:
    """Set one value, only if it differs, so an unchanged field keeps its exact spelling; a
    text given per language ({ru: …, kk: …}) gets the typed text as its first one, and keeps
    the others."""
    from .forms import first_text, localised

    old: Any = container[key] if _holds(container, key) else None
    if localised(old) and isinstance(value, str):
        if _same(first_text(old), value):
            return False
        old[next(iter(old))] = value
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
