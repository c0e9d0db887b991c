"""Render a case's documents in memory: one entry point, only the formats asked for, within a
budget of worker processes given by the caller."""

from .documents import FORMATS, RenderedCase, check_formats, render_case

__all__ = ["FORMATS", "RenderedCase", "check_formats", "render_case"]
