"""One change of a case at a time: every request that writes into a case folder holds the case's
lock from reading the files to writing them, so that two saves sent together (a double click,
two open tabs, two `appeal serve` on the same folder) are made one after the other. The second
then finds the file changed since its form was opened and gets the conflict page, instead of
both being told «Saved» while one of them is lost."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The threads of this process, by case folder. The system's lock below is taken too, for other
# processes; this one keeps threads in order where the system's lock might not tell them apart.
_THREADS: dict[str, threading.Lock] = {}
_THREADS_LOCK = threading.Lock()


def _thread_lock(folder: Path) -> threading.Lock:
    key = os.path.realpath(folder)
    with _THREADS_LOCK:
        return _THREADS.setdefault(key, threading.Lock())


class CaseLock:
    """The held lock of one case folder; `release` gives it back (from any thread)."""

    def __init__(self, folder: Path) -> None:
        self._thread = _thread_lock(folder)
        self._thread.acquire()
        self._handle: int | None = None
        try:
            # The folder itself is locked (flock on its descriptor): no lock file is left in the
            # user's folder, and a server killed halfway releases the lock with its descriptors.
            self._handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(self._handle, fcntl.LOCK_EX)
        except OSError:
            # A folder that cannot be opened or locked (its writes fail on their own and say
            # so); the threads of this server are still kept in order.
            self._close()
        except BaseException:
            self._close()
            self._thread.release()
            raise

    def _close(self) -> None:
        if self._handle is not None:
            os.close(self._handle)  # closing the descriptor releases the system's lock
            self._handle = None

    def release(self) -> None:
        """Give the lock back."""
        self._close()
        self._thread.release()


@contextmanager
def case_lock(folder: Path) -> Iterator[None]:
    """Hold the case folder's lock (waiting for it) while the block runs."""
    held = CaseLock(folder)
    try:
        yield
    finally:
        held.release()
