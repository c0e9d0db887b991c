"""The font embedded with a table drawn straight into PDF pages (render/grid_font.py): the
subset of the glyphs drawn, the same bytes as fontTools makes of the whole font read at once."""

from __future__ import annotations

import io

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from election_appeal.render.grid_font import GridFont, font_file

TEXTS = ("0123456789 −+ %", "Бостандыкский район, участок № 170", "Итого Жиынтығы")


def eager_subset(font: GridFont) -> bytes:
    """The subset made from the font read whole, with the options the module states."""
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]
    whole = TTFont(font.path, recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(font.used))
    subsetter.subset(whole)
    buffer = io.BytesIO()
    whole.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("bold", [False, True])
def test_the_subset_is_that_of_the_whole_font(bold: bool) -> None:
    path = font_file("Liberation Serif", bold)
    if path is None:
        pytest.skip("Liberation Serif is not installed")
    font = GridFont(path, "Bold" if bold else "Regular")
    for text in TEXTS:
        font.encode(text)
    embedded = font._subset()
    assert embedded == eager_subset(font)
    glyphs = TTFont(io.BytesIO(embedded))["glyf"]
    original = TTFont(path)["glyf"]
    names = TTFont(path).getGlyphOrder()
    for gid in font.used:  # each glyph drawn keeps its outline, under its number
        name = names[gid]
        assert glyphs[name].getCoordinates(glyphs)[0] == original[name].getCoordinates(original)[0]
