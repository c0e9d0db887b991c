"""Preview, build and download: the documents as HTML while editing, then the real files."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from .. import api
from ..errors import AppealError
from . import backend
from .edit import CASE_FILE, CaseFiles, Limit, case_files, placed_problems, time_limits
from .sections import items
from .state import BuildJob, State, path_for
from .yamlfile import UnreadableYaml, read, version_of

CHANGES = "changes.md"
MAX_CHANGES_BYTES = 200_000
# The documents' HTML runs nothing and loads nothing: a template or case file from a stranger
# cannot reach the network or the page's cookies from the preview frame.
# Only this page may show it, in its preview frame.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'"
)
# Shown around the document in the frame so that it reads as a sheet of paper; print layout
# (@page) is WeasyPrint's and does not apply on screen.
PAPER = (
    "<style>@media screen{html{background:#e8e6e1}body{background:#fff;max-width:190mm;"
    "margin:12px auto;padding:18mm 12mm 18mm 24mm;box-shadow:0 1px 4px rgba(0,0,0,.25)}"
    "body.attachment{max-width:none;font-size:10pt}}"
    "@media screen and (max-width:600px){body{margin:0;padding:10px;font-size:11pt}}</style></head>"
)


def _inputs_version(request: Request, name: str) -> str:
    """The state of every file the documents are made from, to reuse a preview while it holds."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    try:
        files = case_files(folder, read(folder, CASE_FILE))
    except UnreadableYaml:
        return version_of(folder, CASE_FILE)
    names = [CASE_FILE, files.applicant_file, files.table()]
    return "|".join(version_of(folder, n) for n in names if n is not None)


def _stamp(request: Request, name: str) -> str:
    """A short name for the state of the inputs, for the page to ask whether it changed."""
    return hashlib.sha256(_inputs_version(request, name).encode()).hexdigest()[:12]


def preview_of(request: Request, name: str) -> api.Preview:
    """The case's documents for the preview, analysed once per state of the inputs; AppealError
    when the case has errors."""
    state: State = request.app.state.web
    key = (name, _inputs_version(request, name))
    with state.lock:
        preview = state.previews.get(key)
        if preview is None:
            state.previews.clear()
            folder = state.folders.case(name)
            preview = state.previews[key] = api.Preview(folder, state.templates)
        return preview


def documents_of(request: Request, name: str, checked: backend.Checked) -> tuple[str, ...]:
    """The documents the preview shows (none while the case has errors)."""
    return preview_of(request, name).documents if checked.ready else ()


def document_html(request: Request, name: str, doc: str) -> str:
    """A document's HTML, rendered once per state of the inputs."""
    state: State = request.app.state.web
    preview = preview_of(request, name)
    with state.lock:
        return preview.document(doc)


# The files of a letter of its own, to an addressee of a kind that acts on another instrument
# than the main letter's (and each letter of `--per-addressee`): appeal--<authority id>.pdf and
# .docx, appeal-bundle--<id>.pdf (with its attachments), .kk before the extension in Kazakh.
LETTER_FILE = re.compile(
    r"appeal(?P<bundle>-bundle)?--(?P<id>[A-Za-z0-9_]+)(?:\.[a-z]{2})?\.(?P<format>pdf|docx)"
)


@dataclass(frozen=True)
class LetterFile:
    """What a letter's file is, for its label in the list of files: the addressee's name, the
    document (the instrument of the addressee's kind), both in the page's language, and the
    form: "pdf", "docx" or "bundle"."""

    addressee: str
    document: str
    form: str


def letter_files(state: State, folder: Path, outputs: list[str]) -> dict[str, LetterFile]:
    """The letters among the files of a build, by file name; a file whose addressee the case
    no longer knows keeps its name as its label."""
    found = {name: match for name in outputs if (match := LETTER_FILE.fullmatch(name))}
    if not found:
        return {}
    try:
        documents = api.instrument_names(state.language, state.templates)
    except AppealError:  # the user's texts.j2 cannot be read: the build says why
        return {}
    kinds = {a.id: (a.name, a.kind) for a in api.authority_entries(folder, state.language)}
    letters = {}
    for name, match in found.items():
        addressee, kind = kinds.get(match["id"], ("", ""))
        if addressee and kind in documents:
            form = "bundle" if match["bundle"] else match["format"]
            letters[name] = LetterFile(addressee, documents[kind], form)
    return letters


def show_preview(request: Request) -> Response:
    """GET: the preview and build page."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    try:
        doc = read(folder, CASE_FILE)
    except UnreadableYaml:
        return RedirectResponse(path_for(request, "section", name=name, section="general"), 303)
    files = case_files(folder, doc)
    placed, checked = placed_problems(state, folder, files)
    job = state.builds.get(name)
    outputs = state.folders.outputs(name)
    return state.page(
        request,
        "preview.html.j2",
        name=name,
        section="preview",
        placed=placed,
        checked=checked,
        stamp=_stamp(request, name),
        documents=documents_of(request, name, checked),
        job=job,
        outputs=outputs,
        letters=letter_files(state, folder, outputs),
        changes=last_changes(state, name, job),
        time_limits=addressees_time_limits(state, folder, doc),
        doc=doc,
        **build_warnings(job, checked),
    )


def addressees_time_limits(state: State, folder: Path, doc: Any) -> list[tuple[str, Limit]]:
    """(authority's name, its time limit) for each addressee of the case whose time limit the
    library tells."""
    limits = time_limits(folder)
    if not limits:
        return []
    names = {a.id: a.name for a in api.authority_entries(folder, state.language)}
    ids = [str(a.get("id")) for a in items(doc, "addressees")]
    return [(names.get(i, i), limits[i]) for i in ids if i in limits]


# A request for news (the case's files changed, the build moved on) is held while there is none,
# for up to HOLD seconds, and the news looked for every LOOK seconds: the page hears of an edit
# made in another program, or of the end of a build, when it happens instead of at its next
# poll. The page asks again at once, so one request is always waiting. The case folder is
# looked at less often than the build's state (a look reads the folder), the whole time the
# preview is open.
FRAMES_HOLD_SECONDS, FRAMES_LOOK_SECONDS = 2.0, 0.1
BUILD_HOLD_SECONDS, BUILD_LOOK_SECONDS = 1.0, 0.05  # the panel counts the seconds of a build


async def _until(changed: Callable[[], Awaitable[bool]], seconds: float, every: float) -> None:
    """Return when `changed()` says so (asked `every` seconds), or after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not await changed():
        await asyncio.sleep(every)


# The names of the case's files that the documents are made from: YAML and the tables.
_INPUT_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".xlsm")


def files_signature(folder: Path) -> tuple[object, ...]:
    """What a look at the case folder sees changing cheaply, without reading a file: the
    folder's own time (a file replaced or added) and the time, size and inode of each of its
    input files. Only a hint to compute the stamp again; the stamp decides."""
    try:
        with os.scandir(folder) as found:
            inputs = [e for e in found if e.name.endswith(_INPUT_SUFFIXES)]
        entries = sorted((e.name, e.stat(), e.inode()) for e in inputs)
        return (
            os.stat(folder).st_mtime_ns,
            *((n, s.st_mtime_ns, s.st_size, i) for n, s, i in entries),
        )
    except OSError:
        return ()


async def frames(request: Request) -> Response:
    """GET: the preview frames again if the case's files changed since `v`; else, when nothing
    changed within FRAMES_HOLD_SECONDS, 204, nothing."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = await run_in_threadpool(state.folders.case, name)
    shown = request.query_params.get("v")
    stamp = await run_in_threadpool(_stamp, request, name)
    if shown == stamp:
        seen = await run_in_threadpool(files_signature, folder)

        async def changed() -> bool:
            return await run_in_threadpool(files_signature, folder) != seen

        await _until(changed, FRAMES_HOLD_SECONDS, FRAMES_LOOK_SECONDS)
        stamp = await run_in_threadpool(_stamp, request, name)
        if shown == stamp:
            return Response(status_code=204)
    return await run_in_threadpool(_frames_page, request, name, stamp)


def _frames_page(request: Request, name: str, stamp: str) -> Response:
    """The preview frames of the case's files in the state `stamp`; the errors, when they stop
    the preview, named and linked as the preview page names them (by the forms' labels)."""
    state: State = request.app.state.web
    folder = state.folders.case(name)
    try:
        files = case_files(folder, read(folder, CASE_FILE))
    except UnreadableYaml:
        files = CaseFiles(folder, None)
    placed, checked = placed_problems(state, folder, files)
    documents = documents_of(request, name, checked)
    return state.page(
        request,
        "frames.html.j2",
        name=name,
        checked=checked,
        placed=placed,
        stamp=stamp,
        documents=documents,
    )


def document(request: Request) -> Response:
    """GET: one document's HTML, for the preview frame."""
    state: State = request.app.state.web
    name, doc = request.path_params["name"], request.path_params["doc"]
    if doc not in backend.PREVIEWS:
        return state.page(request, "missing.html.j2", 404)
    try:
        if doc not in preview_of(request, name).documents:
            return state.page(request, "missing.html.j2", 404)
        html = document_html(request, name, doc).replace("</head>", PAPER, 1)
    except AppealError:  # the case has errors; the page around the frame lists them
        return state.page(request, "not-ready.html.j2", 200)
    headers = {"Content-Security-Policy": PREVIEW_POLICY, "X-Frame-Options": "SAMEORIGIN"}
    return HTMLResponse(html, headers=headers)


def start_build(request: Request, form: object) -> Response:
    """POST: build the case in a thread; the page then asks for its progress."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    with state.lock:
        job = state.builds.get(name)
        if job is None or job.result is not None:
            job = state.builds[name] = BuildJob()

            def say(step: str, job: BuildJob = job) -> None:
                job.step = step

            def run(job: BuildJob = job) -> None:
                job.result = backend.build(folder, state.folders.out_dir, state.templates, say)

            threading.Thread(target=run, name="build", daemon=True).start()
    return build_status(request, state, name, job)


def last_changes(state: State, name: str, job: BuildJob | None) -> str | None:
    """What changed at the last build: told by this page's build, or read from changes.md."""
    if job is not None:
        return job.result.changes if job.result is not None else None
    if CHANGES not in state.folders.outputs(name):
        return None
    with state.folders.output(name, CHANGES).open("rb") as handle:
        text = handle.read(MAX_CHANGES_BYTES)
    return text.decode("utf-8", errors="replace")


def build_status(request: Request, state: State, name: str, job: BuildJob | None) -> Response:
    """The build panel: progress while it runs, then its result and the files."""
    changes = last_changes(state, name, job)
    outputs = state.folders.outputs(name)
    folder = state.folders.case(name)
    worded: dict[str, Any] = {"checked_warnings": [], "other_warnings": _warned(job)}
    if worded["other_warnings"]:  # those `check` finds are worded as the page's lists do
        try:
            doc = read(folder, CASE_FILE)
            placed, checked = placed_problems(state, folder, case_files(folder, doc))
            worded |= {"placed": placed, "doc": doc, **build_warnings(job, checked)}
        except UnreadableYaml:
            pass
    return state.page(
        request,
        "build.html.j2",
        name=name,
        job=job,
        outputs=outputs,
        letters=letter_files(state, folder, outputs),
        changes=changes,
        **worded,
    )


def _warned(job: BuildJob | None) -> list[str]:
    return list(job.result.warnings) if job is not None and job.result is not None else []


def build_warnings(job: BuildJob | None, checked: backend.Checked) -> dict[str, Any]:
    """The last build's warnings: those that are problems `check` finds (shown by the field's
    label, linked to its form, as the page's lists show them) and the others, as the build
    words them."""
    warned = _warned(job)
    known = [checked.by_text[w] for w in warned if w in checked.by_text]
    return {
        "checked_warnings": known,
        "other_warnings": [w for w in warned if w not in checked.by_text],
    }


async def show_build(request: Request) -> Response:
    """GET: the build panel, polled while a build runs; with `shown` (the step the page
    shows), held until the build moves on or ends, for up to BUILD_HOLD_SECONDS."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    await run_in_threadpool(state.folders.case, name)
    job, shown = state.builds.get(name), request.query_params.get("shown")
    if job is not None and shown is not None:

        async def moved_on() -> bool:
            return job.result is not None or job.step != shown

        await _until(moved_on, BUILD_HOLD_SECONDS, BUILD_LOOK_SECONDS)
    return await run_in_threadpool(build_status, request, state, name, state.builds.get(name))


def download(request: Request) -> Response:
    """GET: one file of the last build."""
    state: State = request.app.state.web
    name, file_name = request.path_params["name"], request.path_params["file"]
    path = state.folders.output(name, file_name)
    return FileResponse(path, filename=f"{name}-{file_name}")
