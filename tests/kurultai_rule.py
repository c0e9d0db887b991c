"""A funding rule naming the Kurultai, for the tests of what the documents say of funding tied to
a Kurultai contest. None is on record (data/reference/funding.yaml: the rule after the
Constitution of 2026 was not read), so `check` refuses such a case; a user who has read the
official text adds a rule with `body: kurultai` and its source, which these tests stand in for
with the figure of the Mazhilis's rule of 2025 (0,65 МРП), marked as a test's, never shipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

KURULTAI_RULE = """
  - from_year: 2026
    to_year: null
    body: kurultai
    base: mrp
    share: "0.65"
    source:
      ru: ТЕСТОВОЕ правило финансирования по итогам выборов Курултая
      kk: Құрылтай депутаттарын сайлау қорытындылары бойынша қаржыландырудың СЫНАҚ қағидасы
"""


def reference_with_kurultai_rule(folder: Path) -> Path:
    """A copy of the shipped reference data whose funding.yaml adds a Kurultai rule."""
    target = folder / "reference"
    shutil.copytree(ROOT / "data" / "reference", target)
    funding = target / "funding.yaml"
    text = funding.read_text(encoding="utf-8")
    head, tail = text.split('\n# "Especially large amount"', 1)
    funding.write_text(
        head.rstrip("\n") + "\n" + KURULTAI_RULE + '\n# "Especially large amount"' + tail,
        encoding="utf-8",
    )
    return target


def use_kurultai_rule(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Make every command read the reference data with the Kurultai rule."""
    import election_appeal.case.load as load
    import election_appeal.resources as resources

    reference = reference_with_kurultai_rule(folder)
    monkeypatch.setattr(resources, "reference_dir", lambda: reference)
    monkeypatch.setattr(load, "reference_dir", lambda: reference)
    return reference
