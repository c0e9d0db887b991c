"""The funding section's sentences: a consequence stated only if the other result is the true
one, never of parties that get no funding, per party (never summed) in a crime report, and the
Mazhilis term's footnote where the term is named.

The figures are worked out by hand from the example's case.yaml (data/almaty-2021) and the
reference wages: a vote is worth 3 % of the 2021 minimum wage of 42 500 tenge = 1 275 tenge a
year. NPK: 43 337 − 23 388 = 19 949 votes more by the Mazhilis, × 1 275 = 25 434 975 a year,
× 5 years = 127 174 875. «Ак жол»: 48 887 − 32 367 = 16 520, × 1 275 = 21 063 000 a year,
105 315 000 over the term. Together 46 497 975 a year. The threshold: 4 000 МРП × 2 917 tenge
(2021) = 11 668 000 tenge; each of the two alone exceeds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit_case
from test_wording_presumptions import AGENCY, CEC, POLICE, PROSECUTOR, _appeal, _html, _to

CONDITION = {
    "ru": (
        "Если волеизъявлению соответствуют итоги выборов депутатов маслихата города Алматы, то "
        "партиям, представленным в Мажилисе, которым по итогам выборов депутатов Мажилиса "
        "Парламента Республики Казахстан досталось больше голосов (НПК и «Ак жол»), сверх "
        "причитающегося им по итогам выборов депутатов маслихата города Алматы выплачивается"
    ),
    "kk": (
        "Мәжілісте өкілдігі бар ҚХП және «Ақ жол» партиялары Қазақстан Республикасы Парламенті "
        "Мәжілісінің депутаттарын сайлаудың қорытындылары бойынша Алматы қаласы мәслихатының "
        "депутаттарын сайлаудың қорытындыларына қарағанда көп дауыс алды. Егер сайлаушылардың "
        "ерік білдіруіне Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары сәйкес "
        "келсе, оларға сол қорытындылар бойынша тиесілі сомадан тыс"
    ),
}
PER_PARTY = {
    "ru": (
        "выплачивается: НПК — 25 434 975 тенге в год, или 127 174 875 тенге за срок полномочий; "
        "«Ак жол» — 21 063 000 тенге в год, или 105 315 000 тенге за срок полномочий."
    ),
    "kk": (
        "мынадай сома төленеді: ҚХП — жылына 25 434 975 теңге немесе өкілеттік мерзімінде "
        "127 174 875 теңге; «Ақ жол» — жылына 21 063 000 теңге немесе өкілеттік мерзімінде "
        "105 315 000 теңге."
    ),
}
EACH_ALONE = {
    "ru": "выплата каждой из партий НПК и «Ак жол» в отдельности превышает его.",
    "kk": "ҚХП және «Ақ жол» партияларының әрқайсысына жеке төлем одан асады.",
}
SUM = {"ru": "46 497 975", "kk": "46 497 975"}
SUM_SENTENCE = {
    "ru": "сумма, выплачиваемая этим партиям вместе за год,",
    "kk": "екеуіне бірге төленетін",
}
THRESHOLD = {"ru": "Особо крупным размером", "kk": "аса ірі мөлшер деп"}


@pytest.mark.parametrize("addressee", [POLICE, AGENCY])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_crime_report_states_each_partys_overpayment_never_their_sum(
    case_dir: Path, addressee: str, language: str
) -> None:
    edit_case(case_dir, _to(addressee))
    text = _appeal(case_dir, language)
    assert CONDITION[language] in text
    assert PER_PARTY[language] in text
    assert EACH_ALONE[language] in text
    assert SUM[language] not in text
    assert SUM_SENTENCE[language] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_prosecutor_gets_the_conditional_sum_and_the_threshold(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _to(PROSECUTOR))
    text = _appeal(case_dir, language)
    assert CONDITION[language] in text
    assert f"{SUM[language]} " in text
    assert SUM_SENTENCE[language] in text and EACH_ALONE[language] in text
    assert PER_PARTY[language] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_prices_nothing(case_dir: Path, language: str) -> None:
    """A commission acts on the count, not on the budget: no funding consequence, no threshold
    (tests/test_wording_requests.py words the rest of the complaint)."""
    edit_case(case_dir, _to(CEC))
    text = _appeal(case_dir, language)
    assert CONDITION[language] not in text
    assert THRESHOLD[language] not in text


# «Ауыл» and «ADAL» won no Mazhilis seat and get no funding (the example's funded_parties).
SOME_FUNDED = {
    "ru": "то каждая партия, представленная в Мажилисе, получает из бюджета больше («+»)",
    "kk": "сәйкес келсе, Мәжілісте өкілдігі бар әр партия бюджеттен",
}
ALL_FUNDED = {
    "ru": "то каждая партия получает из бюджета больше («+»)",
    "kk": "сәйкес келсе, әр партия бюджеттен",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_only_funded_parties_are_said_to_get_more_or_less_from_the_budget(
    case_dir: Path, language: str
) -> None:
    text = _appeal(case_dir, language)
    assert SOME_FUNDED[language] in text
    assert ALL_FUNDED[language] not in text

    def all_funded(d: dict) -> None:
        d["funding"]["funded_parties"] = [p["id"] for p in d["parties"]]

    edit_case(case_dir, all_funded)
    text = _appeal(case_dir, language)
    assert ALL_FUNDED[language] in text
    assert SOME_FUNDED[language] not in text


TERM_NOTE = {
    "ru": (
        'за 5 лет полномочий<span class="footnote">Срок полномочий Мажилиса: пункт 5 статьи 50 '
        "Конституции Республики Казахстан.</span> при размере минимальной заработной платы "
        "2021 года."
    ),
    "kk": '5 жылдық өкілеттік мерзімінде<span class="footnote">Мәжілістің өкілеттік мерзімі:',
}
NOTE_ON_WAGES = {
    "ru": '2021 года<span class="footnote">Срок полномочий',
    "kk": 'құрады<span class="footnote">Мәжілістің',
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_mazhilis_terms_footnote_stands_where_the_term_is_named(
    case_dir: Path, language: str
) -> None:
    html = " ".join(_html(case_dir, language).replace("\u00a0", " ").split())
    assert TERM_NOTE[language] in html
    assert NOTE_ON_WAGES[language] not in html


def test_kazakh_says_some_parties_gained() -> None:
    from conftest import EXAMPLE

    text = _appeal(EXAMPLE, "kk")
    assert "Алайда екінші дауыс беруде кейбір партиялар жиынтығында" in text
    assert "беруде бір партиялар" not in text


# A case of one contest with official station figures (data/kurultai-2026) and funding tied to
# its contest: the official figures give «А» 141 votes more than the copies (the sum of
# official − copy over the stations with copies, tests/test_one_contest.py); a vote is worth
# 0,65 МРП × 4 325 = 2 811,25 tenge a year in 2026: 141 × 2 811,25 = 396 386,25 a year,
# × 5 = 1 981 931,25 over the term; the threshold 4 000 × 4 325 = 17 300 000 is not reached.
# One party gets more: the sentence is of one party («партии, которой … ей», «партияға»).
COPIES_CONDITION = (
    "Если верны копии протоколов, то партии, которой официальные итоги дают больше голосов, чем "
    "копии («А»), сверх причитающегося ей по копиям выплачивается"
)
COPIES_CONDITION_KK = (
    "Егер хаттамалардың көшірмелері дұрыс болса, ресми қорытындылар көшірмелерге қарағанда көп "
    "дауыс беретін партияға («А») көшірмелер бойынша тиесілі сомадан тыс"
)


def _kurultai_funded(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Kurultai example with funding tied to its contest, under the tests' own rule naming
    the Kurultai (none is on record: `check` refuses the case without one)."""
    import shutil

    from conftest import ROOT
    from kurultai_rule import use_kurultai_rule

    use_kurultai_rule(monkeypatch, case_dir.parent)
    folder = case_dir.parent / "kurultai"
    shutil.copytree(ROOT / "data" / "kurultai-2026", folder)

    def funded(d: dict) -> None:
        d["funding"] = {
            "contest": "kurultai",
            "term_years": 5,
            "funded_parties": ["party_a", "party_b", "party_v", "party_g"],
        }

    edit_case(folder, funded)
    return folder


@pytest.mark.parametrize(
    ("addressee", "expected", "absent"),
    [
        (
            # Under the threshold, a crime report does not volunteer that it is not reached.
            AGENCY,
            ": «А» — 396 386,25 тенге в год, или 1 981 931,25 тенге за срок полномочий.",
            "Особо крупным",
        ),
        (
            PROSECUTOR,
            " 396 386,25 тенге в год, или 1 981 931,25 тенге за срок полномочий. Особо крупным "
            "размером признается сумма, превышающая 4 000 месячных расчетных показателей, то есть "
            # one party: its own amount, not a sum of the parties nor «ни одной партии»
            "17 300 000 тенге в 2026 году; выплата партии «А» его не превышает.",
            "«А» — 396",
        ),
    ],
)
def test_the_copies_overpayment_is_conditional_and_per_party_in_a_crime_report(
    case_dir: Path, addressee: str, expected: str, absent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _kurultai_funded(case_dir, monkeypatch)
    edit_case(folder, _to(addressee))
    text = _appeal(folder, "ru")
    assert COPIES_CONDITION + expected in text
    assert absent not in text
    kazakh = _appeal(folder, "kk")
    assert COPIES_CONDITION_KK in kazakh
    assert "беретін партияларға" not in kazakh


# «Nur Otan» funded too: it has more votes in the maslikhat (218 003 > 178 461), so NPK alone
# (43 337 > 23 388 in the Mazhilis) is paid beyond the maslikhat's result; the sentence is of one
# party, in the singular.
ONE_OVERPAID = {
    "ru": (
        "Если волеизъявлению соответствуют итоги выборов депутатов маслихата города Алматы, то "
        "партии, представленной в Мажилисе, которой по итогам выборов депутатов Мажилиса "
        "Парламента Республики Казахстан досталось больше голосов (НПК), сверх причитающегося "
        "ей по итогам выборов депутатов маслихата города Алматы выплачивается 25 434 975 тенге "
        "в год, или 127 174 875 тенге за срок полномочий."
    ),
    "kk": (
        "Мәжілісте өкілдігі бар ҚХП партиясы Қазақстан Республикасы Парламенті Мәжілісінің "
        "депутаттарын сайлаудың қорытындылары бойынша Алматы қаласы мәслихатының депутаттарын "
        "сайлаудың қорытындыларына қарағанда көп дауыс алды. Егер сайлаушылардың ерік "
        "білдіруіне Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары сәйкес "
        "келсе, оған сол қорытындылар бойынша тиесілі сомадан тыс жылына 25 434 975 теңге"
    ),
}
SEVERAL_OVERPAID = {
    "ru": ["партиям, представленным в Мажилисе, которым", "причитающегося им"],
    "kk": ["партиялары Қазақстан", "оларға сол"],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("addressee", [PROSECUTOR])
def test_one_party_paid_more_is_named_in_the_singular(
    case_dir: Path, language: str, addressee: str
) -> None:
    edit_case(case_dir, lambda d: d["funding"].update(funded_parties=["npk", "nur_otan"]))
    edit_case(case_dir, _to(addressee))
    text = _appeal(case_dir, language)
    assert ONE_OVERPAID[language] in text
    assert [w for w in SEVERAL_OVERPAID[language] if w in text] == []


def _maslikhat_votes(**votes: int):
    def change(d: dict) -> None:
        maslikhat = next(c for c in d["contests"] if c["id"] == "maslikhat")
        maslikhat["votes"].update(votes)

    return change


# The maslikhat's «ADAL» set to its Mazhilis figure (18 835): «Nur Otan» alone gains.
ONE_GAINED = {
    "ru": "больше голосов, чем по итогам выборов депутатов Мажилиса Парламента Республики "
    "Казахстан, получила партия «Nur Otan»; меньше голосов получили партии НПК, «Ауыл» и "
    "«Ак жол».",
    "kk": "Мәжілісінің депутаттарын сайлаудың қорытындыларына қарағанда көп дауыс алған "
    "партия: «Nur Otan»; аз дауыс алғандар — ҚХП, «Ауыл» және «Ақ жол».",
}
# Every maslikhat figure set to the Mazhilis one but NPK's: NPK alone loses, none gains.
ONE_LOST = {
    "ru": "меньше голосов, чем по итогам выборов депутатов Мажилиса Парламента Республики "
    "Казахстан, получила партия НПК.",
    "kk": "Мәжілісінің депутаттарын сайлаудың қорытындыларына қарағанда аз дауыс алған "
    "партия: ҚХП.",
}
PLURAL_VERB = {"ru": "получили:", "kk": "алғандар:"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_party_gaining_or_losing_is_named_in_the_singular(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _maslikhat_votes(adal=18835))
    text = _appeal(case_dir, language)
    assert ONE_GAINED[language] in text
    assert PLURAL_VERB[language] not in text

    edit_case(case_dir, _maslikhat_votes(nur_otan=178461, auyl=31802, ak_zhol=48887, adal=18835))
    text = _appeal(case_dir, language)
    assert ONE_LOST[language] in text
    assert PLURAL_VERB[language] not in text


@pytest.mark.parametrize(
    ("language", "station_heading", "funding_heading"),
    [
        (
            "ru",
            "Разница (копия − официальные итоги)",
            "Разница (официальные итоги − копия), голосов",
        ),
        (
            "kk",
            "Айырма (көшірме − ресми қорытынды)",
            "Айырма (ресми қорытындылар − көшірме), дауыс",
        ),
    ],
)
def test_each_difference_column_states_its_own_sign(
    case_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    station_heading: str,
    funding_heading: str,
) -> None:
    """The stations' table counts copy − official, the funding table official − copy (what the
    official figures pay beyond the copies): opposite signs, so each column says which."""
    folder = _kurultai_funded(case_dir, monkeypatch)
    edit_case(folder, _to(PROSECUTOR))
    text = _appeal(folder, language)
    assert station_heading in text
    assert funding_heading in text
