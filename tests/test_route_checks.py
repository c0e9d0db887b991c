"""`appeal check` on routes a filing would fail on although every field is valid (case/
route_checks.py): a complaint to the commission whose own decision it contests (an error), a
commission beside a court on the same decision, a late complaint to a commission, a claim
whose procedure is not confirmed (warnings). Each is asked present where it applies and absent
where it does not, in Russian and in Kazakh.

The cases: the example moved to the illustrative election of 10 October 2021 whose maslikhat
result the city's territorial commission decided on the 11th (claim_variant.py); 10 days from
then (law.yaml, unverified) end on 21 October, so a complaint signed on 22 November is late and
one signed on the 18th is not. The Kurultai example's only result is the CEC's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claim_variant import CLAIM, COURT, TEC, TEC_KK, later_election
from conftest import ROOT, edit_case

TEC_ENTRY = f"tec_almaty: {{kind: election_commission, name: {{ru: {TEC}, kk: {TEC_KK}}}}}\n"
CEC = {
    "ru": "Центральная избирательная комиссия Республики Казахстан",
    "kk": "Қазақстан Республикасының Орталық сайлау комиссиясы",
}
COURT_NAME = {"ru": "Алматинский городской суд", "kk": "Алматы қалалық соты"}
TEC_NAME = {"ru": TEC, "kk": TEC_KK}
PREFIX = {"ru": ("Ошибка: ", "Предупреждение: "), "kk": ("Қате: ", "Ескерту: ")}

ART_20_9 = {
    "ru": "пункт 9 статьи 20 Конституционного закона Республики Казахстан от 28 сентября 1995 "
    "года № 2464 «О выборах в Республике Казахстан», не сверено с официальным текстом",
    "kk": "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
    "28 қыркүйектегі № 2464 Конституциялық заңының 20-бабының 9-тармағы, ресми мәтінмен "
    "салыстырылмаған",
}
APPC_131 = {
    "ru": "подпункт 1) части 1 статьи 131 Административного процедурно-процессуального "
    "кодекса Республики Казахстан от 29 июня 2020 года № 350-VI, не сверено с официальным "
    "текстом",
    "kk": "Қазақстан Республикасының 2020 жылғы 29 маусымдағы № 350-VI Әкімшілік "
    "рәсімдік-процестік кодексінің 131-бабы бірінші бөлігінің 1) тармақшасы, ресми мәтінмен "
    "салыстырылмаған",
}
APPC_138 = {
    "ru": "подпункт 11) части 2 статьи 138 Административного процедурно-процессуального "
    "кодекса Республики Казахстан от 29 июня 2020 года № 350-VI, не сверено с официальным "
    "текстом",
    "kk": "Қазақстан Республикасының 2020 жылғы 29 маусымдағы № 350-VI Әкімшілік "
    "рәсімдік-процестік кодексінің 138-бабы екінші бөлігінің 11) тармақшасы, ресми мәтінмен "
    "салыстырылмаған",
}


def own_decision(who: str, n: int, language: str) -> str:
    if language == "ru":
        return (
            f"{who} — комиссия, установившая итоги, которые обжалует жалоба "
            f"(contests[{n}].decided_by): комиссия не рассматривает жалобу на собственное "
            "решение. Жалоба подается в комиссию, вышестоящую по отношению к принявшей решение; "
            "у Центральной избирательной комиссии вышестоящей нет, ее решения обжалуются в суд "
            "(в Верховный Суд, по сообщениям его пресс-службы; норма не прочитана). Вместо "
            f"адресата «{who}» укажите вышестоящую комиссию или суд (role: to)"
        )
    return (
        f"{who} — шағым дау айтатын қорытындыларды белгілеген комиссия "
        f"(contests[{n}].decided_by): комиссия өз шешіміне берілген шағымды қарамайды. Шағым "
        "шешім қабылдаған комиссиядан жоғары тұрған комиссияға беріледі; Орталық сайлау "
        "комиссиясынан жоғары комиссия жоқ, оның шешімдеріне сотқа (оның баспасөз қызметінің "
        "хабарлауынша, Жоғарғы Сотқа; норма оқылмаған) шағым жасалады. "
        f"«{who}» адресатының орнына жоғары тұрған комиссияны немесе сотты (role: to) көрсетіңіз"
    )


def both_routes(commission: str, court: str, language: str) -> str:
    if language == "ru":
        return (
            f"{commission} и {court} указаны адресатами по одному и тому же решению: пока дело "
            "рассматривает суд, комиссия приостанавливает рассмотрение жалобы до вступления "
            f"решения суда в силу ({ART_20_9['ru']}). Выберите один путь: жалобу, по которой "
            "комиссия может назначить пересчет или отменить решение, или иск в суд; другого "
            "адресата удалите из addressees"
        )
    return (
        f"{commission} және {court} бір шешім бойынша адресат ретінде көрсетілген: істі сот "
        "қарап жатқанда комиссия шағымды қарауды сот шешімі заңды күшіне енгенге дейін тоқтата "
        f"тұрады ({ART_20_9['kk']}). Бір жолды таңдаңыз: комиссия қайта санау тағайындай немесе "
        "шешімді жоя алатын шағымды, не сотқа талап қоюды; екінші адресатты addressees ішінен "
        "алып тастаңыз"
    )


# The ten days of article 20 (law.yaml, unverified) from the decision of 11 October 2021.
ART_20 = {
    "ru": "статья 20 Конституционного закона Республики Казахстан от 28 сентября 1995 года "
    "№ 2464 «О выборах в Республике Казахстан», не сверено с официальным текстом",
    "kk": "«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының 1995 жылғы "
    "28 қыркүйектегі № 2464 Конституциялық заңының 20-бабы, ресми мәтінмен салыстырылмаған",
}


def late_complaint(who: str, language: str) -> str:
    """The one warning of a late complaint: the limit, what the commission may do, that no
    provision restores it, the routes without a limit, and the motion's blank."""
    if language == "ru":
        return (
            f"{who}: срок подачи жалобы истек 21 октября 2021 г. (10 дней со дня решения от "
            f"11 октября 2021 г.; {ART_20['ru']}), а ни одна записанная норма не позволяет "
            "комиссии восстановить пропущенный срок: комиссия может вернуть жалобу, а "
            "ходатайство о восстановлении срока, скорее всего, не будет удовлетворено. Остаются "
            "пути без такого срока: заявление в прокуратуру о проверке и заявление об уголовном "
            "правонарушении в полицию (адресат вида prosecutor или police, role: to). Чтобы все "
            "же подать жалобу, замените текст в квадратных скобках в разделе «Ходатайство о "
            "восстановлении пропущенного срока» причинами пропуска срока и приложите "
            "подтверждающие их документы"
        )
    return (
        f"{who}: шағым беру мерзімі өтті, соңғы күні 2021 жылғы 21 қазан болды (10 күн, есебі: "
        f"2021 жылғы 11 қазан шешім күнінен бастап; {ART_20['kk']}), ал жазылған нормалардың "
        "ешқайсысы комиссияға өткізіп алынған мерзімді қалпына келтіруге мүмкіндік бермейді: "
        "комиссия шағымды қайтаруы мүмкін, ал мерзімді қалпына келтіру туралы өтінішхат "
        "қанағаттандырылмайды деп күтуге болады. Мұндай мерзімі жоқ жолдар қалады: прокуратураға "
        "тексеру туралы арыз және полицияға қылмыстық құқық бұзушылық туралы арыз (prosecutor "
        "немесе police түріндегі адресат, role: to). Шағымды бәрібір берсеңіз, «Өткізіп алынған "
        "мерзімді қалпына келтіру туралы өтінішхат» бөліміндегі тік жақшадағы мәтіннің орнына "
        "мерзімді өткізіп алу себептерін жазыңыз және оларды растайтын құжаттарды қоса беріңіз"
    )


def claim_procedure(court: str, language: str) -> str:
    if language == "ru":
        return (
            f"{court}: инструмент пишет административный иск ({APPC_131['ru']}), но не "
            "подтверждено, что суд рассматривает иск на решение избирательной комиссии по "
            "Административному процедурно-процессуальному кодексу: суд уже возвращал иск "
            "наблюдателей как не подлежащий рассмотрению в порядке административного "
            f"судопроизводства ({APPC_138['ru']}), а избирательные споры рассматривались и по "
            "Гражданскому процессуальному кодексу по заявлению. Возвращенный иск отнимает дни "
            "срока: до подачи узнайте в канцелярии суда, в каком порядке и какой документ он "
            "примет"
        )
    return (
        f"{court}: құрал әкімшілік талап қоюды жазады ({APPC_131['kk']}), бірақ сот сайлау "
        "комиссиясының шешіміне берілген талап қоюды Әкімшілік рәсімдік-процестік кодекс "
        "бойынша қарайтыны расталмаған: сот байқаушылардың талап қоюын әкімшілік сот ісін "
        f"жүргізу тәртібімен қаралуға жатпайды деп қайтарған ({APPC_138['kk']}), ал сайлау "
        "даулары Азаматтық процестік кодекс бойынша арыз негізінде де қаралған. Қайтарылған "
        "талап қою мерзімнің күндерін алады: беру алдында сот кеңсесінен қандай тәртіппен және "
        "қандай құжатты қабылдайтынын біліңіз"
    )


def _lines(output: str, prefix: str) -> list[str]:
    """The problems of that severity at an addressee or at the appeal's date (a late filing),
    from the field on."""
    found = []
    for line in output.splitlines():
        starts = [line.find(f) for f in ("addressees[", "appeal.date: ") if f in line]
        if line.startswith(prefix) and starts:
            found.append(line[min(starts) :])
    return found


def _check(run, monkeypatch, case_dir: Path, language: str) -> tuple[list[str], list[str]]:
    monkeypatch.setenv("APPEAL_LANG", language)
    output = run("check", case_dir).output
    error, warning = PREFIX[language]
    return _lines(output, error), _lines(output, warning)


def _addressed(case_dir: Path, *ids: str, appeal: str = CLAIM) -> None:
    """The October 2021 variant addressed to `ids` (the first as to, the rest as cc)."""
    (case_dir / "authorities.yaml").write_text(TEC_ENTRY + COURT, encoding="utf-8")

    def change(d: dict) -> None:
        later_election(d)
        d["appeal"]["date"] = appeal
        d["addressees"] = [{"id": i, "role": "cc"} for i in ids]
        d["addressees"][0]["role"] = "to"

    edit_case(case_dir, change)


LANGUAGES = pytest.mark.parametrize("language", ["ru", "kk"])


@LANGUAGES
def test_a_complaint_to_the_commission_that_decided_is_an_error(
    run, monkeypatch, case_dir: Path, language: str
) -> None:
    _addressed(case_dir, "tec_almaty", "prosecutor_general")
    errors, _ = _check(run, monkeypatch, case_dir, language)
    expected = own_decision(TEC_NAME[language], 1, language)
    assert f"addressees[0].id: {expected}" in errors, errors


@LANGUAGES
def test_the_cec_about_a_territorial_commissions_decision_is_no_error(
    run, monkeypatch, case_dir: Path, language: str
) -> None:
    """The CEC is the commission above the city's: no error; had the CEC decided the
    maslikhat's result, addressing it would be one."""
    _addressed(case_dir, "central_election_commission")
    errors, _ = _check(run, monkeypatch, case_dir, language)
    assert not [e for e in errors if "decided_by" in e], errors

    edit_case(case_dir, lambda d: d["contests"][1].update(decided_by=dict(CEC)))
    errors, _ = _check(run, monkeypatch, case_dir, language)
    assert f"addressees[0].id: {own_decision(CEC[language], 1, language)}" in errors, errors


@pytest.fixture
def kurultai(tmp_path: Path) -> Path:
    """The Kurultai example, its result decided by the CEC (named in both languages)."""
    target = tmp_path / "kurultai"
    shutil.copytree(ROOT / "data" / "kurultai-2026", target)
    edit_case(target, lambda d: d["contests"][0].update(decided_by=dict(CEC)))
    return target


@LANGUAGES
@pytest.mark.parametrize("role", ["to", "cc"])
def test_the_cec_about_its_own_result_is_an_error(
    run, monkeypatch, kurultai: Path, language: str, role: str
) -> None:
    """The CEC is written a letter of its own both as the addressee and as the first of its
    kind beside the Prosecutor General's letter."""

    def address(d: dict) -> None:
        d["addressees"] = [
            {"id": "prosecutor_general", "role": "cc" if role == "to" else "to"},
            {"id": "central_election_commission", "role": role},
        ]

    edit_case(kurultai, address)
    errors, _ = _check(run, monkeypatch, kurultai, language)
    assert f"addressees[1].id: {own_decision(CEC[language], 0, language)}" in errors, errors


@LANGUAGES
def test_the_cec_named_in_lower_case_with_extra_spaces_is_still_the_decider(
    run, monkeypatch, kurultai: Path, language: str
) -> None:
    def address(d: dict) -> None:
        d["addressees"].append({"id": "central_election_commission", "role": "cc"})
        d["contests"][0].update(
            decided_by="центральная  избирательная комиссия Республики Казахстан"
        )

    edit_case(kurultai, address)
    errors, _ = _check(run, monkeypatch, kurultai, language)
    assert f"addressees[1].id: {own_decision(CEC[language], 0, language)}" in errors, errors


@LANGUAGES
def test_a_commission_beside_a_court_is_told_to_choose(
    run, monkeypatch, case_dir: Path, language: str
) -> None:
    """Without a court the complaint is not told to choose; with the court as the addressee,
    the commission (its letter of its own) is."""
    _addressed(case_dir, "central_election_commission", "prosecutor_general")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    assert not [w for w in warnings if ART_20_9[language] in w], warnings

    _addressed(case_dir, "city_court", "central_election_commission")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    expected = both_routes(CEC[language], COURT_NAME[language], language)
    assert f"addressees[1].id: {expected}" in warnings, warnings


@LANGUAGES
def test_a_late_complaint_points_to_the_routes_without_a_limit(
    run, monkeypatch, case_dir: Path, language: str
) -> None:
    """Signed on 21 October 2021, the last day: no warning; on 22 November, late. The CEC
    in copy beside the Prosecutor General's letter is written a complaint of its own."""
    _addressed(case_dir, "prosecutor_general", "central_election_commission", appeal="2021-10-21")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    assert not [w for w in warnings if "role: to" in w], warnings

    _addressed(case_dir, "prosecutor_general", "central_election_commission", appeal="2021-11-22")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    expected = late_complaint(CEC[language], language)
    assert f"appeal.date: {expected}" in warnings, warnings
    # One warning says it all: none other names the limit or the blank.
    said = [w for w in warnings if "21" in w and "2021" in w and CEC[language] in w]
    assert said == [f"appeal.date: {expected}"], warnings


@LANGUAGES
def test_a_claim_hears_its_procedure_is_unconfirmed(
    run, monkeypatch, case_dir: Path, language: str
) -> None:
    """A case without a court is not warned; a claim to the city court is."""
    _addressed(case_dir, "central_election_commission", "prosecutor_general")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    assert not [w for w in warnings if APPC_138[language] in w], warnings

    _addressed(case_dir, "city_court", "prosecutor_general")
    _, warnings = _check(run, monkeypatch, case_dir, language)
    expected = claim_procedure(COURT_NAME[language], language)
    assert f"addressees[0].id: {expected}" in warnings, warnings


@pytest.mark.slow  # a build lays out the attachments
def test_build_repeats_the_route_warnings(run, monkeypatch, case_dir: Path, tmp_path) -> None:
    monkeypatch.setenv("APPEAL_LANG", "ru")
    _addressed(case_dir, "prosecutor_general", "central_election_commission", appeal="2021-11-22")
    result = run("build", case_dir, "--format", "docx", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert late_complaint(CEC["ru"], "ru") in result.output


def test_a_late_complaint_without_the_decisions_date_says_what_it_counts_from(
    run, monkeypatch, case_dir: Path
) -> None:
    """Without source_date the 10 days run from the election day, 10 October 2021: they end on
    the 20th, and the warning says so rather than naming a decision's date."""
    _addressed(case_dir, "central_election_commission", appeal="2021-11-22")
    edit_case(case_dir, lambda d: d["contests"][1].pop("source_date"))
    _, warnings = _check(run, monkeypatch, case_dir, "ru")
    expected = (
        f"appeal.date: {CEC['ru']}: срок подачи жалобы истек 20 октября 2021 г. (10 дней со "
        "дня выборов, 10 октября 2021 г., так как дата решения не указана; статья 20 "
        "Конституционного закона"
    )
    assert [w for w in warnings if w.startswith(expected)], warnings
