"""The copies against the official station figures, in the documents: the appeal's leading
section (PDF and DOCX, Russian and Kazakh) and the marks of attachment 1 (PDF, DOCX, XLSX).

Every expected figure is worked out here from the CSV rows of a copy of the evidence example
(tests/data/evidence-example) with differences planted in its official table: the copy's
figure is read from protocols.csv, the official one is that figure plus the planted delta, the
difference copy − official is minus the delta; kinds and sums are added up by hand below.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document

from conftest import ROOT, read_rows, write_rows
from election_appeal import api
from election_appeal.render.xlsx import FLAGGED_COLOR, OFFICIAL_COLOR

# Every test here renders documents (a DOCX render lays out the attachments' PDFs too).
pytestmark = pytest.mark.slow
EVIDENCE = ROOT / "tests" / "data" / "evidence-example"
MINUS = "\u2212"
# (station, contest, column) → what is added to the copy's figure to make the official one.
PLANTED = {
    ("12", "mazhilis", "nur_otan"): 38,  # copy − official = −38
    ("47", "mazhilis", "nur_otan"): 12,  # −12: with the one above, 2 stations, −50 in all
    ("13", "maslikhat", "invalid"): -2,  # +2
    ("12", "maslikhat", "adal"): -4,  # +4
    ("47", "maslikhat", "adal"): 3,  # −3: with the one above, mixed, +1 in all
}
LABEL = {"mazhilis": "Мажилис", "maslikhat": "Маслихат"}
TABLE_ITEM = {
    "ru": {"nur_otan": "«Nur Otan»", "adal": "«ADAL»", "invalid": "Число недействительных"},
    "kk": {"nur_otan": "«Nur Otan»", "adal": "«ADAL»", "invalid": "Жарамсыз бюллетеньдер"},
}


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"{MINUS}{-n}" if n < 0 else "0"


def _case(tmp_path: Path, plant: dict[tuple[str, str, str], int]) -> Path:
    """A copy of the evidence example whose official table is its copies plus `plant`; the
    copies folder is left out (it is another attachment, not what is tested here)."""
    case_dir = tmp_path / "case"
    shutil.copytree(EVIDENCE, case_dir, ignore=shutil.ignore_patterns("copies"))
    rows = []
    for row in read_rows(case_dir / "protocols.csv"):
        row = dict(row)
        for (station, contest, column), delta in plant.items():
            if (row["station"], row["contest"]) == (station, contest):
                row[column] = str(int(row[column]) + delta)
        rows.append(row)
    write_rows(case_dir / "official.csv", rows)
    _edit(case_dir, lambda d: d.pop("copies", None))
    return case_dir


def _edit(case_dir: Path, change) -> None:
    path = case_dir / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy_figure(case_dir: Path, station: str, contest: str, column: str) -> int:
    return next(
        int(r[column])
        for r in read_rows(case_dir / "protocols.csv")
        if (r["station"], r["contest"]) == (station, contest)
    )


def _expected_rows(case_dir: Path) -> list[tuple[str, str, str, int, int, int]]:
    """(station, contest, column, copy, official, copy − official) of every planted cell."""
    return [
        (station, contest, column, copy, copy + delta, -delta)
        for (station, contest, column), delta in PLANTED.items()
        for copy in [_copy_figure(case_dir, station, contest, column)]
    ]


def _pdf_text(data: bytes, tmp_path: Path, layout: bool = True) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _running(text: str) -> str:
    """Running text: words hyphenated at a line's end joined, lines and spaces collapsed."""
    text = re.sub("\u2010\n", "", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def _docx(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def _paragraphs(data: bytes) -> str:
    return _running("\n".join(p.text for p in _docx(data).paragraphs))


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


HEADING = {
    "ru": ("1. Сверка копий протоколов с официальными итогами по участкам", "2. Обстоятельства"),
    "kk": ("1. Хаттамалардың көшірмелерін учаскелер бойынша ресми", "2. Мән-жайлар"),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, api.Documents]]:
    case_dir = _case(tmp_path_factory.mktemp("planted"), PLANTED)
    return case_dir, {lang: api.render(case_dir, language=lang) for lang in ("ru", "kk")}


def _name(name: str, language: str) -> str:
    stem, ext = name.rsplit(".", 1)
    return name if language == "ru" else f"{stem}.{language}.{ext}"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_docx_table_lists_each_planted_difference_and_only_those(planted, language) -> None:
    case_dir, documents = planted[0], planted[1][language]
    document = _docx(documents[_name("appeal.docx", language)])
    table = document.tables[0]
    found = [tuple(c.text.replace("\u00a0", " ") for c in row.cells) for row in table.rows[1:]]
    order = {"12": 0, "13": 1, "47": 2}
    contest_order = {"mazhilis": 0, "maslikhat": 1}
    column_order = {"invalid": 0, "nur_otan": 1, "adal": 2}  # lines first, then parties
    expected = sorted(
        _expected_rows(case_dir),
        key=lambda r: (order[r[0]], contest_order[r[1]], column_order[r[2]]),
    )
    assert len(found) == len(expected) == 5
    for cells, (station, contest, column, copy, official, difference) in zip(
        found, expected, strict=True
    ):
        assert cells[0] == station and cells[1] == LABEL[contest]
        assert cells[2].startswith(TABLE_ITEM[language][column])
        assert cells[3:] == (str(copy), str(official), _signed(difference))
    # The header states the sign convention.
    header = " ".join(c.text for c in table.rows[0].cells).replace("\u00a0", " ")
    assert ("копия − официальные итоги" if language == "ru" else "көшірме − ресми") in header


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_pdf_leads_with_the_planted_differences(planted, language, tmp_path) -> None:
    case_dir, documents = planted[0], planted[1][language]
    text = _pdf_text(documents[_name("appeal.pdf", language)], tmp_path)
    start, end = HEADING[language]
    # The section comes before the facts and before any statistics.
    assert text.index(start.split(". ", 1)[1][:20]) < text.index(end)
    section = _section(text, start.split(". ", 1)[1][:20], end)
    rows = [
        line for line in section.splitlines() if re.match(r"\s*\d+\s+(Мажилис|Маслихат)\s", line)
    ]
    assert len(rows) == len(PLANTED)
    for station, contest, _column, copy, official, difference in _expected_rows(case_dir):
        figures = rf"\s{copy}\s+{official}\s+{re.escape(_signed(difference))}\s*$"
        pattern = rf"^\s*{station}\s+{LABEL[contest]}\s.*{figures}"
        assert sum(1 for line in rows if re.match(pattern, line)) == 1, pattern


KINDS = {
    "ru": [
        # nur_otan in the mazhilis: stations 12 and 47, both lower: −38 − 12 = −50.
        "«Мажилис», голоса за «Nur Otan»: на 2 участках цифра копии протокола меньше "
        f"официальной; в сумме разница {MINUS}50.",
        "«Маслихат», число недействительных бюллетеней: на участке № 13 цифра копии протокола "
        "больше официальной; разница +2.",  # one station: named, not a sum
        # adal in the maslikhat: +4 at 12, −3 at 47.
        "«Маслихат», голоса за «ADAL»: цифра копии протокола расходится с официальной на 2 "
        "участках (больше — на 1, меньше — на 1); в сумме разница +1.",
    ],
    "kk": [
        "«Мажилис», «Nur Otan» дауыстары: хаттама көшірмесіндегі сан ресми қорытындыдан аз "
        f"болған учаскелер саны — 2; жиынтық айырмасы {MINUS}50.",
        "«Маслихат», жарамсыз бюллетеньдер саны: № 13 учаскеде хаттама көшірмесіндегі сан "
        "ресми қорытындыдан көп; айырмасы +2.",
        "«Маслихат», «ADAL» дауыстары: хаттама көшірмесіндегі сан ресми қорытындыдан өзгеше "
        "болған учаскелер саны — 2 (көп — 1, аз — 1); жиынтық айырмасы +1.",
    ],
}
STATIONS_SENTENCE = {
    # Three stations compared, two of them (12 and 47) with a difference; 13 has one too.
    "ru": "На 3 из этих участков цифры копий протоколов расходятся с официальными (таблица 1).",
    "kk": "Көшірмелердегі сандар ресми қорытындылардан өзгеше болған учаскелер саны — 3 (1-кесте).",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_one_sentence_per_kind_of_difference(planted, language, tmp_path) -> None:
    documents = planted[1][language]
    pdf = _running(_pdf_text(documents[_name("appeal.pdf", language)], tmp_path, layout=False))
    docx = _paragraphs(documents[_name("appeal.docx", language)])
    for text in (pdf, docx):
        for sentence in [*KINDS[language], STATIONS_SENTENCE[language]]:
            assert text.count(sentence) == 1, sentence
        # Numbered without gaps: the facts are section 2 and their table is table 2.
        assert (
            "Таблица 2. Официальные итоги" if language == "ru" else "2-кесте. Партиялар"
        ) in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_attachment_one_marks_each_planted_cell_in_pdf_and_docx(planted, language, tmp_path):
    case_dir, documents = planted[0], planted[1][language]
    expected = sorted(
        (str(copy), str(official)) for *_k, copy, official, _d in _expected_rows(case_dir)
    )
    pdf = _pdf_text(documents[_name("attachment-1-protocols.pdf", language)], tmp_path)
    # The legend's example is one more: the table's first differing cell, station 12's
    # Mazhilis «Nur Otan», copy 152, official 152 + 38 = 190.
    found = sorted(re.findall(r"(\d+) ≠(\d+)", pdf))
    assert found == sorted([*expected, ("152", "190")])
    document = _docx(documents[_name("attachment-1-protocols.docx", language)])
    cells = {
        cell.text.replace("\u00a0", " ")
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if "≠" in cell.text
    }
    assert sorted(tuple(c.split(" ≠")) for c in cells) == expected


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_attachment_one_colours_each_planted_cell_in_the_spreadsheet(planted, language) -> None:
    case_dir, documents = planted[0], planted[1][language]
    sheet = openpyxl.load_workbook(
        io.BytesIO(documents[_name("attachment-1-protocols.xlsx", language)])
    ).active
    rows = list(sheet.iter_rows())
    header_at = next(i for i, r in enumerate(rows) if r[0].value in ("Участок", "Учаске"))
    header = [c.value for c in rows[header_at]]
    marked, broken = [], 0
    station = None
    for row in rows[header_at + 1 :]:
        station = str(row[0].value) if row[0].value is not None else station
        for column, cell in zip(header, row, strict=False):
            colour = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
            if colour == "00" + OFFICIAL_COLOR:
                marked.append((station, row[4].value, column, cell.value, cell.comment.text))
            broken += colour == "00" + FLAGGED_COLOR
    headings = {"nur_otan": "«Nur Otan»", "adal": "«ADAL»", "invalid": "Недействительных"}
    if language == "kk":
        headings["invalid"] = "Жарамсыз"
    note = "Официальная цифра участка:" if language == "ru" else "Учаскенің ресми саны:"
    expected = sorted(
        (station, LABEL[contest], headings[column], copy, f"{note} {official}")
        for station, contest, column, copy, official, _d in _expected_rows(case_dir)
    )
    assert sorted(marked) == expected
    assert broken == 0  # the example's copies break no ratio: no cell in the other colour
    legend = [r[0].value for r in rows[:header_at] if r[0].value]
    assert any("другим цветом" in v or "басқа түспен" in v for v in legend)


def _texts(
    documents: api.Documents, language: str, tmp_path: Path, name: str = "appeal"
) -> list[str]:
    """The running text of a document's PDF and of its DOCX (paragraphs and table cells)."""
    pdf = _running(_pdf_text(documents[_name(f"{name}.pdf", language)], tmp_path, layout=False))
    document = _docx(documents[_name(f"{name}.docx", language)])
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    docx = _running("\n".join([p.text for p in document.paragraphs] + cells))
    return [pdf, docx]


AGREE = {
    "ru": "Копии протоколов 3 участковых избирательных комиссий сверены с официальными итогами "
    "голосования по этим участкам (источник —",
    "kk": "3 учаскелік сайлау комиссиясы хаттамаларының көшірмелері осы учаскелер бойынша дауыс "
    "берудің ресми қорытындыларымен салыстырылды (дереккөзі —",
}
ALL_AGREE = {
    "ru": "Все цифры, которые есть и в копиях, и в официальных итогах, совпадают.",
    "kk": "Көшірмелерде де, ресми қорытындыларда да бар барлық сандар сәйкес келеді.",
}
FACTS = {"ru": "Обстоятельства", "kk": "Мән-жайлар"}
FACTS_TABLE = {"ru": "Таблица 1. Официальные итоги", "kk": "1-кесте. Партиялар"}
LEADING_TABLE = {"ru": "Цифры копий протоколов, расходящиеся", "kk": "өзгеше сандары"}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_official_table_that_agrees_is_said_to_agree(tmp_path: Path, language: str) -> None:
    case_dir = _case(tmp_path, {})
    documents = api.render(case_dir, language=language, formats=["pdf", "docx"])
    for text in _texts(documents, language, tmp_path):
        assert text.count(AGREE[language]) == 1 and text.count(ALL_AGREE[language]) == 1
        assert f"2. {FACTS[language]}" in text
        # No table of differences: the facts' table is table 1, no gap.
        assert FACTS_TABLE[language] in text and LEADING_TABLE[language] not in text
    for text in _texts(documents, language, tmp_path, "attachment-1-protocols"):
        assert "≠" not in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_without_an_official_table_the_appeal_opens_with_the_facts(tmp_path, language) -> None:
    case_dir = _case(tmp_path, PLANTED)
    _edit(case_dir, lambda d: d.pop("official_results"))
    documents = api.render(case_dir, language=language, formats=["pdf", "docx"])
    for text in _texts(documents, language, tmp_path):
        assert f"1. {FACTS[language]}" in text and "2. " + FACTS[language] not in text
        assert HEADING[language][0][3:30] not in text and FACTS_TABLE[language] in text
    for text in _texts(documents, language, tmp_path, "attachment-1-protocols"):
        assert "≠" not in text


MISMATCH = {
    "ru": "«Мажилис», голоса за НПК: сумма официальных цифр всех 3 участков — {sum}, а "
    "опубликованный итог — {published} (разница {difference}). Официальные итоги по участкам "
    "не складываются в опубликованный итог.",
    "kk": "«Мажилис», НПК дауыстары: барлық 3 учаскенің ресми сандарының жиыны — {sum}, ал "
    "жарияланған қорытынды — {published} (айырма {difference}). Учаскелер бойынша ресми "
    "қорытындылар жарияланған қорытындыға сәйкес келмейді.",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_station_sums_that_miss_the_published_total_are_stated(tmp_path, language) -> None:
    """A territory of the example's 3 stations, its published votes the sums of the official
    station figures, but the mazhilis total of НПК 7 votes more."""
    case_dir = _case(tmp_path, {})
    rows = read_rows(case_dir / "official.csv")
    parties = ["npk", "nur_otan", "auyl", "ak_zhol", "adal"]
    sums = {
        (c, p): sum(int(r[p]) for r in rows if r["contest"] == c)
        for c in ("mazhilis", "maslikhat")
        for p in parties
    }

    def change(d: dict) -> None:
        d["election"]["stations"] = 3
        for contest in d["contests"]:
            contest["votes"] = {p: sums[(contest["id"], p)] for p in parties}
            for line in ("voters_on_list", "ballots_issued", "invalid", "turnout"):
                contest[line] = None
        d["contests"][0]["votes"]["npk"] += 7

    _edit(case_dir, change)
    documents = api.render(case_dir, language=language, formats=["pdf", "docx"])
    npk = sums[("mazhilis", "npk")]
    expected = MISMATCH[language].format(sum=npk, published=npk + 7, difference=f"{MINUS}7")
    for text in _texts(documents, language, tmp_path):
        assert text.count(expected) == 1
        # Only that total misses; the copies agree with the official figures.
        assert text.count("НПК") >= 1 and text.count(ALL_AGREE[language]) == 1
        assert text.count(expected.split(":")[1][:25]) == 1


def _partial_example(case_dir: Path) -> tuple[list[dict], str]:
    """The Almaty example's first 25 stations, the 8th with its maslikhat copy only (issue 20:
    the appeal said "24 stations" and then listed sources adding up to 25)."""
    rows = read_rows(case_dir / "protocols.csv")
    stations = list(dict.fromkeys(r["station"] for r in rows))[:25]
    lone = stations[7]
    kept = [
        r
        for r in rows
        if r["station"] in stations and not (r["station"] == lone and r["contest"] == "mazhilis")
    ]
    write_rows(case_dir / "protocols.csv", kept)
    return kept, lone


SOURCE_WORDS = {
    "ru": {"": "источник не указан"},
    "kk": {
        "": "дереккөз көрсетілмеген",
        "Наблюдатели А": "Байқаушылар А",
        "Наблюдатели Б": "Байқаушылар Б",
        "Наблюдатели В": "Байқаушылар В",
    },
}
COUNTS = {
    "ru": "копиями протоколов об итогах обоих голосований {paired} участковых избирательных "
    "комиссий из 581, полученными наблюдателями ({sources}).",
    "kk": "{paired} учаскелік сайлау комиссиясының (аумақтағы 581 комиссияның) екі дауыс беру "
    "қорытындылары туралы хаттамаларының көшірмелері бар; көшірмелерді байқаушылар алған "
    "({sources}).",
}
ONE_COPY = {
    "ru": "Кроме того, по 1 участку у заявителя есть копия протокола только об итогах выборов "
    "депутатов маслихата города Алматы.",
    # The example is addressed to the prosecutor: the applicant is «арыз беруші».
    "kk": "Бұдан басқа, арыз берушіде 1 учаске бойынша тек Алматы қаласы мәслихатының "
    "депутаттарын сайлаудың қорытындылары туралы хаттаманың көшірмесі бар.",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_counts_of_the_copies_add_up(case_dir: Path, tmp_path: Path, language: str) -> None:
    rows, lone = _partial_example(case_dir)
    # Counted here with plain sets: stations with both copies, and per source those whose two
    # copies both come from it.
    contests: dict[str, set[str]] = {}
    source_of: dict[tuple[str, str], str] = {}
    for r in rows:
        contests.setdefault(r["station"], set()).add(r["contest"])
        source_of[(r["station"], r["contest"])] = r["source"]
    both = sorted(s for s, c in contests.items() if c == {"mazhilis", "maslikhat"})
    assert len(contests) == 25 and len(both) == 24 and lone not in both
    paired: dict[str, int] = {}
    for s in both:
        a, b = source_of[(s, "mazhilis")], source_of[(s, "maslikhat")]
        assert a == b  # the example has no station with copies from two sources
        paired[a] = paired.get(a, 0) + 1
    assert sum(paired.values()) == 24
    words = SOURCE_WORDS[language]
    # Named sources by name, then the copies without one.
    listed = "; ".join(
        f"{words.get(name, name)} — {n}"
        for name, n in sorted(paired.items(), key=lambda i: (i[0] == "", i[0]))
    )
    documents = api.render(case_dir, language=language, formats=["pdf", "docx"])
    for text in _texts(documents, language, tmp_path):
        assert COUNTS[language].format(paired=24, sources=listed) in text
        assert text.count(ONE_COPY[language]) == 1


def _with_official(folder: Path, plant: dict[tuple[int, str], int], all_stations: bool) -> None:
    """The Almaty example with an official table: its copies, `plant[(row, column)]` added to
    the figure of that row; with `all_stations` the territory has only the copies' stations,
    so that the table covers it and its sums are checked against the published totals."""
    rows = read_rows(folder / "protocols.csv")
    for (index, column), delta in plant.items():
        rows[index][column] = str(int(rows[index][column]) + delta)
    write_rows(folder / "official.csv", rows)

    def change(d: dict) -> None:
        d["official_results"] = {
            "file": "official.csv",
            "source": {"ru": "Сводная", "kk": "Жиынтық"},
        }
        if all_stations:
            d["election"]["stations"] = len({r["station"] for r in rows})

    _edit(folder, change)


SPELLING_CASES = {
    # A line and a party, copies higher, lower and both ways.
    "differences": lambda f: _with_official(
        f,
        {
            (0, "nur_otan"): 5,
            (2, "nur_otan"): 7,
            (1, "invalid"): -1,
            (3, "adal"): 2,
            (5, "adal"): -2,
        },
        False,
    ),
    "agreeing, sums against the totals": lambda f: _with_official(f, {}, True),
    "one copy only, two sources": lambda f: (
        _partial_example(f)
        and write_rows(
            f / "protocols.csv",
            [
                {**r, "source": "Наблюдатели Б"} if i == 1 else r
                for i, r in enumerate(read_rows(f / "protocols.csv"))
            ],
        )
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("variation", list(SPELLING_CASES))
def test_every_word_of_the_new_sentences_is_known(tmp_path, language, variation) -> None:
    from election_appeal.analysis import analyse
    from election_appeal.case import load_case
    from election_appeal.render.documents import Renderer
    from test_kazakh import KK_REGISTER
    from test_spelling import html_text, unknown_words, words_of_case
    from test_wording import REGISTER

    folder = tmp_path / "case"
    shutil.copytree(ROOT / "data" / "almaty-2021", folder)
    SPELLING_CASES[variation](folder)
    data = load_case(folder)
    data = dataclasses.replace(data, case=data.case.model_copy(update={"language": language}))
    renderer = Renderer(data, analyse(data), None)
    pages = {
        "appeal": renderer.appeal_html(REGISTER if language == "ru" else KK_REGISTER, None),
        "attachment-1-protocols": renderer.attachment_html(),
    }
    case_words = words_of_case(folder)
    unknown = {n: unknown_words(html_text(p), language, case_words) for n, p in pages.items()}
    assert unknown == {n: [] for n in pages}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_station_whose_two_copies_come_from_two_sources(case_dir: Path, language) -> None:
    rows, _lone = _partial_example(case_dir)
    # The first station's maslikhat copy comes from another group than its mazhilis copy.
    first = rows[0]["station"]
    assert [r["contest"] for r in rows[:2]] == ["mazhilis", "maslikhat"]
    assert rows[0]["source"] == rows[1]["source"] == "Наблюдатели А"
    rows[1] = {**rows[1], "source": "Наблюдатели Б"}
    write_rows(case_dir / "protocols.csv", rows)
    # By hand, from the rows: 24 stations with both copies; of them, station `first` mixed.
    both: dict[str, list[str]] = {}
    for r in rows:
        both.setdefault(r["station"], []).append(r["source"])
    paired = {s: sources for s, sources in both.items() if len(sources) == 2}
    assert len(paired) == 24 and paired[first] == ["Наблюдатели А", "Наблюдатели Б"]
    same: dict[str, int] = {}
    for sources in paired.values():
        if sources[0] == sources[1]:
            same[sources[0]] = same.get(sources[0], 0) + 1
    words = SOURCE_WORDS[language]
    listed = "; ".join(
        f"{words.get(name, name)} — {n}"
        for name, n in sorted(same.items(), key=lambda i: (i[0] == "", i[0]))
    )
    mixed = "от разных источников — 1" if language == "ru" else "әртүрлі дереккөздерден — 1"
    documents = api.render(case_dir, language=language, formats=["docx"])
    text = _paragraphs(documents[_name("appeal.docx", language)])
    assert f"({listed}; {mixed})." in text
    assert sum(same.values()) + 1 == 24


def test_a_long_attachment_drawn_straight_into_pages_marks_the_cells(tmp_path: Path) -> None:
    """Above DRAWN_ROWS stations attachment 1's rows are drawn by render/grid_pdf.py, not laid
    out by WeasyPrint: the marks must be drawn too."""
    import datetime

    from election_appeal.analysis import analyse
    from election_appeal.case import load_case
    from election_appeal.render.context import attachment_context
    from election_appeal.render.env import make_environment, render_template
    from election_appeal.render.grid_pdf import render_protocol_table_pdf
    from test_pdf import EPOCH, long_case

    folder = long_case(tmp_path)
    rows = read_rows(folder / "protocols.csv")
    # Rows 0, 151 and 299 (stations far apart, both contests), official figure + 1000 or − 7.
    plant = {(0, "nur_otan"): 1000, (151, "ballots_issued"): -7, (299, "adal"): 1000}
    official = [dict(r) for r in rows]
    for (index, column), delta in plant.items():
        official[index][column] = str(int(rows[index][column]) + delta)
    write_rows(folder / "official.csv", official)
    _edit(folder, lambda d: d.update(official_results={"file": "official.csv", "source": "X"}))
    data = load_case(folder)
    moment = datetime.datetime(2021, 4, 5, tzinfo=datetime.UTC)
    context = attachment_context(data, analyse(data), moment)
    html = render_template(make_environment(None, "ru"), "attachment-protocols.html.j2", context)
    drawn = render_protocol_table_pdf(html, EPOCH)
    assert drawn is not None
    text = _pdf_text(drawn.data, tmp_path)
    expected = [
        (rows[index][column], str(int(rows[index][column]) + delta))
        for (index, column), delta in plant.items()
    ]
    # 1 152 is written with a space between its digit groups; the next column is further.
    found = [
        (a, re.sub(r"\s", "", b))
        for a, b in re.findall(r"(\d+) ≠(\d{1,3}(?:[ \u00a0]\d{3})*)", text)
    ]
    # The legend's example repeats the table's first differing cell: row 0's (the first
    # station's first contest).
    assert sorted(found) == sorted([*expected, expected[0]])


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_leading_table_and_the_marks_fit_with_national_figures(
    tmp_path: Path, language: str
) -> None:
    """The example ×1000 with long names (tests/test_fit.py), an official table with a planted
    difference in a line and in a party at the widest figures: every word of the appeal and of
    attachment 1 inside the margins, in WeasyPrint's PDF and in LibreOffice's layout of the DOCX."""
    from test_fit import NO_LIBREOFFICE, _outside, _variation

    if NO_LIBREOFFICE.args[0]:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path / "case"
    shutil.copytree(ROOT / "data" / "almaty-2021", folder)
    _variation(folder, 1_000, True)
    rows = read_rows(folder / "protocols.csv")
    widest = max(range(len(rows)), key=lambda i: int(rows[i]["nur_otan"]))
    plant = {(widest, "nur_otan"): 1_234_567, (0, "voters_on_list"): 1_234_567}
    official = [dict(r) for r in rows]
    for (index, column), delta in plant.items():
        official[index][column] = str(int(rows[index][column]) + delta)
    write_rows(folder / "official.csv", official)
    _edit(folder, lambda d: d.update(official_results={"file": "official.csv", "source": "X"}))
    documents = api.render(folder, formats=("pdf", "docx"), language=language)
    out = tmp_path / "out"
    out.mkdir()
    names = [
        _name(f"{n}.{e}", language)
        for n in ("appeal", "attachment-1-protocols")
        for e in ("pdf", "docx")
    ]
    for name in names:
        (out / name).write_bytes(documents[name])
    assert "≠" in _pdf_text(documents[names[2]], tmp_path)
    assert _running(_pdf_text(documents[names[0]], tmp_path)).count(LEADING_TABLE[language]) == 1
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out / "lo"),
            *(str(out / n) for n in names if n.endswith(".docx")),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    pdfs = [out / n for n in names if n.endswith(".pdf")] + sorted((out / "lo").glob("*.pdf"))
    assert len(pdfs) == 4
    assert [w for pdf in pdfs for w in _outside(pdf)] == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_stations_compared_and_those_that_differ_are_counted_apart(tmp_path, language) -> None:
    # Differences planted at stations 12 and 47 only: 3 stations compared, 2 differ.
    plant = {k: v for k, v in PLANTED.items() if k[0] != "13"}
    assert {k[0] for k in plant} == {"12", "47"}
    documents = api.render(_case(tmp_path, plant), language=language, formats=["docx"])
    text = _paragraphs(documents[_name("appeal.docx", language)])
    if language == "ru":
        assert "Копии протоколов 3 участковых избирательных комиссий сверены" in text
        assert "На 2 из этих участков цифры копий протоколов расходятся" in text
    else:
        assert "3 учаскелік сайлау комиссиясы хаттамаларының көшірмелері осы" in text
        assert "ресми қорытындылардан өзгеше болған учаскелер саны — 2 (1-кесте)" in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_cell_with_a_broken_ratio_and_an_official_difference_shows_both(
    tmp_path: Path, language: str
) -> None:
    """Station 12's mazhilis copy typed with invalid 11 instead of 10: it breaks ratio 4 (in
    boxes 294 ≠ 11 + 284 votes) and differs from the official 10 (the official table keeps 10)."""
    case_dir = _case(tmp_path, {})
    rows = read_rows(case_dir / "protocols.csv")
    assert (rows[0]["station"], rows[0]["contest"], rows[0]["invalid"]) == ("12", "mazhilis", "10")
    votes = sum(int(rows[0][p]) for p in ("npk", "nur_otan", "auyl", "ak_zhol", "adal"))
    assert (int(rows[0]["ballots_in_boxes"]), votes) == (294, 284)
    rows[0] = {**rows[0], "invalid": "11"}
    write_rows(case_dir / "protocols.csv", rows)
    documents = api.render(case_dir, language=language, formats=["pdf", "xlsx"])
    pdf = _pdf_text(documents[_name("attachment-1-protocols.pdf", language)], tmp_path)
    # Ratio 4 marks "in boxes" and "invalid"; only "invalid" differs from the official figure.
    assert len(re.findall(r"\b11 \[4\] ≠10\b", pdf)) == 1
    assert len(re.findall(r"\b294 \[4\](?! ≠)", pdf)) == 1
    sheet = openpyxl.load_workbook(
        io.BytesIO(documents[_name("attachment-1-protocols.xlsx", language)])
    ).active
    notes = {
        (c.value, c.fill.fgColor.rgb): c.comment.text
        for row in sheet.iter_rows()
        for c in row
        if c.comment
    }
    note = "Официальная цифра участка:" if language == "ru" else "Учаскенің ресми саны:"
    assert set(notes) == {(11, "00" + OFFICIAL_COLOR), (294, "00" + FLAGGED_COLOR)}
    assert notes[(11, "00" + OFFICIAL_COLOR)].startswith("[4] ")
    assert notes[(11, "00" + OFFICIAL_COLOR)].endswith(f"\n{note} 10")
    assert note not in notes[(294, "00" + FLAGGED_COLOR)]
