"""The law the appeal cites, by date: data/reference/law.yaml.

Each provision has one or more versions, each valid from one date to another, with its citation
in Russian and Kazakh, the official source and whether the citation was checked against the
official text (`verified`). The templates cite only through the version in force on the date
that matters (the election day for what happened then, the appeal's date for the procedure).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import CaseError, Problem
from ..i18n import gettext as _
from .messages import validate_model
from .schema import Case, Contest
from .yamlfile import YamlDocument, read_yaml


class SourceRead(BaseModel):
    """The official page a verified citation was read on, and the edition the page showed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(min_length=1, description="The official page read (adilet.zan.kz).")
    edition: datetime.date | None = Field(
        None, description="The date of the text's edition the page showed; null: not shown."
    )


class LawVersion(BaseModel):
    """One version of a provision: its citation while it was in force, and where it was read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    valid_from: datetime.date | None = Field(None, description="First day in force; null: always.")
    valid_to: datetime.date | None = Field(None, description="Last day in force; null: still.")
    ru: str = Field(
        min_length=1, description="The citation in Russian: act, number, date, article."
    )
    kk: str | None = Field(None, description="The same citation in Kazakh.")
    url: str | None = Field(None, description="The official text (adilet.zan.kz).")
    verified: bool = Field(description="true only if the citation was read in the official text.")
    verified_from: SourceRead | None = Field(
        None, description="Where a verified citation was read; required with verified: true."
    )
    note: str | None = Field(None, description="What was checked, or what could not be.")
    value: Decimal | None = Field(None, description="A figure the provision sets (a threshold).")
    days: int | None = Field(
        None, gt=0, description="A time limit in calendar days; null: the route has none."
    )
    counted_from: Literal["decision", "election"] | None = Field(
        None,
        description="What the days are counted from: the contested decision (a commission's "
        "result) or the election day; the first day counted is the next day.",
    )
    by_analogy: bool = Field(
        False,
        description="The provision is written for another body and applied by analogy; the "
        "citation must say so.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> LawVersion:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(_("valid_to is before valid_from"))
        if (self.days is None) != (self.counted_from is None):
            raise ValueError(_("days and counted_from go together: give both or neither"))
        if self.verified and self.verified_from is None:
            raise ValueError(_("verified: true needs verified_from: the official page read"))
        if not self.verified and self.verified_from is not None:
            raise ValueError(_("verified_from is only for verified: true"))
        return self

    def in_force(self, day: datetime.date) -> bool:
        """Whether this version was in force on the day."""
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)

    def citation(self, language: str) -> str:
        """The citation in a language; Russian where the Kazakh one is not on record."""
        return self.kk if language == "kk" and self.kk else self.ru


Law = dict[str, list[LawVersion]]


def in_force(law: Law, key: str, day: datetime.date) -> LawVersion | None:
    """The version of a provision in force on a day; None if none is on record for it."""
    return next((v for v in law.get(key, []) if v.in_force(day)), None)


def load_law(path: Path, problems: list[Problem]) -> Law:
    """Read law.yaml; problems (with the line) go to `problems`."""
    display = f"{path.parent.name}/{path.name}"
    try:
        doc = read_yaml(path, display)
    except CaseError as exc:
        problems += exc.problems
        return {}
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), _("must map provision ids to lists of versions")))
        return {}
    law: Law = {}
    for key, versions in doc.data.items():
        if not isinstance(versions, list) or not versions:
            message = _("must list at least one version ('- ' items)")
            problems.append(doc.problem((key,), message))
            continue
        found_versions = []
        for i, raw in enumerate(versions):
            version, found = validate_model(doc, LawVersion, raw, (key, i))
            problems += found
            if version is not None:
                found_versions.append(version)
        problems += _overlaps(doc, str(key), found_versions)
        law[str(key)] = found_versions
    return law


def _overlaps(doc: YamlDocument, key: str, versions: list[LawVersion]) -> list[Problem]:
    """Two versions of one provision in force on the same day would make a citation a guess."""
    start = datetime.date.min
    ordered = sorted(versions, key=lambda v: v.valid_from or start)
    problems = []
    for earlier, later in itertools.pairwise(ordered):
        ends, starts = earlier.valid_to, later.valid_from
        if ends is None or starts is None or ends >= starts:
            message = _("two versions are in force on the same day; end the earlier with valid_to")
            problems.append(doc.problem((key,), message))
    return problems


# What the default templates cite, by the kind of the authority an appeal is addressed to.
CITED_BY_KIND: dict[str, tuple[str, ...]] = {
    "prosecutor": ("prosecutor_office", "election_fraud", "pretrial_grounds", "false_report"),
    "anticorruption": (
        "criminal_report",
        "false_report",
        "election_fraud",
        "pretrial_grounds",
        "pretrial_start",
    ),
    "police": (
        "criminal_report",
        "false_report",
        "election_fraud",
        "pretrial_grounds",
        "pretrial_start",
    ),
    "election_commission": ("election_law", "time_limit_commission_complaint"),
    "court": ("challenge_claim", "election_law", "time_limit_court_claim", "state_duty_exemption"),
    "other": ("appeals_procedure",),
}
# Cited by every appeal; by one with the seats re-allocated; by one with the funding section.
CITED_ALWAYS = ("electoral_rights", "iccpr_25")
# The term of the funded body (the years a vote is paid for), by the body the funded contest
# elects: the Mazhilis's until the Parliament of 1995 ended, the Kurultai's after.
TERM_OF_BODY: dict[str, str] = {"mazhilis": "mazhilis_term", "kurultai": "kurultai_term"}
CITED_WITH_FUNDING = ("mazhilis_term",)
# The anti-corruption agency takes fraud only as a corruption offence: the letter founds its
# jurisdiction on the item of fraud by a person using an official position.
CITED_BY_AGENCY_WITH_FUNDING = ("fraud_official_position",)
# Cited beside a seat rule: which seats of the body are filled by party lists (a maslikhat's).
CITED_WITH_SEAT_RULE: dict[str, tuple[str, ...]] = {
    "seat_allocation_maslikhat": ("maslikhat_party_lists",),
}
# The funding offence is named only to authorities that investigate crimes.
CITED_WITH_FUNDING_BY_KIND = {"prosecutor", "anticorruption", "police"}
# The time limit of the route each kind of authority stands for: a claim to a court, a
# complaint to an election commission, a report of a criminal offence to the police or the
# anti-corruption agency, an appeal to the prosecutor or another state body.
TIME_LIMIT_BY_KIND: dict[str, str] = {
    "court": "time_limit_court_claim",
    "election_commission": "time_limit_commission_complaint",
    "police": "time_limit_criminal_report",
    "anticorruption": "time_limit_criminal_report",
    "prosecutor": "time_limit_prosecutor_appeal",
    "other": "time_limit_appeal",
}
# What each kind's instrument cites once the phrasebooks write it (docs/instruments.md): the
# claim to a court, the complaint to a commission, the crime report, the appeal to the
# prosecutor, the appeal to another body. `cited` above still describes the current templates;
# switch it to these when the instruments land, so that `check` warns about exactly these.
INSTRUMENT_CITES: dict[str, tuple[str, ...]] = {
    "court": ("claim_requisites", "challenge_claim", "election_law", "time_limit_court_claim"),
    "election_commission": ("election_law", "time_limit_commission_complaint"),
    "police": ("pretrial_grounds", "crime_report", "pretrial_start", "false_report"),
    "anticorruption": ("pretrial_grounds", "crime_report", "pretrial_start", "false_report"),
    "prosecutor": ("prosecutor_office", "appeals_procedure"),
    "other": ("appeals_procedure",),
}
# Added to the prosecutor's when the appeal asks for a pre-trial investigation.
INSTRUMENT_CITES_WITH_INVESTIGATION = ("pretrial_grounds", "crime_report", "false_report")
# How long the ballots are kept after the election.
BALLOT_STORAGE = "ballot_storage"
# Provisions of procedure are taken on the appeal's date; everything else on the election day.
PROCEDURE = frozenset(
    {
        "prosecutor_office",
        "appeals_procedure",
        "applicant_requisites",
        "criminal_report",
        "claim_requisites",
        "challenge_claim",
        "pretrial_start",
        "pretrial_grounds",
        "crime_report",
        "state_duty_exemption",
        *TIME_LIMIT_BY_KIND.values(),
    }
)


Body = Literal["mazhilis", "maslikhat", "kurultai"]
# The provision in law.yaml that allocates each body's seats by party lists: the Mazhilis
# article, the same BY ANALOGY for a maslikhat (its entry says so), the Kurultai's.
SEAT_RULE: dict[str, str] = {
    "mazhilis": "seat_allocation",
    "maslikhat": "seat_allocation_maslikhat",
    "kurultai": "kurultai_allocation",
}
_BODY_WORDS: tuple[tuple[Body, tuple[str, ...]], ...] = (
    ("maslikhat", ("маслихат", "мәслихат")),
    ("mazhilis", ("мажилис", "мәжіліс")),
    ("kurultai", ("курулта", "құрылта")),  # stems: Курултая, Құрылтайға
)


def body_of(contest: Contest) -> Body | None:
    """The body a contest elects, by the words of its title (Russian or Kazakh)."""
    title = f"{contest.title} {contest.short_title or ''}".lower()
    for body, words in _BODY_WORDS:
        if any(word in title for word in words):
            return body
    return None


def seat_rule(case: Case) -> str:
    """The provision the re-allocation of the case's seat contest cites (the Mazhilis article
    when the title names no body)."""
    compared = case.compared()
    if compared is None:  # one contest: its own seats
        body = body_of(case.contests[0])
    else:
        first, second = case.contest(compared[0]), case.contest(compared[1])
        body = body_of(second if second.seats else first)
    return SEAT_RULE[body] if body else "seat_allocation"


def term_rule(case: Case) -> str:
    """The provision on the term of the body whose votes drive funding (the Mazhilis's when the
    funded contest's title names no body with a term on record)."""
    if case.funding is None:
        return CITED_WITH_FUNDING[0]
    funded = next((c for c in case.contests if c.id == case.funding.contest), None)
    body = body_of(funded) if funded is not None else None
    return TERM_OF_BODY.get(body or "", CITED_WITH_FUNDING[0])


def cited(
    kinds: Collection[str],
    seats: bool,
    funding: bool,
    seat_key: str = "seat_allocation",
    term_key: str = CITED_WITH_FUNDING[0],
) -> list[str]:
    """The provisions an appeal cites, for the kinds of authority it may be addressed to."""
    keys = list(CITED_ALWAYS)
    for kind in sorted(set(kinds)):
        keys += CITED_BY_KIND[kind]
    if seats:
        keys.append(seat_key)
        keys += CITED_WITH_SEAT_RULE.get(seat_key, ())
    # A claim and a complaint have no funding section: a court rules on the decision and a
    # commission on the count, neither on the budget (render/context.py funding_shown).
    if funding and set(kinds) - {"court", "election_commission"}:
        keys.append(term_key)
        if "anticorruption" in kinds:
            keys += CITED_BY_AGENCY_WITH_FUNDING
        if CITED_WITH_FUNDING_BY_KIND.intersection(kinds):
            # the criminal threshold, and fraud when one party alone is above it
            keys += ["especially_large", "fraud_especially_large"]
    return list(dict.fromkeys(keys))


def date_for(key: str, election_day: datetime.date, appeal_day: datetime.date) -> datetime.date:
    """The day a provision is cited on: the appeal's for procedure, else the election's."""
    return appeal_day if key in PROCEDURE else election_day
