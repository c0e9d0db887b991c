"""The web application: routes, the guard in front of them, and the error pages.

Handlers that read files, check or render run in a worker thread, never on the event loop, so
that one slow check does not stall every other request.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api
from . import copies, edit, official, output, pages, table
from .caselock import CaseLock
from .folders import Folders, NotServed
from .security import Access, BodyTooLarge, Forbidden, Guard, checked_form, new_secret
from .state import STATIC, State, make_environment, path_for

Handler = Callable[[Request, Any], Any]


def posted(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A POST handler that runs only with a valid CSRF token in the form or header; a plain
    (not async) handler runs in a worker thread. A POST to a case holds the case's lock while
    it runs: one change of a case at a time (see caselock)."""

    async def endpoint(request: Request) -> Response:
        state: State = request.app.state.web
        form = await checked_form(request, state.csrf)
        held = None
        try:
            if "name" in request.path_params:
                folder = state.folders.case(request.path_params["name"])
                held = await run_in_threadpool(CaseLock, folder)  # waits off the event loop
            if inspect.iscoroutinefunction(handler):
                response: Response = await handler(request, form)
            else:
                response = await run_in_threadpool(handler, request, form)
            return response
        finally:
            if held is not None:
                held.release()
            await form.close()

    return endpoint


def case_home(request: Request) -> Response:
    """GET /case/<name>: the first section of its form."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    state.folders.case(name)
    return RedirectResponse(path_for(request, "section", name=name, section="general"), 303)


def routes() -> list[Route | Mount]:
    """Every address of the page."""
    case = "/case/{name}"
    return [
        Route("/", pages.home, name="home"),
        Route("/new", pages.new_form, name="new"),
        Route("/new", posted(pages.create), methods=["POST"], name="create"),
        Route("/language", posted(pages.choose_language), methods=["POST"], name="language"),
        Route(case, case_home, name="case"),
        Route(f"{case}/protocols", table.show_table, name="protocols"),
        Route(f"{case}/protocols/blank.xlsx", table.blank, name="blank"),
        Route(f"{case}/protocols/upload", posted(table.upload), methods=["POST"], name="upload"),
        Route(f"{case}/protocols/grid", posted(table.save_grid), methods=["POST"], name="grid"),
        Route(f"{case}/protocols/start", posted(table.start_table), methods=["POST"], name="start"),
        Route(f"{case}/official", official.show, name="official"),
        Route(f"{case}/official", posted(official.save_source), methods=["POST"], name="source"),
        Route(
            f"{case}/official/upload",
            posted(official.upload),
            methods=["POST"],
            name="official_upload",
        ),
        Route(
            f"{case}/official/grid",
            posted(official.save_grid),
            methods=["POST"],
            name="official_grid",
        ),
        Route(
            f"{case}/official/start",
            posted(official.start),
            methods=["POST"],
            name="official_start",
        ),
        Route(f"{case}/copies", copies.show_copies, name="copies"),
        Route(f"{case}/copies", posted(copies.add_copy), methods=["POST"], name="add_copy"),
        Route(f"{case}/authority", posted(edit.add_authority), methods=["POST"], name="authority"),
        Route(f"{case}/preview", output.show_preview, name="preview"),
        Route(f"{case}/preview-frames", output.frames, name="frames"),
        Route(f"{case}/preview/{{doc}}", output.document, name="document"),
        Route(f"{case}/build", output.show_build, name="build_status"),
        Route(f"{case}/build", posted(output.start_build), methods=["POST"], name="build"),
        Route(f"{case}/files/{{file}}", output.download, name="download"),
        Route(f"{case}/{{section}}", edit.show_section, name="section"),
        Route(f"{case}/{{section}}", posted(edit.save_section), methods=["POST"], name="save"),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(
    folders: list[Path],
    out_dir: Path,
    code: str,
    port: int,
    hosts: set[str] | None = None,
    templates: Path | None = None,
    access: Access | None = None,
) -> Starlette:
    """The application serving these case folders to whoever opens it with the one-time
    `code` first (or a further code of `access`); documents use the user's `templates`."""
    env = make_environment()
    served = Folders(tuple(folders), out_dir)
    # A save killed halfway leaves a temporary file that may hold the ИИН: removed now.
    for path in served.cases().values():
        api.clean_case_folder(path)
    state = State(served, new_secret(), env, templates, language=pages.start_language())
    env.globals["_"] = state.gettext

    def error_page(template: str, status: int) -> Callable[[Request, Exception], Response]:
        def handle(request: Request, exc: Exception) -> Response:
            return state.page(request, template, status)

        return handle

    def refuse(status: int) -> Response:
        html = env.get_template("refused.html.j2").render(status=status, lang=state.language)
        return HTMLResponse(html, status_code=status)

    app = Starlette(
        routes=routes(),
        exception_handlers={
            NotServed: error_page("missing.html.j2", 404),
            404: error_page("missing.html.j2", 404),
            Forbidden: error_page("expired.html.j2", 403),
            BodyTooLarge: lambda request, exc: refuse(413),
        },
    )
    app.state.web = state
    allowed = hosts or {f"127.0.0.1:{port}", f"localhost:{port}"}
    # The cookie's name holds the port: cookies do not tell ports apart, and a page served on
    # another port of this computer must neither read nor replace this one's session.
    cookie = f"appeal_session_{port}"
    app.add_middleware(
        Guard, access=access or Access(code), hosts=allowed, cookie=cookie, refuse=refuse
    )
    return app
