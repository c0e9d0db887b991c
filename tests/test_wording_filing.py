"""What a filing lawyer found in the letters: every expected sentence is written here by hand,
in Russian and in Kazakh, for the kinds of authority and the variations that change it.

A late claim or complaint asks to restore its time limit; the letters sent on the same facts
are named in the forms of data/reference/authorities.yaml (`sent_to`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case
from election_appeal import api
from test_wording_letters import _awarded_as_version_1, _official_for_the_copies
from test_wording_presumptions import _html, _one_contest_one_station, _text

# The commission above the one whose decision is contested (a complaint about a commission's
# own decision is refused by `check`).
COMMISSION = (
    "city_court: {kind: election_commission, name: {ru: Центральная избирательная комиссия "
    "Республики Казахстан, kk: Қазақстан Республикасының Орталық сайлау комиссиясы}}\n"
)


def _appeal(case_dir: Path, language: str) -> str:
    return _text(_html(case_dir, language))


# 1. A claim or complaint dated after its time limit asks to restore it.

RESTORE_HEADING = {
    "ru": "Ходатайство о восстановлении пропущенного срока",
    "kk": "Өткізіп алынған мерзімді қалпына келтіру туралы өтінішхат",
}
RESTORE_CLAIM = {
    "ru": "Истец просит суд восстановить пропущенный срок обращения в суд. Причины пропуска "
    "срока: [Укажите причины пропуска срока и приложите документы, которые их подтверждают.]",
    "kk": "Талап қоюшы өткізіп алынған талап қою мерзімін қалпына келтіруді соттан сұрайды. "
    "Мерзімді өткізіп алу себептері: [Мерзімді өткізіп алу себептерін көрсетіңіз және оларды "
    "растайтын құжаттарды қоса беріңіз.]",
}
RESTORE_COMPLAINT = {
    "ru": "Заявитель просит восстановить пропущенный срок обжалования. Причины пропуска срока: "
    "[Укажите причины пропуска срока и приложите документы, которые их подтверждают.]",
    "kk": "Өтініш беруші өткізіп алынған шағымдану мерзімін қалпына келтіруді сұрайды. Мерзімді "
    "өткізіп алу себептері: [Мерзімді өткізіп алу себептерін көрсетіңіз және оларды растайтын "
    "құжаттарды қоса беріңіз.]",
}
# The claim's requests come after the motion: the merits are asked for once it is made.
REQUESTS = {"ru": "ПРОШУ", "kk": "СҰРАЙМЫН"}
MISSED = {"ru": "срок пропущен.", "kk": "мерзім өткізіп алынған."}
MET = {"ru": "срок не пропущен.", "kk": "мерзім өткізілмеген."}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("kind", ["court", "election_commission"])
def test_a_late_claim_or_complaint_asks_to_restore_the_time_limit(
    case_dir: Path, language: str, kind: str
) -> None:
    # 10 days from the decision of 11 October 2021 end on 21 October; signed on 22 November.
    to_the_court(case_dir, "2021-11-22")
    if kind == "election_commission":
        (case_dir / "authorities.yaml").write_text(COMMISSION, encoding="utf-8")
    text = _appeal(case_dir, language)
    motion = (RESTORE_CLAIM if kind == "court" else RESTORE_COMPLAINT)[language]
    assert MISSED[language] in text
    assert f"{RESTORE_HEADING[language]} {motion}" in text
    assert text.index(motion) < text.index(REQUESTS[language])
    assert text.count(RESTORE_HEADING[language]) == 1


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("signed", ["2021-10-18", "2021-10-21"])
def test_a_claim_within_its_time_limit_asks_nothing_to_be_restored(
    case_dir: Path, language: str, signed: str
) -> None:
    """Signed before the last day (21 October 2021) or on it: the limit is met."""
    to_the_court(case_dir, signed)
    text = _appeal(case_dir, language)
    assert MET[language] in text
    assert RESTORE_HEADING[language] not in text
    assert "[" + RESTORE_CLAIM[language].split("[")[1] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_letter_to_a_prosecutor_states_no_time_limit_to_restore(
    case_dir: Path, language: str
) -> None:
    """The example, to the Prosecutor General's Office, states no time limit of its own."""
    text = _appeal(case_dir, language)
    assert RESTORE_HEADING[language] not in text


@pytest.mark.slow
def test_the_build_warns_once_of_the_blank_reasons(case_dir: Path) -> None:
    """The late claim's warning says that the document carries the motion and that its blank
    is to be filled, once: `check` and the build share it."""
    to_the_court(case_dir, "2021-11-22")
    warnings = api.render(case_dir, formats=["docx"], language="ru").warnings
    said = [w for w in warnings if "time limit for filing the administrative claim" in w]
    assert len(said) == 1, warnings
    assert (
        "Before filing, replace the bracketed blank in the claim's section on restoring the time "
        "limit with the reasons it was missed, and attach the documents that confirm them"
    ) in said[0]
    # The blank is not warned of a second time in other words.
    assert [w for w in warnings if "bracketed blank" in w] == said


# 3. The letters sent on the same facts to authorities of other kinds.

SEPARATELY = {
    "ru": "По этим же обстоятельствам также направлены заявления об уголовном правонарушении в "
    "Департамент Агентства Республики Казахстан по противодействию коррупции по городу Алматы "
    "и в Департамент полиции города Алматы.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы "
    "іс-қимыл агенттігінің Алматы қаласы бойынша департаментіне және Алматы қаласы Полиция "
    "департаментіне қылмыстық құқық бұзушылық туралы арыздар жіберілді.",
}
TO_THE_GENERAL = {
    "ru": "По этим же обстоятельствам также направлено заявление в Генеральную прокуратуру "
    "Республики Казахстан; заявление об уголовном правонарушении направлено в Департамент "
    "полиции города Алматы.",
    "kk": "Осы мән-жайлар бойынша сондай-ақ Қазақстан Республикасының Бас прокуратурасына арыз, "
    "Алматы қаласы Полиция департаментіне қылмыстық құқық бұзушылық туралы арыз жіберілді.",
}
OLD_LABEL = {"ru": "(адресат — документ)", "kk": "(алушы — құжат)"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_other_letters_are_named_in_the_case_their_sentence_needs(
    case_dir: Path, language: str
) -> None:
    text = _appeal(case_dir, language)
    assert SEPARATELY[language] in text
    assert OLD_LABEL[language] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_anticorruption_letter_names_the_prosecutor_general_and_the_police(
    case_dir: Path, language: str
) -> None:
    def to_anticorruption(d: dict) -> None:
        d["addressees"] = [
            {"id": "anticorruption_almaty", "role": "to"},
            {"id": "prosecutor_general", "role": "cc"},
            {"id": "police_almaty", "role": "cc"},
        ]

    edit_case(case_dir, to_anticorruption)
    text = _appeal(case_dir, language)
    assert TO_THE_GENERAL[language] in text


# An authority of the case folder without its forms: its group named in the nominative.
LOCAL_POLICE = (
    "police_local:\n  kind: police\n  name:\n    ru: Управление полиции района\n"
    "    kk: Аудан полиция басқармасы\n"
)
NOMINATIVE = {
    "ru": "По этим же обстоятельствам также направлены заявления об уголовном правонарушении "
    "(адресаты: Департамент Агентства Республики Казахстан по противодействию коррупции по "
    "городу Алматы и Управление полиции района).",
    "kk": "Осы мән-жайлар бойынша сондай-ақ қылмыстық құқық бұзушылық туралы арыздар жіберілді "
    "(алушылар: Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің Алматы "
    "қаласы бойынша департаменті және Аудан полиция басқармасы).",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_authority_without_its_forms_leaves_all_in_the_nominative(
    case_dir: Path, language: str
) -> None:
    (case_dir / "authorities.yaml").write_text(LOCAL_POLICE, encoding="utf-8")

    def local_police(d: dict) -> None:
        d["addressees"] = [
            {"id": "prosecutor_general", "role": "to"},
            {"id": "anticorruption_almaty", "role": "cc"},
            {"id": "police_local", "role": "cc"},
        ]

    edit_case(case_dir, local_police)
    text = _appeal(case_dir, language)
    assert NOMINATIVE[language] in text
    assert SEPARATELY[language] not in text


# 2. The funding rule of another year is told as that year's, in the past tense.


def _october_2026(funding_year: int):
    def change(d: dict) -> None:
        d["election"]["date"] = "2026-10-04"
        d["appeal"]["date"] = "2026-10-20"
        d["funding"]["year"] = funding_year

    return change


# 3 % of the 2024 minimum wage (85 000) is 2 550 tenge; 0,65 of the 2026 МРП (4 325) is
# 2 811,25 tenge (data/reference/wages.csv, funding.yaml).
RULE_OF_2024 = {
    "ru": "по правилу, действовавшему в 2024 году, партиям, представленным в Мажилисе, за каждый "
    "поданный за них голос выплачивалось в год 3 % минимального размера заработной платы. "
    "В 2024 году минимальный размер заработной платы составлял 85 000 тенге, то есть один голос "
    "стоил 2 550 тенге в год",
    "kk": "2024 жылғы қағида бойынша Мәжілісте өкілдігі бар партияларға олар үшін "
    "берілген әр дауыс үшін жылына жалақының ең төмен мөлшерінің 3 %-ы төленді. 2024 жылы "
    "жалақының ең төмен мөлшері 85 000 теңге болды, яғни бір дауыс жылына 2 550 теңге",
}
PRESENT = {"ru": "ежегодно выплачивается", "kk": "жыл сайын"}
RULE_OF_2026 = {
    "ru": "партиям, представленным в Мажилисе, за каждый поданный за них голос ежегодно "
    "выплачивается 0,65 месячного расчетного показателя.",
    "kk": "Мәжілісте өкілдігі бар партияларға олар үшін берілген әр дауыс үшін жыл сайын 0,65 "
    "айлық есептік көрсеткіш төленеді.",
}
PAST = {"ru": "выплачивалось", "kk": "төленді"}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("main", ["prosecutor_general", "anticorruption_almaty"])
def test_the_funding_rule_of_an_earlier_year_is_told_as_that_years(
    case_dir: Path, language: str, main: str
) -> None:
    edit_case(case_dir, _october_2026(2024))
    edit_case(case_dir, lambda d: d.update(addressees=[{"id": main, "role": "to"}]))
    text = _appeal(case_dir, language)
    assert RULE_OF_2024[language] in text
    assert PRESENT[language] not in text
    # Nor is the sum paid by those rates told in the present.
    assert {"ru": "выплачивается", "kk": "төленеді"}[language] not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_funding_rule_of_the_appeals_year_is_told_in_the_present(
    case_dir: Path, language: str
) -> None:
    edit_case(case_dir, _october_2026(2026))
    text = _appeal(case_dir, language)
    assert RULE_OF_2026[language] in text
    assert PAST[language] not in text


# The rates of the appeal's own year are told in the present, those of an earlier year in the
# past, down to the yearly sum paid to the parties together (the prosecutor's letter).
RATES_OF = {
    (2026, "ru"): "В 2026 году месячный расчетный показатель составляет 4 325 тенге, то есть "
    "один голос стоит 2 811,25 тенге в год",
    (2026, "kk"): "2026 жылы айлық есептік көрсеткіш — 4 325 теңге, яғни бір дауыс жылына "
    "2 811,25 теңге, ал 5 жылдық өкілеттік мерзімінде 2026 жылғы мөлшер бойынша 14 056,25 "
    "теңге құрайды.",
    (2024, "ru"): "В 2024 году минимальный размер заработной платы составлял 85 000 тенге, то "
    "есть один голос стоил 2 550 тенге в год",
    (2024, "kk"): "2024 жылы жалақының ең төмен мөлшері 85 000 теңге болды, яғни бір дауыс "
    "жылына 2 550 теңге, ал 5 жылдық өкілеттік мерзімінде 2024 жылғы мөлшер бойынша 12 750 "
    "теңге құрады.",
}
SUM_PAID = {
    (2026, "ru"): "сумма, выплачиваемая этим партиям вместе за год, превышает этот размер",
    (2026, "kk"): "осы партиялардың екеуіне бірге төленетін жылдық сома бұл мөлшерден асады",
    (2024, "ru"): "сумма, выплачивавшаяся этим партиям вместе за год, превышает этот размер",
    (2024, "kk"): "осы партиялардың екеуіне бірге төленген жылдық сома бұл мөлшерден асады",
}
OTHER_TENSE = {
    (2026, "ru"): ["составлял", "стоил", "выплачивавшаяся"],
    (2026, "kk"): ["болды", "құрады", "бірге төленген"],
    (2024, "ru"): ["плата составляет", "голос стоит", "выплачиваемая"],
    (2024, "kk"): ["теңге құрайды", "бірге төленетін"],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("year", [2026, 2024])
def test_the_rates_are_in_the_present_only_for_the_appeals_year(
    case_dir: Path, language: str, year: int
) -> None:
    edit_case(case_dir, _october_2026(year))
    text = _appeal(case_dir, language)
    assert RATES_OF[year, language] in text
    assert SUM_PAID[year, language] in text
    assert [w for w in OTHER_TENSE[year, language] if w in text] == []


# 5. Official station figures that break a control ratio are said in the letter.

# Station 12's maslikhat copy: in the boxes 281 = 4 invalid + 33 + 154 + 26 + 54 + 10. The
# official row takes «Nur Otan» up to 159: 4 + 33 + 159 + 26 + 54 + 10 = 286, and
# 281 − 286 = −5.
OFFICIAL_BREAKS = {
    "ru": "Официальные цифры участка № 12 («Маслихат») не выполняют контрольное соотношение "
    "протокола: число бюллетеней в ящиках не равно сумме недействительных бюллетеней и голосов "
    "за партии (разница \u22125). Такие официальные цифры сами по себе требуют проверки.",
    "kk": "«Мәслихат»: № 12 учаскенің ресми сандары хаттаманың бақылау арақатынасына "
    "сәйкес келмейді: жәшіктердегі бюллетеньдер саны жарамсыз бюллетеньдер мен партияларға "
    "берілген дауыстардың қосындысына тең емес (айырма \u22125). Мұндай ресми сандардың өзі "
    "тексеруді қажет етеді.",
}
NO_BREAK = {"ru": "Официальные цифры участк", "kk": "арақатынасына сәйкес келмейді"}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("main", ["prosecutor_general", "police_almaty"])
@pytest.mark.parametrize("delta", [5, 0])
def test_official_figures_breaking_a_ratio_are_said(
    case_dir: Path, language: str, main: str, delta: int
) -> None:
    _one_contest_one_station(case_dir)
    _official_for_the_copies(case_dir, delta)
    edit_case(case_dir, lambda d: d.update(addressees=[{"id": main, "role": "to"}]))
    text = _appeal(case_dir, language)
    if delta:
        assert OFFICIAL_BREAKS[language] in text
    else:
        assert NO_BREAK[language] not in text


# 6. Lists end on «и» / «және»; one copy is not numbered; a party named mid-sentence in lower
# case.

EXAMPLE_LISTS = {
    "ru": [
        "разница у партий НПК, «Ауыл», «Ак жол» и «ADAL» в сумме имеет иной знак",
        "получили: «Nur Otan» и «ADAL»; меньше — НПК, «Ауыл» и «Ак жол».",
        "сумма, выплачиваемая этим партиям вместе за год, превышает этот размер, а выплата "
        "каждой из партий НПК и «Ак жол» в отдельности превышает его.",
        "наибольшая разница — у партии «Nur Otan»: 39 542 голоса (таблица 1).",
        "К сведению: Прокуратура города Алматы",
    ],
    "kk": [
        "Хаттамалардың көшірмелері бойынша ҚХП, «Ауыл», «Ақ жол» және «ADAL» партияларының",
        "көп дауыс алғандар: «Nur Otan» және «ADAL»; аз дауыс алғандар — ҚХП, «Ауыл» және "
        "«Ақ жол».",
        "ал ҚХП және «Ақ жол» партияларының әрқайсысына жеке төлем одан асады.",
        "Мәлімет үшін: Алматы қаласының прокуратурасы",
    ],
}
EXAMPLE_NOT = {
    "ru": ["НПК, «Ак жол»", "«Ак жол», «ADAL»", "годовая сумма", "1) Прокуратура", "(Партия"],
    "kk": ["ҚХП, «Ақ жол»", "«Ақ жол», «ADAL»", "1) Алматы"],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_examples_lists_read_as_running_text(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language)
    assert [s for s in EXAMPLE_LISTS[language] if s not in text] == []
    assert [s for s in EXAMPLE_NOT[language] if s in text] == []


# NPK's Mazhilis figure raised from 43 337 to 83 388: maslikhat − Mazhilis = 23 388 − 83 388 =
# −60 000, beyond «Nur Otan»'s +39 542. The party is named by its short name in both languages,
# as in the Russian sentence.
# The Russian sentence gives the size after «—» unsigned (a minus after a dash reads as a second
# dash); the next sentence says which way: НПК is among the parties with fewer votes.
LARGEST_NPK = {
    "ru": "наибольшая разница — у партии НПК: 60 000 голосов (таблица 1). По итогам выборов "
    "депутатов маслихата города Алматы больше голосов, чем по итогам выборов депутатов Мажилиса "
    "Парламента Республики Казахстан, получили: «Nur Otan» и «ADAL»; меньше — НПК, «Ауыл» и "
    "«Ак жол».",
    "kk": "ең үлкен айырма −60 000 дауысты құрайды (ҚХП партиясы; 1-кесте).",
}
FULL_NAME = {"ru": "(партия Народная", "kk": "(Қазақстан Халық партиясы;"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_largest_difference_names_the_party_by_its_short_name(
    case_dir: Path, language: str
) -> None:
    def raise_npk(d: dict) -> None:
        next(c for c in d["contests"] if c["id"] == "mazhilis")["votes"]["npk"] = 83388

    edit_case(case_dir, raise_npk)
    text = _appeal(case_dir, language)
    assert LARGEST_NPK[language] in text
    assert FULL_NAME[language] not in text
    # No signed figure follows a dash anywhere in the letter.
    assert re.findall(r"— [−+]\d", text) == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_party_over_the_threshold_is_not_each_of_the_parties(
    case_dir: Path, language: str
) -> None:
    """«Nur Otan» funded too, with more votes in the maslikhat: НПК alone is paid beyond the
    maslikhat's result (25 434 975 tenge a year, above 4 000 × 2 917 = 11 668 000): its own
    amount is the sum, said once, of one party."""
    edit_case(case_dir, lambda d: d["funding"].update(funded_parties=["npk", "nur_otan"]))
    text = _appeal(case_dir, language)
    expected = {
        "ru": "то есть 11 668 000 тенге в 2021 году; выплата партии НПК превышает его.",
        "kk": "яғни 2021 жылы 11 668 000 теңге; ҚХП партиясы үшін төлем одан асады.",
    }
    # The article on fraud is cited for that one party's money.
    fraud = {
        "ru": "в части бюджетных средств, выплачиваемых по итогам выборов партии НПК (в особо "
        "крупном размере), если итоги были изменены.",
        "kk": "сайлау қорытындылары бойынша ҚХП партиясына (аса ірі мөлшерде) төленетін бюджет "
        "қаражаты бөлігінде.",
    }
    wrong = {
        "ru": ["каждой из партий", "вместе за год", "каждой в отдельности", "партиям НПК"],
        "kk": ["партияларының әрқайсысына", "бірге төленетін", "партияларына"],
    }
    assert expected[language] in text
    assert fraud[language] in text
    assert [w for w in wrong[language] if w in text] == []


# 7. A claimant other than a voter attaches what proves the standing.

PROOF = {
    ("observer", "ru"): "Копия направления наблюдателя на избирательный участок № 12 "
    "(организация, направившая наблюдателя: ОФ «Пример»)",
    ("observer", "kk"): "Байқаушыны ОФ «Пример» атынан жіберу туралы жолдаманың көшірмесі "
    "(№ 12 сайлау учаскесі)",
    ("candidate", "ru"): "Копия документа о регистрации истца кандидатом в депутаты по "
    "партийному списку партии «Ак жол»",
    ("candidate", "kk"): "Талап қоюшыны «Ақ жол» партиясының тізімі бойынша депутаттыққа "
    "кандидат ретінде тіркеу туралы құжаттың көшірмесі",
    ("party_representative", "ru"): "Копия доверенности (решения) партии «Ак жол» о полномочиях "
    "представителя (полное наименование партии: Демократическая партия Казахстана «Ак жол»)",
    ("party_representative", "kk"): "Талап қоюшының «Ақ жол» партиясының өкілі екенін растайтын "
    "сенімхаттың (партия шешімінің) көшірмесі (партияның толық атауы: Қазақстанның «Ақ жол» "
    "демократиялық партиясы)",
}
STATUS = {
    "observer": {"kind": "observer", "organisation": "ОФ «Пример»", "station": 12},
    "candidate": {"kind": "candidate", "party": "ak_zhol"},
    "party_representative": {"kind": "party_representative", "party": "ak_zhol"},
    "voter": {"kind": "voter", "station": 12},
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("standing", list(STATUS))
@pytest.mark.parametrize("main", ["city_court", "prosecutor_general"])
def test_a_claim_attaches_the_proof_of_the_claimants_standing(
    case_dir: Path, language: str, standing: str, main: str
) -> None:
    to_the_court(case_dir)

    def given(d: dict) -> None:
        d["applicant"]["status"] = STATUS[standing]
        d["addressees"] = [{"id": main, "role": "to"}]

    edit_case(case_dir, given)
    text = _appeal(case_dir, language)
    attachments = text.split({"ru": "Приложение:", "kk": "Қосымша:"}[language])[-1]
    shown = [p for (kind, lang), p in PROOF.items() if lang == language and p in attachments]
    if main == "city_court" and standing != "voter":
        assert shown == [PROOF[(standing, language)]]
    else:  # a voter's standing is the station, said in the claim; a letter proves none
        assert shown == []


# One attachment is not numbered (the letter built here attaches one table), as one copy in
# «К сведению» is not; a claim attaches the table and its copy for the defendant: a numbered list.
HEADING = {"ru": "Приложение:", "kk": "Қосымша:"}


def _attachments_html(case_dir: Path, language: str) -> str:
    html = " ".join(_html(case_dir, language).split())
    return html.split(f"<strong>{HEADING[language]}</strong></p>")[1].split("<table")[0]


ONE_ATTACHMENT = {"ru": "<p>Таблица — на 1 л.</p>", "kk": "<p>Таблица — 1 парақта</p>"}
TWO_ATTACHMENTS = {
    "ru": "<ol> <li>Таблица — на 1 л.</li> <li>Копия административного иска с приложениями для "
    "ответчика</li> </ol>",
    "kk": "<ol> <li>Таблица — 1 парақта</li> <li>Жауапкерге арналған қосымшалары бар әкімшілік "
    "талап қоюдың көшірмесі</li> </ol>",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_single_attachment_is_not_numbered(case_dir: Path, language: str) -> None:
    assert _attachments_html(case_dir, language).strip() == ONE_ATTACHMENT[language]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_claims_two_attachments_are_numbered(case_dir: Path, language: str) -> None:
    to_the_court(case_dir)
    assert _attachments_html(case_dir, language).strip() == TWO_ATTACHMENTS[language]


# 8. A crime report leaves out an allocation of seats that changes no seat.

OWN_SEATS = {"ru": "Распределение мандатов", "kk": "Мандаттарды бөлу"}
VERSION_1 = {"ru": "Версия 1:", "kk": "1-нұсқа:"}
VERSION_2 = {"ru": "Версия 2:", "kk": "2-нұсқа:"}
UNNUMBERED = {"ru": "Версия: волеизъявлению", "kk": "Нұсқа: сайлаушылардың"}
KINDS = ["prosecutor_general", "police_almaty", "anticorruption_almaty"]


def _only(main: str):
    return lambda d: d.update(addressees=[{"id": main, "role": "to"}])


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("main", KINDS)
def test_a_crime_report_of_one_station_has_no_seats_the_station_does_not_change(
    case_dir: Path, language: str, main: str
) -> None:
    """The maslikhat alone, one copy: its own votes give the seats awarded."""
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _only(main))
    text = _appeal(case_dir, language)
    assert (OWN_SEATS[language] in text) is (main == "prosecutor_general")


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("main", KINDS)
@pytest.mark.parametrize("change", ["differ", "as_awarded"])
def test_a_crime_report_keeps_version_1_only_when_seats_would_go_otherwise(
    case_dir: Path, language: str, main: str, change: str
) -> None:
    if change == "as_awarded":
        edit_case(case_dir, _awarded_as_version_1)
    edit_case(case_dir, _only(main))
    text = _appeal(case_dir, language)
    shown = main == "prosecutor_general" or change == "differ"
    assert (VERSION_1[language] in text) is shown
    # The funding's version is numbered 2 only after a version 1.
    assert (VERSION_2[language] in text) is shown
    assert (UNNUMBERED[language] in text) is not shown
