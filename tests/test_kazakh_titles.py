"""A contest in Kazakh running text is named by its full title in the genitive, as the Russian
names it («итоги выборов депутатов …»); the short title only where the rule does not know the
title. Expected forms written by hand: «сайлау» takes -дың, «сайлауы» (with the possessive)
-ның."""

from __future__ import annotations

import pytest

from election_appeal.render.languages import document_language, kazakh_genitive_title


@pytest.mark.parametrize(
    ("title", "genitive"),
    [
        (
            "Алматы қаласы мәслихатының депутаттарын сайлау",
            "Алматы қаласы мәслихатының депутаттарын сайлаудың",
        ),
        (
            "Қазақстан Республикасы Парламенті Мәжілісінің депутаттарын сайлау",
            "Қазақстан Республикасы Парламенті Мәжілісінің депутаттарын сайлаудың",
        ),
        ("Мәжіліс депутаттарының сайлауы", "Мәжіліс депутаттарының сайлауының"),
        # Not a title of an election the rule knows: the case gives title_genitive.
        ("Республикалық референдум", None),
        ("Сайлау", None),
    ],
)
def test_the_genitive_of_a_kazakh_title(title: str, genitive: str | None) -> None:
    assert kazakh_genitive_title(title) == genitive


def test_an_unknown_title_is_named_by_its_short_title() -> None:
    contest_of = document_language("kk").contest_of
    assert contest_of("Республикалық референдум", "Референдум") == "«Референдум» дауыс беруінің"
    assert contest_of("Алматы қаласы мәслихатының депутаттарын сайлау", "Мәслихат") == (
        "Алматы қаласы мәслихатының депутаттарын сайлаудың"
    )
