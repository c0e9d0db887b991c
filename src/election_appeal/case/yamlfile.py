"""Read YAML keeping the line of every value, so a problem can point at the line to fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CaseError, Problem

Location = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file and the line (1-based) where each mapping key or list item starts."""

    path: Path
    display: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def where(self, location: Sequence[str | int]) -> str:
        """'line 12, contests[0].votes.npk': the line of the deepest part of the location found."""
        loc = tuple(location)
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                line = self.lines[loc[:end]]
                dotted = dotted_path(loc)
                return f"line {line}, {dotted}" if dotted else f"line {line}"
        return dotted_path(loc)

    def problem(self, location: Sequence[str | int], message: str, **kwargs: Any) -> Problem:
        """A problem located at this path of the document."""
        return Problem(self.display, self.where(location), "", message, **kwargs)


def dotted_path(location: Sequence[str | int]) -> str:
    """('contests', 0, 'votes') → 'contests[0].votes'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse a YAML file or raise CaseError saying where the syntax breaks."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CaseError([Problem(display, "", "", "file not found")]) from None
    except UnicodeDecodeError:
        raise CaseError(
            [Problem(display, "", "", "cannot be read: save it as UTF-8 text")]
        ) from None
    except OSError as exc:
        raise CaseError([Problem(display, "", "", f"cannot be read: {exc.strerror}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else ""
        reason = exc.problem or "the YAML syntax is broken"
        message = f"{reason} (check the indentation and the colons)"
        raise CaseError([Problem(display, where, "", message)]) from None
    doc = YamlDocument(path, display, data)
    if node is not None:
        _record_lines(node, (), doc.lines)
    return doc


def _record_lines(node: yaml.Node, location: Location, lines: dict[Location, int]) -> None:
    lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*location, key.value)
            lines[child] = key.start_mark.line + 1
            _record_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*location, index), lines)
