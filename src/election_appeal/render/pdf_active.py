"""The applicant's own PDF attachments without active content, as they enter the bundle.

A PDF can carry what a viewer runs or opens instead of showing: JavaScript, a program to
launch, a form that sends itself somewhere, a file inside it. A bundle sent to an authority
must show pages and nothing else, so every such thing is taken out of each attachment the
applicant gives, and what the pages look like is kept: the page contents, their resources and
the annotations' appearances are left as they are.

What is removed, at every level (document, page, annotation, form field, bookmark):
- every action but going to a place in the document, a named viewer command, or a web or mail
  address (/GoTo, /Named, /URI with http, https or mailto); a kept action loses its /Next;
- the additional actions (/AA) and the document's opening action (/OpenAction);
- the document's scripts and embedded files (/Names /JavaScript, /EmbeddedFiles), associated
  files (/AF), a portfolio (/Collection) and a form's XFA (which holds scripts);
- annotations that play or hold content (/RichMedia, /Screen, /Movie, /Sound,
  /FileAttachment, /3D).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..case import CaseData
from ..errors import Problem, Severity
from ..i18n import gettext as _

SAFE_ACTIONS = frozenset({"/GoTo", "/Named", "/URI"})
SAFE_SCHEMES = ("http://", "https://", "mailto:")
ACTIVE_ANNOTATIONS = frozenset(
    {"/RichMedia", "/Screen", "/Movie", "/Sound", "/FileAttachment", "/3D"}
)
# Keys removed wherever they are, and the name each is reported by.
ACTIVE_KEYS = {
    "/AA": "additional actions (/AA)",
    "/OpenAction": "OpenAction",
    "/AF": "embedded files",
    "/Collection": "embedded files",
    "/XFA": "XFA forms",
    "/JS": "JavaScript",
}
NAMES = {"/JavaScript": "JavaScript", "/EmbeddedFiles": "embedded files"}
ACTION_KEYS = ("/A", "/PA", "/Next")


def without_active_content(data: bytes) -> tuple[bytes, list[str]]:
    """The PDF without active content, and what was removed (named as the PDF specification
    names it, in alphabetical order, once each); the same bytes when there was none."""
    from pypdf import PdfReader, PdfWriter

    from .pdf import SharedBytes

    writer = PdfWriter(clone_from=PdfReader(SharedBytes(data)))
    removed: dict[str, None] = {}
    root = writer.root_object
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        for key, what in NAMES.items():
            if key in names:
                del names[key]
                removed[what] = None
    _clean(root, removed)
    if not removed:
        return data, []
    return _reachable_only(writer), sorted(removed, key=str.lower)


def _reachable_only(writer: Any) -> bytes:
    """The document written without the objects nothing refers to any more (what was taken
    out, which the clone still holds): cloned again from its own root, which copies only what
    the root reaches."""
    from pypdf import PdfReader, PdfWriter

    first = io.BytesIO()
    writer.write(first)
    again = PdfWriter(clone_from=PdfReader(first))
    out = io.BytesIO()
    again.write(out)
    return out.getvalue()


def _clean(root: Any, removed: dict[str, None]) -> None:
    """Take the active content out of every object reachable from `root`, each visited once
    (a document's objects refer to one another in circles)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            _clean_dictionary(item, removed)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _clean_dictionary(item: Any, removed: dict[str, None]) -> None:
    from pypdf.generic import ArrayObject

    for key, what in ACTIVE_KEYS.items():
        if key in item:
            del item[key]
            removed[what] = None
    for key in ACTION_KEYS:
        if key in item and not _safe_action(item[key], removed):
            del item[key]
    annotations = item.get("/Annots")
    if annotations is not None and isinstance(annotations.get_object(), ArrayObject):
        kept = [a for a in annotations.get_object() if not _active_annotation(a, removed)]
        if len(kept) < len(annotations.get_object()):
            annotations.get_object()[:] = kept


def _safe_action(value: Any, removed: dict[str, None]) -> bool:
    """Whether an action (or a list of them) only goes to a place; an unsafe one is named in
    `removed`. A kept action's /Next is cleaned when its dictionary is visited."""
    from pypdf.generic import ArrayObject, DictionaryObject

    action = value.get_object()
    if isinstance(action, ArrayObject):
        return all(_safe_action(a, removed) for a in action)
    if not isinstance(action, DictionaryObject):
        return True  # a destination, not an action
    kind = str(action.get("/S", ""))
    if kind in SAFE_ACTIONS and (kind != "/URI" or _safe_address(action.get("/URI"))):
        return True
    removed[f"{kind.lstrip('/') or 'unknown'} actions"] = None
    return False


def _safe_address(value: Any) -> bool:
    address = value.get_object() if value is not None else ""
    text = address.decode("latin-1") if isinstance(address, bytes) else str(address)
    return text.strip().lower().startswith(SAFE_SCHEMES)


def _active_annotation(value: Any, removed: dict[str, None]) -> bool:
    from pypdf.generic import DictionaryObject

    annotation = value.get_object()
    if not isinstance(annotation, DictionaryObject):
        return False
    subtype = str(annotation.get("/Subtype", ""))
    if subtype in ACTIVE_ANNOTATIONS:
        removed[f"{subtype.lstrip('/')} annotations"] = None
        return True
    return False


def active_content_removed(file: Path, removed: list[str]) -> str:
    """The warning that an attachment's active content was taken out of the bundle."""
    message = _(
        "{file}: removed from this PDF what a viewer would run or open instead of showing "
        "({what}); its pages are kept as they look"
    )
    return message.format(file=file, what=", ".join(removed))


def active_content_warnings(data: CaseData) -> list[Problem]:
    """`check`'s warning for each PDF attachment the build will take active content out of.
    A file that cannot be read is left to the build, which names what is wrong with it."""
    from ..case.paths import ATTACHMENT_MAX_BYTES, read_case_file

    message = _(
        "the bundle will hold this PDF without what a viewer would run or open instead of "
        "showing ({what}); its pages are kept as they look"
    )
    found = []
    for attachment in data.case.attachments:
        if attachment.file is None or not attachment.file.lower().endswith(".pdf"):
            continue
        try:
            content = read_case_file(data.folder, attachment.file, ATTACHMENT_MAX_BYTES)
            removed = without_active_content(content)[1]
        except Exception:  # refused, or broken (pypdf raises many kinds): the build says so
            continue
        if removed:
            shown = str(data.folder / attachment.file)
            text = message.format(what=", ".join(removed))
            found.append(Problem(shown, "", "", text, Severity.WARNING))
    return found
