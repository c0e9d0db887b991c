"""The provisions a written document cites that were not checked against the official text.

A document states its citations as certain; those of law.yaml marked `verified: false` (and
the figures they carry: a time limit's days, a threshold, the "especially large" amount) must
be read in the official text before the document is signed. The document's own text decides
what it cites: a citation counts when its words are printed in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n import current_language, document_text_language, ngettext
from ..i18n import gettext as _
from .law import LawVersion, cited, date_for, in_force, seat_rule, term_rule
from .reference import Reference
from .routes import routes
from .schema import Case
from .time_limit_text import INSTRUMENT

# Where the official texts are read.
OFFICIAL_SITE = "adilet.zan.kz"


@dataclass(frozen=True)
class Unchecked:
    """A citation a document prints that was not read in the official text."""

    key: str
    version: LawVersion
    figure: str | None  # the figure the document takes from it, as a message shows it


def unchecked_in(text: str, case: Case, reference: Reference) -> list[Unchecked]:
    """The unverified citations of law.yaml (in force on their day) printed in a document of the
    case's language, `text` its HTML, in the order of law.yaml; one citation printed for two
    provisions (article 20 for two time limits) is named once."""
    import html

    printed: dict[str, tuple[str, LawVersion]] = {}
    for key in reference.law:
        day = date_for(key, case.election.date, case.appeal.date)
        version = in_force(reference.law, key, day)
        if version is not None:
            printed.setdefault(_plain(version.citation(case.language)), (key, version))
    words = _plain(html.unescape(text))
    # The longest first, each taken out of the text once found: a citation that only stands
    # inside a longer one (the Code inside its article, «кодексі» inside «кодексінің 180-бабы»)
    # is not printed on its own.
    found: dict[str, Unchecked] = {}
    for citation in sorted(printed, key=len, reverse=True):
        if citation not in words:
            continue
        words = words.replace(citation, "\n")
        key, version = printed[citation]
        if not version.verified:
            found[key] = Unchecked(key, version, _figure(key, version, reference))
    order = list(reference.law)
    return sorted(found.values(), key=lambda item: order.index(item.key))


def _figure(key: str, version: LawVersion, reference: Reference) -> str | None:
    """The figure a document takes from a provision, which must be read with it."""
    if version.days is not None:
        return ngettext("{n} day", "{n} days", version.days).format(n=version.days)
    if key == "especially_large":
        return _("{mrp} МРП").format(mrp=_grouped(reference.funding.especially_large.mrp))
    return None


class UncheckedDocuments(str):
    """What the build says of documents stating the same unverified law as certain, knowing
    those documents (file stem and the kind of authority it is addressed to) and provisions:
    a build in several languages names the documents of all of them in one message
    (said_once)."""

    documents: tuple[tuple[str, str | None], ...]
    found: tuple[Unchecked, ...]


def unchecked_message(
    documents: list[str],
    found: list[Unchecked],
    kinds: list[str | None] | None = None,
) -> UncheckedDocuments:
    """What the build says of documents (file stems: appeal, appeal--police.kk) that state the
    same unverified law as certain; `kinds`, the kind of authority each is addressed to,
    names each as the user knows it (an appeal, a complaint)."""
    named = tuple(zip(documents, kinds or [None] * len(documents), strict=True))
    return _unchecked(named, found)


def _unchecked(
    documents: tuple[tuple[str, str | None], ...], found: list[Unchecked]
) -> UncheckedDocuments:
    said = UncheckedDocuments(_unchecked_text(documents_named(documents), found))
    said.documents, said.found = documents, tuple(found)
    return said


def documents_named(documents: tuple[tuple[str, str | None], ...]) -> str:
    """The documents as the user sees them: the document (appeal, complaint) in the interface
    language, then its files, «заявление (appeal.pdf, appeal.kk.pdf)»; a document of an unknown
    kind by its files alone."""
    files: dict[str | None, list[str]] = {}
    for stem, kind in documents:
        files.setdefault(kind if kind in INSTRUMENT else None, []).append(f"{stem}.pdf")
    return "; ".join(
        f"{_(INSTRUMENT[kind])} ({', '.join(names)})" if kind else ", ".join(names)
        for kind, names in files.items()
    )


def said_once(warnings: list[str]) -> list[str]:
    """The warnings with those of unchecked law about the same provisions (in documents of
    several languages: appeal, appeal.kk) made one, naming all their documents, where the
    first of them stood."""
    merged: dict[tuple[str, ...], UncheckedDocuments] = {}
    for warning in warnings:
        if isinstance(warning, UncheckedDocuments):
            keys = tuple(item.key for item in warning.found)
            first = merged.get(keys)
            documents = (*first.documents, *warning.documents) if first else warning.documents
            merged[keys] = _unchecked(documents, list(warning.found))
    said: list[str] = []
    for warning in warnings:
        if not isinstance(warning, UncheckedDocuments):
            said.append(warning)
        elif (keys := tuple(item.key for item in warning.found)) in merged:
            said.append(merged.pop(keys))
    return said


def _unchecked_text(documents: str, found: list[Unchecked]) -> str:
    listed = "; ".join(_listed(item) for item in found)
    return ngettext(
        "{documents}: {n} provision stated as certain was not checked against the official "
        "text: {provisions}; read it on {site} before signing and correct the text if it "
        "differs",
        "{documents}: {n} provisions stated as certain were not checked against the official "
        "text: {provisions}; read them on {site} before signing and correct the text where "
        "they differ",
        len(found),
    ).format(documents=documents, n=len(found), provisions=listed, site=OFFICIAL_SITE)


def _plain(text: str) -> str:
    """The words of a text with its spacing made plain: the documents keep numbers with their
    signs and dates whole by no-break spaces, break lines anywhere, and may hyphenate."""
    return " ".join(text.replace("\u00ad", "").split())


def _grouped(number: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=current_language()).replace("\u00a0", " ")


# --- What `check` can say before anything is written ----------------------------------------

# Pleaded by the default list of offences, which `legal_articles` of a case replaces.
DEFAULT_OFFENCES = ("election_fraud", "fraud_especially_large")
# Cited only when the analysis finds a party whose own yearly overpayment is above the amount.
IF_OVER_THRESHOLD = "fraud_especially_large"


def letter_plan(case: Case, reference: Reference) -> list[tuple[int, str]]:
    """The letters a build writes (case/routes.py), as (the index of its addressee in
    case.yaml, its kind)."""
    index = {a.id: i for i, a in enumerate(case.addressees)}
    return [(index[head], reference.authorities[head].kind) for head, _ in routes(case, reference)]


def letter_warnings(
    case: Case, reference: Reference, seats: bool, folder: Path
) -> list[tuple[int, str]]:
    """For each letter a build writes, the unverified provisions it cites, as (the index of its
    addressee, the message): what `check` says before anything is written. Letters citing the
    same provisions (the police and the agency) are named in one warning."""
    names = reference.authority_names(document_text_language())
    grouped: dict[tuple[str, ...], tuple[list[int], list[Unchecked]]] = {}
    for index, kind in letter_plan(case, reference):
        found = _cited_unchecked(case, reference, kind, seats)
        if found:
            grouped.setdefault(tuple(u.key for u in found), ([], found))[0].append(index)
    said = []
    for indexes, found in grouped.values():
        ids = [case.addressees[i].id for i in indexes]
        figures = {
            "addressee": ", ".join(names.get(i, i) for i in ids),
            "n": len(found),
            "provisions": "; ".join(_listed(item) for item in found),
            "site": OFFICIAL_SITE,
            "folder": folder,
        }
        said.append((indexes[0], _letters_message(len(indexes), len(found)).format(**figures)))
    return said


def _letters_message(letters: int, provisions: int) -> str:
    if letters == 1:
        return ngettext(
            "the letter to {addressee} cites {n} provision not checked against the official "
            "text: {provisions}; read it on {site} before signing (its address: appeal law "
            "{folder})",
            "the letter to {addressee} cites {n} provisions not checked against the official "
            "text: {provisions}; read them on {site} before signing (their addresses: appeal "
            "law {folder})",
            provisions,
        )
    return ngettext(
        "the letters to {addressee} each cite {n} provision not checked against the official "
        "text: {provisions}; read it on {site} before signing (its address: appeal law "
        "{folder})",
        "the letters to {addressee} each cite {n} provisions not checked against the official "
        "text: {provisions}; read them on {site} before signing (their addresses: appeal law "
        "{folder})",
        provisions,
    )


def _cited_unchecked(case: Case, reference: Reference, kind: str, seats: bool) -> list[Unchecked]:
    keys = cited([kind], seats, case.funding is not None, seat_rule(case), term_rule(case))
    if case.legal_articles:
        keys = [key for key in keys if key not in DEFAULT_OFFENCES]
    found: dict[str, Unchecked] = {}
    for key in keys:
        version = in_force(reference.law, key, date_for(key, case.election.date, case.appeal.date))
        if version is None or version.verified:
            continue
        figure = _figure(key, version, reference)
        if key == IF_OVER_THRESHOLD:
            amount = _grouped(reference.funding.especially_large.mrp)
            figure = _("if one party alone is paid over {mrp} МРП a year").format(mrp=amount)
        found.setdefault(version.ru, Unchecked(key, version, figure))
    # In the order the build names them: by the first provision of law.yaml with the citation.
    rank = _citation_ranks(case, reference)
    return sorted(found.values(), key=lambda item: rank[_plain(item.version.ru)])


def _citation_ranks(case: Case, reference: Reference) -> dict[str, int]:
    """Each citation in force (in Russian, spacing made plain) by the place in law.yaml of the
    first provision citing it so."""
    ranks: dict[str, int] = {}
    for index, key in enumerate(reference.law):
        day = date_for(key, case.election.date, case.appeal.date)
        version = in_force(reference.law, key, day)
        if version is not None:
            ranks.setdefault(_plain(version.ru), index)
    return ranks


def _listed(item: Unchecked) -> str:
    citation = item.version.citation(current_language())
    return f"{citation} ({item.figure})" if item.figure else citation
