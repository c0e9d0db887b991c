"""The Kazakh individual identification number (ИИН): 12 digits, the last one a check digit."""

from __future__ import annotations

from ..i18n import gettext as _

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_problem(iin: str) -> str | None:
    """Say what is wrong with an ИИН, or None when its length, digits and check digit are right.

    The birth-date part is deliberately not checked: numbers issued since 2013 do not always
    follow it.
    """
    if len(iin) != 12 or not (iin.isascii() and iin.isdigit()):
        return _('"{iin}" must be exactly 12 digits').format(iin=iin)
    digits = [int(ch) for ch in iin]
    expected = _check_digit(digits[:11])
    if expected is None:
        return _('"{iin}" cannot be a valid ИИН: no check digit fits its first 11 digits').format(
            iin=iin
        )
    if expected != digits[11]:
        return _(
            '"{iin}" has a wrong check digit (the last digit should be {digit}); check for a typo'
        ).format(iin=iin, digit=expected)
    return None


def _check_digit(digits: list[int]) -> int | None:
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None
