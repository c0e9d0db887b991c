"""What people type into the forms, read strictly: dates as written in Kazakhstan, numbers as
spreadsheets write them. A value that cannot be read gives an error code that the template words;
nothing is guessed."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from babel.dates import get_month_names
from starlette.datastructures import UploadFile

from .. import api
from ..i18n import N_

# The genitive month names of a date written in words, «5 апреля 2021 г.».
MONTHS = tuple(get_month_names("wide", "format", "ru").values())
_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})(\s*(г\.|года))?")


# Spaces that word processors and web pages put between groups of digits besides those the
# library reads (space, no-break space, narrow no-break space): a thin space, a figure space,
# a hair space. "215 430" copied from a published protocol is a number, not a blank.
_SPACES = str.maketrans({"\u2009": " ", "\u2007": " ", "\u200a": " "})


@dataclass
class Form:
    """Values read from a submitted form, the errors by field name, and the text as typed."""

    typed: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """A text field; blank gives None."""
        value = self.typed.get(name, "").strip() or None
        self.values[name] = value
        return value

    def required(self, name: str) -> str | None:
        """A text field that must be filled in."""
        value = self.text(name)
        if value is None:
            self.errors[name] = "required"
        return value

    def code(self, name: str) -> str | None:
        """A required code (of a party or a contest): lower-case Latin letters, digits and _,
        starting with a letter, as case.yaml's ids; «партия_в» is refused here, before saving."""
        value = self.required(name)
        if value is not None and not _CODE.fullmatch(value):
            self.errors[name] = "code"
        return value

    def _read(self, name: str, reader: Any, code: str) -> Any:
        raw = self.typed.get(name, "").strip().translate(_SPACES)
        try:
            value = reader(raw) if raw else None
        except ValueError:
            self.errors[name] = code
            value = None
        self.values[name] = value
        return value

    def date(self, name: str) -> datetime.date | None:
        """A date: 10.01.2021, 10 января 2021 г. or 2021-01-10."""
        return self._read(name, parse_date, "date")  # type: ignore[no-any-return]

    def count(self, name: str) -> int | None:
        """A whole number of zero or more: 43337, "43 337"."""
        return self._read(name, api.read_count, "count")  # type: ignore[no-any-return]

    def positive(self, name: str) -> int | None:
        """A whole number of one or more."""
        value = self.count(name)
        if value == 0:
            self.errors[name] = "positive"
        return value

    def share(self, name: str) -> str | None:
        """A share as typed ("7%", "0,07"), kept as text once it reads as a share below one."""
        value: Fraction | None = self._read(name, api.read_share, "share")
        if value is not None and not 0 <= value < 1:
            self.errors[name] = "share"
        typed = self.typed.get(name, "").strip()
        return typed if value is not None and name not in self.errors else None

    def iin(self, name: str) -> str | None:
        """An ИИН: twelve digits with a valid check digit, or blank."""
        value = self.text(name)
        if value is not None and api.iin_problem(value):
            self.errors[name] = "iin"
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        """One of a fixed set of values (a select box); anything else is refused."""
        value = self.text(name)
        if value is not None and value not in allowed:
            self.errors[name] = "choice"
        return value

    def checked(self, name: str) -> bool:
        """A checkbox."""
        return name in self.typed


def parse_date(text: str) -> datetime.date:
    """Read a date as people in Kazakhstan write it; ValueError if it is not one."""
    text = text.strip().lower()
    if match := _DOTTED.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _WORDS.fullmatch(text)) and match.group(2) in MONTHS:
        day, month, year = int(match.group(1)), MONTHS.index(match.group(2)) + 1, int(match[3])
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def show_date(value: object) -> str:
    """A date as the form shows it: 10.01.2021."""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def localised(value: object) -> bool:
    """Whether a value of case.yaml is a text given per language, {ru: …, kk: …}."""
    from ..api import LANGUAGES

    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGUAGES)


def first_text(value: Any) -> Any:
    """The first text of a text given per language: the one a form shows and edits."""
    return next(iter(value.values()))


def show(value: object) -> str:
    """A value as a form field shows it: blank for null."""
    if value is None:
        return ""
    if localised(value):
        return show(first_text(value))  # the form edits a text given per language in its first
    if isinstance(value, datetime.date):
        return show_date(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", " ")  # 43 337, as the published results write it
    return str(value)


# The label of each field of the case's forms, by its path in case.yaml with the indices left
# out ("contests[].turnout") and a party's id as "*": the forms show these labels, and the page
# names a field by its label wherever a problem names it. {party}: the party's short name;
# {number}: the party's place in the list.
FIELD_LABELS = {
    "election.date": N_("Election day"),
    "election.territory": N_("Territory"),
    "election.territory_genitive": N_("Territory after «на территории»"),
    "election.stations": N_("Number of polling stations in the territory"),
    "appeal.date": N_("Date of signing"),
    "appeal.place": N_("Place of signing"),
    "language": N_("Language of the documents"),
    "applicant.full_name": N_("Surname, first name, patronymic"),
    "applicant.sex": N_("Sex"),
    "applicant.iin": N_("ИИН"),
    "applicant.birth_date": N_("Date of birth"),
    "applicant.birth_place": N_("Place of birth"),
    "applicant.address": N_("Postal address for the answer"),
    "applicant.phone": N_("Phone"),
    "applicant.email": N_("E-mail"),
    "applicant": N_("Applicant"),
    "applicant.status.kind": N_("Status"),
    "applicant.status.station": N_("Number of the polling station"),
    "applicant.status.organisation": N_("Who sent the observer"),
    "applicant.status.organisation_genitive": N_("Who sent the observer, after «наблюдатель от»"),
    "applicant.status.party": N_("Party"),
    "applicant.status.contest": N_("Contest stood in"),
    "addressees": N_("Whom the appeal is sent to"),
    "addressees[].id": N_("Whom the appeal is sent to"),
    "parties[].id": N_("Code of party {number}"),
    "parties[].name": N_("Full name of party {number}"),
    "parties[].short_name": N_("Short name of party {number}"),
    "parties[].registered": N_("Order of registration of party {number}"),
    "contests[].title": N_("Title of the election"),
    "contests[].short_title": N_("Short title for tables"),
    "contests[].id": N_("Code in Latin letters"),
    "contests[].source": N_("Where the results were published"),
    "contests[].source_url": N_("Link to the document"),
    "contests[].decided_by": N_("Which commission established these results"),
    "contests[].source_date": N_("Date of the commission's decision"),
    "contests[].votes": N_("Votes for the parties"),
    "contests[].votes.*": N_("Votes for {party}"),
    "contests[].seats_awarded": N_("Seats won by the parties"),
    "contests[].seats_awarded.*": N_("Seats of {party}"),
    "contests[].against_all": N_("Against all"),
    "contests[].voters_on_list": N_("Voters on the lists"),
    "contests[].ballots_issued": N_("Ballots issued"),
    "contests[].turnout": N_("Took part in the vote"),
    "contests[].invalid": N_("Invalid ballots"),
    "contests[].seats": N_("Seats allocated"),
    "official_results": N_("Table of the official figures per station"),
    "official_results.file": N_("Table of the official figures per station"),
    "official_results.source": N_("Document the official figures per station are taken from"),
    "official_results.source_url": N_("Link to the document"),
    "comparison.first": N_("First contest"),
    "comparison.second": N_("Second contest"),
    "allocation.method": N_("Allocation method"),
    "allocation.threshold": N_("Electoral threshold"),
    "allocation.base": N_("What the threshold is a share of"),
    "allocation.min_parties": N_("Least number of parties admitted"),
    "funding.contest": N_("Which contest's votes decide the funding"),
    "funding.year": N_("Year of the computation"),
    "funding.term_years": N_("Term of office, years"),
    "funding.funded_parties": N_("Which parties receive funding"),
    "narrative.facts": N_("The facts of the case"),
    "narrative.sample": N_("About the copies of the protocols"),
    "narrative.hypothesis_1": N_("About the allocation of seats"),
    "narrative.hypothesis_2": N_("About the funding of parties"),
    "narrative.legal": N_("Legal grounds"),
    "narrative.requests": N_("Requests"),
}
_INDEX = re.compile(r"\[\d+\]")
_PER_PARTY = re.compile(r"(contests\[\]\.(?:votes|seats_awarded))\.[^.\[]+")


def label_key(name: str) -> str:
    """The key of FIELD_LABELS a field's path falls under: contests[1].votes.npk →
    contests[].votes.*."""
    return _PER_PARTY.sub(r"\1.*", _INDEX.sub("[]", name))


async def uploaded(form: Any, field: str, limit: int) -> tuple[str, bytes] | None:
    """The name and content of the file sent in `field`, read to one byte past `limit` (so that
    a larger file is known to be one); None when no file was chosen."""
    upload = form.get(field)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return upload.filename, await upload.read(limit + 1)
