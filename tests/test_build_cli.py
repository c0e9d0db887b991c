"""`appeal build` over time: unchanged rebuilds, change reports, many cases, interruptions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, EXAMPLE_OUTPUTS, read_rows, write_rows
from election_appeal.publish.manifest import sha256

APPEAL_FILES = set(EXAMPLE_OUTPUTS)


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file with its inode, modification time and bytes."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.iterdir())
    }


@pytest.fixture(scope="module")
def first_build(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the example and of its first build (the session's shared build, conftest.py):
    (case folder, output folder)."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(EXAMPLE, root / "almaty")
    shutil.copytree(example_build, root / "out" / "almaty", copy_function=shutil.copyfile)
    return root / "almaty", root / "out" / "almaty"


def _copy(first_build: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the built case and its outputs."""
    case, out = first_build
    shutil.copytree(case, tmp_path / "almaty")
    shutil.copytree(out, tmp_path / "out" / "almaty", copy_function=shutil.copyfile)
    return tmp_path / "almaty", tmp_path / "out" / "almaty"


def test_first_build_writes_the_documents_and_manifest(first_build) -> None:
    case, out = first_build
    assert {p.name for p in out.iterdir()} == APPEAL_FILES
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tool"]["name"] == "election-appeal"
    assert "weasyprint" in manifest["libraries"] and "python-docx" in manifest["libraries"]
    assert manifest["settings"]["formats"] == ["pdf", "docx", "xlsx"]
    for label in (
        "case/case.yaml",
        "case/protocols.csv",
        "templates/appeal.html.j2",
        "reference/wages.csv",
    ):
        assert len(manifest["inputs"][label]) == 64
    assert manifest["inputs"]["case/protocols.csv"] == sha256((case / "protocols.csv").read_bytes())
    for name, digest in manifest["outputs"].items():
        assert sha256((out / name).read_bytes()) == digest
    assert manifest["figures"]["comparison.parties.nur_otan.difference"] == 39542
    assert len(manifest["stations"]) == 66


def test_the_bundle_is_the_appeal_then_the_attachments(first_build) -> None:
    from pypdf import PdfReader

    _, out = first_build
    names = ("appeal.pdf", "attachment-1-protocols.pdf", "attachment-2-statistics.pdf")
    parts = [PdfReader(out / n).pages for n in names]
    bundle = PdfReader(out / "appeal-bundle.pdf").pages
    assert len(bundle) == sum(len(p) for p in parts)
    starts = [0, len(parts[0]), len(parts[0]) + len(parts[1])]
    for start, part in zip(starts, parts, strict=True):
        assert bundle[start].extract_text() == part[0].extract_text()


def test_an_unchanged_rebuild_writes_nothing(run, first_build, tmp_path: Path) -> None:
    case, out = _copy(first_build, tmp_path)
    before = _snapshot(out)
    result = run("build", case, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stdout == "almaty: unchanged, nothing written\n0 built, 1 unchanged, 0 failed.\n"
    assert _snapshot(out) == before
    assert sorted(os.listdir(tmp_path / "out")) == [".appeal-build.lock", "almaty"]


def test_force_rebuilds_the_same_bytes_and_keeps_the_users_files(
    run, first_build, tmp_path
) -> None:
    case, out = _copy(first_build, tmp_path)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    before = {name: content for name, (_, _, content) in _snapshot(out).items()}
    result = run("build", case, "--out", tmp_path / "out", "--force")
    assert result.exit_code == 0
    after = {name: content for name, (_, _, content) in _snapshot(out).items()}
    changes = after.pop("changes.md").decode()
    manifest = json.loads(after.pop("manifest.json"))
    before.pop("manifest.json")
    assert after == before  # the documents, and notes.txt, which is not the tool's
    assert "changes.md" in manifest["outputs"] and "notes.txt" not in manifest["outputs"]
    assert "Ни один документ не изменился: все файлы получились такими же, как раньше." in changes
    assert "Ни одна цифра обращения не изменилась." in changes


def test_changed_protocols_give_a_change_report(run, first_build, tmp_path: Path) -> None:
    case, out = _copy(first_build, tmp_path)
    rows = read_rows(case / "protocols.csv")
    rows[0]["npk"] = "35"  # station 12, mazhilis: 33 → 35
    new_station = [dict(rows[0], station="999", contest=c) for c in ("mazhilis", "maslikhat")]
    rows = [r for r in rows if r["station"] != "13"] + new_station
    write_rows(case / "protocols.csv", rows)
    result = run("build", case, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = (out / "changes.md").read_text(encoding="utf-8")
    assert report.startswith("# Изменения в деле almaty с прошлой сборки\n")
    assert "Добавлены (1): 999" in report
    assert "Удалены (1): 13" in report
    assert "участков с копиями обоих протоколов" not in report  # 66 before and after
    assert "- appeal.pdf" in report and "- attachment-1-protocols.xlsx" in report
    assert "голоса за партии на этих участках: 21\u00a0588 → " in report
    assert report in "\n".join(line[2:] for line in result.stdout.splitlines()) + "\n"


SENT_TO = {
    "prosecutor_general": "Генеральную прокуратуру Республики Казахстан",
    "anticorruption_almaty": "Департамент Агентства Республики Казахстан по противодействию "
    "коррупции по городу Алматы",
    "police_almaty": "Департамент полиции города Алматы",
    "prosecutor_almaty": "прокуратуру города Алматы",
}


@pytest.mark.slow
def test_per_addressee_appeals_carry_their_addressee(run, case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", case_dir, "--out", out, "--per-addressee", "--format", "docx")
    assert result.exit_code == 0, result.output
    folder = out / case_dir.name
    expected = {
        "prosecutor_general": "Генеральная прокуратура Республики Казахстан",
        "anticorruption_almaty": "Департамент Агентства Республики Казахстан по противодействию "
        "коррупции по городу Алматы",
        "police_almaty": "Департамент полиции города Алматы",
        "prosecutor_almaty": "Прокуратура города Алматы",
    }
    # Every letter's attachments say «к заявлению»: the four letters share them.
    assert {p.name for p in folder.iterdir()} == {
        *(f"appeal--{a}.docx" for a in expected),
        "attachment-1-protocols.docx",
        "attachment-2-statistics.docx",
        "manifest.json",
    }
    for authority, name in expected.items():
        paragraphs = [
            # No-break spaces of Russian typesetting read as spaces here.
            p.text.replace("\xa0", " ")
            for p in Document(str(folder / f"appeal--{authority}.docx")).paragraphs
        ]
        assert paragraphs[0] == name
        # Every other authority gets a letter of its own: none is «к сведению».
        assert "К сведению:" not in paragraphs
        # The others in one sentence, each in the form «направлено в …» needs (authorities.yaml),
        # those written to in one instrument together («направлены в … и в …»).
        said = [p for p in paragraphs if "По этим же обстоятельствам также" in p]
        assert len(said) == 1
        named = [a for a, form in SENT_TO.items() if f"в {form}" in said[0]]
        assert named == [a for a in expected if a != authority]


@pytest.mark.slow
def test_a_broken_case_is_reported_and_the_others_are_built(run, tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / "almaty")
    shutil.copytree(EXAMPLE, cases / "broken")
    (cases / "broken" / "protocols.csv").write_text("", encoding="utf-8")
    result = run("build", cases, "--out", tmp_path / "out", "--format", "pdf", "--jobs", "2")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Three letters (the agency and the police get their own), each with its bundle, in PDF:
    # 3 × 2, the two attachments they share, and the manifest.
    assert lines[0].startswith("almaty: built 9 files in ")
    # The built case's warnings and time limits come before the broken case's report.
    broken = lines.index("broken: FAILED")
    assert lines[broken + 1] == (
        f"  Error: {cases / 'broken' / 'protocols.csv'}: "
        "the file is empty: it has no header and no rows"
    )
    assert lines[-1] == "1 built, 0 unchanged, 1 failed."
    assert (tmp_path / "out" / "almaty" / "appeal.pdf").is_file()
    assert not (tmp_path / "out" / "broken").exists()


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_build_leaves_the_previous_outputs(first_build, tmp_path: Path, how) -> None:
    case, out = _copy(first_build, tmp_path)
    before = _snapshot(out)
    rows = read_rows(case / "protocols.csv")
    rows[0]["npk"] = "35"
    write_rows(case / "protocols.csv", rows)
    command = [
        sys.executable,
        "-m",
        "election_appeal",
        "build",
        str(case),
        "--out",
        str(tmp_path / "out"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_the_lock(tmp_path / "out" / ".appeal-build.lock", process)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(how)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert _snapshot(out) == before
    assert sorted(os.listdir(tmp_path / "out")) == [".appeal-build.lock", "almaty"]


def _wait_for_the_lock(lock: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the build holds the output folder's lock (read from /proc/locks: taking the lock
    here, even for a moment, could make the build refuse to start). From then on the build
    reads, renders and writes for seconds, whatever the machine's load."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if lock.exists():
            inode = f":{lock.stat().st_ino} "
            if any("FLOCK" in line and inode in line for line in _proc_locks()):
                return
        time.sleep(0.02)


def _proc_locks() -> list[str]:
    return Path("/proc/locks").read_text().splitlines()


def test_an_interruption_while_writing_restores_the_folder(tmp_path: Path, monkeypatch) -> None:
    from election_appeal.publish import files

    target = tmp_path / "case"
    target.mkdir()
    (target / "appeal.pdf").write_bytes(b"old")
    calls = []
    write_bytes = Path.write_bytes

    def interrupted(self: Path, data: bytes) -> int:
        calls.append(self.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the first new file was written
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.replace_folder(target, {"appeal.pdf": b"new", "appeal.docx": b"new"}, {"appeal.pdf"})
    monkeypatch.undo()
    assert (target / "appeal.pdf").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["case"]


def test_the_next_build_recovers_after_a_hard_kill_between_renames(tmp_path: Path) -> None:
    from election_appeal.publish import files

    old = tmp_path / ".case.old-4242"
    old.mkdir()
    (old / "appeal.pdf").write_bytes(b"previous")
    (tmp_path / ".case.new-4242").mkdir()
    files.recover(tmp_path / "case")
    assert os.listdir(tmp_path) == ["case"]
    assert (tmp_path / "case" / "appeal.pdf").read_bytes() == b"previous"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "{tmp}"], "Error: {tmp}: no case.yaml here or in its subfolders"),
        (["new", str(EXAMPLE)], f"Error: {EXAMPLE}: the folder is not empty; choose a new one"),
    ],
)
def test_command_errors(run, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 1
    assert result.stderr == message.format(tmp=tmp_path) + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", str(EXAMPLE), "--format", "pdf,odt"],
            "Error: Invalid value for '--format': unknown format(s): odt; use pdf, docx, xlsx",
        ),
        (
            ["build", str(EXAMPLE), "--templates", "{tmp}/none"],
            "Error: Invalid value for '--templates': Directory '{tmp}/none' does not exist.",
        ),
        (
            ["build", str(EXAMPLE), "--jobs", "0"],
            "Error: Invalid value for '--jobs': 0 is not in the range x>=1.",
        ),
    ],
)
def test_option_errors(run, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message.format(tmp=tmp_path)


def test_new_case_folder(run, tmp_path: Path) -> None:
    result = run("new", tmp_path / "city")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "city").iterdir()) == [
        "case.yaml",
        "protocols.csv",
        "protocols.xlsx",
    ]
    check = run("check", tmp_path / "city")
    assert check.exit_code == 1
    assert (
        f"Error: {tmp_path / 'city' / 'case.yaml'}, line 12, applicant.full_name: "
        "this field is empty; fill it in" in check.stderr
    )


def test_new_case_folder_interactively(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from election_appeal.cli import main

    answers = "\n".join(
        [
            "Иванов Иван",
            "123456789012",  # refused: wrong check digit
            "791028302728",
            "г. Алматы, ул. Абая, 1",
            "",  # no phone
            "",  # no e-mail
            "2021-01-10",
            "г. Алматы",
            "Республики Казахстан",  # not the territory: asked apart, written as typed
            "581",
            "3",  # refused: one voting or two
            "2",
            "31.02.2021",  # refused: no such day
            "2021-04-05",
            "г. Алматы",
            "y",
        ]
    )
    result = CliRunner().invoke(
        main, ["new", str(tmp_path / "city"), "--interactive"], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "has a wrong check digit" in result.output  # the first ИИН was refused and asked again
    assert (
        '"31.02.2021": there is no such day in the calendar; check the day, the month and the year'
        in result.output
    )
    applicant = (tmp_path / "city" / "applicant.yaml").read_text(encoding="utf-8")
    assert 'iin: "791028302728"' in applicant and "phone: null" in applicant
    case = (tmp_path / "city" / "case.yaml").read_text(encoding="utf-8")
    assert "applicant: {file: applicant.yaml}" in case
    assert 'territory: "г. Алматы"' in case and "stations: 581" in case
    assert 'territory_genitive: "Республики Казахстан"' in case
    assert 'date: "2021-04-05"' in case
    assert "answer 1 (one voting, such as the Kurultai) or 2 (two votings)" in result.output
    assert "id: second" in case and "comparison:" in case  # two votings asked for


def test_doctor(run) -> None:
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert (
        "ok                  font Liberation Serif: installed, with every Kazakh letter"
        in result.stdout
    )
    assert "Python package weasyprint" in result.stdout


@pytest.mark.parametrize(
    "command", ["check", "analyse", "seats", "schema", "build", "new", "doctor", "templates"]
)
def test_every_command_has_help_with_an_example(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_the_build_says_the_time_limits_its_build_found(run, tmp_path: Path, monkeypatch) -> None:
    """The limits come with the built case, not from checking it again in the command's own
    process (a national case would be loaded twice): the election of 10 January 2021, ballots
    kept 30 days, so to 9 February; the appeal of 5 April 2021 is 19 + 31 + 5 = 55 days after."""
    from election_appeal import api

    def loaded_again(case_dir: object) -> None:
        raise AssertionError("the case was checked again for its time limits")

    monkeypatch.setattr(api, "time_limits", loaded_again)
    result = run("build", EXAMPLE, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("almaty-2021: Time limits on 5 April 2021, the appeal's date:")
    assert lines[start + 1].startswith("  Генеральная прокуратура Республики Казахстан — appeal: ")
    assert any(
        line.startswith(
            "  ballots: kept 30 days from the election day, last day 9 February 2021: "
            "ended 55 days ago"
        )
        for line in lines[start:]
    )
