"""Where each citation of law.yaml was read: every entry names its provision, its official page
and whether it was read there; a verified one says the page read (verified_from), which `appeal
law` shows. The criminal threshold of funding.yaml is flagged exactly as law.yaml flags it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, edit_case
from election_appeal.case.law import in_force, load_law
from election_appeal.case.reference import load_reference
from election_appeal.errors import Problem

REFERENCE = ROOT / "data" / "reference"


def _raw_versions() -> list[tuple[str, dict]]:
    data = yaml.safe_load((REFERENCE / "law.yaml").read_text(encoding="utf-8"))
    return [(key, version) for key, versions in data.items() for version in versions]


def test_every_version_names_its_provision_its_page_and_whether_it_was_read() -> None:
    for key, version in _raw_versions():
        assert version.get("ru"), key  # the provision as the appeal cites it
        assert "url" in version, key  # the official page, or null where none was found
        assert isinstance(version.get("verified"), bool), key


def test_every_verified_version_says_which_official_page_was_read() -> None:
    verified = [(key, v) for key, v in _raw_versions() if v["verified"]]
    # Read in the official text so far: the two laws on the prosecutor's office, the
    # Administrative Procedural Code, the election law's requisites, the 2018 maslikhat rule.
    assert sorted(key for key, _ in verified) == [
        "appeals_procedure",
        "election_law",
        "maslikhat_party_lists",
        "prosecutor_office",
        "prosecutor_office",
    ]
    for key, version in verified:
        read = version.get("verified_from")
        assert read and read["url"].startswith("https://adilet.zan.kz/"), key
    for key, version in _raw_versions():
        if not version["verified"]:
            assert "verified_from" not in version, key


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{ru: статья, url: null, verified: true}", "verified: true needs verified_from"),
        (
            "{ru: статья, url: null, verified: false, verified_from: {url: https://adilet.zan.kz/x}}",
            "verified_from is only for verified: true",
        ),
    ],
)
def test_a_verified_flag_and_its_source_go_together(
    tmp_path: Path, entry: str, message: str
) -> None:
    (tmp_path / "law.yaml").write_text(f"x:\n  - {entry}\n", encoding="utf-8")
    problems: list[Problem] = []
    load_law(tmp_path / "law.yaml", problems)
    assert len(problems) == 1 and message in problems[0].message


def test_the_crime_report_articles_stay_unread() -> None:
    # Searched by number and title (December 2026): the official pages of the Criminal Procedure
    # Code are stored only from their opening; arts. 179-181 were not reached, so no entry on
    # registering a report may claim to have been read.
    problems: list[Problem] = []
    law = load_law(REFERENCE / "law.yaml", problems)
    day = datetime.date(2023, 4, 3)
    for key in ("criminal_report", "pretrial_start", "pretrial_grounds", "crime_report"):
        version = in_force(law, key, day)
        assert version is not None and not version.verified, key
        assert version.note and "Searched in December 2026" in version.note, key
    grounds = in_force(law, "pretrial_grounds", day)
    assert grounds is not None and "part 3" in (grounds.note or "")


@pytest.mark.parametrize(
    "election_day",
    [datetime.date(2021, 1, 10), datetime.date(2023, 3, 19), datetime.date(2026, 8, 30)],
)
def test_the_especially_large_amount_is_one_unverified_figure(
    election_day: datetime.date,
) -> None:
    # The reference appeal's 4 000 МРП (subparagraph 3) of art. 3 of the Criminal Code) was not
    # read in the official text: the Law of 12 July 2018 No 180-VI, read on
    # adilet.zan.kz/kaz/docs/Z1800000180/compare, rewords subparagraphs 2) and 3) but the text
    # of 3) was cut off. So funding.yaml keeps 4 000 for every date and says it is unverified,
    # as law.yaml's especially_large (the provision the appeal cites for it) does.
    reference = load_reference(REFERENCE)
    threshold = reference.funding.especially_large
    assert threshold.mrp == 4000
    assert not threshold.verified
    assert threshold.note and "No 180-VI" in threshold.note
    provision = in_force(reference.law, "especially_large", election_day)
    assert provision is not None and not provision.verified
    assert threshold.source.ru == provision.ru
    assert "No 180-VI" in (provision.note or "")


def test_appeal_law_shows_where_a_checked_citation_was_read(run, case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.update(illustrative=False))  # appeal of 2021-04-05
    result = run("law", case_dir)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = lines.index("prosecutor_office (2021-04-05): checked")
    # The 2017 law was read in its Kazakh text, whose page shows no edition date.
    assert lines[at + 2 : at + 4] == [
        "  https://adilet.zan.kz/rus/docs/Z1700000081",
        "  read on https://adilet.zan.kz/kaz/docs/Z1700000081 (edition of the text: not shown)",
    ]
    # An unverified citation has its page but no line saying it was read.
    unread = lines.index("false_report (2021-01-10): NOT CHECKED against the official text")
    assert not lines[unread + 3].startswith("  read on ")
    assert sum(line.startswith("  read on ") for line in lines) == 1


def test_appeal_law_shows_the_edition_when_the_page_gave_one(tmp_path: Path) -> None:
    from election_appeal.api import Citations
    from election_appeal.case.law import LawVersion
    from election_appeal.case.validate import Citation
    from election_appeal.console import law_report

    version = LawVersion.model_validate(
        {
            "ru": "статья 1",
            "url": "https://adilet.zan.kz/rus/docs/X",
            "verified": True,
            "verified_from": {"url": "https://adilet.zan.kz/rus/docs/X", "edition": "2024-03-06"},
        }
    )
    day = datetime.date(2024, 5, 1)
    report = law_report(Citations([Citation("x", day, version)], tmp_path / "law.yaml"))
    assert "  read on https://adilet.zan.kz/rus/docs/X (edition of the text: 2024-03-06)" in (
        report.splitlines()
    )
