"""The chart of Attachment 2: each party's per-station differences d as dots on one line.

Drawn as SVG from the station table (no figure is computed: a dot sits where its d is); only
lines, circles and text are used, so that the DOCX writer can draw the same picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

from ..analysis.stations import StationTable

# Layout in millimetres: the label column, the plot, one row per party, the axis below.
WIDTH, LABEL, MARGIN, ROW, AXIS = 160.0, 34.0, 6.0, 9.0, 10.0
FONT = 3.2


def _coordinate(value: float, limit: int, left: float, right: float) -> float:
    """Where a difference sits on the axis from −limit to +limit."""
    return left + (value + limit) / (2 * limit) * (right - left)


def difference_chart(
    table: StationTable,
    parties: Sequence[tuple[str, str]],
    means: dict[str, float | None],
    label: Callable[[int], str],
) -> Markup:
    """SVG of every party's d at every station with copies, its mean, and the zero line;
    `parties` are (id, short name), `label` formats an axis figure."""
    values = {
        pid: [c.difference for r in table.rows if (c := r.parties[pid]).difference is not None]
        for pid, _ in parties
    }
    limit = max((abs(v) for vs in values.values() for v in vs), default=0) or 1
    left, right = LABEL, WIDTH - MARGIN
    height = ROW * len(parties) + AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:g}mm" height="{height:g}mm" '
        f'viewBox="0 0 {WIDTH:g} {height:g}" font-family="Liberation Serif, serif" '
        f'font-size="{FONT:g}">'
    ]
    zero = _coordinate(0, limit, left, right)
    parts.append(_line(zero, 0, zero, height - AXIS, "#808080", 0.3))
    for i, (pid, name) in enumerate(parties):
        y = ROW * i + ROW / 2
        parts.append(_text(0, y + FONT / 3, name, "start"))
        parts.append(_line(left, y, right, y, "#c0c0c0", 0.2))
        # Stations with the same d make the same dot: drawn once, the picture is the same,
        # and a national table (tens of thousands of dots, a few hundred places) stays light.
        places = dict.fromkeys(f"{_coordinate(v, limit, left, right):.2f}" for v in values[pid])
        for place in places:
            parts.append(f'<circle cx="{place}" cy="{y:.2f}" r="0.9" fill="#1f4e79"/>')
        mean = means.get(pid)
        if mean is not None:
            x = _coordinate(mean, limit, left, right)
            parts.append(_line(x, y - ROW / 3, x, y + ROW / 3, "#c00000", 0.6))
    base = height - AXIS
    parts.append(_line(left, base, right, base, "#000000", 0.3))
    for value, anchor in ((-limit, "start"), (0, "middle"), (limit, "end")):
        x = _coordinate(value, limit, left, right)
        parts.append(_line(x, base, x, base + 1.5, "#000000", 0.3))
        parts.append(_text(x, base + 1.5 + FONT, label(value), anchor))
    parts.append("</svg>")
    return Markup("".join(parts))


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> str:
    return (
        f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
        f'stroke="{colour}" stroke-width="{width:g}"/>'
    )


def _text(x: float, y: float, text: str, anchor: str) -> str:
    return f'<text x="{x:.2f}" y="{y:.2f}" text-anchor="{anchor}">{escape(text)}</text>'
