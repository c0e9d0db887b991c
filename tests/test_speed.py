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


def test_a_build_with_nothing_to_do_loads_no_rendering_library(tmp_path: Path) -> None:
    """The second build of an unchanged case only compares fingerprints: the process that
    runs it loads neither the templates' engine nor the rendering modules, nor any library a
    layout or a writer needs."""
    rendering = (*LIBRARIES, "jinja2", "election_appeal.render.documents")
    script = (
        "import json, sys\n"
        "from election_appeal import api\n"
        f"report = api.build([{str(ROOT / 'data' / 'almaty-2021')!r}], {str(tmp_path / 'out')!r}, "
        "formats=['xlsx'])\n"
        "print(report.outcomes[0].status)\n"
        f"print(json.dumps([m for m in {rendering!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "ELECTION_APPEAL_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert [run[-2] for run in runs] == ["built", "unchanged"]
    assert json.loads(runs[1][-1]) == []


def test_a_kept_check_never_outlives_an_edit(tmp_path: Path) -> None:
    """The page checks a case when it is saved and again for the preview: the second check
    reuses the first while no input changed, and never once one did."""
    import shutil

    from election_appeal import api
    from election_appeal.errors import CaseError

    folder = tmp_path / "almaty-2021"
    shutil.copytree(ROOT / "data" / "almaty-2021", folder)
    first, again = api.check(folder), api.check(folder)
    assert again.data is first.data and again.warnings == first.warnings
    case_file = folder / "case.yaml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(text.replace("date: 2021-04-05", "date: 2021-04-06"), encoding="utf-8")
    edited = api.check(folder)
    assert edited.data.case.appeal.date.isoformat() == "2021-04-06"
    (folder / "protocols.csv").write_text("station\n", encoding="utf-8")
    with pytest.raises(CaseError):
        api.check(folder)


def test_weasyprint_loads_without_running_other_programs() -> None:
    """Looking up library names WeasyPrint does not use ran ldconfig, gcc and ld some twenty
    times (render/preload.py); the programs a fresh import starts are recorded."""
    script = (
        "import json, subprocess\n"
        "started = []\n"
        "original = subprocess.Popen.__init__\n"
        "def recording(self, args, *rest, **options):\n"
        "    started.append(str(args))\n"
        "    original(self, args, *rest, **options)\n"
        "subprocess.Popen.__init__ = recording\n"
        "from election_appeal.render.preload import load_layout_libraries\n"
        "load_layout_libraries('ru')\n"
        "import ctypes.util\n"
        "print(json.dumps([list(started), ctypes.util.find_library('c')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    started, libc = json.loads(done.stdout.splitlines()[-1])
    assert started == []
    assert libc is not None, "the lookup is the library's own again afterwards"


def test_a_case_file_read_again_is_still_held_to_the_bounds(tmp_path: Path) -> None:
    """The page reads case.yaml several times an edit; a text the bounded reader passed is
    not parsed again, and a text changed past the bounds is refused as on a first read."""
    from election_appeal import api
    from election_appeal.case.paths import YAML_MAX_DEPTH
    from election_appeal.errors import CaseError

    case_file = tmp_path / "case.yaml"
    case_file.write_text("language: ru\nillustrative: true\n", encoding="utf-8")
    assert api.read_case_yaml(tmp_path) == "language: ru\nillustrative: true\n"
    assert api.read_case_yaml(tmp_path) == "language: ru\nillustrative: true\n"
    deep = "a: " + "[" * (YAML_MAX_DEPTH + 1) + "]" * (YAML_MAX_DEPTH + 1) + "\n"
    case_file.write_text(deep, encoding="utf-8")
    with pytest.raises(CaseError):
        api.read_case_yaml(tmp_path)
    case_file.write_bytes(b"language: \xff\n")
    with pytest.raises(CaseError):
        api.read_case_yaml(tmp_path)
    case_file.unlink()
    assert api.read_case_yaml(tmp_path) is None


def _placed_words(pdf: bytes, folder: Path, name: str) -> list[tuple[int, str, tuple[int, ...]]]:
    """Every word pdftotext finds: its page, text and box (to 0.1 pt), in page order."""
    import re

    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page, body in enumerate(text.split("<page ")[1:]):
        for word in re.finditer(
            r'xMin="(.*?)" yMin="(.*?)" xMax="(.*?)" yMax="(.*?)">(.*?)<', body
        ):
            box = tuple(round(float(v) * 10) for v in word.groups()[:4])
            found.append((page, word[5], box))
    return sorted(found)


@pytest.mark.slow
@pytest.mark.parametrize("stations", [13, 66])
def test_a_short_protocol_table_is_drawn_as_weasyprint_lays_it_out(
    stations: int, tmp_path: Path
) -> None:
    """From DRAWN_ROWS + 1 stations on, the attachment's table is drawn (cheaper than
    WeasyPrint's layout from about a dozen stations on): the same words in the same places on
    the same pages as WeasyPrint's own layout of it."""
    import dataclasses
    import datetime

    from election_appeal.analysis import analyse
    from election_appeal.case import load_case
    from election_appeal.render import documents
    from election_appeal.render.context import Part, attachment_context
    from election_appeal.render.grid_pdf import render_protocol_table_pdf
    from election_appeal.render.pdf import RenderedPdf, render_pdf

    assert stations > documents.DRAWN_ROWS
    data = load_case(ROOT / "data" / "almaty-2021")
    analysis = analyse(data)
    table = analysis.stations
    chunk = dataclasses.replace(table, rows=table.rows[:stations])
    moment = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
    context = attachment_context(data, analysis, moment, chunk, Part(first=True, last=True))
    env = make_environment(None, data.case.language)
    html = render_template(env, documents.ATTACHMENT_TEMPLATE, context)
    drawn = render_protocol_table_pdf(html, 1617580800)
    laid_out = render_pdf(html, 1617580800)
    assert isinstance(drawn, RenderedPdf)
    assert drawn.pages == laid_out.pages
    # pdftotext rounds the boxes of both alike; WeasyPrint's glyph advances differ by < 0.05 pt.
    mine = _placed_words(drawn.data, tmp_path, "drawn")
    theirs = _placed_words(laid_out.data, tmp_path, "weasyprint")
    assert [(p, w) for p, w, _ in mine] == [(p, w) for p, w, _ in theirs]
    boxes = zip([box for _, _, box in mine], [box for _, _, box in theirs], strict=True)
    worst = max(abs(a - b) for x, y in boxes for a, b in zip(x, y, strict=True))
    assert worst <= 1  # tenths of a point
