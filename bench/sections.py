"""Sections of docs/benchmarks.md that a scenario of its own writes (bench/versus_office.py,
bench/web_preview.py): each between two markers, replaced in place by its script and carried
over unchanged when bench/run.py rewrites the rest of the file."""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = re.compile(r"<!-- section: (?P<name>[\w-]+) -->\n.*?<!-- end: (?P=name) -->\n", re.S)


def wrapped(name: str, text: str) -> str:
    """The section's text between its markers."""
    return f"<!-- section: {name} -->\n{text.rstrip()}\n<!-- end: {name} -->\n"


def replace_section(path: Path, name: str, text: str) -> None:
    """Write section `name` into the file: in place of its last edition, or at the end."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    section = wrapped(name, text)
    for found in _SECTION.finditer(current):
        if found["name"] == name:
            current = current[: found.start()] + section + current[found.end() :]
            break
    else:
        current = current.rstrip("\n") + "\n\n" + section
    path.write_text(current, encoding="utf-8")


def kept_sections(path: Path) -> list[str]:
    """The sections the file holds, each with its markers, in their order."""
    if not path.exists():
        return []
    return [found[0] for found in _SECTION.finditer(path.read_text(encoding="utf-8"))]
