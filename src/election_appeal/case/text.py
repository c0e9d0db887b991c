"""Characters with no place in a cell or a field: controls and invisible characters that change
what is shown, or make two texts that look the same differ."""

from __future__ import annotations

import re
import unicodedata

from ..i18n import gettext as _

# C0 and C1 control characters except tab and line breaks, which a cell or a paragraph may hold;
# the bidirectional marks, embeddings, overrides and isolates, which make text display in another
# order than it is stored; the noncharacters U+FFFE and U+FFFF; and the characters that show as
# nothing (zero-width spaces and joiners, the word joiner and invisible operators, the byte
# order mark inside a text, variation selectors, fillers, tags), by which two party names that
# look the same can differ.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2028\u2029\u2060-\u2065"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
)
_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}\ufffe\uffff]")
SOFT_HYPHEN = "\u00ad"
# How much of the text around a character the message shows.
_CONTEXT = 12


def forbidden_character(text: str, soft_hyphen: bool = False) -> str | None:
    """A message naming the first forbidden character in the text and showing where it is, or
    None if there is none; `soft_hyphen`: the text may hold soft hyphens (a long narrative may,
    a name may not)."""
    found = _FORBIDDEN.search(text)
    hyphen = -1 if soft_hyphen else text.find(SOFT_HYPHEN)
    if found is None and hyphen < 0:
        return None
    at = found.start() if found and (hyphen < 0 or found.start() < hyphen) else hyphen
    return _('contains {character} at character {n}: "{shown}"; retype the text without it').format(
        character=describe_character(text[at]), n=at + 1, shown=shown_around(text, at)
    )


def shown_around(text: str, at: int) -> str:
    """The text around position `at`, the character there written as ⟨U+200B⟩ and any other
    invisible one likewise, so that a person sees where it is."""
    start, end = max(0, at - _CONTEXT), min(len(text), at + _CONTEXT + 1)
    visible = "".join(
        f"⟨U+{ord(ch):04X}⟩" if ch == SOFT_HYPHEN or _FORBIDDEN.match(ch) else ch
        for ch in text[start:end]
    )
    return ("…" if start else "") + visible + ("…" if end < len(text) else "")


def describe_character(char: str) -> str:
    """'an invisible control character (U+202E, right-to-left override)'."""
    # The Unicode name stays English: it is what a search for the character finds.
    name = unicodedata.name(char, "").lower()
    code = f"U+{ord(char):04X}{', ' + name if name else ''}"
    return _("an invisible control character ({code})").format(code=code)


# What makes a spreadsheet take a cell for a formula when a CSV file is opened in Excel or
# LibreOffice ("=HYPERLINK(…)", "@SUM(A1)", "+cmd|…", "-2+3"); a number ("-5", "+12") is not.
FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_formula(text: str) -> str | None:
    """A message when a spreadsheet would read the text of a cell as a formula, else None. A
    lone dash, which tables write for "nothing", is a text."""
    from .numbers import NumberFormatError, parse_decimal

    text = text.strip()
    if not text.startswith(FORMULA_START) or text == "-":
        return None
    try:
        if parse_decimal(text) is not None:
            return None
    except NumberFormatError:
        pass
    rest = text.lstrip("=+-@ ")
    if rest:
        return _(
            "«{text}» begins with «{sign}», so a spreadsheet would read it as a formula; "
            "write it without «{sign}», as «{rest}»"
        ).format(text=_shortened(text), sign=text[0], rest=_shortened(rest))
    return _("«{text}» would be a formula in a spreadsheet; leave the cell empty").format(
        text=_shortened(text)
    )


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# Latin letters that look like Cyrillic ones in the fonts a table is typed in.
_LATIN_LOOK_ALIKES = frozenset("ABCEHKMOPTXaceopxy")
# A word: letters of any alphabet, up to a space, a digit or a sign.
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str | None:
    if ch.isascii() and ch.isalpha():
        return "latin"
    if "\u0400" <= ch <= "\u04ff" and ch.isalpha():
        return "cyrillic"
    return None


def look_alike_letters(text: str) -> str | None:
    """A warning when a word of the text mixes Latin and Cyrillic letters («Оtan» with a
    Cyrillic О), or when a text in Cyrillic has a word of Latin letters that look like Cyrillic
    ones (the Latin «A» of «Наблюдатели A»): such a text looks the same as the one typed in one
    alphabet, yet is counted apart from it. None when there is none."""
    cyrillic_text = any(_script(ch) == "cyrillic" for ch in text)
    for word in _LETTER_RUN.findall(text):
        letters = [ch for ch in word if _script(ch)]
        latin = [ch for ch in letters if _script(ch) == "latin"]
        cyrillic = [ch for ch in letters if _script(ch) == "cyrillic"]
        if latin and cyrillic and len(latin) <= len(cyrillic):
            message = _(
                "«{text}»: the word «{word}» has Latin letters ({letters}) among Cyrillic ones: "
                "it looks like the word typed in Cyrillic, yet is counted apart from it; retype "
                "{letters} in Cyrillic"
            )
            odd = latin
        elif latin and cyrillic:
            message = _(
                "«{text}»: the word «{word}» has Cyrillic letters ({letters}) among Latin ones: "
                "it looks like the word typed in Latin, yet is counted apart from it; retype "
                "{letters} in Latin"
            )
            odd = cyrillic
        elif latin and cyrillic_text and set(word) <= _LATIN_LOOK_ALIKES:
            message = _(
                "«{text}»: the word «{word}» is typed in Latin letters that look like Cyrillic "
                "ones: it is counted apart from the same word typed in Cyrillic; retype it in "
                "Cyrillic"
            )
            odd = latin
        else:
            continue
        return message.format(
            text=text.strip().removeprefix("«").removesuffix("»"),
            word=word,
            letters=", ".join(dict.fromkeys(odd)),
        )
    return None
