"""What a template may use, listed from the code itself: the variables of each document (the
contract), the filters, the macros of the default templates and the HTML elements the Word
document shows. `appeal templates` prints it; docs/templates-contract.md is this text."""

from __future__ import annotations

import inspect

import jinja2
from jinja2 import nodes

from ..i18n import gettext as _
from ..resources import templates_dir
from .contract import CONTEXTS, CommonContext, type_name, variables
from .docx import PARAGRAPH_CLASSES
from .docx_subset import (
    BLOCK_TAGS,
    DIV_CLASSES,
    FIGURE_TAGS,
    FRAME_TAGS,
    INLINE_TAGS,
    LIST_ITEM,
    TABLE_TAGS,
    TEXT_CONTAINERS,
)
from .env import make_environment


def contract_text() -> str:
    """The whole listing as Markdown, in the interface language."""
    env = make_environment()
    parts = [
        "# " + _("What a template may use"),
        _(
            "Generated from the code by `appeal templates`. A user's template folder is checked "
            "against it by `appeal check CASE --templates FOLDER`."
        ),
        *_variables(),
        *_filters(env),
        *_macros(env),
        *_elements(),
    ]
    return "\n\n".join(parts) + "\n"


def _variables() -> list[str]:
    common = variables(CommonContext)
    parts = ["## " + _("Variables"), "### " + _("Every document"), _table(common)]
    for template, context in CONTEXTS.items():
        own = variables(context)
        shared = set(common) <= set(own)
        if shared:
            own = {name: value for name, value in own.items() if name not in common}
        title = f"### {template}"
        if shared:
            title += "\n\n" + _("Every document's variables, and:")
        parts += [title, _table(own)]
    return parts


def _table(listed: dict[str, tuple[object, str]]) -> str:
    columns = (_("name"), _("type"), _("meaning"))
    header = "| {} | {} | {} |\n|---|---|---|\n".format(*columns)
    rows = [
        f"| `{name}` | `{type_name(kind)}` | {_(meaning)} |".replace(" | None", " \\| None")
        for name, (kind, meaning) in listed.items()
    ]
    return header + "\n".join(rows)


def _filters(env: jinja2.Environment) -> list[str]:
    own = sorted(set(env.filters) - set(jinja2.filters.FILTERS))
    lines = []
    for name in own:
        doc = inspect.getdoc(env.filters[name]) or ""
        summary = " ".join(doc.split()) if doc else ""
        lines.append(f"- `{name}`" + (f": {summary}" if summary else ""))
    builtin = ", ".join(f"`{name}`" for name in sorted(jinja2.filters.FILTERS))
    return [
        "## " + _("Filters"),
        "\n".join(lines),
        _("And Jinja's own: {filters}.").format(filters=builtin),
    ]


def _macros(env: jinja2.Environment) -> list[str]:
    """The macros each default template defines, with their parameters."""
    root = templates_dir()
    parts = [
        "## " + _("Macros and values of the default templates"),
        _('What a template imports: `{% from "texts.j2" import names %}`.'),
    ]
    for path in sorted(root.rglob("*.j2")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        found = []
        for node in tree.body:
            if isinstance(node, nodes.Macro):
                found.append(f"- `{node.name}({', '.join(_parameters(node))})`")
            elif isinstance(node, nodes.Assign | nodes.AssignBlock):
                found += [f"- `{n.name}`" for n in node.target.find_all(nodes.Name)]
                if isinstance(node.target, nodes.Name):
                    found.append(f"- `{node.target.name}`")
        if found:
            parts.append(f"### {path.relative_to(root)}\n\n" + "\n".join(found))
    return parts


def _parameters(macro: nodes.Macro) -> list[str]:
    names = [arg.name for arg in macro.args]
    plain = len(names) - len(macro.defaults)
    return names[:plain] + [f"{name}=…" for name in names[plain:]]


def _elements() -> list[str]:
    def listed(tags: frozenset[str] | set[str]) -> str:
        return ", ".join(f"`<{tag}>`" for tag in sorted(tags))

    classes = ", ".join(f"`div.{c}`" for c in DIV_CLASSES)
    paragraphs = ", ".join(f"`p.{c}`" for c in PARAGRAPH_CLASSES)
    lines = [
        (_("blocks"), f"{listed(BLOCK_TAGS)}; {classes}; {paragraphs}"),
        (_("list items"), listed({LIST_ITEM})),
        (_("text"), f"{listed(INLINE_TAGS)}; `span.footnote`"),
        (_("inside a list item or a cell"), listed(TEXT_CONTAINERS)),
        (_("tables"), listed(TABLE_TAGS)),
        (_("the frame, not shown"), listed(FRAME_TAGS)),
        (_("the chart of div.figure"), listed(FIGURE_TAGS)),
    ]
    return [
        "## " + _("HTML elements the Word document shows"),
        "\n".join(f"- {label}: {tags}" for label, tags in lines),
        _("Any other element is refused: the Word document would lose what the PDF shows."),
    ]
