"""Replace a case's output folder all at once, so that no build leaves a mix or loses a file.

The new files are written into a hidden staging folder beside the output folder, each as soon
as it is made (a build does not hold them all: `staged_folder`); then the two folders exchange
names in one step (Linux's renameat2), so that the output folder is never missing, and the old
one is removed. Where that call does not exist, the old folder is moved aside first. The output
folder is not touched before that step: a build that fails or is stopped while it writes its
files leaves it as it was and removes the staging folder. An interrupted exchange (Ctrl-C,
SIGTERM) puts everything back before it exits; after a hard kill the next build restores the
previous folder and removes what the killed one left. Files a user put into the output folder
themselves are carried over. One build at a time writes into an output folder: a lock file
says so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import AppealError
from ..i18n import gettext as _

NEW, OLD = ".new-", ".old-"
LOCK = ".appeal-build.lock"
RENAME_EXCHANGE = 2  # linux/fs.h


class OutputBusy(AppealError):
    """Another build is writing into the same output folder."""


@contextmanager
def output_lock(out_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the output folder's lock for a build; refuse at once, or wait, if another holds it.

    The lock is the operating system's (flock): a killed build releases it."""
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise OutputBusy(
                _(
                    "{folder}: another build is writing into this folder; "
                    "run the command again when it has finished, or add --wait"
                ).format(folder=out_dir)
            ) from None
        yield


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one step; False where the system cannot."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name, use_errno=True) if name else None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _file_mode() -> int:
    """Permissions a newly created file gets under the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _hidden(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}{kind}{os.getpid()}"


def recover(target: Path) -> None:
    """Undo what an earlier, killed build left: restore the previous folder, drop the staging."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{target.name}{OLD}*")):
        if target.exists():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.rename(target)
    for leftover in parent.glob(f".{target.name}{NEW}*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C, so that the clean-up below runs on a kill too."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# A file's content, or what writes it into an open file (a long one, written as it is made).
Content = bytes | Callable[[BinaryIO], None]


def replace_folder(target: Path, files: Mapping[str, Content], ours: Iterable[str]) -> None:
    """Make `target` hold exactly `files`, plus any file in it that is not one of `ours`."""
    with staged_folder(target) as staging:
        for name, content in files.items():
            staging.write(name, content)
        staging.replace(ours)


class Staging:
    """The new outputs of a case, each written into the staging folder as it is made, until
    `replace` makes them the output folder."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder, self.aside = _hidden(target, NEW), _hidden(target, OLD)
        self.names: list[str] = []  # in the order written
        self.replaced = False
        self._mode = _file_mode()

    def write(self, name: str, content: Content) -> None:
        """Write an output: its bytes, or what writes them into the open file."""
        path = self.folder / name
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                with path.open("wb") as handle:
                    content(handle)
            path.chmod(self._mode)
        except OSError as exc:
            raise _cannot_write(self.target, exc) from None
        if name not in self.names:
            self.names.append(name)

    def replace(self, ours: Iterable[str]) -> None:
        """Make the output folder hold exactly the outputs written, plus any file in it that
        is not one of `ours`: in one step, the previous folder put back if it fails."""
        with _terminate_as_interrupt():
            try:
                _carry_over(self.target, self.folder, set(self.names) | set(ours))
                if not self.target.exists():
                    self.folder.rename(self.target)
                elif _exchange(self.folder, self.target):
                    self.folder.rename(self.aside)  # staging now holds the previous outputs
                else:
                    self.target.rename(self.aside)
                    self.folder.rename(self.target)
            except OSError as exc:
                self.undo()
                raise _cannot_write(self.target, exc) from None
            except BaseException:
                self.undo()
                raise
        self.replaced = True
        shutil.rmtree(self.aside, ignore_errors=True)

    def undo(self) -> None:
        """Put the previous output folder back, if it was moved aside, and drop the staging."""
        if self.aside.exists() and not self.target.exists():
            self.aside.rename(self.target)
        shutil.rmtree(self.folder, ignore_errors=True)


# The staging folder of the build under way in this process (None: none): removed by a
# process told to end (publish/bulk.py), which ends at once.
_staging_now: Path | None = None


@contextmanager
def staged_folder(target: Path) -> Iterator[Staging]:
    """A staging folder for the outputs of `target`, made now (what a killed build left
    cleaned first): the block writes the outputs into it as they are made, and `replace`s the
    output folder with them. Left in any other way (an error, a stop), the block leaves the
    output folder as it was and the staging folder removed."""
    global _staging_now
    recover(target)
    staging = Staging(target)
    try:
        try:
            staging.folder.mkdir(parents=True)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        _staging_now = staging.folder
        yield staging
    except BaseException:
        staging.undo()
        raise
    finally:
        _staging_now = None
    if not staging.replaced:
        staging.undo()


def _cannot_write(target: Path, exc: OSError) -> AppealError:
    message = _("{folder}: cannot write the outputs ({reason})")
    return AppealError(message.format(folder=target, reason=exc.strerror or exc))


def remove_staging() -> None:
    """Remove this process's staging folder now (the process is being ended): the output
    folder has not been touched unless the exchange had begun, which puts back what it moved."""
    if _staging_now is not None:
        shutil.rmtree(_staging_now, ignore_errors=True)


def _carry_over(target: Path, staging: Path, ours: set[str]) -> None:
    """Copy the user's own files (and folders) from the old output folder into the new one."""
    if not target.is_dir():
        return
    for entry in target.iterdir():
        if entry.name in ours:
            continue
        destination = staging / entry.name
        if entry.is_dir():
            shutil.copytree(entry, destination, copy_function=os.link)
        else:
            os.link(entry, destination)
