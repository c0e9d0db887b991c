"""The template environment: sandboxed, strict, autoescaped, with a user folder searched first.

A user's folder overrides a default template by name; `{% extends "default:appeal.html.j2" %}`
reaches the default even when the user's folder has a file of the same name, so one block can
be overridden. A broken template, a missing variable, or an attempt to reach Python internals
raises TemplateError naming the template file and line.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import AppealError
from ..resources import templates_dir
from .formatting import make_filters

DEFAULT_PREFIX = "default"


class TemplateError(AppealError):
    """A template cannot be loaded or rendered; the message names the file and line."""


def _markdown(text: str | None) -> Markup:
    """The applicant's Markdown as the HTML subset; raw HTML in it is shown as text, not run."""
    if not text:
        return Markup("")
    from markdown_it import MarkdownIt

    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


def make_environment(user_templates: Path | None = None, locale: str = "ru") -> jinja2.Environment:
    """The sandboxed environment with the loader chain and the formatting filters."""
    if user_templates is not None and not user_templates.is_dir():
        raise TemplateError(f"{user_templates}: no such template folder")
    defaults = jinja2.FileSystemLoader(str(templates_dir()))
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PrefixLoader({DEFAULT_PREFIX: defaults}, delimiter=":")
    ]
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(defaults)
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(make_filters(locale))
    env.filters["markdown"] = _markdown
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure becomes a TemplateError with template and line."""
    with template_errors():
        return env.get_template(name).render(context)


def template_module(env: jinja2.Environment, name: str) -> Any:
    """The variables and macros a template defines (templates/texts.j2), for use outside it."""
    with template_errors():
        return env.get_template(name).module


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn what a broken template raises into a TemplateError naming the file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = _location(exc.filename or exc.name, exc.lineno)
        raise TemplateError(f"{where}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f'template "{exc.name}" not found') from None
    except SecurityError as exc:
        raise TemplateError(f"{_failing_line()}: not allowed in a template ({exc})") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_failing_line()}: {exc.message}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise TemplateError(f"{_failing_line()}: {exc}") from None


def _location(filename: str | None, line: int | None) -> str:
    return f"{filename or 'template'}, line {line}" if line else filename or "template"


def _failing_line() -> str:
    """The template file and line where rendering stopped, from the rewritten traceback."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    for frame in reversed(frames):
        if frame.filename.endswith(".j2") or frame.filename.endswith(".html"):
            return _location(frame.filename, frame.lineno)
    return "template"
