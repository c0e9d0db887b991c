"""A hostile user's sixth review: a build that stops must end (not wait for ever on layouts
it no longer needs), and what the Word document refuses is blamed where it is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, edit_case

# A guard against a hang: the build or script must end well within it, or the test fails.
HANG = 240


def _appeal(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`appeal ARGS` in a process of its own, stopped (and the test failed) if it hangs."""
    env = os.environ | {"APPEAL_LANG": "en", "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "election_appeal", *map(str, args)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG)


def test_a_stopped_build_ends_while_its_layouts_are_still_queued() -> None:
    # The layout processes are still loading their libraries when the build stops, with more
    # layouts queued than the queue's pipe holds: nobody will ever read them.
    script = """
import time
from election_appeal.render.layout_jobs import layout_processes

def loading():
    time.sleep(600)

try:
    with layout_processes(2, loading) as pool:
        for _ in range(8):
            pool.submit(len, "x" * 200_000)
        raise RuntimeError("the build stops")
except RuntimeError as exc:
    print(exc)
"""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=HANG
    )
    assert (ran.returncode, ran.stdout) == (0, "the build stops\n")


@pytest.mark.slow
def test_an_element_word_refuses_fails_the_default_build_at_once(case_dir: Path, tmp_path):
    # The element is made by an expression, so only the Word writer finds it, while the PDF
    # layouts are under way in their own processes.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "appeal.html.j2").write_text(
        '{% extends "default:appeal.html.j2" %}\n'
        '{% block requests %}{{ "<blockquote>x</blockquote>" | safe }}{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    earlier = _appeal("build", case_dir, "--out", out, "--format", "xlsx", cwd=tmp_path)
    assert earlier.returncode == 0, earlier.stdout + earlier.stderr
    kept = {p.name: p.read_bytes() for p in (out / "case").iterdir()}

    built = _appeal(
        "build", case_dir, "--out", out, "--templates", templates, "--jobs", "2", cwd=tmp_path
    )

    assert built.returncode == 1
    assert (
        "  Error: appeal.html.j2: the Word document cannot show the element <blockquote> «x»; "
        "use the elements listed by `appeal templates`"
    ) in built.stdout.splitlines()
    assert {p.name: p.read_bytes() for p in (out / "case").iterdir()} == kept


def test_a_narrative_element_word_refuses_is_blamed_on_the_case_field(case_dir: Path) -> None:
    from election_appeal.case import load_case
    from election_appeal.errors import CaseError
    from election_appeal.render import render_case

    def quote(case: dict) -> None:
        case["narrative"] = {"facts": "Обычный абзац.\n\n> Цитата из протокола.\n"}

    edit_case(case_dir, quote)
    with pytest.raises(CaseError) as raised:
        render_case(load_case(case_dir), formats=("docx",))
    assert [str(p) for p in raised.value.problems] == [
        f"{case_dir / 'case.yaml'}: narrative.facts: the Word document cannot show the element "
        "<blockquote> this Markdown makes («Цитата из протокола.»); write it as a paragraph "
        "or a list"
    ]


def test_a_template_element_word_refuses_is_blamed_on_its_line(case_dir: Path, tmp_path) -> None:
    from election_appeal.case import load_case
    from election_appeal.errors import CaseError
    from election_appeal.render import render_case

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "appeal.html.j2").write_text(
        '{% extends "default:appeal.html.j2" %}\n\n'
        "{% block requests %}<p>a</p><blockquote>x</blockquote>{% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseError) as raised:
        render_case(load_case(case_dir), formats=("docx",), templates=templates)
    assert [str(p) for p in raised.value.problems] == [
        f"{templates / 'appeal.html.j2'}, line 3: the Word document cannot show the element "
        "<blockquote>: `appeal templates` lists the elements it shows"
    ]
