"""The libraries the layout needs, imported at once: before worker processes are forked, so
that they start with them loaded instead of each importing them again (WeasyPrint's import alone
costs about half a second of CPU)."""

from __future__ import annotations


def load_layout_libraries(language: str | None = None) -> None:
    """Import what laying out PDFs uses: WeasyPrint, the PDF writer and reader, fontTools; and
    read the hyphenation patterns of `language`, when Pyphen has them (WeasyPrint hyphenates
    through Pyphen's own cache of them, which a forked worker then shares)."""
    import fontTools.subset  # type: ignore[import-untyped]  # noqa: F401
    import pydyf  # type: ignore[import-untyped]  # noqa: F401
    import pypdf.filters  # noqa: F401
    import pyphen  # type: ignore[import-untyped]
    import weasyprint
    import weasyprint.text.fonts  # noqa: F401

    if language is not None and pyphen.language_fallback(language) is not None:
        pyphen.Pyphen(lang=language)
