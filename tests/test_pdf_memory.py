"""What a build's process gives back to the system before and after joining a bundle
(render/pdf.py `return_freed_memory`): the memory freed in small pieces, which the C
allocator would otherwise keep between the pieces still in use."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from election_appeal.render.pdf import return_freed_memory

STATUS = Path("/proc/self/status")


def _resident_mb() -> float:
    line = next(s for s in STATUS.read_text().splitlines() if s.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc" or not STATUS.exists(), reason="glibc on Linux"
)
def test_memory_freed_in_small_pieces_goes_back_to_the_system() -> None:
    """100 000 pieces of 604 bytes (each from the C allocator: above Python's own small-object
    limit of 512), one in 64 kept: some 60 MB freed in gaps of 38 KB, whole pages the allocator
    keeps until told to give them back."""
    pieces = [bytes(600) + i.to_bytes(4, "little") for i in range(100_000)]
    kept = pieces[::64]
    del pieces
    freed = _resident_mb()
    return_freed_memory()
    assert freed - _resident_mb() > 40
    assert len(kept) == 1563  # still in use, untouched
