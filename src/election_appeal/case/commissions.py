"""Which election commission a name means, however it is worded: its level (the Central
Election Commission, a territorial, district or precinct commission) and, below the central
one, the territory or number that tells commissions of one level apart.

Russian and Kazakh names and their abbreviations are read alike: «ЦИК РК», «Центральная
избирательная комиссия Республики Казахстан» and «Қазақстан Республикасының Орталық сайлау
комиссиясы» are one commission. Nothing is declined or guessed: two names of a lower level
are one commission only when they name the same territory words, so «ТИК г. Астана» and
«…комиссия города Астаны» are not recognised as one (the check they serve then stays silent
rather than refuse a case wrongly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["central", "territorial", "district", "precinct"]

# The adjective of each level, in Russian and Kazakh, as the word before «избирательная» /
# «сайлау» (so that «…комиссия Центрального района» is not the central commission).
_ADJECTIVES: dict[Level, tuple[str, ...]] = {
    "central": ("центральн", "орталық"),
    "territorial": ("территориальн", "аумақтық"),
    "district": ("окружн", "округтік"),
    "precinct": ("участков", "учаскелік"),
}
# The abbreviations in use, each a word of its own: ЦИК, ТИК, ОИК, УИК; ОСК, АСК, ОСК, УСК.
_ABBREVIATIONS: dict[str, Level] = {
    "цик": "central",
    "тик": "territorial",
    "оик": "district",
    "уик": "precinct",
    "оск": "central",
    "аск": "territorial",
    "уск": "precinct",
}
_COMMISSION = ("избирательн", "сайлау")
# Words that name no particular territory: the commission itself, the kinds of places and the
# country.
_GENERIC = frozenset(
    {
        "избирательная",
        "избирательной",
        "комиссия",
        "комиссии",
        "сайлау",
        "комиссиясы",
        "комиссиясының",
        "г",
        "город",
        "города",
        "область",
        "области",
        "район",
        "района",
        "республики",
        "республика",
        "казахстан",
        "рк",
        "қ",
        "қаласы",
        "қаласының",
        "облысы",
        "облысының",
        "ауданы",
        "ауданының",
        "қазақстан",
        "республикасы",
        "республикасының",
        "қр",
    }
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Commission:
    """A commission as a name identifies it: its level, and its territory words (lower case)."""

    level: Level
    territory: frozenset[str]


def _words(name: str) -> list[str]:
    return _WORD.findall(name.casefold().replace("ё", "е"))


def _level(words: list[str]) -> tuple[Level, int] | None:
    """The level a name states and the index of the word that states it."""
    for i, word in enumerate(words):
        if word in _ABBREVIATIONS:
            return _ABBREVIATIONS[word], i
        if i + 1 < len(words) and words[i + 1].startswith(_COMMISSION):
            for level, stems in _ADJECTIVES.items():
                if word.startswith(stems):
                    return level, i
    return None


def commission_of(name: str) -> Commission | None:
    """The commission a name means, None when it states no level of election commission."""
    words = _words(name)
    found = _level(words)
    if found is None:
        return None
    level, at = found
    rest = words[:at] + words[at + 1 :]
    return Commission(level, frozenset(w for w in rest if w not in _GENERIC))


def same_commission(first: str, second: str) -> bool:
    """Whether two names mean one commission: both central (there is one), or of one lower level
    with the same territory words, at least one."""
    a, b = commission_of(first), commission_of(second)
    if a is None or b is None or a.level != b.level:
        return False
    return a.level == "central" or (bool(a.territory) and a.territory == b.territory)
