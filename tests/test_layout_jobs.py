"""Layouts shared between a pool and the building process (render/layout_jobs.py): each runs
once, in one process; the building process takes back what no worker started; and the letters
laid out beside the attachments on an estimate of their sheets state the real count."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from election_appeal.case import load_case
from election_appeal.errors import AppealError
from election_appeal.publish import bulk
from election_appeal.render import documents, render_case
from election_appeal.render import pdf as pdf_module
from election_appeal.render.layout_jobs import layout_processes, shared_layouts, waiting_jobs
from election_appeal.render.pdf import SENT_THROUGH_FILE, RenderedPdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "almaty-2021"


def _held(gate: str, log: str) -> int:
    """A layout that says it started (`gate`.started), waits until `gate` exists (at most a
    minute), then logs its process."""
    Path(f"{gate}.started").touch()
    deadline = time.monotonic() + 60
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.01)
    return _logged("held", log)


def _logged(name: str, log: str) -> int:
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{name} {os.getpid()}\n")
    return os.getpid()


def _started(gate: Path) -> None:
    """Wait (at most a minute) until the worker has started the held layout."""
    deadline = time.monotonic() + 60
    while not Path(f"{gate}.started").exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def _failing(message: str) -> None:
    raise AppealError(message)


def _runs(log: Path) -> list[tuple[str, int]]:
    return [
        (name, int(pid))
        for name, pid in (line.split() for line in log.read_text().split("\n") if line)
    ]


def test_the_building_process_takes_back_what_no_worker_started(tmp_path: Path) -> None:
    """The one worker is held by the first layout; the next ones — one of them already queued
    for that worker by the pool — are run by the building process, each once."""
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    with shared_layouts(2) as jobs:
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        later = [jobs.submit(_logged, f"job{i}", str(log)) for i in range(3)]
        assert [jobs.result(job) for job in later] == [os.getpid()] * 3
        gate.touch()
        worker = jobs.result(held)
    assert worker != os.getpid()
    assert sorted(_runs(log)) == sorted(
        [("held", worker), *((f"job{i}", os.getpid()) for i in range(3))]
    )


def test_a_dropped_layout_never_runs(tmp_path: Path) -> None:
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    with shared_layouts(2) as jobs:
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        dropped = jobs.submit(_logged, "dropped", str(log))
        kept = jobs.submit(_logged, "kept", str(log))
        jobs.drop(dropped)
        gate.touch()
        jobs.result(held)
        jobs.result(kept)
    assert "dropped" not in [name for name, _pid in _runs(log)]


def test_an_error_of_a_layout_taken_back_is_raised_where_its_result_is_asked(
    tmp_path: Path,
) -> None:
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    with shared_layouts(2) as jobs:
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        broken = jobs.submit(_failing, "appeal.html.j2: the document cannot be laid out")
        fine = jobs.submit(_logged, "fine", str(log))
        assert jobs.result(fine) == os.getpid()  # took back `broken` too, on the way
        with pytest.raises(AppealError, match="cannot be laid out"):
            jobs.result(broken)
        gate.touch()
        jobs.result(held)


def test_one_process_runs_each_layout_as_it_is_given(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.touch()
    with shared_layouts(1) as jobs:
        assert not jobs.parallel
        jobs.submit(_logged, "first", str(log))
        assert _runs(log) == [("first", os.getpid())]


@pytest.mark.slow
def test_letters_laid_out_on_a_wrong_estimate_state_the_real_sheets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every letter laid out beside the attachments on an estimate of their sheets that is
    wrong (one sheet for the protocols, which take six) is laid out again: the same bytes as
    the letters laid out one after another after the attachments."""
    data = load_case(EXAMPLE)
    addressees = [None, "police_almaty", "anticorruption_almaty"]
    one = render_case(data, addressees=addressees, workers=1).files
    monkeypatch.setattr(documents, "TABLE_ROWS_PER_PAGE_ESTIMATE", 10_000)
    two = render_case(data, addressees=addressees, workers=2).files
    assert two == one
    register = documents_text(two["appeal--police_almaty.docx"])
    assert "(66 участков)\xa0— на 6\xa0л." in register
    assert "копиям протоколов\xa0— на 3\xa0л." in register


def documents_text(docx: bytes) -> str:
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


PAGE = "<html><head><style>@page { size: A5 }</style></head><body><p>Текст</p></body></html>"
WORD = "ОБРАЗЕЦ"


@pytest.mark.slow
def test_a_layout_marked_where_it_is_laid_out_is_the_pdf_marked_afterwards() -> None:
    from election_appeal.render.pdf import render_pdf
    from election_appeal.render.watermark import pdf_pages_without_mark, stamp_pdf

    laid_out = documents.marked_layout(WORD, "ru", "appeal.pdf", render_pdf, PAGE, 0)
    plain = render_pdf(PAGE, 0)
    assert laid_out.marked is True
    assert laid_out.data == stamp_pdf(plain.data, WORD, "ru")
    assert pdf_pages_without_mark(laid_out.data, WORD) == []
    unmarked = documents.marked_layout(None, "ru", "appeal.pdf", render_pdf, PAGE, 0)
    assert unmarked == plain and unmarked.marked is None


@pytest.mark.slow
def test_only_the_files_read_back_where_they_were_laid_out_are_not_read_again() -> None:
    from election_appeal.render.pdf import render_pdf

    plain = render_pdf(PAGE, 0).data  # no mark drawn on it
    files = {"appeal.pdf": plain}
    kept = documents.marked(files, WORD, "ru", done={"appeal.pdf"}, read_back={"appeal.pdf"})
    assert kept == files
    with pytest.raises(AppealError, match=r"appeal\.pdf: page\(s\) 1 do not carry the mark"):
        documents.marked(files, WORD, "ru", done={"appeal.pdf"})


# Layout processes started before the building process needs them (LayoutProcesses).


def _prepared(log: str) -> None:
    """What loading the layout libraries stands for here: noted in the log, once a process."""
    global _loaded
    _loaded = os.getpid()
    _logged("prepared", log)


_loaded: int | None = None


def _who(log: str) -> tuple[int, int, int | None]:
    """A layout's process, its parent, and the process that ran `_prepared` in its memory."""
    _logged("job", log)
    return os.getpid(), os.getppid(), _loaded


def _crash() -> None:
    os._exit(3)


def _not_loading(log: str) -> None:
    raise OSError("cannot load library 'libpango-1.0-0'")


def test_layout_processes_start_from_one_that_loaded_the_libraries(tmp_path: Path) -> None:
    """The first process loads the libraries once; the others are forked from it after, so
    they have them loaded too; no layout runs in the building process, each runs once."""
    log = tmp_path / "log"
    log.touch()
    with layout_processes(2, functools.partial(_prepared, str(log))) as pool:
        jobs = waiting_jobs(pool)
        given = [jobs.submit(_who, str(log)) for _ in range(8)]
        ran = [jobs.result(job) for job in given]
    processes = {pid for pid, _parent, _loader in ran}
    first = next(pid for name, pid in _runs(log) if name == "prepared")
    assert [name for name, _pid in _runs(log)].count("prepared") == 1
    assert os.getpid() not in processes
    for pid, parent, loader in ran:
        assert loader == first  # loaded in the first, before the others were forked from it
        assert pid == first or parent == first
    assert sorted(name for name, _pid in _runs(log)).count("job") == 8


def test_a_layout_process_that_lays_out_runs_a_dropped_layout_never(tmp_path: Path) -> None:
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    with layout_processes(1, lambda: None) as pool:
        jobs = waiting_jobs(pool)
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        dropped = jobs.submit(_logged, "dropped", str(log))
        kept = jobs.submit(_logged, "kept", str(log))
        jobs.drop(dropped)
        gate.touch()
        jobs.result(held)
        assert jobs.result(kept) != os.getpid()
    assert [name for name, _pid in _runs(log)] == ["held", "kept"]


def test_an_error_of_a_layout_process_is_raised_where_its_result_is_asked() -> None:
    with layout_processes(2, lambda: None) as pool:
        jobs = waiting_jobs(pool)
        broken = jobs.submit(_failing, "appeal.html.j2: the document cannot be laid out")
        with pytest.raises(AppealError, match="cannot be laid out"):
            jobs.result(broken)


def test_libraries_that_do_not_load_fail_every_layout_with_the_reason(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.touch()
    with layout_processes(2, functools.partial(_not_loading, str(log))) as pool:
        jobs = waiting_jobs(pool)
        given = [jobs.submit(_logged, "never", str(log)) for _ in range(3)]
        for job in given:
            with pytest.raises(OSError, match="libpango"):
                jobs.result(job)
    assert _runs(log) == []


def test_a_layout_process_that_dies_breaks_the_pool_instead_of_hanging() -> None:
    with pytest.raises(BrokenProcessPool), layout_processes(2, lambda: None) as pool:
        jobs = waiting_jobs(pool)
        given = [jobs.submit(_crash) for _ in range(2)]
        for job in given:
            jobs.result(job)


@pytest.mark.slow
def test_a_build_on_layout_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    """The example built with two layout processes started before it is read: the files of a
    build in one process, and the building process never loads WeasyPrint."""
    code = """
import sys
from pathlib import Path
from election_appeal.publish import Settings, build_case
settings = Settings(("pdf", "docx", "xlsx"), False, None)
build_case(Path(sys.argv[1]), Path(sys.argv[2]), settings, force=True, workers=int(sys.argv[3]))
print(sorted(m for m in sys.modules if m.partition(".")[0] in ("weasyprint", "pydyf", "pyphen")))
"""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1617580800"}
    outputs = {}
    for workers in (1, 2):
        out = tmp_path / str(workers)
        done = subprocess.run(
            [sys.executable, "-c", code, str(EXAMPLE), str(out), str(workers)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        loaded = done.stdout.strip()
        outputs[workers] = {
            p.name: p.read_bytes() for p in (out / EXAMPLE.name).iterdir() if p.is_file()
        }
    assert loaded == "[]"  # the building process of the two-process build
    one, two = outputs[1], outputs[2]
    assert json.loads(one.pop("manifest.json")) == json.loads(two.pop("manifest.json"))
    assert sorted(one) == sorted(two) and len(one) == 14
    assert one == two


@pytest.mark.slow
def test_every_office_file_is_read_back_for_the_mark_as_it_was_finally_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Word and Excel files of an illustrative case are read back while the layouts run;
    a letter written again on the real sheets (here every letter: the estimate says one sheet
    for the protocols, which take six) is read back as written again."""
    checked: list[dict[str, bytes]] = []
    verify = documents.verify_marks

    def spied(files: dict[str, bytes], word: str) -> None:
        checked.append(dict(files))
        verify(files, word)

    monkeypatch.setattr(documents, "verify_marks", spied)
    monkeypatch.setattr(documents, "TABLE_ROWS_PER_PAGE_ESTIMATE", 10_000)
    files = render_case(load_case(EXAMPLE), workers=2).files
    office = {n for n in files if n.endswith((".docx", ".xlsx"))}
    assert office == {  # the police and the agency, sent a copy, get letters of their own
        "appeal.docx",
        "appeal--police_almaty.docx",
        "appeal--anticorruption_almaty.docx",
        "attachment-1-protocols.docx",
        "attachment-2-statistics.docx",
        "attachment-1-protocols.xlsx",
    }
    read = {name: content for call in checked for name, content in call.items()}
    assert {n: read.get(n) for n in office} == {n: files[n] for n in office}
    letters = {n for n in office if n.startswith("appeal")}
    assert letters <= set(checked[-1])  # written again after the first reading


def _long_pdf() -> RenderedPdf:
    """A PDF long enough to go between processes through a file."""
    return RenderedPdf(b"%PDF-1.7 " + bytes(range(256)) * (SENT_THROUGH_FILE // 256), 770)


def test_a_long_pdf_is_sent_through_a_file_in_the_builds_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent (pickled, as a layout process sends it), the PDF is a file in the build's folder;
    received, the same bytes and no file; a PDF sent but never received (the build stopped
    between the two) goes with the folder at the end of the build."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pdf = _long_pdf()
    with pdf_module.handover_folder() as folder:
        assert Path(folder).parent == tmp_path
        received = pickle.loads(pickle.dumps(pdf))
        assert received == pdf
        assert list(Path(folder).iterdir()) == []
        pickle.dumps(pdf)  # sent, never received
        assert [p.suffix for p in Path(folder).iterdir()] == [".pdf"]
    assert list(tmp_path.iterdir()) == []


def test_a_long_pdf_from_a_layout_process_arrives_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with layout_processes(2, lambda: None) as pool:
        assert pool.submit(_long_pdf).result(timeout=60) == _long_pdf()
        assert [list(folder.iterdir()) for folder in tmp_path.iterdir()] == [[]]
    with shared_layouts(2) as jobs:
        assert jobs.result(jobs.submit(_long_pdf)) == _long_pdf()
    assert list(tmp_path.iterdir()) == []


def test_the_folders_of_builds_killed_outright_are_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = tmp_path / f"{pdf_module.HANDOVER_PREFIX}{int(ended.stdout)}-abc"
    living = tmp_path / f"{pdf_module.HANDOVER_PREFIX}{os.getppid()}-def"
    other = tmp_path / "election-appeal-other"
    for folder in (dead, living, other):
        folder.mkdir()
        (folder / "left.pdf").write_bytes(b"%PDF")
    with pdf_module.handover_folder() as folder:
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [living.name, other.name, Path(folder).name]
        )


def _ended_build(ready: Any) -> None:
    """A case's process (publish/bulk.py) with a PDF sent but not received, told to end."""
    signal.signal(signal.SIGTERM, bulk._ended)
    with pdf_module.handover_folder() as folder:
        pickle.dumps(_long_pdf())
        ready.send(folder)
        time.sleep(60)


def test_a_case_process_told_to_end_leaves_no_pdf_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_ended_build, args=(theirs,))
    process.start()
    folder = Path(ours.recv())
    assert [p.suffix for p in folder.iterdir()] == [".pdf"]
    process.terminate()
    process.join(60)
    assert process.exitcode == -signal.SIGTERM  # ended as before: the build says "signal SIGTERM"
    assert not folder.exists()


# A bundle long enough to be read back through a file (an illustrative case's, for its mark).
LONG = bytes(range(256)) * (SENT_THROUGH_FILE // 256 + 1)


def _received(data: bytes, folder: str) -> tuple[str, int, list[str]]:
    """What a layout was given: the SHA-256 of its argument, the process that ran it, and the
    files of the handover folder while it ran."""
    return hashlib.sha256(data).hexdigest(), os.getpid(), sorted(os.listdir(folder))


def _failing_with(data: bytes) -> None:
    raise AppealError(f"cannot read {len(data)} bytes")


def _only_folder(root: Path) -> Path:
    (folder,) = root.iterdir()
    return folder


def test_a_long_argument_goes_to_a_layout_process_through_a_file_removed_once_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    with layout_processes(1, lambda: None) as pool:
        jobs = waiting_jobs(pool)
        folder = _only_folder(root)
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        short = jobs.submit(_received, LONG[: SENT_THROUGH_FILE - 1], str(folder))
        assert list(folder.iterdir()) == []  # a short argument goes through the queue
        long = jobs.submit(_received, LONG, str(folder))
        (waiting,) = folder.iterdir()
        assert waiting.read_bytes() == LONG
        gate.touch()
        jobs.result(held)
        digest, process, seen = jobs.result(long)
        assert digest == hashlib.sha256(LONG).hexdigest()
        assert process != os.getpid() and seen == []
        digest, _process, _seen = jobs.result(short)
        assert digest == hashlib.sha256(LONG[: SENT_THROUGH_FILE - 1]).hexdigest()
        assert list(folder.iterdir()) == []


def test_the_file_of_a_long_argument_is_removed_when_its_layout_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with layout_processes(1, lambda: None) as pool:
        jobs = waiting_jobs(pool)
        failing = jobs.submit(_failing_with, LONG)
        with pytest.raises(AppealError, match=f"cannot read {len(LONG)} bytes"):
            jobs.result(failing)
        assert list(_only_folder(tmp_path).iterdir()) == []


def test_a_long_argument_taken_back_or_dropped_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The building process runs the layout with the argument it holds, or forgets it: the
    file no worker will read is removed at once."""
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    with shared_layouts(2) as jobs:
        folder = _only_folder(root)
        held = jobs.submit(_held, str(gate), str(log))
        _started(gate)
        dropped = jobs.submit(_received, LONG, str(folder))
        taken = jobs.submit(_received, LONG, str(folder))
        assert len(list(folder.iterdir())) == 2
        jobs.drop(dropped)
        assert len(list(folder.iterdir())) == 1
        digest, process, seen = jobs.result(taken)
        assert digest == hashlib.sha256(LONG).hexdigest()
        assert process == os.getpid() and seen == []
        gate.touch()
        jobs.result(held)
    assert list(root.iterdir()) == []


def test_the_files_of_long_arguments_go_with_a_build_that_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, log = tmp_path / "gate", tmp_path / "log"
    log.touch()
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    with (
        pytest.raises(AppealError, match="stopped"),
        layout_processes(1, lambda: None) as pool,
    ):
        jobs = waiting_jobs(pool)
        jobs.submit(_held, str(gate), str(log))
        _started(gate)
        jobs.submit(_received, LONG, str(_only_folder(root)))
        assert len(list(_only_folder(root).iterdir())) == 1
        raise AppealError("stopped")
    assert list(root.iterdir()) == []
