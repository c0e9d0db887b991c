"""manifest.json: what a build was made from and what it made, by SHA-256.

The fingerprint of the inputs (case files, the files they refer to, templates, reference data,
settings, tool and library versions) decides whether a case needs rebuilding; it is computed
from file bytes alone, without loading the case, so an unchanged build is quick to skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import __version__
from ..resources import reference_dir, templates_dir

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
            with path.open("rb") as handle:
                hashes[f"{group}/{label}"] = hashlib.file_digest(handle, "sha256").hexdigest()
    return hashes


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
    """The manifest of the last build in an output folder, if it is there and readable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
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
    protocols: dict[str, Any] | None = None,
    made: Made | None = None,
) -> bytes:
    """manifest.json, with sorted keys so that the same build writes the same bytes; the
    protocol cells are kept for the next build's changes.md; the outputs of earlier builds
    kept in the folder are listed with this build's."""
    outputs = {name: sha256(content) for name, content in files.items()}
    if made is not None:
        outputs |= made.kept
    manifest = {
        "tool": {"name": "election-appeal", "version": __version__},
        "libraries": library_versions(),
        "settings": settings.as_json(),
        "fingerprint": digest,
        "inputs": inputs,
        "outputs": dict(sorted(outputs.items())),
        "made_from": dict(sorted(made.made_from.items())) if made else None,
        "figures": figures,
        "stations": stations,
        "protocols": protocols,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
