"""A file too large to be an input of a case is never read for the digests that decide whether
a check or a build is still current: a 3 GB file dropped into the folder would otherwise be read
whole at every check, every page of the web page and every build."""

from __future__ import annotations

from pathlib import Path

from election_appeal.case import copies, paths
from election_appeal.casefiles import LARGEST_INPUT_BYTES, content_digests
from election_appeal.publish.manifest import Settings, input_hashes

BIG = 3_000_000_000


def _sparse(path: Path, size: int, marker: bytes) -> None:
    """A sparse file of `size` bytes (no disk used) with `marker` written near its end."""
    with path.open("wb") as handle:
        handle.truncate(size)
        handle.seek(size - 100)
        handle.write(marker)


def test_no_input_may_be_larger_than_what_the_digests_read() -> None:
    limits = [paths.CSV_MAX_BYTES, paths.XLSX_MAX_BYTES, paths.ATTACHMENT_MAX_BYTES]
    assert max([*limits, copies.COPY_MAX_BYTES, paths.YAML_MAX_BYTES]) <= LARGEST_INPUT_BYTES


def test_a_huge_file_stands_by_its_size_unread(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, marker in ((first, b"one"), (second, b"two")):
        folder.mkdir()
        (folder / "case.yaml").write_text("x: 1\n", encoding="utf-8")
        _sparse(folder / "video.mp4", BIG, marker)
    said = f"too large to be read: {BIG} bytes"
    # Content that differs beyond the limit changes nothing: the file was not read.
    assert content_digests(first)["video.mp4"] == content_digests(second)["video.mp4"] == said
    settings = Settings(("pdf",), False, None, None)
    assert input_hashes(first, settings)["case/video.mp4"] == said
    # A file within the limit is read: its digest follows its content.
    assert content_digests(first)["case.yaml"] != said
    (second / "case.yaml").write_text("x: 2\n", encoding="utf-8")
    assert content_digests(first)["case.yaml"] != content_digests(second)["case.yaml"]


def test_a_file_at_the_limit_is_still_read(tmp_path: Path) -> None:
    _sparse(tmp_path / "one.csv", LARGEST_INPUT_BYTES, b"one")
    assert not content_digests(tmp_path)["one.csv"].startswith("too large")
