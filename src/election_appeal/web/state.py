"""What the running page keeps: the served folders, its secrets, the template environment, the
builds under way and the last previews."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markupsafe
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import api
from ..i18n import translations
from . import backend
from .folders import Folders
from .forms import show
from .yamlfile import in_language

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class BuildJob:
    """One build running in a thread: what it is doing, since when, and its result."""

    started: float = field(default_factory=time.monotonic)
    step: str = "checking"
    result: backend.Built | None = None

    @property
    def seconds(self) -> int:
        """Seconds since the build started."""
        return int(time.monotonic() - self.started)


@dataclass
class State:
    """Everything the request handlers share."""

    folders: Folders
    csrf: str
    env: jinja2.Environment
    templates: Path | None = None
    builds: dict[str, BuildJob] = field(default_factory=dict)
    previews: dict[tuple[str, str], api.Preview] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The interface language chosen on the page ("ru" or "kk"); one for the whole server: the
    # page serves one person on this computer.
    language: str = "ru"

    def gettext(self, message: str) -> str:
        """A message of the interface in the language chosen on the page."""
        return translations(self.language).gettext(message)

    def authorities(self, folder: Path) -> dict[str, str]:
        """The authorities an appeal can go to: the reference table's and the case's own."""
        return api.authorities(folder)

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """A page of the interface rendered from its template."""

        def url(route: str, **params: str) -> str:
            return path_for(request, route, **params)

        html = self.env.get_template(template).render(
            request=request, csrf=self.csrf, url=url, lang=self.language, **context
        )
        return HTMLResponse(html, status_code=status)


def path_for(request: Request, route: str, **params: str) -> str:
    """The address of a page, its parts quoted: a folder named "дело #2" stays one part."""
    quoted = {key: quote(str(value), safe="") for key, value in params.items()}
    return str(request.app.url_path_for(route, **quoted))


def fill(text: str, **parts: Any) -> markupsafe.Markup:
    """A translated sentence with marked-up parts put into its {placeholders}: the sentence is
    escaped, and so is every part that is not markup already (a <code> from a macro is kept)."""
    return markupsafe.escape(text).format(**parts)


@jinja2.pass_context
def text(context: Any, value: Any) -> Any:
    """A case text given per language ({ru: …, kk: …}) as a label: in the page's language."""
    return in_language(value, context.get("lang", "ru"))


def make_environment(gettext: Any = None) -> jinja2.Environment:
    """The environment of the interface's own templates (not the documents' templates); `_`
    in them is `gettext`, the catalogue of the interface language chosen on the page."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["show"] = show
    env.filters["fill"] = fill
    env.globals["_"] = gettext or translations("ru").gettext
    env.filters["text"] = text
    return env
