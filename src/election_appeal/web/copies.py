"""The copies page: a photo or scan per station and contest into the case's copies folder, with
where the copy comes from (copies.csv), and what `appeal check` says about the copies."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .. import api
from ..errors import AppealError
from ..i18n import N_
from .edit import CASE_FILE, case_files, placed_problems
from .forms import uploaded
from .sections import items
from .state import State
from .yamlfile import in_language, read_or_empty

PROVENANCE = ("received_by", "received_on", "received_from", "signed", "stamped")


def render_copies(
    request: Request,
    name: str,
    outcome: str = "",
    status: int = 200,
    typed: dict[str, str] | None = None,
    reason: str = "",
    added: str = "",
) -> Response:
    """The copies page: the form to add one, the copies the folder holds, what is missing."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    doc = read_or_empty(folder, CASE_FILE)
    contests = [
        (str(c.get("id")), str(in_language(c.get("short_title") or c.get("id"), state.language)))
        for c in items(doc, "contests")
        if c.get("id")
    ]
    placed, checked = placed_problems(state, folder, case_files(folder, doc))
    try:
        copies = api.protocol_copies(folder)
        folder_name = api.copies_folder(folder)
    except AppealError as exc:
        copies, folder_name, reason, outcome = [], api.COPIES_FOLDER, str(exc), "refused"
    grid = _grid(folder)
    rows = _protocol_rows(grid)
    with_file = {(c.station, c.contest) for c in copies if c.files}
    missing = [f"{s} · {dict(contests).get(c, c)}" for s, c in rows if (s, c) not in with_file]
    problems = [p for p in checked.problems if f"/{folder_name}" in p.file]
    return state.page(
        request,
        "copies.html.j2",
        status,
        name=name,
        section="copies",
        placed=placed,
        checked=checked,
        folder=folder_name,
        contests=[c for c, _title in contests],
        contest_titles=contests,
        titles=dict(contests),
        stations=list(dict.fromkeys(s for s, _c in rows)),
        copies=copies,
        missing=missing,
        problems=problems,
        outcome=outcome,
        reason=reason,
        added=added,
        typed=typed or {},
        errors={},
    )


def _grid(folder: Any) -> Any:
    try:
        return api.protocol_grid(folder)
    except AppealError:
        return None


def _protocol_rows(grid: Any) -> list[tuple[str, str]]:
    """(station, contest) of every row of the protocol table, in its order."""
    if grid is None:
        return []
    header = [h.strip().lower() for h in grid.header]
    if "station" not in header or "contest" not in header:
        return []
    s, c = header.index("station"), header.index("contest")
    return [(cells[s].strip(), cells[c].strip()) for _n, cells in grid.rows if cells[s].strip()]


def show_copies(request: Request) -> Response:
    """GET: the copies page."""
    return render_copies(request, request.path_params["name"])


async def add_copy(request: Request, form: Any) -> Response:
    """POST: one photo or scan of a copy, with its provenance; nothing typed is lost when it
    is refused."""
    name = request.path_params["name"]
    fields = (*PROVENANCE, "station", "contest")
    typed = {k: v for k, v in form.items() if isinstance(v, str) and k in fields}
    if (sent := await uploaded(form, "copy", api.COPY_UPLOAD_MAX_BYTES)) is None:
        reason = _say(request, N_("choose the file of the copy"))
        return await run_in_threadpool(render_copies, request, name, "refused", 400, typed, reason)
    return await run_in_threadpool(_add, request, name, typed, *sent)


def _say(request: Request, message: str) -> str:
    state: State = request.app.state.web
    return state.gettext(message)


def _add(
    request: Request, name: str, typed: dict[str, str], filename: str, content: bytes
) -> Response:
    state: State = request.app.state.web
    folder = state.folders.case(name)
    provenance = {k: typed.get(k, "") for k in PROVENANCE}
    try:
        station, contest = typed.get("station", ""), typed.get("contest", "")
        written = api.add_copy(folder, station, contest, filename, content, provenance)
    except api.CopyRefused as exc:
        status = 413 if exc.code == "too_big" else 400
        return render_copies(request, name, "refused", status, typed, str(exc))
    except api.NotWritten:
        return render_copies(request, name, "not_written", 507, typed)
    state.previews.clear()
    return render_copies(request, name, "added", added=written)
