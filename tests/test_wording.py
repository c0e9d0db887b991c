"""What the appeal says follows from the case: variations of the example, each rendered to HTML
and to DOCX, with the sentences that must be there and those that must not.

Every expected phrase is written out here from the variation's own figures, not taken from a
rendering: a wrong fact, a wrong addressee's wording or a wrong citation fails the test.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from docx import Document

from claim_variant import later_election
from conftest import EXAMPLE, edit_case, read_rows, write_rows
from election_appeal.analysis import analyse
from election_appeal.case import load_case
from election_appeal.render.context import RegisterEntry, appeal_context
from election_appeal.render.docx import render_docx
from election_appeal.render.env import make_environment, render_template

MOMENT = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
REGISTER = [
    RegisterEntry("Таблица результатов голосования", 4, key="protocols"),
    RegisterEntry("Статистическая оценка", 3, key="statistics"),
]
PROSECUTOR_2017 = (
    "статья 21 Закона Республики Казахстан от 30 июня 2017 года № 81-VI «О прокуратуре»"
)
PROSECUTOR_2022 = (
    "статья 24 Конституционного закона Республики Казахстан от 5 ноября 2022 года № 155-VII "
    "«О прокуратуре»"
)
FALSE_REPORT = "статья 419 Уголовного кодекса Республики Казахстан от 3 июля 2014 года № 226-V"
CRIMINAL = ("досудебн", "Уголовного кодекса", "О прокуратуре", "ложный донос")
SHYMKENT = {
    "prosecutor_shymkent": {
        "kind": "prosecutor",
        "name": {"ru": "Прокуратура города Шымкент", "kk": "Шымкент қаласының прокуратурасы"},
    },
    "district_court": {
        "kind": "court",
        "name": {"ru": "Районный суд № 2 Алмалинского района города Алматы"},
    },
}


def _small_differences(case_dir: Path) -> None:
    # Maslikhat = Mazhilis + 12, −15, +18, −11, +14 for НПК, Nur Otan, Ауыл, Ак жол, ADAL.
    votes = {"npk": 43349, "nur_otan": 178446, "auyl": 31820, "ak_zhol": 48876, "adal": 18849}
    edit_case(case_dir, lambda d: d["contests"][1].update(votes=votes))


def _one_station(case_dir: Path) -> None:
    rows = read_rows(case_dir / "protocols.csv")
    write_rows(case_dir / "protocols.csv", [r for r in rows if r["station"] == "12"])


def _election_2023(case_dir: Path) -> None:
    def change(d: dict) -> None:
        d["election"]["date"] = "2023-03-19"
        d["appeal"]["date"] = "2023-04-03"

    edit_case(case_dir, change)


def _no_funding(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.pop("funding"))


def _local_authority(case_dir: Path) -> None:
    """The case's own authorities: the court is the addressee (a claim is filed to a court
    alone), the prosecutor gets a letter of its own."""
    text = yaml.safe_dump(SHYMKENT, allow_unicode=True)
    (case_dir / "authorities.yaml").write_text(text, encoding="utf-8")
    edit_case(
        case_dir,
        lambda d: d.update(
            addressees=[
                {"id": "district_court", "role": "to"},
                {"id": "prosecutor_shymkent", "role": "cc"},
            ]
        ),
    )


def _local_court_later(case_dir: Path) -> None:
    """The case-local court as addressee, for the example moved to October 2021, after the
    Administrative Procedural Code took effect (claim_variant.py), the decision's commission and
    date left out."""
    _local_authority(case_dir)

    def change(d: dict) -> None:
        later_election(d)
        d["contests"][1].pop("decided_by")
        d["contests"][1].pop("source_date")

    edit_case(case_dir, change)


def _real_without_iin(case_dir: Path) -> None:
    edit_case(case_dir, lambda d: d.update(illustrative=False))


def _with_iin_and_steps(case_dir: Path) -> None:
    def change(d: dict) -> None:
        d["applicant"]["iin"] = "791028302728"
        d["request_all_protocols"] = True
        d["earlier_steps"] = [
            {
                "kind": "court_ruling",
                "date": "2021-02-24",
                "authority": "Районный суд № 2 Алмалинского района города Алматы",
                "number": "7527-21-00-2а/1",
                "summary": "отказано в принятии заявления об обжаловании отказа",
            }
        ]

    edit_case(case_dir, change)


@dataclass(frozen=True)
class Variation:
    """A change to the example, the addressee to render for, and what the text must hold."""

    name: str
    change: Callable[[Path], None] | None
    present: list[str]
    absent: list[str] = field(default_factory=list)
    addressee: str | None = None


VARIATIONS = [
    Variation(
        "example",
        None,
        [
            "различается на величину от тысяч до десятков тысяч голосов; наибольшая разница — у "
            "партии «Nur Otan»: 39 542 голоса (таблица 1).",
            "получили: «Nur Otan» и «ADAL»; меньше — НПК, «Ауыл» и «Ак жол».",
            "1. Обстоятельства",
            "4. Версия 2: волеизъявлению соответствуют итоги выборов депутатов маслихата "
            "города Алматы",
            "6. Просьба",
            f"в соответствии с законодательством о прокуратуре ({PROSECUTOR_2017})",
            "часть 4 статьи 190 Уголовного кодекса",
            "изложены в приложении 2",
            # 3 % of the minimum wage of 2021 (42 500 tenge) a vote a year (the appeal's year: in
            # the present), five years of it, at that year's wage (the wage rose later: the sum
            # over the term is not a fact).
            "один голос стоит 1 275 тенге в год и 6 375 тенге за 5 лет полномочий при размере "
            "минимальной заработной платы 2021 года",
            # The same voters are the applicant's premise, not a fact the case records.
            "на одних и тех же избирательных участках (всего 581 участок). Заявитель исходит "
            "из того, что в них участвовали одни и те же избиратели.",
        ],
        [
            "с участием одних и тех же избирателей",
            "статьями 262 и 263",
            "группа лиц",
            "«Мажилис» подано",
            "итоги голосования «",
        ],
    ),
    Variation(
        "small differences",
        _small_differences,
        [
            "различается на десятки голосов; наибольшая разница — у партии «Ауыл»: 18 голосов "
            "(таблица 1).",
            "получили: НПК, «Ауыл» и «ADAL»; меньше — «Nur Otan» и «Ак жол».",
            "сумма, выплачиваемая этим партиям вместе за год, не превышает этот размер",
        ],
        ["тысяч", "часть 4 статьи 190"],
    ),
    Variation(
        "one station",
        _one_station,
        [
            "копиями протоколов об итогах обоих голосований только одной участковой избирательной "
            "комиссии из 581; копии получены наблюдателями",
            "По одному участку статистическая оценка невозможна, поэтому она не приводится.",
            "Таблица 2. Мандаты по итогам выборов депутатов маслихата города Алматы",
            "Таблица 3. Стоимость разницы голосов",
        ],
        ["only", "station", "()", "(0 участков)", "Оценка по выборке", "95 % интервал"],
    ),
    Variation(
        "police",
        None,
        [
            "ЗАЯВЛЕНИЕ о возможном уголовном правонарушении при установлении итогов двух "
            "голосований",
            "зарегистрировать настоящее заявление в Едином реестре досудебных расследований",
            # the placeholder name shows no sex: a sentence that needs no agreement
            f"Мне известно об уголовной ответственности за заведомо ложный донос ({FALSE_REPORT}).",
            "в соответствии с уголовно-процессуальным законодательством (Уголовно-процессуальный "
            "кодекс Республики Казахстан от 4 июля 2014 года № 231-V)",
        ],
        ["О прокуратуре", "надзора за соблюдением законности"],
        addressee="police_almaty",
    ),
    Variation(
        "anti-corruption service",
        None,
        [
            "Департамент Агентства Республики Казахстан по противодействию коррупции по городу "
            "Алматы от [Фамилия Имя Отчество]",
            # A letter to the agency alone: the other authorities were written to separately.
            "По этим же обстоятельствам также направлены заявления в Генеральную прокуратуру "
            "Республики Казахстан и в прокуратуру города Алматы;",
            "заведомо ложный донос",
            "начать досудебное расследование (статья 179 Уголовно-процессуального кодекса",
        ],
        ["О прокуратуре", "К сведению"],
        addressee="anticorruption_almaty",
    ),
    Variation(
        "election commission",
        lambda d: edit_case(
            d, lambda c: c["addressees"].append({"id": "central_election_commission", "role": "cc"})
        ),
        [
            "ЖАЛОБА",
            "в соответствии с избирательным законодательством (Конституционный закон Республики "
            "Казахстан от 28 сентября 1995 года № 2464 «О выборах в Республике Казахстан»)",
            "сообщить заявителю в письменной форме по указанному выше адресу о результатах сверки "
            "и о причинах расхождения итогов.",
        ],
        list(CRIMINAL),
        addressee="central_election_commission",
    ),
    Variation(
        "a case-local prosecutor and court",
        _local_authority,
        [
            "Прокуратура города Шымкент от [Фамилия Имя Отчество]",
            "провести проверку изложенных обстоятельств",
            # A court of the case folder, without its forms: named in the nominative.
            "По этим же обстоятельствам также подан административный иск (адресат: Районный суд "
            "№ 2 Алмалинского района города Алматы).",
        ],
        ["Генеральная прокуратура", "К сведению"],
        addressee="prosecutor_shymkent",
    ),
    Variation(
        "a case-local court as addressee",
        _local_court_later,
        [
            "АДМИНИСТРАТИВНЫЙ ИСК",
            "Ответчик: избирательная комиссия, установившая итоги выборов депутатов маслихата "
            "города Алматы",
            # The decision on the result is one act: it is contested whole, not station by
            # station (and the copies' stations are those where the figures hold).
            "признать незаконным и отменить решение ответчика об итогах выборов депутатов "
            "маслихата города Алматы;",
            "Истец исходит из того, что в них участвовали одни и те же избиратели.",
            "Такое решение истец считает незаконным.",
        ],
        [
            *CRIMINAL,
            "в части избирательных участков",
            "в части соответствующих",
            "Заявитель",
            "Версия 2",
        ],
        addressee="district_court",
    ),
    Variation(
        "an election in 2023",
        _election_2023,
        [f"в соответствии с законодательством о прокуратуре ({PROSECUTOR_2022})"],
        ["81-VI"],
    ),
    Variation(
        "no funding block",
        _no_funding,
        [
            "2. Данные копий протоколов",
            "3. Версия 1",
            "4. Правовая оценка",
            "5. Просьба",
        ],
        ["Версия 2", "6. Просьба", "190"],
    ),
    Variation(
        "ИИН, earlier steps and all protocols",
        _with_iin_and_steps,
        [
            "от [Фамилия Имя Отчество], ИИН 791028302728, адрес: [почтовый адрес заявителя]",
            "2. Предпринятые заявителем действия",
            "24 февраля 2021 г. — определение (решение) суда № 7527-21-00-2а/1 (Районный суд № 2 "
            "Алмалинского района города Алматы): отказано в принятии заявления",
            "истребовать копии протоколов об итогах голосования всех 581 участковых избирательных "
            "комиссий",
            "7. Просьба",
        ],
    ),
]


def _html_text(html: str) -> str:
    body = html[html.index("<body") :]
    body = re.sub(r'<span class="footnote">.*?</span>', "", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split()).replace(" ,", ",").replace(" .", ".")


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _normal(text: str) -> str:
    """One space between words, no space before punctuation, as a reader sees it."""
    text = " ".join(text.replace("\xa0", " ").split())
    return re.sub(r" ([,.;:)])", r"\1", re.sub(r"\( ", "(", text))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    env = make_environment()
    texts = {}
    for variation in VARIATIONS:
        folder = tmp_path_factory.mktemp("case") / "case"
        shutil.copytree(EXAMPLE, folder)
        if variation.change:
            variation.change(folder)
        data = load_case(folder)
        context = appeal_context(data, analyse(data), REGISTER, MOMENT, variation.addressee)
        html = render_template(env, "appeal.html.j2", context)
        docx = render_docx(html, title="t", author="a", language="ru-RU", moment=MOMENT)
        texts[variation.name] = (_normal(_html_text(html)), _normal(_docx_text(docx)))
    return texts


@pytest.mark.parametrize("variation", VARIATIONS, ids=[v.name for v in VARIATIONS])
@pytest.mark.parametrize("output", ["html", "docx"])
def test_the_appeal_says_what_the_case_supports(
    rendered: dict[str, tuple[str, str]], variation: Variation, output: str
) -> None:
    text = rendered[variation.name][0 if output == "html" else 1]
    for phrase in variation.present:
        assert _normal(phrase) in text, phrase
    for phrase in variation.absent:
        assert phrase not in text, phrase
