"""Grammar of the applicant's name and of the words that agree with the applicant's sex.

A document written for one person must decline that person's name and choose the forms that
agree with the person's sex («проживающего» or «проживающей»): a "(-ей)" left for the signer to
cross out is not a filing-ready text. These functions give the forms; the phrasebooks choose
where each goes.

    forms = name_forms("Жумабеков Ерлан Серикович", "male", "ru")
    forms.genitive   # "Жумабекова Ерлана Сериковича"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import kk, ru
from .names import FullName, parse_name

Sex = Literal["male", "female"]
LANGUAGES = ("ru", "kk")


@dataclass(frozen=True)
class NameForms:
    """A full name in the cases a document needs, in one language.

    `declined` is False when the name was left as written in every case: a placeholder such as
    "[Фамилия Имя Отчество]", or a name that does not read as surname, name and patronymic.
    """

    nominative: str
    genitive: str
    dative: str
    instrumental: str
    declined: bool


def name_forms(
    full_name: str,
    sex: Sex,
    language: str,
    given: dict[str, str] | None = None,
) -> NameForms:
    """The applicant's full name in the nominative, genitive, dative and instrumental.

    `given` holds forms the applicant wrote out (genitive, dative, instrumental); they win over
    the library's, since for some names the usage is the bearer's choice (Айгуль, Асель)."""
    name = parse_name(full_name)
    given = given or {}
    if name is None:
        text = full_name.strip()
        return NameForms(
            text,
            given.get("genitive", text),
            given.get("dative", text),
            given.get("instrumental", text),
            False,
        )
    decline = ru.decline if language == "ru" else kk.decline
    forms = {case: given.get(case) or decline(name, sex, case) for case in ru.CASES}
    return NameForms(name.text, forms["genitive"], forms["dative"], forms["instrumental"], True)


def infer_sex(full_name: str) -> Sex | None:
    """The sex a patronymic shows (-ович, -овна, -ұлы, -қызы); None when it shows none."""
    name = parse_name(full_name)
    return None if name is None else name.patronymic_sex()


@dataclass(frozen=True)
class SexForms:
    """The words of a Russian document that agree with the applicant's sex."""

    residing_genitive: str  # «от … проживающего / проживающей по адресу»
    being_genitive: str  # «от …, являющегося / являющейся наблюдателем»
    citizen_genitive: str  # «от гражданина / гражданки»
    warned: str  # «об уголовной ответственности … предупрежден / предупреждена»
    informed: str  # «уведомлен / уведомлена»


_RU_FORMS = {
    "male": SexForms("проживающего", "являющегося", "гражданина", "предупрежден", "уведомлен"),
    "female": SexForms("проживающей", "являющейся", "гражданки", "предупреждена", "уведомлена"),
}


def sex_forms(sex: Sex, language: str) -> SexForms | None:
    """The forms that agree with the sex; None for Kazakh, whose words do not change with it."""
    return _RU_FORMS[sex] if language == "ru" else None


def agree(sex: Sex, male: str, female: str) -> str:
    """One of two forms by sex: the helper a phrasebook uses for words not in SexForms."""
    return male if sex == "male" else female


@dataclass(frozen=True)
class ApplicantGrammar:
    """Everything a phrasebook needs to write the applicant into a sentence of one language.

    `sex` is the one given, else the one the patronymic shows, else None (a placeholder name):
    then `words` is None too and the phrasebook must write a sentence that needs no agreement.
    """

    sex: Sex | None
    name: NameForms
    words: SexForms | None


def applicant_grammar(
    full_name: str, sex: Sex | None, language: str, given: dict[str, str] | None = None
) -> ApplicantGrammar:
    """The applicant's name in its cases and the words agreeing with the applicant's sex."""
    resolved = sex or infer_sex(full_name)
    if resolved is None:
        text = full_name.strip()
        given = given or {}
        forms = NameForms(
            text,
            given.get("genitive", text),
            given.get("dative", text),
            given.get("instrumental", text),
            False,
        )
        return ApplicantGrammar(None, forms, None)
    forms = name_forms(full_name, resolved, language, given)
    return ApplicantGrammar(resolved, forms, sex_forms(resolved, language))


__all__ = [
    "LANGUAGES",
    "ApplicantGrammar",
    "FullName",
    "NameForms",
    "Sex",
    "SexForms",
    "agree",
    "applicant_grammar",
    "infer_sex",
    "name_forms",
    "sex_forms",
]
