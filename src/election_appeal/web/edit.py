"""The case's form, section by section: show what case.yaml holds with the problems `appeal
check` finds next to each field; save a section back into case.yaml (or applicant.yaml)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from starlette.requests import Request
from starlette.responses import Response

from .. import api
from ..errors import AppealError, Problem
from . import backend, contests, grids, languages, sections
from .forms import Form, localised, show
from .grids import official_table
from .problems import Placed, place, section_of
from .state import State
from .yamlfile import (
    EDITING,
    EditConflict,
    UnreadableYaml,
    dump,
    in_language,
    load,
    read,
    save,
    version_of,
)

CASE_FILE = "case.yaml"
APPLICANT_FILE = "applicant.yaml"
AUTHORITIES_FILE = "authorities.yaml"
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class CaseFiles:
    """The YAML files a case's form edits, and the table of its protocols."""

    folder: Path
    applicant_file: str | None

    def table(self) -> str | None:
        """The name of the protocol table the library reads, if there is exactly one."""
        return api.protocol_table(self.folder)

    def versions(self) -> dict[str, str]:
        """The version of each file the form edits, to hand back when saving."""
        applicant = self.applicant_file
        return {
            "case": version_of(self.folder, CASE_FILE),
            "applicant": version_of(self.folder, applicant) if applicant else "",
            "authorities": version_of(self.folder, AUTHORITIES_FILE),
        }


def case_files(folder: Path, doc: CommentedMap) -> CaseFiles:
    """Where the applicant lives: a separate file named in case.yaml, if it is in the folder."""
    applicant = doc.get("applicant")
    name = (
        applicant.get("file")
        if isinstance(applicant, dict) and set(applicant) == {"file"}
        else None
    )
    inside = (
        name is not None and Path(str(name)).name == str(name) and not str(name).startswith(".")
    )
    return CaseFiles(folder, str(name) if inside else None)


def lookup(doc: Any, name: str) -> Any:
    """The value at a field name such as contests[0].votes.npk; None where nothing is."""
    value = doc
    for key, index in _PART.findall(name):
        if isinstance(value, dict) and key:
            value = value.get(key)
        elif isinstance(value, list) and index and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value


class Values:
    """What a field shows: the text just typed (after a refused save), or what the file holds."""

    def __init__(self, doc: CommentedMap, applicant: CommentedMap, typed: dict[str, str]):
        self.doc, self.applicant, self.typed = doc, applicant, typed
        # A text given per language shows (and is edited in) the documents' language.
        self.language = str(doc.get("language") or "ru")

    def __call__(self, name: str) -> str:
        if name in self.typed:
            return self.typed[name]
        field, other = languages.split(name)
        if name.startswith("applicant.") and self.applicant:
            found = lookup(self.applicant, field.split(".", 1)[1])  # applicant.status.kind too
        else:
            found = lookup(self.doc, field)
        if other is not None:  # the field of another language: its text, if given
            return languages.text_in(found, other)
        if self.others(field) and localised(found):  # shown beside the other language's
            return show(found.get(self.language) or "")
        return show(in_language(found, self.language))

    def others(self, name: str) -> list[str]:
        """The other languages a text field is shown in: those the documents need besides
        their own."""
        return languages.others(self.doc, name)

    @staticmethod
    def tag(language: str) -> str:
        """A language's field marked in both languages."""
        return languages.LANGUAGE_TAGS[language]

    def date(self, name: str) -> str:
        """A date field: 10.01.2021 whether the file holds a date or its ISO text."""
        if name in self.typed:
            return self.typed[name]
        value = (
            self.applicant.get(name.split(".", 1)[1])
            if name.startswith("applicant.") and self.applicant
            else lookup(self.doc, name)
        )
        if isinstance(value, str):
            try:
                return show(datetime.date.fromisoformat(value))
            except ValueError:
                return str(value)
        return show(value)

    def raw(self, name: str) -> Any:
        """The value the file holds, as read."""
        return lookup(self.doc, name)


def placed_problems(state: State, folder: Path, files: CaseFiles) -> tuple[Placed, backend.Checked]:
    """`appeal check` on the case, its problems placed on the page."""
    checked = backend.check(folder)
    table = files.table()
    placed = place(
        checked.problems, files.applicant_file, str(folder / table) if table else "", folder
    )
    return placed, checked


def show_section(request: Request) -> Response:
    """GET: one section of the case's form."""
    state: State = request.app.state.web
    name, section = request.path_params["name"], request.path_params["section"]
    if section not in sections.SECTIONS:
        return state.page(request, "missing.html.j2", 404)
    return render_section(request, state, name, section)


def render_section(
    request: Request,
    state: State,
    name: str,
    section: str,
    form: Form | None = None,
    outcome: str = "",
    status: int = 200,
    rows: contests.Rows | None = None,
    columns: dict[str, int] | None = None,
) -> Response:
    """The section page, with problems found by `appeal check` and the outcome of a save (and
    the rows of the tables a removed contest had, to confirm or as removed)."""
    folder = state.folders.case(name)
    try:
        doc = read(folder, CASE_FILE)
        files = case_files(folder, doc)
        applicant = read(folder, files.applicant_file) if files.applicant_file else CommentedMap()
    except UnreadableYaml as exc:
        placed, checked = placed_problems(state, folder, CaseFiles(folder, None))
        problems = exc.problems or checked.problems
        return state.page(request, "unreadable.html.j2", 200, name=name, problems=problems)
    placed, checked = placed_problems(state, folder, files)
    values = Values(doc, applicant, form.typed if form else {})
    if form is not None and outcome == "refused":
        forget_stale(placed, Values(doc, applicant, {}), form)
    conflicts = differences(Values(doc, applicant, {}), form) if outcome == "conflict" else []
    shown: set[str] = set()  # the fields whose problems the form showed next to them

    def leftover(section: str) -> list[Problem]:
        """The section's problems that no field of the form showed."""
        return [
            p
            for name, found in placed.by_field.items()
            if section_of(name) == section and name not in shown
            for p in found
        ]

    return state.page(
        request,
        "section.html.j2",
        status,
        name=name,
        section=section,
        values=values,
        conflicts=conflicts,
        errors=form.errors if form else {},
        placed=placed,
        checked=checked,
        outcome=outcome,
        versions=files.versions(),
        separate_applicant=files.applicant_file,
        authorities=listed_authorities(state, folder, doc) if section == "addressees" else [],
        time_limits=time_limits(folder) if section == "addressees" else {},
        threshold=_threshold(doc) if section == "settings" else None,
        party_ids=sections.ids(doc, "parties"),
        contest_ids=sections.ids(doc, "contests"),
        new_parties=_new_party_rows(section, form, doc, outcome),
        doc=doc,
        shown=shown,
        labels={},  # field name → its label, as the form's fields are rendered
        leftover=leftover,
        rows=rows or contests.Rows(),
        columns=columns or {},
    )


def _threshold(doc: CommentedMap) -> str | None:
    """The threshold on record for the case's election day, for the settings' hint."""
    election = doc.get("election")
    return api.threshold_on_record(election.get("date") if isinstance(election, dict) else None)


def forget_stale(placed: Placed, in_file: Values, form: Form) -> None:
    """After a refused save, the fields show what was typed: the problems `check` found in the
    file's value of a field typed differently («поле пустое» next to a filled field) no longer
    describe what the field shows, and are left out; the form's own errors stay."""
    for name, typed in form.typed.items():
        if name not in placed.by_field or name in _NOT_VALUES:
            continue
        shown = in_file.date(name) if name.endswith("date") else in_file(name)
        if shown.strip() != typed.strip():
            stale = placed.by_field.pop(name)
            section = section_of(name)
            if section in placed.by_section:
                kept = [p for p in placed.by_section[section] if p not in stale]
                placed.by_section[section] = kept


def _new_party_rows(section: str, form: Form | None, doc: CommentedMap, outcome: str) -> int:
    """The blank rows the parties' form shows below the saved parties: one after «Add a party»,
    and after a refused save those the user had added (with what was typed in them)."""
    if section != "parties":
        return 0
    typed = sections.new_party_rows(form, len(sections.items(doc, "parties"))) if form else 0
    return typed + (1 if outcome == "added" else 0)


# Fields a form sends that are not values of the case.
_NOT_VALUES = ("csrf", "action", "version_case", "version_applicant")


@dataclass(frozen=True)
class Difference:
    """A field whose value in the file (changed elsewhere) differs from what was typed."""

    name: str
    in_file: str
    typed: str


def differences(current: Values, form: Form | None) -> list[Difference]:
    """What the other program wrote and the user typed, field by field, where they differ."""
    if form is None:
        return []
    found = []
    for name, typed in form.typed.items():
        skipped = name in _NOT_VALUES or name.startswith("role.") or typed == "on"
        if skipped or name.endswith(".delete"):
            continue
        in_file = current.date(name) if name.endswith("date") else current(name)
        if in_file.strip() != typed.strip():
            found.append(Difference(name, in_file, typed))
    return found


def listed_authorities(state: State, folder: Path, doc: CommentedMap) -> list[api.AuthorityEntry]:
    """The authorities of the reference table and the case's own, named in the language of the
    page, and any other id the case names (kept, so that saving the form never drops an
    addressee; `appeal check` says what is wrong with it)."""
    listed = api.authority_entries(folder, state.language)
    known = {a.id for a in listed}
    for item in sections.items(doc, "addressees"):
        if str(item.get("id")) not in known:
            listed.append(api.AuthorityEntry(str(item.get("id")), str(item.get("id")), "", False))
            known.add(str(item.get("id")))
    return listed


def addressable(state: State, folder: Path, doc: CommentedMap) -> list[str]:
    """The ids the addressees' form offers a role for."""
    return [a.id for a in listed_authorities(state, folder, doc)]


@dataclass(frozen=True)
class Limit:
    """An addressee's time limit as the page words it: status open, last_day, past, none (no
    limit for filing) or unknown (none on record); its days, last day and days left."""

    status: str
    days: int | None = None
    ends: str = ""
    days_left: int | None = None

    @property
    def late(self) -> int:
        """Days since the limit ended (for status past)."""
        return -(self.days_left or 0)


def time_limits(folder: Path) -> dict[str, Limit]:
    """The time limit of each addressee's route on the appeal's date, by authority id, when
    the library tells them (api.time_limits) and the case has no errors; none otherwise."""
    told = getattr(api, "time_limits", None)
    if told is None:
        return {}
    try:
        limits = told(folder)
    except AppealError:
        return {}
    return {
        str(limit.addressee): Limit(
            str(limit.status),
            limit.days,
            limit.ends.strftime("%d.%m.%Y") if limit.ends else "",
            limit.days_left,
        )
        for limit in getattr(limits, "addressees", [])
    }


@dataclass
class Renamed:
    """Ids a save renamed (old → new), to carry into the protocol table."""

    contests: dict[str, str]
    parties: dict[str, str]
    outcome: str = ""  # a contest added or removed
    removed: str = ""  # the code of the contest removed
    deleted: list[str] = field(default_factory=list)  # the codes of the parties deleted

    def removed_codes(self) -> set[str]:
        """The codes the removed contest's rows hold: its own, or the one it had before a
        rename made in the same save."""
        earlier = {old for old, new in self.contests.items() if new == self.removed}
        return {self.removed, *earlier} if self.removed else set()


def apply(section: str, doc: CommentedMap, form: Form, state: State, folder: Path) -> Renamed:
    """Write a submitted section into the YAML document."""
    renamed = Renamed({}, {})
    if section == "addressees":
        sections.apply_addressees(doc, form, addressable(state, folder, doc))
    elif section == "parties":
        before = sections.ids(doc, "parties")
        renamed.parties = sections.apply_parties(doc, form)
        kept = set(sections.ids(doc, "parties")) | set(renamed.parties)
        renamed.deleted = [party for party in before if party not in kept]
    elif section == "contests":
        renamed.contests = sections.apply_contests(doc, form)
        if not form.errors:
            action = form.typed.get("action", "")
            renamed.outcome, renamed.removed = contests.change_count(doc, action)
    else:
        appliers = {
            "general": sections.apply_general,
            "settings": sections.apply_settings,
            "narrative": sections.apply_narrative,
        }
        appliers[section](doc, form)
    return renamed


def save_section(request: Request, form_data: Any) -> Response:
    """POST: save one section; refused fields and edit conflicts are shown, nothing half-saved."""
    state: State = request.app.state.web
    name, section = request.path_params["name"], request.path_params["section"]
    if section not in sections.SECTIONS:
        return state.page(request, "missing.html.j2", 404)
    folder = state.folders.case(name)
    typed = {k: v for k, v in form_data.items() if isinstance(v, str)}
    form = Form(typed)
    renamed = Renamed({}, {})
    try:
        doc = load(folder, CASE_FILE)
        EDITING.set(str(doc.get("language") or "ru"))
        files = case_files(folder, doc)
        needed = languages.documents_languages(doc)
        if section == "applicant" and files.applicant_file:
            target, key = files.applicant_file, "applicant"
            data = load(folder, target)
            other_texts = languages.OtherTexts(data, form, needed, "applicant.")
            other_texts.before()
            sections.apply_applicant(data, form)
            other_texts.after()
        elif section == "applicant" and _names_a_file(doc):
            return render_section(request, state, name, section, form, "outside", 409)
        elif section == "applicant" and typed.get("action") == "separate":
            return _separate_applicant(request, state, name, form, doc)
        else:
            target, key, data = CASE_FILE, "case", doc
            other_texts = languages.OtherTexts(doc, form, needed)
            other_texts.before()
            if section == "applicant":
                sections.apply_applicant(sections.child(doc, "applicant"), form)
            else:
                renamed = apply(section, doc, form, state, folder)
            other_texts.after()
        if form.errors:
            return render_section(request, state, name, section, form, "refused", 200)
        rows = _rows_of_removed(folder, data, renamed, typed.get("action", ""))
        if rows:  # asked first: the rows typed for the contest would go with it
            return render_section(request, state, name, section, form, "confirm_remove", 200, rows)
        save(folder, target, data, typed.get(f"version_{key}", ""))
    except EditConflict:
        return render_section(request, state, name, section, form, "conflict", 409)
    except UnreadableYaml:
        return render_section(request, state, name, section)
    except AppealError:  # a full disk, a folder made read-only (NotWritten): nothing changed
        return render_section(request, state, name, section, form, "failed", 507)
    state.previews.clear()
    outcome = renamed.outcome or ("added" if typed.get("action") == "add" else "saved")
    columns = grids.filled_columns(folder, doc, renamed.deleted)
    outcome = "party_column_left" if columns else outcome
    removed = contests.Rows()
    if renamed.removed:
        removed = contests.remove_rows(folder, doc, renamed.removed_codes())
        left = contests.rows_of(folder, doc, renamed.removed_codes())
        outcome = "contest_removed_rows_left" if left else outcome
    if renamed.contests or renamed.parties:
        official = official_table(doc)  # of the protocol table's columns: renamed alike
        try:
            for table in [None, *([official] if official else [])]:
                api.rename_in_protocol_table(folder, renamed.contests, renamed.parties, table)
        except AppealError:
            outcome = "renamed_not_in_table"
    return render_section(request, state, name, section, None, outcome, 200, removed, columns)


def _rows_of_removed(folder: Path, doc: Any, renamed: Renamed, action: str) -> contests.Rows:
    """The rows of the tables a contest removed without confirmation would leave behind (none
    once the user confirmed their removal with it)."""
    if not renamed.removed or action.startswith(contests.REMOVE_WITH_ROWS):
        return contests.Rows()
    index = contests.removed_index(action) or 0
    return contests.rows_of(folder, doc, renamed.removed_codes(), index)


def _names_a_file(doc: CommentedMap) -> bool:
    """Whether case.yaml keeps the applicant in a file (here one that cannot be edited)."""
    applicant = doc.get("applicant")
    return isinstance(applicant, dict) and set(applicant) == {"file"}


def _separate_applicant(
    request: Request, state: State, name: str, form: Form, doc: CommentedMap
) -> Response:
    """Move the applicant's details out of case.yaml into applicant.yaml (which git ignores)."""
    folder = state.folders.case(name)
    applicant = CommentedMap((key, None) for key in sections.APPLICANT_FILE_FIELDS)
    needed = languages.documents_languages(doc)
    other_texts = languages.OtherTexts(applicant, form, needed, "applicant.")
    other_texts.before()
    sections.apply_applicant(applicant, form)
    other_texts.after()
    if form.errors:
        return render_section(request, state, name, "applicant", form, "refused", 200)
    if version_of(folder, APPLICANT_FILE) != "absent":
        return render_section(request, state, name, "applicant", form, "exists", 409)
    if version_of(folder, CASE_FILE) != form.typed.get("version_case"):
        return render_section(request, state, name, "applicant", form, "conflict", 409)
    applicant.yaml_set_start_comment("The applicant's personal data. Git ignores this file.")
    try:
        api.write_case_yaml(folder, APPLICANT_FILE, dump(applicant), "absent")
    except EditConflict:
        return render_section(request, state, name, "applicant", form, "exists", 409)
    reference = CommentedMap(file=APPLICANT_FILE)
    reference.fa.set_flow_style()
    doc["applicant"] = reference
    try:
        save(folder, CASE_FILE, doc, form.typed.get("version_case", ""))
    except EditConflict:
        (folder / APPLICANT_FILE).unlink()
        return render_section(request, state, name, "applicant", form, "conflict", 409)
    state.previews.clear()
    return render_section(request, state, name, "applicant", None, "separated")


AUTHORITY_ID = re.compile(r"[a-z][a-z0-9_]{1,39}")


def add_authority(request: Request, form_data: Any) -> Response:
    """POST: an authority that is not shipped, with its kind and names, into the case folder's
    authorities.yaml; the addressees' section then lists it by its name."""
    state: State = request.app.state.web
    name = request.path_params["name"]
    folder = state.folders.case(name)
    typed = {k: v for k, v in form_data.items() if isinstance(v, str)}
    form = Form(typed)
    key = form.required("authority.id")
    kind = form.choice("authority.kind", api.authority_kinds())
    names = {lang: form.required(f"authority.name_{lang}") for lang in ("ru", "kk")}
    if key is not None and not AUTHORITY_ID.fullmatch(key):
        form.errors["authority.id"] = "authority_id"
    elif key is not None and key in {a.id for a in api.authority_entries(folder)}:
        form.errors["authority.id"] = "authority_taken"
    if kind is None and "authority.kind" not in form.errors:
        form.errors["authority.kind"] = "choice"
    if form.errors:
        return render_section(request, state, name, "addressees", form, "authority_refused")
    try:
        own = load(folder, AUTHORITIES_FILE)
        entry = CommentedMap(kind=kind)
        entry["name"] = CommentedMap(names)
        address = CommentedMap(postal_code=None, city=None, street=None, building=None)
        address.fa.set_flow_style()
        entry["address"] = address
        own[key] = entry
        save(folder, AUTHORITIES_FILE, own, typed.get("version_authorities", ""))
    except EditConflict:
        return render_section(request, state, name, "addressees", form, "conflict", 409)
    except UnreadableYaml:
        return render_section(request, state, name, "addressees", form, "authority_refused", 400)
    except AppealError:
        return render_section(request, state, name, "addressees", form, "failed", 507)
    state.previews.clear()
    return render_section(request, state, name, "addressees", None, "authority_added")
