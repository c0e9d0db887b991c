"""The test tiers' lists in conftest.py name tests that exist: a renamed test must not slip
into `make test-fast` unnoticed."""

from __future__ import annotations

import re

from conftest import ROOT, SLOW_MODULES, SLOW_TESTS


def test_every_module_and_test_marked_slow_by_name_exists() -> None:
    tests = ROOT / "tests"
    assert sorted(m for m in SLOW_MODULES if not (tests / m).is_file()) == []
    missing = []
    for entry in sorted(SLOW_TESTS):
        module, name = entry.split("::")
        path = tests / module
        if not path.is_file() or not re.search(rf"^def {name}\(", path.read_text(), re.M):
            missing.append(entry)
    assert missing == []
