"""Student's t distribution: the two-sided p-value of a statistic and the quantiles of the
intervals, in plain Python (scipy, which gave them before, costs more to import than the whole
analysis takes).

The tail of t with ν degrees of freedom is half a regularized incomplete beta function,
P(|T| ≥ t) = I_x(ν/2, 1/2) with x = ν/(ν + t²), evaluated by its continued fraction
(DLMF 8.17.22); a quantile is found by Newton's method on that tail, kept inside a bracket.
"""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

# The continued fraction stops when a step changes it by less than this (relative).
PRECISION = 1e-16
MAX_TERMS = 100_000
# Below this the continued fraction's terms underflow a float's exponent.
TINY = 1e-300

# B_2, B_4, ..., B_16 (DLMF Table 24.2.1): the coefficients of the asymptotic series of
# ln Γ(a + 1/2) − ln Γ(a) below.
BERNOULLI = (
    Fraction(1, 6),
    Fraction(-1, 30),
    Fraction(1, 42),
    Fraction(-1, 30),
    Fraction(5, 66),
    Fraction(-691, 2730),
    Fraction(7, 6),
    Fraction(-3617, 510),
)
# From the Stirling series of ln Γ(a + h) (Bernoulli polynomials, DLMF 5.11.8) at h = 1/2 and
# h = 0, with B_k(1/2) = (2^(1−k) − 1)·B_k: the term of a^(1−k) is (2^(1−k) − 2)·B_k/(k(k − 1)).
_HALF_STEP_TERMS = tuple(
    (k - 1, float((Fraction(2) ** (1 - k) - 2) * b / (k * (k - 1))))
    for k, b in zip(range(2, 17, 2), BERNOULLI, strict=True)
)
# From here on the series is exact to a float; below it lgamma is (its values are small).
SERIES_FROM = 10.0
LN_SQRT_PI = 0.5 * math.log(math.pi)


def two_sided_p(t: float, df: int) -> float:
    """P(|T| ≥ |t|) for Student's t with `df` degrees of freedom."""
    if math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0
    return _beta_tail(df, t * t)


def cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with `df` degrees of freedom."""
    if math.isnan(t):
        return math.nan
    half = 0.5 * two_sided_p(t, df)
    return 1 - half if t > 0 else half


def quantile(p: float, df: int) -> float:
    """The t with P(T ≤ t) = p, for Student's t with `df` degrees of freedom."""
    if math.isnan(p) or not 0 <= p <= 1:
        return math.nan
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -quantile(1 - p, df)
    if p == 1:
        return math.inf
    return _upper_quantile(1 - p, df)  # 1 − p is exact for p in [1/2, 1]


def _upper_quantile(q: float, df: int) -> float:
    """The t > 0 with P(T > t) = q (q < 1/2): Newton's steps on the tail, bisection where a
    step would leave the bracket of the root."""
    low, high = 0.0, max(1.0, NormalDist().inv_cdf(1 - q))
    while _upper_tail(high, df) > q:
        low, high = high, 2 * high
    # The tail is convex and falling for t > 0: from the normal quantile, below the root
    # (t's tails are heavier), Newton's steps rise to the root without passing it.
    t = min(max(NormalDist().inv_cdf(1 - q), low), high)
    for _ in range(200):
        tail = _upper_tail(t, df)
        if tail > q:
            low = t
        else:
            high = t
        step = (tail - q) / density(t, df)
        following = t + step
        if not low <= following <= high:
            following = (low + high) / 2
        if abs(following - t) <= 2 * math.ulp(t) or high - low <= 2 * math.ulp(high):
            return following
        t = following
    return t


def _upper_tail(t: float, df: int) -> float:
    return 0.5 * _beta_tail(df, t * t)


def density(t: float, df: int) -> float:
    """The density of Student's t with `df` degrees of freedom at t."""
    nu = float(df)
    log_norm = 0.5 * math.log(nu) + _ln_beta_half(nu / 2)
    return math.exp(-log_norm - (nu + 1) / 2 * math.log1p(t * t / nu))


def _ln_beta_half(a: float) -> float:
    """ln B(a, 1/2) = ln Γ(a) + ln Γ(1/2) − ln Γ(a + 1/2), without the cancellation of two
    large lgamma values when a is large."""
    if a < SERIES_FROM:
        return math.lgamma(a) + LN_SQRT_PI - math.lgamma(a + 0.5)
    ratio = 0.5 * math.log(a) + sum(c / a**power for power, c in _HALF_STEP_TERMS)
    return LN_SQRT_PI - ratio


def _beta_tail(df: int, t2: float) -> float:
    """I_x(ν/2, 1/2) with x = ν/(ν + t²), 1 − x = t²/(ν + t²): P(|T| ≥ t)."""
    nu = float(df)
    a, b = nu / 2, 0.5
    if t2 == 0:
        return 1.0
    x, y = nu / (nu + t2), t2 / (nu + t2)
    ln_x, ln_y = -math.log1p(t2 / nu), math.log(y)
    log_front = a * ln_x + b * ln_y - _ln_beta_half(a)
    # The fraction converges fast on the side of x below its mean: there directly, else
    # through the symmetry I_x(a, b) = 1 − I_(1−x)(b, a).
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) / a * _fraction(a, b, x)
    return 1 - math.exp(log_front) / b * _fraction(b, a, y)


def _fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (DLMF 8.17.22) by the modified Lentz method:
    1/(1 + d1/(1 + d2/(1 + …))) with d_2m+1 = −(a + m)(a + b + m)x/((a + 2m)(a + 2m + 1)),
    d_2m = m(b − m)x/((a + 2m − 1)(a + 2m))."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > TINY else TINY)
    value = d
    for m in range(1, MAX_TERMS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > TINY else TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > TINY else TINY
            value *= c * d
        if abs(c * d - 1.0) < PRECISION:
            break
    return value
