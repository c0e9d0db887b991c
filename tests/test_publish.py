"""The manifest and the change report of a rebuild: the fingerprint moves when, and only when,
something a document is made from changes; changes.md says exactly what changed."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from election_appeal.publish.changes import flatten
from election_appeal.publish.manifest import (
    MANIFEST,
    Settings,
    fingerprint,
    input_hashes,
    is_current,
    make_manifest,
    read_manifest,
)
from election_appeal.resources import reference_dir, templates_dir

ALL = Settings(("pdf", "docx", "xlsx"), per_addressee=False, templates=None)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


# --- what the inputs are ---------------------------------------------------------------------


def test_the_inputs_are_every_file_of_the_case_templates_and_reference(case: Path) -> None:
    hashes = input_hashes(case, ALL)
    case_files = {k: v for k, v in hashes.items() if k.startswith("case/")}
    assert case_files == {
        "case/case.yaml": _sha((case / "case.yaml").read_bytes()),
        "case/protocols.csv": _sha((case / "protocols.csv").read_bytes()),
    }
    shipped = {
        f"templates/{p.relative_to(templates_dir())}"
        for p in templates_dir().rglob("*")
        if p.is_file()
    } | {
        f"reference/{p.relative_to(reference_dir())}"
        for p in reference_dir().rglob("*")
        if p.is_file()
    }
    assert set(hashes) - set(case_files) == shipped
    assert hashes["reference/wages.csv"] == _sha((reference_dir() / "wages.csv").read_bytes())


def test_a_file_the_case_names_outside_its_folder_is_not_read(case: Path, tmp_path: Path) -> None:
    """Loading the case refuses such a path; fingerprinting must not read the file either."""
    applicant = tmp_path / "applicant.yaml"
    applicant.write_text("full_name: Тестов Тест\naddress: г. Алматы\n", encoding="utf-8")
    text = (case / "case.yaml").read_text(encoding="utf-8")
    start = text.index("applicant:")
    end = text.index("\nappeal:")
    (case / "case.yaml").write_text(
        text[:start] + "applicant: {file: ../applicant.yaml}\n" + text[end:], encoding="utf-8"
    )
    (case / "link.yaml").symlink_to(applicant)
    hashes = input_hashes(case, ALL)
    assert _sha(applicant.read_bytes()) not in hashes.values()
    assert "case/link.yaml" not in hashes


def test_user_templates_are_inputs(case: Path, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "appeal.html.j2").write_text('{% extends "default:appeal.html.j2" %}', "utf-8")
    settings = Settings(("pdf",), per_addressee=False, templates=folder)
    hashes = input_hashes(case, settings)
    assert hashes["user-templates/appeal.html.j2"] == _sha((folder / "appeal.html.j2").read_bytes())


# --- the fingerprint moves when an input or a setting changes ---------------------------------


def _fingerprint(case: Path, settings: Settings = ALL) -> str:
    return fingerprint(input_hashes(case, settings), settings)


def test_the_fingerprint_stays_when_nothing_that_matters_changes(case: Path) -> None:
    before = _fingerprint(case)
    # Touching a file, or adding a hidden one (an editor's or the system's), changes nothing.
    stamp = (case / "case.yaml").stat().st_mtime + 100
    os.utime(case / "case.yaml", (stamp, stamp))
    (case / ".DS_Store").write_bytes(b"\0\1")
    (case / ".git").mkdir()
    (case / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    assert _fingerprint(case) == before
    # Nor does a copy of the same case in another folder.
    other = case.parent / "elsewhere"
    shutil.copytree(case, other)
    assert _fingerprint(other) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda case: (case / "protocols.csv").write_bytes(
            (case / "protocols.csv").read_bytes().replace(b",33,152,", b",34,152,", 1)
        ),
        lambda case: (case / "case.yaml").write_bytes((case / "case.yaml").read_bytes() + b"\n"),
        lambda case: (case / "notes.txt").write_text("заметка", "utf-8"),
        lambda case: (case / "protocols.csv").unlink(),
    ],
    ids=["a protocol figure", "case.yaml", "a new file", "a removed file"],
)
def test_the_fingerprint_moves_when_a_case_file_changes(case: Path, change) -> None:
    before = _fingerprint(case)
    change(case)
    assert _fingerprint(case) != before


def test_the_fingerprint_moves_when_an_input_hash_changes() -> None:
    inputs = {"case/case.yaml": "a" * 64, "templates/appeal.html.j2": "b" * 64}
    before = fingerprint(inputs, ALL)
    assert fingerprint(dict(inputs), ALL) == before
    assert fingerprint({**inputs, "templates/appeal.html.j2": "c" * 64}, ALL) != before
    assert fingerprint({"case/case.yaml": "a" * 64}, ALL) != before
    # The same hash under another name is another input.
    assert fingerprint({"case/case.yaml": "a" * 64, "templates/x.j2": "b" * 64}, ALL) != before


@pytest.mark.parametrize(
    "settings",
    [
        Settings(("pdf", "docx"), per_addressee=False, templates=None),
        Settings(("pdf", "docx", "xlsx"), per_addressee=True, templates=None),
        Settings(("pdf", "docx", "xlsx"), per_addressee=False, templates=Path("my-templates")),
    ],
    ids=["formats", "per addressee", "template folder"],
)
def test_the_fingerprint_moves_when_a_setting_changes(settings: Settings) -> None:
    inputs = {"case/case.yaml": "a" * 64}
    assert fingerprint(inputs, settings) != fingerprint(inputs, ALL)


def test_the_fingerprint_moves_with_the_fixed_document_date(monkeypatch) -> None:
    inputs = {"case/case.yaml": "a" * 64}
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    unset = fingerprint(inputs, ALL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1617580800")
    assert fingerprint(inputs, ALL) != unset
    fixed = fingerprint(inputs, ALL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1617580801")
    assert fingerprint(inputs, ALL) != fixed


# --- the manifest and is_current ---------------------------------------------------------------

FILES = {"appeal.pdf": b"%PDF-1.7 appeal", "attachment-1-protocols.xlsx": b"PK sheet"}


def _written(folder: Path, digest: str = "f" * 64, files: dict[str, bytes] = FILES) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    manifest = make_manifest(
        {"case/case.yaml": "a" * 64}, ALL, digest, files, {"x": 1}, ["12", "13"]
    )
    (folder / MANIFEST).write_bytes(manifest)
    return folder


def test_the_manifest_records_inputs_outputs_and_figures(tmp_path: Path) -> None:
    data = read_manifest(_written(tmp_path / "out"))
    assert data is not None
    assert data["fingerprint"] == "f" * 64
    assert data["inputs"] == {"case/case.yaml": "a" * 64}
    assert data["outputs"] == {name: _sha(content) for name, content in FILES.items()}
    assert (data["figures"], data["stations"]) == ({"x": 1}, ["12", "13"])
    assert data["settings"]["formats"] == ["pdf", "docx", "xlsx"]
    assert data["tool"]["name"] == "election-appeal"
    # The same build writes the same bytes.
    again = make_manifest(
        {"case/case.yaml": "a" * 64}, ALL, "f" * 64, FILES, {"x": 1}, ["12", "13"]
    )
    assert (tmp_path / "out" / MANIFEST).read_bytes() == again


def test_the_last_build_is_current_with_its_fingerprint_and_intact_outputs(tmp_path: Path) -> None:
    folder = _written(tmp_path / "out")
    assert is_current(folder, "f" * 64)
    assert not is_current(folder, "e" * 64)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda folder: (folder / "appeal.pdf").unlink(),
        lambda folder: (folder / "appeal.pdf").write_bytes(b"%PDF-1.7 edited"),
        lambda folder: (folder / MANIFEST).unlink(),
        lambda folder: (folder / MANIFEST).write_text("{not json", "utf-8"),
        lambda folder: (folder / MANIFEST).write_text("[1, 2]", "utf-8"),
        lambda folder: (folder / MANIFEST).write_text(
            '{"fingerprint": "' + "f" * 64 + '"}', "utf-8"
        ),
    ],
    ids=["output removed", "output edited", "no manifest", "broken", "not an object", "no outputs"],
)
def test_a_spoiled_output_folder_is_not_current(tmp_path: Path, spoil) -> None:
    folder = _written(tmp_path / "out")
    spoil(folder)
    assert not is_current(folder, "f" * 64)


def test_a_missing_folder_has_no_manifest(tmp_path: Path) -> None:
    assert read_manifest(tmp_path / "nowhere") is None
    assert not is_current(tmp_path / "nowhere", "f" * 64)


# --- changes.md ----------------------------------------------------------------------------------


def test_flatten_names_every_figure_by_its_path() -> None:
    data = {
        "sample": {"parties": {"npk": {"ci95": [1.5, 2.5], "n": 66}}},
        "caveats": ["не случайно", "не кем"],
        "rows": [{"a": 1}, {"a": None}],
    }
    assert flatten(data) == {
        "sample.parties.npk.ci95[0]": 1.5,
        "sample.parties.npk.ci95[1]": 2.5,
        "sample.parties.npk.n": 66,
        "caveats": ["не случайно", "не кем"],  # a list of words is one figure
        "rows[0].a": 1,
        "rows[1].a": None,
    }
