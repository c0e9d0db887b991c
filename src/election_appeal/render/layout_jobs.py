"""The layouts of one build shared between processes.

Two ways, both giving every layout to the processes in the order of need, as soon as its HTML
is known:

- A build into an output folder by a process that has not loaded the layout libraries (the
  command line): processes that only lay out (`LayoutProcesses`), started before the case is
  read. The first loads WeasyPrint and the fonts meanwhile, then forks the others; the
  building process never loads them, writes the Word documents and the spreadsheet while they
  lay out, and waits for them.
- Otherwise (the web page's server, which has them loaded; `api.render`): a pool forked from
  the building process (`shared_layouts`), which it helps. When it has to wait for a layout,
  it takes back the last layouts no worker has started and runs them itself. Each layout is
  claimed once, by whichever process starts it first (`Claims`): the pool is given more than
  it can run at once, so a worker never waits for the building process, and the building
  process can still take back a layout the pool had already queued for a worker.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..processes import die_with_parent
from .pdf import SENT_THROUGH_FILE, handed_over, handover_folder

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
        self.given = 0  # claims handed out so far, in the building process

    def next_index(self) -> int | None:
        """The claim of the next layout given out, or None once they are all handed out."""
        index = self.given if self.given < self.size else None
        self.given += 1
        return index

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


@dataclass(frozen=True)
class InFile:
    """A long argument of a layout (a bundle read back for an illustrative case's mark, 6 MB
    at 10 000 stations) left in a file of the build's handover folder: pickled into the queue
    of the layout processes, it was copied whole in the building process."""

    path: str


def _through_files(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """`args` with each long bytes argument written to a file and given as its InFile."""
    return tuple(_in_file(arg) if _long(arg) else arg for arg in args)


def _long(arg: Any) -> bool:
    return isinstance(arg, bytes | bytearray) and len(arg) >= SENT_THROUGH_FILE


def _in_file(data: bytes | bytearray) -> InFile:
    return InFile(handed_over(data))


def _files(args: tuple[Any, ...]) -> list[str]:
    return [arg.path for arg in args if isinstance(arg, InFile)]


def remove_files(args: tuple[Any, ...]) -> None:
    """Remove the files of the arguments of a layout that will not read them."""
    for path in _files(args):
        with suppress(FileNotFoundError):
            os.unlink(path)


def _read_back(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments as they were given, each file read and removed (all of them, also when
    one cannot be read)."""
    try:
        return tuple(_read(arg) if isinstance(arg, InFile) else arg for arg in args)
    finally:
        remove_files(args)


def _read(arg: InFile) -> bytes:
    with open(arg.path, "rb") as file:
        return file.read()


def _claimed(index: int | None, work: Callable[..., Any], *args: Any) -> Any:
    """Run a layout in a worker, unless the building process claimed it first (it then
    removes the files of its arguments)."""
    if index is not None and _claims is not None and not _claims.claim(index, WORKER):
        return TakenBack()
    return work(*_read_back(args))


@dataclass
class Job:
    """One layout: given to the pool, or taken back and run here."""

    future: Future[Any]
    work: Callable[..., Any]
    args: tuple[Any, ...]
    index: int | None  # its claim, if it has one
    # What was sent to the pool: `args`, each long one given as the file it was written to.
    # The files of a layout no process read are removed with the build's handover folder.
    sent: tuple[Any, ...] = ()
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

    def __init__(self, pool: Executor, claims: Claims | None = None, helps: bool = True) -> None:
        self.pool = pool
        self.claims = claims
        # Whether this process runs layouts no worker started (it has the layout libraries
        # loaded, or loads them for that), or only waits for the pool.
        self.helps = helps
        self.given: list[Job] = []

    @property
    def parallel(self) -> bool:
        """Whether other processes lay out too (else every layout is done as it is given)."""
        return not isinstance(self.pool, InProcess)

    def submit(self, work: Callable[..., Any], *args: Any) -> Job:
        """Give a layout to the pool; its long arguments go to the other processes through
        files (InFile), removed by whichever process settles that it runs the layout."""
        index = self.claims.next_index() if self.claims is not None else None
        sent = _through_files(args) if self.parallel else args
        try:
            future = self.pool.submit(_claimed, index, work, *sent)
        except BaseException:
            remove_files(sent)
            raise
        job = Job(future, work, args, index, sent=sent)
        self.given.append(job)
        return job

    def drop(self, job: Job) -> None:
        """Forget a layout no longer needed: not started, it never is; started, its result is
        not waited for."""
        claims, index = self.claims, job.index
        if index is not None and claims is not None and claims.claim(index, HERE):
            remove_files(job.sent)
        job.future.cancel()
        self.given.remove(job)

    def result(self, job: Job) -> Any:
        """The result of `job`: while it is not done, this process runs the layouts no worker
        has started, the last given first, then waits for the pool."""
        while self.helps and not job.done() and self._take_back():
            pass
        return job.outcome()

    def _take_back(self) -> bool:
        """Run here the last layout no worker has started; False when there is none."""
        for job in reversed(self.given):
            if job.done() or not self._claim_here(job):
                continue
            job.taken = True
            remove_files(job.sent)
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
    with handover_folder():  # the long PDFs the workers send back
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


class LayoutProcesses(Executor):
    """Processes that only lay out, started before the building process needs them: the first
    loads the layout libraries (`prepare`) while the building process reads and analyses the
    case, then forks the others, which start with them loaded. The building process never
    loads them (WeasyPrint's import and the fonts cost some 0.3 s of CPU): meanwhile it
    renders the documents' HTML, writes the Word documents and the spreadsheet, then waits.

    Each process takes the next layout from one queue when it is free, and sends each result
    back on a pipe of its own. A process that ends before it is told to (killed, out of
    memory) breaks the pool: every layout not received then raises BrokenProcessPool."""

    def __init__(self, processes: int, prepare: Callable[[], None]) -> None:
        context = multiprocessing.get_context("fork")
        self.processes = processes
        self.claims = Claims()
        self.tasks: Any = context.Queue()
        self.futures: dict[int, Future[Any]] = {}
        self.lock = threading.Lock()
        self.count = 0
        self.stopping = False
        self.broken = False
        pipes = [context.Pipe(duplex=False) for _ in range(processes)]
        writers = [writer for _reader, writer in pipes]
        self.first = context.Process(
            target=_first_server, args=(self.tasks, writers, self.claims, os.getpid(), prepare)
        )
        self.first.start()
        for writer in writers:  # each pipe then ends when the process that writes it ends
            writer.close()
        readers = [reader for reader, _writer in pipes]
        self.collector = threading.Thread(target=self._collect, args=(readers,), daemon=True)
        self.collector.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self.lock:
            if self.broken:
                raise BrokenProcessPool(BROKEN)
            key = self.count
            self.count += 1
            self.futures[key] = future
        self.tasks.put((key, fn, args, kwargs))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Tell the processes to end once the layouts given are done; with `cancel_futures`
        (the build stops), end them at once."""
        self.stopping = True
        if cancel_futures:
            self.first.terminate()  # the others end with it (die_with_parent)
            self.tasks.cancel_join_thread()  # nobody reads the queue any more
        else:
            for _process in range(self.processes):
                self.tasks.put(None)
        self.tasks.close()
        if wait:
            self.first.join()
            self.collector.join()
            # Every process that reads the queue has ended: what is still queued (the layouts
            # a stopped build never needs, larger than the pipe holds) is never read, and
            # waiting for it to be sent would wait for ever.
            self.tasks.cancel_join_thread()

    def _collect(self, readers: list[Connection]) -> None:
        """Settle each layout's future as its result arrives, until every process has ended."""
        while readers:
            for reader in wait(readers):
                assert isinstance(reader, Connection)
                try:
                    key, ok, payload = reader.recv()
                except (EOFError, OSError):
                    readers.remove(reader)
                    if not self.stopping:
                        self._break()
                    continue
                with self.lock:
                    future = self.futures.pop(key, None)
                if future is not None:
                    _settle(future, ok, payload)

    def _break(self) -> None:
        with self.lock:
            self.broken = True
            pending, self.futures = self.futures, {}
        for future in pending.values():
            with suppress(InvalidStateError):  # cancelled meanwhile
                future.set_exception(BrokenProcessPool(BROKEN))


BROKEN = "a layout process ended unexpectedly"


def _settle(future: Future[Any], ok: bool, payload: bytes) -> None:
    """Give a future the result or the error a layout process sent (pickled on its own, so
    that one that cannot be read back is an error of its layout alone)."""
    try:
        value = pickle.loads(payload)
    except Exception as exc:
        ok, value = False, RuntimeError(f"{type(exc).__name__}: {exc}")
    with suppress(InvalidStateError):  # cancelled meanwhile
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


def _first_server(
    tasks: Any, writers: list[Connection], claims: Claims, parent: int, prepare: Callable[[], None]
) -> None:
    """The first layout process: load the libraries, fork the others, then lay out too. When
    the libraries do not load, every layout raises what loading them raised."""
    die_with_parent(parent)
    try:
        prepare()
    except Exception as exc:
        _serve(tasks, writers[0], claims, failure=exc)
        return
    context = multiprocessing.get_context("fork")
    others = []
    for index, writer in enumerate(writers[1:], 1):
        rest = [w for i, w in enumerate(writers) if i != index]
        process = context.Process(target=_other_server, args=(tasks, writer, claims, rest))
        process.start()
        others.append(process)
        writer.close()
    _serve(tasks, writers[0], claims)
    for process in others:
        process.join()


def _other_server(tasks: Any, pipe: Connection, claims: Claims, rest: list[Connection]) -> None:
    """Another layout process, forked from the first once it loaded the libraries."""
    die_with_parent()
    for writer in rest:  # the other processes' pipes: each ends with its own process
        writer.close()
    _serve(tasks, pipe, claims)


def _serve(
    tasks: Any, pipe: Connection, claims: Claims, failure: BaseException | None = None
) -> None:
    """Lay out what the queue gives, sending each result back, until told to end (None)."""
    global _claims
    _claims = claims
    while (task := tasks.get()) is not None:
        key, fn, args, kwargs = task
        if failure is not None:
            ok, value = False, failure
        else:
            try:
                ok, value = True, fn(*args, **kwargs)
            except Exception as exc:  # raised where its result is asked for
                ok, value = False, exc
        try:
            payload = pickle.dumps(value)
        except Exception as exc:  # a result or an error that cannot be sent as it is
            ok, payload = False, pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        pipe.send((key, ok, payload))
    pipe.close()


@contextmanager
def layout_processes(processes: int, prepare: Callable[[], None]) -> Iterator[LayoutProcesses]:
    """`processes` processes that lay out, started now (LayoutProcesses), ended at the end
    of the block, at once when it raises."""
    with handover_folder():  # the long PDFs the processes send back
        pool = LayoutProcesses(processes, prepare)
        try:
            yield pool
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        pool.shutdown()


def waiting_jobs(pool: LayoutProcesses) -> Jobs:
    """The layouts of one rendering given to `pool`, which this process only waits for."""
    return Jobs(pool, pool.claims, helps=False)
