"""Russian declension of a full name, by pytrovich (the petrovich rules, maintained)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from .names import FullName

CASES = ("genitive", "dative", "instrumental")
_CASE = {"genitive": Case.GENITIVE, "dative": Case.DATIVE, "instrumental": Case.INSTRUMENTAL}


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


def decline(name: FullName, sex: Literal["male", "female"], case: str) -> str:
    """The full name in a case: each part by its own rules, hyphenated parts one by one."""
    gender = Gender.MALE if sex == "male" else Gender.FEMALE
    parts = [
        _part(NamePart.LASTNAME, gender, case, name.surname),
        _part(NamePart.FIRSTNAME, gender, case, name.given),
    ]
    if name.patronymic:
        # "Серикұлы", "Нурлан кызы": Kazakh patronymics keep their form in Russian.
        if name.turkic_patronymic:
            parts.append(name.patronymic)
        else:
            parts.append(_part(NamePart.MIDDLENAME, gender, case, name.patronymic))
    return " ".join(parts)


def _part(part: NamePart, gender: Gender, case: str, word: str) -> str:
    return "-".join(_maker().make(part, gender, _CASE[case], piece) for piece in word.split("-"))
