"""Which earlier outputs a build replaces, and which it keeps.

A build writes some formats, in some languages, with one appeal or one per addressee. An output
of an earlier build that this build would have written (its format, its language, its kind of
appeal) and did not is obsolete and removed; any other earlier output is kept, listed in the new
manifest as the tool's own, and said to be out of date when the case changed since it was made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .changes import BOOKKEEPING

APPEAL_PREFIX = "appeal"
ADDRESSED = "--"


def inputs_digest(inputs: Mapping[str, str]) -> str:
    """One hash of the inputs (case, templates, reference data) an output was made from."""
    return hashlib.sha256(json.dumps(dict(inputs), sort_keys=True).encode()).hexdigest()


def _language(name: str) -> str:
    """The language of an output by its name: appeal.kk.pdf is Kazakh, appeal.pdf Russian."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 else "ru"


def written_by(
    name: str, formats: Iterable[str], languages: Iterable[str], per_addressee: bool
) -> bool:
    """Whether a build with these settings writes the output `name` (or would, for a case
    whose addressees or attachments were the same)."""
    extension = name.rpartition(".")[2]
    if extension not in set(formats) or _language(name) not in set(languages):
        return False
    # Both kinds of build write letters to single authorities (appeal--<id>: a "cc" of another
    # kind gets one in a build without --per-addressee too); only one writes appeal.pdf.
    if name.startswith(APPEAL_PREFIX) and ADDRESSED not in name:
        return not per_addressee
    return True


@dataclass(frozen=True)
class Kept:
    """Earlier outputs this build keeps: their hashes, and what each was made from."""

    outputs: dict[str, str]
    made_from: dict[str, str]

    def out_of_date(self, current: str) -> list[str]:
        """The kept outputs made from other inputs than the current ones."""
        return sorted(name for name, source in self.made_from.items() if source != current)


def kept_outputs(
    previous: Mapping[str, Any] | None,
    new: Iterable[str],
    formats: Iterable[str],
    languages: Iterable[str],
    per_addressee: bool,
    folder: Path,
) -> Kept:
    """The outputs of the previous build (its manifest) in `folder` that this build neither
    rewrites nor replaces, and that are still there."""
    if not previous:
        return Kept({}, {})
    outputs = previous.get("outputs")
    if not isinstance(outputs, dict):
        return Kept({}, {})
    made_from = previous.get("made_from")
    sources = made_from if isinstance(made_from, dict) else {}
    earlier = inputs_digest(previous.get("inputs") or {})
    written = set(new)
    kept = {
        str(name): str(digest)
        for name, digest in outputs.items()
        if name not in written
        and name not in BOOKKEEPING
        and not written_by(str(name), formats, languages, per_addressee)
        and (folder / str(name)).is_file()
    }
    return Kept(kept, {name: str(sources.get(name, earlier)) for name in kept})
