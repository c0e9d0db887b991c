"""Render a case's documents in memory: one entry point, only the formats asked for, within a
budget of worker processes given by the caller.

Behind `render_case`, one seam per format, each usable alone and knowing nothing of the others:

    HTML  env.render_template(env, name, context): the sandboxed templates; context.py gives
          the variables that contract.py declares (`appeal templates` lists them)
    PDF   pdf.render_pdf(html, epoch, urls, name) -> RenderedPdf: WeasyPrint's public API;
          grid_pdf draws long tables, reading WeasyPrint's boxes only through weasy_layout
    DOCX  docx.render_docx(html, title=, author=, language=, moment=, ...) -> bytes: the same
          HTML as Word paragraphs, tables and footnotes; docx_subset says which elements
    XLSX  xlsx.render_xlsx(stations, parties, words, moment) -> bytes: the protocol table

documents.Renderer ties them to one case (its templates, URL policy, date, language).
"""

from typing import TYPE_CHECKING, Any

from .formats import FORMATS, check_formats

if TYPE_CHECKING:
    from .documents import RenderedCase, render_case

__all__ = ["FORMATS", "RenderedCase", "check_formats", "render_case"]


def __getattr__(name: str) -> Any:
    """`render_case` and `RenderedCase`, loaded (with the rendering libraries) when first
    asked for: checking the formats of a build that turns out to have nothing to do does not
    load them."""
    if name in ("RenderedCase", "render_case"):
        from . import documents

        return getattr(documents, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
