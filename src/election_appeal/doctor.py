"""`appeal doctor`: is everything the tool needs on this machine, and what to install if not."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

# The letters of Kazakh that Russian lacks: a font without them prints boxes in a Kazakh appeal.
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
FONT = "Liberation Serif"
PACKAGES = {
    "weasyprint": "weasyprint",
    "python-docx": "docx",
    "openpyxl": "openpyxl",
    "jinja2": "jinja2",
    "babel": "babel",
    "pydantic": "pydantic",
    "numpy": "numpy",
    "scipy": "scipy",
    "pypdf": "pypdf",
    "python-calamine": "python_calamine",
    "pyyaml": "yaml",
    "rich": "rich",
    "markdown-it-py": "markdown_it",
}


@dataclass(frozen=True)
class Check:
    """One thing the tool needs: found or not, and what to do about it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _python() -> Check:
    found = ".".join(map(str, sys.version_info[:3]))
    return Check("Python 3.11 or newer", sys.version_info >= (3, 11), found, "install Python 3.11+")


def _package(name: str, module: str) -> Check:
    try:
        import_module(module)
        return Check(f"Python package {name}", True, version(name))
    except (ImportError, OSError, PackageNotFoundError) as exc:
        return Check(
            f"Python package {name}", False, str(exc), "run: make demo (or pip install -e .)"
        )


def _library(name: str, library: str, package: str, required: bool = True) -> Check:
    found = ctypes.util.find_library(library)
    fix = f"sudo apt-get install {package}"
    return Check(name, found is not None, found or "not found", fix, required)


def _font() -> Check:
    fix = "sudo apt-get install fonts-liberation2"
    if shutil.which("fc-list") is None:
        return Check(
            f"font {FONT}", False, "fc-list is missing", f"sudo apt-get install fontconfig; {fix}"
        )
    charset = " ".join(f"{ord(ch):x}" for ch in KAZAKH_LETTERS)
    run = subprocess.run(
        ["fc-list", f"{FONT}:charset={charset}", "family"],
        capture_output=True,
        text=True,
        check=False,
    )
    ok = FONT in run.stdout
    detail = (
        "installed, with every Kazakh letter" if ok else "missing (PDFs fall back to DejaVu Serif)"
    )
    return Check(f"font {FONT}", ok, detail, fix)


def _program(name: str, program: str, package: str, required: bool) -> Check:
    found = shutil.which(program)
    return Check(
        name, found is not None, found or "not found", f"sudo apt-get install {package}", required
    )


def run_checks() -> list[Check]:
    """Every check, required ones first."""
    checks = [_python(), *(_package(n, m) for n, m in PACKAGES.items())]
    checks += [
        _library("Pango (text layout for PDF)", "pango-1.0", "libpango-1.0-0 libpangoft2-1.0-0"),
        _library(
            "HarfBuzz subsetting (smaller PDFs)", "harfbuzz-subset", "libharfbuzz-subset0", False
        ),
        _font(),
        _program(
            "LibreOffice (optional: to check DOCX files)",
            "soffice",
            "libreoffice-writer-nogui",
            False,
        ),
        _program(
            "pdftotext (optional: to read PDFs in tests)", "pdftotext", "poppler-utils", False
        ),
    ]
    return checks
