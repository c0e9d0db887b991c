"""The formats a build writes, checked before anything heavy is loaded: naming them does not
load the rendering libraries (a build with nothing to do never does)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError
from ..i18n import gettext as _
from ..i18n import ngettext

FORMATS = ("pdf", "docx", "xlsx")


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats asked for, in the tool's order; a format the tool does not write is refused."""
    wanted = tuple(formats)
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown or not wanted:
        message = ngettext(
            "unknown format(s): {formats}; use pdf, docx, xlsx",
            "unknown format(s): {formats}; use pdf, docx, xlsx",
            len(unknown),
        )
        raise UsageError(message.format(formats=", ".join(unknown) or _("none given")))
    return tuple(f for f in FORMATS if f in wanted)
