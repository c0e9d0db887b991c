"""The protocols page: upload a CSV or XLSX, see its problems as a table, fix cells in a grid."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ruamel.yaml.comments import CommentedMap
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import api
from ..errors import AppealError
from . import sections
from .edit import CASE_FILE, case_files, placed_problems
from .forms import uploaded
from .sections import items
from .state import State, path_for
from .yamlfile import EditConflict, UnreadableYaml, in_language, read

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Larger tables show only their rows with problems: a grid of every cell would be too heavy.
MAX_GRID_ROWS = 600


def render_table(
    request: Request, name: str, outcome: str = "", status: int = 200, typed: Any = None
) -> Response:
    """The protocols page: the file, its problems, and the grid with faulty cells marked."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    try:
        doc = read(folder, CASE_FILE)
    except UnreadableYaml:
        doc = CommentedMap()
    files = case_files(folder, doc)
    parties = {
        str(p.get("id")): str(in_language(p.get("short_name") or p.get("id"), state.language))
        for p in items(doc, "parties")
    }
    placed, checked = placed_problems(state, folder, files)
    grid, code = None, ""
    try:
        grid = api.protocol_grid(folder)
    except AppealError:
        code = "unreadable"
    faulty = {row for row, _ in placed.cells}
    shown = grid.rows if grid and len(grid.rows) <= MAX_GRID_ROWS else None
    if grid and shown is None:
        shown = [(n, cells) for n, cells in grid.rows if n in faulty]
    typed = typed or {}
    return state.page(
        request,
        "protocols.html.j2",
        status,
        name=name,
        section="protocols",
        table=grid.file if grid else files.table(),
        version=grid.version if grid else "",
        sheet=grid,
        rows=shown,
        all_rows=grid is not None and shown is not None and len(shown) == len(grid.rows),
        faulty=faulty,
        placed=placed,
        checked=checked,
        outcome=outcome,
        code=code,
        typed=typed,
        conflicts=_conflicts(grid, typed) if outcome == "conflict" else [],
        parties=parties,
        both=all(_present(folder, table) for table in api.PROTOCOL_TABLES),
    )


def _present(folder: Any, name: str) -> bool:
    try:
        return api.case_file(folder, name) is not None
    except AppealError:
        return True


def _conflicts(grid: Any, typed: dict[str, str]) -> list[tuple[str, str, str]]:
    """The typed cells whose text differs from the table as it is now: (cell, in file, typed)."""
    if grid is None:
        return []
    current = {f"c.{n}.{i + 1}": text for n, cells in grid.rows for i, text in enumerate(cells)}
    found = []
    for key, value in typed.items():
        if key in current and current[key] != value:
            _, row, column = key.split(".")
            label = f"{row}, {grid.header[int(column) - 1]}"
            found.append((label, current[key], value))
    return found


def show_table(request: Request) -> Response:
    """GET: the protocols page (saying the table was just made, after `start_table`)."""
    done = "started" if request.query_params.get("done") == "started" else ""
    return render_table(request, request.path_params["name"], done)


def content_disposition(file_name: str) -> str:
    """An attachment header any browser reads, whatever the name holds (Cyrillic, "#", quotes):
    an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987)."""
    fallback = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def blank(request: Request) -> Response:
    """GET: an empty protocols.xlsx with this case's parties and contests, to fill in Excel."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    content = api.blank_protocol_table(folder)
    headers = {"Content-Disposition": content_disposition(f"{name}-protocols.xlsx")}
    return Response(content, media_type=XLSX_TYPE, headers=headers)


async def upload(request: Request, form: Any) -> Response:
    """POST: a new protocol table, replacing the case's (the replaced file is kept, dated)."""
    name = request.path_params["name"]
    if (sent := await uploaded(form, "table", api.UPLOAD_MAX_BYTES)) is None:
        return await _in_thread(render_table, request, name, "no_file", 400)
    return await _in_thread(_replace, request, name, *sent)


def _replace(request: Request, name: str, filename: str, content: bytes) -> Response:
    state: State = request.app.state.web
    folder = state.folders.case(name)
    try:
        api.replace_protocol_table(folder, filename, content)
    except api.TableRefused as exc:
        return render_table(request, name, exc.code, 413 if exc.code == "too_big" else 400)
    except api.NotWritten:  # a full disk, a folder made read-only: the case is as it was
        return render_table(request, name, "not_written", 507)
    state.previews.clear()
    return render_table(request, name, "uploaded")


async def _in_thread(function: Any, *args: Any) -> Response:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


def _changes(form: Any, grid: Any) -> dict[tuple[int, int], str]:
    """The grid's cells (named c.<row>.<column>) that differ from the file."""
    current = {(n, i + 1): text for n, cells in grid.rows for i, text in enumerate(cells)}
    changes = {}
    for key, value in form.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "c" or not all(p.isdigit() for p in parts[1:]):
            continue
        cell = (int(parts[1]), int(parts[2]))
        if cell in current and current[cell] != str(value):
            changes[cell] = str(value)
    return changes


def save_grid(request: Request, form: Any) -> Response:
    """POST: the edited cells of the grid, written back in the table's own format; then, when
    asked, a row added at the end or the rows marked «remove» removed."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    typed = {
        k: v for k, v in form.items() if isinstance(v, str) and k.startswith(("c.", "remove."))
    }
    try:
        grid = api.protocol_grid(folder)
    except AppealError:
        return render_table(request, name, "unreadable", 400, typed)
    if grid is None:
        return render_table(request, name, "no_table", 400)
    removed = sorted(
        int(k.split(".")[1])
        for k in typed
        if k.split(".")[-1].isdigit() and k.startswith("remove.")
    )
    try:
        if grid.version != form.get("version"):
            raise EditConflict(grid.file)
        changes = _changes(form, grid)
        version = grid.version
        if changes:
            version = api.write_protocol_cells(folder, changes, version)
        if form.get("action") == "add_row":
            current = api.protocol_grid(folder) or grid  # with the cells just saved
            api.write_protocol_cells(folder, _new_row(folder, current), version)
        elif removed:
            api.remove_protocol_rows(folder, removed, version)
    except EditConflict:
        return render_table(request, name, "conflict", 409, typed)
    except api.TableRefused as exc:
        return render_table(request, name, exc.code, 400, typed)
    except api.NotWritten:
        return render_table(request, name, "not_written", 507, typed)
    state.previews.clear()
    if form.get("action") == "add_row":
        return render_table(request, name, "row_added")
    if removed:
        return render_table(request, name, "rows_removed")
    return render_table(request, name, "grid_saved" if changes else "grid_same")


def _new_row(folder: Any, grid: Any) -> dict[tuple[int, int], str]:
    """The cells of a row added at the end: the same station's next contest while the last
    row's station lacks one, else a new station's first contest."""
    header = [h.strip().lower() for h in grid.header]
    try:
        contests = list(dict.fromkeys(c for c in sections.ids(read(folder, CASE_FILE), "contests")))
    except UnreadableYaml:
        contests = []
    number = max((n for n, _cells in grid.rows), default=1) + 1
    last = grid.rows[-1][1] if grid.rows else []
    cells: dict[str, str] = {}
    if "contest" in header and contests:
        cells["contest"] = contests[0]
        done = [
            c[header.index("contest")]
            for _n, c in grid.rows
            if last
            and "station" in header
            and c[header.index("station")] == last[header.index("station")]
        ]
        following = [c for c in contests if c not in done]
        if last and following and "station" in header and last[header.index("station")]:
            cells["contest"] = following[0]
            for column in ("station", "district", "kind", "source"):
                if column in header:
                    cells[column] = last[header.index(column)]
    if not cells:  # a row must hold something to stay in the file
        cells[header[0] if header else "station"] = "?"
    return {(number, header.index(k) + 1): v for k, v in cells.items() if k in header} or {
        (number, 1): "?"
    }


def start_table(request: Request, form: Any) -> Response:
    """POST: a protocols.csv with the case's columns, to type the protocols in on the page."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    try:
        api.start_protocol_table(folder)
    except api.TableRefused as exc:
        return render_table(request, name, exc.code, 400)
    except api.NotWritten:
        return render_table(request, name, "not_written", 507)
    state.previews.clear()
    # Shown by a GET: reloading the page does not make the table again.
    target = path_for(request, "protocols", name=name) + "?done=started"
    return RedirectResponse(target, status_code=303)
