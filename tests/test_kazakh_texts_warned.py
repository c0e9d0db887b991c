"""A text given only in Russian that a Kazakh document prints is warned about wherever the
Kazakh documents are asked for: by the case's `languages`, or by `build --language kk` (and
`api.render(language="kk")`) of a case that names no such language; an authority of the
case's own authorities.yaml named in Russian only too; a folder's name is no text."""

from __future__ import annotations

from pathlib import Path

import pytest

from claim_variant import to_the_court
from conftest import edit_case
from election_appeal import api

SOURCE = "Сводная таблица территориальной избирательной комиссии города Алматы"
EXAMPLE_TEXT = "{ru: …, kk: …}"


def _official_in_russian(case_dir: Path) -> None:
    """An official table (station 12 from the copies) described in Russian only."""
    rows = (case_dir / "protocols.csv").read_text(encoding="utf-8").splitlines()[:3]
    (case_dir / "official.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    def change(data: dict) -> None:
        data["official_results"] = {"file": "official.csv", "source": SOURCE}

    edit_case(case_dir, change)


def _lines(output: str, field: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if f", {field}: " in line]


def test_check_of_a_russian_case_asks_nothing_in_kazakh(run, case_dir: Path) -> None:
    _official_in_russian(case_dir)
    assert _lines(run("check", case_dir).output, "official_results.source") == []


@pytest.mark.parametrize("languages", ["kk", "ru,kk"])
def test_build_in_kazakh_warns_as_check_does(
    run, case_dir: Path, tmp_path: Path, languages: str
) -> None:
    _official_in_russian(case_dir)
    result = run(
        "build", case_dir, "--out", tmp_path / "out", "--format", "xlsx", "--language", languages
    )
    assert result.exit_code == 0, result.output
    [line] = _lines(result.output, "official_results.source")
    assert line.endswith(
        "official_results.source: has no text in kk, a language of the documents: the "
        f"documents show it as it is; give it as {EXAMPLE_TEXT}"
    )
    assert line.startswith(f"Warning: {case_dir / 'case.yaml'}, line ")


def test_build_in_russian_only_says_nothing_of_kazakh(run, case_dir: Path, tmp_path: Path) -> None:
    _official_in_russian(case_dir)
    result = run("build", case_dir, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0
    assert _lines(result.output, "official_results.source") == []


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "ru",
            "official_results.source: нет текста на kk — языке документов: документы покажут его "
            f"как есть; запишите его так: {EXAMPLE_TEXT}",
        ),
        (
            "kk",
            "official_results.source: құжаттар тілінде (kk) мәтіні жоқ: құжаттар оны сол күйінде "
            f"көрсетеді; оны былай жазыңыз: {EXAMPLE_TEXT}",
        ),
    ],
)
def test_a_kazakh_render_warns_in_the_interface_language(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    _official_in_russian(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    warnings = api.render(case_dir, formats=("xlsx",), language="kk").warnings
    assert next(w for w in warnings if "official_results.source" in w).endswith(said)
    assert not [w for w in api.render(case_dir, formats=("xlsx",)).warnings if "source" in w]


def test_the_copies_folder_is_a_name_not_a_text(run, case_dir: Path) -> None:
    (case_dir / "copies").mkdir()

    def change(data: dict) -> None:
        data["languages"] = ["ru", "kk"]
        data["copies"] = {"folder": "copies"}

    edit_case(case_dir, change)
    assert "copies.folder" not in run("check", case_dir).output


def _district_prosecutor(case_dir: Path, languages: list[str] | None) -> None:
    (case_dir / "authorities.yaml").write_text(
        "prosecutor_auezov:\n"
        "  kind: prosecutor\n"
        "  name: {ru: Прокуратура Ауэзовского района города Алматы}\n",
        encoding="utf-8",
    )

    def change(data: dict) -> None:
        data["addressees"].append({"id": "prosecutor_auezov", "role": "cc"})
        data["languages"] = languages

    edit_case(case_dir, change)


AUTHORITY = (
    "addressees[4].id: Прокуратура Ауэзовского района города Алматы: authorities.yaml gives its "
    "name without a text in kk, so the documents in kk print it in another language; give it "
    f"there as {EXAMPLE_TEXT}"
)


def test_an_authority_named_in_russian_only_is_warned_about(run, case_dir: Path) -> None:
    _district_prosecutor(case_dir, ["ru", "kk"])
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.endswith(AUTHORITY)]


def test_an_authority_named_in_russian_only_is_warned_about_by_a_kazakh_build(
    run, case_dir: Path, tmp_path: Path
) -> None:
    _district_prosecutor(case_dir, None)
    assert AUTHORITY not in run("check", case_dir).output
    out = tmp_path / "out"
    result = run("build", case_dir, "--out", out, "--format", "xlsx", "--language", "kk")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.endswith(AUTHORITY)]


def test_an_authority_in_russian_is_not_warned_about_for_russian_documents(
    run, case_dir: Path
) -> None:
    _district_prosecutor(case_dir, ["ru"])
    assert "authorities.yaml gives its" not in run("check", case_dir).output


def _kazakh_case(case_dir: Path) -> None:
    """Documents in Kazakh; the official table described in Russian as a plain text, a paper
    attachment titled in Kazakh, the place written as one name."""
    _official_in_russian(case_dir)

    def change(data: dict) -> None:
        data["language"] = "kk"
        data["appeal"]["place"] = "Алматы"
        data["attachments"] = [
            {"title": "Алматы қаласы аумақтық сайлау комиссиясының хаттамасы", "sheets": 2}
        ]

    edit_case(case_dir, change)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "en",
            "the documents are in Kazakh (language: kk), but this text has no Kazakh letter "
            "(ә, ғ, қ, ң, ө, ұ, ү, һ, і): if it is in Russian, they print it in Russian; give it "
            f"as {EXAMPLE_TEXT}",
        ),
        (
            "ru",
            "документы на казахском (language: kk), но в этом тексте нет ни одной казахской буквы "
            "(ә, ғ, қ, ң, ө, ұ, ү, һ, і): если он на русском, документы напечатают его по-русски; "
            f"запишите его так: {EXAMPLE_TEXT}",
        ),
        (
            "kk",
            "құжаттар қазақ тілінде (language: kk), бірақ бұл мәтінде қазақ әрпі "
            "(ә, ғ, қ, ң, ө, ұ, ү, һ, і) жоқ: егер ол орыс тілінде болса, құжаттар оны орысша "
            f"басады; оны былай жазыңыз: {EXAMPLE_TEXT}",
        ),
    ],
)
def test_a_plain_russian_text_of_a_kazakh_case_is_warned_about(
    run, case_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """A plain text of a Kazakh case is taken for Kazakh: the Russian description of the
    official table (eight words, no letter of Kazakh's own) is named, not the Kazakh title of
    the attachment nor the one-word place."""
    _kazakh_case(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    found = [line.split(", ", 2)[2] for line in result.output.splitlines() if said in line]
    assert found == [f"official_results.source: {said}"]


# An authority of the case's own authorities.yaml without `sent_to`, beside others: the letters
# name every addressee in the nominative, and check says why and what to add.
NO_SENT_TO = {
    "en": "Алматинский городской суд: authorities.yaml gives no sent_to (its name as «направлено "
    "в …» has it in Russian, and in the dative in Kazakh), so the letters that name it beside "
    "the other addressees name them all in the nominative; add it as for the Prosecutor "
    "General: sent_to: {ru: Генеральную прокуратуру Республики Казахстан, kk: Қазақстан "
    "Республикасының Бас прокуратурасына}",
    "kk": "Алматы қалалық соты: authorities.yaml ішінде sent_to жоқ",
}


@pytest.mark.parametrize("language", ["en", "kk"])
def test_an_authority_without_its_sent_to_form_is_warned_about(
    case_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    to_the_court(case_dir)
    monkeypatch.setenv("APPEAL_LANG", language)
    said = [p.message for p in api.check(case_dir).warnings if "sent_to" in p.message]
    # The court alone: the shipped authorities all have their forms.
    assert len(said) == 1
    assert said[0].startswith(NO_SENT_TO[language])


def test_one_addressee_needs_no_sent_to(case_dir: Path) -> None:
    to_the_court(case_dir)
    edit_case(case_dir, lambda d: d.update(addressees=[{"id": "city_court", "role": "to"}]))
    assert [p for p in api.check(case_dir).warnings if "sent_to" in p.message] == []


def test_a_short_russian_text_of_a_kazakh_case_is_warned_about(run, case_dir: Path) -> None:
    """Short texts the Kazakh documents would print in Russian are named by their fields
    («Республика Казахстан», «г. Алматы», «Маслихат»); a Kazakh text without a letter of
    Kazakh's own (Алматы облысы), a one-word place and the names of parties are not."""
    _kazakh_case(case_dir)

    def change(data: dict) -> None:
        data["election"]["territory"] = "Республика Казахстан"
        data["appeal"]["place"] = "г. Алматы"
        data["contests"][1]["short_title"] = "Маслихат"
        data["contests"][0]["short_title"] = "Алматы облысы"
        data["parties"][3]["name"] = "Ак жол"
        data["parties"][3]["short_name"] = "«Ак жол»"
        data["parties"][1]["short_name"] = "Аманат"

    edit_case(case_dir, change)
    result = run("check", case_dir)
    assert result.exit_code == 0, result.output
    warned = [
        line.split(", ", 2)[2].split(": ", 1)[0]
        for line in result.output.splitlines()
        if "but this text has no Kazakh letter" in line
    ]
    assert warned == [
        "appeal.place",
        "election.territory",
        "contests[1].short_title",
        "official_results.source",
    ]
