"""A build in several languages says each thing once: the claim whose claimant's right is left
blank once, as `check` says it (with its case.yaml line, the court named as check names it),
and the provisions a letter states unverified once for its documents of every language
(appeal, appeal.kk). The case: the example moved to October 2021 and addressed to a court
(claim_variant.py), real, signed by an observer, written in Russian and Kazakh."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case
from election_appeal import api
from election_appeal.case.law import LawVersion
from election_appeal.case.unverified import Unchecked, said_once, unchecked_message
from election_appeal.publish import rendered_once


def _real_claim(case_dir: Path) -> None:
    to_the_court(case_dir)

    def change(d: dict) -> None:
        d["illustrative"] = False
        d["languages"] = ["ru", "kk"]
        d["applicant"]["full_name"] = "Иванов Иван Иванович"
        d["applicant"]["iin"] = "791028302728"
        d["applicant"]["status"] = {
            "kind": "observer",
            "organisation": {"ru": "ОО «Наблюдатели»", "kk": "«Байқаушылар» ҚБ"},
        }

    edit_case(case_dir, change)


RIGHT = {
    "en": "Алматинский городской суд: the claim does not say which right of the claimant the "
    "decision violates; it says so only for a voter (applicant.status: kind voter and the "
    "station) and for a candidate whose party list would win more seats by the other contest's "
    "votes. Fill in the bracketed sentence of the legal section before filing",
    "kk": "Алматы қалалық соты: әкімшілік талап қоюда шешім талап қоюшының қандай құқығын "
    "бұзатыны айтылмаған; бұл тек сайлаушы үшін (applicant.status: kind voter және учаске "
    "нөмірі) және партиялық тізімі басқа дауыс берудің қорытындылары бойынша көбірек мандат "
    "алатын кандидат үшін жазылады. Беру алдында «Құқықтық баға» бөліміндегі төртбұрышты "
    "жақшадағы сөйлемді толтырыңыз",
}


def _version(ru: str) -> LawVersion:
    return LawVersion(ru=ru, verified=False, note="not read")


def test_the_documents_of_every_language_are_named_in_one_warning() -> None:
    """Two languages' renders of two letters: the letters' own provisions stay apart, each
    letter's Russian and Kazakh documents are named together where the first stood."""
    art = Unchecked("a", _version("статья 1"), None)
    other = Unchecked("b", _version("статья 2"), None)
    rendered = [
        unchecked_message(["appeal"], [art]),
        "a layout warning",
        unchecked_message(["appeal--police"], [art, other]),
        unchecked_message(["appeal.kk"], [art]),
        "a layout warning",
        unchecked_message(["appeal--police.kk"], [art, other]),
    ]
    said = rendered_once(["case.yaml, line 3, applicant: a layout warning"], rendered)
    assert said == [
        "appeal.pdf, appeal.kk.pdf: 1 provision stated as certain was not checked against the "
        "official text: статья 1; read it on adilet.zan.kz before signing and correct the text "
        "if it differs",
        "appeal--police.pdf, appeal--police.kk.pdf: 2 provisions stated as certain were not "
        "checked against the official text: статья 1; статья 2; read them on adilet.zan.kz "
        "before signing and correct the text where they differ",
    ]
    assert said_once(["x", "y"]) == ["x", "y"]


NAMED = {
    "en": "appeal (appeal.pdf, appeal.kk.pdf); report of a criminal offence "
    "(appeal--police.pdf): 1 provision stated as certain",
    "ru": "заявление (appeal.pdf, appeal.kk.pdf); заявление об уголовном правонарушении "
    "(appeal--police.pdf): 1 норма, приведенная как бесспорная",
    "kk": "арыз (appeal.pdf, appeal.kk.pdf); қылмыстық құқық бұзушылық туралы арыз "
    "(appeal--police.pdf): сөзсіз деп көрсетілген 1 норма",
}


@pytest.mark.parametrize("language", list(NAMED))
def test_the_documents_are_named_as_the_user_knows_them(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """The prosecutor's letter in two languages and the police's in one, citing the same
    provision: the documents by what they are and by their files, never by a file's stem."""
    monkeypatch.setenv("APPEAL_LANG", language)
    art = Unchecked("a", _version("статья 1"), None)
    said = said_once(
        [
            unchecked_message(["appeal"], [art], ["prosecutor"]),
            unchecked_message(["appeal--police", "appeal.kk"], [art], ["police", "prosecutor"]),
        ]
    )
    assert len(said) == 1
    assert said[0].startswith(NAMED[language])


# The claim to the court, the Prosecutor General's letter, the agency's and the police's reports,
# by the names the documents give themselves.
KINDS_IN_BUILD = {
    "en": ["administrative claim", "appeal"] + ["report of a criminal offence"] * 2,
    "kk": ["әкімшілік талап қою", "арыз"] + ["қылмыстық құқық бұзушылық туралы арыз"] * 2,
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "kk"])
def test_a_build_in_two_languages_says_each_thing_once(
    run, case_dir: Path, tmp_path: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APPEAL_LANG", language)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2021, 10, 18).timestamp())))
    _real_claim(case_dir)
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    right = [line for line in lines if RIGHT[language] in line]
    # Once, where check says it: at the applicant's status in case.yaml.
    assert len(right) == 1
    assert "applicant.status.kind: " + RIGHT[language] in right[0]
    # The claim and its Kazakh copy in one warning, the Prosecutor General's letters in one.
    said = [line.strip().split(": ", 1)[1] for line in lines if " (appeal" in line]
    assert [text.split(" (")[0] for text in said] == KINDS_IN_BUILD[language]
    assert [text.split("(")[1].split(")")[0] for text in said] == [
        "appeal.pdf, appeal.kk.pdf",
        "appeal--prosecutor_general.pdf, appeal--prosecutor_general.kk.pdf",
        # The agency's report cites fraud by an official's position besides what the police's
        # cites: a warning each, in both languages.
        "appeal--anticorruption_almaty.pdf, appeal--anticorruption_almaty.kk.pdf",
        "appeal--police_almaty.pdf, appeal--police_almaty.kk.pdf",
    ]
    # The web page shows the build's own list: the same, each once.
    report = api.build([case_dir], tmp_path / "web", formats=["docx"])
    warnings = report.outcomes[0].warnings
    assert sum(RIGHT[language] in w for w in warnings) == 1
    assert [w.split("):")[0] for w in warnings if " (appeal" in w] == [
        text.split("):")[0] for text in said
    ]


@pytest.mark.slow
def test_documents_rendered_in_memory_say_each_thing_once(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """api.render (the documents in memory) lists the case's warnings and the render's: the
    claimant's blank right, which both find, once, as check says it."""
    monkeypatch.setenv("APPEAL_LANG", "en")
    _real_claim(case_dir)
    warnings = api.render(case_dir, formats=["docx"], language="kk").warnings
    right = [w for w in warnings if RIGHT["en"] in w]
    assert len(right) == 1
    assert "applicant.status.kind: " in right[0]
