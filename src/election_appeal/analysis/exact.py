"""Rounding exact values for display, in one place, half away from zero as published tables do."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def rounded(value: Fraction, places: int = 2) -> Decimal:
    """A Fraction as a Decimal with `places` decimals, rounded half away from zero, exactly."""
    scaled = abs(value) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * units).scaleb(-places)


def percent(share: Fraction, places: int = 2) -> Decimal:
    """A share as a percentage: 43337/321322 → 13.49."""
    return rounded(share * 100, places)
