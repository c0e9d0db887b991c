"""The applicant's ИИН, which a real appeal gives if the applicant has one: an appeal to a body
has the requisites of the Administrative Procedural Code's article 63 (law.yaml
`applicant_requisites`), a claim to a court those of its article 131 (`claim_requisites`),
each cited with whether it was read in the official text."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import date_text, document_text_language
from ..i18n import gettext as _
from .law import in_force
from .reference import Reference
from .routes import routes
from .schema import Case
from .time_limit_text import law_text


def iin_warnings(case: Case, reference: Reference, law_file: str) -> Iterator[str]:
    """What a real case without the applicant's ИИН is told, by the letters it writes: the
    claim's provision for a letter to a court, the appeal's for the others."""
    if case.illustrative or getattr(case.applicant, "iin", None):
        return
    day = case.appeal.date
    kinds = {head: reference.authorities[head].kind for head, _copies in routes(case, reference)}
    courts = [head for head, kind in kinds.items() if kind == "court"]
    claim = in_force(reference.law, "claim_requisites", day)
    if courts and claim is not None:
        names = reference.authority_names(document_text_language())
        message = _(
            "the applicant's ИИН is missing; {court}: the requisites of a claim are set by "
            "{law}; check there whether a claim must give the ИИН, and give it if the "
            "applicant has one"
        )
        for court in courts:
            yield message.format(court=names.get(court, court), law=law_text(claim))
    if len(courts) == len(kinds) and claim is not None:
        return
    appeal = in_force(reference.law, "applicant_requisites", day)
    if appeal is not None:
        message = _(
            "the applicant's ИИН is missing; give it if the applicant has one: an appeal to a "
            "state body must give it under {law}"
        )
        yield message.format(law=law_text(appeal))
    else:
        message = _(
            "the applicant's ИИН is missing; {file} names no provision on the requisites of an "
            "appeal signed on {day}; give it if the applicant has one"
        )
        yield message.format(file=law_file, day=date_text(day))
