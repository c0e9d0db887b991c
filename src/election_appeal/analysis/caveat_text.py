"""The words of the caveats of the sample statistics, which analysis/caveats.py names by key.

Written in English here and translated in the message catalogues (locale/<language>), whose
Russian and Kazakh texts are those the documents print.
"""

from __future__ import annotations

from ..i18n import N_, translations

CAVEAT_TEXT: dict[str, str] = {
    "not_random": N_(
        "The stations were not chosen at random: the intervals and tests measure sampling "
        "error, not selection bias."
    ),
    "not_who": N_(
        "An inconsistency shows that the official totals are unlikely under the stated "
        "assumptions, not where or by whom they were changed."
    ),
    "legitimate_differences": N_(
        "Differences between the contests can be legitimate: a voter taking one ballot, "
        "different invalid rates, special stations."
    ),
    "station_level_first": N_(
        "Where official station-level results exist, comparing them with the copies "
        "station by station is the stronger evidence."
    ),
}


def caveats(keys: tuple[str, ...], language: str) -> list[str]:
    """The caveats' words in a language ("en", "ru", "kk")."""
    catalogue = translations(language)
    return [catalogue.gettext(CAVEAT_TEXT[key]) for key in keys]
