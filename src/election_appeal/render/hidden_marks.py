"""Find a template that hides the «ОБРАЗЕЦ» text of an illustrative case.

The tool draws its own mark over every page (watermark.py), so a template cannot remove it;
but a template that tries (display: none, visibility: hidden, opacity: 0, a transparent or
white colour, a tiny font, a place off the page, a clip) is refused with a message, rather
than built as if nothing happened. The laid-out pages of WeasyPrint are read: every element
of the HTML whose own text holds the mark must be drawn, legibly, on a page at least once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import gettext as _
from .weasy_layout import page_box

# Legible: at least this opaque, this large (CSS px; 8 px = 6 pt) and this dark (relative
# luminance, 1 = white), with its middle inside the page.
MIN_OPACITY = 0.1
MIN_FONT_PX = 8.0
MAX_LUMINANCE = 0.95
MIN_SCALE = 0.25


@dataclass(frozen=True)
class _Drawn:
    """A run of text as drawn: what hides it, if anything (None when it is legible)."""

    element: Any
    hidden_by: str | None


def hidden_marks(root: Any, pages: list[Any], word: str) -> list[str]:
    """What hides each element holding `word` in the HTML (`root`, WeasyPrint's tree), as
    laid out on `pages`; empty when every one is legible somewhere."""
    holders = [e for e in _body_elements(root) if word in _own_text(e)]
    if not holders:
        return []
    reasons: dict[int, list[str]] = {id(e): [] for e in holders}
    legible: set[int] = set()
    for page in pages:
        box = page_box(page)
        for drawn in _runs(box, word, _State(), (box.width, box.height)):
            key = id(drawn.element)
            if key not in reasons:
                continue
            if drawn.hidden_by is None:
                legible.add(key)
            else:
                reasons[key].append(drawn.hidden_by)
    found = []
    for element in holders:
        if id(element) in legible:
            continue
        why = reasons[id(element)][0] if reasons[id(element)] else _("it is not drawn on any page")
        found.append(_describe(element, why))
    return found


def _body_elements(root: Any) -> Iterator[Any]:
    """The elements of the document's body (the head's title is not drawn on a page)."""
    for child in root:
        if _tag(child) == "body":
            yield from (e for e in child.iter() if _tag(e) not in ("style", "script"))


def _tag(element: Any) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _own_text(element: Any) -> str:
    """The text directly in an element: its text and the tails of its children."""
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return "".join(parts)


def _describe(element: Any, why: str) -> str:
    classes = (element.get("class") or "").split()
    name = _tag(element) + "".join(f".{c}" for c in classes)
    return _("<{element}> holding the mark: {reason}").format(element=name, reason=why)


@dataclass(frozen=True)
class _State:
    """What the ancestors of a box do to it: opacity, scale, shift, clipping."""

    opacity: float = 1.0
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)
    clipped: bool = False


def _runs(box: Any, word: str, state: _State, page: tuple[float, float]) -> Iterator[_Drawn]:
    """Every text run holding the word under `box`, with what hides it."""
    inner = getattr(box, "_box", None)  # a placeholder for a positioned box
    if inner is not None:
        yield from _runs(inner, word, state, page)
        return
    style = getattr(box, "style", None)
    if style is not None:
        state = _through(box, style, state)
    text = getattr(box, "text", None)
    if isinstance(text, str) and word in text and style is not None:
        yield _Drawn(box.element, _hidden_by(box, style, state, page))
    for child in getattr(box, "children", ()):
        yield from _runs(child, word, state, page)


def _through(box: Any, style: Any, state: _State) -> _State:
    """The state under a box: its opacity, transform and overflow added to its ancestors'."""
    opacity = state.opacity * float(style["opacity"])
    scale, shift = state.scale, state.shift
    for name, args in style["transform"] or ():
        width = float(getattr(box, "width", 0) or 0)
        values = [_length(a, width) for a in (args if isinstance(args, tuple | list) else (args,))]
        if name in ("translate", "translatex"):
            shift = (shift[0] + values[0], shift[1] + (values[1] if len(values) > 1 else 0))
        elif name == "translatey":
            shift = (shift[0], shift[1] + values[0])
        elif name in ("scale", "scalex", "scaley"):
            scale *= min(abs(v) for v in values)
        elif name == "matrix":
            a, b, c, d, e, f = values
            scale *= math.sqrt(abs(a * d - b * c))
            shift = (shift[0] + e, shift[1] + f)
    clipped = state.clipped or (
        style["overflow"] != "visible"
        and (getattr(box, "width", 1) < 1 or getattr(box, "height", 1) < 1)
    )
    return _State(opacity, scale, shift, clipped)


def _length(value: Any, width: float) -> float:
    """A transform argument as a number: px for lengths (a percentage of the box's width),
    radians and plain numbers as they are."""
    number = getattr(value, "value", value)
    try:
        found = float(number)
    except (TypeError, ValueError):
        return 0.0
    return found * width / 100 if getattr(value, "unit", None) == "%" else found


def _hidden_by(box: Any, style: Any, state: _State, page: tuple[float, float]) -> str | None:
    """Why a text run is not legible, in a few words; None if it is."""
    color = style["color"]
    red, green, blue, alpha = (float(c) for c in (*color.to("srgb").coordinates, color.alpha))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    x = box.position_x + box.width / 2 + state.shift[0]
    y = box.position_y + box.height / 2 + state.shift[1]
    checks = (
        (style["visibility"] != "visible", _("it is made invisible (visibility)")),
        (state.opacity < MIN_OPACITY, _("it is made transparent (opacity)")),
        (alpha < MIN_OPACITY, _("its colour is transparent")),
        (luminance > MAX_LUMINANCE, _("its colour is white or nearly")),
        (state.scale < MIN_SCALE, _("it is shrunk (transform)")),
        (float(style["font_size"]) * state.scale < MIN_FONT_PX, _("its letters are too small")),
        (not (0 <= x <= page[0] and 0 <= y <= page[1]), _("it is placed off the page")),
        (state.clipped, _("it is cut off (overflow)")),
    )
    return next((reason for hidden, reason in checks if hidden), None)
