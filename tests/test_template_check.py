"""`appeal check --templates` and `appeal templates`: a user's template is held to the contract
(names its document provides, filters that exist, HTML the Word document shows), every problem
with its file and line; the listing is generated from the code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from election_appeal import api
from election_appeal.render.contract import CONTEXTS, variables
from election_appeal.render.template_check import check_templates

DOC = ROOT / "docs" / "templates-contract.md"
OVERRIDE = """{% extends "default:appeal.html.j2" %}
{% block requests %}
<p>{{ applicant.full_name }}, {{ appeal.date|date_long }}</p>
<h3>Дополнительно</h3>
{% for request in requests or [] %}<p>{{ loop.index }}. {{ request }}</p>{% endfor %}
<p>{{ signature_date }} {{ addressee.name|shout }}</p>
<blockquote>{{ facts }}</blockquote>
{% endblock %}
"""


def test_the_default_templates_keep_the_contract() -> None:
    assert check_templates(ROOT / "templates") == []


def test_a_template_is_checked_with_its_file_and_line(run, tmp_path: Path) -> None:
    (tmp_path / "appeal.html.j2").write_text(OVERRIDE, encoding="utf-8")
    (tmp_path / "kk").mkdir()
    # The statistics attachment has no `register`: a variable of another document.
    (tmp_path / "kk" / "attachment-statistics.html.j2").write_text(
        '{% extends "default:attachment-statistics.html.j2" %}\n'
        "{% block content %}{{ register }}{% endblock %}\n",
        encoding="utf-8",
    )
    result = run("check", EXAMPLE, "--templates", tmp_path)
    assert result.exit_code == 1
    appeal, statistics = tmp_path / "appeal.html.j2", tmp_path / "kk/attachment-statistics.html.j2"
    known = "`appeal templates` lists what {template} may use"
    assert result.stderr.splitlines()[:-1] == [
        f"Error: {appeal}, line 4: the Word document cannot show the element <h3>: "
        "`appeal templates` lists the elements it shows",
        f'Error: {appeal}, line 6: unknown filter "shout": `appeal templates` lists the filters',
        f'Error: {appeal}, line 6: unknown variable "signature_date": '
        + known.format(template="appeal.html.j2"),
        f"Error: {appeal}, line 7: the Word document cannot show the element <blockquote>: "
        "`appeal templates` lists the elements it shows",
        f'Error: {statistics}, line 2: unknown variable "register": '
        + known.format(template="attachment-statistics.html.j2"),
    ]


def test_a_good_template_folder_passes_and_a_missing_one_is_named(run, tmp_path: Path) -> None:
    good = OVERRIDE.replace("<h3>", "<h2>").replace("</h3>", "</h2>")
    good = good.replace("{{ signature_date }} {{ addressee.name|shout }}", "{{ addressee.name }}")
    good = good.replace("<blockquote>{{ facts }}</blockquote>", "")
    (tmp_path / "appeal.html.j2").write_text(good, encoding="utf-8")
    assert run("check", EXAMPLE, "--templates", tmp_path).exit_code == 0
    result = run("check", EXAMPLE, "--templates", tmp_path / "none")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'none'}: no such template folder\n"


def test_a_syntax_error_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "appeal.html.j2").write_text("<p>\n{{ case.( }}\n</p>\n", encoding="utf-8")
    [problem] = check_templates(tmp_path)
    assert (problem.file, problem.where) == (str(tmp_path / "appeal.html.j2"), "line 2")


def test_case_and_template_problems_are_reported_together(case_dir: Path, tmp_path: Path):
    (case_dir / "case.yaml").write_text("election: [\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "appeal.html.j2").write_text(OVERRIDE, encoding="utf-8")
    with pytest.raises(api.CaseError) as caught:
        api.check(case_dir, templates=templates)
    files = {p.file for p in caught.value.errors}
    assert files == {str(case_dir / "case.yaml"), str(templates / "appeal.html.j2")}


def test_the_listing_names_every_variable_filter_and_element(run) -> None:
    result = run("templates")
    assert result.exit_code == 0
    text = result.stdout
    for template, context in CONTEXTS.items():
        assert f"### {template}" in text
        for name in variables(context):
            assert f"| `{name}` |" in text, name
    for name in ("votes", "percent", "tenge", "date_long", "signed", "markdown", "plural"):
        assert f"- `{name}`" in text
    assert "`<h2>`" in text and "`<h3>`" not in text
    assert "- `names(ids, parties)`" in text  # a macro of texts.j2


def test_the_documented_contract_is_the_generated_one() -> None:
    """docs/templates-contract.md; after a change of the contract: `make golden`."""
    text = api.template_contract()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text


def test_markdown_the_word_document_cannot_show_is_refused(run, case_dir: Path) -> None:
    import base64
    import io

    from PIL import Image

    from conftest import edit_case

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")
    seal = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    narrative = {
        "facts": "Итоги.\n\n### Подробнее\n\nТекст.",
        "legal": "> Цитата из ответа\n\n1. пункт\n2. пункт",
        "requests": f"Печать: ![печать]({seal})",  # a picture a document may show
        "sample": "## Выборка\n\nОбычный абзац, **жирный** и *курсив*.",
    }
    edit_case(case_dir, lambda data: data.update(narrative=narrative))
    result = run("check", case_dir)
    assert result.exit_code == 1
    case = case_dir / "case.yaml"
    assert result.stderr.splitlines()[:-1] == [
        f"Error: {case}: narrative.facts: the Word document cannot show the element <h3> "
        "this Markdown makes («Подробнее»); write it as a paragraph or a list",
        f"Error: {case}: narrative.legal: the Word document cannot show the element "
        "<blockquote> this Markdown makes («Цитата из ответа»); write it as a paragraph or a list",
        f"Error: {case}: narrative.requests: the Word document cannot show the element <img> "
        "this Markdown makes; write it as a paragraph or a list",
    ]


RACE = """
import sys, threading
from election_appeal import api
errors = []
def warm_up():  # as the web page loads the rendering libraries while it answers
    try:
        from election_appeal.render.documents import Renderer  # noqa: F401
    except Exception as exc:
        errors.append(repr(exc))
thread = threading.Thread(target=warm_up)
thread.start()
try:
    api.check(sys.argv[1])
except Exception as exc:
    errors.append(repr(exc))
thread.join()
print(errors)
"""


def test_check_while_another_thread_loads_the_rendering_libraries(case_dir: Path) -> None:
    import subprocess
    import sys

    from conftest import edit_case

    edit_case(case_dir, lambda data: data.update(narrative={"facts": "Текст."}))
    run = subprocess.run(
        [sys.executable, "-c", RACE, str(case_dir)], capture_output=True, text=True, check=True
    )
    assert run.stdout == "[]\n"


def test_a_file_the_loader_would_not_read_is_not_read_by_the_check(tmp_path: Path) -> None:
    import os

    (tmp_path / "appeal.html.j2").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "texts.j2")  # reading it would wait for ever
    assert [(p.file, p.message) for p in check_templates(tmp_path)] == [
        (str(tmp_path / "appeal.html.j2"), f"leads outside the template folder {tmp_path}"),
        (str(tmp_path / "texts.j2"), "not a regular file of at most 1,048,576 bytes"),
    ]
