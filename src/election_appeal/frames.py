"""The analysis tables as pandas DataFrames, for people who work in notebooks.

Built from the JSON export (export.py), so the tables have its keys: votes and counts are
integers, percentages and money are floats here (the JSON keeps them exact, as strings), a
figure not published is missing (<NA>). Each difference follows the sign the JSON names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .analysis import Analysis
from .export import analysis_json

if TYPE_CHECKING:
    import pandas

# Columns the JSON gives as exact decimal strings.
_DECIMALS = {"first_percent", "second_percent", "percent", "per_year", "over_term"}


def analysis_frames(analysis: Analysis, language: str = "ru") -> dict[str, pandas.DataFrame]:
    """comparison, totals, protocol_checks, sample; and seats, funding when the case has
    those hypotheses. The parties' tables are indexed by party id, in the case's order."""
    import pandas

    data = analysis_json(analysis, language)
    comparison = data["comparison"]
    frames = {
        "comparison": _by_key(comparison["parties"], "party"),
        "totals": _by_key(comparison["totals"], "line"),
        "protocol_checks": pandas.DataFrame(
            [
                {k: v for k, v in check.items() if k != "values"}
                for check in data["protocol_checks"]
            ],
            columns=["station", "contest", "row", "rule", "gap"],
        ),
        "sample": _by_key(data["sample"]["parties"], "party"),
    }
    if data["hypothesis_1"] is not None:
        frames["seats"] = _by_key(data["hypothesis_1"]["seats"], "party")
    if data["hypothesis_2"] is not None:
        frames["funding"] = _by_key(data["hypothesis_2"]["parties"], "party")
    return frames


def _by_key(rows: dict[str, dict[str, Any]], index: str) -> pandas.DataFrame:
    import pandas

    records = {
        key: {column: _number(column, value) for column, value in row.items()}
        for key, row in rows.items()
    }
    frame = pandas.DataFrame.from_dict(records, orient="index").convert_dtypes()
    frame.index.name = index
    return frame


def _number(column: str, value: Any) -> Any:
    if column in _DECIMALS and isinstance(value, str):
        return float(Decimal(value))
    if isinstance(value, list):
        return tuple(value)
    return value
