"""A chart of the HTML (div.figure holding an SVG of lines, circles and text) as a picture in the
DOCX: Word cannot be relied on to show SVG, so the same drawing is rasterised with Pillow."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from typing import Any

# Pixels per millimetre of the picture: 300 dpi, sharp when printed.
SCALE = 300 / 25.4
FONT_NAME = "Liberation Serif"


@cache
def _font_file() -> str | None:
    """The file of Liberation Serif, as fontconfig finds it; None without fontconfig."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", FONT_NAME], capture_output=True, text=True, check=False
    )
    return found.stdout.strip() or None


def _mm(value: str | None) -> float:
    match = re.fullmatch(r"\s*([0-9.]+)\s*(mm)?\s*", value or "")
    if match is None:
        raise ValueError(f"the chart's size {value!r} is not in millimetres")
    return float(match.group(1))


def _font(size_mm: float) -> Any:
    from PIL import ImageFont

    path = _font_file()
    pixels = max(1, round(size_mm * SCALE))
    return ImageFont.truetype(path, pixels) if path else ImageFont.load_default(pixels)


def svg_to_png(svg: Any) -> tuple[bytes, float]:
    """The SVG element drawn as PNG, and its width in millimetres; the viewBox is taken to be
    in millimetres, as the chart writes it."""
    from PIL import Image, ImageDraw

    width, height = _mm(svg.get("width")), _mm(svg.get("height"))
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    font = _font(float(svg.get("font-size", "3.2")))
    for item in svg.iter():
        tag = item.tag if isinstance(item.tag, str) else ""
        f = {k: float(v) * SCALE for k, v in item.attrib.items() if _number(v)}
        if tag == "line":
            stroke = max(1, round(float(item.get("stroke-width", "0.3")) * SCALE))
            ends = [(f["x1"], f["y1"]), (f["x2"], f["y2"])]
            draw.line(ends, fill=item.get("stroke"), width=stroke)
        elif tag == "circle":
            x, y, r = f["cx"], f["cy"], f["r"]
            draw.ellipse([x - r, y - r, x + r, y + r], fill=item.get("fill"))
        elif tag == "text":
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[item.get("text-anchor", "start")]
            draw.text((f["x"], f["y"]), item.text or "", fill="black", font=font, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue(), width


def _number(value: str) -> bool:
    return re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value) is not None


def add_figure(document: Any, element: Any) -> None:
    """Append the chart of a div.figure as a centred picture paragraph."""
    from docx.shared import Mm

    from .docx_parts import STYLES

    svg = next((e for e in element.iter() if e.tag == "svg"), None)
    if svg is None:
        return
    png, width = svg_to_png(svg)
    paragraph = document.add_paragraph(style=STYLES["center"].name)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width))
