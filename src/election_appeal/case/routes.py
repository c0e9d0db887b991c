"""The letters a build writes for a case: one per kind of authority (route).

The case's "to" gets the letter of its kind, the first "cc" of every other kind (in case
order) a letter of its own, and the later addressees of a kind a copy of their kind's letter:
a copy "for information" starts no procedure at a body that acts on its own instrument
(docs/instruments.md, «Copies»). Rendering and `check` both follow this one rule.
"""

from __future__ import annotations

from ..i18n import gettext as _
from .reference import Reference
from .schema import Case


def routes(case: Case, reference: Reference) -> list[tuple[str, list[str]]]:
    """Each letter as (the addressee it is written to, the addressees of its kind given a
    copy), the case's "to" first. Addressees missing from the reference tables (an error
    `check` reports) are left out; a case without a "to" has no letters."""
    authorities = reference.authorities
    known = [a for a in case.addressees if a.id in authorities]
    main = next((a.id for a in known if a.role == "to"), None)
    if main is None:
        return []
    grouped: dict[str, list[str]] = {authorities[main].kind: [main]}
    for addressee in known:
        if addressee.id != main:
            grouped.setdefault(authorities[addressee.id].kind, []).append(addressee.id)
    return [(ids[0], ids[1:]) for ids in grouped.values()]


def claims_without_right(
    case: Case, reference: Reference, language: str, letters_to: list[str]
) -> list[str]:
    """A warning for each claim (a letter to a court, of those written to `letters_to`) whose
    claimant's violated right is left as a bracketed blank: a claim states the right of a
    voter of a station only (applicant.status: kind voter). Courts named in `language`."""
    status = getattr(case.applicant, "status", None)
    if status is not None and status.kind == "voter":
        return []
    message = _(
        "{addressee}: the claim does not say which right of the claimant the decision "
        "violates; it says so only for a voter (applicant.status: kind voter and the station). "
        "Fill in the bracketed sentence of the legal section before filing"
    )
    names = reference.authority_names(language)
    return [
        message.format(addressee=names.get(to, to))
        for to in letters_to
        if reference.authorities[to].kind == "court"
    ]
