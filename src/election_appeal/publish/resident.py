"""What a process that stays and forks a build at each request (the web page) loads at its
start, so that each build starts with it instead of loading it again: whatever a build imports,
and the documents' templates compiled. tests/test_web_caches.py lists what a build imports
beyond it (nothing)."""

from __future__ import annotations

# The TrueType tables of the documents' fonts that fontTools loads when a PDF's fonts are
# subset, beyond those the layout libraries' import loads: each is a module of its own.
FONT_TABLES = ("OS/2", "cvt ", "fpgm", "gasp", "hhea", "prep")


def load_everything_a_build_uses() -> None:
    """The layout, Word and statistics libraries (render/preload.py), what a build imports
    besides, and the compiled templates."""
    from ..render.preload import load_build_libraries

    load_build_libraries()
    _load_the_rest_of_a_build()
    _compile_the_documents_templates()


def _load_the_rest_of_a_build() -> None:
    """The parts of numpy the bootstrap loads on first use, the check of the spreadsheet's
    marks, the pictures of the Word documents and of the copies
    (Pillow's fonts, drawing and file formats), the JSON of the figures, the pipe to the
    parent, the fonts' tables, the limits of a layout, and the code pages of ZIP entry names
    and of text files."""
    import encodings.cp437
    import encodings.utf_8_sig
    import encodings.utf_32_be  # noqa: F401
    import multiprocessing.synchronize  # noqa: F401
    import resource  # noqa: F401

    import numpy.ma  # loaded by numpy.quantile on first use
    import numpy.random  # noqa: F401  # the bootstrap's generator, loaded on first use
    from fontTools.ttLib import getTableModule  # type: ignore[import-untyped]
    from PIL import Image, ImageDraw, ImageFont  # noqa: F401

    from .. import export  # noqa: F401
    from ..render import hidden_marks, sheet_marks  # noqa: F401

    Image.init()  # every file format Pillow has, which it would otherwise register on first use
    for tag in FONT_TABLES:
        getTableModule(tag)


def _compile_the_documents_templates() -> None:
    """Every shipped template of the documents, in every language, compiled (or read from the
    user's cache folder, and compiled into it when absent): the first preview and build do not
    compile them."""
    from ..render.env import make_environment
    from ..render.languages import LANGUAGES
    from ..resources import templates_dir

    root = templates_dir()
    for language in LANGUAGES:
        env = make_environment(None, language)
        names = {p.name for p in [*root.glob("*.j2"), *(root / language).glob("*.j2")]}
        for name in sorted(names):
            env.get_template(name)
