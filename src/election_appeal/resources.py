"""Where the files shipped with the tool live: inside the wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


def _shipped(in_wheel: str, in_checkout: str) -> Path:
    installed = _PACKAGE / in_wheel
    return installed if installed.is_dir() else _CHECKOUT / in_checkout


def reference_dir() -> Path:
    """The default reference tables (authorities, wages, funding rules)."""
    return _shipped("reference", "data/reference")


def templates_dir() -> Path:
    """The default Jinja templates and their stylesheet."""
    return _shipped("templates", "templates")
