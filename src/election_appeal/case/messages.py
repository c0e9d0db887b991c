"""Turn pydantic's validation errors into problems worded for the person filling in the file."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .yamlfile import YamlDocument

M = TypeVar("M", bound=BaseModel)

# Union members are tagged in pydantic's error locations; the user never wrote these names.
_UNION_TAGS = {"inline", "file"}


def validate_model(
    doc: YamlDocument, model: type[M], data: Any, prefix: tuple[str | int, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate data (found at `prefix` in doc) against a model; problems instead of exceptions."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = (*prefix, *(part for part in error["loc"] if part not in _UNION_TAGS))
            problems.append(doc.problem(location, plain_message(error)))
        return None, problems


def plain_message(error: Any) -> str:
    """One validation error in words a citizen understands."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    messages = {
        "missing": "this field is required but is missing",
        "extra_forbidden": "unknown field; check its spelling against the example case",
        "int_parsing": f"{_shown(value)} is not a whole number",
        "int_from_float": f"{_shown(value)} is not a whole number",
        "int_type": f"{_shown(value)} is not a whole number",
        "decimal_parsing": f"{_shown(value)} is not a number",
        "bool_parsing": "must be true or false",
        "bool_type": "must be true or false",
        "date_from_datetime_parsing": f"{_shown(value)} is not a date; write it as 2021-01-10",
        "date_parsing": f"{_shown(value)} is not a date; write it as 2021-01-10",
        "date_type": f"{_shown(value)} is not a date; write it as 2021-01-10",
        "string_type": "must be text",
        "string_too_short": "must not be empty",
        "too_short": f"must list at least {ctx.get('min_length')} item(s)",
        "list_type": "must be a list (items starting with '- ')",
        "dict_type": "must be a group of 'name: value' lines",
        "model_type": "must be a group of 'name: value' lines",
        "model_attributes_type": "must be a group of 'name: value' lines",
        "string_pattern_mismatch": (
            f"{_shown(value)} is not a valid id: use lower-case Latin letters, digits and _"
        ),
        "greater_than": f"must be greater than {ctx.get('gt')}",
        "greater_than_equal": f"must be {ctx.get('ge')} or more",
        "less_than": f"must be less than {ctx.get('lt')}",
        "literal_error": f"{_shown(value)} is not allowed; use one of {ctx.get('expected')}",
        "union_tag_invalid": "must be a group of 'name: value' lines",
    }
    if value is None and kind not in ("missing", "value_error"):
        return "this field is empty; fill it in"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return messages.get(kind, str(error["msg"]))


def _shown(value: Any) -> str:
    return f'"{value}"' if value is not None else "an empty value"
