"""The files of a case folder as an editor reads and writes them (the local web page does).

Every read goes through the library's limits (case/paths.py): inside the case folder, regular
files only, sizes bounded before reading, YAML aliases bounded while parsing. Every write goes
to a temporary file beside the target, then renames it over the target: never a half-written
file, and a temporary file a crash left behind is removed when the folder is next opened.
Protocol tables replaced by an upload or an edit are kept, dated, in the case's history/ folder.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import AppealError, CaseError, Problem
from .i18n import gettext as _

PROTOCOL_FILES = ("protocols.csv", "protocols.xlsx")
HISTORY = "history"
# An upload larger than this is not a protocol table anyone typed.
UPLOAD_MAX_BYTES = 10_000_000
# No file of a case is read beyond this size: the largest a table, an attachment or a copy may
# be (case/paths.py, case/copies.py; tests/test_casefiles_digests.py holds them to it). A larger
# file is refused by whatever would read it, so its content decides nothing: it stands in the
# digests by its size, unread (a 3 GB file dropped into the folder would otherwise be read
# whole at every check and build).
LARGEST_INPUT_BYTES = 50_000_000
# Temporary files of this module: ".appeal-<name>.<random>.tmp"; also the names the web page
# wrote before (".<name>.<random>.tmp" for the files it edits), so that they are cleaned too.
_TEMP_PREFIX = ".appeal-"
_TEMP_SUFFIX = ".tmp"
_LEFTOVER = re.compile(
    r"\.appeal-.+\.tmp|\.(case\.yaml|applicant\.yaml|protocols\.csv|protocols\.xlsx)\..+\.tmp"
)


class EditConflict(AppealError):
    """The file changed on disk after the editor read it; nothing was written."""

    def __init__(self, name: str) -> None:
        message = _("{file} was changed by another program meanwhile; nothing was written")
        super().__init__(message.format(file=name))
        self.name = name


class NotWritten(AppealError):
    """A file of the case could not be written (a full disk, a read-only folder); the case
    is as it was before."""

    def __init__(self, name: str, reason: str) -> None:
        message = _("{file} cannot be written ({reason}); nothing was changed")
        super().__init__(message.format(file=name, reason=reason))


@contextmanager
def writing(name: str) -> Iterator[None]:
    """Turn the system's refusal to write into NotWritten, naming the file."""
    try:
        yield
    except OSError as exc:
        raise NotWritten(name, exc.strerror or str(exc)) from None


class TableRefused(AppealError):
    """A protocol table (an upload, or cells typed into it) that cannot be used; `code` names
    the reason for an interface that words it itself."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def case_file(folder: Path, name: str) -> Path | None:
    """The regular file `name` inside the case folder; None if there is none of that name.

    CaseError if the name leads outside the folder (a symlink too) or is a pipe or device."""
    from .case.paths import PathRefused, case_path

    if not os.path.lexists(folder / name):
        return None
    try:
        return case_path(folder, name)
    except PathRefused as exc:
        raise CaseError([Problem(str(folder / name), "", "", str(exc))]) from None


def read_file(folder: Path, name: str, limit: int) -> bytes | None:
    """The bytes of a case file of at most `limit` bytes; None if it does not exist."""
    from .case.paths import read_bytes

    path = case_file(folder, name)
    return None if path is None else read_bytes(path, str(folder / name), limit)


def read_yaml_text(folder: Path, name: str) -> str | None:
    """The text of a YAML file of the case, once the library's bounded reader has parsed it
    (size, nesting, aliases); None if there is no such file. CaseError says what is wrong."""
    from .case.paths import YAML_MAX_BYTES

    raw = read_file(folder, name, YAML_MAX_BYTES)
    if raw is None:
        return None
    display = str(folder / name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _("is not UTF-8 text; save the file as UTF-8")
        raise CaseError([Problem(display, "", "", message)]) from None
    _check_bounds(text, display)
    return text


def _check_bounds(text: str, display: str) -> None:
    """Parse (compose) the YAML under the library's bounds, without judging its content: a
    value the checks refuse can still be corrected in an editor."""
    import yaml

    from .case.yamlfile import _Refused, compose, syntax_reason

    try:
        compose(text)
    except _Refused as exc:
        where = f"line {exc.line}" if exc.line else ""
        raise CaseError([Problem(display, where, "", exc.message)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        reason = syntax_reason(getattr(exc, "problem", None))
        raise CaseError([Problem(display, where, "", reason)]) from None


def file_version(folder: Path, name: str, limit: int) -> str:
    """What an editor remembers of a file to notice a change made elsewhere: its modification
    time and a hash of its bytes ("absent" when there is no such file)."""
    path = case_file(folder, name)
    if path is None:
        return "absent"
    raw = read_file(folder, name, limit)
    if raw is None:
        return "absent"
    return f"{path.stat().st_mtime_ns}-{hashlib.sha256(raw).hexdigest()[:32]}"


def atomic_write(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file.

    The new file keeps the old one's permissions; a new file is readable by its owner only."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o600
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f"{_TEMP_PREFIX}{path.name}.", suffix=_TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: a power cut right after it keeps the new file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(folder: Path, name: str, content: bytes, expected: str, limit: int) -> str:
    """Replace a case file unless it changed since `expected` (a file_version); the new
    version. EditConflict when it changed; nothing is written then."""
    if file_version(folder, name, limit) != expected:
        raise EditConflict(name)
    atomic_write(folder / name, content)
    return file_version(folder, name, limit)


def clean_temporary(folder: Path) -> list[str]:
    """Remove the temporary files an interrupted write left in the case folder (they may hold
    personal data); the names removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if _LEFTOVER.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(entry.name)
    return removed


def _history_name(folder: Path, name: str) -> Path:
    """history/protocols.2021-04-06_10-15-02.csv: a new name, never one already taken."""
    stamp = datetime.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    stem, suffix = name.rsplit(".", 1)
    target = folder / HISTORY / f"{stem}.{stamp}.{suffix}"
    number = 1
    while os.path.lexists(target):
        number += 1
        target = folder / HISTORY / f"{stem}.{stamp}-{number}.{suffix}"
    return target


def _history_folder(folder: Path) -> Path:
    history = folder / HISTORY
    if os.path.lexists(history) and (history.is_symlink() or not history.is_dir()):
        message = _("{folder} is not a folder; earlier tables cannot be kept in it")
        raise CaseError([Problem(str(history), "", "", message.format(folder=HISTORY))])
    history.mkdir(mode=0o700, exist_ok=True)
    return history


def keep_in_history(folder: Path, name: str) -> Path | None:
    """A dated copy of a case file in history/, made without copying its bytes (a second name
    for the same file); the copy, or None if there is no such file."""
    path = case_file(folder, name)
    if path is None:
        return None
    _history_folder(folder)
    target = _history_name(folder, name)
    try:
        os.link(path, target)
    except OSError:  # a file system without hard links: a copy, written atomically
        atomic_write(target, path.read_bytes())
    return target


@dataclass(frozen=True)
class Replaced:
    """What replacing the protocol table did: the table now, and the earlier ones kept."""

    table: str
    kept: list[Path]


def replace_table(folder: Path, filename: str, content: bytes) -> Replaced:
    """Make an uploaded file the case's protocol table (protocols.csv or .xlsx by its suffix).

    The upload is written in full first; only then are the earlier tables moved to history/,
    so a full disk leaves the case as it was. TableRefused for a wrong type or size."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise TableRefused("wrong_type", _("the table must be a .csv or .xlsx file"))
    if len(content) > UPLOAD_MAX_BYTES:
        raise TableRefused("too_big", _("the table is larger than 10 MB"))
    if suffix == ".xlsx":
        check_xlsx(content)
    name = f"protocols{suffix}"
    _history_folder(folder)
    kept = []
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f"{_TEMP_PREFIX}{name}.", suffix=_TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        same = keep_in_history(folder, name)
        kept += [same] if same else []
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for other in PROTOCOL_FILES:
        if other != name and case_file(folder, other) is not None:
            target = _history_name(folder, other)
            os.replace(folder / other, target)
            kept.append(target)
    _sync_folder(folder)
    return Replaced(name, kept)


def check_xlsx(content: bytes) -> None:
    """Refuse an XLSX that is not a zip or would unpack to more than the library reads."""
    import io
    import zipfile

    from .case.paths import XLSX_MAX_UNPACKED_BYTES

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TableRefused("xlsx", _("the file is not an Excel workbook (.xlsx)")) from None
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise TableRefused("too_big", _("the workbook unpacks to more than the tool reads"))


# The SHA-256 of files already read, by path, with the state of the file when it was read (size,
# times, inode): a check of a case is kept while the content of what it read is the same
# (api.check), the web page asks for it several times an edit, and the copies of protocols
# (photos, scans) can weigh hundreds of megabytes. A file whose state differs is read again, and
# so is, every time, one changed less than SETTLED_SECONDS before it was read: a change in the
# same tick of the file system's clock could leave its state as it was (git's "racy" files).
SETTLED_SECONDS = 2
_DIGESTS: dict[str, tuple[tuple[int, ...], str]] = {}
_DIGESTS_KEPT = 20_000
_DIGESTS_LOCK = threading.Lock()


def content_digests(root: Path) -> dict[str, str]:
    """The SHA-256 of every regular file under `root` but hidden ones and links out of it, by
    its path inside it; a pipe or device is not opened."""
    digests = {}
    real = root.resolve()
    for path in sorted(root.rglob("*")):
        inside = path.relative_to(root)
        if any(part.startswith(".") for part in inside.parts):
            continue
        if not path.resolve().is_relative_to(real):
            continue  # a link out: loading refuses it, and never reads it
        digest = _digest(path)
        if digest is not None:
            digests[inside.as_posix()] = digest
    return digests


def unread_digest(size: int) -> str | None:
    """What stands for the digest of a file too large to be an input (its size), or None for
    a file small enough to be read."""
    return f"too large to be read: {size} bytes" if size > LARGEST_INPUT_BYTES else None


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (None for anything else or one that cannot be read)."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if (unread := unread_digest(info.st_size)) is not None:
        return unread
    state = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    with _DIGESTS_LOCK:
        kept = _DIGESTS.get(str(path))
    if kept is not None and kept[0] == state:
        return kept[1]
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe since
            return None
        try:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return None
    changed = max(info.st_mtime_ns, info.st_ctime_ns)
    if time.time_ns() - changed > SETTLED_SECONDS * 1_000_000_000:
        with _DIGESTS_LOCK:
            _DIGESTS[str(path)] = (state, digest)
            while len(_DIGESTS) > _DIGESTS_KEPT:
                del _DIGESTS[next(iter(_DIGESTS))]
    return digest
