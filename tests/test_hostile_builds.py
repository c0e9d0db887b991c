"""Builds under stress: a case that crashes its process, two builds at once, folders with the
same name, outputs that cannot be written. Every failure is a message, never a traceback, and
the previous outputs survive."""

from __future__ import annotations

import errno
import faulthandler
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE
from election_appeal.publish import bulk, files


def _cases(root: Path, *names: str) -> list[Path]:
    for name in names:
        shutil.copytree(EXAMPLE, root / name)
    return [root / name for name in names]


def test_a_case_that_crashes_its_process_fails_alone(run, tmp_path: Path, monkeypatch) -> None:
    cases = tmp_path / "cases"
    _cases(cases, "almaty", "crashing")
    real = bulk.build_one

    def crash_one(case: Path, *args: object, **kwargs: object) -> bulk.CaseOutcome:
        if case.name == "crashing":
            faulthandler.disable()  # pytest's crash report would only clutter the output
            os.kill(os.getpid(), signal.SIGSEGV)  # as a fault in a native library would
        return real(case, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "build_one", crash_one)  # the case processes are forked from here
    result = run("build", cases, "--out", tmp_path / "out", "--format", "xlsx", "--jobs", "2")
    assert result.exit_code == 1
    # Without the built case's warnings and time limits (indented under "Time limits on …").
    said = [
        line
        for line in result.stdout.splitlines()
        if "control ratio" not in line
        and "Time limits on" not in line
        and not (line.startswith("  ") and not line.startswith("  Error"))
    ]
    assert said == [
        # The spreadsheet the three letters share, the manifest.
        f"almaty: built 2 files in {tmp_path / 'out' / 'almaty'}",
        "crashing: FAILED",
        "  Error: the build of this case stopped unexpectedly (signal SIGSEGV); "
        "the other cases went on",
        "1 built, 0 unchanged, 1 failed.",
    ]
    assert (tmp_path / "out" / "almaty" / "attachment-1-protocols.xlsx").is_file()


def test_case_folders_with_the_same_name_are_refused_before_building(run, tmp_path: Path) -> None:
    first, second = _cases(tmp_path / "a", "almaty")[0], _cases(tmp_path / "b", "almaty")[0]
    result = run("build", first, second, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: case folders with the same name would overwrite each other's outputs: "
        f"{first} and {second}; rename one of them\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_second_build_into_the_same_folder_is_refused_or_waits(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".appeal-build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build holds the folder
        result = run("build", EXAMPLE, "--out", out, "--format", "xlsx")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {out}: another build is writing into this folder; "
            "run the command again when it has finished, or add --wait\n"
        )
        releaser = threading.Timer(1.0, lambda: fcntl.flock(lock, fcntl.LOCK_UN))
        releaser.start()
        start = time.monotonic()
        result = run("build", EXAMPLE, "--out", out, "--format", "xlsx", "--wait")
        releaser.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start >= 0.9
    assert (out / "almaty-2021" / "attachment-1-protocols.xlsx").is_file()


@pytest.mark.parametrize(
    ("out", "reason"),
    [("{tmp}/file/out", "Not a directory"), ("/proc/appeal-out", "No such file or directory")],
)
def test_an_output_folder_that_cannot_be_made(run, tmp_path: Path, out: str, reason: str) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    folder = out.format(tmp=tmp_path)
    result = run("build", EXAMPLE, "--out", folder, "--format", "xlsx")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder}: cannot write here ({reason})\n"


def test_a_full_disk_keeps_the_previous_outputs(run, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert run("build", EXAMPLE, "--out", out, "--format", "xlsx").exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "almaty-2021").iterdir()}
    write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if ".new-" in str(self):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = run("build", EXAMPLE, "--out", out, "--format", "xlsx", "--force")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        f"  Error: {out / 'almaty-2021'}: cannot write the outputs (No space left on device)"
    )
    assert {p.name: p.read_bytes() for p in (out / "almaty-2021").iterdir()} == before
    assert sorted(os.listdir(out)) == [".appeal-build.lock", "almaty-2021"]


def test_folders_are_exchanged_in_one_step(tmp_path: Path) -> None:
    """The output folder is never missing: the new one takes its place in one system call."""
    target = tmp_path / "case"
    target.mkdir()
    (target / "appeal.pdf").write_bytes(b"old")
    (target / "mine.txt").write_bytes(b"the user's own file")
    inode = target.stat().st_ino
    files.replace_folder(target, {"appeal.pdf": b"new"}, {"appeal.pdf"})
    assert target.stat().st_ino != inode
    assert (target / "appeal.pdf").read_bytes() == b"new"
    assert (target / "mine.txt").read_bytes() == b"the user's own file"
    assert os.listdir(tmp_path) == ["case"]


def test_staging_left_by_a_killed_build_is_cleaned(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".almaty-2021.new-99999").mkdir(parents=True)
    (out / ".almaty-2021.new-99999" / "appeal.pdf").write_bytes(b"half")
    assert run("build", EXAMPLE, "--out", out, "--format", "xlsx").exit_code == 0
    assert sorted(os.listdir(out)) == [".appeal-build.lock", "almaty-2021"]


def test_a_killed_build_releases_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "election_appeal", "build", str(EXAMPLE), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while not (out / ".appeal-build.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=30)
    with open(out / ".appeal-build.lock", "a") as lock:
        for _ in range(100):  # the build's own processes end with it, within moments
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(0.1)
        else:
            pytest.fail("the lock is still held 10 s after the build was killed")
