"""Template loading: the user's folder first, `default:` to extend, strict and sandboxed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import EXAMPLE
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry, appeal_context
from election_appeal.render.env import TemplateError, make_environment, render_template

MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
# A user's appeal.html.j2 that overrides one block; the body is on line 3.
OVERRIDE = (
    '{{% extends "default:appeal.html.j2" %}}\n{{% block requests %}}\n{body}\n{{% endblock %}}\n'
)


@pytest.fixture(scope="module")
def context() -> dict:
    data = load_case(EXAMPLE)
    return appeal_context(data, analyse(data), [RegisterEntry("Таблица", 4)], MOMENT)


def _render(folder: Path, context: dict, source: str, name: str = "appeal.html.j2") -> str:
    (folder / name).write_text(source, encoding="utf-8")
    return render_template(make_environment(folder), name, context)


def test_the_default_appeal_renders(context: dict) -> None:
    html = render_template(make_environment(), "appeal.html.j2", context)
    assert "<h1>ЗАЯВЛЕНИЕ</h1>" in html
    assert '<div class="watermark">ОБРАЗЕЦ</div>' in html


def test_a_user_overrides_one_block_and_keeps_the_rest(tmp_path: Path, context: dict) -> None:
    source = (
        '{% extends "default:appeal.html.j2" %}\n'
        "{% block requests %}<h2>6. Просьба</h2>"
        "<ol><li>провести проверку.</li></ol>{% endblock %}\n"
    )
    html = _render(tmp_path, context, source)
    assert "<li>провести проверку.</li>" in html
    assert "досудебное расследование" not in html  # the default requests are replaced
    assert "Таблица 1. Официальные итоги" in html  # everything else is the default


def test_a_user_file_replaces_a_default_file(tmp_path: Path, context: dict) -> None:
    (tmp_path / "style.css").write_text("html { font-size: 12pt; }", encoding="utf-8")
    html = render_template(make_environment(tmp_path), "appeal.html.j2", context)
    assert "html { font-size: 12pt; }" in html
    assert "font-size: 14pt" not in html


def test_an_undefined_variable_names_the_template_and_line(tmp_path: Path, context: dict) -> None:
    source = OVERRIDE.format(body="{{ petition }}")
    with pytest.raises(TemplateError) as caught:
        _render(tmp_path, context, source)
    assert str(caught.value) == f"{tmp_path / 'appeal.html.j2'}, line 3: 'petition' is undefined"


def test_a_syntax_error_names_the_template_and_line(tmp_path: Path, context: dict) -> None:
    source = (
        '{% extends "default:appeal.html.j2" %}\n{% block requests %}\n{% if %}\n{% endblock %}\n'
    )
    with pytest.raises(TemplateError) as caught:
        _render(tmp_path, context, source)
    assert str(caught.value) == (
        f"{tmp_path / 'appeal.html.j2'}, line 3: "
        "Expected an expression, got 'end of statement block'"
    )


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__[1].__subclasses__()",
        "cycler.__init__.__globals__.os.system('touch /tmp/escaped')",
        "applicant.__class__.__init__.__globals__",
        "parties.update({})",
    ],
)
def test_reaching_python_internals_is_refused(
    tmp_path: Path, context: dict, expression: str
) -> None:
    source = OVERRIDE.format(body="{{ " + expression + " }}")
    with pytest.raises(TemplateError) as caught:
        _render(tmp_path, context, source)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'appeal.html.j2'}, line 3: ")
    assert "not allowed in a template (access to attribute" in message
    assert not Path("/tmp/escaped").exists()


def test_a_missing_template_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        make_environment(tmp_path / "nowhere")
    assert str(caught.value) == f"{tmp_path / 'nowhere'}: no such template folder"


def test_the_narrative_is_markdown_without_raw_html(tmp_path: Path, context: dict) -> None:
    from election_appeal.case.schema import Narrative

    narrative = Narrative(facts="Наблюдатель *видел* <script>alert(1)</script>")
    html = render_template(
        make_environment(), "appeal.html.j2", {**context, "narrative": narrative}
    )
    assert "<p>Наблюдатель <em>видел</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
