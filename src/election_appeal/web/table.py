"""The protocols page: upload a CSV or XLSX, see its problems as a table, fix cells in a grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from .edit import CASE_FILE, case_files, placed_problems
from .grid import MAX_GRID_ROWS, MAX_UPLOAD_BYTES, BadTable, check_xlsx, read_sheet, write_cells
from .sections import items
from .state import State
from .yamlfile import (
    MAX_YAML_BYTES,
    EditConflict,
    UnreadableYaml,
    atomic_write,
    load,
    version_of,
)

SUFFIXES = (".csv", ".xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIOUS = ".previous"


def render_table(
    request: Request, name: str, outcome: str = "", status: int = 200, typed: Any = None
) -> Response:
    """The protocols page: the file, its problems, and the grid with faulty cells marked."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    try:
        doc = load(folder / CASE_FILE)
    except UnreadableYaml:
        doc = CommentedMap()
    files = case_files(folder, doc)
    parties = {
        str(p.get("id")): str(p.get("short_name") or p.get("id")) for p in items(doc, "parties")
    }
    placed, checked = placed_problems(state, folder, files)
    table = files.table()
    sheet, code = None, ""
    if table is not None:
        try:
            sheet = read_sheet(table)
        except BadTable as exc:
            code = exc.code
        except Exception:  # openpyxl and csv raise many kinds of errors for a broken file
            code = "unreadable"
    faulty = {row for row, _ in placed.cells}
    shown = sheet.rows if sheet and len(sheet.rows) <= MAX_GRID_ROWS else None
    if sheet and shown is None:
        shown = [(n, cells) for n, cells in sheet.rows if n in faulty]
    return state.page(
        request,
        "protocols.html.j2",
        status,
        name=name,
        section="protocols",
        table=table.name if table else None,
        version=version_of(table) if table else "",
        sheet=sheet,
        rows=shown,
        all_rows=sheet is not None and shown is not None and len(shown) == len(sheet.rows),
        faulty=faulty,
        placed=placed,
        checked=checked,
        outcome=outcome,
        code=code,
        typed=typed or {},
        parties=parties,
        both=all((folder / f"protocols{suffix}").exists() for suffix in SUFFIXES),
    )


async def show_table(request: Request) -> Response:
    """GET: the protocols page."""
    return render_table(request, request.path_params["name"])


async def blank(request: Request) -> Response:
    """GET: an empty protocols.xlsx with this case's parties and contests, to fill in Excel."""
    from ..blank_tables import Ids, xlsx_bytes

    state: State = request.app.state.web
    name = request.path_params["name"]
    path = state.folders.case(name) / CASE_FILE
    text = path.read_text(encoding="utf-8-sig") if path.stat().st_size <= MAX_YAML_BYTES else ""
    headers = {"Content-Disposition": f'attachment; filename="{name}-protocols.xlsx"'}
    return Response(xlsx_bytes(Ids.from_case_yaml(text)), media_type=XLSX_TYPE, headers=headers)


async def upload(request: Request, form: Any) -> Response:
    """POST: a new protocol table, replacing the case's (the replaced file is kept beside it)."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    upload = form.get("table")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render_table(request, name, "no_file", 400)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in SUFFIXES:
        return render_table(request, name, "wrong_type", 400)
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return render_table(request, name, "too_big", 413)
    if suffix == ".xlsx":
        try:
            check_xlsx(content)
        except BadTable as exc:
            return render_table(request, name, exc.code, 400)
    for old in SUFFIXES:
        present = folder / f"protocols{old}"
        if present.is_file():
            present.replace(folder / f"protocols{old}{PREVIOUS}")
    atomic_write(folder / f"protocols{suffix}", content)
    state.previews.clear()
    return render_table(request, name, "uploaded")


def _changes(form: Any, table: Path) -> dict[tuple[int, int], str]:
    """The grid's cells (named c.<row>.<column>) that differ from the file."""
    sheet = read_sheet(table)
    current = {(n, i + 1): text for n, cells in sheet.rows for i, text in enumerate(cells)}
    changes = {}
    for key, value in form.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "c" or not all(p.isdigit() for p in parts[1:]):
            continue
        cell = (int(parts[1]), int(parts[2]))
        if cell in current and current[cell] != str(value):
            changes[cell] = str(value)
    return changes


async def save_grid(request: Request, form: Any) -> Response:
    """POST: the edited cells of the grid, written back in the table's own format."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    table = case_files(folder, load(folder / CASE_FILE)).table()
    if table is None:
        return render_table(request, name, "no_table", 400)
    try:
        if version_of(table) != form.get("version"):
            raise EditConflict(table.name)
        changes = _changes(form, table)
        if changes:
            write_cells(table, changes)
    except EditConflict:
        return render_table(request, name, "conflict", 409)
    except BadTable as exc:
        return render_table(request, name, exc.code, 400, dict(form))
    state.previews.clear()
    return render_table(request, name, "grid_saved" if changes else "grid_same")
