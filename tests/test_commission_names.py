"""A complaint to the commission that decided the result is refused however the user wrote the
deciding commission's name (contests[].decided_by): abbreviations, other capitals, the other
language. Commissions of one level but another territory, or of another level, are not the
decider (the Central Election Commission is above a city's).

Each pair below is written by hand: the names as a citizen types them, and whether they mean
one commission.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, edit_case
from election_appeal import api
from election_appeal.case.commissions import same_commission

CEC_RU = "Центральная избирательная комиссия Республики Казахстан"
CEC_KK = "Қазақстан Республикасының Орталық сайлау комиссиясы"
TEC_RU = "Территориальная избирательная комиссия города Алматы"
TEC_KK = "Алматы қаласы аумақтық сайлау комиссиясы"

SAME = [
    ("ЦИК РК", CEC_RU),
    ("ЦИК", CEC_KK),
    ("Центральная избирательная комиссия Республики Казахстан", CEC_KK),
    ("ЦЕНТРАЛЬНАЯ ИЗБИРАТЕЛЬНАЯ КОМИССИЯ", CEC_RU),
    ("Орталық сайлау комиссиясы", CEC_RU),
    ("ҚР ОСК", CEC_KK),
    ("ТИК г. Алматы", TEC_RU),
    ("Территориальная избирательная комиссия г. Алматы", TEC_KK),
    ("Алматы қаласының аумақтық сайлау комиссиясы", TEC_RU),
    ("Участковая избирательная комиссия № 12", "№ 12 учаскелік сайлау комиссиясы"),
]
DIFFERENT = [
    # Another level: the CEC is above the city's commission.
    ("ТИК г. Алматы", CEC_RU),
    (CEC_KK, TEC_KK),
    # «Центрального района» names a territory, not the central commission.
    ("Территориальная избирательная комиссия Центрального района", CEC_RU),
    # Same level, another territory: the region's commission is not the city's.
    ("Территориальная избирательная комиссия Алматинской области", TEC_RU),
    ("Территориальная избирательная комиссия Бостандыкского района города Алматы", TEC_RU),
    ("УИК № 12", "Участковая избирательная комиссия № 13"),
    # A level without a territory tells no commission of that level apart.
    ("ТИК", TEC_RU),
    # Not an election commission at all.
    ("Генеральная прокуратура Республики Казахстан", CEC_RU),
]


@pytest.mark.parametrize(("given", "authority"), SAME)
def test_names_of_one_commission(given: str, authority: str) -> None:
    assert same_commission(given, authority)
    assert same_commission(authority, given)


@pytest.mark.parametrize(("given", "authority"), DIFFERENT)
def test_names_of_other_commissions(given: str, authority: str) -> None:
    assert not same_commission(given, authority)


def _kurultai_decided_by(tmp_path: Path, decided_by: object) -> Path:
    """The Kurultai example (one contest), its result decided as `decided_by` says, complained
    of to the CEC beside the Prosecutor General."""
    target = tmp_path / "kurultai"
    shutil.copytree(ROOT / "data" / "kurultai-2026", target)

    def change(d: dict) -> None:
        d["contests"][0]["decided_by"] = decided_by
        d["addressees"] = [
            {"id": "prosecutor_general", "role": "to"},
            {"id": "central_election_commission", "role": "cc"},
        ]

    edit_case(target, change)
    return target


def _own_decision_errors(case_dir: Path) -> list[str]:
    try:
        api.check(case_dir)
    except api.BrokenCase as refused:
        return [
            p.where.rsplit(", ", 1)[-1]
            for p in refused.problems
            if "does not hear a complaint against its own decision" in p.message
        ]
    return []


@pytest.mark.parametrize(
    "decided_by",
    [
        "ЦИК РК",
        "Центральная избирательная комиссия Республики Казахстан",
        CEC_KK,
        {"ru": "ЦИК Республики Казахстан", "kk": "ҚР Орталық сайлау комиссиясы"},
    ],
)
def test_a_complaint_to_the_cec_about_its_own_result_is_refused_however_worded(
    tmp_path: Path, decided_by: object
) -> None:
    case_dir = _kurultai_decided_by(tmp_path, decided_by)
    assert _own_decision_errors(case_dir) == ["addressees[1].id"]


@pytest.mark.parametrize(
    "decided_by",
    ["ТИК г. Астана", "Астана қаласы аумақтық сайлау комиссиясы"],
)
def test_a_complaint_to_the_cec_about_a_lower_commissions_result_is_no_error(
    tmp_path: Path, decided_by: str
) -> None:
    case_dir = _kurultai_decided_by(tmp_path, decided_by)
    assert _own_decision_errors(case_dir) == []
