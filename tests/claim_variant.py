"""The court route's variant of the example: an administrative claim exists from 1 July 2021
(the Administrative Procedural Code, law.yaml `claim_requisites`), so the example's figures are
moved to an illustrative election after that day. Not a real election: the same results, held on
Sunday 10 October 2021, the city's commission deciding on the maslikhat's result on the 11th
(both published sources dated accordingly), the claim signed on the 18th.

Dates counted by hand: 10 days from 11 October end on 21 October; from the election day
(10 October), on 20 October; the ballots, kept 30 days from 10 October (21 days left in October,
9 in November), until 9 November 2021 (law.yaml, both unverified).
"""

from __future__ import annotations

from pathlib import Path

from conftest import edit_case

ELECTION = "2021-10-10"
DECISION = "2021-10-11"
CLAIM = "2021-10-18"
COURT = (
    "city_court: {kind: court, name: {ru: Алматинский городской суд, kk: Алматы қалалық соты}}\n"
)
TEC = "Территориальная избирательная комиссия города Алматы"
# As the Kazakh source of the example names the same commission (its case.yaml).
TEC_KK = "Алматы қаласы аумақтық сайлау комиссиясы"


def later_election(d: dict) -> None:
    """The example moved to the illustrative election of 10 October 2021, the maslikhat's result
    decided by the city's commission, named in both languages."""
    d["election"]["date"] = ELECTION
    d["appeal"]["date"] = CLAIM
    mazhilis, maslikhat = d["contests"][0], d["contests"][1]
    mazhilis["source"] = {
        "ru": "Постановление Центральной избирательной комиссии Республики Казахстан от "
        "12 октября 2021 года",
        "kk": "Қазақстан Республикасы Орталық сайлау комиссиясының 2021 жылғы 12 қазандағы қаулысы",
    }
    mazhilis.pop("source_url", None)
    maslikhat["source"] = {
        "ru": "Протокол Территориальной избирательной комиссии города Алматы от 11 октября "
        "2021 года",
        "kk": "Алматы қаласы аумақтық сайлау комиссиясының 2021 жылғы 11 қазандағы хаттамасы",
    }
    maslikhat.update(source_date=DECISION, decided_by={"ru": TEC, "kk": TEC_KK})


def to_the_court(case_dir: Path, claim: str = CLAIM) -> None:
    """The later variant addressed to the city court, signed on `claim`; the example's
    addressees written to separately."""
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")

    def change(d: dict) -> None:
        later_election(d)
        d["appeal"]["date"] = claim
        for other in d["addressees"]:
            other["role"] = "cc"
        d["addressees"].append({"id": "city_court", "role": "to"})

    edit_case(case_dir, change)
