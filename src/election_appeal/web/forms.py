"""What people type into the forms, read strictly: dates as written in Kazakhstan, numbers as
spreadsheets write them. A value that cannot be read gives an error code that the template words;
nothing is guessed."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from babel.dates import get_month_names

from .. import api

# The genitive month names of a date written in words, «5 апреля 2021 г.».
MONTHS = tuple(get_month_names("wide", "format", "ru").values())
_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})(\s*(г\.|года))?")


# Spaces that word processors and web pages put between groups of digits besides those the
# library reads (space, no-break space, narrow no-break space): a thin space, a figure space,
# a hair space. "215 430" copied from a published protocol is a number, not a blank.
_SPACES = str.maketrans({"\u2009": " ", "\u2007": " ", "\u200a": " "})


@dataclass
class Form:
    """Values read from a submitted form, the errors by field name, and the text as typed."""

    typed: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """A text field; blank gives None."""
        value = self.typed.get(name, "").strip() or None
        self.values[name] = value
        return value

    def required(self, name: str) -> str | None:
        """A text field that must be filled in."""
        value = self.text(name)
        if value is None:
            self.errors[name] = "required"
        return value

    def code(self, name: str) -> str | None:
        """A required code (of a party or a contest): lower-case Latin letters, digits and _,
        starting with a letter, as case.yaml's ids; «партия_в» is refused here, before saving."""
        value = self.required(name)
        if value is not None and not _CODE.fullmatch(value):
            self.errors[name] = "code"
        return value

    def _read(self, name: str, reader: Any, code: str) -> Any:
        raw = self.typed.get(name, "").strip().translate(_SPACES)
        try:
            value = reader(raw) if raw else None
        except ValueError:
            self.errors[name] = code
            value = None
        self.values[name] = value
        return value

    def date(self, name: str) -> datetime.date | None:
        """A date: 10.01.2021, 10 января 2021 г. or 2021-01-10."""
        return self._read(name, parse_date, "date")  # type: ignore[no-any-return]

    def count(self, name: str) -> int | None:
        """A whole number of zero or more: 43337, "43 337"."""
        return self._read(name, api.read_count, "count")  # type: ignore[no-any-return]

    def positive(self, name: str) -> int | None:
        """A whole number of one or more."""
        value = self.count(name)
        if value == 0:
            self.errors[name] = "positive"
        return value

    def share(self, name: str) -> str | None:
        """A share as typed ("7%", "0,07"), kept as text once it reads as a share below one."""
        value: Fraction | None = self._read(name, api.read_share, "share")
        if value is not None and not 0 <= value < 1:
            self.errors[name] = "share"
        typed = self.typed.get(name, "").strip()
        return typed if value is not None and name not in self.errors else None

    def iin(self, name: str) -> str | None:
        """An ИИН: twelve digits with a valid check digit, or blank."""
        value = self.text(name)
        if value is not None and api.iin_problem(value):
            self.errors[name] = "iin"
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        """One of a fixed set of values (a select box); anything else is refused."""
        value = self.text(name)
        if value is not None and value not in allowed:
            self.errors[name] = "choice"
        return value

    def checked(self, name: str) -> bool:
        """A checkbox."""
        return name in self.typed


def parse_date(text: str) -> datetime.date:
    """Read a date as people in Kazakhstan write it; ValueError if it is not one."""
    text = text.strip().lower()
    if match := _DOTTED.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _WORDS.fullmatch(text)) and match.group(2) in MONTHS:
        day, month, year = int(match.group(1)), MONTHS.index(match.group(2)) + 1, int(match[3])
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def show_date(value: object) -> str:
    """A date as the form shows it: 10.01.2021."""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def localised(value: object) -> bool:
    """Whether a value of case.yaml is a text given per language, {ru: …, kk: …}."""
    from ..api import LANGUAGES

    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGUAGES)


def first_text(value: Any) -> Any:
    """The first text of a text given per language: the one a form shows and edits."""
    return next(iter(value.values()))


def show(value: object) -> str:
    """A value as a form field shows it: blank for null."""
    if value is None:
        return ""
    if localised(value):
        return show(first_text(value))  # the form edits a text given per language in its first
    if isinstance(value, datetime.date):
        return show_date(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", " ")  # 43 337, as the published results write it
    return str(value)
