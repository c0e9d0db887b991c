"""changes.md: what a rebuild changed since the last build of the case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": [1, 2]}} → {"a.b[0]": 1, "a.b[1]": 2}: every figure under a readable path."""
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat |= flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return flat
    if isinstance(data, list) and not all(isinstance(x, str) for x in data):
        flat = {}
        for index, value in enumerate(data):
            flat |= flatten(value, f"{prefix}[{index}]")
        return flat
    return {prefix: data}


@dataclass(frozen=True)
class Changes:
    """Figures that changed (old → new), stations added and removed, documents rebuilt."""

    figures: list[tuple[str, Any, Any]]
    stations_added: list[str]
    stations_removed: list[str]
    documents: list[str]

    def markdown(self, case: str) -> str:
        """The report, as written to changes.md and printed."""
        lines = [f"# Changes in {case} since the last build", ""]
        lines += ["## Documents rebuilt", ""]
        lines += [f"- {name}" for name in self.documents] or [
            "None: every file came out as before."
        ]
        lines.append("")
        lines += ["## Stations", ""]
        if not (self.stations_added or self.stations_removed):
            lines.append("No station added or removed.")
        if self.stations_added:
            lines.append(f"Added ({len(self.stations_added)}): {', '.join(self.stations_added)}")
        if self.stations_removed:
            removed = ", ".join(self.stations_removed)
            lines.append(f"Removed ({len(self.stations_removed)}): {removed}")
        lines += ["", "## Figures", ""]
        if not self.figures:
            lines.append("No figure changed.")
        else:
            lines += ["| figure | old | new |", "|---|---|---|"]
            lines += [
                f"| {path} | {_shown(old)} | {_shown(new)} |" for path, old, new in self.figures
            ]
        return "\n".join(lines) + "\n"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def compare(
    old: dict[str, Any],
    new_figures: dict[str, Any],
    new_stations: list[str],
    new_outputs: dict[str, str],
) -> Changes:
    """The differences between the last manifest and this build."""
    old_figures = old.get("figures", {})
    figures = [
        (path, old_figures.get(path), new_figures.get(path))
        for path in sorted(set(old_figures) | set(new_figures))
        if old_figures.get(path) != new_figures.get(path)
    ]
    old_stations, new_set = old.get("stations", []), set(new_stations)
    old_outputs = old.get("outputs", {})
    return Changes(
        figures,
        [s for s in new_stations if s not in set(old_stations)],
        [s for s in old_stations if s not in new_set],
        [name for name, digest in new_outputs.items() if old_outputs.get(name) != digest],
    )
