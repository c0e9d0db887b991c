"""Template loading: the user's folder first, `default:` to extend, strict and sandboxed."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import difflib
import re
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


@pytest.mark.parametrize(
    ("title", "genitive"),
    [
        ("Выборы депутатов маслихата города Алматы", "выборов депутатов маслихата города Алматы"),
        ("выборы депутатов Мажилиса", "выборов депутатов Мажилиса"),
        ("Референдум", None),
    ],
)
def test_a_title_in_the_genitive(title: str, genitive: str | None) -> None:
    from election_appeal.render.languages import russian_genitive_title as genitive_title

    assert genitive_title(title) == genitive


def test_sections_are_numbered_without_gaps() -> None:
    from election_appeal.render.context import section_numbers

    present = [("a", True), ("b", False), ("c", True), ("d", True)]
    assert section_numbers(present) == {"a": 1, "b": None, "c": 2, "d": 3}


def test_attachment_numbers_come_from_the_register() -> None:
    from election_appeal.render.context import attachment_numbers

    assert attachment_numbers([]) == {"protocols": None, "statistics": None}
    assert attachment_numbers([RegisterEntry("Таблица", 4)]) == {
        "protocols": 1,
        "statistics": None,
    }
    register = [RegisterEntry("Копия", 1), RegisterEntry("Т", 4, key="protocols")]
    register.append(RegisterEntry("С", 3, key="statistics"))
    assert attachment_numbers(register) == {"protocols": 2, "statistics": 3}


def _statistics_html(folder: Path) -> str:
    from election_appeal.render.context import statistics_context

    env = make_environment()
    data = load_case(folder)
    context = statistics_context(data, analyse(data), MOMENT, 2, env.filters["signed"])
    return render_template(env, "attachment-statistics.html.j2", context)


def test_the_statistics_attachment_has_the_chart_and_the_caveats() -> None:
    html = _statistics_html(EXAMPLE)
    # Headed for the instrument of its letter (by default an «обращение») and dated.
    heading = '<p class="right">Приложение 2 к обращению от 5 апреля 2021 г.</p>'
    assert heading in html.replace("\u00a0", " ")
    chart = html[html.index("<svg") : html.index("</svg>")]
    # One dot per distinct difference d of a party (stations with the same d share a dot),
    # counted here from the protocol table itself; one mean mark per party.
    copies: dict[str, dict[str, dict[str, str]]] = {}
    with (EXAMPLE / "protocols.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            copies.setdefault(row["station"], {})[row["contest"]] = row
    parties = ["npk", "nur_otan", "auyl", "ak_zhol", "adal"]
    both = [c for c in copies.values() if len(c) == 2]
    assert len(both) == 66
    distinct = sum(
        len({int(c["maslikhat"][p]) - int(c["mazhilis"][p]) for c in both}) for p in parties
    )
    assert 5 < distinct < 66 * 5  # the example has stations sharing a d
    assert chart.count("<circle") == distinct
    assert chart.count('stroke="#c00000"') == 5
    # The axis runs from −140 to +140, the largest per-station difference of the example.
    assert ">−140</text>" in chart and ">+140</text>" in chart
    assert "не отбирались случайным образом" in html
    # The example's НПК would need a correlation of +4,37: no correlation is that large.
    # … and 2 854 stations at its largest observed difference, where 515 have no copy.
    assert (
        '<tr><td>НПК</td><td class="num">недостижима (+4,37)</td>'
        '<td class="num">2\u00a0854\u00a0— больше, чем участков без копий</td>'
        '<td class="num">515</td></tr>'
    ) in html
    assert "Таблица 3. Чувствительность к\u00a0неслучайному отбору." in html


def test_with_one_station_the_statistics_attachment_says_so(case_dir: Path) -> None:
    from conftest import read_rows, write_rows

    rows = read_rows(case_dir / "protocols.csv")
    write_rows(case_dir / "protocols.csv", [r for r in rows if r["station"] == "12"])
    html = _statistics_html(case_dir)
    assert (
        "<p>Копии протоколов об итогах обоих голосований есть только по одному участку; для "
        "статистической оценки нужно не менее двух участков, поэтому она не проводится.</p>"
    ) in " ".join(html.split())
    assert "<svg" not in html and "Таблица 1" not in html
    assert "<h2>1. Оговорки</h2>" in html


def test_the_chart_is_a_picture_in_the_docx() -> None:
    import io

    from docx import Document
    from docx.shared import Mm
    from PIL import Image

    from election_appeal.render.docx import render_docx

    data = render_docx(
        _statistics_html(EXAMPLE), title="t", author="a", language="ru-RU", moment=MOMENT
    )
    shapes = Document(io.BytesIO(data)).inline_shapes
    assert len(shapes) == 1
    assert shapes[0].width == Mm(160)
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    part = Document(io.BytesIO(data)).part.related_parts[blip]
    # 160 mm at 300 dots per inch: 160 / 25.4 × 300 = 1 889.8 pixels.
    assert Image.open(io.BytesIO(part.blob)).size[0] == 1890


# --- One structure per document -------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Above this share of the same control tags in the same order, two templates hold one
# structure twice (the Kazakh copies of the Russian templates shared 91–100 %).
SIMILAR = 0.8
# Shorter sequences (a few `set`s, one `if`) look alike by chance.
LONG_ENOUGH = 12
_CONTROL_TAG = re.compile(r"{%-?\s*(\w+)")


def control_tags(source: str) -> list[str]:
    """The names of a template's control tags in order: ["extends", "block", "if", ...]."""
    return _CONTROL_TAG.findall(source)


def repeated_structures(sources: dict[str, str]) -> list[tuple[str, str, float]]:
    """The pairs of templates whose control tags follow one another alike; two phrasebooks of
    one name in two languages are parallel by design and are not compared."""
    found = []
    names = sorted(sources)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            if _parallel_phrasebooks(first, second):
                continue
            a, b = control_tags(sources[first]), control_tags(sources[second])
            if min(len(a), len(b)) < LONG_ENOUGH:
                continue
            ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            if ratio > SIMILAR:
                found.append((first, second, round(ratio, 2)))
    return found


def _parallel_phrasebooks(first: str, second: str) -> bool:
    one, two = Path(first), Path(second)
    return one.name == two.name and len(one.parts) == len(two.parts) == 2


def _shipped() -> dict[str, str]:
    return {
        str(path.relative_to(TEMPLATES)): path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATES.rglob("*.j2"))
    }


def test_no_shipped_template_holds_the_structure_of_another() -> None:
    assert repeated_structures(_shipped()) == []


def test_a_copied_structure_is_found() -> None:
    """The check finds what it looks for: the appeal copied into a language folder with its
    words changed, as the Kazakh appeal once was, or with a block added."""
    appeal = (TEMPLATES / "appeal.html.j2").read_text(encoding="utf-8")
    copied = appeal.replace("phrase.", "words.").replace("<h2>", "<h3>")
    grown = appeal + "{% block more %}{% if x %}{{ x }}{% endif %}{% endblock %}"
    found = repeated_structures({"appeal.html.j2": appeal, "kk/appeal.html.j2": copied})
    assert [(a, b) for a, b, _ in found] == [("appeal.html.j2", "kk/appeal.html.j2")]
    assert repeated_structures({"appeal.html.j2": appeal, "mine.html.j2": grown})


def test_every_language_has_every_phrase_the_structure_uses() -> None:
    """Each language has every phrasebook, and each phrasebook every phrase its structure uses
    and every name imported from it: a phrase missing in one language would fail only when a
    case reaches it."""
    books = {
        language: {
            p.name: p.read_text(encoding="utf-8") for p in (TEMPLATES / language).glob("*.j2")
        }
        for language in LANGUAGES
    }
    assert all(set(books[language]) == set(books["ru"]) for language in LANGUAGES)
    used: dict[str, set[str]] = {}
    structures = [s for name, s in _shipped().items() if "/" not in name]
    for source in structures:
        for book in _PHRASE_IMPORT.findall(source):
            used.setdefault(book, set()).update(_PHRASE_USE.findall(source))
        for book, names in _FROM_IMPORT.findall(source):
            used.setdefault(book, set()).update(n.strip() for n in names.split(","))
    assert {"appeal.phrases.j2", "texts.j2", "files.phrases.j2"} <= set(used)
    for language in LANGUAGES:
        for book, names in used.items():
            if book in books[language]:
                defined = set(_PHRASE_NAME.findall(books[language][book]))
                defined |= {
                    n.strip()
                    for _, imported in _FROM_IMPORT.findall(books[language][book])
                    for n in imported.split(",")
                }
                assert names - defined == set(), f"{language}/{book}"


LANGUAGES = ("ru", "kk")
_PHRASE_IMPORT = re.compile(r'{%-?\s*import\s+"([\w.-]+)"\s+as\s+phrase\b')
_PHRASE_USE = re.compile(r"\bphrase\.(\w+)")
_FROM_IMPORT = re.compile(
    r'{%-?\s*from\s+"([\w.-]+)"\s+import\s+([\w\s,]+?)(?:\s+with context)?\s*-?%}'
)
_PHRASE_NAME = re.compile(r"{%-?\s*(?:macro|set)\s+(\w+)")


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_phrasebooks_hold_words_not_structure(language: str) -> None:
    """No document layout in a phrasebook: no blocks, no inheritance, no tables or paragraphs."""
    structural = re.compile(
        r"{%-?\s*(block|extends|include)\b|<(table|tr|td|th|p|h\d|ul|ol|li|div)\b"
    )
    for path in (TEMPLATES / language).glob("*.j2"):
        assert structural.findall(path.read_text(encoding="utf-8")) == [], path.name


# --- A user's templates in each language ------------------------------------------------------


@pytest.fixture(scope="module")
def contexts() -> dict[str, dict]:
    """The example's appeal variables in each language."""
    data = load_case(EXAMPLE)
    analysis = analyse(data)
    found = {}
    for language in LANGUAGES:
        case = data.case.model_copy(update={"language": language})
        found[language] = appeal_context(
            dataclasses.replace(data, case=case), analysis, [RegisterEntry("Таблица", 4)], MOMENT
        )
    return found


def _appeal_in(folder: Path, contexts: dict[str, dict], language: str) -> str:
    return render_template(make_environment(folder, language), "appeal.html.j2", contexts[language])


def test_a_russian_block_at_the_root_stays_out_of_the_kazakh_appeal(
    tmp_path: Path, contexts: dict[str, dict]
) -> None:
    (tmp_path / "appeal.html.j2").write_text(
        OVERRIDE.format(body="<h2>6. Просьба</h2><ol><li>провести проверку.</li></ol>"),
        encoding="utf-8",
    )
    russian = _appeal_in(tmp_path, contexts, "ru")
    kazakh = _appeal_in(tmp_path, contexts, "kk")
    assert "<li>провести проверку.</li>" in russian
    assert "Просьба" not in kazakh and "провести" not in kazakh
    assert "<strong>СҰРАЙМЫН:</strong>" in kazakh  # the default Kazakh requests


def test_a_block_of_structure_alone_at_the_root_serves_every_language(
    tmp_path: Path, contexts: dict[str, dict]
) -> None:
    """A block without words of its own (here: a rule instead of the list of attachments)
    changes the document in each language."""
    (tmp_path / "appeal.html.j2").write_text(
        '{% extends "default:appeal.html.j2" %}\n{% block attachments %}<hr class="mine">'
        "{{ section.legal }}{% endblock %}\n",
        encoding="utf-8",
    )
    for language, heading in (("ru", "Приложение:"), ("kk", "Қосымша:")):
        html = _appeal_in(tmp_path, contexts, language)
        assert '<hr class="mine">5' in html, language
        assert heading not in html, language


def test_one_phrase_of_one_language_is_replaced(tmp_path: Path, contexts: dict[str, dict]) -> None:
    (tmp_path / "kk").mkdir()
    (tmp_path / "kk" / "appeal.phrases.j2").write_text(
        "{% macro requests_heading() %}Өтінім{% endmacro %}\n", encoding="utf-8"
    )
    kazakh = _appeal_in(tmp_path, contexts, "kk")
    assert "<h2>6. Өтінім</h2>" in kazakh
    assert "<h2>1. Мән-жайлар</h2>" in kazakh  # every other phrase is the default
    assert "<h2>6. Просьба</h2>" in _appeal_in(tmp_path, contexts, "ru")


def test_a_russian_phrase_at_the_root_is_russian_only(
    tmp_path: Path, contexts: dict[str, dict]
) -> None:
    (tmp_path / "appeal.phrases.j2").write_text(
        "{% macro requests_heading() %}Требования{% endmacro %}\n", encoding="utf-8"
    )
    assert "<h2>6. Требования</h2>" in _appeal_in(tmp_path, contexts, "ru")
    assert "<h2>6. Сұрау</h2>" in _appeal_in(tmp_path, contexts, "kk")


def test_an_error_in_a_users_phrase_names_the_users_file_and_line(
    tmp_path: Path, contexts: dict[str, dict]
) -> None:
    (tmp_path / "kk").mkdir()
    phrases = tmp_path / "kk" / "appeal.phrases.j2"
    phrases.write_text(
        "{#- mine -#}\n{% macro requests_heading() %}\n{{ no_such_thing.x }}\n{% endmacro %}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as error:
        _appeal_in(tmp_path, contexts, "kk")
    assert str(error.value).startswith(f"{phrases}, line 3: ")
    phrases.write_text("{% macro requests_heading() %}{% if %}{% endmacro %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        _appeal_in(tmp_path, contexts, "kk")
    assert str(error.value).startswith(f"{phrases}, line 1: ")


def test_the_worked_override_of_docs_templates_md(
    tmp_path: Path, contexts: dict[str, dict]
) -> None:
    """The example of docs/templates.md, as written there: a block at the root and its phrase
    in each language."""
    doc = (TEMPLATES.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    section = doc.split("### Worked override: one more sentence, in both languages")[1]
    block, russian, kazakh = re.findall(r"```jinja\n(.*?)```", section, re.S)[:3]
    (tmp_path / "appeal.html.j2").write_text(block, encoding="utf-8")
    for language, phrase in (("ru", russian), ("kk", kazakh)):
        (tmp_path / language).mkdir()
        (tmp_path / language / "appeal.phrases.j2").write_text(phrase, encoding="utf-8")
    russian_html = _appeal_in(tmp_path, contexts, "ru").replace("\u00a0", " ")
    kazakh_html = _appeal_in(tmp_path, contexts, "kk").replace("\u00a0", " ")
    assert "<p>Прошу также сообщать мне о ходе проверки.</p>" in russian_html
    assert "<p>Тексерудің барысы туралы да хабарлап отыруыңызды сұраймын.</p>" in kazakh_html
    # The shipped request for the written reply (the last request) stays, before the added
    # sentence.
    assert russian_html.index("в письменной форме") < russian_html.index("о ходе проверки")
    assert kazakh_html.index("жазбаша түрде") < kazakh_html.index("барысы туралы")
    assert "Прошу" not in kazakh_html


def test_the_languages_of_the_documents_agree_everywhere() -> None:
    """render/languages.py is the registry; the places that must list the same codes say so
    here, so that a third language cannot join one and miss another (docs/templates.md)."""
    from typing import get_args

    from election_appeal import api
    from election_appeal.case.schema import Case
    from election_appeal.case.texts import TEXT_LANGUAGES
    from election_appeal.render.documents import LOCALES
    from election_appeal.render.languages import LANGUAGES as REGISTRY

    codes = tuple(REGISTRY)
    assert codes == ("ru", "kk")
    assert get_args(Case.model_fields["language"].annotation) == codes
    assert TEXT_LANGUAGES == codes == tuple(api.LANGUAGES) == tuple(LOCALES)
    for code in codes:
        assert {p.name for p in (TEMPLATES / code).glob("*.j2")} == {
            p.name for p in (TEMPLATES / "ru").glob("*.j2")
        }
        assert (TEMPLATES.parent / "src" / "election_appeal" / "locale" / code).is_dir()


def test_a_russian_template_passed_over_for_kazakh_is_named_in_a_warning(tmp_path: Path) -> None:
    from election_appeal.render import render_case

    (tmp_path / "appeal.html.j2").write_text(
        OVERRIDE.format(body="<h2>6. Просьба</h2>"), encoding="utf-8"
    )
    data = load_case(EXAMPLE)
    for language, warned in (("ru", False), ("kk", True)):
        case = data.case.model_copy(update={"language": language})
        rendered = render_case(
            dataclasses.replace(data, case=case), formats=("docx",), templates=tmp_path
        )
        warnings = [w for w in rendered.warnings if "appeal.html.j2" in w]
        assert bool(warnings) == warned, language
    assert warnings == [
        f"{tmp_path / 'appeal.html.j2'}: written in Russian (it has words of its own and sits at "
        "the root of the template folder), so the documents in kk do not use it; put their "
        f"version in {tmp_path / 'kk'}"
    ]
