"""The interface language: gettext catalogues (Babel-managed) for English, Russian and Kazakh.

The language is chosen when a message is looked up, not at import time, so that a test or a
long-running process sees a change of APPEAL_LANG: APPEAL_LANG, else the locale (LC_ALL, then
LC_MESSAGES, then LANG, as POSIX orders them), else English. The messages are written in
English in the code; `_()` looks them up in src/election_appeal/locale/<lang>/LC_MESSAGES.
Placeholders are named, `_("{file}: not found").format(file=...)`, so that a translation may
reorder them. Help texts of click commands and options are message ids looked up when shown
(clicktext.py), and click's own words go through the same catalogues. This module imports
nothing beyond the standard library (and Babel for numbers), so that every layer may use it.
"""

from __future__ import annotations

import datetime
import functools
import gettext as _gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ru", "kk")
DEFAULT = "en"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(frozen=True)
class Choice:
    """The language in use, and the variable that chose it (None: nothing chose, the default)."""

    language: str
    variable: str | None = None
    value: str = ""
    ignored: tuple[tuple[str, str], ...] = ()  # variables set to a language not spoken here


def language_code(value: str) -> str:
    """ "ru_RU.UTF-8" → "ru", "kk-KZ" → "kk", "C.UTF-8" → "en": the language part of a locale
    name; the C and POSIX locales are the untranslated, English one."""
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return DEFAULT if code in ("c", "posix") else code


def choose(environ: Mapping[str, str] | None = None) -> Choice:
    """The interface language by APPEAL_LANG, else by the locale, else English."""
    env = os.environ if environ is None else environ
    ignored: list[tuple[str, str]] = []
    wanted = env.get("APPEAL_LANG", "").strip()
    if wanted:
        if language_code(wanted) in LANGUAGES:
            return Choice(language_code(wanted), "APPEAL_LANG", wanted)
        ignored.append(("APPEAL_LANG", wanted))
    # POSIX: the first of these that is set and not empty decides LC_MESSAGES.
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "").strip()
        if value:
            if language_code(value) in LANGUAGES:
                return Choice(language_code(value), variable, value, tuple(ignored))
            ignored.append((variable, value))
            break
    return Choice(DEFAULT, None, "", tuple(ignored))


def decimal(value: float, places: int = 1) -> str:
    """A number with a fixed count of decimals as the interface language writes it: 11.4 in
    English, 11,4 in Russian and Kazakh."""
    from babel.numbers import format_decimal

    pattern = "0." + "0" * places if places else "0"
    return format_decimal(round(value, places), format=pattern, locale=current_language())


# A date in full as each interface language writes it: as the documents do in Russian and
# Kazakh ("21 января 2021 г.", "2021 жылғы 21 қаңтар"), "21 January 2021" in English.
DATE_PATTERNS = {"en": "d MMMM y", "ru": "long", "kk": "y 'жылғы' d MMMM"}


def date_text(day: datetime.date) -> str:
    """A date as a message in the interface language shows it, not as ISO 2021-01-21."""
    from babel.dates import format_date

    language = current_language()
    text = format_date(day, format=DATE_PATTERNS.get(language, "long"), locale=language)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def decimal_symbol() -> str:
    """The decimal sign of the interface language: "." in English, "," in Russian and Kazakh."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(current_language())


def current_language() -> str:
    """The code of the interface language now: "en", "ru" or "kk"."""
    return choose().language


def document_text_language() -> str:
    """The language of the documents' texts a message quotes (authorities' names): the
    interface's when it is one the documents are written in, Russian otherwise."""
    language = current_language()
    return language if language in ("ru", "kk") else "ru"


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language; English (the source text) needs none."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """A message in the interface language (the English text when it is not translated)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that agrees with n, by the plural rules of the interface language."""
    return translations(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalogues where it is defined; it is translated where shown."""
    return message


_ = gettext


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for the catalogues; translated where shown."""
    return singular, plural
