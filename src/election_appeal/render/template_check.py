"""A user's template folder checked against the template contract before anything is rendered:
every variable a template reads is one its document provides, every filter and test exists,
and every HTML element it writes is one the Word document can show. Each problem names the
file and the line. The case's own Markdown texts are held to the same elements.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from ..case import CaseData
from ..case.load import CASE_FILE
from ..errors import Problem
from ..i18n import gettext as _
from .contract import CONTEXTS, all_variables, variables
from .docx_subset import expressible_tags
from .env import MAX_TEMPLATE_BYTES, make_environment
from .urls import UrlPolicy

# Names Jinja gives a template itself: inside loops, blocks, macros and call blocks.
_JINJA_NAMES = frozenset({"loop", "super", "self", "caller", "varargs", "kwargs"})
# Templates written as something other than HTML (the change report is Markdown).
_NOT_HTML = frozenset({"changes.md.j2"})
_TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)")
_SUFFIXES = (".j2", ".html", ".jinja")


def template_files(folder: Path) -> list[Path]:
    """The templates of a user's folder (and its language subfolders), in order; a link is
    listed as it is named (check_template refuses one that leads outside)."""
    return sorted(p for p in folder.rglob("*") if p.name.endswith(_SUFFIXES) and not p.is_dir())


def check_templates(folder: Path) -> list[Problem]:
    """Every problem of every template in `folder`, each with its file and line."""
    env = make_environment(folder)
    problems: list[Problem] = []
    for path in template_files(folder):
        problems += check_template(env, path, folder)
    return problems


def check_template(env: jinja2.Environment, path: Path, folder: Path) -> list[Problem]:
    """The problems of one template file of `folder`: syntax, unknown names, HTML Word cannot
    show."""
    file = str(path)
    refused = _refused(path, folder)
    if refused:
        return [Problem(file, "", "", refused)]
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem(file, "", "", _("not UTF-8 text"))]
    try:
        tree = env.parse(source, path.name, file)
    except jinja2.TemplateSyntaxError as exc:
        return [Problem(file, f"line {exc.lineno}", "", exc.message or "")]
    problems = _unknown_filters(env, tree, file)
    if problems:  # parsed again with stand-ins for them, for the names Jinja tracks
        overlay = env.overlay()
        overlay.filters.update({p.column: _stand_in for p in problems if p.column})
        overlay.tests.update({p.column: _stand_in for p in problems if p.column})
        tree = overlay.parse(source, path.name, file)
        problems = [replace(p, column="") for p in problems]
    context = CONTEXTS.get(path.name)
    known = set(variables(context)) if context else all_variables()
    problems += _unknown_names(tree, known | set(env.globals) | _JINJA_NAMES, file, path.name)
    if path.name not in _NOT_HTML:
        problems += _unsupported_html(tree, file)
    return problems


def _defined(tree: nodes.Template) -> set[str]:
    """The names the template defines itself: imports, macros, assignments. Jinja's tracking
    misses those of the top level read inside a block, where the context provides them."""
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    names |= {node.name for node in tree.find_all(nodes.Macro)}
    names |= {node.target for node in tree.find_all(nodes.Import)}
    for node in tree.find_all(nodes.FromImport):
        names |= {n[1] if isinstance(n, tuple) else n for n in node.names}
    return names


def _unknown_names(tree: nodes.Template, known: set[str], file: str, name: str) -> list[Problem]:
    unknown = meta.find_undeclared_variables(tree) - known - _defined(tree)
    first: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in unknown and node.ctx == "load":
            first.setdefault(node.name, node.lineno)
    message = _('unknown variable "{name}": `appeal templates` lists what {template} may use')
    return [
        Problem(file, f"line {line}", "", message.format(name=variable, template=name))
        for variable, line in first.items()
    ]


def _refused(path: Path, folder: Path) -> str | None:
    """Why a file is not read, as the template loader would not read it: a link leading out
    of the folder, not a regular file, too large."""
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        return _("leads outside the template folder {folder}").format(folder=folder)
    if not real.is_file() or real.stat().st_size > MAX_TEMPLATE_BYTES:
        return _("not a regular file of at most {size} bytes").format(
            size=f"{MAX_TEMPLATE_BYTES:,}"
        )
    return None


def _stand_in(value: object, *args: object, **kwargs: object) -> object:
    return value


def _unknown_filters(env: jinja2.Environment, tree: nodes.Template, file: str) -> list[Problem]:
    """Filters and tests the environment lacks; each problem's column holds the name for a
    moment (see check_template)."""
    found = []
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            message = _('unknown filter "{name}": `appeal templates` lists the filters')
            where = f"line {node.lineno}"
            found.append(Problem(file, where, node.name, message.format(name=node.name)))
    for test in tree.find_all(nodes.Test):
        if test.name not in env.tests:
            message = _('unknown test "{name}"')
            where = f"line {test.lineno}"
            found.append(Problem(file, where, test.name, message.format(name=test.name)))
    return found


def _unsupported_html(tree: nodes.Template, file: str) -> list[Problem]:
    allowed = expressible_tags()
    found = []
    for node in tree.find_all(nodes.TemplateData):
        for match in _TAG.finditer(node.data):
            tag = match.group(1).lower()
            if tag not in allowed:
                line = node.lineno + node.data.count("\n", 0, match.start())
                message = _(
                    "the Word document cannot show the element <{tag}>: "
                    "`appeal templates` lists the elements it shows"
                )
                found.append(Problem(file, f"line {line}", "", message.format(tag=tag)))
    return found


def case_text_problems(data: CaseData) -> list[Problem]:
    """The case's Markdown texts (narrative) that make an element the Word document cannot
    show, such as a third-level heading (###) or a quotation (>)."""
    from lxml import etree

    urls = UrlPolicy.for_case(data.folder, None)  # a picture it may show is an <img> too
    markdown = make_environment(None, data.case.language, urls).filters["markdown"]
    allowed = expressible_tags()
    file = str(data.folder / CASE_FILE)
    problems = []
    for field, text in data.case.narrative.model_dump().items():
        if not text:
            continue
        root = etree.fromstring(f"<div>{markdown(text)}</div>", etree.HTMLParser())
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag not in allowed:
                words = " ".join("".join(element.itertext()).split())[:60]
                message = _(
                    "narrative.{field}: the Word document cannot show the element <{tag}> "
                    "this Markdown makes{text}; write it as a paragraph or a list"
                ).format(field=field, tag=element.tag, text=f" («{words}»)" if words else "")
                problems.append(Problem(file, "", "", message))
    return problems


def word_problems(data: CaseData, templates: Path | None) -> list[Problem]:
    """The elements a Word document of the case would refuse, found before anything is laid
    out, so that each is blamed where it is written: the case's field, or the template's
    line (the Word writer itself only knows which document it was writing)."""
    problems = case_text_problems(data) if any(data.case.narrative.model_dump().values()) else []
    if templates is None:
        return problems
    env = make_environment(templates)
    for path in template_files(templates):
        if path.name in _NOT_HTML or _refused(path, templates):
            continue
        try:
            tree = env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except (UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue  # the rendering names these, with the line
        problems += _unsupported_html(tree, str(path))
    return problems
