"""Names the Russian documents need in another grammatical case than the one typed: the
territory after «на территории», an observer's organisation after «от». The tool never guesses
a proper name's case; without the form the documents name it as given, in the nominative, in a
construction that reads with any name, and `check` says so."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import gettext as _
from .schema import Case
from .texts import in_language

Found = Iterator[tuple[tuple[str | int, ...], str]]


def missing_case_forms(case: Case) -> Found:
    """A warning for each name a Russian document prints in the nominative for want of its
    genitive: the territory, and the organisation that sent an observer."""
    if "ru" not in (case.languages or [case.language]):
        return
    if case.election.territory_genitive is None:
        territory = in_language(case.election.territory, "ru")
        message = _(
            "the Russian documents say where the election was held as «(территория: {name})»: "
            "the tool does not put a name into another case itself; for «на территории …» give "
            "election.territory_genitive, the name as it reads after «на территории», e.g. "
            "Республики Казахстан or г. Алматы"
        )
        yield ("election", "territory"), message.format(name=territory)
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
