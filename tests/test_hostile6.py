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


def _render_alone(folder: Path, body: str) -> str:
    from election_appeal.render.env import make_environment, render_template

    folder.mkdir(exist_ok=True)
    (folder / "t.html.j2").write_text(body, encoding="utf-8")
    return render_template(make_environment(folder), "t.html.j2", {})


@pytest.mark.parametrize(
    "body",
    [
        # 10⁶⁴ has 213 binary digits; raised to the 64th, 13,604; to the 64th again, some
        # 870,000: past 4,096 at the second power, long before one takes minutes in C.
        "{% set x = ((((10**64)**64)**64)**64)**64 %}done",
        # 2⁴⁰⁰⁰ squared has 8,001 binary digits.
        "{% set ns = namespace(x=2**40 * 2**40) %}{% for i in range(12) %}"
        "{% set ns.x = ns.x * ns.x %}{% endfor %}done",
    ],
)
def test_a_number_too_large_to_compute_at_once_is_refused(tmp_path: Path, body: str) -> None:
    # In a process of its own: computed, the number would hold the test for hours.
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.html.j2").write_text(body, encoding="utf-8")
    script = f"""
from pathlib import Path
from election_appeal.render.env import TemplateError, make_environment, render_template
try:
    render_template(make_environment(Path({str(folder)!r})), "t.html.j2", {{}})
except TemplateError as exc:
    print(exc)
"""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "APPEAL_LANG": "en"}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=HANG
    )
    assert ran.stdout == (
        f"{folder / 't.html.j2'}, line 1: not allowed in a template "
        "(a number above 4,096 binary digits is not allowed)\n"
    )


def test_numbers_of_an_election_are_computed(tmp_path: Path) -> None:
    # 2**64 (65 binary digits) squared: 129; a fraction of two 10-digit counts, times 100.
    body = "{{ (2**64) * (2**64) }} {{ (-1) ** 63 }} {{ 0 ** 64 }} {{ share * 100 }}"
    from fractions import Fraction

    from election_appeal.render.env import make_environment, render_template

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.html.j2").write_text(body, encoding="utf-8")
    share = Fraction(1_234_567_891, 9_876_543_210)
    said = render_template(make_environment(folder), "t.html.j2", {"share": share})
    assert said == f"{2**128} -1 0 {share * 100}"


def test_a_rendering_in_a_server_thread_has_its_memory_bounded(tmp_path: Path, monkeypatch):
    import threading

    from election_appeal.render import limits
    from election_appeal.render.env import TemplateError

    # Less headroom than the tool's 2 GiB: the same bound, reached sooner. The string is
    # 600 MB, past 256 MiB.
    monkeypatch.setattr(limits, "MEMORY_HEADROOM_BYTES", 256 * 1024**2)
    body = (
        '{% set ns = namespace(s="x" * 600) %}{% for i in range(20) %}'
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    outcome: list[BaseException | str] = []

    def render() -> None:
        try:
            outcome.append(_render_alone(tmp_path / "t", body))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    assert isinstance(outcome[0], TemplateError), outcome[0]
    assert str(outcome[0]) == (
        f"{tmp_path / 't' / 't.html.j2'}, line 1: rendering t.html.j2 needs too much memory"
    )


def _png_header(width: int, height: int, color: int, depth: int) -> bytes:
    """A PNG's signature and header, and no pixels: what is checked before decoding."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


# 8900 × 8900 RGBA with 16 bits a channel, the review's picture: 79,210,000 pixels, under the
# 80 million allowed; Pillow holds it as 8-bit RGBA (4 bytes a pixel), and scales it through a
# premultiplied copy of as much, beside the conversions: 9 bytes a pixel, 712,890,000 bytes,
# 713 MB, past 512.
HUGE_RGBA = _png_header(8900, 8900, color=6, depth=16)
HUGE_MESSAGE = (
    "the image needs 713 MB of memory to prepare (8900 × 8900 pixels, RGBA; at most 512 MB): "
    "save it as a JPEG, or at a lower resolution"
)


def test_check_refuses_a_copy_that_needs_too_much_memory_to_prepare(tmp_path: Path) -> None:
    import shutil

    from election_appeal import api
    from election_appeal.errors import CaseError

    case = tmp_path / "case"
    shutil.copytree(ROOT / "tests" / "data" / "evidence-example", case)
    (case / "copies" / "13_mazhilis.jpg").unlink()
    (case / "copies" / "13_mazhilis.png").write_bytes(HUGE_RGBA)
    with pytest.raises(CaseError) as raised:
        api.check(case)
    assert [str(p) for p in raised.value.errors] == [
        f"{case / 'copies' / '13_mazhilis.png'}: {HUGE_MESSAGE}"
    ]


def test_a_copy_changed_since_the_check_is_refused_before_it_is_decoded() -> None:
    from election_appeal.errors import AppealError
    from election_appeal.render.copies import prepare_image

    with pytest.raises(AppealError) as raised:
        prepare_image(HUGE_RGBA, "PNG", "copies/13_mazhilis.png")
    assert str(raised.value) == f"copies/13_mazhilis.png: {HUGE_MESSAGE}"


def test_a_copy_turned_sideways_is_scaled_within_the_page_once_upright() -> None:
    import io

    from PIL import Image

    from election_appeal.render.copies import prepare_image

    stored = Image.new("RGB", (3400, 2400), "white")
    exif = stored.getexif()
    exif[0x0112] = 6  # to be turned a quarter clockwise: upright it is 2400 × 3400
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif)
    prepared = Image.open(io.BytesIO(prepare_image(buffer.getvalue(), "JPEG", "x.jpg")))
    # Within 1400 × 1800: the height limits, × 1800/3400; 2400 × 1800/3400 = 1270.6 → 1271.
    assert prepared.size == (1271, 1800)


@pytest.mark.parametrize(
    "name", ["../../../../etc/passwd", "/etc/passwd", "default:../../../../../etc/passwd"]
)
def test_a_refused_include_names_the_template_that_includes_it(tmp_path: Path, name: str):
    from election_appeal.render.env import TemplateError

    body = f'<p>a</p>\n{{% include "{name}" %}}'
    with pytest.raises(TemplateError) as raised:
        _render_alone(tmp_path / "t", body)
    assert str(raised.value) == (
        f'{tmp_path / "t" / "t.html.j2"}, line 2: template "{name}" not found'
    )


def test_addresses_a_layout_cannot_resolve_are_named_in_warnings(
    case_dir: Path, tmp_path: Path
) -> None:
    from election_appeal.analysis import analyse
    from election_appeal.case import load_case
    from election_appeal.render.documents import Renderer

    templates = tmp_path / "templates"
    templates.mkdir()
    (case_dir / "link.png").symlink_to(tmp_path / "outside.png")
    (templates / "t.html.j2").write_text(
        '<p><img src="../outside.png"><img src="link.png"><img src="//127.0.0.1:8765/x">'
        '<img src="/tmp/x.png"><a href="notes.html">a link is not loaded</a>'
        '<img src="data:image/png;base64,AAAA"><img src="#local"></p>\n'
        "<p style=\"background: url('../bg.png')\">x</p>"
        '<style>@import "site.css"; p { background: url(data:,x) }</style>\n',
        encoding="utf-8",
    )
    data = load_case(case_dir)
    renderer = Renderer(data, analyse(data), templates)
    renderer.html("t.html.j2", {})
    shown = [
        '"../outside.png"',
        '"link.png"',
        '"//127.0.0.1:8765/x"',
        '"/tmp/x.png"',
        '"../bg.png"',
        '"site.css"',
    ]
    assert renderer.urls.refusals() == [
        f"t.html.j2: the address {url} was not loaded; documents may use only files of the "
        "template folders and of the case folder"
        for url in shown
    ]


def test_the_web_build_blames_a_narrative_quotation_on_the_case_field(
    case_dir: Path, tmp_path: Path
) -> None:
    from election_appeal import api

    def quote(case: dict) -> None:
        case["narrative"] = {"facts": "Обычный абзац.\n\n> Цитата из протокола.\n"}

    edit_case(case_dir, quote)
    # As the web page's server builds (web/backend.py), with every format.
    report = api.build([case_dir], tmp_path / "out", wait=True, jobs=2)
    (outcome,) = report.outcomes
    assert outcome.status == "failed"
    assert [str(p) for p in outcome.problems] == [
        f"{case_dir / 'case.yaml'}: narrative.facts: the Word document cannot show the element "
        "<blockquote> this Markdown makes («Цитата из протокола.»); write it as a paragraph "
        "or a list"
    ]
