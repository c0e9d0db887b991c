"""The web application: routes, the guard in front of them, and the error pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import edit, output, pages, table
from .folders import Folders, NotServed
from .security import BodyTooLarge, Forbidden, Guard, checked_form, new_secret
from .state import STATIC, State, make_environment

Handler = Callable[[Request, Any], Awaitable[Response]]


def posted(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A POST handler that runs only with a valid CSRF token in the form or header."""

    async def endpoint(request: Request) -> Response:
        state: State = request.app.state.web
        form = await checked_form(request, state.csrf)
        try:
            return await handler(request, form)
        finally:
            await form.close()

    return endpoint


async def case_home(request: Request) -> Response:
    """GET /case/<name>: the first section of its form."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    state.folders.case(name)
    return RedirectResponse(request.url_for("section", name=name, section="general").path, 303)


def routes() -> list[Route | Mount]:
    """Every address of the page."""
    case = "/case/{name}"
    return [
        Route("/", pages.home, name="home"),
        Route("/new", pages.new_form, name="new"),
        Route("/new", posted(pages.create), methods=["POST"], name="create"),
        Route(case, case_home, name="case"),
        Route(f"{case}/protocols", table.show_table, name="protocols"),
        Route(f"{case}/protocols/blank.xlsx", table.blank, name="blank"),
        Route(f"{case}/protocols/upload", posted(table.upload), methods=["POST"], name="upload"),
        Route(f"{case}/protocols/grid", posted(table.save_grid), methods=["POST"], name="grid"),
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
    folders: list[Path], out_dir: Path, token: str, port: int, hosts: set[str] | None = None
) -> Starlette:
    """The application serving these case folders to whoever has the token."""
    env = make_environment()
    state = State(Folders(tuple(folders), out_dir), token, new_secret(), env)

    def error_page(template: str, status: int) -> Callable[[Request, Exception], Response]:
        def handle(request: Request, exc: Exception) -> Response:
            return state.page(request, template, status)

        return handle

    def refuse(status: int) -> Response:
        html = env.get_template("refused.html.j2").render(status=status)
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
    app.add_middleware(Guard, token=token, hosts=allowed, cookie=f"appeal_{port}", refuse=refuse)
    return app
