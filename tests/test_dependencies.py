"""Every library the package imports is declared in pyproject.toml, and every library declared is
used: an undeclared one breaks a clean install, a declared one never used only weighs on it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from conftest import ROOT

# Declared and never imported by name: what they are there for.
USED_WITHOUT_IMPORT = {
    "python-multipart": "Starlette reads the web page's form uploads with it",
}


def _name(requirement: str) -> str:
    """The distribution's normalised name: "ruamel.yaml>=0.18" → "ruamel-yaml"."""
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found[0]).lower()


def _declared(*groups: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {_name(r) for r in project["dependencies"]}
    for group in groups:
        found |= {_name(r) for r in project["optional-dependencies"][group]}
    return found


def _imported(folder: Path) -> dict[str, str]:
    """The third-party modules the files under `folder` import: top-level name → a file."""
    own = {"election_appeal", "conftest"} | {p.stem for p in (ROOT / "tests").glob("*.py")}
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in own:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def _distributions(modules: dict[str, str]) -> dict[str, str]:
    """The installed distribution of each module: normalised name → the file importing it."""
    providers = packages_distributions()
    found = {}
    for module, where in modules.items():
        assert module in providers, f"{where} imports {module}, which no installed library gives"
        found[_name(providers[module][0])] = where
    return found


def test_every_library_the_package_imports_is_declared() -> None:
    used = _distributions(_imported(ROOT / "src"))
    missing = {name: where for name, where in used.items() if name not in _declared()}
    assert missing == {}


def test_every_declared_library_is_used() -> None:
    used = set(_distributions(_imported(ROOT / "src")))
    unused = _declared() - used - set(USED_WITHOUT_IMPORT)
    assert unused == set()


def test_every_library_the_tests_import_is_declared_for_development() -> None:
    used = _distributions(_imported(ROOT / "tests"))
    missing = {name: where for name, where in used.items() if name not in _declared("dev")}
    assert missing == {}
