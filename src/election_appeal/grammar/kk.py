"""Kazakh case endings on a full name: the ending goes on its last word only.

    Жумабеков Ерлан Серікұлы → Жумабеков Ерлан Серікұлының (genitive), …Серікұлына (dative)

The ending follows the last word: its last vowel (back а о ұ ы я, front ә е ө ү і и э; у says
nothing, being written for both ұ and ү) and its last sound (a vowel, a sonorant, a voiced or a
voiceless consonant). A name ending in the possessive -ы / -і (ұлы, қызы) takes the dative in
-на / -не.
"""

from __future__ import annotations

from typing import Literal

from .names import FullName

_BACK = set("аоұыяАОҰЫЯ")
_FRONT = set("әеөүіиэёюӘЕӨҮІИЭЁЮ")
# Final у and и are the semivowels [w] and [j]: they take the endings of л, р, й.
_VOWELS = (_BACK | _FRONT) - set("иИ")
_SONORANT_NN = set("мнң")  # genitive -ның, dative -ға, instrumental -мен
_SONORANT_D = set("лруйи")  # genitive -дың, dative -ға, instrumental -мен
_VOICED_Z = set("жз")  # genitive -дың, dative -ға, instrumental -бен
# Everything else (voiceless consonants and б в г д): genitive -тың, dative -қа, instr. -пен.
_POSSESSIVE = ("ұлы", "улы", "қызы", "кызы")


def _front(word: str) -> bool:
    if word.lower().endswith("ь"):
        return True  # a soft sign is read front: Игорь → Игорьдің
    for letter in reversed(word.lower()):
        if letter in _BACK:
            return False
        if letter in _FRONT:
            return True
    return False


def _ending(word: str, case: str) -> str:
    front = _front(word)
    last = word.lower().rstrip("ь")[-1]

    def pick(back: str, front_form: str) -> str:
        return front_form if front else back

    if case == "instrumental":
        if last in _VOWELS or last in _SONORANT_NN or last in _SONORANT_D:
            return "мен"
        return "бен" if last in _VOICED_Z else "пен"
    if case == "genitive":
        if last in _VOWELS or last in _SONORANT_NN:
            return pick("ның", "нің")
        if last in _SONORANT_D or last in _VOICED_Z:
            return pick("дың", "дің")
        return pick("тың", "тің")
    # dative
    if word.lower().endswith(_POSSESSIVE):
        return pick("на", "не")
    if last in _VOWELS or last in _SONORANT_NN or last in _SONORANT_D or last in _VOICED_Z:
        return pick("ға", "ге")
    return pick("қа", "ке")


def decline(name: FullName, sex: Literal["male", "female"], case: str) -> str:
    """The full name with the Kazakh ending of the case on its last word (sex plays no part)."""
    del sex  # Kazakh has no grammatical gender
    return name.text + _ending(name.text.split()[-1], case)
