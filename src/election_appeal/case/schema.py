"""The case file, case.yaml, as pydantic models: field types, ranges and defaults.

Cross-references between fields (a party id used in a contest, an addressee id from the
reference list) are checked in `validate.py`, where the messages can name both ends.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)

from ..i18n import gettext as _
from .dates import DateFormatError, not_a_date, parse_day
from .iin import iin_problem
from .numbers import NumberFormatError, share_of_whole, yaml_count
from .texts import Localised, localised_text


def _day(value: object) -> object:
    """A date as case.yaml holds it: YAML's own 2021-01-10, or a text such as "10.01.2021"
    read day first, as the questions and the web page read it (case/dates.py)."""
    if isinstance(value, datetime.datetime):  # 2021-01-10 10:00: a moment, not a day
        raise ValueError(not_a_date(value))
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return parse_day(value)
        except DateFormatError as exc:
            raise ValueError(str(exc)) from None
    if value is None:
        return None
    raise ValueError(not_a_date(value))  # a bare number is no date, not seconds since 1970


Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$",
            "description": "A date: 2021-01-10, or day first with dots, 10.01.2021.",
        }
    ),
]

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="A short id: lower-case Latin letters, digits and _, starting with a letter.",
    ),
]
# A text of the case: a plain string (in the case's `language`) or one text per language,
# {ru: …, kk: …}; a document takes the text of its own language (case/texts.py).
PerLanguage = dict[Literal["ru", "kk"], str]
Text = Annotated[
    str,
    Field(min_length=1),
    WrapValidator(localised_text, json_schema_input_type=str | PerLanguage),
]
OptionalText = Annotated[
    str | None, WrapValidator(localised_text, json_schema_input_type=str | PerLanguage | None)
]


def _one_line(value: object) -> object:
    """A name, a title or an address printed on one line of a document holds no line break."""
    texts = value.texts.values() if isinstance(value, Localised) else [value]
    if any(isinstance(text, str) and ("\n" in text or "\r" in text) for text in texts):
        raise ValueError(
            _("holds a line break; write it on one line (in YAML, without | or a quote left open)")
        )
    return value


# A text of one line: a name, a title, a place, an address.
Line = Annotated[Text, AfterValidator(_one_line)]
OptionalLine = Annotated[OptionalText, AfterValidator(_one_line)]
OneLine = Annotated[str, AfterValidator(_one_line)]


def _count(value: object) -> object:
    """Accept "43 337" typed as text, as well as a YAML integer; refuse yes/no and fractions."""
    try:
        return yaml_count(value)
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None


def _whole(value: object) -> object:
    """A YAML integer, or its digits as text grouped as people write them ("10 000"); refuse
    yes/no values, fractions and a comma between the digits ("1,581")."""
    try:
        return yaml_count(value)
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None


def _share(value: object) -> object:
    """Accept 0.07, "0,07" or "7%" for a share; a share of the whole or more (7 for 7 %) is
    refused with the way to write it."""
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        try:
            return share_of_whole(value)
        except NumberFormatError as exc:
            raise ValueError(str(exc)) from None
    return value


Count = Annotated[int, BeforeValidator(_count), Field(ge=0)]
Whole = Annotated[int, BeforeValidator(_whole)]
Share = Annotated[Decimal, BeforeValidator(_share), Field(ge=0, lt=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _valid_iin(value: object) -> object:
    if isinstance(value, int):
        value = f"{value:012d}"
    if isinstance(value, str) and (problem := iin_problem(value.strip())):
        raise ValueError(problem)
    return value.strip() if isinstance(value, str) else value


class ApplicantStatus(_Model):
    """Who the applicant is in the election: the standing a court or a commission asks for."""

    kind: Literal["voter", "observer", "candidate", "party_representative"] = Field(
        description="voter: a voter of a polling station; observer: an observer sent by an "
        "organisation or party; candidate: a candidate (on a party's list); "
        "party_representative: a representative of a party."
    )
    station: int | None = Field(
        None, gt=0, description="voter, observer: the number of the polling station."
    )
    organisation: OptionalLine = Field(
        None,
        min_length=1,
        description="observer: who sent the observer, e.g. ОФ «Молодежная информационная служба "
        "Казахстана»; in each language of the documents as {ru: …, kk: …}.",
    )
    organisation_genitive: OneLine | None = Field(
        None,
        min_length=1,
        description="observer, Russian documents: the organisation as it reads after «наблюдатель "
        "от …» (genitive), e.g. Общественного фонда «Наблюдатели А»; without it they name the "
        "organisation as given, after «организация, направившая наблюдателя:».",
    )
    party: Slug | None = Field(
        None, description="candidate, party_representative: the id of the party (parties)."
    )
    contest: Slug | None = Field(None, description="candidate: the id of the contest stood in.")

    @model_validator(mode="after")
    def _complete(self) -> ApplicantStatus:
        if self.kind == "voter" and self.station is None:
            raise ValueError(_("a voter needs station: the number of the polling station"))
        if self.kind == "observer" and self.organisation is None:
            raise ValueError(_("an observer needs organisation: who sent the observer"))
        if self.kind == "party_representative" and self.party is None:
            raise ValueError(_("a party representative needs party: the id of the party"))
        return self


class NameCases(_Model):
    """The applicant's name as the applicant declines it, where usage leaves the choice to the
    bearer (Айгуль or Айгули); each form given replaces the one the tool would write."""

    genitive: OneLine | None = Field(
        None, min_length=1, description="«от кого»: Жумабековой Айгули …"
    )
    dative: OneLine | None = Field(None, min_length=1, description="«кому»: Жумабековой Айгули …")
    instrumental: OneLine | None = Field(
        None, min_length=1, description="«кем»: Жумабековой Айгулью …"
    )


class Applicant(_Model):
    """The person who signs the appeal (Administrative Procedural Code art. 63 requisites)."""

    full_name: Line = Field(description="Фамилия Имя Отчество, as in the identity document.")
    sex: Literal["male", "female"] | None = Field(
        None,
        description="male or female: chooses «проживающего» or «проживающей» and declines the "
        "name; may be left out when the patronymic shows it (-ович, -овна, -ұлы, -қызы).",
    )
    status: ApplicantStatus | None = Field(
        None,
        description="Who the applicant is in the election; needed when a court or an election "
        "commission is addressed.",
    )
    name_cases: NameCases | None = None
    iin: Annotated[str | None, BeforeValidator(_valid_iin)] = Field(
        None, description="ИИН, 12 digits; optional."
    )
    birth_date: Day | None = Field(
        None,
        description="Date of birth; optional, but a claim to a court states it (Administrative "
        "Procedural Code art. 131, law.yaml claim_requisites).",
    )
    birth_place: OptionalLine = Field(
        None,
        min_length=1,
        description="Place of birth, as in the identity document; optional, but a claim to a "
        "court states it (the same article).",
    )
    address: Line = Field(description="Postal address for the reply.")
    phone: OneLine | None = None
    email: OneLine | None = None


class ApplicantFile(_Model):
    """A reference to a separate, git-ignored file holding the applicant's personal data."""

    file: str = Field(
        min_length=1, description="Path relative to the case folder, e.g. applicant.yaml."
    )


def _applicant_kind(value: object) -> str:
    return "file" if isinstance(value, dict) and set(value) == {"file"} else "inline"


class Appeal(_Model):
    """When and where the appeal is signed."""

    date: Day
    place: Line
    author_in_properties: bool = Field(
        False,
        description="true: the applicant's full name is the Author in the properties of the "
        "appeal's PDF and DOCX (never of the attachments); false (default): no author.",
    )


class Addressee(_Model):
    """An authority from data/reference/authorities.yaml and whether it is addressed or copied."""

    id: Slug
    role: Literal["to", "cc"]


class Election(_Model):
    """The election day and the territory whose results are compared."""

    date: Day
    territory: Line = Field(
        description="The territory's name in the nominative, as in the protocols, e.g. "
        "{ru: г. Алматы, kk: Алматы қаласы}."
    )
    territory_genitive: OneLine | None = Field(
        None,
        min_length=1,
        description="Russian documents: the territory as it reads after «на территории» "
        "(genitive), e.g. Республики Казахстан, г. Алматы; without it they write the name as "
        "given, after «территория:». Kazakh documents write the name as given before «аумағында».",
    )
    stations: Whole = Field(gt=0, description="Polling stations in the territory.")


class Party(_Model):
    """A party list taking part in every contest of the case."""

    id: Slug
    name: Line = Field(description="Full name as registered, in the language of the appeal.")
    short_name: Line
    registered: Whole = Field(
        gt=0, description="Order of registration of the list; earlier wins a tie on remainders."
    )


class Contest(_Model):
    """One contest (a body elected by party lists) with its official published result."""

    id: Slug
    title: Line = Field(
        description="In the nominative, e.g. Выборы депутатов маслихата города Алматы."
    )
    title_genitive: OptionalLine = Field(
        None,
        description="The title in the genitive for running text («итоги …»), e.g. выборов "
        "депутатов маслихата города Алматы; derived from a title starting with «Выборы».",
    )
    short_title: OptionalLine = Field(None, description="For table headers, e.g. Маслихат.")
    source: Text = Field(description="The document that published the official result.")
    source_date: Day | None = Field(
        None,
        description="The date of that document (the commission's decision on the result); time "
        "limits counted from the decision start here, else from the election day.",
    )
    decided_by: OptionalText = Field(
        None,
        min_length=1,
        description="The commission that established this result, in the nominative, e.g. "
        "Территориальная избирательная комиссия города Алматы: the defendant of a claim, the "
        "lower commission of a complaint; in each language of the documents as {ru: …, kk: …}.",
    )
    source_url: str | None = None
    votes: dict[str, Count] = Field(description="Official votes per party id.")
    against_all: Count | None = None
    voters_on_list: Count | None = None
    ballots_issued: Count | None = Field(None, description="Voters who received ballots.")
    turnout: Count | None = Field(None, description="Voters who took part in the voting.")
    invalid: Count | None = None
    seats: Whole | None = Field(None, gt=0, description="Seats allocated by this contest.")
    seats_awarded: dict[str, Count] | None = Field(
        None, description="Seats the commission actually awarded, per party id."
    )


class Comparison(_Model):
    """Which contest is compared with which: difference = second − first."""

    first: Slug
    second: Slug


class Allocation(_Model):
    """How seats are allocated when the appeal re-computes them."""

    method: Literal["largest-remainder", "dhondt", "sainte-lague"] = "largest-remainder"
    threshold: Share = Decimal("0.07")
    base: Literal["valid", "turnout"] = Field(
        "valid",
        description="valid: votes for parties plus 'against all'; turnout: voters who took part.",
    )
    min_parties: Whole = Field(
        2, ge=1, description="If fewer lists pass the threshold, the next-largest are admitted."
    )


class Funding(_Model):
    """Which contest's votes drive state funding of parties, and for which year."""

    contest: Slug
    year: Whole | None = Field(None, description="Defaults to the year of the election.")
    term_years: Whole = Field(
        5, gt=0, description="Term of the funded body (Constitution art. 50)."
    )
    funded_parties: list[Slug] | None = Field(
        None,
        description="Parties represented in the funded body (only they are paid); "
        "null counts every party.",
    )


class Narrative(_Model):
    """The applicant's own paragraphs (Markdown), added to the sections of the appeal."""

    facts: OptionalText = None
    sample: OptionalText = None
    hypothesis_1: OptionalText = None
    hypothesis_2: OptionalText = None
    legal: OptionalText = None
    requests: OptionalText = None


class Attachment(_Model):
    """A document the applicant attaches: a file (sheets counted from it) or a paper copy."""

    kind: Literal["protocol_copy", "official_result", "court_ruling", "other"] = Field(
        "other",
        description="protocol_copy: a copy of a commission's protocol; official_result: the "
        "published result; court_ruling: a court's ruling or decision; other.",
    )
    title: Line
    file: str | None = None
    sheets: Whole | None = Field(None, gt=0)


class EarlierStep(_Model):
    """Something the applicant did before this appeal, and what came of it."""

    kind: Literal["request", "refusal", "complaint", "court_ruling", "other"] = Field(
        description="request: a request made; refusal: a refusal received; complaint: a "
        "complaint filed; court_ruling: a court's ruling; other."
    )
    date: Day
    authority: Text = Field(
        description="Who received or decided it, in the nominative, e.g. Районный суд № 2 "
        "Алмалинского района города Алматы."
    )
    number: str | None = Field(None, description="The number of the ruling or the reply.")
    summary: Text = Field(
        description="What was asked or decided, one clause in the appeal's language, e.g. "
        "отказано в предоставлении копий протоколов всех участковых комиссий"
    )


class OfficialResults(_Model):
    """The official figures per polling station: the territorial commission's summary table or
    a page of the official publication, with the columns of the protocol table."""

    file: Text = Field(
        description="A CSV or XLSX table in the case folder, e.g. official.csv: one row per "
        "station and contest, the columns of the protocol table."
    )
    source: Text = Field(description="The document the figures are taken from.")
    source_url: str | None = None


class Copies(_Model):
    """The folder of the protocol copies themselves (photos or scans) and their provenance."""

    folder: Text = Field(
        "copies",
        description="A folder in the case folder holding <station>_<contest>.jpg (.jpeg, .png, "
        ".pdf; a second page <station>_<contest>_2.jpg) and copies.csv (or copies.xlsx): who "
        "received each copy, when, from whom, and whether it is signed and stamped.",
    )


class Case(_Model):
    """Everything one appeal is generated from."""

    illustrative: bool = Field(
        description="true when the protocol data is not real; every page is then marked ОБРАЗЕЦ."
    )
    language: Literal["ru", "kk"] = Field(
        "ru", description="The documents' language: ru (Russian) or kk (Kazakh)."
    )
    languages: list[Literal["ru", "kk"]] | None = Field(
        None,
        min_length=1,
        description="Build the documents in each of these languages (the Kazakh files named "
        "with .kk, e.g. appeal.kk.pdf); by default only in `language`.",
    )
    applicant: Annotated[
        Annotated[Applicant, Tag("inline")] | Annotated[ApplicantFile, Tag("file")],
        Discriminator(_applicant_kind),
    ]
    appeal: Appeal
    addressees: list[Addressee] = Field(min_length=1)
    election: Election
    parties: list[Party] = Field(min_length=2)
    contests: list[Contest] = Field(min_length=1)
    comparison: Comparison | None = Field(
        None,
        description="Two contests held the same day compared party by party; none for an "
        "election of one contest (a Kurultai election held alone).",
    )
    allocation: Allocation = Allocation()
    funding: Funding | None = None
    protocols: str | None = Field(
        None, description="Protocol table; defaults to protocols.csv or protocols.xlsx."
    )
    official_results: OfficialResults | None = Field(
        None, description="Official figures per station, compared with the copies."
    )
    copies: Copies | None = Field(
        None, description="The copies themselves; by default the folder copies/ when it exists."
    )
    legal_articles: list[Text] | None = None
    requests: list[Text] | None = None
    narrative: Narrative = Narrative()
    earlier_steps: list[EarlierStep] = []
    request_all_protocols: bool = Field(
        False,
        description="Ask the addressee to obtain copies of the protocols of every station "
        "when the observers' copies cover only some.",
    )
    attachments: list[Attachment] = []
    protocol_texts: dict[str, dict[Literal["ru", "kk"], Annotated[str, Field(min_length=1)]]] = (
        Field(
            {},
            description="The words of the protocol table (districts, kinds of station, sources) in "
            "each language, by the table's own text, e.g. Ауэзовский: {kk: Әуезов}.",
        )
    )

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        return next(p for p in self.parties if p.id == party_id)

    def label(self, contest_id: str) -> str:
        """The short title of a contest for table headers."""
        contest = self.contest(contest_id)
        return contest.short_title or contest.title

    def contest(self, contest_id: str) -> Contest:
        """The contest with this id."""
        return next(c for c in self.contests if c.id == contest_id)

    def compared(self) -> tuple[str, str] | None:
        """The ids of the two contests compared (first, second); None without a comparison."""
        return None if self.comparison is None else (self.comparison.first, self.comparison.second)

    def contested(self) -> Contest:
        """The contest whose decision a claim or complaint contests: the last compared contest
        naming its commission (decided_by), else the last compared one (the only one of a case
        without a comparison)."""
        ids = self.compared() or (self.contests[0].id,)
        compared = [c for c in self.contests if c.id in ids] or [self.contests[0]]
        return next((c for c in reversed(compared) if c.decided_by), compared[-1])

    def concerned(self) -> tuple[str, ...]:
        """The contests the appeal is about: the two compared, else every contest of the case."""
        return self.compared() or tuple(c.id for c in self.contests)
