"""Student's t written in the package (analysis/student_t.py), against scipy as the second
method over the degrees of freedom a case gives (paired stations − 1, up to tens of thousands),
and against the closed forms of one and two degrees of freedom."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scipy.special import stdtr, stdtrit

from election_appeal.analysis import student_t

ROOT = Path(__file__).resolve().parents[1]
DEGREES = [*range(1, 120), 150, 200, 299, 580, 1000, 2500, 9999, 20_000]
# The levels of the intervals (0.975, 0.995), and others around them.
LEVELS = [0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999]
STATISTICS = [0.001, 0.05, 0.5, 1.0, 1.96, 2.0, 2.6, 4.0, 8.0, 25.0, 300.0]


@pytest.mark.parametrize("df", DEGREES)
def test_quantiles_agree_with_scipy(df: int) -> None:
    for level in LEVELS:
        expected = float(stdtrit(df, level))
        assert student_t.quantile(level, df) == pytest.approx(expected, rel=1e-10)
        assert student_t.quantile(1 - level, df) == pytest.approx(-expected, rel=1e-10)


@pytest.mark.parametrize("df", DEGREES)
def test_two_sided_p_values_agree_with_scipy(df: int) -> None:
    for t in STATISTICS:
        expected = float(2 * stdtr(df, -t))
        if expected > 1e-300:  # beyond that a float holds no digits to compare
            assert student_t.two_sided_p(t, df) == pytest.approx(expected, rel=1e-10)
            assert student_t.two_sided_p(-t, df) == pytest.approx(expected, rel=1e-10)
            assert student_t.cdf(-t, df) == pytest.approx(expected / 2, rel=1e-10)


@pytest.mark.parametrize("t", [1e-9, 1e-4, 0.3, 1.0, 3.0, 12.7, 1e3, 1e6])
def test_one_and_two_degrees_of_freedom_follow_their_closed_forms(t: float) -> None:
    # One: the Cauchy distribution, P(|T| ≥ t) = 1 − (2/π)·atan t = (2/π)·atan(1/t);
    # two: P(|T| ≥ t) = 1 − t/√(2 + t²).
    cauchy = 2 / math.pi * math.atan(1 / t)
    two = 2 / (math.sqrt(2 + t * t) * (math.sqrt(2 + t * t) + t))  # 1 − t/√(2+t²), exactly
    assert student_t.two_sided_p(t, 1) == pytest.approx(cauchy, rel=1e-12)
    assert student_t.two_sided_p(t, 2) == pytest.approx(two, rel=1e-12)


@pytest.mark.parametrize("p", [0.51, 0.8, 0.975, 0.995, 0.999999])
def test_quantiles_of_one_and_two_degrees_follow_their_closed_forms(p: float) -> None:
    # tan(π(p − 1/2)) = 1/tan(π(1 − p)): well conditioned where p is near 1 (1 − p is exact).
    assert student_t.quantile(p, 1) == pytest.approx(1 / math.tan(math.pi * (1 - p)), rel=1e-11)
    assert student_t.quantile(p, 2) == pytest.approx(
        (2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-11
    )


def test_the_quantiles_of_a_printed_table() -> None:
    """Two-sided 5 % and 1 % points of t as statistics tables print them (six digits)."""
    table = {
        1: (12.7062, 63.6567),
        5: (2.57058, 4.03214),
        10: (2.22814, 3.16927),
        30: (2.04227, 2.75000),
        65: (1.99714, 2.65360),
    }
    for df, (five, one) in table.items():
        assert student_t.quantile(0.975, df) == pytest.approx(five, abs=1e-4)
        assert student_t.quantile(0.995, df) == pytest.approx(one, abs=1e-4)


def test_the_edges() -> None:
    assert student_t.quantile(0.5, 7) == 0.0
    assert student_t.quantile(1.0, 7) == math.inf
    assert math.isnan(student_t.quantile(1.5, 7))
    assert student_t.two_sided_p(0.0, 7) == 1.0
    assert student_t.two_sided_p(math.inf, 7) == 0.0
    assert math.isnan(student_t.two_sided_p(math.nan, 7))
    assert student_t.cdf(0.0, 3) == 0.5


def test_the_density_integrates_to_the_tail() -> None:
    """The density's integral from 0 to t (Simpson's rule) is the tail's fall over it."""
    df, t, steps = 7, 2.5, 2000
    h = t / steps
    weights = [1 if i in (0, steps) else 4 if i % 2 else 2 for i in range(steps + 1)]
    integral = h / 3 * sum(w * student_t.density(i * h, df) for i, w in enumerate(weights))
    assert integral == pytest.approx(0.5 - student_t.two_sided_p(t, df) / 2, rel=1e-10)


def test_the_analysis_of_the_example_does_not_load_scipy() -> None:
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from election_appeal.analysis import analyse\n"
        "from election_appeal.case import load_case\n"
        f"analysis = analyse(load_case(Path({str(ROOT / 'data' / 'almaty-2021')!r})))\n"
        "assert analysis.sample is not None and analysis.sample.parties[0].ci95\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
