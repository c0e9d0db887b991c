"""What the two pages of tables share — the protocols and the official figures per station, which
have the same columns: the grid shown, the cells typed into it written back, a row added or the
marked ones removed, a table uploaded or started. Each page gives its own table and wording."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import api
from ..errors import AppealError
from .forms import uploaded
from .problems import Placed
from .sections import items
from .state import State, path_for
from .yamlfile import EditConflict, UnreadableYaml, in_language

# Larger tables show only their rows with problems: a grid of every cell would be too heavy.
MAX_GRID_ROWS = 600
OFFICIAL_SUFFIXES = (".csv", ".xlsx")

# A page's render(request, case name, outcome, status, typed cells).
Render = Callable[..., Response]
# The cells of a row added at the end of a grid: (folder, grid) → {(row, column): text}.
NewRow = Callable[[Path, Any], dict[tuple[int, int], str]]


def official_table(doc: Any) -> str | None:
    """The table case.yaml names in official_results.file, when it is a plain file name in the
    case folder (one elsewhere is not edited here; `appeal check` says what is wrong with it)."""
    entry = doc.get("official_results") if isinstance(doc, dict) else None
    name = entry.get("file") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    plain = Path(name).name == name and not name.startswith(".")
    return name if plain and name.lower().endswith(OFFICIAL_SUFFIXES) else None


def filled_columns(folder: Path, doc: Any, names: list[str]) -> dict[str, int]:
    """How many cells of these columns hold something, by column, in the protocol table and
    the official figures' table (a deleted party's figures, which stay in them)."""
    found: dict[str, int] = {}
    for table in [None, *([official] if (official := official_table(doc)) else [])]:
        try:
            grid = api.protocol_grid(folder, table) if names else None
        except AppealError:
            continue
        if grid is None:
            continue
        header = [h.strip().lower() for h in grid.header]
        for name in (n for n in names if n in header):
            at = header.index(name)
            filled = sum(1 for _n, cells in grid.rows if at < len(cells) and cells[at].strip())
            if filled:
                found[name] = found.get(name, 0) + filled
    return found


def shown_rows(grid: Any, placed: Placed) -> tuple[list[Any] | None, bool]:
    """The rows the grid shows (all, or those with problems of a large table) and whether
    they are all of them."""
    if grid is None:
        return None, False
    if len(grid.rows) <= MAX_GRID_ROWS:
        return grid.rows, True
    faulty = {row for row, _ in placed.cells}
    rows = [(n, cells) for n, cells in grid.rows if n in faulty]
    return rows, len(rows) == len(grid.rows)


def party_names(doc: Any, language: str) -> dict[str, str]:
    """The parties' short names by id, naming the grid's columns."""
    return {
        str(p.get("id")): str(in_language(p.get("short_name") or p.get("id"), language))
        for p in items(doc, "parties")
    }


def typed_cells(form: Any) -> dict[str, str]:
    """The cells and «remove» marks a grid's form sent, to show again after a refused save."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k.startswith(("c.", "remove."))}


def changed_cells(form: Any, grid: Any) -> dict[tuple[int, int], str]:
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


def save(
    request: Request, form: Any, grid: Any, table: str | None, render: Render, new_row: NewRow
) -> Response:
    """The edited cells written back in the table's own format (table None: the protocol
    table); then, when asked, a row added at the end or the rows marked «remove» removed."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    typed = typed_cells(form)
    removed = sorted(int(k[7:]) for k in typed if k.startswith("remove.") and k[7:].isdigit())
    try:
        if grid.version != form.get("version"):
            raise EditConflict(grid.file)
        changes = changed_cells(form, grid)
        version = grid.version
        if changes:
            version = api.write_protocol_cells(folder, changes, version, table)
        if form.get("action") == "add_row":
            current = api.protocol_grid(folder, table) or grid  # with the cells just saved
            api.write_protocol_cells(folder, new_row(folder, current), version, table)
        elif removed:
            api.remove_protocol_rows(folder, removed, version, table=table)
    except EditConflict:
        return render(request, name, "conflict", 409, typed)
    except api.TableRefused as exc:
        return render(request, name, exc.code, 400, typed)
    except AppealError:  # a full disk, a folder made read-only: the table is as it was
        return render(request, name, "not_written", 507, typed)
    state.previews.clear()
    if form.get("action") == "add_row":
        return render(request, name, "row_added")
    if removed:
        return render(request, name, "rows_removed")
    return render(request, name, "grid_saved" if changes else "grid_same")


async def upload(
    request: Request, form: Any, render: Render, replace: Callable[[Path, str, bytes], Any]
) -> Response:
    """A table sent from the page made the case's by `replace(folder, file name, content)`."""
    name = request.path_params["name"]
    if (sent := await uploaded(form, "table", api.UPLOAD_MAX_BYTES)) is None:
        return await run_in_threadpool(render, request, name, "no_file", 400)
    return await run_in_threadpool(_replace, request, render, replace, *sent)


def _replace(
    request: Request, render: Render, replace: Callable[[Path, str, bytes], Any], *sent: Any
) -> Response:
    state: State = request.app.state.web
    name = request.path_params["name"]
    try:
        replace(state.folders.case(name), *sent)
    except api.TableRefused as exc:
        return render(request, name, exc.code, 413 if exc.code == "too_big" else 400)
    except (EditConflict, UnreadableYaml):  # the case file, where the table is named
        return render(request, name, "unreadable_case", 400)
    except AppealError:  # NotWritten: the case is as it was
        return render(request, name, "not_written", 507)
    state.previews.clear()
    return render(request, name, "uploaded")


def start(request: Request, render: Render, make: Callable[[Path], Any], page: str) -> Response:
    """A new table with the case's columns made by `make(folder)`, then the page (a GET:
    reloading it does not make the table again)."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    try:
        make(state.folders.case(name))
    except api.TableRefused as exc:
        return render(request, name, exc.code, 400)
    except (EditConflict, UnreadableYaml):
        return render(request, name, "unreadable_case", 400)
    except AppealError:
        return render(request, name, "not_written", 507)
    state.previews.clear()
    return RedirectResponse(path_for(request, page, name=name) + "?done=started", 303)
