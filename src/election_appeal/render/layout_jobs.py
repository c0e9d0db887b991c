"""The layouts of one build shared between a pool of processes and the process that builds.

Every layout is given to the pool as soon as its HTML is known, in the order of need. The
building process writes what only it writes (the Word documents, the spreadsheet) meanwhile;
when it has to wait for a layout, it takes back the last layouts no worker has started and runs
them itself. Each layout is claimed once, by whichever process starts it first (`Claims`): the
pool is given more than it can run at once, so a worker never waits for the building process,
and the building process can still take back a layout the pool had already queued for a
worker. No core then waits while a layout is left.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..processes import die_with_parent

WORKER, HERE = 1, 2  # who runs a claimed layout
# Layouts a build can give out with a claim; more (a national table laid out in hundreds of
# parts by WeasyPrint) are given without one: only those the pool has not queued yet can then
# be taken back.
CLAIMS = 4096

_claims: Claims | None = None  # in a worker of the pool: the claims of its build


class Claims:
    """Who runs each layout of a build, decided once, in memory the pool's processes share."""

    def __init__(self, size: int = CLAIMS) -> None:
        context = multiprocessing.get_context("fork")
        self.size = size
        self.lock = context.Lock()
        self.owners = context.RawArray("b", size)

    def claim(self, index: int, owner: int) -> bool:
        """Whether `owner` may run layout `index`: no other process claimed it before."""
        with self.lock:
            if self.owners[index]:
                return False
            self.owners[index] = owner
            return True


@dataclass(frozen=True)
class TakenBack:
    """What a worker returns for a layout the building process claimed first."""


def _start_worker(claims: Claims, parent: int) -> None:
    """The start of each process of the pool: the build's claims, and an end with its parent."""
    global _claims
    _claims = claims
    die_with_parent(parent)


def _claimed(index: int | None, work: Callable[..., Any], *args: Any) -> Any:
    """Run a layout in a worker, unless the building process claimed it first."""
    if index is not None and _claims is not None and not _claims.claim(index, WORKER):
        return TakenBack()
    return work(*args)


@dataclass
class Job:
    """One layout: given to the pool, or taken back and run here."""

    future: Future[Any]
    work: Callable[..., Any]
    args: tuple[Any, ...]
    index: int | None  # its claim, if it has one
    taken: bool = False  # run in this process after all
    value: Any = None
    error: BaseException | None = None

    def done(self) -> bool:
        return self.taken or self.future.done()

    def outcome(self) -> Any:
        """Its result (raising what the layout raised); it must be done, or running in the
        pool, which is then waited for."""
        if not self.taken:
            return self.future.result()
        if self.error is not None:
            raise self.error
        return self.value


class InProcess(Executor):
    """An executor that runs each task at once, here: the one-process budget."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class Jobs:
    """The layouts of a build given to `pool`, which this process helps with."""

    def __init__(self, pool: Executor, claims: Claims | None = None) -> None:
        self.pool = pool
        self.claims = claims
        self.given: list[Job] = []
        self.count = 0

    @property
    def parallel(self) -> bool:
        """Whether other processes lay out too (else every layout is done as it is given)."""
        return not isinstance(self.pool, InProcess)

    def submit(self, work: Callable[..., Any], *args: Any) -> Job:
        """Give a layout to the pool."""
        index = self.count if self.claims is not None and self.count < self.claims.size else None
        self.count += 1
        future = self.pool.submit(_claimed, index, work, *args)
        job = Job(future, work, args, index)
        self.given.append(job)
        return job

    def drop(self, job: Job) -> None:
        """Forget a layout no longer needed: not started, it never is; started, its result is
        not waited for."""
        if job.index is not None and self.claims is not None:
            self.claims.claim(job.index, HERE)
        job.future.cancel()
        self.given.remove(job)

    def result(self, job: Job) -> Any:
        """The result of `job`: while it is not done, this process runs the layouts no worker
        has started, the last given first, then waits for the pool."""
        while not job.done() and self._take_back():
            pass
        return job.outcome()

    def _take_back(self) -> bool:
        """Run here the last layout no worker has started; False when there is none."""
        for job in reversed(self.given):
            if job.done() or not self._claim_here(job):
                continue
            job.taken = True
            try:
                job.value = job.work(*job.args)
            except Exception as exc:  # raised where its result is asked for, as the pool's
                job.error = exc
            return True
        return False

    def _claim_here(self, job: Job) -> bool:
        if job.index is not None and self.claims is not None:
            if not self.claims.claim(job.index, HERE):
                return False
            job.future.cancel()  # spares sending it to a worker, when not sent yet
            return True
        return job.future.cancel()


@contextmanager
def shared_layouts(processes: int) -> Iterator[Jobs]:
    """Layouts shared by `processes` processes, this one included: a pool of the others,
    forked from this one (what it has imported they have too). With one, every layout is run
    here as it is given."""
    if processes <= 1:
        yield Jobs(InProcess())
        return
    claims = Claims()
    pool = ProcessPoolExecutor(
        processes - 1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(claims, os.getpid()),
    )
    try:
        yield Jobs(pool, claims)
    except BaseException:  # the build stops: what the pool has not started never starts
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()
