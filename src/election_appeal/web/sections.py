"""The sections of the case form: what each shows from case.yaml and how a submitted form is
written back into it. Field names are the YAML paths that `appeal check` names in its problems
("contests[0].votes.npk"), so a problem lands next to its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .forms import Form
from .yamlfile import assign

SECTIONS = ("general", "applicant", "addressees", "parties", "contests", "settings", "narrative")
APPLICANT_FIELDS = ("full_name", "iin", "birth_date", "birth_place", "address", "phone", "email")
# The fields a new applicant.yaml lists, filled or null, as `appeal new` writes it.
APPLICANT_FILE_FIELDS = ("full_name", "iin", "address", "phone", "email")
CONTEST_TEXTS = ("id", "title", "short_title", "source", "source_url")
CONTEST_COUNTS = ("against_all", "voters_on_list", "ballots_issued", "turnout", "invalid")
METHODS = ("largest-remainder", "dhondt", "sainte-lague")
BASES = ("valid", "turnout")
LANGUAGES = ("ru", "kk")
PARTY_FIELDS = ("id", "name", "short_name", "registered")
SEXES = ("female", "male")
STATUS_KINDS = ("voter", "observer", "candidate", "party_representative")
STATUS_FIELDS = ("station", "organisation", "organisation_genitive", "party", "contest")
NARRATIVE = ("facts", "sample", "hypothesis_1", "hypothesis_2", "legal", "requests")


def child(parent: CommentedMap, key: str) -> CommentedMap:
    """The mapping under a key, made (as a block) if it is missing or not a mapping."""
    value = parent.get(key)
    if not isinstance(value, CommentedMap):
        value = CommentedMap()
        parent[key] = value
    return value


def items(parent: Any, key: str) -> list[CommentedMap]:
    """The mappings of a list under a key, leaving out what is not a mapping."""
    value = parent.get(key) if isinstance(parent, dict) else None
    return [item for item in value if isinstance(item, CommentedMap)] if value else []


def ids(doc: CommentedMap, key: str) -> list[str]:
    """The ids of the parties or contests, as written."""
    return [str(item["id"]) for item in items(doc, key) if item.get("id")]


def _flow(**values: Any) -> CommentedMap:
    """A small mapping written on one line, as the example writes addressees and votes."""
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def apply_general(doc: CommentedMap, form: Form) -> None:
    """Whether the data is real, when and where the appeal is signed, the election."""
    values = (
        (doc, "illustrative", form.checked("illustrative")),
        (child(doc, "appeal"), "date", form.date("appeal.date")),
        (child(doc, "appeal"), "place", form.text("appeal.place")),
        (child(doc, "election"), "date", form.date("election.date")),
        (child(doc, "election"), "territory", form.text("election.territory")),
        (child(doc, "election"), "stations", form.positive("election.stations")),
    )
    for parent, key, value in values:
        _shown(parent, key, value)
    # The Russian genitive of the territory, optional: a case without it gets no empty key.
    if "election.territory_genitive" in form.typed:
        genitive = form.text("election.territory_genitive")
        if genitive is not None or "territory_genitive" in child(doc, "election"):
            assign(child(doc, "election"), "territory_genitive", genitive)
    if "language" in form.typed:  # the language of the documents
        assign(doc, "language", form.choice("language", LANGUAGES) or "ru")


def apply_applicant(target: CommentedMap, form: Form) -> None:
    """The applicant's details, into applicant.yaml or inline in case.yaml."""
    readers: dict[str, Callable[[str], Any]] = {"iin": form.iin, "birth_date": form.date}
    for name in APPLICANT_FIELDS:
        read = readers.get(name, form.text)
        _shown(target, name, read(f"applicant.{name}"))
    if "applicant.sex" in form.typed:  # needed only where the patronymic does not show it
        _shown(target, "sex", form.choice("applicant.sex", SEXES))
    if "applicant.status.kind" in form.typed:  # the form that shows the applicant's standing
        apply_status(target, form)


def _shown(parent: CommentedMap, key: str, value: Any) -> None:
    """Write a value a form field showed: a field left blank adds no key the file did not
    have (a hand-written case.yaml keeps its shape); a key the file had gets the value."""
    if value is not None or key in parent:
        assign(parent, key, value)


def _keep(parent: CommentedMap, key: str, value: Any) -> None:
    """Set a value that only some kinds of standing have; a blank one is taken out."""
    if value is None:
        parent.pop(key, None)
    else:
        assign(parent, key, value)


def apply_status(target: CommentedMap, form: Form) -> None:
    """Who the applicant is in the election (applicant.status); blank kind: none given."""
    kind = form.choice("applicant.status.kind", STATUS_KINDS)
    values = {
        "station": form.positive("applicant.status.station"),
        "organisation": form.text("applicant.status.organisation"),
        "organisation_genitive": form.text("applicant.status.organisation_genitive"),
        "party": form.text("applicant.status.party"),
        "contest": form.text("applicant.status.contest"),
    }
    if kind is None:
        target.pop("status", None)
        return
    status = child(target, "status")
    assign(status, "kind", kind)
    for key, value in values.items():
        _keep(status, key, value)


def apply_addressees(doc: CommentedMap, form: Form, known: list[str]) -> None:
    """One role (to, cc or none) per authority of the reference table."""
    roles = {a: form.choice(f"role.{a}", ("to", "cc")) for a in known}
    current = doc.get("addressees")
    if not isinstance(current, CommentedSeq):
        current = CommentedSeq()
        doc["addressees"] = current
    kept = [item for item in current if isinstance(item, CommentedMap) and roles.get(item["id"])]
    for item in kept:
        assign(item, "role", roles[item["id"]])
    present = {item["id"] for item in kept}
    kept += [_flow(id=a, role=r) for a, r in roles.items() if r and a not in present]
    if [dict(i) for i in kept] != [dict(i) for i in current if isinstance(i, CommentedMap)]:
        current[:] = kept


def apply_parties(doc: CommentedMap, form: Form) -> dict[str, str]:
    """The party lists; a deleted party leaves the official results too. The renamed ids,
    old → new, for the protocol table's columns."""
    parties = items(doc, "parties")
    deleted = []
    renamed = {}
    for i, party in enumerate(parties):
        if form.checked(f"parties[{i}].delete"):
            deleted.append(party)
            continue
        old, new = party.get("id"), form.code(f"parties[{i}].id")
        if old and new and old != new:
            renamed[str(old)] = new
        assign(party, "id", new)
        assign(party, "name", form.text(f"parties[{i}].name"))
        assign(party, "short_name", form.text(f"parties[{i}].short_name"))
        assign(party, "registered", form.positive(f"parties[{i}].registered"))
    added = _typed_parties(doc, form, len(parties))
    if form.errors:
        return {}
    for party in deleted:
        _forget_party(doc, str(party.get("id")))
        doc["parties"].remove(party)
    for old, new in renamed.items():
        _rename_party(doc, old, new)
    if added and not isinstance(doc.get("parties"), CommentedSeq):
        doc["parties"] = CommentedSeq()
    for party in added:
        doc["parties"].append(party)
    return renamed


def new_party_rows(form: Form, existing: int) -> int:
    """How many rows the page added below the saved parties (parties[existing] on)."""
    count = 0
    while any(f"parties[{existing + count}].{key}" in form.typed for key in PARTY_FIELDS):
        count += 1
    return count


def _typed_parties(doc: CommentedMap, form: Form, existing: int) -> list[CommentedMap]:
    """The parties typed into rows the page added (they live only in the form until saved):
    a row left blank is no party; an order of registration left blank follows the last."""
    added = []
    order = max((p.get("registered") or 0 for p in items(doc, "parties")), default=0)
    for i in range(existing, existing + new_party_rows(form, existing)):
        prefix = f"parties[{i}]"
        if not any(form.typed.get(f"{prefix}.{k}", "").strip() for k in PARTY_FIELDS):
            continue
        order += 1
        registered = form.positive(f"{prefix}.registered")
        party = CommentedMap(id=form.code(f"{prefix}.id"))
        party["name"] = form.text(f"{prefix}.name")
        party["short_name"] = form.text(f"{prefix}.short_name")
        party["registered"] = registered if registered is not None else order
        added.append(party)
    return added


def _forget_party(doc: CommentedMap, party_id: str) -> None:
    for contest in items(doc, "contests"):
        for key in ("votes", "seats_awarded"):
            if isinstance(contest.get(key), dict):
                contest[key].pop(party_id, None)
    funded = doc.get("funding", {}).get("funded_parties") if doc.get("funding") else None
    if isinstance(funded, list) and party_id in funded:
        funded.remove(party_id)


def _rename_party(doc: CommentedMap, old: str, new: str) -> None:
    """A party's new id in the official results and the funded parties, in place."""
    for contest in items(doc, "contests"):
        for key in ("votes", "seats_awarded"):
            table = contest.get(key)
            if isinstance(table, CommentedMap) and old in table and new not in table:
                position = list(table).index(old)
                table.insert(position, new, table.pop(old))
    funded = doc.get("funding", {}).get("funded_parties") if doc.get("funding") else None
    if isinstance(funded, list) and old in funded:
        funded[funded.index(old)] = new


def apply_contests(doc: CommentedMap, form: Form) -> dict[str, str]:
    """Both contests with their official results, and which is compared with which. A contest
    given a new id keeps its place in the comparison and the funding; the renamed ids, old →
    new, for the protocol table's contest column."""
    party_ids = ids(doc, "parties")
    old_ids = [str(item.get("id") or "") for item in items(doc, "contests")]
    for i, contest in enumerate(items(doc, "contests")):
        prefix = f"contests[{i}]"
        if f"{prefix}.id" in form.typed:
            form.code(f"{prefix}.id")  # refused before saving, as the protocol table names it
        for name in CONTEST_TEXTS:
            _shown(contest, name, form.text(f"{prefix}.{name}"))
        if f"{prefix}.decided_by" in form.typed:  # the commission and its decision's date
            _shown(contest, "decided_by", form.text(f"{prefix}.decided_by"))
            _shown(contest, "source_date", form.date(f"{prefix}.source_date"))
        _apply_per_party(contest, "votes", form, prefix, party_ids)
        for name in CONTEST_COUNTS:
            _shown(contest, name, form.count(f"{prefix}.{name}"))
        _shown(contest, "seats", form.positive(f"{prefix}.seats"))
        _apply_per_party(contest, "seats_awarded", form, prefix, party_ids)
    new_ids = [str(item.get("id") or "") for item in items(doc, "contests")]
    renamed = {old: new for old, new in zip(old_ids, new_ids, strict=True) if old and new != old}
    renamed = {old: new for old, new in renamed.items() if new}
    # The choices of the form were made among the ids the page showed, the old ones.
    contest_ids = tuple(dict.fromkeys([*new_ids, *renamed]))
    if len(new_ids) < 2:
        doc.pop("comparison", None)  # one contest: nothing to compare it with
    else:
        _apply_comparison(doc, form, contest_ids, renamed)
    funding = doc.get("funding")
    if isinstance(funding, CommentedMap) and str(funding.get("contest")) in renamed:
        funding["contest"] = renamed[str(funding["contest"])]
    return renamed


def _apply_per_party(
    contest: CommentedMap, key: str, form: Form, prefix: str, party_ids: list[str]
) -> None:
    """A contest's figures per party (votes, seats_awarded), one line as the example writes
    them; made only when a figure is typed, and a blank adds no party the file did not list."""
    typed = {p: form.count(f"{prefix}.{key}.{p}") for p in party_ids}
    table = contest.get(key)
    if all(value is None for value in typed.values()) and key == "seats_awarded":
        _shown(contest, key, None)  # no seats typed: none awarded by this contest
        return
    if not isinstance(table, CommentedMap):
        if all(value is None for value in typed.values()):
            return  # nothing typed: null or absent, as the file had it
        table = contest[key] = _flow()
    for party, value in typed.items():
        _shown(table, party, value)


def _apply_comparison(
    doc: CommentedMap, form: Form, contest_ids: tuple[str, ...], renamed: dict[str, str]
) -> None:
    """Which contest is compared with which, chosen among the ids the page showed."""
    comparison = child(doc, "comparison")
    for key in ("first", "second"):
        chosen = form.choice(f"comparison.{key}", contest_ids)
        assign(comparison, key, renamed.get(chosen, chosen) if chosen else chosen)


def apply_settings(doc: CommentedMap, form: Form) -> None:
    """How seats are allocated and which contest's votes are funded."""
    allocation = child(doc, "allocation")
    _shown(allocation, "method", form.choice("allocation.method", METHODS))
    _shown(allocation, "threshold", form.share("allocation.threshold"))
    _shown(allocation, "base", form.choice("allocation.base", BASES))
    _shown(allocation, "min_parties", form.positive("allocation.min_parties"))
    contest = form.choice("funding.contest", tuple(ids(doc, "contests")))
    if contest is None:
        doc.pop("funding", None)
        return
    funding = child(doc, "funding")
    assign(funding, "contest", contest)
    _shown(funding, "year", form.count("funding.year"))
    _shown(funding, "term_years", form.positive("funding.term_years"))
    funded = [p for p in ids(doc, "parties") if form.checked(f"funding.funded_parties.{p}")]
    current = funding.get("funded_parties")
    if funded != (list(current) if current else []):
        funding["funded_parties"] = _flow_list(funded) if funded else None


def _flow_list(values: list[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def apply_narrative(doc: CommentedMap, form: Form) -> None:
    """The applicant's own paragraphs, kept as readable blocks of text in case.yaml."""
    texts = {name: form.text(f"narrative.{name}") for name in NARRATIVE}
    if all(v is None for v in texts.values()) and "narrative" not in doc:
        return
    narrative = child(doc, "narrative")
    for name, text in texts.items():
        value = text.replace("\r\n", "\n") if text else None
        if value is None:
            narrative.pop(name, None)
        else:
            assign(narrative, name, LiteralScalarString(value + "\n") if "\n" in value else value)
