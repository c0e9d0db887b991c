"""The protocols page: upload a CSV or XLSX, see its problems as a table, fix cells in a grid."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from .. import api
from ..errors import AppealError
from . import grids, sections
from .edit import CASE_FILE, case_files, placed_problems
from .state import State
from .yamlfile import UnreadableYaml, read, read_or_empty

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_table(
    request: Request, name: str, outcome: str = "", status: int = 200, typed: Any = None
) -> Response:
    """The protocols page: the file, its problems, and the grid with faulty cells marked."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    doc = read_or_empty(folder, CASE_FILE)
    files = case_files(folder, doc)
    placed, checked = placed_problems(state, folder, files)
    grid, code = None, ""
    try:
        grid = api.protocol_grid(folder)
    except AppealError:
        code = "unreadable"
    shown, all_rows = grids.shown_rows(grid, placed)
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
        all_rows=all_rows,
        faulty={row for row, _ in placed.cells},
        placed=placed,
        checked=checked,
        outcome=outcome,
        code=code,
        typed=typed,
        conflicts=_conflicts(grid, typed) if outcome == "conflict" else [],
        parties=grids.party_names(doc, state.language),
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
    return await grids.upload(request, form, render_table, api.replace_protocol_table)


def save_grid(request: Request, form: Any) -> Response:
    """POST: the edited cells of the grid, written back in the table's own format; then, when
    asked, a row added at the end or the rows marked «remove» removed."""
    name = request.path_params["name"]
    try:
        table = api.protocol_grid(request.app.state.web.folders.case(name))
    except AppealError:
        return render_table(request, name, "unreadable", 400, grids.typed_cells(form))
    if table is None:
        return render_table(request, name, "no_table", 400)
    return grids.save(request, form, table, None, render_table, _new_row)


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
    return grids.start(request, render_table, api.start_protocol_table, "protocols")
