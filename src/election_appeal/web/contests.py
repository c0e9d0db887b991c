"""One voting or two: the contests page adds a second contest (and the comparison of the two)
or removes one (and the comparison with it), so that a Kurultai election held alone and two
maslikhat votings held on one day are both made on the page."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .sections import child, ids, items

ADD = "add_contest"
REMOVE = "remove_contest."


def _new_id(taken: list[str]) -> str:
    """A code not used by another contest: second, then second_2, …"""
    candidate, number = "second", 1
    while candidate in taken:
        number += 1
        candidate = f"second_{number}"
    return candidate


def add_contest(doc: CommentedMap) -> None:
    """A second contest, blank, compared with the first (difference = second − first)."""
    contests = doc.get("contests")
    if not isinstance(contests, CommentedSeq):
        contests = doc["contests"] = CommentedSeq()
    taken = ids(doc, "contests")
    votes = CommentedMap((party, None) for party in ids(doc, "parties"))
    votes.fa.set_flow_style()
    new_id = _new_id(taken)
    contests.append(CommentedMap(id=new_id, title=None, short_title=None, source=None, votes=votes))
    if len(taken) == 1:
        comparison = child(doc, "comparison")
        comparison["first"], comparison["second"] = taken[0], new_id


def remove_contest(doc: CommentedMap, index: int) -> str | None:
    """Remove the contest at `index` with the comparison and the funding that name it; the
    removed contest's code, or None when there is no such contest or it is the only one."""
    contests = items(doc, "contests")
    if len(contests) < 2 or not 0 <= index < len(contests):
        return None
    removed = contests[index]
    doc["contests"].remove(removed)
    gone = str(removed.get("id") or "")
    comparison = doc.get("comparison")
    if len(items(doc, "contests")) < 2 or (
        isinstance(comparison, dict) and gone in (comparison.get("first"), comparison.get("second"))
    ):
        doc.pop("comparison", None)
    funding = doc.get("funding")
    if isinstance(funding, dict) and str(funding.get("contest")) == gone:
        remaining = ids(doc, "contests")
        funding["contest"] = remaining[0] if remaining else None
    return gone


def change_count(doc: CommentedMap, action: str) -> str:
    """Apply the contests page's add or remove button; the outcome the page reports ('' when
    the action is neither)."""
    if action == ADD:
        add_contest(doc)
        return "contest_added"
    if action.startswith(REMOVE) and action[len(REMOVE) :].isdigit():
        removed = remove_contest(doc, int(action[len(REMOVE) :]))
        return "contest_removed" if removed is not None else ""
    return ""
