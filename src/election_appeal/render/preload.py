"""The libraries the layout needs, imported at once: before worker processes are forked, so
that they start with them loaded instead of each importing them again (WeasyPrint's import alone
costs about half a second of CPU).

WeasyPrint opens Pango, HarfBuzz and Fontconfig through cffi, trying several names of each
library in turn (Windows', macOS' and Linux' names). cffi looks up every name that fails to open
with `ctypes.util.find_library`, which on Linux runs `ldconfig`, `gcc` and `ld` for each: 24
lookups, some fifty programs, about 0.25 s of CPU per import, for names whose answer is not
used (the library's soname, tried after them, opens directly). On Linux that lookup answers "not
found" at once to the thread importing WeasyPrint, for the time of the import; where the
libraries then do not open, the import is made again with the lookup as it was, so nothing that
worked before stops working.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

# A few words in the documents' font, upright, bold and italic, laid out and written once per
# process (`_warm_up`): the first layout of a process opens Fontconfig's configuration and the
# font files, the first PDF written sets up the font subsetting (some 60 ms of CPU together);
# done before the workers are forked, none of them does it again.
WARM_UP = (
    "<html><head><style>body { font-family: 'Liberation Serif', 'DejaVu Serif', serif }"
    "</style></head><body><p>Текст <b>мәтін</b> <i>текст</i></p></body></html>"
)
_warm = False


def load_layout_libraries(language: str | None = None) -> None:
    """Import what laying out PDFs uses: WeasyPrint, the PDF writer and reader, fontTools; read
    the hyphenation patterns of `language`, when Pyphen has them (WeasyPrint hyphenates
    through Pyphen's own cache of them, which a forked worker then shares); and open the fonts
    (`WARM_UP`)."""
    import fontTools.subset  # type: ignore[import-untyped]  # noqa: F401
    import pydyf  # type: ignore[import-untyped]  # noqa: F401
    import pypdf.filters  # noqa: F401
    import pyphen  # type: ignore[import-untyped]

    import_weasyprint()
    if language is not None and pyphen.language_fallback(language) is not None:
        pyphen.Pyphen(lang=language)
    _warm_up()


def _warm_up() -> None:
    """Lay out and write WARM_UP, once per process. Its PDF is thrown away: it is written
    without SOURCE_DATE_EPOCH, which a layout of a document sets in the environment for its
    time (render/pdf.py) and a process forked meanwhile would inherit."""
    global _warm
    if _warm:
        return
    from .pdf import layout

    layout(WARM_UP).write_pdf()
    _warm = True


def load_what_layouts_share() -> None:
    """What the building process and the layout processes both use, imported once before the
    layout processes are forked (each would import it again otherwise, 0.1 s of CPU and
    more): the module whose functions the layouts are given by name, the PDF reader (the
    bundles here; the mark and the long table there) and numpy (the analysis here, the
    read-back of the mark there)."""
    import numpy  # noqa: F401
    import pypdf.filters  # noqa: F401

    from . import documents  # noqa: F401


def load_every_language() -> None:
    """The layout libraries, with the hyphenation patterns of every language of the
    documents, and the search for a mark a template hides: what a layout of any of them
    needs."""
    from . import hidden_marks  # noqa: F401
    from .languages import LANGUAGES

    for language in LANGUAGES:
        load_layout_libraries(language)


def load_build_libraries() -> None:
    """Load, once, everything a build of any case uses that does not depend on the case: the
    layout libraries and the hyphenation patterns of every language of the documents, the
    writer of Word documents with its styled base documents in every language and
    orientation, and numpy (the bootstrap). For a process that stays (the web page): each
    build it forks starts with them, instead of loading them again.

    The mark of an illustrative case is not laid out here: a layout sets SOURCE_DATE_EPOCH in
    the environment for its time (render/pdf.py), which a build forked meanwhile would
    inherit (the fonts' warm-up does without it)."""
    import docx  # noqa: F401
    import numpy  # noqa: F401

    from . import docx as docx_writer  # noqa: F401
    from . import grid_pdf, pdf_join  # noqa: F401
    from .documents import LOCALES
    from .docx_parts import styled_document
    from .languages import LANGUAGES

    for language in LANGUAGES:
        load_layout_libraries(language)
        for landscape in (False, True):
            styled_document(LOCALES[language], landscape)


def import_weasyprint() -> None:
    """Import WeasyPrint (and its text layout, which opens the C libraries), once per process,
    without the lookups of library names it does not need (see the module's docstring)."""
    if "weasyprint.text.fonts" in sys.modules:
        return
    if sys.platform.startswith("linux"):
        try:
            with _no_library_search():
                _import()
            return
        except OSError:  # a library opens only under a name the lookup finds
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
    _import()


def _import() -> None:
    import weasyprint
    import weasyprint.text.fonts  # noqa: F401


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """`ctypes.util.find_library` answering "not found" at once to this thread, for the time
    of the block; other threads (the web page's, a process forked meanwhile) are answered as
    before."""
    import ctypes.util
    import threading

    original = ctypes.util.find_library
    importing = threading.get_ident()

    def find_library(name: str) -> str | None:
        return None if threading.get_ident() == importing else original(name)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original
