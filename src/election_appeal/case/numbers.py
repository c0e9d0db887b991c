"""Numbers as Russian spreadsheets write them: "43 337", "43\u00a0337", "13,49", "−5".

A figure is read exactly as written or refused, never guessed: the digits are 0–9 only, and a
space inside a number must separate groups of three digits ("43 337"), so that "3 3" or "12 5"
(two figures in one cell, or a typing slip) is an error rather than 33 or 125.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from ..i18n import current_language, decimal_symbol
from ..i18n import gettext as _

# A longer text is not a figure anyone typed; it is refused before it is looked at further.
NUMBER_MAX_CHARS = 40
# The largest count accepted: above any national total of voters or votes anywhere.
MAX_COUNT = 999_999_999_999

# The spaces Excel, LibreOffice and Word put between groups of digits: a space, a no-break
# space (Excel in a Russian locale), a narrow no-break space (LibreOffice).
_SEPARATORS = " \u00a0\u202f"
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_GROUPED = rf"[0-9]{{1,3}}(?:[{_SEPARATORS}][0-9]{{3}})+"
_NUMBER = re.compile(rf"[+-]?(?:(?:{_GROUPED}|[0-9]+)(?:[.,][0-9]+)?|[.,][0-9]+)")
# "2,150" or "1.022.874": groups of three digits set off as English or German figures do; to
# a Russian reader the comma marks a fraction, so the figure is refused, with both readings said.
_THOUSANDS_MARKS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:\.[0-9]{3})+")
_BAD_GROUPS = re.compile(rf"[+-]?[0-9]+(?:[{_SEPARATORS}]+[0-9]+)+(?:[.,][0-9]+)?")


class NumberFormatError(ValueError):
    """The text is not a number a citizen would recognise; the message says why."""


def parse_decimal(value: object) -> Decimal | None:
    """Read a cell as an exact Decimal; blank means unknown and gives None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberFormatError(_not_a_number(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberFormatError(_not_a_number(value))
        # Spreadsheet cells arrive as binary floats; their shortest repr is what the user typed.
        return Decimal(repr(value))
    shown = str(value).strip()
    if not shown:
        return None
    if len(shown) > NUMBER_MAX_CHARS:
        raise NumberFormatError(
            _('"{value}…" is {n} characters long, too long to be a number').format(
                value=shown[:20], n=len(shown)
            )
        )
    text = shown.translate(_MINUS_SIGNS)
    if not _NUMBER.fullmatch(text):
        raise NumberFormatError(_why_not(shown, text))
    try:
        return Decimal("".join(ch for ch in text if ch not in _SEPARATORS).replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
        raise NumberFormatError(_not_a_number(shown)) from exc


def _not_a_number(value: object) -> str:
    return _('"{value}" is not a number').format(value=value)


def _why_not(shown: str, text: str) -> str:
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
        return _('"{value}" is written with digits other than 0–9; retype it with 0–9').format(
            value=shown
        )
    if _THOUSANDS_MARKS.fullmatch(text):
        return _thousands_marks(shown)
    if _BAD_GROUPS.fullmatch(text):
        return _(
            '"{value}" cannot be read: digits after a space must come in groups of three, '
            'as in "43 337"; check the protocol and type the figure again'
        ).format(value=shown)
    return _not_a_number(shown)


def _thousands_marks(shown: str) -> str:
    """Why "2,150" is refused where a count is expected, and how to write 2150."""
    return _(
        '"{value}" is not a whole number: a comma or a point marks a fraction, and a count of '
        "votes has none; if {digits} is meant, write it without commas or points: {digits} or "
        '"{grouped}"'
    ).format(value=shown, digits=re.sub(r"[.,]", "", shown), grouped=re.sub(r"[.,]", " ", shown))


def parse_count(value: object) -> int | None:
    """Read a cell that holds a count (votes, ballots): a whole number, zero or more."""
    number = parse_decimal(value)
    if number is None:
        return None
    shown = str(value).strip()
    if number != number.to_integral_value():
        if _THOUSANDS_MARKS.fullmatch(shown):
            raise NumberFormatError(_thousands_marks(shown))
        raise NumberFormatError(
            _('"{value}" is not a whole number; a count of votes has no fractions').format(
                value=shown
            )
        )
    if number < 0:
        raise NumberFormatError(
            _('"{value}" is negative; a count cannot be below zero').format(value=shown)
        )
    if number > MAX_COUNT:
        raise NumberFormatError(
            _('"{value}" is too large for a count (at most {largest})').format(
                value=shown, largest=_largest()
            )
        )
    return int(number)


def yaml_count(value: object) -> object:
    """A count as case.yaml holds it: an integer, or a text such as "43 337"; a yes/no value
    (YAML reads no, off and false as false) or a number with a decimal point is refused."""
    refuse_yaml_non_integer(value)
    return parse_count(value) if isinstance(value, str) else value


def refuse_yaml_non_integer(value: object) -> None:
    """Refuse a yes/no value or a number with a decimal point where a whole number is needed."""
    if isinstance(value, bool):
        raise NumberFormatError(
            _(
                'YAML reads this value as "{value}", a yes/no answer (no, off and false are '
                'read as "false"; yes, on and true as "true"), not a number; write the figure '
                "in digits"
            ).format(value=str(value).lower())
        )
    if isinstance(value, float):
        raise NumberFormatError(
            _("{value} has a decimal point; a whole number is needed here").format(value=value)
        )


def count_text(n: int) -> str:
    """A count as the interface language groups its digits, as the documents do: 10 000 in
    Russian and Kazakh (a plain space, for the terminal), 10,000 in English."""
    from babel.numbers import format_decimal

    text = format_decimal(n, format="#,##0", locale=current_language())
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _largest() -> str:
    return f"{MAX_COUNT:,}".replace(",", " ")


def parse_share(value: object) -> Decimal | None:
    """Read a share written as 0.07, "0,07" or "7%"; blank gives None."""
    text = str(value).strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        number = parse_decimal(text[:-1])
        return None if number is None else number / 100
    return parse_decimal(value)


def share_of_whole(value: object) -> Decimal | None:
    """A share as parse_share reads it, refused with advice when it is the whole or more: a
    threshold of 7 is 7 % written without its sign, so the message says how to write it."""
    share = parse_share(value)
    if share is None or share < 1:
        return share
    percent = isinstance(value, str) and value.strip().endswith("%")
    if percent or share >= 100:
        message = _(
            "a share is below 1 (the whole): write it as a percentage below 100, such as "
            "7%, or as a fraction, such as {example}"
        )
        raise NumberFormatError(message.format(example=_written(Decimal("0.07"))))
    message = _(
        "{value} is not a share: a share is below 1 (the whole); if you meant {value} %, "
        "write {fraction} or {value}%"
    )
    raise NumberFormatError(message.format(value=_written(share), fraction=_written(share / 100)))


def _written(number: Decimal) -> str:
    """A decimal as the interface language writes it: 0.07 in English, 0,07 in Russian."""
    return f"{number.normalize():f}".replace(".", decimal_symbol())
