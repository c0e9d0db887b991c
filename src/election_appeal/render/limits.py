"""Bounds on rendering a template: wall-clock time and memory.

Jinja compiles a template into Python code, so a loop without end in a stranger's template
would hang the tool and a value doubled in a loop would exhaust memory. A watchdog thread
interrupts the rendering thread when the time is up; the process's address space is capped for
the duration (Linux), so that a runaway allocation ends in MemoryError instead of swapping.
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


@contextmanager
def _memory_limit(headroom: int) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not a Unix system: the time limit still applies
        yield
        return
    used = _current_address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = None if used is None else used + headroom
    if wanted is None or (soft != resource.RLIM_INFINITY and soft <= wanted):
        yield
        return
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def limits() -> Iterator[None]:
    """Render within the time limit and the memory headroom."""
    only_thread = threading.current_thread() is threading.main_thread()
    with _time_limit(TIME_LIMIT_SECONDS):
        if only_thread:
            with _memory_limit(MEMORY_HEADROOM_BYTES):
                yield
        else:  # a server thread: capping the whole process would hurt the other threads
            yield
