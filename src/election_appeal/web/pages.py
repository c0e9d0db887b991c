"""The list of cases and the form that starts a new one."""

from __future__ import annotations

import os
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
    "place",
    "full_name",
    "iin",
    "address",
    "phone",
    "email",
    "election_date",
    "territory",
    "territory_genitive",
    "stations",
    "contests",
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
    return state.page(request, "new.html.j2", values={}, errors={}, places=places(state))


def places(state: State) -> list[str]:
    """The folders a new case may go into, as the form shows them."""
    return [str(place) for place in state.folders.places()]


def read_answers(form: Form) -> dict[str, Any]:
    """The answers in the shape the library's new-case function takes."""
    form.required("full_name")
    form.iin("iin")
    form.required("address")
    form.text("phone")
    form.text("email")
    form.required("territory")
    form.required("territory_genitive")  # «на территории …» of the Russian documents
    form.required("appeal_place")
    for name in ("election_date", "appeal_date"):
        if form.date(name) is None and name not in form.errors:
            form.errors[name] = "required"
    if form.positive("stations") is None and "stations" not in form.errors:
        form.errors["stations"] = "required"
    # One voting (a Kurultai election) or two compared with each other: nothing is assumed.
    contests = form.choice("contests", ("1", "2"))
    if contests is None and "contests" not in form.errors:
        form.errors["contests"] = "required"
    answers = {k: form.values[k] for k in NEW_FIELDS if k not in ("folder", "place")}
    answers["contests"] = int(contests) if contests in ("1", "2") else None
    for name in ("election_date", "appeal_date"):
        answers[name] = answers[name].isoformat() if answers[name] else None
    return answers


def create(request: Request, data: Any) -> Response:
    """POST: make the case folder and open its form."""
    state: State = request.app.state.web
    form = Form({k: v for k, v in data.items() if isinstance(v, str) and k in NEW_FIELDS})
    folder_name = form.typed.get("folder", "").strip()
    place = form.typed.get("place", "0")
    if not place.isdigit() or int(place) >= len(state.folders.places()):
        form.errors["place"] = "choice"
    folder = state.folders.new_case_folder(folder_name, int(place) if place.isdigit() else 0)
    if folder is None and "place" not in form.errors:
        taken = folder_name in state.folders.cases()
        form.errors["folder"] = "taken" if taken else ("required" if not folder_name else "folder")
    answers = read_answers(form)
    shown = {"values": form.typed, "errors": form.errors, "places": places(state)}
    if form.errors or folder is None:
        return state.page(request, "new.html.j2", 200, **shown)
    try:
        api.new_case(folder, answers)
    except AppealError:  # the folder appeared meanwhile, or cannot be written: answers kept
        form.errors["folder"] = "not_made"
        return state.page(request, "new.html.j2", 200, **shown)
    state.folders.add(folder)
    target = path_for(request, "section", name=folder.name, section="general")
    return RedirectResponse(target, status_code=303)


LANGUAGES = ("ru", "kk")


def start_language() -> str:
    """The interface language the page starts in: the one the user's terminal speaks when it
    is Russian or Kazakh, else Russian."""
    from ..i18n import current_language

    chosen = current_language()
    return chosen if chosen in LANGUAGES else "ru"


def choose_language(request: Request, data: Any) -> Response:
    """POST: speak Russian or Kazakh from now on, then show the page the user was on."""
    state: State = request.app.state.web
    language = data.get("lang")
    if language in LANGUAGES:
        state.language = str(language)
        # The library words its messages (the problems `check` finds) in APPEAL_LANG.
        os.environ["APPEAL_LANG"] = state.language
    back = str(data.get("next") or "")
    # Only a path of this page: "//host" or "http:" would lead elsewhere.
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    # A page shown in answer to a form (an upload) is not one to go back to: the page above it.
    while back != "/" and not _shown_by_get(request, back):
        back = back.rsplit("/", 1)[0] or "/"
    return RedirectResponse(back, status_code=303)


def _shown_by_get(request: Request, path: str) -> bool:
    """Whether a GET of this path is a page of the interface."""
    from starlette.routing import Match

    scope = {"type": "http", "path": path, "method": "GET"}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)
