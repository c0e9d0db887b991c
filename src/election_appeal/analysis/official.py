"""Copies against the official figures per station: the strongest fact an appeal can state.

For every station and contest present in both the observers' copies and the official table,
every protocol line and every party's votes are compared where both figures are known. One sign
convention everywhere: difference = copy − official (positive: the copy shows more than the
official result). Separately, the official station figures are added up and set against the
published total of each contest, when the official table covers every station.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..case.protocols import LINE_COLUMNS, Protocol
from ..case.schema import Contest
from ..errors import Problem, Severity
from ..i18n import gettext as _
from .protocols import RULE_WORDS, Violation, check_protocols, signed

Direction = Literal["copy_higher", "copy_lower", "mixed"]
# The protocol lines a published result may state, by the name of the Contest field.
PUBLISHED_LINES = ("voters_on_list", "ballots_issued", "invalid", "against_all")
# The copies without an official row named in the warning; the count says how many in all.
MISSING_SHOWN = 10


@dataclass(frozen=True)
class OfficialDifference:
    """One figure of one copy that differs from the official figure for the same station."""

    station: str
    contest: str
    item: str  # a protocol line (LINE_COLUMNS) or a party id
    is_party: bool
    copy: int
    official: int
    difference: int  # copy − official
    copy_row: int
    official_row: int


@dataclass(frozen=True)
class DifferenceKind:
    """The differences of one line or one party in one contest, over the stations."""

    contest: str
    item: str
    is_party: bool
    stations: int
    copy_higher: int  # stations where the copy shows more than the official figure
    copy_lower: int
    total: int  # Σ (copy − official)

    @property
    def direction(self) -> Direction:
        """copy_higher or copy_lower when every station differs the same way, else mixed."""
        if not self.copy_lower:
            return "copy_higher"
        return "copy_lower" if not self.copy_higher else "mixed"


@dataclass(frozen=True)
class TotalCheck:
    """The official station figures of one item added up, against the published total."""

    contest: str
    item: str
    is_party: bool
    stations_sum: int
    published: int
    difference: int  # stations_sum − published


@dataclass(frozen=True)
class ContestCoverage:
    """How many stations the official table gives for a contest, and whether that is all."""

    contest: str
    stations: int
    complete: bool  # as many stations as the territory has: the totals can be checked


@dataclass(frozen=True)
class OfficialComparison:
    """Every copy figure that differs from the official one, grouped into kinds for the
    wording, and the published totals checked against the official station figures."""

    source: str
    compared_protocols: int  # (station, contest) present in both tables
    compared_stations: int
    differing_stations: list[str]  # in the order of the protocol table
    differences: list[OfficialDifference]
    kinds: list[DifferenceKind]
    coverage: list[ContestCoverage]
    totals: list[TotalCheck]  # every item checked, equal or not
    not_in_official: list[tuple[str, str]]  # copies with no official row: (station, contest)
    # The official figures of a station that break a protocol's control ratio (the same rules
    # as the copies): a fact of its own, whatever the copies say.
    violations: list[Violation] = field(default_factory=list)

    @property
    def total_mismatches(self) -> list[TotalCheck]:
        """The items whose station figures do not add up to the published total."""
        return [t for t in self.totals if t.difference]


def _items(party_ids: Sequence[str]) -> list[tuple[str, bool]]:
    return [*((line, False) for line in LINE_COLUMNS), *((party, True) for party in party_ids)]


def _value(protocol: Protocol, item: str, is_party: bool) -> int | None:
    return (protocol.votes if is_party else protocol.lines).get(item)


def compare_official(
    copies: Sequence[Protocol],
    official: Sequence[Protocol],
    contests: Sequence[Contest],
    party_ids: Sequence[str],
    stations_in_territory: int,
    source: str,
    without_against_all: Collection[str] = (),
) -> OfficialComparison:
    """Compare every copy with the official figures of its station and contest;
    `without_against_all`: the contests whose ballots had no line «против всех»."""
    by_key = {(p.station, p.contest): p for p in official}
    items = _items(party_ids)
    contest_order = {c.id: i for i, c in enumerate(contests)}
    differences: list[OfficialDifference] = []
    compared: list[Protocol] = []
    missing: list[tuple[str, str]] = []
    for copy in copies:
        found = by_key.get((copy.station, copy.contest))
        if found is None:
            missing.append((copy.station, copy.contest))
            continue
        compared.append(copy)
        for item, is_party in items:
            a, b = _value(copy, item, is_party), _value(found, item, is_party)
            if a is not None and b is not None and a != b:
                differences.append(
                    OfficialDifference(
                        copy.station,
                        copy.contest,
                        item,
                        is_party,
                        a,
                        b,
                        a - b,
                        copy.row,
                        found.row,
                    )
                )
    station_order = {s: i for i, s in enumerate(dict.fromkeys(p.station for p in copies))}
    item_order = {item: i for i, item in enumerate(dict.fromkeys(i for i, _p in items))}
    differences.sort(
        key=lambda d: (
            station_order[d.station],
            contest_order.get(d.contest, 0),
            item_order[d.item],
        )
    )
    differing = list(dict.fromkeys(d.station for d in differences))
    return OfficialComparison(
        source=source,
        compared_protocols=len(compared),
        compared_stations=len({p.station for p in compared}),
        differing_stations=differing,
        differences=differences,
        kinds=_kinds(differences, contest_order, item_order),
        coverage=[
            ContestCoverage(c.id, n, n == stations_in_territory)
            for c in contests
            for n in [len({p.station for p in official if p.contest == c.id})]
        ],
        totals=_totals(official, contests, party_ids, stations_in_territory),
        not_in_official=missing,
        violations=check_protocols(list(official), without_against_all),
    )


def _kinds(
    differences: Sequence[OfficialDifference],
    contest_order: Mapping[str, int],
    item_order: Mapping[str, int],
) -> list[DifferenceKind]:
    grouped: dict[tuple[str, str, bool], list[OfficialDifference]] = {}
    for d in differences:
        grouped.setdefault((d.contest, d.item, d.is_party), []).append(d)
    kinds = [
        DifferenceKind(
            contest,
            item,
            is_party,
            len({d.station for d in found}),
            sum(1 for d in found if d.difference > 0),
            sum(1 for d in found if d.difference < 0),
            sum(d.difference for d in found),
        )
        for (contest, item, is_party), found in grouped.items()
    ]
    return sorted(kinds, key=lambda k: (contest_order.get(k.contest, 0), item_order[k.item]))


def _totals(
    official: Sequence[Protocol],
    contests: Sequence[Contest],
    party_ids: Sequence[str],
    stations_in_territory: int,
) -> list[TotalCheck]:
    """Each published total of a contest whose official table covers every station, against
    the sum of its station figures (an item with an unknown station figure is not checked)."""
    checks = []
    for contest in contests:
        rows = [p for p in official if p.contest == contest.id]
        if len(rows) != stations_in_territory:
            continue
        published: list[tuple[str, bool, int | None]] = [
            (party, True, contest.votes.get(party)) for party in party_ids
        ]
        published += [(line, False, getattr(contest, line)) for line in PUBLISHED_LINES]
        for item, is_party, total in published:
            values = [_value(p, item, is_party) for p in rows]
            if total is None or None in values:
                continue
            stations_sum = sum(v for v in values if v is not None)
            checks.append(
                TotalCheck(contest.id, item, is_party, stations_sum, total, stations_sum - total)
            )
    return checks


# (side, column): "first" or "second" and a protocol line or a party id.
OfficialKey = tuple[str, str]


def official_marks(
    differences: Sequence[OfficialDifference], first: str, second: str | None
) -> dict[str, dict[OfficialKey, int]]:
    """By station: side ("first", "second") → column (a line or a party id) → the official
    figure the copy's cell differs from; what attachment 1 marks (`second` None: one contest)."""
    side_of = {first: "first"} | ({second: "second"} if second else {})
    marks: dict[str, dict[OfficialKey, int]] = {}
    for d in differences:
        side = side_of.get(d.contest)
        if side is not None:
            marks.setdefault(d.station, {})[(side, d.item)] = d.official
    return marks


def official_warnings(
    comparison: OfficialComparison,
    copies_file: str,
    official_file: str,
    names: Mapping[str, str] | None = None,
) -> list[Problem]:
    """A warning for each copy figure that differs from the official one (a typing error in the
    protocol table would reach the appeal as its strongest fact), and for each published total
    the official station figures do not add up to. `names`: each contest's name for the
    message (its id when none is given)."""
    names = names or {}
    problems = [
        Problem(
            copies_file,
            f"row {d.copy_row}",
            d.item,
            _(
                'station {station}, the "{contest}" copy says {copy}, the official figure is '
                "{official} (copy − official = {difference}); compare the row with the copy"
            ).format(
                station=d.station,
                contest=names.get(d.contest, d.contest),
                copy=d.copy,
                official=d.official,
                difference=signed(d.difference),
            ),
            Severity.WARNING,
        )
        for d in comparison.differences
    ]
    problems += [
        Problem(
            official_file,
            "",
            t.item,
            _(
                '"{contest}": the official figures of the stations add up to {sum}, the '
                "published total is {published} (difference {difference})"
            ).format(
                contest=names.get(t.contest, t.contest),
                sum=t.stations_sum,
                published=t.published,
                difference=signed(t.difference),
            ),
            Severity.WARNING,
        )
        for t in comparison.total_mismatches
    ]
    problems += [
        Problem(
            official_file,
            f"row {v.row}",
            "",
            _(
                'station {station}, the official "{contest}" figures break a control ratio: '
                "{ratio} (difference {gap})"
            ).format(
                station=v.station,
                contest=names.get(v.contest, v.contest),
                ratio=_(RULE_WORDS[v.rule]),
                gap=signed(v.gap),
            ),
            Severity.WARNING,
        )
        for v in comparison.violations
    ]
    if comparison.not_in_official:
        # Said once: a partial official table is normal, but "012" against "12" is a typo.
        shown = comparison.not_in_official[:MISSING_SHOWN]
        listed = ", ".join(
            f"{station} ({names.get(contest, contest)})" for station, contest in shown
        )
        if len(comparison.not_in_official) > MISSING_SHOWN:
            listed += ", …"
        message = _(
            "{count} of the copies have no row in the official table, so they are not compared: "
            "{stations}; check that the station numbers are written the same way in both tables"
        ).format(count=len(comparison.not_in_official), stations=listed)
        problems.append(Problem(official_file, "", "", message, Severity.WARNING))
    return problems
