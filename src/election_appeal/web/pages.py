"""The list of cases and the form that starts a new one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import api
from ..errors import AppealError
from . import backend
from .forms import Form
from .state import State, path_for

NEW_FIELDS = (
    "folder",
    "full_name",
    "iin",
    "address",
    "phone",
    "email",
    "election_date",
    "territory",
    "stations",
    "appeal_date",
    "appeal_place",
)


@dataclass(frozen=True)
class Listed:
    """One case of the list: its folder name, what `appeal check` says, whether it was built."""

    name: str
    checked: backend.Checked
    built: bool


def home(request: Request) -> Response:
    """GET: every served case with its state."""
    state: State = request.app.state.web
    cases = [
        Listed(name, backend.check(path), bool(state.folders.outputs(name)))
        for name, path in state.folders.cases().items()
    ]
    return state.page(request, "home.html.j2", cases=cases)


def new_form(request: Request) -> Response:
    """GET: the questions of `appeal new --interactive`, as a form."""
    state: State = request.app.state.web
    return state.page(request, "new.html.j2", values={}, errors={})


def read_answers(form: Form) -> dict[str, Any]:
    """The answers in the shape the library's new-case function takes."""
    form.required("full_name")
    form.iin("iin")
    form.required("address")
    form.text("phone")
    form.text("email")
    form.required("territory")
    form.required("appeal_place")
    for name in ("election_date", "appeal_date"):
        if form.date(name) is None and name not in form.errors:
            form.errors[name] = "required"
    if form.positive("stations") is None and "stations" not in form.errors:
        form.errors["stations"] = "required"
    answers = {k: form.values[k] for k in NEW_FIELDS if k != "folder"}
    for name in ("election_date", "appeal_date"):
        answers[name] = answers[name].isoformat() if answers[name] else None
    return answers


def create(request: Request, data: Any) -> Response:
    """POST: make the case folder and open its form."""
    state: State = request.app.state.web
    form = Form({k: v for k, v in data.items() if isinstance(v, str) and k in NEW_FIELDS})
    folder_name = form.typed.get("folder", "").strip()
    folder = state.folders.new_case_folder(folder_name)
    if folder is None:
        taken = folder_name in state.folders.cases()
        form.errors["folder"] = "taken" if taken else ("required" if not folder_name else "folder")
    answers = read_answers(form)
    if form.errors or folder is None:
        return state.page(request, "new.html.j2", 200, values=form.typed, errors=form.errors)
    try:
        api.new_case(folder, answers)
    except AppealError:  # the folder appeared meanwhile, or cannot be written: answers kept
        form.errors["folder"] = "not_made"
        return state.page(request, "new.html.j2", 200, values=form.typed, errors=form.errors)
    state.folders.add(folder)
    target = path_for(request, "section", name=folder.name, section="general")
    return RedirectResponse(target, status_code=303)
