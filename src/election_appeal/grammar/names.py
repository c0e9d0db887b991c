"""A full name read as surname, given name and patronymic, the way Kazakhstan's documents write
it ("Жумабеков Ерлан Серикович", "Оспанова Әсем Нурланқызы", "Ким Олег")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Letters of Russian and Kazakh, with the hyphen of double surnames and given names.
_WORD = re.compile(r"^[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі]+(?:-[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі]+)*$")
# Patronymics written as two words: "Серик улы", "Нурлан кызы" (also ұлы, қызы, оглы, кызы).
_SON = ("ұлы", "улы", "оглы", "уулу")
_DAUGHTER = ("қызы", "кызы", "гызы")


@dataclass(frozen=True)
class FullName:
    """Surname, given name and (optional) patronymic of one person."""

    surname: str
    given: str
    patronymic: str | None

    @property
    def text(self) -> str:
        """The name as one line, in the nominative."""
        return " ".join(p for p in (self.surname, self.given, self.patronymic) if p)

    def patronymic_sex(self) -> Literal["male", "female"] | None:
        """The sex a patronymic shows, or None."""
        last = (self.patronymic or "").lower().split()[-1:] or [""]
        word = last[0]
        if word.endswith(("вич", "ич", *_SON)):
            return "male"
        if word.endswith(("вна", "чна", *_DAUGHTER)):
            return "female"
        return None

    @property
    def turkic_patronymic(self) -> bool:
        """-ұлы / -қызы patronymics do not decline in Russian."""
        word = (self.patronymic or "").lower().split()[-1:] or [""]
        return word[0].endswith(_SON + _DAUGHTER)


def parse_name(full_name: str) -> FullName | None:
    """The parts of a name; None if it is not two to four words of letters (a placeholder)."""
    words = full_name.split()
    if not 2 <= len(words) <= 4 or not all(_WORD.match(w) for w in words):
        return None
    surname, given, *rest = words
    if len(rest) == 2 and rest[1].lower() not in _SON + _DAUGHTER:
        return None  # four words that are not a two-word patronymic: not read as a name
    return FullName(surname, given, " ".join(rest) or None)
