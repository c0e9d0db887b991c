"""The list of attachments («Приложение:» / «Қосымша:») names the evidence itself: the observers'
copies when the case has their files, or else what the table was typed from and where the copies
are; the document proving the standing of whoever files a claim or a complaint; and nothing the
case does not record (a copy is «заверена» only where copies.csv says both the signature and the
stamp are on it).

Expected lines are written by hand from the case files: tests/data/evidence-example holds copies
of stations 12 and 13 (files 12_mazhilis.jpg, 12_maslikhat.png, 13_mazhilis.jpg), and its
copies.csv says 12 Mazhilis is signed and stamped, 12 Maslikhat signed without a stamp, 13
Mazhilis nothing of either; the Almaty example (data/almaty-2021) has no copies folder.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path

from claim_variant import to_the_court
from conftest import EXAMPLE, ROOT, edit_case, read_rows
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.render.context import in_document_language
from election_appeal.render.documents import Renderer

EVIDENCE = ROOT / "tests" / "data" / "evidence-example"
SHEETS = 4  # every attachment is given 4 sheets: the layout is not what is tested here
CEC = "central_election_commission"
AK_ZHOL_FULL = "Демократическая партия Казахстана «Ак жол»"


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(source, target)
    return target


def _appeal(folder: Path, language: str = "ru", addressee: str | None = None) -> str:
    """The appeal's HTML as the build renders it, each attachment of SHEETS sheets."""
    data = api.check(folder).data
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    data, analysis = in_document_language(data, analyse(data))
    renderer = Renderer(data, analysis, None)
    register = [dataclasses.replace(e, sheets=SHEETS) for e in renderer.own_entries(xlsx=True)]
    return renderer.appeal_html(register, addressee)


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def register_lines(appeal: str) -> list[str]:
    """The items of the list of attachments, in order, as plain text."""
    heading = re.search(r"<strong>(Приложение|Қосымша):</strong>", appeal)
    assert heading is not None
    rest = appeal[heading.end() :]
    rest = rest[: rest.index('<table class="signature">')]
    return [_plain(item) for item in re.findall(r"<(?:li|p)>(.*?)</(?:li|p)>", rest, re.S)]


def body(appeal: str) -> str:
    """The appeal's text before its list of attachments."""
    return _plain(appeal[: appeal.index("<strong>Приложение:")])


def _with_copies_table(case: Path, rows: list[str]) -> None:
    header = "station,contest,received_by,received_on,received_from,signed,stamped"
    (case / "copies" / "copies.csv").write_text("\n".join([header, *rows]) + "\n", "utf-8")


def _address_the_cec(d: dict) -> None:
    for other in d["addressees"]:
        other["role"] = "cc"
    d["addressees"].append({"id": CEC, "role": "to"})
    d["contests"][1]["decided_by"] = "Территориальная избирательная комиссия города Алматы"


# With the copies' files: the register lists them by station, certified only as recorded.

TABLE_RU = (
    "Таблица результатов голосования по данным копий протоколов участковых избирательных "
    "комиссий (3 участка) — на 4 л. (по файлу PDF); то же в электронном виде (XLSX)"
)
STATISTICS_RU = (
    "Статистическая оценка разницы между голосованиями по копиям протоколов — на 4 л. "
    "(по файлу PDF)"
)


def test_the_copies_are_listed_by_station_and_only_the_recorded_one_as_certified(
    tmp_path: Path,
) -> None:
    lines = register_lines(_appeal(_copy(EVIDENCE, tmp_path)))
    assert lines == [
        # Six protocol copies in the table, three of them with a file.
        TABLE_RU + "; таблица составлена по копиям протоколов, полученным наблюдателями; копии, "
        "которых нет в приложении 3, находятся у заявителя и будут представлены по требованию",
        STATISTICS_RU,
        # Three copies with a file; only 12 Mazhilis has «да» in both signed and stamped.
        "Копии протоколов участковых избирательных комиссий № 12, 13 (подписью и печатью "
        "комиссии заверены 1 из 3) — на 4 л. (по файлу PDF)",
    ]


def test_with_every_copy_attached_the_table_line_says_nothing_of_missing_ones(
    tmp_path: Path,
) -> None:
    case = _copy(EVIDENCE, tmp_path)
    for name in ("13_maslikhat.jpg", "47_mazhilis.jpg", "47_maslikhat.jpg"):
        shutil.copy(case / "copies" / "12_mazhilis.jpg", case / "copies" / name)
    lines = register_lines(_appeal(case))
    assert lines == [
        TABLE_RU,
        STATISTICS_RU,
        "Копии протоколов участковых избирательных комиссий № 12, 13, 47 (подписью и печатью "
        "комиссии заверены 1 из 6) — на 4 л. (по файлу PDF)",
    ]


def test_kazakh_table_line_when_some_copies_are_attached(tmp_path: Path) -> None:
    lines = register_lines(_appeal(_copy(EVIDENCE, tmp_path), "kk"))
    assert lines[0].endswith(
        "; кесте байқаушылар алған хаттамалар көшірмелері бойынша жасалған; 3-қосымшада жоқ "
        "көшірмелер арыз берушіде сақтаулы және талап етілген кезде ұсынылады"
    )


def test_copies_recorded_as_signed_and_stamped_are_said_to_be_certified(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    _with_copies_table(
        case,
        [
            "12,mazhilis,Наблюдатель 1,10.01.2021,секретарь УИК,да,да",
            "12,maslikhat,Наблюдатель 1,10.01.2021,секретарь УИК,да,да",
            "13,mazhilis,Наблюдатель 2,11.01.2021,председатель УИК,да,да",
        ],
    )
    assert register_lines(_appeal(case))[2] == (
        "Копии протоколов участковых избирательных комиссий № 12, 13 (заверены подписью и "
        "печатью комиссии) — на 4 л. (по файлу PDF)"
    )


def test_without_a_copies_table_nothing_is_said_of_certification(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    (case / "copies" / "copies.csv").unlink()
    appeal = _appeal(case)
    assert register_lines(appeal)[2] == (
        "Копии протоколов участковых избирательных комиссий № 12, 13 — на 4 л. (по файлу PDF)"
    )
    assert "завер" not in _plain(appeal).lower()
    # Nothing is recorded beyond the sources: the body names them and says no more.
    assert "кто получил" not in body(appeal)


def test_one_copy_of_one_station(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    for name in ("12_maslikhat.png", "13_mazhilis.jpg"):
        (case / "copies" / name).unlink()
    assert register_lines(_appeal(case))[2] == (
        "Копия протокола участковой избирательной комиссии № 12 (заверена подписью и печатью "
        "комиссии) — на 4 л. (по файлу PDF)"
    )


def test_both_copies_of_one_station_one_of_them_stamped(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    (case / "copies" / "13_mazhilis.jpg").unlink()
    assert register_lines(_appeal(case))[2] == (
        "Копии протоколов участковой избирательной комиссии № 12 (подписью и печатью комиссии "
        "заверены 1 из 2) — на 4 л. (по файлу PDF)"
    )


def test_copies_of_many_stations_are_counted_not_listed(case_dir: Path) -> None:
    # The Almaty example's first 21 stations, a photo of each one's Mazhilis protocol; no
    # copies.csv, so nothing is said of certification.
    stations = list(dict.fromkeys(r["station"] for r in read_rows(case_dir / "protocols.csv")))
    (case_dir / "copies").mkdir()
    for station in stations[:21]:
        shutil.copy(
            EVIDENCE / "copies" / "12_mazhilis.jpg", case_dir / "copies" / f"{station}_mazhilis.jpg"
        )
    assert register_lines(_appeal(case_dir))[2] == (
        "Копии протоколов 21 участковой избирательной комиссии — на 4 л. (по файлу PDF)"
    )
    assert register_lines(_appeal(case_dir, "kk"))[2] == (
        "21 учаскелік сайлау комиссиясы хаттамаларының көшірмелері — 4 парақта"
    )


def test_kazakh_register_with_copies(tmp_path: Path) -> None:
    lines = register_lines(_appeal(_copy(EVIDENCE, tmp_path), "kk"))
    assert lines[2] == (
        "№ 12, 13 учаскелік сайлау комиссиялары хаттамаларының көшірмелері (комиссияның "
        "қолымен және мөрімен куәландырылғандары: 1, барлығы 3) — 4 парақта"
    )
    assert not any("қоса тіркелмеген" in line for line in lines)


# Where the copies are introduced: one sentence a source, from what the case records.


def test_the_body_says_who_received_the_copies_of_each_source_and_when(tmp_path: Path) -> None:
    text = body(_appeal(_copy(EVIDENCE, tmp_path)))
    # Source А gave stations 12 and 47 (four protocol rows); copies.csv has rows for 12 only:
    # one signed and stamped, one signed without a stamp. Source В gave station 13 (two rows),
    # copies.csv has one, with no marks said.
    assert (
        "(Наблюдатели А — 2; Наблюдатели В — 1). Копии (источник — Наблюдатели А; сведения есть "
        "по 2 из 4): кто получил — Наблюдатель 1 (ИЛЛЮСТРАЦИЯ); от кого получены — секретарь "
        "УИК; когда получены — 10 января 2021 г.; заверены подписью и печатью комиссии — 1 из 4. "
        "Копии (источник — Наблюдатели В; сведения есть по 1 из 2): кто получил — Наблюдатель 2 "
        "(ИЛЛЮСТРАЦИЯ); когда получены — 11 января 2021 г. Перечень участков"
    ) in text


def test_copies_received_on_several_days_give_the_first_and_the_last(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    _with_copies_table(
        case,
        [
            "12,mazhilis,Иванов И.,11.01.2021 09:00,,да,да",
            "12,maslikhat,Петров П.,10.01.2021 23:50,,да,да",
            "47,mazhilis,Иванов И.,12.01.2021,,,",
        ],
    )
    text = body(_appeal(case))
    assert (
        "Копии (источник — Наблюдатели А; сведения есть по 3 из 4): кто получил — Иванов И., "
        "Петров П.; когда получены "
        "— с 10 января 2021 г. по 12 января 2021 г.; заверены подписью и печатью комиссии — "
        "2 из 4."
    ) in text
    assert "источник — Наблюдатели В" not in text  # nothing recorded of its copies


def test_the_kazakh_body_says_where_the_copies_come_from(tmp_path: Path) -> None:
    text = _plain(_appeal(_copy(EVIDENCE, tmp_path), "kk"))
    assert (
        "Көшірмелер (дереккөз — Наблюдатели А; мәліметтер бар көшірмелер — 2, барлығы 4): кім "
        "алды — Наблюдатель 1 (ИЛЛЮСТРАЦИЯ); "
        "кім берді — секретарь УИК; қашан алынды — 2021 жылғы 10 қаңтар; комиссияның "
        "қолымен және мөрімен куәландырылғандары — 1, барлығы 4."
    ) in text


# Without the copies' files: the table's line says what it was typed from and where the copies
# are, and `check` warns of a real case.

NOT_ATTACHED_RU = (
    "; таблица составлена по копиям протоколов, полученным наблюдателями; сами копии к {to} не "
    "приложены, они находятся у {who} и будут представлены по требованию"
)


def test_without_copies_the_table_line_says_where_the_copies_are() -> None:
    lines = register_lines(_appeal(EXAMPLE))
    assert lines[0] == (
        "Таблица результатов голосования по данным копий протоколов участковых избирательных "
        "комиссий (66 участков) — на 4 л. (по файлу PDF); то же в электронном виде (XLSX)"
        + NOT_ATTACHED_RU.format(to="заявлению", who="заявителя")
    )
    assert len(lines) == 2  # the table and the statistics: no line of copies
    assert "Копии протоколов" not in " ".join(lines)


def test_without_copies_a_claim_says_the_claimant_keeps_them(case_dir: Path) -> None:
    to_the_court(case_dir)
    lines = register_lines(_appeal(case_dir, addressee="city_court"))
    assert lines[0].endswith(NOT_ATTACHED_RU.format(to="административному иску", who="истца"))


def test_without_copies_in_kazakh() -> None:
    lines = register_lines(_appeal(EXAMPLE, "kk"))
    assert lines[0].endswith(
        "; кесте байқаушылар алған хаттамалар көшірмелері бойынша жасалған; көшірмелердің "
        "өздері арызға қоса тіркелмеген, олар арыз берушіде сақтаулы және талап етілген кезде "
        "ұсынылады"
    )


def test_without_a_named_source_the_table_line_names_none(case_dir: Path) -> None:
    path = case_dir / "protocols.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    at = header.index("source")
    blanked = [",".join("" if i == at else c for i, c in enumerate(r.split(","))) for r in rows[1:]]
    path.write_text("\n".join([rows[0], *blanked]) + "\n", encoding="utf-8")
    edit_case(case_dir, lambda d: d.pop("protocol_texts", None))
    line = register_lines(_appeal(case_dir))[0]
    assert "; таблица составлена по копиям протоколов; сами копии к заявлению не приложены" in line
    assert "наблюдател" not in line


def _without_copies(case: Path) -> None:
    shutil.rmtree(case / "copies")
    edit_case(case, lambda d: d.pop("copies", None))


def _real(case: Path) -> None:
    edit_case(case, lambda d: d.update(illustrative=False))


NOT_ATTACHED_WARNING = "the copies of the protocols themselves are not attached"


def test_check_warns_a_real_case_that_the_copies_are_not_attached(tmp_path: Path) -> None:
    case = _copy(EVIDENCE, tmp_path)
    _without_copies(case)
    _real(case)
    warnings = [str(w) for w in api.check(case).warnings if NOT_ATTACHED_WARNING in str(w)]
    assert warnings == [
        f"{case / 'protocols.csv'}: the copies of the protocols themselves are not attached "
        "(the case has no folder copies/): the appeal attaches only the table typed from them, "
        "and its list of attachments says that the copies are kept by the applicant and will "
        "be presented on request. The copies are the strongest evidence: put their photos or "
        "scans in the folder copies/ (a copy is named <station>_<contest>.jpg, .png or .pdf, a "
        "further page _2, _3) to attach them"
    ]
    # The same case with its copies is not warned; nor is an example, which cannot be filed.
    with_copies = _copy(EVIDENCE, tmp_path / "with")
    _real(with_copies)
    assert not [w for w in api.check(with_copies).warnings if NOT_ATTACHED_WARNING in str(w)]
    example = _copy(EVIDENCE, tmp_path / "example")
    _without_copies(example)
    assert not [w for w in api.check(example).warnings if NOT_ATTACHED_WARNING in str(w)]


# The standing: proved by an attachment wherever a claim or a complaint rests on it.

REPRESENTATIVE_RU = (
    "Копия доверенности (решения) партии «Ак жол» о полномочиях представителя (полное "
    f"наименование партии: {AK_ZHOL_FULL})"
)


def _status(case: Path, status: dict, cec: bool = False) -> None:
    def change(d: dict) -> None:
        d["applicant"]["status"] = status
        if cec:
            _address_the_cec(d)

    edit_case(case, change)


def test_a_party_representative_complaint_lists_the_power_of_attorney(case_dir: Path) -> None:
    _status(case_dir, {"kind": "party_representative", "party": "ak_zhol"}, cec=True)
    lines = register_lines(_appeal(case_dir, addressee=CEC))
    assert lines[-1] == REPRESENTATIVE_RU
    assert len(lines) == 3
    # A request to the prosecutor may come from anyone: no proof of standing is attached.
    lines = register_lines(_appeal(case_dir, addressee="prosecutor_general"))
    assert len(lines) == 2
    assert "доверенност" not in " ".join(lines)


def test_a_party_representative_claim_lists_the_power_of_attorney(case_dir: Path) -> None:
    to_the_court(case_dir)
    _status(case_dir, {"kind": "party_representative", "party": "ak_zhol"})
    lines = register_lines(_appeal(case_dir, addressee="city_court"))
    assert lines[-2:] == [
        REPRESENTATIVE_RU,
        "Копия административного иска с приложениями для ответчика",
    ]


def test_a_party_representative_in_kazakh(case_dir: Path) -> None:
    _status(case_dir, {"kind": "party_representative", "party": "ak_zhol"}, cec=True)
    assert register_lines(_appeal(case_dir, "kk", CEC))[-1] == (
        "Өтініш берушінің «Ақ жол» партиясының өкілі екенін растайтын сенімхаттың (партия "
        "шешімінің) көшірмесі (партияның толық атауы: Қазақстанның «Ақ жол» демократиялық "
        "партиясы)"
    )


def test_a_party_whose_full_name_is_its_short_name_is_named_once(case_dir: Path) -> None:
    def change(d: dict) -> None:
        party = next(p for p in d["parties"] if p["id"] == "adal")
        party["name"] = party["short_name"] = "ADAL"

    edit_case(case_dir, change)
    _status(case_dir, {"kind": "party_representative", "party": "adal"}, cec=True)
    assert register_lines(_appeal(case_dir, addressee=CEC))[-1] == (
        "Копия доверенности (решения) партии ADAL о полномочиях представителя"
    )


def test_an_observer_complaint_lists_the_referral_a_voter_s_nothing(tmp_path: Path) -> None:
    observer = _copy(EXAMPLE, tmp_path / "observer")
    _status(observer, {"kind": "observer", "organisation": "ОФ «Наблюдатели»", "station": 12}, True)
    assert register_lines(_appeal(observer, addressee=CEC))[-1] == (
        # No genitive form of the organisation on record: named after the station, as typed.
        "Копия направления наблюдателя на избирательный участок № 12 (организация, "
        "направившая наблюдателя: ОФ «Наблюдатели»)"
    )
    assert register_lines(_appeal(observer, "kk", CEC))[-1] == (
        "Байқаушыны ОФ «Наблюдатели» атынан жіберу туралы жолдаманың көшірмесі "
        "(№ 12 сайлау учаскесі)"
    )
    # A voter's standing is the station's voter list: nothing to attach, complaint or claim.
    voter = _copy(EXAMPLE, tmp_path / "voter")
    _status(voter, {"kind": "voter", "station": 12}, cec=True)
    assert len(register_lines(_appeal(voter, addressee=CEC))) == 2
    to_the_court(voter)
    assert register_lines(_appeal(voter, addressee="city_court"))[2:] == [
        "Копия административного иска с приложениями для ответчика"
    ]


def test_a_candidate_is_named_as_the_instrument_names_the_applicant(tmp_path: Path) -> None:
    candidate = {"kind": "candidate", "party": "ak_zhol", "contest": "maslikhat"}
    complaint = _copy(EXAMPLE, tmp_path / "complaint")
    _status(complaint, candidate, cec=True)
    assert register_lines(_appeal(complaint, addressee=CEC))[-1] == (
        "Копия документа о регистрации заявителя кандидатом в депутаты по партийному списку "
        "партии «Ак жол»"
    )
    claim = _copy(EXAMPLE, tmp_path / "claim")
    to_the_court(claim)
    _status(claim, candidate)
    assert register_lines(_appeal(claim, addressee="city_court"))[-2] == (
        "Копия документа о регистрации истца кандидатом в депутаты по партийному списку партии "
        "«Ак жол»"
    )


def test_a_candidate_complaint_in_kazakh(case_dir: Path) -> None:
    candidate = {"kind": "candidate", "party": "ak_zhol", "contest": "maslikhat"}
    _status(case_dir, candidate, cec=True)
    assert register_lines(_appeal(case_dir, "kk", CEC))[-1] == (
        "Өтініш берушіні «Ақ жол» партиясының тізімі бойынша депутаттыққа кандидат ретінде "
        "тіркеу туралы құжаттың көшірмесі"
    )


def _without_source(case: Path, station: str) -> None:
    path = case / "protocols.csv"
    lines = path.read_text("utf-8").splitlines()
    cut = [
        line.replace(",Наблюдатели В,", ",,") if line.startswith(station + ",") else line
        for line in lines
    ]
    path.write_text("\n".join(cut) + "\n", "utf-8")


def test_an_empty_source_cell_is_named_and_the_copies_said_to_lack_only_the_organisation(
    tmp_path: Path,
) -> None:
    # Station 13's rows (4 and 5 of protocols.csv) lose their source; copies.csv still says
    # who received its Mazhilis copy and when, so only the organisation is not named.
    case = _copy(EVIDENCE, tmp_path)
    _without_source(case, "13")
    _real(case)
    about_sources = ("the source cell", "source is unknown")
    said = [str(w) for w in api.check(case).warnings if any(s in str(w) for s in about_sources)]
    assert said == [
        f'{case / "protocols.csv"}, row 4, column "source": station 13, "Мажилис": the source '
        "cell is empty, so the observer organisation the copy comes from is not named; a copy "
        "without its source is weak evidence"
    ]
    text = body(_appeal(case))
    assert (
        "Копии (организация наблюдателей не указана; сведения есть по 1 из 2): кто получил — "
        "Наблюдатель 2 (ИЛЛЮСТРАЦИЯ); когда получены — 11 января 2021 г."
    ) in text
    assert "без указания источника" not in text
    kazakh = _plain(_appeal(case, "kk"))
    assert "Көшірмелер (байқаушылар ұйымы көрсетілмеген; мәліметтер бар" in kazakh
