"""The template contract (render/contract.py) is what render/context.py gives the templates:
exactly the declared variables, each of its declared type, for the example and for cases that
leave the optional parts out."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import EXAMPLE, edit_case
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render import contract
from election_appeal.render.context import (
    RegisterEntry,
    appeal_context,
    attachment_context,
    statistics_context,
)
from election_appeal.render.documents import Renderer

MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
REGISTER = [RegisterEntry("Таблица протоколов", 4, key="protocols")]


def _contexts(folder: Path) -> dict[str, dict[str, object]]:
    data = load_case(folder)
    analysis = analyse(data)
    return {
        "appeal.html.j2": appeal_context(data, analysis, REGISTER, MOMENT),
        "attachment-protocols.html.j2": attachment_context(data, analysis, MOMENT),
        "attachment-statistics.html.j2": statistics_context(data, analysis, MOMENT),
        "page-numbers.html.j2": Renderer(data, analysis, None).numbers_context(7),
    }


def test_every_document_of_the_example_gets_exactly_its_declared_variables() -> None:
    contexts = _contexts(EXAMPLE)
    # changes.md.j2 is rendered by the build's change report (tests/test_changes_report.py).
    assert sorted(contexts) == sorted(set(contract.CONTEXTS) - {"changes.md.j2"})
    for template, context in contexts.items():
        assert contract.mismatches(template, context) == [], template


def test_a_case_without_its_optional_parts_keeps_the_contract(case_dir: Path) -> None:
    def bare(data: dict) -> None:
        # No funding, no seats in either contest: neither hypothesis; the applicant's own
        # grounds and requests given instead.
        data.pop("funding", None)
        for contest in data["contests"]:
            contest.pop("seats", None)
            contest.pop("seats_awarded", None)
        data.update(legal_articles=["ст. 1"], requests=["проверить"])

    edit_case(case_dir, bare)
    contexts = _contexts(case_dir)
    appeal = contexts["appeal.html.j2"]
    assert appeal["funding"] is None and appeal["hypothesis_1"] is None
    assert appeal["seat_label"] is None and appeal["requests"] == ["проверить"]
    for template, context in contexts.items():
        assert contract.mismatches(template, context) == [], template


def test_a_context_that_breaks_the_contract_is_described() -> None:
    context = dict(_contexts(EXAMPLE)["attachment-statistics.html.j2"])
    del context["chart"]
    context["number"] = "2"
    context["extra"] = 1
    assert contract.mismatches("attachment-statistics.html.j2", context) == [
        "missing: chart",
        "not declared: extra",
        "number: str, declared int",
    ]


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ([("Наблюдатели А", 50), (None, 2)], list[tuple[str | None, int]], True),
        ([("Наблюдатели А", "50")], list[tuple[str | None, int]], False),
        ({"facts": 1, "steps": None}, dict[str, int | None], True),
        ({"facts": True}, dict[str, int | None], False),  # a flag is not a number
        ({"a", "b"}, set[str], True),
        (["a"], set[str], False),
    ],
)
def test_conforms_checks_the_items_of_collections(value: object, kind: object, expected: bool):
    assert contract.conforms(value, kind) is expected


def test_the_types_read_as_a_template_author_writes_them() -> None:
    variables = contract.variables(contract.AppealContext)
    assert contract.type_name(variables["violations"][0]) == "list[Violation]"
    assert contract.type_name(variables["hypothesis_1"][0]) == "Hypothesis1 | None"
    assert contract.type_name(variables["law"][0]) == "dict[str, Citation | None]"
    assert variables["addressee"][1] == "the authority the appeal is addressed to"


def test_the_change_report_gets_exactly_its_declared_variables(
    example_build: Path, case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """changes.md.j2, rendered when a case is built again after a change of its protocols."""
    import json

    from conftest import read_rows, write_rows
    from election_appeal.export import analysis_json
    from election_appeal.publish import changes
    from election_appeal.render import env

    rows = read_rows(case_dir / "protocols.csv")
    rows[0]["npk"] = "35"  # station 12, Мажилис: 33 → 35
    write_rows(case_dir / "protocols.csv", rows)
    data = load_case(case_dir)
    figures = changes.flatten(analysis_json(analyse(data)))
    last = json.loads((example_build / "manifest.json").read_text(encoding="utf-8"))
    found = changes.compare(
        last, figures, data.protocols.stations(), changes.protocol_cells(data), {}
    )
    seen: list[dict[str, object]] = []
    render = env.render_template

    def recorded(environment, name, context):  # the real rendering, its context kept
        seen.append(context)
        return render(environment, name, context)

    monkeypatch.setattr(env, "render_template", recorded)
    report = changes.markdown(found, data, "case", figures)
    assert "12" in report and [len(c["cells"]) for c in seen] == [1]  # type: ignore[arg-type]
    assert contract.mismatches("changes.md.j2", seen[0]) == []
