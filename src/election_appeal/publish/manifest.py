"""manifest.json: what a build was made from and what it made, by SHA-256.

The fingerprint of the inputs (case files, the files they refer to, templates, reference data,
settings, tool and library versions) decides whether a case needs rebuilding; it is computed
from file bytes alone, without loading the case, so an unchanged build is quick to skip.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import __version__
from ..resources import reference_dir, templates_dir

if TYPE_CHECKING:
    from .changes import ProtocolCells

MANIFEST = "manifest.json"
CHANGES = "changes.md"
# The libraries whose version can change the bytes of an output.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "python-docx",
    "openpyxl",
    "pypdf",
    "jinja2",
    "babel",
    "pydantic",
    "numpy",
    "markdown-it-py",
)


@dataclass(frozen=True)
class Settings:
    """The build options that change what is written."""

    formats: tuple[str, ...]
    per_addressee: bool
    templates: Path | None
    # The documents' languages; None: the case's `languages`, else its `language`.
    languages: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "formats": list(self.formats),
            "languages": list(self.languages) if self.languages else None,
            "per_addressee": self.per_addressee,
            "templates": str(self.templates) if self.templates else None,
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        }


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def library_versions() -> dict[str, str]:
    """Python and the libraries that shape the output."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _files_under(folder: Path) -> list[Path]:
    """The regular files of a folder that lie inside it (links out of it are not followed:
    loading the case refuses them), hidden ones left out."""
    root = folder.resolve()
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.resolve().is_relative_to(root)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def input_hashes(case_dir: Path, settings: Settings) -> dict[str, str]:
    """SHA-256 of every input, keyed by a label that says where it comes from."""
    groups = {
        "case": _files_under(case_dir),
        "templates": _files_under(templates_dir()),
        "reference": _files_under(reference_dir()),
    }
    if settings.templates is not None and settings.templates.is_dir():
        groups["user-templates"] = _files_under(settings.templates)
    roots = {
        "case": case_dir,
        "templates": templates_dir(),
        "reference": reference_dir(),
        "user-templates": settings.templates,
    }
    hashes = {}
    for group, paths in groups.items():
        for path in paths:
            root = roots[group]
            label = path.relative_to(root) if root and root in path.parents else path.resolve()
            hashes[f"{group}/{label}"] = _file_hash(path)
    return hashes


def _file_hash(path: Path) -> str:
    """The SHA-256 of an input file; one too large to be an input is not read (casefiles)."""
    from ..casefiles import unread_digest

    with path.open("rb") as handle:
        if (unread := unread_digest(os.fstat(handle.fileno()).st_size)) is not None:
            return unread
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fingerprint(inputs: dict[str, str], settings: Settings) -> str:
    """One hash of everything that determines the outputs."""
    basis = {
        "inputs": inputs,
        "settings": settings.as_json(),
        "tool": __version__,
        "libraries": library_versions(),
    }
    return sha256(json.dumps(basis, sort_keys=True).encode())


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of the last build in an output folder, if it is there and readable. The
    rows of its protocol cells, written one a line, are read when iterated over
    (`StoredRows`), not held: those of a national case would hold more memory than the build."""
    path = folder / MANIFEST
    try:
        data = _read_with_stored_rows(path)
        if data is None:  # another layout: an earlier version's, or edited by hand
            data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_current(folder: Path, expected: str) -> bool:
    """True when the last build had this fingerprint and its outputs are all still there, intact."""
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("fingerprint") != expected:
        return False
    outputs = manifest.get("outputs", {})
    return bool(outputs) and all(
        (folder / name).is_file() and sha256((folder / name).read_bytes()) == digest
        for name, digest in outputs.items()
    )


@dataclass(frozen=True)
class Made:
    """What each output was made from (a hash of the inputs), and the earlier outputs kept."""

    made_from: dict[str, str]
    kept: dict[str, str]


def make_manifest(
    inputs: dict[str, str],
    settings: Settings,
    digest: str,
    files: dict[str, bytes],
    figures: dict[str, Any],
    stations: list[str],
    protocols: ProtocolCells | None = None,
    made: Made | None = None,
) -> bytes:
    """manifest.json as bytes (`write_manifest` of the hashes of `files`)."""
    outputs = {name: sha256(content) for name, content in files.items()}
    handle = io.BytesIO()
    write_manifest(handle, inputs, settings, digest, outputs, figures, stations, protocols, made)
    return handle.getvalue()


def write_manifest(
    handle: IO[bytes],
    inputs: dict[str, str],
    settings: Settings,
    digest: str,
    outputs: dict[str, str],
    figures: dict[str, Any],
    stations: list[str],
    protocols: ProtocolCells | None = None,
    made: Made | None = None,
) -> None:
    """Write manifest.json: sorted keys, so that the same build writes the same bytes; the
    protocol cells, kept for the next build's changes.md, one row a line, each written as it
    is made (a national case has some 20 000); the outputs of earlier builds kept in the folder
    listed with this build's (`outputs`: name → SHA-256)."""
    if made is not None:
        outputs = outputs | made.kept
    members: dict[str, Any] = {
        "tool": {"name": "election-appeal", "version": __version__},
        "libraries": library_versions(),
        "settings": settings.as_json(),
        "fingerprint": digest,
        "inputs": inputs,
        "outputs": dict(sorted(outputs.items())),
        "made_from": dict(sorted(made.made_from.items())) if made else None,
        "figures": figures,
        "stations": stations,
        "protocols": None,
    }
    handle.write(b"{\n")
    for index, key in enumerate(sorted(members)):
        handle.write(b",\n" if index else b"")
        if key == "protocols" and protocols is not None:
            _write_protocols(handle, protocols)
        else:
            handle.write(_member(key, members[key]).encode())
    handle.write(b"\n}\n")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def _member(key: str, value: Any) -> str:
    """A member of the manifest's object as json.dumps(indent=2) writes it: a newline of the
    value's own text is always a line break of its layout (one in a string is escaped)."""
    return f"{_INDENT}{_json(key)}: {_json(value).replace(chr(10), chr(10) + _INDENT)}"


def _write_protocols(handle: IO[bytes], protocols: ProtocolCells) -> None:
    """The protocol cells: the file, then each row on a line of its own, compact."""
    handle.write(_PROTOCOLS_OPEN + f'    "file": {_json(protocols.file)},\n'.encode())
    handle.write(_ROWS_OPEN.rstrip(b"\n"))
    written = 0
    for row in protocols.rows():
        line = json.dumps(row, ensure_ascii=False, sort_keys=True)  # C encoder: no indent
        handle.write(b"%s\n%s%s" % (b"," if written else b"", _ROW_INDENT, line.encode()))
        written += 1
    handle.write(b"\n" + _ROWS_CLOSE.rstrip(b"\n") + b"\n" if written else b"]\n")
    handle.write(f"{_INDENT}}}".encode())


# The lines that open and close the protocol cells' rows, and how each row line starts.
_INDENT = "  "
_PROTOCOLS_OPEN = b'  "protocols": {\n'
_ROWS_OPEN = b'    "rows": [\n'
_ROWS_CLOSE = b"    ]\n"
_ROW_INDENT = b"      "


class StoredRows:
    """The protocol cells' rows of a manifest on disk, read one line at a time whenever they
    are iterated over: `lines` lines of the file from byte `offset` on, each a row."""

    def __init__(self, path: Path, offset: int, lines: int) -> None:
        self.path, self.offset, self.lines = path, offset, lines

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            for _ in range(self.lines):
                yield _row(handle.readline())

    def __len__(self) -> int:
        return self.lines


def _row(line: bytes) -> dict[str, Any]:
    """One row line of the protocol cells, as written by `_write_protocols`."""
    text = line.rstrip(b"\n")
    text = text[:-1] if text.endswith(b",") else text
    row = json.loads(text)
    if not isinstance(row, dict):
        raise ValueError("a row of the protocol cells is not an object")
    return row


def _read_with_stored_rows(path: Path) -> dict[str, Any] | None:
    """The manifest with its protocol cells' rows left on disk (`StoredRows`), when they are
    written one a line as `write_manifest` writes them; None for any other layout. Every row
    line is parsed once here, so that a damaged one is found before the rows are used."""
    head: list[bytes] = []
    offset = start = count = 0
    inside = False
    with path.open("rb") as handle:
        for line in handle:
            offset += len(line)
            if inside:
                if line == _ROWS_CLOSE:
                    inside = False
                    head.append(b"    []\n")
                    continue
                try:
                    _row(line)
                except ValueError:  # rows laid out over many lines, or damaged
                    return None
                count += 1
                continue
            if line == _ROWS_OPEN and head[-2:-1] == [_PROTOCOLS_OPEN]:
                inside, start = True, offset
                head.append(b'    "rows":\n')
                continue
            head.append(line)
    if inside:
        return None
    data = json.loads(b"".join(head).decode("utf-8"))
    if not isinstance(data, dict):
        return None
    stored = data.get("protocols")
    if start and isinstance(stored, dict) and stored.get("rows") == []:
        stored["rows"] = StoredRows(path, start, count)
    return data
