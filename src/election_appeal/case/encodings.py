"""Which one-byte Cyrillic encoding a text file that is not UTF-8 was saved in, if that can be
told for sure.

The same bytes read as Russian letters in Windows-1251, KOI8-R, DOS 866 and Mac Cyrillic alike:
a file saved in one and read in another does not fail, it turns every word into gibberish
(«Ауэзовский» in KOI8-R read as Windows-1251 is «бХЬЪПЧУЛЙК»). So the text is decoded in each
encoding, and each reading is scored by what real words never hold: characters that are neither
letters of the Russian or Kazakh alphabet nor the usual typography (box-drawing lines, Serbian
or Ukrainian letters, symbols), and a capital letter right after a small one inside a word (a
capitalised word read in an encoding whose capitals and small letters are swapped). An encoding
is taken only when its reading is clearly better than every other reading of different text;
otherwise the file is refused and its author asked to save it as UTF-8.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

# Names for the messages, as Excel's and LibreOffice's "Save as" dialogs call them.
LEGACY_ENCODINGS = {
    "cp1251": "Windows-1251 (Cyrillic)",
    "kz1048": "KZ-1048 (Kazakh)",
    "koi8-r": "KOI8-R (Cyrillic)",
    "cp866": "DOS 866 (Cyrillic)",
    "mac-cyrillic": "Mac Cyrillic",
}

_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ"
_SMALL = frozenset(_CAPITALS.lower())
_CAPITAL = frozenset(_CAPITALS)
_LETTERS = _SMALL | _CAPITAL
# Non-ASCII characters a Russian or Kazakh table holds besides letters.
_TYPOGRAPHY = frozenset("«»„“”‘’–—…№\u00a0\u202f°§€₸±×·")
# How much better the reading taken must be than any other: at least this many more oddities,
# and ten times as many.
_MARGIN = 3
_RATIO = 10
# A reading with more than one odd character in twenty is gibberish, not a text.
_PLAUSIBLE = 20


@dataclass(frozen=True)
class Reading:
    """A file's bytes as one encoding reads them: how many characters of it no real text holds,
    and the first word with a non-ASCII letter, to show which letters it reads."""

    encoding: str
    oddities: int
    first_word: str

    @property
    def name(self) -> str:
        """The encoding as a "Save as" dialog names it."""
        return LEGACY_ENCODINGS[self.encoding]


@dataclass(frozen=True)
class _Chart:
    """An encoding's upper half sorted by what each byte reads as, for counting in C: the bytes
    that read as no letter or usual sign, and the pattern of a small letter before a capital."""

    readable: frozenset[int]
    odd: bytes
    # Each byte to 1 for a small letter, 2 for a capital, 0 otherwise: a small letter before a
    # capital is then the two bytes 1, 2, counted by bytes.count.
    letter_case: bytes
    reads: dict[int, str]


def _chart(encoding: str) -> _Chart:
    reads, odd, letter_case = {}, bytearray(), bytearray(256)
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(encoding)
        except UnicodeDecodeError:
            continue
        reads[byte] = char
        if char in _SMALL:
            letter_case[byte] = 1
        elif char in _CAPITAL:
            letter_case[byte] = 2
        elif char not in _TYPOGRAPHY:
            odd.append(byte)
    return _Chart(frozenset(reads), bytes(odd), bytes(letter_case), reads)


_CHARTS = {encoding: _chart(encoding) for encoding in LEGACY_ENCODINGS}
_ASCII = bytes(range(0x80))


def oddities(text: str) -> int:
    """The characters of a text that no Russian or Kazakh text holds: non-ASCII characters that
    are neither letters of those alphabets nor usual typography, and capitals right after a
    small letter."""
    odd = sum(1 for ch in text if ord(ch) > 127 and ch not in _LETTERS and ch not in _TYPOGRAPHY)
    breaks = sum(1 for a, b in itertools.pairwise(text) if a in _SMALL and b in _CAPITAL)
    return odd + breaks


def readings(raw: bytes) -> list[Reading]:
    """The file read in each one-byte Cyrillic encoding that can decode it, best first; two
    encodings that read every byte of the file alike give one reading (the first listed)."""
    present = set(raw.translate(None, _ASCII))
    sample = _first_line_with(raw, present)
    found: list[Reading] = []
    seen: list[dict[int, str]] = []
    for encoding, chart in _CHARTS.items():
        if not present <= chart.readable:
            continue
        reads = {byte: chart.reads[byte] for byte in present}
        if reads in seen:
            continue
        seen.append(reads)
        odd = len(raw) - len(raw.translate(None, chart.odd))
        breaks = raw.translate(chart.letter_case).count(b"\x01\x02")
        found.append(Reading(encoding, odd + breaks, first_word(sample.decode(encoding))))
    return sorted(found, key=lambda reading: reading.oddities)


def _first_line_with(raw: bytes, present: set[int]) -> bytes:
    """The line of the file that holds its first non-ASCII byte."""
    at = min((raw.find(bytes([byte])) for byte in present), default=0)
    start = raw.rfind(b"\n", 0, at) + 1
    end = raw.find(b"\n", at)
    return raw[start : end if end >= 0 else len(raw)]


def clear_reading(raw: bytes) -> tuple[Reading | None, list[Reading]]:
    """(the reading that is clearly right, or None; when none is, the plausible readings of
    other text that make it unclear, or [] when no reading is plausible at all)."""
    non_ascii = len(raw) - len(raw.translate(None, bytes(range(0x80, 0x100))))
    plausible = [r for r in readings(raw) if r.oddities * _PLAUSIBLE <= non_ascii]
    if not plausible:
        return None, []
    best, others = plausible[0], plausible[1:]
    if all(r.oddities >= max(best.oddities * _RATIO, best.oddities + _MARGIN) for r in others):
        return best, []
    return None, [best, *(r for r in others if r.oddities < best.oddities * _RATIO + _MARGIN)]


def first_word(text: str) -> str:
    """The first word of a text holding a non-ASCII letter, to show which letters were read."""
    for word in text.replace(",", " ").replace(";", " ").replace("\t", " ").split():
        if any(ord(ch) > 127 for ch in word):
            return word.strip("\"'")[:40]
    return ""
