"""Names the Russian documents need in another grammatical case than the one typed: the
territory after «на территории», an observer's organisation after «от». The tool never guesses
a proper name's case; without the form the documents name it as given, in the nominative, in a
construction that reads with any name, and `check` says so."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..i18n import gettext as _
from .reference import TerritoryName
from .schema import Case
from .texts import in_language

Found = Iterator[tuple[tuple[str | int, ...], str]]


def missing_case_forms(case: Case, territories: Sequence[TerritoryName] = ()) -> Found:
    """A warning for each name a Russian document prints in the nominative for want of its
    genitive: the territory (with its forms when `territories`, the reference table, lists
    the name typed: data/reference/territories.yaml), and the organisation that sent an
    observer."""
    if "ru" not in (case.languages or [case.language]):
        return
    if case.election.territory_genitive is None:
        territory = in_language(case.election.territory, "ru")
        yield ("election", "territory"), _territory_message(territory, territories)
    status = getattr(case.applicant, "status", None)
    if status is not None and status.organisation and status.organisation_genitive is None:
        organisation = in_language(status.organisation, "ru")
        message = _(
            "the Russian documents name the organisation that sent the observer as «(организация, "
            "направившая наблюдателя: {name})»: the tool does not put a name into another case "
            "itself; for «наблюдатель от …» give applicant.status.organisation_genitive, the name "
            "as it reads after «от», e.g. Общественного фонда «Наблюдатели А»"
        )
        yield ("applicant", "status", "organisation"), message.format(name=organisation)


def _territory_message(territory: str, territories: Sequence[TerritoryName]) -> str:
    """What a case without the territory's genitive is told: which form to give where, when the
    name typed is one the reference table lists (a genitive typed as the nominative, or a
    nominative whose genitive it knows); else how to give it."""
    typed = " ".join(territory.split())
    as_genitive = next((t for t in territories if t.genitive == typed != t.nominative), None)
    if as_genitive is not None:
        message = _(
            "the territory is typed as «{typed}», the genitive of «{nominative}», so the "
            "Russian documents say «(территория: {typed})»: write territory: {nominative} and "
            "territory_genitive: {typed}, and they will say «на территории {typed}»"
        )
        return message.format(typed=typed, nominative=as_genitive.nominative)
    as_nominative = next((t for t in territories if t.nominative == typed), None)
    if as_nominative is not None:
        message = _(
            "the Russian documents say where the election was held as «(территория: {name})»: "
            "for «на территории {genitive}» give election.territory_genitive: {genitive}"
        )
        return message.format(name=typed, genitive=as_nominative.genitive)
    message = _(
        "the Russian documents say where the election was held as «(территория: {name})»: "
        "the tool does not put a name into another case itself; for «на территории …» give "
        "election.territory_genitive, the name as it reads after «на территории», e.g. "
        "Республики Казахстан or г. Алматы"
    )
    return message.format(name=territory)
