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
from .time_limit import time_limit
from .time_limit_text import late_filing_message


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


# The bracketed blanks a letter may carry, each for the applicant to fill in before filing:
# the claimant's violated right (a claim whose facts do not state it) and the reasons a time
# limit was missed (the motion to restore it). The letters print a blank exactly when
# `letter_blanks` lists it, and `check` and `build` warn of each (`blank_warnings`).
BLANKS = ("claimant_right", "restore_reasons")


def letter_blanks(
    case: Case,
    reference: Reference,
    addressee: str,
    applicant: object = None,
    list_gain: int | None = None,
) -> list[str]:
    """The blanks (of BLANKS) the letter to `addressee` carries. `applicant`: the applicant as
    loaded (the case's own when None: a case may keep it in a file of its own); `list_gain`:
    the seats a candidate's party list would gain by version 1 (analysis/facts.py), None when
    not counted, which leaves a candidate's claim out (the seats are the analysis's to count)."""
    kind = reference.authorities[addressee].kind
    found = []
    if kind == "court" and claimant_right_stated(case, applicant, list_gain) is False:
        found.append("claimant_right")
    if kind in ("court", "election_commission"):
        limit = time_limit(case, reference.law, addressee, kind, "to")
        if limit.status == "past" and limit.ends is not None and limit.law is not None:
            found.append("restore_reasons")
    return found


def claimant_right_stated(
    case: Case, applicant: object = None, list_gain: int | None = None
) -> bool | None:
    """Whether a claim can say which right of the claimant the decision violates: a voter's
    (of a station), or a candidate's right to be elected when the candidate's party list would
    win seats by version 1 (the other contest's votes); None for a candidate whose list's
    seats were not counted (`list_gain` None)."""
    status = getattr(applicant or case.applicant, "status", None)
    if status is None:
        return False
    if status.kind == "voter":
        return True
    if status.kind != "candidate" or status.party is None:
        return False
    return None if list_gain is None else list_gain > 0


def blank_warnings(
    case: Case,
    reference: Reference,
    language: str,
    letters_to: list[str],
    applicant: object = None,
    list_gain: int | None = None,
) -> list[tuple[str, str]]:
    """A warning for each bracketed blank of each letter written to `letters_to`, as (the
    blank, the message naming the addressee, the document and what to write in it): a late
    filing's blank in the one message that says all a late filing needs
    (time_limit_text.py late_filing_message). Authorities named in `language`."""
    names = reference.authority_names(language)
    right = _(
        "{addressee}: the claim does not say which right of the claimant the decision "
        "violates; it says so only for a voter (applicant.status: kind voter and the "
        "station) and for a candidate whose party list would win more seats by the other "
        "contest's votes. Fill in the bracketed sentence of the legal section before filing"
    )
    found = []
    for to in letters_to:
        kind = reference.authorities[to].kind
        for blank in letter_blanks(case, reference, to, applicant, list_gain):
            if blank == "claimant_right":
                found.append((blank, right.format(addressee=names.get(to, to))))
            else:
                limit = time_limit(case, reference.law, to, kind, "to")
                found.append((blank, late_filing_message(limit, names.get(to, to))))
    return found
