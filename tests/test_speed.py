"""What the speed work must not change: a cached compiled template is never stale, a cache that
cannot be written is no error, and a build imports only the libraries its formats need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from election_appeal.render.env import (
    CompiledTemplates,
    cache_folder,
    make_environment,
    render_template,
)

ROOT = Path(__file__).resolve().parents[1]


def _rendered(templates: Path, cache: CompiledTemplates) -> str:
    env = make_environment(templates)
    env.bytecode_cache = cache
    return render_template(env, "note.html.j2", {"name": "мир"})


def test_an_edited_template_is_compiled_again_not_served_from_the_cache(tmp_path: Path) -> None:
    templates, folder = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "note.html.j2").write_text("<p>Привет, {{ name }}</p>\n", encoding="utf-8")
    assert _rendered(templates, CompiledTemplates(folder)) == "<p>Привет, мир</p>\n"
    assert list(folder.iterdir()), "the compiled template is kept on disk"
    # A new process (a fresh cache object on the same folder) after the template was edited.
    (templates / "note.html.j2").write_text("<p>Сәлем, {{ name }}</p>\n", encoding="utf-8")
    assert _rendered(templates, CompiledTemplates(folder)) == "<p>Сәлем, мир</p>\n"


def test_a_compiled_template_is_read_back_from_the_cache_folder(tmp_path: Path) -> None:
    templates, folder = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "note.html.j2").write_text("<p>{{ name }}</p>\n", encoding="utf-8")
    _rendered(templates, CompiledTemplates(folder))
    entries = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = CompiledTemplates(folder)
    assert _rendered(templates, again) == "<p>мир</p>\n"
    assert set(again.memory) <= set(entries), "nothing compiled again: all read from disk"


def test_a_broken_cache_entry_is_compiled_afresh(tmp_path: Path) -> None:
    templates, folder = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "note.html.j2").write_text("<p>{{ name }}!</p>\n", encoding="utf-8")
    _rendered(templates, CompiledTemplates(folder))
    for entry in folder.iterdir():
        entry.write_bytes(entry.read_bytes()[:40])
    assert _rendered(templates, CompiledTemplates(folder)) == "<p>мир!</p>\n"


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    templates, blocked = tmp_path / "templates", tmp_path / "a-file"
    templates.mkdir()
    blocked.write_text("not a folder")
    (templates / "note.html.j2").write_text("<p>{{ name }}</p>\n", encoding="utf-8")
    assert _rendered(templates, CompiledTemplates(blocked / "cache")) == "<p>мир</p>\n"


def test_the_cache_folder_follows_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    monkeypatch.delenv("ELECTION_APPEAL_CACHE", raising=False)
    assert cache_folder("templates") == Path("/somewhere/election-appeal/templates")
    monkeypatch.setenv("ELECTION_APPEAL_CACHE", "/elsewhere")
    assert cache_folder("templates") == Path("/elsewhere/templates")
    monkeypatch.setenv("ELECTION_APPEAL_CACHE", "off")
    assert cache_folder("templates") is None


LIBRARIES = ("weasyprint", "docx", "openpyxl", "scipy", "pydyf", "pypdf", "fontTools")


def _imported_by_rendering(formats: list[str], tmp_path: Path) -> set[str]:
    """The libraries (of LIBRARIES) a fresh process holds after rendering the example."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from election_appeal.case import load_case\n"
        "from election_appeal.render import render_case\n"
        f"render_case(load_case(Path({str(ROOT / 'data' / 'almaty-2021')!r})), "
        f"formats={formats!r})\n"
        f"print(json.dumps([m for m in {LIBRARIES!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "ELECTION_APPEAL_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_spreadsheet_alone_needs_neither_layout_nor_word(tmp_path: Path) -> None:
    imported = _imported_by_rendering(["xlsx"], tmp_path)
    assert not imported & {"weasyprint", "docx", "pydyf", "pypdf", "fontTools"}
