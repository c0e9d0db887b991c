"""Control ratios of a polling-station protocol: a copy that breaks one is itself evidence."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from ..case.protocols import Protocol
from ..errors import Problem, Severity
from ..i18n import N_
from ..i18n import gettext as _

# Rule id → the ratio in words; the documents give their own wording for each id.
RULES = {
    "received_balance": "ballots_received = ballots_issued + ballots_cancelled",
    "boxes_not_above_issued": "ballots_in_boxes ≤ ballots_issued",
    "boxes_balance": "ballots_in_boxes = invalid + votes for parties + against_all",
    "issued_not_above_list": "ballots_issued ≤ voters_on_list",
}
# The protocol lines whose cells the attachment marks when a ratio is broken: every line the
# ratio names. boxes_balance sums the party votes (and "against all") too; marking every party
# cell of the row would flag the whole row and show nothing, so the lines that ratio sets
# against the votes (in boxes, invalid) carry its mark.
MARKED_LINES = {
    "received_balance": ("ballots_received", "ballots_issued", "ballots_cancelled"),
    "boxes_not_above_issued": ("ballots_issued", "ballots_in_boxes"),
    "boxes_balance": ("ballots_in_boxes", "invalid"),
    "issued_not_above_list": ("voters_on_list", "ballots_issued"),
}


# The same ratios as a citizen reads them: looked up in the interface language when shown.
RULE_WORDS = {
    "received_balance": N_("ballots received ≠ ballots issued + ballots cancelled"),
    "boxes_not_above_issued": N_("more ballots in the boxes than issued"),
    "boxes_balance": N_(
        "ballots in the boxes ≠ invalid ballots + votes for the parties (+ against all)"
    ),
    "issued_not_above_list": N_("more ballots issued than voters on the list"),
}


@dataclass(frozen=True)
class Violation:
    """A protocol copy that breaks a control ratio, with the figures involved."""

    station: str
    contest: str
    row: int
    rule: str
    values: dict[str, int]
    gap: int  # left side − right side of the ratio


def check_protocols(
    protocols: list[Protocol], without_against_all: Collection[str] = ()
) -> list[Violation]:
    """Every broken control ratio, station by station; ratios with an unknown figure are skipped.

    A blank «против всех» is 0 only in the contests `without_against_all`, whose ballots had
    no such line; elsewhere it is a figure not known, and the balance of the ballots in the
    boxes is not checked: read as 0, it would make the votes against all a shortfall."""
    absent = frozenset(without_against_all)
    return [v for p in protocols for v in _violations(p, p.contest in absent)]


def _violations(p: Protocol, no_against_all_line: bool) -> Iterator[Violation]:
    lines = p.lines
    received, issued = lines["ballots_received"], lines["ballots_issued"]
    cancelled, boxes = lines["ballots_cancelled"], lines["ballots_in_boxes"]
    invalid, on_list = lines["invalid"], lines["voters_on_list"]

    def violation(rule: str, gap: int, **values: int) -> Violation:
        return Violation(p.station, p.contest, p.row, rule, values, gap)

    if received is not None and issued is not None and cancelled is not None:
        gap = received - (issued + cancelled)
        if gap:
            yield violation(
                "received_balance",
                gap,
                ballots_received=received,
                ballots_issued=issued,
                ballots_cancelled=cancelled,
            )
    if boxes is not None and issued is not None and boxes > issued:
        yield violation(
            "boxes_not_above_issued", boxes - issued, ballots_in_boxes=boxes, ballots_issued=issued
        )
    party_votes = list(p.votes.values())
    against_all = lines["against_all"]
    if against_all is None and no_against_all_line:
        against_all = 0
    if (
        boxes is not None
        and invalid is not None
        and against_all is not None
        and None not in party_votes
    ):
        for_parties = sum(v for v in party_votes if v is not None)
        gap = boxes - (invalid + for_parties + against_all)
        if gap:
            yield violation(
                "boxes_balance",
                gap,
                ballots_in_boxes=boxes,
                invalid=invalid,
                votes_for_parties=for_parties,
                against_all=against_all,
            )
    if issued is not None and on_list is not None and issued > on_list:
        yield violation(
            "issued_not_above_list", issued - on_list, ballots_issued=issued, voters_on_list=on_list
        )


def signed(n: int) -> str:
    """A difference with its sign as the documents write it: +11, 0, −38 (U+2212, not a
    hyphen)."""
    return f"{n:+d}".replace("-", "\u2212") if n else "0"


def violation_warnings(
    violations: list[Violation], file: str, names: Mapping[str, str] | None = None
) -> list[Problem]:
    """A warning for each broken ratio, at its row of the protocol table: a typing error there
    would reach the appeal as evidence, so the citizen checks the copy first. `names`: each
    contest's name for the message (its id when none is given)."""
    names = names or {}
    return [
        Problem(
            file,
            f"row {v.row}",
            "",
            _(
                'station {station}, the "{contest}" copy breaks a control ratio: {ratio} '
                "(difference {gap}); compare the row with the copy of the protocol"
            ).format(
                station=v.station,
                contest=names.get(v.contest, v.contest),
                ratio=_(RULE_WORDS[v.rule]),
                gap=signed(v.gap),
            ),
            Severity.WARNING,
        )
        for v in violations
    ]
