"""Outputs only the build owns: its lock cannot be taken by a case's name, a narrower build keeps
what it does not rewrite, and the applicant's name is in the properties of the appeal only, and
only when the case asks for it."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import EXAMPLE, edit_case
from election_appeal import api
from election_appeal.publish.files import LOCK
from election_appeal.publish.ownership import written_by


def test_a_case_folder_named_like_the_lock_is_refused(run, tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / LOCK)
    out = tmp_path / "out"
    result = run("build", cases, "--out", out, "--format", "xlsx")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {cases / LOCK}: a case folder's name must not start with a dot; names "
        "starting with a dot are kept for the build's own files in the output folder (its "
        "lock, the folders it stages outputs in); rename the folder\n"
    )
    # A later build into the same folder still works.
    shutil.copytree(EXAMPLE, cases / "almaty-2021")
    shutil.rmtree(cases / LOCK)
    assert run("build", cases, "--out", out, "--format", "xlsx").exit_code == 0
    assert (out / LOCK).is_file()


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("appeal.pdf", False),  # the plain appeal: not written by a per-addressee build
        ("appeal-bundle.pdf", False),
        ("appeal--police_almaty.pdf", True),
        ("appeal-bundle--police_almaty.pdf", True),
        ("attachment-1-protocols.pdf", True),
        ("attachment-1-protocols.kk.pdf", False),  # Kazakh: not asked for
        ("appeal--police_almaty.docx", False),  # DOCX: not asked for
        ("attachment-1-protocols.xlsx", False),
    ],
)
def test_what_a_per_addressee_pdf_build_writes(name: str, written: bool) -> None:
    assert written_by(name, ("pdf",), ("ru",), per_addressee=True) is written


@pytest.mark.slow
def test_a_per_addressee_pdf_build_keeps_the_other_files(tmp_path: Path) -> None:
    case = tmp_path / "almaty-2021"
    shutil.copytree(EXAMPLE, case)
    out = tmp_path / "out"
    first = api.build([case], out, formats=("docx", "xlsx"), languages=("ru", "kk"), jobs=1)
    assert not first.failed
    folder = out / "almaty-2021"
    earlier = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix != ".json"}
    # Three letters (the agency and the police get their own) sharing two attachments as DOCX
    # and one XLSX; in two languages.
    assert len(earlier) == (3 + 3) * 2
    second = api.build([case], out, formats=("pdf",), per_addressee=True, jobs=1)
    assert not second.failed
    for name, content in earlier.items():
        assert (folder / name).read_bytes() == content, name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    addressed = {f"appeal--{a}.pdf" for a in ("prosecutor_general", "police_almaty")}
    assert set(earlier) | addressed <= set(manifest["outputs"])
    # The case did not change: what was kept is up to date, and nothing says otherwise.
    assert not any("kept from an earlier build" in w for w in second.outcomes[0].warnings)


@pytest.mark.slow
def test_kept_files_of_a_changed_case_are_said_to_be_out_of_date(tmp_path: Path) -> None:
    case = tmp_path / "almaty-2021"
    shutil.copytree(EXAMPLE, case)
    out = tmp_path / "out"
    assert not api.build([case], out, formats=("xlsx",), jobs=1).failed
    edit_case(case, lambda data: data["appeal"].update(place="г. Астана"))
    report = api.build([case], out, formats=("docx",), jobs=1)
    warnings = report.outcomes[0].warnings
    assert (
        "kept from an earlier build, made before the case last changed: "
        "attachment-1-protocols.xlsx; build with "
        "the formats and languages they are in to bring them up to date"
    ) in warnings
    # Rebuilt in its format, it is up to date; the DOCX kept now was made from this case too.
    report = api.build([case], out, formats=("xlsx",), jobs=1)
    assert not any("kept from an earlier build" in w for w in report.outcomes[0].warnings)
    assert (out / "almaty-2021" / "appeal.docx").is_file()


@pytest.mark.slow
def test_a_removed_addressee_loses_its_appeal_but_nothing_else(tmp_path: Path) -> None:
    case = tmp_path / "almaty-2021"
    shutil.copytree(EXAMPLE, case)
    out = tmp_path / "out"
    assert not api.build([case], out, formats=("docx",), per_addressee=True, jobs=1).failed
    folder = out / "almaty-2021"
    assert (folder / "appeal--police_almaty.docx").is_file()
    edit_case(case, lambda data: data["addressees"].pop(2))  # police_almaty
    assert not api.build([case], out, formats=("docx",), per_addressee=True, jobs=1).failed
    assert not (folder / "appeal--police_almaty.docx").exists()
    assert (folder / "appeal--prosecutor_almaty.docx").is_file()


def _pdf_author(data: bytes) -> str | None:
    info = PdfReader(io.BytesIO(data)).metadata
    return None if info is None else info.get("/Author")


@pytest.mark.slow
def test_no_document_names_the_applicant_as_its_author_by_default() -> None:
    files = api.render(EXAMPLE)
    for name, content in files.items():
        if name.endswith(".pdf"):
            assert _pdf_author(content) is None, name
        elif name.endswith(".docx"):
            properties = Document(io.BytesIO(content)).core_properties
            assert (properties.author, properties.last_modified_by) == ("", ""), name


@pytest.mark.slow
def test_the_setting_names_the_applicant_in_the_appeal_only(case_dir: Path) -> None:
    edit_case(case_dir, lambda data: data["appeal"].update(author_in_properties=True))
    files = api.render(case_dir, formats=("pdf", "docx"))
    applicant = "[Фамилия Имя Отчество]"
    assert _pdf_author(files["appeal.pdf"]) == applicant
    assert _pdf_author(files["appeal-bundle.pdf"]) == applicant  # the appeal as filed
    assert Document(io.BytesIO(files["appeal.docx"])).core_properties.author == applicant
    for name in ("attachment-1-protocols", "attachment-2-statistics"):
        assert _pdf_author(files[f"{name}.pdf"]) is None, name
        assert Document(io.BytesIO(files[f"{name}.docx"])).core_properties.author == "", name
