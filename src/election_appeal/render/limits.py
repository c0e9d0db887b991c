"""Bounds on rendering a template: wall-clock time and memory.

Jinja compiles a template into Python code, so a loop without end in a stranger's template
would hang the tool and a value doubled in a loop would exhaust memory. A watchdog thread
interrupts the rendering thread when the time is up; the process's address space is capped while
any thread renders (Linux), so that a runaway allocation ends in MemoryError instead of swapping.
What runs in C without giving the watchdog a turn (a huge power) is refused by the sandbox
before it starts (env.py).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

TIME_LIMIT_SECONDS = 60
# Address space a rendering may add to what the process already uses.
MEMORY_HEADROOM_BYTES = 2 * 1024**3


class TemplateTimeout(Exception):
    """Raised inside the rendering thread when its time is up."""


def _interrupt(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in another thread at its next bytecode (None withdraws a pending one)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    thread_id = threading.get_ident()
    lock, state = threading.Lock(), {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _interrupt(thread_id, TemplateTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            _interrupt(thread_id, None)  # the work ended before the exception was raised


def _current_address_space() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import resource

    return pages * resource.getpagesize()


class _SharedCap:
    """The address-space cap of the process, shared by the renderings under way in any of its
    threads (the web page's server renders in threads): the first to start sets it (what the
    process then uses, plus the headroom), the last to end lifts it. A limit of each
    rendering's own would be undone by another that ends first, and the process's memory is
    one: a rendering in one thread allocating past it fails there with MemoryError, where
    without the cap the system would end the whole server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved: tuple[int, int] | None = None  # the limit to restore, while capped

    @contextmanager
    def held(self, headroom: int) -> Iterator[None]:
        with self.lock:
            if self.users == 0:
                self.saved = _cap(headroom)
            self.users += 1
        try:
            yield
        finally:
            with self.lock:
                self.users -= 1
                if self.users == 0 and self.saved is not None:
                    _restore(self.saved)
                    self.saved = None


def _cap(headroom: int) -> tuple[int, int] | None:
    """Cap the address space at what the process uses plus `headroom` (Linux); the limit it
    had, to restore, or None when it was not changed (lower already, or no such limit)."""
    try:
        import resource
    except ImportError:  # not a Unix system: the time limit still applies
        return None
    used = _current_address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = None if used is None else used + headroom
    if wanted is None or (soft != resource.RLIM_INFINITY and soft <= wanted):
        return None
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        return None
    return soft, hard


def _restore(saved: tuple[int, int]) -> None:
    import resource

    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, saved)


_MEMORY = _SharedCap()


@contextmanager
def limits() -> Iterator[None]:
    """Render within the time limit and the memory headroom, in any thread."""
    with _time_limit(TIME_LIMIT_SECONDS), _MEMORY.held(MEMORY_HEADROOM_BYTES):
        yield
