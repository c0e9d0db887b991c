"""What a letter asks for and states, by what the case's facts support: a recheck of the stations
instead of setting the result aside where no seat would change, no party funding before a
commission, no threshold a crime report would argue against itself with, the violated right of
a candidate whose list would win seats, the contested decision in a complaint's title, one
request to report back, the other letters said as filed, and a warning for every blank.

Every expected sentence is written here by hand. The example (data/almaty-2021): the maslikhat's
39 seats, 7 % threshold, largest remainders. Its own votes (npk 23 388, nur_otan 218 003, auyl
24 591, ak_zhol 32 367, adal 21 733; «ADAL» under 7 % of 320 082) give quota 298 349 / 39 =
7 649.97: 3, 28, 3, 4 and the largest remainder (.497) to «Nur Otan», 29: the seats awarded.
By the Mazhilis votes (43 337, 178 461, 31 802, 48 887; «ADAL» 18 835 under 7 % of 321 322):
quota 302 487 / 39 = 7 756.08, 5, 23, 4, 6 and the largest remainder (.587) to НПК: 6, 23, 4,
6, so «Ак жол» would win 6 − 4 = 2 seats more, «Nur Otan» 6 fewer.

«Small»: the Mazhilis given the maslikhat's votes but for НПК +10 and «ADAL» −10: the same
allocation (НПК 23 398 still over 7 %, «ADAL» 21 723 under; quota 7 650.23, the largest
remainder still «Nur Otan»'s), so no seat changes; НПК is paid for 10 votes more, 10 × 1 275 =
12 750 tenge a year, far under the 11 668 000 tenge of the especially large amount.

The claim's tables: 1 the official results, 2 the sample, 3 the seats (no funding table). The copies
of stations 170 and 440 break a control ratio of the protocol (the sample section lists them).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from claim_variant import later_election, to_the_court
from conftest import EXAMPLE, ROOT, edit_case
from election_appeal.analysis import analyse
from election_appeal.analysis.facts import copies_change_seats
from election_appeal.analysis.official import OfficialDifference
from election_appeal.case import load_case
from election_appeal.case.routes import BLANKS
from election_appeal.render import render_case
from election_appeal.render.context import RegisterEntry, letters
from election_appeal.render.documents import Renderer
from test_wording_presumptions import AGENCY, CEC, POLICE, PROSECUTOR, _appeal, _text, _to

CITY_PROSECUTOR = "prosecutor_almaty"


def _small(d: dict) -> None:
    mazhilis, maslikhat = d["contests"][0], d["contests"][1]
    mazhilis["votes"] = dict(maslikhat["votes"])
    mazhilis["votes"]["npk"] += 10
    mazhilis["votes"]["adal"] -= 10


def _copy(tmp_path: Path) -> Path:
    """Another copy of the example, beside the test's case_dir."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    return target


def _both(*changes):
    def change(d: dict) -> None:
        for c in changes:
            c(d)

    return change


# A7. Setting aside the result only where a seat would change.

RECOUNT = {
    "ru": (
        "назначить пересчет голосов (повторную проверку протоколов об итогах голосования) на "
        "избирательных участках № 170, 440 и при подтверждении расхождений внести "
        "соответствующие исправления в протоколы этих участков и в итоги выборов депутатов "
        "маслихата города Алматы;"
    ),
    "kk": (
        "№ 170, 440 сайлау учаскелерінде дауыстарды қайта санауды (дауыс беру қорытындылары "
        "туралы хаттамаларды қайта тексеруді) тағайындау және алшақтықтар расталған жағдайда "
        "осы учаскелердің хаттамаларына және Алматы қаласы мәслихатының депутаттарын сайлаудың "
        "қорытындыларына тиісті түзетулер енгізу;"
    ),
}
SET_ASIDE = {"ru": "отменить решение об итогах", "kk": "шешімнің күшін жою"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_sets_the_result_aside_only_where_seats_would_change(
    case_dir: Path, tmp_path: Path, language: str
) -> None:
    edit_case(case_dir, _both(_small, _to(CEC)))
    text = _appeal(case_dir, language)
    assert RECOUNT[language] in text
    assert SET_ASIDE[language] not in text
    # The example: version 1 gives other seats, so the decision is asked to be set aside.
    example = _copy(tmp_path)
    edit_case(example, _to(CEC))
    text = _appeal(example, language)
    assert SET_ASIDE[language] in text
    assert RECOUNT[language] not in text


CLAIM_RECOUNT = {
    "ru": (
        "обязать ответчика перепроверить протоколы об итогах голосования избирательных участков "
        "№ 170, 440 по копиям протоколов, полученным наблюдателями (приложение 1), и при "
        "подтверждении расхождений внести соответствующие исправления в протоколы этих "
        "участков и в итоги выборов депутатов маслихата города Алматы."
    ),
    "kk": (
        "жауапкерді № 170, 440 сайлау учаскелерінің дауыс беру қорытындылары туралы "
        "хаттамаларын байқаушылар алған хаттама көшірмелері бойынша (1-қосымша) қайта "
        "тексеруге және алшақтықтар расталған жағдайда осы учаскелердің хаттамаларына және "
        "Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындыларына тиісті түзетулер "
        "енгізуге міндеттеу."
    ),
}
CLAIM_SET_ASIDE = {"ru": "признать незаконным и отменить", "kk": "заңсыз деп тану және оның күшін"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_claim_sets_the_result_aside_only_where_seats_would_change(
    case_dir: Path, tmp_path: Path, language: str
) -> None:
    to_the_court(case_dir)
    edit_case(case_dir, _small)
    text = _appeal(case_dir, language)
    assert CLAIM_RECOUNT[language] in text
    assert CLAIM_SET_ASIDE[language] not in text
    example = _copy(tmp_path)
    to_the_court(example)
    text = _appeal(example, language)
    assert CLAIM_SET_ASIDE[language] in text
    assert CLAIM_RECOUNT[language] not in text


# B4. No party funding before a commission (nor a court); the other letters keep it.

FUNDING = {
    "ru": "Стоимость разницы голосов в государственном финансировании партий",
    "kk": "Партияларды мемлекеттік қаржыландырудағы дауыстар айырмасының құны",
}
MONEY = {"ru": "тенге", "kk": "теңге"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_only_a_commission_of_the_example_s_addressees_gets_no_funding_section(
    case_dir: Path, language: str
) -> None:
    """The example's parties pass the threshold: the three criminal authorities keep the
    section, the commission has none."""
    for addressee in (PROSECUTOR, AGENCY, POLICE, CEC):
        edit_case(case_dir, _to(addressee))
        text = _appeal(case_dir, language)
        assert (FUNDING[language] in text) is (addressee != CEC), addressee
        assert (MONEY[language] in text) is (addressee != CEC), addressee


# B2. No threshold the applicant argues against himself with, no section no article needs.

NOT_REACHED = {
    "ru": "выплата партии НПК его не превышает",
    "kk": "ҚХП партиясы үшін төлем одан аспайды",
}
THRESHOLD = {"ru": "Особо крупным размером", "kk": "аса ірі мөлшер деп"}
FRAUD_ARTICLE = {"ru": "статьи 190", "kk": "190-бабы"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_police_report_under_the_threshold_has_no_funding_section(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _both(_small, _to(POLICE)))
    text = _appeal(case_dir, language)
    assert MONEY[language] not in text
    assert THRESHOLD[language] not in text
    assert FRAUD_ARTICLE[language] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_under_the_threshold_only_the_prosecutor_is_told_it_is_not_reached(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _both(_small, _to(AGENCY)))
    text = _appeal(case_dir, language)
    # НПК's own 10 votes × 1 275 tenge a year: the agency keeps the funding (its jurisdiction
    # rests on fraud by an official, of any amount), without the threshold.
    assert "12 750" in text
    assert THRESHOLD[language] not in text
    assert NOT_REACHED[language] not in text
    edit_case(case_dir, _to(PROSECUTOR))
    text = _appeal(case_dir, language)
    assert THRESHOLD[language] in text
    assert NOT_REACHED[language] in text


# B9. A candidate's violated right, when the facts show the list would win seats.

CANDIDATE_RIGHT = {
    "ru": (
        "Истец является кандидатом в депутаты по партийному списку партии «Ак жол». Если "
        "волеизъявлению избирателей соответствуют итоги выборов депутатов Мажилиса Парламента "
        "Республики Казахстан, то партия «Ак жол» получила бы на 2 мандата больше, чем ей "
        "выдано (таблица 3). Решение об итогах, не соответствующее протоколам участковых "
        "избирательных комиссий, нарушает право истца быть избранным."
    ),
    "kk": (
        "Талап қоюшы «Ақ жол» партиясының тізімі бойынша депутаттыққа кандидат болып табылады. "
        "Егер сайлаушылардың ерік білдіруіне Қазақстан Республикасы Парламенті Мәжілісінің "
        "депутаттарын сайлаудың қорытындылары сәйкес келсе, «Ақ жол» партиясы өзіне "
        "берілгеннен 2 мандат артық алар еді (3-кесте). Учаскелік сайлау комиссияларының "
        "хаттамаларына сәйкес келмейтін қорытындылар туралы шешім талап қоюшының сайлану "
        "құқығын бұзады."
    ),
}
RIGHT_BLANK = {"ru": "[Укажите, какие права", "kk": "[Дау айтылатын шешім талап қоюшының"}


def _candidate(party: str):
    def change(d: dict) -> None:
        d["applicant"]["status"] = {"kind": "candidate", "party": party, "contest": "maslikhat"}

    return change


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_candidate_states_the_right_to_be_elected_only_when_the_list_would_win_seats(
    case_dir: Path, language: str
) -> None:
    to_the_court(case_dir)
    edit_case(case_dir, _candidate("ak_zhol"))
    text = _appeal(case_dir, language)
    assert CANDIDATE_RIGHT[language] in text
    assert RIGHT_BLANK[language] not in text
    # «Nur Otan» would lose 6 seats by the Mazhilis votes: nothing supports the right.
    edit_case(case_dir, _candidate("nur_otan"))
    text = _appeal(case_dir, language)
    assert RIGHT_BLANK[language] in text
    assert "право истца быть избранным" not in text and "сайлану құқығын" not in text


# C1. A complaint names the decision it is against.

COMPLAINT_SUBTITLE = {
    "ru": (
        "ЖАЛОБА на решение от 11 октября 2021 г. об итогах выборов депутатов маслихата города "
        "Алматы (принявший его орган — Территориальная избирательная комиссия города Алматы)"
    ),
    "kk": (
        "ШАҒЫМ Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары туралы 2021 "
        "жылғы 11 қазандағы шешімге (шешімді қабылдаған орган — Алматы қаласы аумақтық сайлау "
        "комиссиясы)"
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_names_the_decision_its_date_and_the_commission(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _both(later_election, _to(CEC)))
    assert COMPLAINT_SUBTITLE[language] in _appeal(case_dir, language)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_complaint_without_the_decisions_date_names_the_decision_without_one(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _to(CEC))
    expected = {
        "ru": "ЖАЛОБА на решение об итогах выборов депутатов маслихата города Алматы ",
        "kk": "ШАҒЫМ Алматы қаласы мәслихатының депутаттарын сайлаудың қорытындылары туралы "
        "шешімге ",
    }
    assert expected[language] in _appeal(case_dir, language)


# C2. The written reply asked for once.

REPLY = {
    "ru": "О результатах рассмотрения прошу сообщить в письменной форме",
    "kk": "Қарау нәтижелері туралы жоғарыда",
}
IN_WRITING = {"ru": "в письменной форме", "kk": "жазбаша"}
LAST_REQUEST = {
    CEC: {
        "ru": "сообщить заявителю в письменной форме по указанному выше адресу о результатах "
        "сверки и о причинах расхождения итогов.",
        "kk": "жоғарыда көрсетілген мекенжай бойынша жазбаша түрде салыстыру нәтижелері және "
        "қорытындылар алшақтығының себептері туралы хабарлау.",
    },
    POLICE: {
        "ru": "сообщить заявителю в письменной форме по указанному выше адресу о принятом "
        "процессуальном решении, а при регистрации — о номере в Едином реестре досудебных "
        "расследований.",
        "kk": "жоғарыда көрсетілген мекенжай бойынша жазбаша түрде қабылданған процестік шешім "
        "туралы, ал тіркелген жағдайда тізілімдегі нөмірі туралы хабарлау.",
    },
}


@pytest.mark.parametrize("addressee", [CEC, POLICE])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_reply_is_asked_for_once_in_the_last_request(
    case_dir: Path, addressee: str, language: str
) -> None:
    edit_case(case_dir, _to(addressee))
    text = _appeal(case_dir, language)
    assert LAST_REQUEST[addressee][language] in text
    assert REPLY[language] not in text
    assert text.count(IN_WRITING[language]) == 1
    # The case's own requests replace the numbered list: the reply follows them, once.
    edit_case(case_dir, lambda d: d.update(requests=["провести проверку"]))
    text = _appeal(case_dir, language)
    assert REPLY[language] in text
    assert text.count(IN_WRITING[language]) == 1


# C3. The other letters said as filed, in the forms of authorities.yaml or after «адресат».

SEPARATELY_COURT = {
    "ru": "По этим же обстоятельствам также подан административный иск (адресат: "
    "Алматинский городской суд); заявления об уголовном правонарушении направлены в Департамент "
    "Агентства Республики Казахстан по противодействию коррупции по городу Алматы и в Департамент "
    "полиции города Алматы.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ әкімшілік талап қою берілді (алушы: Алматы "
    "қалалық соты); Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің "
    "Алматы қаласы бойынша департаментіне және Алматы қаласы Полиция департаментіне қылмыстық "
    "құқық бұзушылық туралы арыздар жіберілді.",
}


def _letter_to(case_dir: Path, addressee: str, language: str) -> str:
    data = load_case(case_dir)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    letter = next(x for x in letters(data, [None]) if x.addressee == addressee)
    renderer = Renderer(data, analyse(data), None)
    return _text(renderer.appeal_html([RegisterEntry("Таблица", 1)], letter))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_letter_beside_a_claim_says_the_claim_was_filed(case_dir: Path, language: str) -> None:
    """The claim's case: the court "to", the prosecutors, the agency and the police "cc"; the
    Prosecutor General's letter (the city's prosecutor given a copy) names the claim (the
    court has no sent_to: after «адресат») and the two reports."""
    to_the_court(case_dir)
    text = _letter_to(case_dir, PROSECUTOR, language)
    assert SEPARATELY_COURT[language] in text
    assert "направлен также отдельный документ" not in text
    assert "жеке құжат" not in text


SEPARATELY_COMPLAINT = {
    "ru": "По этим же обстоятельствам также подана жалоба в Центральную избирательную "
    "комиссию Республики Казахстан.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ Қазақстан Республикасының Орталық сайлау "
    "комиссиясына шағым берілді.",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_report_beside_a_complaint_says_the_complaint_was_filed(
    case_dir: Path, language: str
) -> None:
    addressees = [{"id": POLICE, "role": "to"}, {"id": CEC, "role": "cc"}]
    edit_case(case_dir, lambda d: d.update(addressees=addressees))
    assert SEPARATELY_COMPLAINT[language] in _appeal(case_dir, language)


# H2. Every blank a letter carries is warned about, by check and by build.

# Ten days from the election day, 10 January 2021 (no decision's date in the example), end on
# 20 January; the example is signed on 5 April.
LATE_COMPLAINT = (
    "Центральная избирательная комиссия Республики Казахстан: the time limit for filing the "
    "complaint ended on 20 January 2021 (10 days from the election day, 10 January 2021, as the "
    "decision's date is not given; статья 20 Конституционного закона Республики Казахстан от 28 "
    "сентября 1995 года № 2464 «О выборах в Республике Казахстан», not checked against the "
    "official text), and no provision on record lets a commission restore a missed time limit: "
    "the commission may return the complaint, and its motion to restore the time limit will "
    "probably not be granted. Routes without such a time limit remain: an appeal to the "
    "prosecutor's office for a check, and a report of a criminal offence to the police (an "
    "authority of kind prosecutor or police as the addressee, role: to). To file the complaint "
    "all the same, replace the bracketed blank in its section on restoring the time limit with "
    "the reasons it was missed, and attach the documents that confirm them"
)


def _late_cc(d: dict) -> None:
    # Signed on 5 April 2021: the complaint's ten days from the election day ended on 20 January.
    d["addressees"] = [{"id": PROSECUTOR, "role": "to"}, {"id": CEC, "role": "cc"}]


def test_a_late_complaint_written_as_a_cc_is_warned_of_its_blank_by_build(case_dir: Path) -> None:
    edit_case(case_dir, _late_cc)
    data = load_case(case_dir)
    rendered = render_case(data, analysis=analyse(data), formats=("xlsx",))
    assert LATE_COMPLAINT in rendered.warnings


def test_a_late_complaint_written_as_a_cc_is_warned_of_its_blank_by_check(
    case_dir: Path, run
) -> None:
    edit_case(case_dir, _late_cc)
    result = run("check", case_dir)
    assert " ".join(LATE_COMPLAINT.split()) in " ".join(result.output.split())
    # Signed on 15 January, within the ten days: no motion, no blank, no warning.
    edit_case(case_dir, lambda d: d["appeal"].update(date="2021-01-15"))
    assert "bracketed blank" not in run("check", case_dir).output
    assert "[Укажите" not in _appeal(case_dir, "ru")


def test_a_candidate_claim_stating_the_right_is_not_warned_of_a_blank(case_dir: Path, run) -> None:
    to_the_court(case_dir)
    edit_case(case_dir, _candidate("ak_zhol"))
    assert "which right of the claimant" not in run("check", case_dir).output
    edit_case(case_dir, _candidate("nur_otan"))
    assert "which right of the claimant" in run("check", case_dir).output


def test_the_blanks_warned_of_are_the_blanks_the_letter_carries(case_dir: Path) -> None:
    """A late claim of a candidate whose list would lose seats: both blanks, both warned."""
    to_the_court(case_dir, "2021-11-30")
    edit_case(case_dir, _candidate("nur_otan"))
    data = load_case(case_dir)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": "ru"}))
    text = _appeal(case_dir, "ru")
    assert text.count("[Укажите") == 2
    rendered = render_case(data, analysis=analyse(data), formats=("xlsx",))
    blanks = [w for w in rendered.warnings if "bracketed" in w and "Алматинский" in w]
    assert len(blanks) == 2


def test_every_bracketed_blank_of_the_phrasebooks_is_on_the_list_of_blanks() -> None:
    """A blank added to a phrasebook without its place in BLANKS would go unwarned: each
    language's phrasebook holds exactly one bracketed sentence per blank of the list."""
    for language in ("ru", "kk"):
        phrases = (ROOT / "templates" / language / "appeal.phrases.j2").read_text(encoding="utf-8")
        # A blank opens with a capital letter: «[Укажите …]», «[Мерзімді …]».
        bracketed = re.findall(r"\[[А-ЯӘҒҚҢӨҰҮІ][^\]\"{}]*\]", phrases)
        assert len(bracketed) == len(BLANKS), (language, bracketed)


def _difference(party: str, difference: int) -> OfficialDifference:
    return OfficialDifference("1", "maslikhat", party, True, 0, 0, difference, 2, 2)


def test_the_copies_change_the_seats_only_when_their_votes_move_a_seat() -> None:
    """The example's maslikhat (admitted: НПК 23 388, «Nur Otan» 218 003, «Ауыл» 24 591, «Ак
    жол» 32 367; 39 seats). «Nur Otan» −1 000: quota 297 349 / 39 = 7 624.33, shares 3.07,
    28.46, 3.23, 4.25: the last seat still to «Nur Otan» (.46), nothing changes. «Ак жол»
    +2 000: quota 300 349 / 39 = 7 701.26, «Ак жол» 4.46 against «Nur Otan» 28.31: the last
    seat goes to «Ак жол»."""
    case = load_case(EXAMPLE).case
    maslikhat = case.contest("maslikhat")
    assert copies_change_seats(case, maslikhat, [_difference("nur_otan", -1000)]) is False
    assert copies_change_seats(case, maslikhat, [_difference("ak_zhol", 2000)]) is True
    assert copies_change_seats(case, maslikhat, []) is False
