"""The applicant's requisites a real appeal gives: an appeal to a body has those of the
Administrative Procedural Code's article 63 (law.yaml `applicant_requisites`), a claim to a court
those of its article 131 (`claim_requisites`: also the date and place of birth), each cited with
whether it was read in the official text; and the standing, which says whom a candidate stands
for."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import date_text, document_text_language
from ..i18n import gettext as _
from .law import in_force
from .reference import Reference
from .routes import routes
from .schema import Case
from .time_limit_text import law_text


def iin_warnings(case: Case, reference: Reference) -> Iterator[str]:
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
            "the applicant's ИИН is missing; the tool's reference data names no provision on "
            "the requisites of an appeal signed on {day}; give it if the applicant has one"
        )
        yield message.format(day=date_text(day))


# What article 131 asks of a claimant who is an individual beyond the name and address, as the
# case file names the fields (law.yaml claim_requisites, its note says where it was read).
BIRTH_FIELDS = ("birth_date", "birth_place")


def birth_warnings(case: Case, reference: Reference) -> Iterator[tuple[str, str]]:
    """For a real case with a claim to a court: each of the claimant's date and place of birth
    the case file lacks, as (the field, the message)."""
    if case.illustrative or not _claims(case, reference):
        return
    claim = in_force(reference.law, "claim_requisites", case.appeal.date)
    if claim is None:
        return
    names = reference.authority_names(document_text_language())
    courts = ", ".join(names.get(court, court) for court in _claims(case, reference))
    messages = {
        "birth_date": _(
            "the applicant's date of birth is missing (applicant.birth_date); {court}: a claim "
            "gives the claimant's date and place of birth under {law}; add it to the case file"
        ),
        "birth_place": _(
            "the applicant's place of birth is missing (applicant.birth_place); {court}: a claim "
            "gives the claimant's date and place of birth under {law}; add it to the case file"
        ),
    }
    for field in BIRTH_FIELDS:
        if getattr(case.applicant, field, None) is None:
            yield field, messages[field].format(court=courts, law=law_text(claim))


def standing_warnings(case: Case) -> Iterator[str]:
    """A real case's candidate without a party: the documents then cannot say on whose list the
    applicant stands, and the tool does not guess it."""
    status = getattr(case.applicant, "status", None)
    if case.illustrative or status is None or status.kind != "candidate" or status.party:
        return
    yield _(
        "the applicant is a candidate, but applicant.status.party is not given: the documents "
        "do not say on whose party list the applicant stands; give the id of the party"
    )


def _claims(case: Case, reference: Reference) -> list[str]:
    """The courts the case writes a claim to."""
    return [
        head
        for head, _copies in routes(case, reference)
        if reference.authorities[head].kind == "court"
    ]
