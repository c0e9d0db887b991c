"""The official results per station: the table (official.csv or .xlsx) whose figures are set
against the copies of the protocols, typed in a grid or uploaded, and its source, written into
case.yaml's `official_results:` entry. It works as the protocols page does: errors by row and
column, nothing lost, every earlier table kept in history/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from starlette.requests import Request
from starlette.responses import Response

from .. import api
from ..errors import AppealError, CaseError
from . import grids, languages
from .edit import CASE_FILE, Values, case_files, forget_stale
from .forms import Form
from .grids import official_table as declared
from .problems import Placed, place
from .sections import child, ids
from .state import State
from .yamlfile import (
    EDITING,
    EditConflict,
    UnreadableYaml,
    assign,
    load,
    read,
    read_or_empty,
    save,
    version_of,
)

SOURCE_FIELDS = ("official_results.source", "official_results.source_url")


def read_table(folder: Path, name: str | None) -> Any:
    """The official table's cells as text (api.ProtocolGrid), None when there is none yet;
    CaseError when it cannot be read as a table."""
    return None if name is None else api.protocol_grid(folder, name)


def problems_of(state: State, folder: Path, doc: Any, name: str | None) -> tuple[Placed, Any]:
    """`appeal check` on the case: the problems of case.yaml placed by field, and those of the
    official table by row and column (in `table` and `cells`)."""
    from . import backend

    checked = backend.check(folder)
    files = case_files(folder, doc)
    table = str(folder / name) if name else ""
    ours = [p for p in checked.problems if table and p.file.startswith(table)]
    rest = [p for p in checked.problems if p not in ours]
    placed = place(rest, files.applicant_file, "", None)
    of_table = place(ours, files.applicant_file, table, None)
    placed.table, placed.cells = of_table.table, of_table.cells
    return placed, checked


def render(
    request: Request,
    name: str,
    outcome: str = "",
    status: int = 200,
    typed: dict[str, str] | None = None,
    form: Form | None = None,
) -> Response:
    """The page: the source of the figures, the upload, the problems and the grid."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    doc = read_or_empty(folder, CASE_FILE)
    table = declared(doc)
    grid, code = None, ""
    try:
        grid = read_table(folder, table)
    except (CaseError, AppealError):
        code = "unreadable"
    placed, checked = problems_of(state, folder, doc, table)
    values = Values(doc, CommentedMap(), form.typed if form else {})
    if form is not None and outcome == "refused":
        forget_stale(placed, Values(doc, CommentedMap(), {}), form)
    rows, all_rows = grids.shown_rows(grid, placed)
    shown: set[str] = set()
    return state.page(
        request,
        "official.html.j2",
        status,
        name=name,
        section="official",
        table=table,
        sheet=grid,
        rows=rows,
        all_rows=all_rows,
        version=grid.version if grid else "",
        version_case=version_of(folder, CASE_FILE),
        placed=placed,
        checked=checked,
        outcome=outcome,
        code=code,
        typed=typed or {},
        parties=grids.party_names(doc, state.language),
        values=values,
        errors=form.errors if form else {},
        shown=shown,
        labels={},
        declared_elsewhere=_names_another_file(doc) and table is None,
        one_contest=len(ids(doc, "contests")) < 2,
    )


def _names_another_file(doc: Any) -> bool:
    entry = doc.get("official_results") if isinstance(doc, dict) else None
    return isinstance(entry, dict) and bool(entry.get("file"))


def show(request: Request) -> Response:
    """GET: the official results page (saying the table was just made, after `start`)."""
    done = request.query_params.get("done")
    return render(request, request.path_params["name"], done if done == "started" else "")


def save_source(request: Request, data: Any) -> Response:
    """POST: the document the figures are taken from, into official_results in case.yaml."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    typed = {k: v for k, v in data.items() if isinstance(v, str)}
    form = Form(typed)
    try:
        doc = load(folder, CASE_FILE)
        EDITING.set(str(doc.get("language") or "ru"))
        source = form.required("official_results.source")
        link = form.text("official_results.source_url")
        if form.errors:
            return render(request, name, "refused", 200, form=form)
        entry = child(doc, "official_results")  # its file is named once a table is made
        other_texts = languages.OtherTexts(doc, form, languages.documents_languages(doc))
        other_texts.before()
        assign(entry, "source", source)
        if link is None:
            entry.pop("source_url", None)
        else:
            assign(entry, "source_url", link)
        other_texts.after()
        save(folder, CASE_FILE, doc, typed.get("version_case", ""))
    except EditConflict:
        return render(request, name, "conflict_case", 409, form=form)
    except UnreadableYaml:
        return render(request, name, "unreadable_case", 400, form=form)
    except AppealError:
        return render(request, name, "not_written", 507, form=form)
    state.previews.clear()
    return render(request, name, "source_saved")


def _name_table(folder: Path, table: str) -> None:
    """Name the table in official_results.file, keeping the source already given."""
    doc = load(folder, CASE_FILE)
    entry = child(doc, "official_results")
    if entry.get("file") != table:
        entry["file"] = table
        entry.move_to_end("file", last=False)
        save(folder, CASE_FILE, doc, version_of(folder, CASE_FILE))


def replace(folder: Path, filename: str, content: bytes) -> str:
    """Make an uploaded CSV or XLSX the official table, then name it in case.yaml. Its name.
    TableRefused, NotWritten."""
    name = api.replace_official_table(folder, filename, content, declared(read(folder, CASE_FILE)))
    _name_table(folder, name)
    return name


def _start(folder: Path) -> str:
    """An official.csv with the case's columns and a row per contest, named in case.yaml."""
    table = api.start_official_table(folder, declared(read(folder, CASE_FILE)))
    _name_table(folder, table)
    return table


async def upload(request: Request, form: Any) -> Response:
    """POST: a new official table, replacing the case's (the replaced file is kept, dated)."""
    return await grids.upload(request, form, render, replace)


def start(request: Request, data: Any) -> Response:
    """POST: an official.csv with the case's columns and a row per contest, to type in."""
    return grids.start(request, render, _start, "official")


def _new_row(folder: Path, grid: Any) -> dict[tuple[int, int], str]:
    """A row added at the end: the case's first contest in its contest column (a row must hold
    something to stay in the file)."""
    header = [h.strip().lower() for h in grid.header]
    number = max((n for n, _cells in grid.rows), default=1) + 1
    contests = ids(read(folder, CASE_FILE), "contests")
    if "contest" in header and contests:
        return {(number, header.index("contest") + 1): contests[0]}
    return {(number, 1): "?"}


def save_grid(request: Request, form: Any) -> Response:
    """POST: the edited cells written back in the table's own format; then, when asked, a row
    added at the end or the rows marked «remove» removed."""
    name = request.path_params["name"]
    folder = request.app.state.web.folders.case(name)
    try:
        table = declared(read(folder, CASE_FILE))
        grid = read_table(folder, table)
    except (CaseError, UnreadableYaml):
        return render(request, name, "unreadable", 400, grids.typed_cells(form))
    if grid is None or table is None:
        return render(request, name, "no_table", 400)
    return grids.save(request, form, grid, table, render, _new_row)
