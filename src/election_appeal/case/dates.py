"""Dates as people in Kazakhstan write them, read the same way wherever the tool asks for one.

Day first with dots, 10.01.2021, is the form the tool documents; 2021-01-10 (ISO) is what it
writes itself. A date with slashes is read only when it cannot be taken either way (19/03/2023:
there is no 19th month); 03/12/2023 may be 3 December (day first) or 12 March (as American
software writes it), so it is refused with the form to use rather than guessed.
"""

from __future__ import annotations

import datetime
import re

from ..i18n import date_text
from ..i18n import gettext as _

# Day, month and year; the separator the same twice. A two-digit year is refused, not guessed.
DAY_FIRST = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class DateFormatError(ValueError):
    """The text is not a date the tool reads without a guess; the message says what to write."""


def parse_day(text: str) -> datetime.date:
    """ "10.01.2021", "2021-01-10" or an unambiguous "19/03/2023" → the date; DateFormatError,
    worded for the user, otherwise."""
    value = text.strip()
    if match := DAY_FIRST.fullmatch(value):
        day, separator, month, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if separator == "/":
            refuse_two_readings(value, day, month, year)
    elif match := ISO.fullmatch(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise DateFormatError(not_a_date(value))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateFormatError(no_such_day(value)) from None


def no_such_day(value: str) -> str:
    """The message for a date of no calendar: 31.04.2021, 2021-02-30."""
    message = _(
        '"{value}": there is no such day in the calendar; check the day, the month and the year'
    )
    return message.format(value=value)


def not_a_date(value: object) -> str:
    """The message for a text that is no date at all, with the forms to write."""
    return _(
        '"{value}" is not a date; write it as 10.01.2021 (day, month, year) or 2021-01-10'
    ).format(value=value)


def refuse_two_readings(value: str, day: int, month: int, year: int) -> None:
    """Refuse a date written with slashes whose day and month could be either way round."""
    if day == month or not (1 <= day <= 12 and 1 <= month <= 12):
        return  # one reading only, or none: the calendar check says which
    try:
        first, second = datetime.date(year, month, day), datetime.date(year, day, month)
    except ValueError:  # pragma: no cover - both parts are months of the year
        return
    message = _(
        '"{value}" may be {first} or {second}: with slashes the day comes first in some '
        "countries and the month in others; write the date with dots, day first, as "
        "10.01.2021 for 10 January 2021, or as 2021-01-10"
    )
    raise DateFormatError(
        message.format(value=value, first=date_text(first), second=date_text(second))
    )
