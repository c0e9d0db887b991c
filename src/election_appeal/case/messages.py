"""Turn pydantic's validation errors into problems worded for the person filling in the file."""

from __future__ import annotations

import re
import typing
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..i18n import N_, ngettext
from ..i18n import gettext as _
from .yamlfile import YamlDocument

M = TypeVar("M", bound=BaseModel)

# Union members are tagged in pydantic's error locations; the user never wrote these names.
# A tag stands only right after the field holding a tagged union (applicant): elsewhere "file"
# is a field the user wrote (official_results.file) and stays in the location.
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
            location = (*prefix, *without_tags(model, error["loc"]))
            problems.append(doc.problem(location, plain_message(error)))
        return None, problems


def without_tags(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """An error's location without the tags pydantic puts after a tagged union's field."""
    unions = _tagged_union_fields(model)
    return tuple(
        part
        for i, part in enumerate(loc)
        if not (part in _UNION_TAGS and i > 0 and loc[i - 1] in unions)
    )


@cache
def _tagged_union_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names of the fields of a model, or of the models inside it, holding a tagged union."""
    found: set[str] = set()
    seen: set[type[BaseModel]] = set()
    pending = [model]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if any(type(item).__name__ == "Discriminator" for item in info.metadata):
                found.add(name)
            pending.extend(_models_in(info.annotation))
    return frozenset(found)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation names, through lists, unions and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def plain_message(error: Any) -> str:
    """One validation error in words a citizen understands, in the interface language."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if value is None and kind not in ("missing", "value_error"):
        return _("this field is empty; fill it in")
    if kind == "value_error":
        # Raised by the case's own validators, with a message already in the interface language.
        return str(ctx.get("error", error["msg"]))
    if kind == "too_short":
        n = int(ctx.get("min_length", 1))
        return ngettext("must list at least {n} item", "must list at least {n} items", n).format(
            n=n
        )
    message = _MESSAGES.get(kind)
    if message is None:
        return str(error["msg"])  # pydantic's own words, for a kind no case has met yet
    return _(message).format(
        value=_shown(value),
        gt=ctx.get("gt"),
        ge=ctx.get("ge"),
        lt=ctx.get("lt"),
        le=ctx.get("le"),
        expected=_alternatives(str(ctx.get("expected", ""))),
    )


_GROUP = N_("must be a group of 'name: value' lines")
_NOT_WHOLE = N_("{value} is not a whole number")
_NOT_DATE = N_("{value} is not a date; write it as 2021-01-10")
_NOT_BOOL = N_("must be true or false")
_NOT_NUMBER = N_("{value} is not a number")
_MESSAGES = {
    "missing": N_("this field is required but is missing"),
    "extra_forbidden": N_("unknown field; check its spelling against the example case"),
    "int_parsing": _NOT_WHOLE,
    "int_from_float": _NOT_WHOLE,
    "int_type": _NOT_WHOLE,
    "decimal_parsing": _NOT_NUMBER,
    "decimal_type": _NOT_NUMBER,
    "float_parsing": _NOT_NUMBER,
    "float_type": _NOT_NUMBER,
    "int_parsing_size": N_("{value} is too large a number"),
    "bool_parsing": _NOT_BOOL,
    "bool_type": _NOT_BOOL,
    "date_from_datetime_parsing": _NOT_DATE,
    "date_parsing": _NOT_DATE,
    "date_type": _NOT_DATE,
    "date_from_datetime_inexact": _NOT_DATE,
    "string_type": N_("must be text"),
    "string_too_short": N_("must not be empty"),
    "list_type": N_("must be a list (items starting with '- ')"),
    "dict_type": _GROUP,
    "model_type": _GROUP,
    "model_attributes_type": _GROUP,
    "union_tag_invalid": _GROUP,
    "string_pattern_mismatch": N_(
        "{value} is not a valid id: use lower-case Latin letters, digits and _"
    ),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be {ge} or more"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be {le} or less"),
    "literal_error": N_("{value} is not allowed; use one of {expected}"),
}


def _alternatives(expected: str) -> str:
    """pydantic's "'to' or 'cc'" with the "or" in the interface language."""
    values = re.findall(r"'([^']*)'", expected)
    if len(values) < 2:
        return expected
    listed = ", ".join(f"'{v}'" for v in values[:-1])
    return _("{listed} or {last}").format(listed=listed, last=f"'{values[-1]}'")


def _shown(value: Any) -> str:
    return _('"{value}"').format(value=value) if value is not None else _("an empty value")
