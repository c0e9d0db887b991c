"""Numbers as Russian spreadsheets write them: "43 337", "43\u00a0337", "13,49", "−5"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Spaces Excel, LibreOffice and Word put between groups of digits.
_GROUP_SEPARATORS = str.maketrans("", "", " \u00a0\u202f\u2009\u2007'")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


class NumberFormatError(ValueError):
    """The text is not a number a citizen would recognise; the message says why."""


def parse_decimal(value: object) -> Decimal | None:
    """Read a cell as an exact Decimal; blank means unknown and gives None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberFormatError(f'"{value}" is not a number')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Spreadsheet cells arrive as binary floats; their shortest repr is what the user typed.
        return Decimal(repr(value))
    text = str(value).strip().translate(_GROUP_SEPARATORS).translate(_MINUS_SIGNS)
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        raise NumberFormatError(f'"{str(value).strip()}" is not a number')
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
        raise NumberFormatError(f'"{value}" is not a number') from exc


def parse_count(value: object) -> int | None:
    """Read a cell that holds a count (votes, ballots): a whole number, zero or more."""
    number = parse_decimal(value)
    if number is None:
        return None
    shown = str(value).strip()
    if number != number.to_integral_value():
        raise NumberFormatError(
            f'"{shown}" is not a whole number; a count of votes has no fractions'
        )
    if number < 0:
        raise NumberFormatError(f'"{shown}" is negative; a count cannot be below zero')
    return int(number)


def parse_share(value: object) -> Decimal | None:
    """Read a share written as 0.07, "0,07" or "7%"; blank gives None."""
    text = str(value).strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        number = parse_decimal(text[:-1])
        return None if number is None else number / 100
    return parse_decimal(value)
