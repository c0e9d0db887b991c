"""Jinja filters that format numbers, money and dates as Russian (or Kazakh) documents write them.

Built on Babel: groups of digits separated by a no-break space, a decimal comma, a true minus
sign. Filters format; they never compute. Missing figures (None) become "—".
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from babel.dates import format_date
from babel.numbers import format_decimal, get_group_symbol
from markupsafe import Markup

from ..analysis.exact import percent, rounded
from ..i18n import N_
from ..i18n import gettext as _
from .languages import LANGUAGES, document_language

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "—"

Number = int | Decimal | Fraction | float | None
NUMBER_TYPES = (int, Decimal, Fraction, float)
F = TypeVar("F", bound=Callable[..., Any])


A_NUMBER = N_("a number")


def _takes(name: str, kinds: tuple[type, ...], what: str) -> Callable[[F], F]:
    """Refuse a value of the wrong kind with a message a template author can act on (the
    template and line are added where the error is caught)."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
            wrong = isinstance(value, bool) or not isinstance(value, kinds)
            if value is not None and wrong:
                shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
                message = _('the filter "{name}" needs {what}, not {value}')
                raise TypeError(message.format(name=name, what=_(what), value=shown))
            return function(value, *args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def _decimal(value: int | Decimal | Fraction | float, places: int) -> Decimal:
    if isinstance(value, Fraction):
        return rounded(value, places)
    if isinstance(value, float):
        return rounded(Fraction(value), places)
    return Decimal(value)


def _number(value: int | Decimal | Fraction | float, places: int, locale: str) -> str:
    if not places and type(value) is int:
        whole = _whole_number(locale)
        if whole is not None:
            return whole(value)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(_decimal(value, places), format=pattern, locale=locale)
    return text.replace("-", MINUS).replace("\u202f", NBSP)


@functools.cache
def _whole_number(locale: str) -> Callable[[int], str] | None:
    """A whole number formatted with Python's own grouping and the locale's group sign: Babel
    takes about 20 µs a number, and a national attachment has hundreds of thousands. Used only
    if it writes what Babel writes for numbers that show the locale's rules (grouping from four
    digits, every three digits, the sign); otherwise None and Babel formats each number."""
    group = get_group_symbol(locale).replace("\u202f", NBSP)

    def whole(value: int) -> str:
        text = f"{abs(value):,}".replace(",", group)
        return MINUS + text if value < 0 else text

    probes = (0, 7, -7, 999, 1000, -1000, 12345, 123456, -1234567, 10**12 + 1)
    same = all(whole(n) == _number(Decimal(n), 0, locale) for n in probes)
    return whole if same else None


_TAG = re.compile(r"(<[^>]*>)")
# The currency's word in each language stays on the line of its sum.
_CURRENCY = "|".join(rf"{language.currency}\b" for language in LANGUAGES.values())
_SPACE = r"[ \t\r\n]+"
# Russian typesetting: what must not be parted from the word that follows or precedes it.
_TIES = (
    # № and § stay with their number.
    (re.compile(rf"([№§]){_SPACE}"), rf"\1{NBSP}"),
    # A one-letter word (preposition, conjunction) stays with the next word.
    (re.compile(rf"(?<![\w\-.,])(\w){_SPACE}(?=\S)"), rf"\1{NBSP}"),
    # A dash, a minus or an operator never opens a line: it stays with the word before it.
    (re.compile(rf"(?<=\S){_SPACE}([—–−=×+<>≠≤≥…])(?=[ \t\r\n])"), rf"{NBSP}\1"),
    # Digit groups, and a number with its unit or abbreviation.
    (re.compile(rf"(?<=\d){_SPACE}(?=\d{{3}}(?!\d))"), NBSP),
    (re.compile(rf"(?<=\d){_SPACE}(?=(?:гг?|л|тыс|млн|млрд)\.|%|{_CURRENCY}|млн\b|млрд\b)"), NBSP),
)


_BREAKABLE = re.compile(rf"\S{_SPACE}")


def typeset(html: str) -> Markup:
    """The text of an HTML fragment with no-break spaces where Russian typesetting wants them
    (after №, § and one-letter words, before dashes and operators, inside numbers and before
    their units); tags and their attributes are left as they are."""
    parts = _TAG.split(str(html))
    for index in range(0, len(parts), 2):
        text = parts[index]
        if not _BREAKABLE.search(text):
            continue  # every tie is a space after a character: most of a table's cells have none
        for pattern, replacement in _TIES:
            text = pattern.sub(replacement, text)
        parts[index] = text
    return Markup("".join(parts))


def make_filters(locale: str) -> dict[str, Callable[..., Any]]:
    """The formatting filters for one locale ("ru", "kk")."""

    @_takes("votes", NUMBER_TYPES, A_NUMBER)
    def votes(value: Number) -> str:
        """43337 → "43 337"."""
        return DASH if value is None else _number(value, 0, locale)

    @_takes("signed", NUMBER_TYPES, A_NUMBER)
    def signed(value: Number, places: int = 0) -> str:
        """39542 → "+39 542", −19949 → "−19 949", 0 → "0"."""
        if value is None:
            return DASH
        text = _number(value, places, locale)
        return f"+{text}" if value > 0 else text

    @_takes("decimal", NUMBER_TYPES, A_NUMBER)
    def decimal(value: Number, places: int = 2) -> str:
        """7756.0769… → "7 756,08"."""
        return DASH if value is None else _number(value, places, locale)

    @_takes("percent", (Fraction,), N_("a share"))
    def percent_of(share: Fraction | None, places: int = 2) -> str:
        """A share 43337/321322 → "13,49 %"."""
        return (
            DASH if share is None else f"{_number(percent(share, places), places, locale)}{NBSP}%"
        )

    @_takes("tenge", NUMBER_TYPES, A_NUMBER)
    def tenge(value: Number, sign: bool = False) -> str:
        """25434975 → "25 434 975 тенге" (kk: "теңге"); with sign=True "+25 434 975 тенге"."""
        if value is None:
            return DASH
        places = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 2
        text = signed(value, places) if sign else _number(value, places, locale)
        return f"{text}{NBSP}{document_language(locale).currency}"

    @_takes("date_long", (datetime.date,), N_("a date"))
    def date_long(day: datetime.date | None) -> str:
        """2021-01-12 → "12 января 2021 г." (kk: "2021 жылғы 12 қаңтар")."""
        if day is None:
            return DASH
        text = format_date(day, format=document_language(locale).date_pattern, locale=locale)
        return text.replace(" ", NBSP).replace("\u202f", NBSP)

    @_takes("pvalue", NUMBER_TYPES, A_NUMBER)
    def pvalue(p: float | None) -> str:
        """0.0312 → "0,0312"; below 0.0001 → "< 0,0001"."""
        if p is None:
            return DASH
        return f"<{NBSP}{_number(Decimal('0.0001'), 4, locale)}" if p < 0.0001 else decimal(p, 4)

    @_takes("plural", (int,), N_("a whole number"))
    def plural(count: int, one: str, few: str, many: str) -> str:
        """The noun agreeing with a number, by the CLDR plural rules of the locale: 581 участок,
        3 участка, 66 участков."""
        from babel import Locale

        form = Locale.parse(locale).plural_form(abs(count))
        return {"one": one, "few": few}.get(form, many)

    return {
        "votes": votes,
        "plural": plural,
        "pvalue": pvalue,
        "lcfirst": lambda text: text[:1].lower() + text[1:],
        "signed": signed,
        "decimal": decimal,
        "percent": percent_of,
        "tenge": tenge,
        "date_long": date_long,
        "typeset": typeset,
    }
