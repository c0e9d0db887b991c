"""What `check` says of a case against the election law of its day (data/reference/law.yaml)
that the figures alone do not show: a contest without the «против всех» figure after the line
came onto the ballots, a maslikhat contest after only part of its seats were filled by lists,
a citation of the Constitution of 2026 that names no article, a provision the letters cite that
the reference data has no version of for the day, and a protocol table without a row.

The messages speak to the person signing the letters: they say what is missing in words and
that the tool's reference data lacks it, never which key of which file to edit."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

from ..errors import Problem
from ..i18n import date_text
from ..i18n import gettext as _
from .law import LawVersion, body_of, in_force
from .protocols import ProtocolSet
from .reference import Reference
from .schema import Case
from .texts import for_reader
from .time_limit_text import law_text

Found = Iterator[tuple[tuple[str | int, ...], str]]

# The provision from whose first day the ballots carry «против всех».
AGAINST_ALL = "against_all"
# The provision on which seats of a maslikhat are filled by party lists; its version in force
# carries `value` (the share of the seats filled by lists) once only part of them are.
MASLIKHAT_LISTS = "maslikhat_party_lists"
# A citation of the Constitution itself (not of a constitutional law), and one that names its
# article (or a paragraph of one); a section alone («раздел IV») is not an article.
_CONSTITUTION = re.compile(r"Конституци[яи]\b")
_NAMES_A_PART = re.compile(r"стать|пункт|бап|тармақ", re.IGNORECASE)


def against_all_warnings(case: Case, reference: Reference) -> Found:
    """Each contest of the appeal without an «against all» figure although the election was
    held after the line came onto the ballots: the shares and the threshold would be taken of
    the votes for parties alone."""
    day = case.election.date
    version = in_force(reference.law, AGAINST_ALL, day)
    if version is None:
        return
    concerned = case.concerned()
    for i, contest in enumerate(case.contests):
        if contest.id not in concerned or contest.against_all is not None:
            continue
        message = _(
            '"{contest}": the ballots of elections held from {since} carry the line «против '
            "всех» ({law}), and this election was held on {day}, but the contest gives no number "
            "of votes against all; without it the shares and the threshold are taken of the votes "
            "for parties alone. Enter the number of votes against all from the official result "
            "(0 if none were cast)"
        )
        yield (
            ("contests", i, "against_all"),
            message.format(
                contest=for_reader(contest.short_title or contest.title),
                since=date_text(version.valid_from or day),
                day=date_text(day),
                law=law_text(version),
            ),
        )


def maslikhat_seat_warnings(case: Case, reference: Reference) -> Found:
    """Each maslikhat contest whose seats are re-allocated although on its election day only
    part of the maslikhat's seats were filled by party lists: its `seats` must be that part."""
    day = case.election.date
    version = in_force(reference.law, MASLIKHAT_LISTS, day)
    if version is None or version.value is None:
        return
    concerned = case.concerned()
    for i, contest in enumerate(case.contests):
        if contest.id not in concerned or not contest.seats or body_of(contest) != "maslikhat":
            continue
        message = _(
            '"{contest}": the election of {day} filled only part of the maslikhat\'s seats by '
            "party lists, the others in single-member districts ({law}); the {seats} seats "
            "given are re-allocated by the party lists' votes, so they must be the list seats "
            "alone: check the number against the official result, and the seats actually "
            "awarded by lists"
        )
        yield (
            ("contests", i, "seats"),
            message.format(
                contest=for_reader(contest.short_title or contest.title),
                day=date_text(day),
                law=law_text(version),
                seats=contest.seats,
            ),
        )


def articles_missing(citations: Iterable[LawVersion | None]) -> Iterator[str]:
    """What `check` says of each citation of a constitution that names no part of it: the
    letters state the act alone where a reader expects an article."""
    seen: set[str] = set()
    for version in citations:
        if version is None or not _CONSTITUTION.search(version.ru):
            continue
        if _NAMES_A_PART.search(version.ru):
            continue
        citation = version.citation(_interface())
        if citation in seen:
            continue
        seen.add(citation)
        yield _(
            "the letters cite {citation} without an article: the article was not found in any "
            "published text the tool's reference data rests on. Find the article in the official "
            "text and write it into the letters before signing"
        ).format(citation=citation)


def not_on_record_message(
    key: str, day: datetime.date, versions: list[LawVersion], what: str | None = None
) -> str:
    """A provision the letters cite with no version in force on its day, in words: the last
    version that ended before (a reader knows «пункт 5 статьи 50 Конституции», not a key)."""
    ended = [v for v in versions if v.valid_to and v.valid_to < day]
    if ended:
        last = max(ended, key=lambda v: v.valid_to or day)
        message = _(
            "the letters cite {citation}, which was in force, by the tool's reference data, "
            "only until {end}; the data has nothing in its place for {day}. Before signing, "
            "find the provision in force on that day in the official text and put it in the "
            "letters, or check the dates of the case"
        )
        return message.format(
            citation=last.citation(_interface()),
            end=date_text(last.valid_to or day),
            day=date_text(day),
        )
    later = [v for v in versions if v.valid_from and v.valid_from > day]
    if later:
        first = min(later, key=lambda v: v.valid_from or day)
        message = _(
            "the letters cite {citation}, which came into force, by the tool's reference data, "
            "only on {start}, after {day}; the data has nothing in force on {day}. Before "
            "signing, find the provision in force on that day in the official text and put it "
            "in the letters, or check the dates of the case"
        )
        return message.format(
            citation=first.citation(_interface()),
            start=date_text(first.valid_from or day),
            day=date_text(day),
        )
    message = _(
        "the tool's reference data lacks a provision the letters need ({what}) for {day}: "
        "before signing, find it in the official text and put it in the letters"
    )
    return message.format(what=what or key, day=date_text(day))


def empty_table(protocols: ProtocolSet) -> list[Problem]:
    """A protocol table that was read without a problem but holds no row: the appeal would
    rest on no copy and list an empty attachment."""
    if protocols.protocols:
        return []
    message = _(
        "the table holds no protocol: enter at least one copy of a polling station's protocol "
        "(one row per station and contest) before checking the case again"
    )
    return [Problem(protocols.file, "", "", message)]


def _interface() -> str:
    from ..i18n import current_language

    return current_language()
