"""A problem of a field is named at the field the user wrote, also when that field is called
like a tag of the applicant's two forms ("file")."""

from __future__ import annotations

from pathlib import Path

from conftest import edit_case

SOURCE = "Сводная таблица итогов голосования по участкам"


def test_a_missing_official_results_file_is_named_at_its_field(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.update(official_results={"source": SOURCE}))
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert "official_results.file: this field is required but is missing" in result.stderr


def test_the_applicant_written_in_place_is_named_without_a_tag(run, case_dir: Path) -> None:
    # The applicant's inline form is a tagged union member: "applicant.inline" was never written.
    edit_case(case_dir, lambda d: d.update(applicant={"address": "г. Алматы", "phone": 5}))
    result = run("check", case_dir)
    assert result.exit_code == 1
    assert "applicant.full_name: this field is required but is missing" in result.stderr
    assert "inline" not in result.stderr
