"""Many cases at once, each in a process of its own: a case that fails, or crashes its process
outright, is reported failed and the others are built."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..errors import AppealError, CaseError, UsageError
from ..i18n import N_
from ..i18n import gettext as _
from ..processes import die_with_parent
from . import CaseOutcome, Settings, build_case, output_folder

CASE_FILE = "case.yaml"
Progress = Callable[[str, int, int], None]


def find_cases(paths: list[Path]) -> list[Path]:
    """Each path is a case folder, or a folder whose subfolders are case folders. Two case
    folders of the same name would write into the same output folder: refused."""
    cases: list[Path] = []
    for path in paths:
        if (path / CASE_FILE).is_file():
            cases.append(path)
            continue
        found = sorted(p.parent for p in path.glob(f"*/{CASE_FILE}")) if path.is_dir() else []
        if not found:
            message = _("{folder}: no case.yaml here or in its subfolders")
            raise UsageError(message.format(folder=path))
        cases += found
    unique = list({case.resolve(): case for case in cases}.values())
    hidden = [case for case in unique if case.resolve().name.startswith(".")]
    if hidden:
        raise UsageError(
            _(
                "{folders}: a case folder's name must not start with a dot; names starting "
                "with a dot are kept for the build's own files in the output folder (its lock, "
                "the folders it stages outputs in); rename the folder"
            ).format(folders=", ".join(str(c) for c in hidden))
        )
    by_name: dict[str, list[Path]] = {}
    for case in unique:
        by_name.setdefault(case.resolve().name, []).append(case)
    clashes = [group for group in by_name.values() if len(group) > 1]
    if clashes:
        listed = "; ".join(" and ".join(str(c) for c in group) for group in clashes)
        raise UsageError(
            _(
                "case folders with the same name would overwrite each other's outputs: {listed}; "
                "rename one of them"
            ).format(listed=listed)
        )
    return unique


def build_one(
    case: Path,
    out_dir: Path,
    settings: Settings,
    force: bool,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
) -> CaseOutcome:
    """Build a case; its problems become a failed outcome instead of stopping the others."""
    try:
        return build_case(case, out_dir, settings, force, progress, workers)
    except CaseError as exc:
        return CaseOutcome(case, "failed", problems=exc.problems)
    except AppealError as exc:
        return CaseOutcome(case, "failed", message=str(exc))
    except (MemoryError, RecursionError):
        message = _("the case needs more memory than there is")
        return CaseOutcome(case, "failed", message=message)
    except OSError as exc:
        return CaseOutcome(case, "failed", message=f"{exc.filename or case}: {exc.strerror}")


@dataclass(frozen=True)
class BuildReport:
    """The outcome of every case, in the order they were given."""

    outcomes: list[CaseOutcome]

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def count(self, status: str) -> int:
        """How many cases ended so: "built", "unchanged" or "failed"."""
        return sum(o.status == status for o in self.outcomes)


def _child(
    pipe: Connection,
    parent: int,
    case: Path,
    out_dir: Path,
    settings: Settings,
    force: bool,
    workers: int,
) -> None:
    """The work of one case's process: build, telling the parent what is under way."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl-C
    signal.signal(signal.SIGTERM, _ended)
    die_with_parent(parent)
    outcome = build_one(case, out_dir, settings, force, lambda t: pipe.send(("say", t)), workers)
    pipe.send(("done", outcome))
    pipe.close()


def _ended(signum: int, _frame: Any) -> None:
    """A case's process told to end (the build stopped): it ends at once, as it would without
    this, leaving no file of its layouts behind in the temporary folder, nor the outputs it
    wrote so far beside the output folder (which it had not touched)."""
    from ..render.pdf import remove_handover_folder
    from .files import remove_staging

    remove_handover_folder()
    remove_staging()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


# How the progress line names the end of a case.
STATUS = {"built": N_("built"), "unchanged": N_("unchanged"), "failed": N_("failed")}


def _crashed(case: Path, process: Any) -> CaseOutcome:
    """The outcome of a case whose process died without saying why."""
    exitcode = process.exitcode
    if exitcode is not None and exitcode < 0:
        try:
            how = _("signal {signal}").format(signal=signal.Signals(-exitcode).name)
        except ValueError:
            how = _("signal {signal}").format(signal=-exitcode)
    else:
        how = _("exit code {code}").format(code=exitcode)
    message = _(
        "the build of this case stopped unexpectedly ({how}); the other cases went on"
    ).format(how=how)
    return CaseOutcome(case, "failed", message=message)


def build_all(
    cases: list[Path],
    out_dir: Path,
    settings: Settings,
    force: bool,
    jobs: int,
    on_progress: Progress,
) -> BuildReport:
    """Build every case with `jobs` processes in all; on_progress(text, done, total) says what
    is under way and how many cases of how many are done."""
    running = max(1, min(jobs, len(cases)))
    workers = max(1, jobs // running)  # each case lays out its long tables on what is left
    context: Any = multiprocessing.get_context("fork")
    waiting = list(enumerate(cases))
    active: dict[Connection, tuple[int, Any]] = {}
    outcomes: dict[int, CaseOutcome] = {}
    try:
        while waiting or active:
            while waiting and len(active) < running:
                index, case = waiting.pop(0)
                ours, theirs = context.Pipe(duplex=False)
                args = (theirs, os.getpid(), case, out_dir, settings, force, workers)
                process = context.Process(target=_child, args=args, daemon=False)
                process.start()
                theirs.close()
                active[ours] = (index, process)
                said = _("{case}: checking").format(case=case.name)
                on_progress(said, len(outcomes), len(cases))
            for ready in wait(list(active)):
                assert isinstance(ready, Connection)
                index, process = active[ready]

                def say(text: str) -> None:
                    on_progress(text, len(outcomes), len(cases))

                state, outcome = _receive(ready, cases[index], say)
                if state == "working":
                    continue
                process.join()
                outcomes[index] = outcome or _crashed(cases[index], process)
                status = f"{cases[index].name}: {_(STATUS[outcomes[index].status])}"
                on_progress(status, len(outcomes), len(cases))
                del active[ready]
                ready.close()
    finally:
        for _index, process in active.values():
            process.terminate()
            process.join()
    return BuildReport([outcomes[i] for i in range(len(cases))])


def _receive(
    pipe: Connection, case: Path, on_progress: Callable[[str], None]
) -> tuple[str, CaseOutcome | None]:
    """Take one message from a case's process: ("working", None) while it works, ("done",
    outcome) at the end, ("died", None) when the pipe closed without an outcome."""
    try:
        kind, value = pipe.recv()
    except (EOFError, OSError):
        return "died", None
    if kind == "say":
        on_progress(f"{case.name}: {value}")
        return "working", None
    return "done", value


__all__ = ["BuildReport", "build_all", "build_one", "find_cases", "output_folder"]
