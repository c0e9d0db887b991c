"""A real case without the applicant's ИИН: a claim to a court is told of the claim's
requisites (law.yaml claim_requisites, article 131 of the Administrative Procedural Code), not
of article 63, which governs appeals to bodies; each provision said to be unchecked while
law.yaml marks it so. The case: the example moved to October 2021 (claim_variant.py)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case
from election_appeal import api
from election_appeal.case import load_case
from election_appeal.case.law import LawVersion, SourceRead
from election_appeal.case.requisites import iin_warnings
from election_appeal.errors import Severity

ART_131 = {
    "en": "статья 131 Административного процедурно-процессуального кодекса Республики Казахстан "
    "от 29 июня 2020 года № 350-VI, not checked against the official text",
    "ru": "статья 131 Административного процедурно-процессуального кодекса Республики Казахстан "
    "от 29 июня 2020 года № 350-VI, не сверено с официальным текстом",
    "kk": "Қазақстан Республикасының 2020 жылғы 29 маусымдағы № 350-VI Әкімшілік "
    "рәсімдік-процестік кодексінің 131-бабы, ресми мәтінмен салыстырылмаған",
}
CLAIM = {
    "en": "the applicant's ИИН is missing; Алматинский городской суд: the requisites of a claim "
    f"are set by {ART_131['en']}; check there whether a claim must give the ИИН, and give it "
    "if the applicant has one",
    "ru": "не указан ИИН заявителя; Алматинский городской суд: реквизиты иска устанавливает "
    f"{ART_131['ru']}; проверьте по этому тексту, должен ли иск содержать ИИН, и укажите его, "
    "если он у заявителя есть",
    "kk": "өтініш берушінің ЖСН-і көрсетілмеген; Алматы қалалық соты: талап қоюдың "
    f"деректемелерін белгілейтін норма — {ART_131['kk']}; талап қоюда ЖСН көрсетілуі керек пе, "
    "соны осы мәтіннен тексеріңіз және ЖСН болса, оны көрсетіңіз",
}
ART_63 = (
    "the applicant's ИИН is missing; give it if the applicant has one: an appeal to a state body "
    "must give it under статья 63 Административного процедурно-процессуального кодекса "
    "Республики Казахстан от 29 июня 2020 года № 350-VI, not checked against the official text"
)


def _real_claim(case_dir: Path, court_only: bool) -> None:
    to_the_court(case_dir)

    def change(d: dict) -> None:
        d["illustrative"] = False
        d["applicant"]["full_name"] = "Иванов Иван Иванович"
        d["applicant"]["status"] = {
            "kind": "observer",
            "organisation": {"ru": "ОО «Наблюдатели»", "kk": "«Байқаушылар» ҚБ"},
        }
        if court_only:
            d["addressees"] = [a for a in d["addressees"] if a["role"] == "to"]

    edit_case(case_dir, change)


def _about_iin(output: str) -> list[str]:
    return [
        line.split(" applicant: ", 1)[1] for line in output.splitlines() if " applicant: " in line
    ]


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_claim_cites_the_claims_requisites(
    run, case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _real_claim(case_dir, court_only=True)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert _about_iin(result.output) == [CLAIM[language]]
    # What the web page shows: the same warning, at the applicant.
    said = [p for p in api.check(case_dir).warnings if p.where.endswith("applicant")]
    assert [(p.where, p.message, p.severity) for p in said] == [
        ("line 3, applicant", CLAIM[language], Severity.WARNING)
    ]


def test_a_claim_and_letters_to_bodies_hear_of_both_provisions(case_dir: Path) -> None:
    """The court's claim and the Prosecutor General's, the agency's and the police's letters."""
    _real_claim(case_dir, court_only=False)
    said = [p.message for p in api.check(case_dir).warnings if "ИИН" in p.message]
    assert said == [CLAIM["en"], ART_63]


def test_a_verified_provision_is_cited_as_it_is(case_dir: Path) -> None:
    """Were article 131 read in the official text, the warning would cite it plainly."""
    _real_claim(case_dir, court_only=True)
    data = load_case(case_dir)
    read = LawVersion(
        valid_from=datetime.date(2021, 7, 1),
        ru="статья 131 Кодекса",
        verified=True,
        verified_from=SourceRead(url="https://adilet.zan.kz/rus/docs/K2000000350"),
    )
    law = {**data.reference.law, "claim_requisites": [read]}
    reference = dataclasses.replace(data.reference, law=law)
    assert list(iin_warnings(data.case, reference)) == [
        "the applicant's ИИН is missing; Алматинский городской суд: the requisites of a claim "
        "are set by статья 131 Кодекса; check there whether a claim must give the ИИН, and give "
        "it if the applicant has one"
    ]
