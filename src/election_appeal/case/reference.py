"""Reference tables shared by all cases: authorities, wages and МРП by year, funding rules, the
law, and the Russian case forms of some territories."""

from __future__ import annotations

import datetime
import hashlib
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import CaseError, Problem
from ..i18n import gettext as _
from .law import Law, load_law
from .messages import validate_model
from .numbers import NumberFormatError, parse_count
from .paths import YAML_MAX_BYTES, read_bytes
from .schema import OptionalText, Text
from .tables import read_table
from .texts import in_language
from .yamlfile import read_yaml


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Address(_Model):
    """A postal address; every part is None until a verified value is entered. A part in words
    may be given in each language, {ru: …, kk: …}."""

    postal_code: str | None = None
    city: OptionalText = None
    street: OptionalText = None
    building: OptionalText = None


AuthorityKind = Literal[
    "prosecutor", "anticorruption", "police", "election_commission", "court", "other"
]


class Authority(_Model):
    """An authority an appeal is addressed to, named in each language of the appeal ({ru: …,
    kk: …}; a plain string names it alike in every language); its kind decides the legal basis,
    the requests and the closing of the appeal addressed to it."""

    kind: AuthorityKind
    name: Text
    # The name as a sentence sends something to it: in Russian the accusative after «в»
    # («в Генеральную прокуратуру …»), in Kazakh the dative («…Бас прокуратурасына»). Without
    # it a document names the authority only where the nominative reads right.
    sent_to: OptionalText = None
    address: Address = Address()
    email: str | None = None


class Bilingual(_Model):
    """A title as the Russian (ru) and the Kazakh (kk) documents cite it."""

    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)


class VoteValueRule(_Model):
    """What one vote is worth per year during a period, as a share of МЗП or МРП."""

    from_year: int
    to_year: int | None = None
    base: Literal["mzp", "mrp"]
    share: Fraction
    source: Bilingual
    # The chamber whose election the rule pays parties by (case/funding_checks.py): the
    # Mazhilis's until a rule for the Kurultai is read in the official text.
    body: Literal["mazhilis", "kurultai"] = "mazhilis"

    @field_validator("share", mode="before")
    @classmethod
    def _exact_share(cls, value: object) -> Fraction:
        return Fraction(str(value).replace(",", "."))


class Threshold(_Model):
    """A money threshold of the Criminal Code, in МРП, and whether the figure was read in the
    official text (law.yaml's provision of the same source says the same)."""

    mrp: int = Field(gt=0)
    source: Bilingual
    verified: bool = False
    url: str | None = None
    note: str | None = None


class FundingRules(_Model):
    """The funding rules by period and the 'especially large amount' threshold."""

    vote_value: list[VoteValueRule] = Field(min_length=1)
    especially_large: Threshold


@dataclass(frozen=True)
class Wages:
    """МЗП and МРП in force from a date, with the act that set them."""

    year: int
    valid_from: datetime.date
    mzp: int
    mrp: int
    source: Bilingual


class TerritoryName(_Model):
    """A territory's Russian name in the nominative and in the genitive, written by hand."""

    nominative: str = Field(min_length=1)
    genitive: str = Field(min_length=1)


class Territories(_Model):
    names: list[TerritoryName]


@dataclass(frozen=True)
class Reference:
    """All reference tables, loaded and checked."""

    authorities: dict[str, Authority]
    wages: list[Wages]
    funding: FundingRules
    law: Law = field(default_factory=dict)
    territories: tuple[TerritoryName, ...] = ()

    def authority_names(self, language: str) -> dict[str, str]:
        """Each authority's name in `language` (the first name given when none is in it)."""
        return {key: in_language(a.name, language) for key, a in self.authorities.items()}


AUTHORITIES = "authorities.yaml"


# territories.yaml may be absent from a user's copy of the folder (no forms are then known).
TERRITORIES = "territories.yaml"
REFERENCE_FILES = (AUTHORITIES, "wages.csv", "funding.yaml", "law.yaml", TERRITORIES)
# The reference tables last loaded without a problem, by the content of every file they were
# read from: each check of a case reads them, the web page's after every edit, and law.yaml
# alone takes tens of milliseconds to read and validate. Looked up by content, never by a
# file's date, so a change is always read.
_LOADED: dict[tuple[object, ...], Reference] = {}
_LOADED_KEPT = 8
_LOADED_LOCK = threading.Lock()


def load_reference(folder: Path, case_folder: Path | None = None) -> Reference:
    """Load data/reference (or a user's copy), and the case folder's own authorities.yaml, which
    adds to or overrides the shipped authorities; raise CaseError listing every problem."""
    key = _content_key(folder, case_folder)
    with _LOADED_LOCK:
        kept = _LOADED.get(key) if key is not None else None
    if kept is not None:
        return kept
    reference = _load_reference(folder, case_folder)
    if key is not None:
        with _LOADED_LOCK:
            _LOADED[key] = reference
            while len(_LOADED) > _LOADED_KEPT:
                del _LOADED[next(iter(_LOADED))]
    return reference


def _content_key(folder: Path, case_folder: Path | None) -> tuple[object, ...] | None:
    """The folders and the SHA-256 of every file load_reference reads (None for a case folder's
    authorities.yaml that is absent); None when a file cannot be read within the limits: then
    it is loaded as always, and its problems reported."""
    paths = [folder / name for name in REFERENCE_FILES]
    own = case_folder / AUTHORITIES if case_folder is not None else None
    try:
        digests: list[str | None] = [
            hashlib.sha256(read_bytes(p, str(p), YAML_MAX_BYTES)).hexdigest()
            if p.name != TERRITORIES or p.is_file()
            else None
            for p in paths
        ]
        if own is not None and own.is_file():
            digests.append(hashlib.sha256(read_bytes(own, str(own), YAML_MAX_BYTES)).hexdigest())
        else:
            digests.append(None)
    except (CaseError, OSError):
        return None
    return (str(folder.resolve()), str(case_folder), *digests)


def _load_reference(folder: Path, case_folder: Path | None) -> Reference:
    problems: list[Problem] = []
    authorities = _load_authorities(folder / AUTHORITIES, problems)
    if case_folder is not None and (case_folder / AUTHORITIES).is_file():
        own = case_folder / AUTHORITIES
        authorities |= _load_authorities(own, problems, str(own))
    wages = _load_wages(folder / "wages.csv", problems)
    funding = _load_funding(folder / "funding.yaml", problems)
    law = load_law(folder / "law.yaml", problems)
    territories = _load_territories(folder / TERRITORIES, problems)
    if problems or funding is None:
        raise CaseError(problems)
    return Reference(authorities, wages, funding, law, territories)


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _load_authorities(
    path: Path, problems: list[Problem], display: str | None = None
) -> dict[str, Authority]:
    try:
        doc = read_yaml(path, display or _display(path))
    except CaseError as exc:
        problems += exc.problems
        return {}
    if not isinstance(doc.data, dict):
        message = _("must map authority ids to their names and addresses")
        problems.append(doc.problem((), message))
        return {}
    authorities = {}
    for key, value in doc.data.items():
        authority, found = validate_model(doc, Authority, value, (key,))
        problems += found
        if authority is not None:
            authorities[str(key)] = authority
    return authorities


def _load_funding(path: Path, problems: list[Problem]) -> FundingRules | None:
    try:
        doc = read_yaml(path, _display(path))
    except CaseError as exc:
        problems += exc.problems
        return None
    rules, found = validate_model(doc, FundingRules, doc.data)
    problems += found
    return rules


def _load_territories(path: Path, problems: list[Problem]) -> tuple[TerritoryName, ...]:
    if not path.is_file():
        return ()
    try:
        doc = read_yaml(path, _display(path))
    except CaseError as exc:
        problems += exc.problems
        return ()
    table, found = validate_model(doc, Territories, doc.data)
    problems += found
    return tuple(table.names) if table is not None else ()


WAGES_NUMBERS = ("year", "valid_from", "mzp", "mrp")
WAGES_SOURCES = ("source", "source_kk")  # the act that set them, in Russian and in Kazakh


def _load_wages(path: Path, problems: list[Problem]) -> list[Wages]:
    display = _display(path)
    try:
        table = read_table(path, display)
    except CaseError as exc:
        problems += exc.problems
        return []
    header = [name.lower() for name in table.header]
    missing = [c for c in (*WAGES_NUMBERS, *WAGES_SOURCES) if c not in header]
    if missing:
        message = _("missing column(s): {columns}").format(columns=", ".join(missing))
        problems.append(Problem(display, "row 1", "", message))
        return []
    wages = []
    for number, cells in table.rows:
        record = dict(zip(header, cells, strict=False))
        try:
            valid_from = datetime.date.fromisoformat(str(record["valid_from"]).strip())
            counts = [parse_count(record[c]) for c in ("year", "mzp", "mrp")]
        except (ValueError, NumberFormatError) as exc:
            message = _("cannot be read: {reason}").format(reason=exc)
            problems.append(Problem(display, f"row {number}", "", message))
            continue
        ru, kk = (str(record[c] or "").strip() for c in WAGES_SOURCES)
        if None in counts or not ru or not kk:
            message = _("year, valid_from, mzp, mrp, source and source_kk must all be filled in")
            problems.append(Problem(display, f"row {number}", "", message))
            continue
        year, mzp, mrp = (int(c) for c in counts if c is not None)
        wages.append(Wages(year, valid_from, mzp, mrp, Bilingual(ru=ru, kk=kk)))
    return sorted(wages, key=lambda w: w.valid_from)
