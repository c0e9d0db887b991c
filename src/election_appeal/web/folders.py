"""The served folders: which cases they hold, where a new case goes, which outputs may be
downloaded. A case or file is found by listing the folders, never by joining a name the browser
sent to a path, so no request reaches outside them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import AppealError

CASE_FILE = "case.yaml"
# A new case folder's name: letters (Cyrillic too), digits, "-", "_" and "."; no path parts.
CASE_NAME = re.compile(r"[^\W_][\w.-]{0,63}")
# Output names the build writes: appeal.pdf, appeal-bundle.pdf, changes.md, ...
OUTPUT_NAME = re.compile(r"[\w][\w.-]*\.(pdf|docx|xlsx|md)")


class NotServed(LookupError):
    """The name is not a served case or output; the page answers 404."""


def in_folder(folder: Path, name: str) -> Path | None:
    """A regular file of this name in the folder, not a link leading elsewhere; else None."""
    try:
        return api.case_file(folder, name)
    except AppealError:
        return None


def _inside(path: Path, root: Path) -> bool:
    resolved, base = path.resolve(), root.resolve()
    return resolved == base or base in resolved.parents


@dataclass(frozen=True)
class Folders:
    """The folders given to `appeal serve` and the output folder of builds."""

    roots: tuple[Path, ...]
    out_dir: Path
    # Cases started on the page outside the served folders (next to a served case folder).
    created: list[Path] = field(default_factory=list)

    def cases(self) -> dict[str, Path]:
        """Every case folder served, by folder name (the first of two equal names wins)."""
        found: dict[str, Path] = {}
        for root in (*self.roots, *self.created):
            if (root / CASE_FILE).is_file():
                candidates = [root]
            elif root.is_dir():
                candidates = sorted(p.parent for p in root.glob(f"*/{CASE_FILE}"))
                candidates = [p for p in candidates if _inside(p, root)]
            else:
                candidates = []
            for path in candidates:
                if in_folder(path, CASE_FILE) is not None:
                    found.setdefault(path.resolve().name, path.resolve())
        return found

    def case(self, name: str) -> Path:
        """The folder of a served case."""
        path = self.cases().get(name)
        if path is None:
            raise NotServed(name)
        return path

    def places(self) -> list[Path]:
        """The folders a new case may be made in: each served folder that is not a case
        itself, and the folder holding a served case folder."""
        found = [
            r.resolve().parent if (r / CASE_FILE).is_file() else r.resolve() for r in self.roots
        ]
        return list(dict.fromkeys(found))

    def new_case_folder(self, name: str, place: int = 0) -> Path | None:
        """Where a new case of this name goes: in the chosen one of `places` (the first by
        default); None if the name is not a plain folder name or the place is not one."""
        places = self.places()
        if not CASE_NAME.fullmatch(name) or name in self.cases() or not 0 <= place < len(places):
            return None
        return places[place] / name

    def add(self, folder: Path) -> None:
        """Serve a case made on the page outside the served folders."""
        if folder.resolve().name not in self.cases():
            self.created.append(folder)

    def outputs(self, name: str) -> list[str]:
        """The files of a case's last build that can be downloaded, in name order."""
        folder = self.out_dir / name
        if not folder.is_dir():
            return []
        return sorted(
            p.name
            for p in folder.iterdir()
            if OUTPUT_NAME.fullmatch(p.name) and p.is_file() and not p.is_symlink()
        )

    def output(self, name: str, file_name: str) -> Path:
        """One downloadable output file of a served case."""
        self.case(name)
        if file_name not in self.outputs(name):
            raise NotServed(file_name)
        return self.out_dir / name / file_name
