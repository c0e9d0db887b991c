"""Checks that span several fields of case.yaml, or case.yaml and the reference tables."""

from __future__ import annotations

import datetime
import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from babel.dates import get_month_names

from ..errors import Problem, Severity
from ..grammar import infer_sex
from ..i18n import current_language, date_text, document_text_language
from ..i18n import gettext as _
from .ballot_lines import table_line_problems
from .case_forms import missing_case_forms
from .election_checks import (
    against_all_warnings,
    articles_missing,
    maslikhat_seat_warnings,
    not_on_record_message,
)
from .election_day_law import ceased_body_warnings, threshold_warnings
from .funding_checks import funding_errors, funding_warnings
from .funding_year import funding_year_warnings
from .language_checks import (
    authorities_without_sent_to,
    authority_texts,
    kazakh_without_kazakh_letters,
)
from .law import LawVersion, cited, date_for, in_force, seat_rule, term_rule
from .messages import without_tags
from .placeholders import placeholder_problems
from .protocols import ProtocolSet
from .reference import Reference
from .requisites import birth_warnings, iin_warnings, standing_warnings
from .route_checks import route_errors, route_warnings
from .routes import blank_warnings, routes
from .schema import Applicant, Case, Contest
from .texts import for_reader
from .time_limit import time_limit
from .time_limit_text import law_text, missing_decision_message
from .unverified import letter_warnings
from .yamlfile import YamlDocument, dotted_path


@dataclass(frozen=True)
class Context:
    """What the checks look at: the case model, the reference tables, the folder, the protocols."""

    case: Case
    reference: Reference
    folder: Path
    protocols: ProtocolSet
    official: ProtocolSet | None = None


Found = Iterator[tuple[tuple[str | int, ...], str]]


def cross_check(context: Context, doc: YamlDocument) -> list[Problem]:
    """Every inconsistency between parts of the case, the reference data and the protocols."""
    checks = (_parties, _contests, _comparison, _funding, _addressees, _attachments, _stations)
    errors = [doc.problem(where, message) for check in checks for where, message in check(context)]
    errors += [doc.problem(where, message) for where, message in _dates_and_standing(context)]
    errors += [doc.problem(w, m) for w, m in route_errors(context.case, context.reference)]
    errors += [doc.problem(w, m) for w, m in funding_errors(context.case, context.reference)]
    tables = table_line_problems(
        context.case, context.reference.law, (context.protocols, context.official)
    )
    errors += [p for p in tables if p.severity is Severity.ERROR]
    # Without decided_by a claim names its defendant only generically, and before the claim's
    # code was in force it is the wrong instrument: a real case cannot be filed so; an
    # illustrative one is told.
    contested = [
        doc.problem(where, message)
        for check in (_contested_decision, _claim_in_force)
        for where, message in check(context)
    ]
    if context.case.illustrative:
        contested = [replace(p, severity=Severity.WARNING) for p in contested]
    errors += [p for p in contested if p.severity is Severity.ERROR]
    placeholders = placeholder_problems(doc, context.case.illustrative)
    errors += [p for p in placeholders if p.severity is Severity.ERROR]
    # A time limit passed comes first of the warnings of a usable case (a refused case lists its
    # problems in reading order): the instrument may be returned for it.
    warnings = [
        doc.problem(where, message, severity=Severity.WARNING)
        for check in (_limit_passed, _decision_date_missing)
        for where, message in check(context)
    ]
    warnings += [p for p in contested if p.severity is Severity.WARNING]
    warnings += [p for p in placeholders if p.severity is Severity.WARNING]
    warnings += [
        doc.problem(where, message, severity=Severity.WARNING)
        for where, message in route_warnings(context.case, context.reference)
    ]
    warnings += [
        doc.problem(where, message, severity=Severity.WARNING)
        for check in (
            _applicant_sex,
            _ceased_body,
            _threshold,
            _election_rules,
            _funding_year,
            _applicant_iin,
            _applicant_birth,
            _applicant_standing,
            _claim_without_right,
        )
        for where, message in check(context)
    ]
    warnings += [
        doc.problem(where, message, severity=Severity.WARNING)
        for where, message in missing_case_forms(context.case, context.reference.territories)
    ]
    warnings += [
        doc.problem(where, message, severity=Severity.WARNING)
        for where, message in funding_warnings(context.case, context.reference)
    ]
    warnings += [p for p in tables if p.severity is Severity.WARNING]
    languages = context.case.languages or [context.case.language]
    warnings += authority_texts(context.case, context.reference, languages, doc)
    warnings += authorities_without_sent_to(context.case, context.reference, doc)
    warnings += [
        doc.problem(where, message, severity=Severity.WARNING)
        for where, message in kazakh_without_kazakh_letters(context.case)
    ]
    citations = [
        doc.problem(where, message, severity=Severity.WARNING)
        for where, message in _law_not_on_record(context)
    ]
    citations += [
        UnverifiedCitation(*astuple(doc.problem(where, message, severity=Severity.WARNING)))
        for where, message in _unverified_letters(context)
    ]
    return errors + citations + warnings


class UnverifiedCitation(Problem):
    """A warning that a letter cites provisions not checked against the official text, as
    `check` sees it before the build; the build says instead what each document prints."""


def repeated_by_build(problems: list[Problem]) -> list[Problem]:
    """The case's warnings as a build repeats them: without `check`'s warnings about the
    letters' unverified citations, since the build names those each document prints."""
    return [p for p in problems if not isinstance(p, UnverifiedCitation)]


@dataclass(frozen=True)
class Citation:
    """A provision the appeal cites: the version in force on its day (None: none on record)."""

    key: str
    day: datetime.date
    version: LawVersion | None


def law_source() -> Path:
    """The law file the citations come from, where the tool is installed."""
    from ..resources import reference_dir

    return reference_dir() / "law.yaml"


def citations(case: Case, reference: Reference) -> list[Citation]:
    """Every provision the appeal of a case cites, in the order the appeal cites them."""
    kinds = {
        reference.authorities[a.id].kind for a in case.addressees if a.id in reference.authorities
    }
    found = []
    funding = case.funding is not None
    for key in cited(kinds, _seats(case), funding, seat_rule(case), term_rule(case)):
        day = date_for(key, case.election.date, case.appeal.date)
        found.append(Citation(key, day, in_force(reference.law, key, day)))
    return found


def _label(contest: Contest) -> str:
    """A contest as a message names it: its short title, else its title (not its id)."""
    return for_reader(contest.short_title or contest.title)


def contest_names(case: Case) -> dict[str, str]:
    """Each contest's name in messages, by id: what the user calls it, not the id."""
    return {contest.id: _label(contest) for contest in case.contests}


def _duplicates(values: list[object]) -> set[object]:
    return {value for value, n in Counter(values).items() if n > 1}


def _parties(context: Context) -> Found:
    case = context.case
    repeated_ids = _duplicates([p.id for p in case.parties])
    repeated_order = _duplicates([p.registered for p in case.parties])
    for i, party in enumerate(case.parties):
        if party.id in repeated_ids:
            yield ("parties", i, "id"), _('the party id "{id}" is used twice').format(id=party.id)
        if party.registered in repeated_order:
            message = _("two parties share registration order {order}; each needs its own").format(
                order=party.registered
            )
            yield ("parties", i, "registered"), message


def _contests(context: Context) -> Found:
    case = context.case
    party_ids = [p.id for p in case.parties]
    for cid in _duplicates([c.id for c in case.contests]):
        yield ("contests",), _('the contest id "{id}" is used twice').format(id=cid)
    for i, contest in enumerate(case.contests):
        yield from _known_parties(("contests", i, "votes"), list(contest.votes), party_ids)
        for party in case.parties:
            if party.id not in contest.votes:
                message = _(
                    "the official votes of {name} are missing: add {party}: <votes> to the votes "
                    'of "{contest}", as in the published result'
                )
                yield (
                    ("contests", i, "votes"),
                    message.format(
                        name=for_reader(party.short_name or party.name),
                        party=party.id,
                        contest=_label(contest),
                    ),
                )
        if contest.votes and not any(contest.votes.values()):
            # No published result gives every list nothing: these are placeholders, and the
            # shares and seats computed from them would divide by zero.
            message = _(
                'every party has 0 votes in the official result of "{contest}"; copy the votes '
                "of each party from the published result"
            )
            yield ("contests", i, "votes"), message.format(contest=_label(contest))
        if contest.seats_awarded is None:
            continue
        where = ("contests", i, "seats_awarded")
        yield from _known_parties(where, list(contest.seats_awarded), party_ids)
        awarded = sum(contest.seats_awarded.values())
        if contest.seats is None:
            yield ("contests", i), _("seats_awarded is given, so seats (the total) is needed too")
        elif awarded != contest.seats:
            message = _("the awarded seats add up to {awarded}, but seats says {seats}")
            yield where, message.format(awarded=awarded, seats=contest.seats)


def _known_parties(where: tuple[str | int, ...], used: list[str], party_ids: list[str]) -> Found:
    for party_id in used:
        if party_id not in party_ids:
            message = _('"{party}" is not a party of this case (parties: {parties})').format(
                party=party_id, parties=", ".join(party_ids)
            )
            yield (*where, party_id), message


def _contest_ref(where: tuple[str | int, ...], contest_id: str, case: Case) -> Found:
    ids = [c.id for c in case.contests]
    if contest_id not in ids:
        message = _('"{contest}" is not a contest of this case (contests: {contests})')
        yield where, message.format(contest=contest_id, contests=", ".join(ids))


def _comparison(context: Context) -> Found:
    case = context.case
    if case.comparison is not None:
        yield from _contest_ref(("comparison", "first"), case.comparison.first, case)
        yield from _contest_ref(("comparison", "second"), case.comparison.second, case)
        if case.comparison.first == case.comparison.second:
            yield ("comparison",), _("first and second must be two different contests")
    elif len(case.contests) > 1:
        message = _(
            "the case has {n} contests: name the two the appeal compares in comparison "
            "(first, second), or keep only the contest of the appeal"
        )
        yield ("comparison",), message.format(n=len(case.contests))
    if case.allocation.base == "turnout":
        yield from _turnout_base(case)


def _turnout_base(case: Case) -> Found:
    """The turnout each compared contest's shares are taken of: given, and not below the votes
    it must hold (the seats would be allocated on more than everyone)."""
    for i, contest in enumerate(case.contests):
        if contest.id not in case.concerned():
            continue
        cast = sum(contest.votes.values()) + (contest.against_all or 0)
        if not contest.turnout:
            message = _("allocation.base is turnout, so the turnout of this contest is needed")
            yield ("contests", i, "turnout"), message
        elif contest.turnout < cast and _seats(case):
            message = _(
                'allocation.base is turnout, but the turnout of "{contest}" ({turnout}) is '
                "smaller than the votes for the lists and against all ({cast}); check both "
                "figures against the published result, or set allocation.base: valid"
            )
            yield (
                ("contests", i, "turnout"),
                message.format(contest=_label(contest), turnout=contest.turnout, cast=cast),
            )


def _funding(context: Context) -> Found:
    case, reference = context.case, context.reference
    if case.funding is None:
        return
    yield from _contest_ref(("funding", "contest"), case.funding.contest, case)
    compared = case.compared()
    if compared is not None and case.funding.contest not in compared:
        yield ("funding", "contest"), _("must be one of the two compared contests")
    party_ids = [p.id for p in case.parties]
    yield from _known_parties(
        ("funding", "funded_parties"), case.funding.funded_parties or [], party_ids
    )
    year = case.funding.year or case.election.date.year
    if not any(w.year == year for w in reference.wages):
        known = (
            f"{reference.wages[0].year}–{reference.wages[-1].year}"
            if reference.wages
            else _("none")
        )
        message = _("data/reference/wages.csv has no МЗП and МРП for {year} (years known: {known})")
        yield ("funding",), message.format(year=year, known=known)
    elif not any(w.valid_from <= case.election.date for w in reference.wages):
        # The "especially large" amount is counted in the МРП of the election day.
        message = _(
            "data/reference/wages.csv has no МРП in force on the election day, {day}, in which "
            'the "especially large" amount is counted; add the МЗП and МРП of {year}'
        )
        day = case.election.date
        yield ("funding",), message.format(day=date_text(day), year=day.year)
    rules = reference.funding.vote_value
    if not any(r.from_year <= year and (r.to_year is None or year <= r.to_year) for r in rules):
        message = _("data/reference/funding.yaml has no funding rule for {year}")
        yield ("funding",), message.format(year=year)


def _funding_year(context: Context) -> Found:
    """The votes of the election priced by the rates of another year (funding.year)."""
    for message in funding_year_warnings(context.case, context.reference):
        yield ("funding", "year"), message


def _addressees(context: Context) -> Found:
    case, reference = context.case, context.reference
    known = ", ".join(reference.authorities)
    repeated = _duplicates([a.id for a in case.addressees])
    for i, addressee in enumerate(case.addressees):
        if addressee.id not in reference.authorities:
            message = _('"{id}" is not in data/reference/authorities.yaml (known: {known})')
            message = message.format(id=addressee.id, known=known)
            like = difflib.get_close_matches(addressee.id, list(reference.authorities), 1, 0.75)
            if like:
                message += "; " + _('if "{known}" is meant, correct the id').format(known=like[0])
            yield ("addressees", i, "id"), message
        if addressee.id in repeated:
            yield ("addressees", i, "id"), _('"{id}" is listed twice').format(id=addressee.id)
    for i, addressee in enumerate(case.addressees):
        authority = reference.authorities.get(addressee.id)
        if addressee.role == "cc" and authority is not None and authority.kind == "court":
            message = _(
                '"{id}" is a court: a claim is filed to a court alone, not sent as a copy; '
                "make it the addressee (role: to) of a case of its own, or remove it"
            )
            yield ("addressees", i, "role"), message.format(id=for_reader(authority.name))
    main = [a for a in case.addressees if a.role == "to"]
    if len(main) != 1:
        message = _(
            "exactly one addressee must have role: to (found {n}); the others are cc"
        ).format(n=len(main))
        yield ("addressees",), message


def _attachments(context: Context) -> Found:
    case, folder = context.case, context.folder
    for i, attachment in enumerate(case.attachments):
        where = ("attachments", i)
        if attachment.file is None:
            if attachment.sheets is None:
                message = _("give file (a document to attach) or sheets (pages of a paper copy)")
                yield where, message
        elif not (folder / attachment.file).is_file():
            message = _('the file "{name}" is not in the case folder')
            yield (*where, "file"), message.format(name=attachment.file)
        elif attachment.sheets is None and not attachment.file.lower().endswith(".pdf"):
            message = _(
                "only the pages of a PDF file are counted; give sheets (its number of pages)"
            )
            yield (*where, "file"), message


def _stations(context: Context) -> Found:
    stations, territory = len(context.protocols.stations()), context.case.election.stations
    if stations > territory:
        message = _("the protocols cover {n} stations, more than the {total} it has")
        yield ("election", "stations"), message.format(n=stations, total=territory)


def _seats(case: Case) -> bool:
    return any(c.seats for c in case.contests if c.id in case.concerned())


def _law_not_on_record(context: Context) -> Found:
    """Each provision a real case's appeal would cite that has no version in force on its day
    (an illustrative case cannot be filed, so it is spared the law's warnings)."""
    case, reference = context.case, context.reference
    if case.illustrative:
        return
    found = citations(case, reference)
    for citation in found:
        if citation.version is None:
            versions = reference.law.get(citation.key, [])
            yield ("addressees",), not_on_record_message(citation.key, citation.day, versions)
    for message in articles_missing(c.version for c in found):
        yield ("addressees",), message


def _election_rules(context: Context) -> Found:
    """The contests against the ballots and the seats of their election day."""
    yield from against_all_warnings(context.case, context.reference)
    yield from maslikhat_seat_warnings(context.case, context.reference)


def _blanks(context: Context) -> list[tuple[str, str]]:
    """Every bracketed blank of the letters, with its warning (the build says it of each letter
    too)."""
    # A court in copy is refused (_addressees): no claim is written to it.
    in_copy = {a.id for a in context.case.addressees if a.role != "to"}
    written_to = [
        head
        for head, _copies in routes(context.case, context.reference)
        if not (head in in_copy and context.reference.authorities[head].kind == "court")
    ]
    return blank_warnings(context.case, context.reference, document_text_language(), written_to)


def _claim_without_right(context: Context) -> Found:
    """A claim that cannot say which right of the claimant the decision violates, told at the
    standing (the reasons of a missed time limit are the limit's warning: _limit_passed)."""
    # Without a status, _standing asks for one first.
    if getattr(context.case.applicant, "status", None) is None:
        return
    for blank, message in _blanks(context):
        if blank == "claimant_right":
            yield ("applicant", "status", "kind"), message


def _unverified_letters(context: Context) -> Found:
    """For each letter of a real case, the citations it makes that were not read in the
    official text."""
    case, reference = context.case, context.reference
    if case.illustrative:
        return
    for index, message in letter_warnings(case, reference, _seats(case), context.folder):
        yield ("addressees", index, "id"), message


def _threshold(context: Context) -> Found:
    """The case's threshold against the law's for the election day."""
    yield from threshold_warnings(context.case, context.reference)


def _ceased_body(context: Context) -> Found:
    """A contest for a body that had ceased by the election day."""
    yield from ceased_body_warnings(context.case, context.reference)


def _applicant_iin(context: Context) -> Found:
    """A real appeal without the applicant's ИИН, which the law on appeals asks for."""
    for message in iin_warnings(context.case, context.reference):
        yield ("applicant",), message


def _applicant_birth(context: Context) -> Found:
    """A real claim without the claimant's date or place of birth, which art. 131 asks for."""
    for field, message in birth_warnings(context.case, context.reference):
        yield ("applicant", field), message


def _applicant_standing(context: Context) -> Found:
    """A real case's candidate whose party list is not named."""
    for message in standing_warnings(context.case):
        yield ("applicant", "status"), message


def readable_protocols(folder: Path) -> ProtocolSet:
    """The protocol table of a case folder, read as far as it can be whatever else is wrong
    with the case: its control ratios are worth reading while the errors are being fixed."""
    from ..errors import CaseError
    from .load import CASE_FILE, _load_protocols
    from .paths import PathRefused, case_path
    from .yamlfile import read_yaml

    try:
        doc = read_yaml(case_path(folder, CASE_FILE), str(folder / CASE_FILE))
    except (CaseError, PathRefused, OSError):
        return ProtocolSet("", [])
    if not isinstance(doc.data, dict):
        return ProtocolSet("", [])
    return _load_protocols(folder, doc, [])


def readable_contest_names(folder: Path) -> dict[str, str]:
    """The contests' names by id as a message names them, read from a case.yaml the model
    refused: each contest whose id and title (or short title) can be read; others keep ids."""
    from ..errors import CaseError
    from .load import CASE_FILE
    from .paths import PathRefused, case_path
    from .yamlfile import read_yaml

    try:
        doc = read_yaml(case_path(folder, CASE_FILE), str(folder / CASE_FILE))
    except (CaseError, PathRefused, OSError):
        return {}
    return contest_names_in(doc.data)


def contest_names_in(data: object) -> dict[str, str]:
    """The contests' names by id in the data of a case.yaml, read as far as they can be."""
    contests = data.get("contests") if isinstance(data, dict) else None
    names = {}
    for contest in contests if isinstance(contests, list) else []:
        if not isinstance(contest, dict) or not isinstance(contest.get("id"), str):
            continue
        name = _readable_text(contest.get("short_title")) or _readable_text(contest.get("title"))
        if name:
            names[contest["id"]] = name
    return names


def _readable_text(value: object) -> str | None:
    """A text as typed: a string, or the text in the interface language (else the first) of a
    mapping of languages; None when it is neither."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        own = _readable_text(value.get(current_language()))
        return own or next(filter(None, map(_readable_text, value.values())), None)
    return None


# --- Dates that cannot be, and the applicant's standing -----------------------------------


def _dates_and_standing(context: Context) -> Found:
    yield from _impossible_dates(context)
    yield from _standing(context)


def _impossible_dates(context: Context) -> Found:
    """An appeal before the election or before a document it cites; a step after the appeal."""
    case = context.case
    appeal, election = case.appeal.date, case.election.date
    if appeal < election:
        message = _("the appeal is dated {appeal}, before the election of {election}")
        yield (
            ("appeal", "date"),
            message.format(appeal=date_text(appeal), election=date_text(election)),
        )
    for i, step in enumerate(case.earlier_steps):
        if step.date > appeal:
            message = _(
                "this step is dated {step}, after the appeal of {appeal}; an appeal tells only "
                "of what came before it"
            )
            yield (
                ("earlier_steps", i, "date"),
                message.format(step=date_text(step.date), appeal=date_text(appeal)),
            )
    for i, contest in enumerate(case.contests):
        field = "source_date" if contest.source_date else "source"
        dated = contest.source_date or written_date(contest.source)
        if dated is not None and dated > appeal:
            message = _(
                "the appeal of {appeal} cites this document of {date}, which it cannot precede"
            )
            yield (
                ("contests", i, field),
                message.format(appeal=date_text(appeal), date=date_text(dated)),
            )
        # Only a date given as such: one read from the text may be another act's it mentions.
        if contest.source_date is not None and contest.source_date < election:
            message = _("the result is dated {date}, before the election of {election}")
            yield (
                ("contests", i, "source_date"),
                message.format(date=date_text(contest.source_date), election=date_text(election)),
            )


# Month names in the genitive of a written date («12 января 2021», «2021 жылғы 12 қаңтар»).
_MONTHS_RU = list(get_month_names("wide", "format", "ru").values())
_MONTHS_KK = list(get_month_names("wide", "format", "kk").values())
_RU_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS_RU) + r")\s+(\d{4})", re.IGNORECASE)
_KK_DATE = re.compile(
    r"\b(\d{4})\s+жылғы\s+(\d{1,2})\s+(" + "|".join(_MONTHS_KK) + ")", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def written_date(text: str) -> datetime.date | None:
    """The first date written in a document's description («от 12 января 2021 года»,
    «2021 жылғы 12 қаңтардағы», 12.01.2021); None if there is none or it cannot be a day."""
    found: list[tuple[int, tuple[int, int, int]]] = []
    if match := _RU_DATE.search(text):
        month = _MONTHS_RU.index(match[2].lower()) + 1
        found.append((match.start(), (int(match[3]), month, int(match[1]))))
    if match := _KK_DATE.search(text):
        month = _MONTHS_KK.index(match[3].lower()) + 1
        found.append((match.start(), (int(match[1]), month, int(match[2]))))
    if match := _NUMERIC_DATE.search(text):
        found.append((match.start(), (int(match[3]), int(match[2]), int(match[1]))))
    if not found:
        return None
    year, month, day = min(found)[1]
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# Kinds of authority that decide on a claim or complaint only from someone with standing.
STANDING_NEEDED = ("court", "election_commission")


def _standing(context: Context) -> Found:
    """A court or an election commission hears a voter, an observer, a candidate or a party:
    a real case's applicant status must say which; a party or contest it names must be the
    case's."""
    case, authorities = context.case, context.reference.authorities
    if _stand_in(case):
        return
    status = getattr(case.applicant, "status", None)
    kinds = {authorities[a.id].kind for a in case.addressees if a.id in authorities}
    needing = sorted(kinds.intersection(STANDING_NEEDED))
    # An illustrative case cannot be filed: like the ИИН, its standing is asked of a real one.
    if status is None and needing and not case.illustrative:
        message = _(
            "a court or an election commission is addressed, so say who the applicant is in "
            "the election: status with kind voter, observer, candidate or party_representative"
        )
        yield ("applicant", "status"), message
    if status is None:
        return
    party_ids = [p.id for p in case.parties]
    if status.party is not None and status.party not in party_ids:
        yield from _known_parties(("applicant", "status", "party"), [status.party], party_ids)
    if status.contest is not None:
        yield from _contest_ref(("applicant", "status", "contest"), status.contest, case)


def _applicant_sex(context: Context) -> Found:
    """The sex chooses the forms of a Russian document; given, it must not contradict the
    patronymic. An illustrative case with a placeholder name is spared."""
    case = context.case
    applicant = case.applicant
    if case.illustrative or not isinstance(applicant, Applicant) or _stand_in(case):
        return
    shown = infer_sex(applicant.full_name)
    russian = "ru" in (case.languages or [case.language])
    if applicant.sex is None and shown is None and russian:
        message = _(
            "give sex: male or female; the name does not show it, and the Russian documents "
            "need it to write «проживающего» or «проживающей»"
        )
        yield ("applicant", "sex"), message
    elif applicant.sex == "female" and shown == "male":
        yield ("applicant", "sex"), _("sex is female, but the patronymic in full_name is a man's")
    elif applicant.sex == "male" and shown == "female":
        yield ("applicant", "sex"), _("sex is male, but the patronymic in full_name is a woman's")


def _stand_in(case: Case) -> bool:
    """The applicant load.py stands in for one whose own problems are already reported."""
    return getattr(case.applicant, "full_name", None) == "-"


def _claim_in_force(context: Context) -> Found:
    """A court hears an administrative claim (the Administrative Procedural Code's, whose
    requisites the tool writes) only from the day that code took effect: an appeal to a court
    dated earlier would be the wrong instrument."""
    case, authorities = context.case, context.reference.authorities
    day, versions = case.appeal.date, context.reference.law.get("claim_requisites", [])
    if not versions or in_force(context.reference.law, "claim_requisites", day) is not None:
        return
    # The day the code took effect, and its citation: the earliest version with a first day.
    dated = [(v.valid_from, v) for v in versions if v.valid_from is not None]
    since, first = min(dated, key=lambda pair: pair[0]) if dated else (None, None)
    for i, addressee in enumerate(case.addressees):
        authority = authorities.get(addressee.id)
        if authority is not None and authority.kind == "court":
            message = _(
                '"{id}" is a court: the tool writes an administrative claim, which a court hears '
                "from {since} ({law}); this appeal is dated {day}: a claim of that time was "
                "written under another code, which the tool does not write"
            ).format(
                id=for_reader(authority.name),
                since=date_text(since) if since else "—",
                law=law_text(first) if first else "—",
                day=date_text(day),
            )
            yield ("addressees", i, "id"), message


def _contested_decision(context: Context) -> Found:
    """A claim or a complaint names whose decision it contests: a case addressed to a court or
    a commission hears of a compared contest without decided_by (the claim's defendant, the
    complaint's lower commission)."""
    case, authorities = context.case, context.reference.authorities
    kinds = {authorities[a.id].kind for a in case.addressees if a.id in authorities}
    if not kinds.intersection(STANDING_NEEDED):
        return
    # Only the contest the instrument contests needs its commission: another compared contest
    # (the Mazhilis beside a contested maslikhat) is evidence, not a decision under appeal.
    contested = case.contested()
    if contested.decided_by is None:
        message = _(
            "a court or an election commission is addressed: give decided_by, the commission "
            "that established this result, whose decision the claim or complaint contests"
        )
        where = next(i for i, c in enumerate(case.contests) if c is contested)
        yield ("contests", where, "decided_by"), message


def _limit_passed(context: Context) -> Found:
    """Each letter (a claim or a complaint) dated after its time limit: the one message that
    says when the limit ended, what the addressee may do, and the motion's blank to fill in
    (routes.py blank_warnings, which the build repeats). Real or illustrative alike, a warning:
    whether the reasons suffice is for the court or the commission."""
    for blank, message in _blanks(context):
        if blank == "restore_reasons":
            yield ("appeal", "date"), message


def _decision_date_missing(context: Context) -> Found:
    """Each letter whose time limit counts from the decision on the result (a claim, a
    complaint) while no compared contest gives the decision's date: told at the contested
    contest, with the date its source names, if any."""
    case, reference = context.case, context.reference
    contested = case.contested()
    index = next(i for i, c in enumerate(case.contests) if c is contested)
    written = written_date(for_reader(contested.source))
    if written is not None and not case.election.date <= written <= case.appeal.date:
        written = None  # another act's date, or one the decision cannot have
    names = reference.authority_names(document_text_language())
    for head, _copies in routes(case, reference):
        kind = reference.authorities[head].kind
        limit = time_limit(case, reference.law, head, kind, "to")
        if limit.counted_from == "decision" and limit.start_source == "election":
            message = missing_decision_message(limit, names.get(head, head), written)
            yield ("contests", index, "source_date"), message


# --- The cross-checks of a case.yaml the model refused -------------------------------------

# Rounds of leaving out unreadable values before giving up: each round leaves out what the
# model refused, and a value left out can only make a field missing, refused at the next round.
_READABLE_ROUNDS = 3
_PLACE = re.compile(r"line \d+, (.+)", re.DOTALL)


def readable_cross_check(
    doc: YamlDocument,
    data: dict[str, object],
    reference: Reference,
    folder: Path,
    protocols: ProtocolSet,
) -> list[Problem]:
    """The cross-checks of a case whose case.yaml the model refused, run on what could be read:
    the values refused (a vote count of «12 5») are left out where the case can do without them
    (an entry of a mapping), and what the checks find at or around them is dropped, since it is
    already reported. Only the placeholders if the case cannot be read without a refused value
    (a required field, an item of a list): the other checks wait for the fix."""
    found = _readable_checks(doc, data, reference, folder, protocols)
    if found is None:
        return placeholder_problems(doc, data.get("illustrative") is True)
    return found


def _readable_checks(
    doc: YamlDocument,
    data: dict[str, object],
    reference: Reference,
    folder: Path,
    protocols: ProtocolSet,
) -> list[Problem] | None:
    import copy

    from pydantic import ValidationError

    readable = copy.deepcopy(data)
    left_out: list[tuple[str | int, ...]] = []
    for _round in range(_READABLE_ROUNDS):
        try:
            case = Case.model_validate(readable)
        except ValidationError as exc:
            refused = [without_tags(Case, error["loc"]) for error in exc.errors()]
            if not all(_leave_out(readable, loc) for loc in refused):
                return None
            left_out += refused
            continue
        found = cross_check(Context(case, reference, folder, protocols), doc)
        paths = [dotted_path(loc) for loc in left_out]
        return [p for p in found if not _near(_field_of(p), paths)]
    return None


def _leave_out(data: object, location: tuple[str | int, ...]) -> bool:
    """Remove the entry at `location` from its mapping; False if it is not a mapping's entry."""
    if not location or isinstance(location[-1], int):
        return False
    parent = data
    for part in location[:-1]:
        if not _holds(parent, part):
            return False
        parent = parent[part]  # type: ignore[index]
    if not isinstance(parent, dict) or location[-1] not in parent:
        return False
    del parent[location[-1]]
    return True


def _holds(container: object, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _field_of(problem: Problem) -> str:
    found = _PLACE.fullmatch(problem.where)
    return found[1] if found else problem.where


def _near(field: str, left_out: list[str]) -> bool:
    """Whether a problem's field is one left out, inside one, or holds one (contests[0].votes
    holds contests[0].votes.adal); a problem of the whole case (no field) is kept."""
    if not field:
        return False
    return any(_within(field, path) or _within(path, field) for path in left_out)


def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith((f"{outer}.", f"{outer}["))
