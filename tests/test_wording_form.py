"""The form of the documents' words, as a filing lawyer and a citizen found it: names in the case
a sentence needs, symbols written out, notes that add something, captions that are Russian,
the Kazakh a native lawyer writes; and two layout rules read from the laid-out pages.

Every expected sentence is written here by hand, in Russian and in Kazakh, for the variations
that change it (a territory typed in the nominative or given in the genitive, an observer with
and without a station, a candidate with and without a party, one contest or two).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from claim_variant import later_election
from conftest import ROOT, edit_case
from election_appeal import api
from election_appeal.analysis import analyse
from election_appeal.analysis.caveat_text import caveats
from election_appeal.case import load_case
from election_appeal.case.texts import in_language
from election_appeal.render.context import RegisterEntry
from election_appeal.render.documents import Renderer
from test_wording_presumptions import _one_contest_one_station, _text

KURULTAI = ROOT / "data" / "kurultai-2026"


def _renderer(case_dir: Path, language: str) -> Renderer:
    data = load_case(case_dir)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    return Renderer(data, analyse(data), None)


def _html(case_dir: Path, language: str) -> str:
    return _renderer(case_dir, language).appeal_html([RegisterEntry("Таблица", 1)], None)


def _appeal(case_dir: Path, language: str) -> str:
    return _text(_html(case_dir, language))


def _warnings(case_dir: Path) -> str:
    return "\n".join(str(w) for w in api.check(case_dir).warnings)


def _territory(ru: str, kk: str | None = None, genitive: str | None = None):
    def change(d: dict) -> None:
        d["election"]["territory"] = {"ru": ru, "kk": kk} if kk else ru
        d["election"].pop("territory_genitive", None)
        if genitive:
            d["election"]["territory_genitive"] = genitive

    return change


# H1. The territory after «на территории»: the genitive when the case gives it; else the name as
# typed, in the nominative, where it reads with any name; Kazakh puts the name as given before
# «аумағында» (a bare izafet), which reads with the nominative.

TYPED = "Республика Казахстан"
BRACKETED = "10 января 2021 г. (территория: Республика Казахстан)"


def test_a_territory_typed_in_the_nominative_stands_in_brackets_and_is_warned_about(
    case_dir: Path,
) -> None:
    edit_case(case_dir, _territory(TYPED, "Қазақстан Республикасы"))
    text = _appeal(case_dir, "ru")
    assert "на территории Республика" not in text
    # The heading of a letter to the prosecutor, and the first sentence of the facts.
    assert f"двух голосований, состоявшихся {BRACKETED}" in text
    assert f"{BRACKETED} одновременно состоялись выборы депутатов Мажилиса" in text
    warnings = _warnings(case_dir)
    assert "election.territory: the Russian documents say where the election was held as " in (
        warnings
    )
    assert "«(территория: Республика Казахстан)»" in warnings
    assert "election.territory_genitive" in warnings
    # Typed once, in Russian, for documents in both languages: the Kazakh text is asked for.
    edit_case(case_dir, lambda d: d.update(languages=["ru", "kk"]))
    edit_case(case_dir, _territory(TYPED))
    assert "election.territory: has no text in kk" in _warnings(case_dir)


# A case written before territory_genitive existed, its genitive typed into `territory`: the
# warning says which form goes where, from data/reference/territories.yaml (forms by hand).
GENITIVE_TYPED = (
    "election.territory: the territory is typed as «Республики Казахстан», the genitive of "
    "«Республика Казахстан», so the Russian documents say «(территория: Республики "
    "Казахстан)»: write territory: Республика Казахстан and territory_genitive: Республики "
    "Казахстан, and they will say «на территории Республики Казахстан»"
)
NOMINATIVE_LISTED = (
    "election.territory: the Russian documents say where the election was held as "
    "«(территория: Республика Казахстан)»: for «на территории Республики Казахстан» give "
    "election.territory_genitive: Республики Казахстан"
)


def test_a_genitive_typed_as_the_territory_is_named_as_such(case_dir: Path) -> None:
    edit_case(case_dir, _territory("Республики Казахстан", "Қазақстан Республикасы"))
    assert "(территория: Республики Казахстан)" in _appeal(case_dir, "ru")
    warnings = _warnings(case_dir).splitlines()
    assert [w for w in warnings if "election.territory:" in w] == [
        w for w in warnings if w.endswith(GENITIVE_TYPED)
    ]
    assert len([w for w in warnings if w.endswith(GENITIVE_TYPED)]) == 1


def test_a_listed_nominative_is_told_its_genitive(case_dir: Path) -> None:
    edit_case(case_dir, _territory(TYPED, "Қазақстан Республикасы"))
    warnings = _warnings(case_dir).splitlines()
    assert len([w for w in warnings if w.endswith(NOMINATIVE_LISTED)]) == 1


def test_an_unlisted_territory_is_told_in_general_terms(case_dir: Path) -> None:
    """«г. Караганда» is not in the table: no form is offered, none is guessed."""
    edit_case(case_dir, _territory("г. Караганда", "Қарағанды қаласы"))
    warnings = [w for w in _warnings(case_dir).splitlines() if "election.territory:" in w]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "election.territory: the Russian documents say where the election was held as "
        "«(территория: г. Караганда)»: the tool does not put a name into another case itself; "
        "for «на территории …» give election.territory_genitive, the name as it reads after «на "
        "территории», e.g. Республики Казахстан or г. Алматы"
    )
    assert "Караганды" not in warnings[0]


def test_a_territory_given_in_the_genitive_follows_na_territorii(case_dir: Path) -> None:
    edit_case(case_dir, _territory(TYPED, "Қазақстан Республикасы", "Республики Казахстан"))
    text = _appeal(case_dir, "ru")
    assert "состоявшихся 10 января 2021 г. на территории Республики Казахстан" in text
    assert "10 января 2021 г. на территории Республики Казахстан одновременно состоялись" in text
    assert "(территория:" not in text
    assert "territory_genitive" not in _warnings(case_dir)
    # The Kazakh letter names the territory as given, never the Russian genitive.
    kazakh = _appeal(case_dir, "kk")
    assert "2021 жылғы 10 қаңтар күні Қазақстан Республикасы аумағында" in kazakh
    assert "Республики" not in kazakh


def test_the_attachments_name_the_territory_as_the_appeal_does(case_dir: Path) -> None:
    _one_contest_one_station(case_dir)
    edit_case(case_dir, _territory("г. Караганда"))
    attachment = _text(_renderer(case_dir, "ru").attachment_html())
    assert "Результаты голосования 10 января 2021 г. (территория: г. Караганда) по данным" in (
        attachment
    )
    edit_case(case_dir, _territory("г. Караганда", genitive="г. Караганды"))
    attachment = _text(_renderer(case_dir, "ru").attachment_html())
    assert "10 января 2021 г. на территории г. Караганды по данным" in attachment


def test_the_statistics_name_the_territory_in_the_genitive(case_dir: Path) -> None:
    edit_case(case_dir, _territory(TYPED, "Қазақстан Республикасы", "Республики Казахстан"))
    statistics = _text(_renderer(case_dir, "ru").statistics_html(2))
    assert "10 января 2021 г. на территории Республики Казахстан по копиям протоколов" in (
        statistics
    )
    edit_case(case_dir, _territory(TYPED, "Қазақстан Республикасы"))
    statistics = _text(_renderer(case_dir, "ru").statistics_html(2))
    assert f"{BRACKETED} по копиям протоколов" in statistics


# H1, D2. The observer's organisation: «от» and its genitive when given; else named as typed in
# brackets. Kazakh: the station first, then the organisation before «атынан».

ORGANISATION = {"ru": "Общественный фонд «Наблюдатели А»", "kk": "«Байқаушылар А» қоғамдық қоры"}


def _observer(station: int | None, genitive: str | None = None):
    def change(d: dict) -> None:
        status: dict = {"kind": "observer", "organisation": ORGANISATION}
        if station:
            status["station"] = station
        if genitive:
            status["organisation_genitive"] = genitive
        d["applicant"]["status"] = status
        d["applicant"]["sex"] = "female"

    return change


OBSERVER = {
    (537, None, "ru"): "являющейся наблюдателем на избирательном участке № 537 (организация, "
    "направившая наблюдателя: Общественный фонд «Наблюдатели А»)",
    (None, None, "ru"): "являющейся наблюдателем (организация, направившая наблюдателя: "
    "Общественный фонд «Наблюдатели А»)",
    (537, "Общественного фонда «Наблюдатели А»", "ru"): "являющейся наблюдателем от "
    "Общественного фонда «Наблюдатели А» на избирательном участке № 537",
    (537, None, "kk"): "(№ 537 сайлау учаскесіндегі «Байқаушылар А» қоғамдық қоры атынан байқаушы)",
    (None, None, "kk"): "(«Байқаушылар А» қоғамдық қоры атынан байқаушы)",
}


@pytest.mark.parametrize(("station", "genitive", "language"), list(OBSERVER))
def test_the_observers_organisation_reads_in_both_languages(
    case_dir: Path, station: int | None, genitive: str | None, language: str
) -> None:
    edit_case(case_dir, _observer(station, genitive))
    text = _appeal(case_dir, language)
    assert OBSERVER[station, genitive, language] in text
    assert "наблюдателем от Общественный" not in text
    assert "байқаушы, №" not in text
    said = "applicant.status.organisation: the Russian documents name the organisation"
    assert (said in _warnings(case_dir)) == (genitive is None)


# D1. A candidate on a party list: the list, then the standing's noun.

CANDIDATE = {
    ("ak_zhol", "kk"): "(«Ақ жол» партиясының тізімі бойынша депутаттыққа кандидат)",
    (None, "kk"): "(депутаттыққа кандидат)",
    ("ak_zhol", "ru"): "являющегося кандидатом в депутаты по партийному списку партии «Ак жол»",
}


def test_a_candidates_standing_is_one_phrase(case_dir: Path) -> None:
    for party, language in CANDIDATE:

        def change(d: dict, party: str | None = party) -> None:
            d["applicant"]["status"] = {"kind": "candidate", **({"party": party} if party else {})}
            d["applicant"]["sex"] = "male"

        edit_case(case_dir, change)
        text = _appeal(case_dir, language)
        assert CANDIDATE[party, language] in text
        assert "депутаттыққа кандидат," not in text


# C7. The control ratios in running text in words, in both languages; the symbols stay in the
# attachment's legend. The example's copies break three ratios (stations 170 and 440; its
# protocols have no line "against all").

RATIOS_IN_WORDS = {
    "ru": "не выполняются контрольные соотношения протокола (число полученных бюллетеней не "
    "равно сумме выданных и погашенных; бюллетеней в ящиках больше, чем выдано; число "
    "бюллетеней в ящиках не равно сумме недействительных бюллетеней и голосов за партии)",
    "kk": "хаттаманың бақылау арақатынастары орындалмайды (алынған бюллетеньдер саны берілген "
    "және өтелген бюллетеньдердің қосындысына тең емес; жәшіктердегі бюллетеньдер берілгеннен "
    "көп; жәшіктердегі бюллетеньдер саны жарамсыз бюллетеньдер мен партияларға берілген "
    "дауыстардың қосындысына тең емес)",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_control_ratios_are_written_out_in_words(case_dir: Path, language: str) -> None:
    text = _appeal(case_dir, language)
    assert RATIOS_IN_WORDS[language] in text
    assert "≠" not in text


# C8. A source named in the text gets a footnote only for its address on the web: the example's
# Mazhilis source has one, its maslikhat source none; the court variant has neither.

URL = "https://www.election.gov.kz/rus/news/acts/index.php?ID=6196"


def _notes(html: str) -> list[str]:
    return re.findall(r'<span class="footnote">(.*?)</span>', html, flags=re.S)


def _repeating(case_dir: Path, language: str, notes: list[str]) -> list[str]:
    """The notes that begin with a contest's source as the text names it."""
    sources = [in_language(c.source, language) for c in load_case(case_dir).case.contests]
    plain = [" ".join(n.replace("\u00a0", " ").split()) for n in notes]
    return [n for n in plain for source in sources if n.startswith(source)]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_source_footnote_gives_only_its_address(case_dir: Path, language: str) -> None:
    notes = _notes(_html(case_dir, language))
    assert URL in notes
    assert _repeating(case_dir, language, notes) == []
    edit_case(case_dir, later_election)
    notes = _notes(_html(case_dir, language))
    assert _repeating(case_dir, language, notes) == []
    assert not [n for n in notes if n.startswith("http")]


# C6. The note «—» — not published — goes on the row's label, never on the dash of a figure.


@pytest.mark.parametrize(
    ("language", "label"),
    [("ru", "Недействительных бюллетеней"), ("kk", "Жарамсыз бюллетеньдер")],
)
def test_the_not_published_note_is_on_the_rows_label(
    case_dir: Path, language: str, label: str
) -> None:
    html = _html(case_dir, language)
    assert f'<td>{label}<span class="footnote">«—»' in html
    assert '—<span class="footnote">' not in html


# C9. A seats table names the contest in the genitive, not its label in the nominative.

SEATS = (
    "Таблица 3. Мандаты по итогам выборов депутатов маслихата города Алматы: выданные и по "
    "версии 1."
)


def test_the_seats_caption_names_the_contest_in_the_genitive(case_dir: Path) -> None:
    text = _appeal(case_dir, "ru")
    assert SEATS in text
    assert "Мандаты «" not in text


def test_the_own_seats_caption_names_the_contest_in_the_genitive(case_dir: Path) -> None:
    _one_contest_one_station(case_dir)
    text = _appeal(case_dir, "ru")
    own = "Мандаты по итогам выборов депутатов маслихата города Алматы: по расчету и выданные."
    assert own in text
    # A title that does not start with «Выборы»: the short title as a voting's name.
    edit_case(case_dir, lambda d: d["contests"][0].update(title="Маслихат города Алматы"))
    text = _appeal(case_dir, "ru")
    assert "Мандаты по итогам голосования «Маслихат»: по расчету и выданные." in text
    assert "Мандаты «" not in text


# D3. «сәйкес келеді», not «қайталайды» ("repeats").


def test_the_kazakh_seats_match_the_awarded(case_dir: Path) -> None:
    text = _appeal(case_dir, "kk")
    assert (
        "Алматы қаласы мәслихатының депутаттарын сайлаудың ресми қорытындылары бойынша сол "
        "есептің нәтижесі (бірінші сайлау бөліндісі 7 649,97) іс жүзінде берілген мандаттармен "
        "сәйкес келеді"
    ) in text
    _one_contest_one_station(case_dir)
    text = _appeal(case_dir, "kk")
    assert "Есеп нәтижесі іс жүзінде берілген мандаттармен сәйкес келеді" in text
    assert "қайталайды" not in text


# D4. A signed difference after «айырмасы», never after a dash: the Kurultai example at one
# station, 478, whose official «А» is set to 543 against 503 in the copy: 503 − 543 = −40.


def _kurultai_one_station(tmp_path: Path) -> Path:
    import shutil

    case_dir = tmp_path / "kurultai"
    shutil.copytree(KURULTAI, case_dir)
    for name in ("protocols.csv", "official.csv"):
        lines = (case_dir / name).read_text(encoding="utf-8").splitlines()
        kept = [lines[0]] + [line for line in lines[1:] if line.startswith("478,")]
        if name == "official.csv":
            kept[1] = kept[1].replace(",503,", ",543,")
        (case_dir / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return case_dir


def test_a_kazakh_difference_follows_aiyrmasy(tmp_path: Path) -> None:
    text = _appeal(_kurultai_one_station(tmp_path), "kk")
    assert (
        "№ 478 учаскеде хаттама көшірмесіндегі сан ресми қорытындыдан аз; айырмасы \u221240."
    ) in text
    assert "— \u2212" not in text and "— +" not in text


# D6. No comma before «немесе» between two sums; the parties named before the sums.


@pytest.mark.parametrize("addressee", ["prosecutor_general", "police_almaty"])
def test_the_kazakh_sums_are_joined_by_nemese_without_a_comma(
    case_dir: Path, addressee: str
) -> None:
    edit_case(
        case_dir,
        lambda d: d.update(addressees=[{"id": addressee, "role": "to"}]),
    )
    text = _appeal(case_dir, "kk")
    assert ", немесе" not in text
    assert re.search(r"жылына [\d ]+ теңге немесе өкілеттік мерзімінде [\d ]+ теңге", text)
    assert (
        "Мәжілісте өкілдігі бар ҚХП және «Ақ жол» партиялары Қазақстан Республикасы Парламенті "
        "Мәжілісінің депутаттарын сайлаудың қорытындылары бойынша Алматы қаласы мәслихатының "
        "депутаттарын сайлаудың қорытындыларына қарағанда көп дауыс алды."
    ) in text


# D7. The caveat on the two contests says who may vote differently, and where.

CAVEAT = {
    "ru": "на отдельных участках (в том числе закрытых) избиратели могут голосовать в двух "
    "голосованиях по-разному.",
    "kk": "жекелеген учаскелерде (оның ішінде жабық учаскелерде) сайлаушылар екі дауыс беруде "
    "әртүрлі дауыс беруі мүмкін.",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_caveat_on_voting_differently_is_a_whole_thought(language: str) -> None:
    (said,) = caveats(("legitimate_differences",), language)
    assert said.endswith(CAVEAT[language])


# C4. «Приложение:» never ends a page without its list: the appeal's tail laid out after a
# spacer of every height down the page (in steps of 2 mm), the page that shows the heading shows
# the first attachment too; and the DOCX paragraph keeps with the next.


def _tail_after(html: str, height_mm: int) -> str:
    """The appeal's head (its style) and its tail from «Приложение:» on, after a spacer."""
    start = html.index("<body")
    body_open = html.index(">", start) + 1
    heading = html.rindex("<p", 0, html.index("Приложение:", body_open))
    spacer = f'<div style="height: {height_mm}mm"></div>'
    return html[:body_open] + spacer + html[heading:]


@pytest.mark.slow
def test_the_attachments_heading_stays_with_its_list(case_dir: Path) -> None:
    from weasyprint import HTML

    html = _html(case_dir, "ru")
    orphaned = []
    for height in range(200, 262, 2):
        pdf = HTML(string=_tail_after(html, height), base_url=str(case_dir)).write_pdf()
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        (holding,) = [p for p in pages if "Приложение:" in p]
        if "Таблица" not in holding:
            orphaned.append(height)
    assert orphaned == []


@pytest.mark.slow  # the DOCX build writes the attachments too, which are laid out
def test_the_attachments_heading_keeps_with_next_in_word(case_dir: Path) -> None:
    files = api.render(case_dir, formats=["docx"])
    with zipfile.ZipFile(io.BytesIO(files["appeal.docx"])) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml)
    # The list of attachments and the list of requests: their heading lines keep with them.
    for heading in ("Приложение:", "ПРОШУ:"):
        paragraph = next(p for p in paragraphs if f">{heading}<" in p)
        assert "<w:keepNext/>" in paragraph, heading


# C5. A Kazakh claim's Table 1 starts on page 1 when the page has room for its caption, header
# and first row: the reviewer's variation (the example moved to October 2021, a voter of station
# 12 claiming in Kazakh before the specialised court, real data). Its two sources, named in the
# text, no longer repeat as footnotes, which took the room.

COURT = (
    "alm_court: {kind: court, name: {ru: Специализированный межрайонный административный суд "
    "города Алматы, kk: Алматы қаласының мамандандырылған ауданаралық әкімшілік соты}}\n"
)


@pytest.mark.slow
def test_the_kazakh_claims_table_starts_on_page_one(case_dir: Path) -> None:
    (case_dir / "authorities.yaml").write_text(COURT, encoding="utf-8")

    def change(d: dict) -> None:
        later_election(d)
        d.update(illustrative=False, language="kk")
        d["addressees"] = [{"id": "alm_court", "role": "to"}]
        d["applicant"] = {
            "full_name": {"ru": "Жумабеков Ерлан Серикович", "kk": "Жұмабеков Ерлан Серікұлы"},
            "iin": "791028302728",
            "address": {
                "ru": "010000, г. Астана, ул. Кенесары, д. 10, кв. 5",
                "kk": "010000, Астана қаласы, Кенесары көшесі, 10-үй, 5-пәтер",
            },
            "phone": "+7 701 000 00 00",
            "status": {"kind": "voter", "station": 12},
        }

    edit_case(case_dir, change)
    files = api.render(case_dir, formats=["pdf"])
    first = PdfReader(io.BytesIO(files["appeal.kk.pdf"])).pages[0].extract_text()
    assert "1-кесте. Партиялар бойынша дауыс берудің ресми қорытындылары." in " ".join(
        first.split()
    )
    assert "Қазақстан Халық партиясы" in first


def test_a_reference_folder_without_the_territories_table_still_loads(tmp_path: Path) -> None:
    """A user's copy of data/reference from before territories.yaml: no forms known, no error."""
    from election_appeal.case.reference import load_reference

    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    (folder / "territories.yaml").unlink()
    assert load_reference(folder).territories == ()
    assert load_reference(ROOT / "data" / "reference").territories[0].genitive == (
        "Республики Казахстан"
    )
