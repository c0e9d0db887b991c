"""Command-line options of `appeal seats`, checked and turned into an allocation."""

from __future__ import annotations

from fractions import Fraction

from .analysis.seats import METHODS, Allocation, Method, allocate
from .case.numbers import NumberFormatError, parse_count, parse_share
from .case.votes import VotesTable
from .errors import UsageError


def _whole(option: str, text: str | None) -> int | None:
    try:
        return parse_count(text)
    except NumberFormatError as exc:
        raise UsageError(f"{option}: {exc}") from None


def allocate_from_options(
    table: VotesTable,
    *,
    seats: str | None,
    threshold: str | None,
    base: str | None,
    turnout: str | None,
    method: str | None,
    min_parties: str | None,
) -> Allocation:
    """Check every option and allocate; a bad option raises UsageError naming it."""
    seat_count = _whole("--seats", seats)
    if not seat_count:
        raise UsageError(f"--seats must be a whole number, 1 or more (got {seats!r})")
    try:
        share = parse_share(threshold)
    except NumberFormatError as exc:
        raise UsageError(f"--threshold: {exc}") from None
    if share is None or not 0 <= share < 1:
        raise UsageError(
            f"--threshold must be between 0 and 1, such as 0.07 or 7% (got {threshold})"
        )
    if method not in METHODS:
        raise UsageError(f'--method: unknown method "{method}"; use one of: {", ".join(METHODS)}')
    if base not in ("valid", "turnout"):
        raise UsageError(f'--base must be valid or turnout (got "{base}")')
    voters = _whole("--turnout", turnout)
    if base == "turnout" and voters is None:
        raise UsageError("--base turnout needs --turnout N, the number of voters who took part")
    chosen: Method = method
    return allocate(
        table.votes,
        seat_count,
        method=chosen,
        threshold=Fraction(share),
        against_all=table.against_all,
        base=voters if base == "turnout" else None,
        min_parties=_whole("--min-parties", min_parties) or 0,
        registered=table.registered,
    )
