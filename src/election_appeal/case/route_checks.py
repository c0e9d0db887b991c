"""Routes a filing would fail on although every field of the case is valid: a complaint to the
commission whose own decision it contests, a commission and a court addressed on the same
decision, a claim whose procedure is not confirmed. (A late complaint is told what it risks
and which routes have no time limit with its blank: routes.py blank_warnings.)

Each check looks at the letters a build writes (routes.py): the addressee a letter is written
to, not the later addressees of its kind, who get a copy for information. The law behind each
message is in data/reference/law.yaml and docs/instruments.md («Routes `check` refuses or
warns about»); what was not read there is said in the message.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import gettext as _
from .commissions import same_commission
from .law import in_force
from .reference import Authority, Reference
from .routes import routes
from .schema import Case
from .texts import Localised, for_reader
from .time_limit_text import law_text

Found = Iterator[tuple[tuple[str | int, ...], str]]

# law.yaml: a commission suspends its review while a court hears the same matter; a court
# returns a claim it finds not subject to administrative proceedings.
SUSPENDED_BY_COURT = "complaint_suspended_by_court"
NOT_ADMINISTRATIVE = "claim_not_administrative"
CHALLENGE_CLAIM = "challenge_claim"


def route_errors(case: Case, reference: Reference) -> Found:
    """The letters no addressee can act on: a complaint to the commission that made the
    decision it contests."""
    yield from _complaint_to_the_decider(case, reference)


def route_warnings(case: Case, reference: Reference) -> Found:
    """The letters that may fail for reasons the user should weigh before filing."""
    yield from _commission_beside_court(case, reference)
    yield from _claim_procedure_unconfirmed(case, reference)


def _heads(case: Case, reference: Reference, kind: str) -> list[tuple[int, str]]:
    """(index in addressees, id) of each addressee of `kind` a letter is written to."""
    heads = {head for head, _copies in routes(case, reference)}
    return [
        (i, a.id)
        for i, a in enumerate(case.addressees)
        if a.id in heads and reference.authorities[a.id].kind == kind
    ]


def _texts(text: str) -> list[str]:
    return list(text.texts.values()) if isinstance(text, Localised) else [str(text)]


def _normal(name: str) -> str:
    """A name compared as written, ignoring case, quotes and runs of spaces."""
    for quote in "«»\"'“”„":
        name = name.replace(quote, "")
    return " ".join(name.split()).casefold().replace("ё", "е")


def _is_named(decided_by: str, authority: Authority) -> bool:
    """Whether `decided_by` names the authority, in any language of either: the same name, or
    the same commission however worded («ЦИК РК», the Kazakh name; commissions.py)."""
    names = _texts(authority.name)
    given = _texts(decided_by)
    if {_normal(n) for n in names} & {_normal(g) for g in given}:
        return True
    return any(same_commission(g, n) for g in given for n in names)


def _complaint_to_the_decider(case: Case, reference: Reference) -> Found:
    contested = case.contested()
    if contested.decided_by is None:
        return
    index = next(i for i, c in enumerate(case.contests) if c is contested)
    for i, head in _heads(case, reference, "election_commission"):
        authority = reference.authorities[head]
        if not _is_named(contested.decided_by, authority):
            continue
        message = _(
            "{who} established the result the complaint contests (contests[{n}].decided_by): a "
            "commission does not hear a complaint against its own decision. A complaint goes to "
            "the commission above the one that decided; the Central Election Commission has "
            "none, and its decisions are challenged in court (the Supreme Court, as its press "
            "service reports; the provision was not read). Address the higher commission, or "
            "a court (role: to), instead of {who}"
        )
        yield ("addressees", i, "id"), message.format(who=for_reader(authority.name), n=index)


def _commission_beside_court(case: Case, reference: Reference) -> Found:
    courts = _heads(case, reference, "court")
    if not courts:
        return
    court = for_reader(reference.authorities[courts[0][1]].name)
    version = in_force(reference.law, SUSPENDED_BY_COURT, case.appeal.date)
    law = law_text(version) if version else _("no provision on record")
    for i, head in _heads(case, reference, "election_commission"):
        message = _(
            "{commission} and {court} are both addressed about the same decision: while a court "
            "hears the matter, the commission suspends its review of the complaint until the "
            "court's decision takes effect ({law}). Choose one route: the complaint, which the "
            "commission can answer by a recount or by setting the decision aside, or the claim "
            "to the court; remove the other addressee from addressees"
        )
        commission = for_reader(reference.authorities[head].name)
        yield ("addressees", i, "id"), message.format(commission=commission, court=court, law=law)


def _claim_procedure_unconfirmed(case: Case, reference: Reference) -> Found:
    returned = in_force(reference.law, NOT_ADMINISTRATIVE, case.appeal.date)
    if returned is None:  # before the Administrative Procedural Code: check refuses the claim
        return
    challenge = in_force(reference.law, CHALLENGE_CLAIM, case.appeal.date)
    for i, head in _heads(case, reference, "court"):
        message = _(
            "{court}: the tool writes an administrative claim ({challenge}), but whether a "
            "court hears a claim against an election commission's decision under the "
            "Administrative Procedural Code is not confirmed: a court has returned an "
            "observers' claim as not subject to administrative proceedings ({returned}), and "
            "election disputes have been heard under the Civil Procedure Code on an "
            "application. A returned claim costs days of the time limit: ask the "
            "court's office which procedure and document it accepts before filing"
        )
        yield (
            ("addressees", i, "id"),
            message.format(
                court=for_reader(reference.authorities[head].name),
                challenge=law_text(challenge) if challenge else _("no provision on record"),
                returned=law_text(returned),
            ),
        )
