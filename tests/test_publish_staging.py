"""A build writes each language's documents into the hidden staging folder as soon as they are
rendered, holding none of them while it renders the next, and replaces the output folder with
them whole at the end: a failure or a stop on the way leaves the previous outputs as they were
and no staging folder; the manifest lists the SHA-256 of every file written."""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import weakref
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE
from election_appeal import render
from election_appeal.errors import AppealError
from election_appeal.publish import Settings, build_case, bulk, files

# The spreadsheet alone, in both languages: a quick build with one file a language.
BOTH = Settings(("xlsx",), False, None, ("ru", "kk"))
NAMES = ["attachment-1-protocols.xlsx", "attachment-1-protocols.kk.xlsx"]


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class Watching:
    """render_case, watched: each call's result kept by a weak reference, and what the disk
    held when the next call began; `fail_on` a call number raises there."""

    def __init__(self, out: Path, fail_on: int | None = None) -> None:
        self.real = render.render_case
        self.out, self.fail_on = out, fail_on
        self.results: list[weakref.ref[Any]] = []
        self.seen: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        gc.collect()
        staging = [p for p in self.out.glob(f".{EXAMPLE.name}.new-*") if p.is_dir()]
        target = self.out / EXAMPLE.name
        self.seen.append(
            {
                "alive": [ref() is not None for ref in self.results],
                "staged": _contents(staging[0]) if staging else None,
                "target": _contents(target) if target.is_dir() else None,
            }
        )
        if len(self.results) + 1 == self.fail_on:
            raise AppealError("the second language cannot be rendered")
        result = self.real(*args, **kwargs)
        self.results.append(weakref.ref(result))
        return result


def test_each_languages_documents_are_staged_once_rendered_and_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watching = Watching(tmp_path)
    monkeypatch.setattr(render, "render_case", watching)
    outcome = build_case(EXAMPLE, tmp_path, BOTH)
    assert outcome.status == "built", outcome.message
    written = _contents(tmp_path / EXAMPLE.name)
    first, second = watching.seen
    assert first == {"alive": [], "staged": {}, "target": None}
    # When Kazakh is rendered, the Russian spreadsheet is in the staging folder, as it ends
    # up in the output folder, and not held in memory; the output folder is not made yet.
    assert second["alive"] == [False]
    assert second["staged"] == {NAMES[0]: written[NAMES[0]]}
    assert second["target"] is None
    assert sorted(written) == sorted([*NAMES, "manifest.json"])
    assert [p.name for p in tmp_path.iterdir()] == [EXAMPLE.name]  # no staging folder left


def test_the_manifest_has_the_digest_of_every_file_written(tmp_path: Path) -> None:
    assert build_case(EXAMPLE, tmp_path, BOTH).status == "built"
    # Built again: the second build also writes what changed (changes.md).
    assert build_case(EXAMPLE, tmp_path, BOTH, force=True).status == "built"
    folder = tmp_path / EXAMPLE.name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.name != "manifest.json"
    }
    assert sorted(on_disk) == sorted([*NAMES, "changes.md"])
    assert manifest["outputs"] == on_disk


def test_a_failure_after_some_documents_were_written_keeps_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_case(EXAMPLE, tmp_path, BOTH).status == "built"
    (tmp_path / EXAMPLE.name / "notes.txt").write_text("the user's own file")
    before = _contents(tmp_path / EXAMPLE.name)
    watching = Watching(tmp_path, fail_on=2)
    monkeypatch.setattr(render, "render_case", watching)
    with pytest.raises(AppealError, match="the second language cannot be rendered"):
        build_case(EXAMPLE, tmp_path, BOTH, force=True)
    # The Russian spreadsheet was written into the staging folder, not into the outputs...
    staged = watching.seen[1]["staged"]
    assert list(staged) == [NAMES[0]]
    # ...which are those of the previous build, byte for byte, with no staging folder left.
    assert watching.seen[1]["target"] == before
    assert _contents(tmp_path / EXAMPLE.name) == before
    assert [p.name for p in tmp_path.iterdir()] == [EXAMPLE.name]


def test_a_full_disk_while_staging_keeps_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_case(EXAMPLE, tmp_path, BOTH).status == "built"
    before = _contents(tmp_path / EXAMPLE.name)
    write_bytes = Path.write_bytes
    writes: list[str] = []

    def full(self: Path, data: bytes) -> int:
        writes.append(self.name)
        if len(writes) == 2:  # the Kazakh spreadsheet, after the Russian one was written
            raise OSError(28, os.strerror(28))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(AppealError) as raised:
        build_case(EXAMPLE, tmp_path, BOTH, force=True)
    monkeypatch.undo()
    assert writes == NAMES
    assert str(raised.value) == (
        f"{tmp_path / EXAMPLE.name}: cannot write the outputs (No space left on device)"
    )
    assert _contents(tmp_path / EXAMPLE.name) == before
    assert [p.name for p in tmp_path.iterdir()] == [EXAMPLE.name]


def _stopped_while_staging(target: Path) -> None:
    """A case's process as bulk starts it, told to end after one output was staged."""
    signal.signal(signal.SIGTERM, bulk._ended)
    with files.staged_folder(target) as staging:
        staging.write("appeal.pdf", b"half of a build")
        os.kill(os.getpid(), signal.SIGTERM)
        staging.write("never.pdf", b"not reached")


def test_a_build_told_to_end_while_staging_leaves_the_outputs_and_no_staging(
    tmp_path: Path,
) -> None:
    target = tmp_path / "case"
    target.mkdir()
    (target / "appeal.pdf").write_bytes(b"the previous build's")
    process = multiprocessing.get_context("fork").Process(
        target=_stopped_while_staging, args=(target,)
    )
    process.start()
    process.join(timeout=30)
    assert process.exitcode == -signal.SIGTERM  # it ended at once, by the signal
    assert os.listdir(tmp_path) == ["case"]
    assert _contents(target) == {"appeal.pdf": b"the previous build's"}
