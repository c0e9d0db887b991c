"""Characters with no place in a cell or a field: invisible controls that change what is shown."""

from __future__ import annotations

import re
import unicodedata

from ..i18n import gettext as _

# C0 and C1 control characters except tab and line breaks, which a cell or a paragraph may hold;
# the bidirectional marks, embeddings, overrides and isolates, which make text display in another
# order than it is stored; and the noncharacters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def forbidden_character(text: str) -> str | None:
    """A message naming the first control character in the text, or None if there is none."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return _("contains {character} at character {n}; retype the text without it").format(
        character=describe_character(found.group()), n=found.start() + 1
    )


def describe_character(char: str) -> str:
    """'an invisible control character (U+202E, right-to-left override)'."""
    # The Unicode name stays English: it is what a search for the character finds.
    name = unicodedata.name(char, "").lower()
    code = f"U+{ord(char):04X}{', ' + name if name else ''}"
    return _("an invisible control character ({code})").format(code=code)
