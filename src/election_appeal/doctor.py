"""`appeal doctor`: is everything the tool needs on this machine, and what to install if not."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from .i18n import Choice, choose, ngettext
from .i18n import gettext as _

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
    return Check(
        _("Python 3.11 or newer"), sys.version_info >= (3, 11), found, _("install Python 3.11+")
    )


def _package(name: str, module: str) -> Check:
    label = _("Python package {name}").format(name=name)
    try:
        import_module(module)
        return Check(label, True, version(name))
    except (ImportError, OSError, PackageNotFoundError) as exc:
        return Check(label, False, str(exc), _("run: make demo (or pip install -e .)"))


def _library(name: str, library: str, package: str, required: bool = True) -> Check:
    found = ctypes.util.find_library(library)
    fix = f"sudo apt-get install {package}"
    return Check(name, found is not None, found or _("not found"), fix, required)


def _font() -> Check:
    fix = "sudo apt-get install fonts-liberation2"
    name = _("font {font}").format(font=FONT)
    if shutil.which("fc-list") is None:
        return Check(
            name, False, _("fc-list is missing"), f"sudo apt-get install fontconfig; {fix}"
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
        _("installed, with every Kazakh letter")
        if ok
        else _("missing (PDFs fall back to DejaVu Serif)")
    )
    return Check(name, ok, detail, fix)


def _program(name: str, program: str, package: str, required: bool) -> Check:
    found = shutil.which(program)
    return Check(
        name,
        found is not None,
        found or _("not found"),
        f"sudo apt-get install {package}",
        required,
    )


def run_checks() -> list[Check]:
    """Every check, required ones first."""
    checks = [_python(), *(_package(n, m) for n, m in PACKAGES.items())]
    checks += [
        _library(_("Pango (text layout for PDF)"), "pango-1.0", "libpango-1.0-0 libpangoft2-1.0-0"),
        _library(
            _("HarfBuzz subsetting (smaller PDFs)"),
            "harfbuzz-subset",
            "libharfbuzz-subset0",
            False,
        ),
        _font(),
        _program(
            _("LibreOffice (optional: to check DOCX files)"),
            "soffice",
            "libreoffice-writer-nogui",
            False,
        ),
        _program(
            _("pdftotext (optional: to read PDFs in tests)"), "pdftotext", "poppler-utils", False
        ),
    ]
    return checks


LANGUAGE_NAMES = {"en": "English", "ru": "русский", "kk": "қазақ тілі"}


def language_line(choice: Choice) -> str:
    """Which interface language is in use, and which setting chose it."""
    name = f"{LANGUAGE_NAMES[choice.language]} ({choice.language})"
    if choice.variable is None:
        line = _(
            "Interface language: {language}, the default: neither APPEAL_LANG nor the locale "
            "(LC_ALL, LC_MESSAGES, LANG) names Russian or Kazakh."
        )
        line = line.format(language=name)
    else:
        line = _("Interface language: {language}, chosen by {variable}={value}.").format(
            language=name, variable=choice.variable, value=choice.value
        )
    for variable, value in choice.ignored:
        skipped = _("{variable}={value} is not a language of the tool (en, ru, kk); ignored.")
        line += " " + skipped.format(variable=variable, value=value)
    if choice.language == "en" or choice.variable != "APPEAL_LANG":
        line += " " + _("Set APPEAL_LANG=ru or APPEAL_LANG=kk to change it.")
    return line


def doctor_report(checks: list[Check]) -> str:
    """What `appeal doctor` prints: each check with its mark, what to install, the language."""
    marks = {
        (True, True): _("ok"),
        (True, False): _("ok"),
        (False, True): _("MISSING"),
        (False, False): _("missing (optional)"),
    }
    width = max(len(mark) for mark in marks.values()) + 1
    lines = []
    for check in checks:
        mark = marks[(check.ok, check.required)]
        lines.append(f"{mark:<{width}} {check.name}: {check.detail}")
        if not check.ok:
            lines.append(f"{'':<{width}} " + _("install: {fix}").format(fix=check.fix))
    missing = sum(c.required and not c.ok for c in checks)
    if missing:
        lines.append(
            ngettext(
                "{n} required part is missing.", "{n} required parts are missing.", missing
            ).format(n=missing)
        )
    lines.append(language_line(choose()))
    return "\n".join(lines)
