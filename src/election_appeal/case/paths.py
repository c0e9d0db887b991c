"""Find and read the files a case names: inside the case folder only, regular files only, bounded.

Every limit on what the tool reads is here, so the README can state them in one place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import CaseError, Problem
from ..i18n import decimal
from ..i18n import gettext as _

MB = 1_000_000

# case.yaml, the applicant's file and the reference YAML files.
YAML_MAX_BYTES = 1 * MB
# Values (mappings, lists, texts, numbers) in one YAML file, counting every use of an alias
# (*name) as the copy it stands for. The example case has about 200; the bound keeps the reading
# of any YAML file to a second or two, however its aliases multiply one another.
YAML_MAX_VALUES = 10_000
# Lists and groups inside one another; a case needs five.
YAML_MAX_DEPTH = 50

# A CSV table (protocols, votes, reference tables).
CSV_MAX_BYTES = 50 * MB
# An .xlsx workbook as stored, and its parts once unpacked.
XLSX_MAX_BYTES = 50 * MB
XLSX_MAX_UNPACKED_BYTES = 200 * MB
# A table of any kind: Kazakhstan has about 10 000 polling stations, two protocols each. The
# cells are those of a CSV file; for a workbook, the rows × columns its cells span, since the
# reader sets out the whole rectangle.
TABLE_MAX_ROWS = 100_000
TABLE_MAX_COLUMNS = 500
TABLE_MAX_CELLS = 2_000_000

# A PDF the applicant attaches.
ATTACHMENT_MAX_BYTES = 50 * MB


class PathRefused(ValueError):
    """A path written in case.yaml cannot be used; the message says why, in the user's words."""


def case_path(folder: Path, name: str, applicant: bool = False) -> Path:
    """The file `name` (as written in case.yaml) in the case folder, symlinks resolved.

    Raises PathRefused when it is absolute, leads outside the folder (by "..", or by a
    symlink), is missing, or is not a regular file (a folder, a pipe, a device). `applicant`:
    the file is the applicant's, and a missing one is called so.
    """
    text = name.strip()
    if not text:
        raise PathRefused(
            _("the applicant's file name is empty") if applicant else _("the file name is empty")
        )
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).anchor:
        raise PathRefused(
            _(
                '"{name}" is a full path; put the file in the case folder and write its name only'
            ).format(name=text)
        )
    try:
        root = folder.resolve(strict=True)
        target = (root / text).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop; a zero byte in the name
        raise PathRefused(_not_in_folder(text, applicant)) from None
    if not target.is_relative_to(root):
        raise PathRefused(
            _(
                '"{name}" leads outside the case folder (to {target}); '
                "only files inside the case folder are read"
            ).format(name=text, target=target)
        )
    try:
        mode = target.stat().st_mode
    except OSError:
        raise PathRefused(_not_in_folder(text, applicant)) from None
    if not stat.S_ISREG(mode):
        raise PathRefused(
            _('"{name}" is not a regular file (it is a folder, a pipe or a device)').format(
                name=text
            )
        )
    return target


def _not_in_folder(name: str, applicant: bool) -> str:
    if applicant:
        return _('the applicant\'s file "{name}" is not in the case folder').format(name=name)
    return _('the file "{name}" is not in the case folder').format(name=name)


def too_large(size: int, limit: int) -> str:
    """The message for a file over its size limit."""
    return _("the file is too large ({size}; the limit is {limit})").format(
        size=_megabytes(size), limit=_megabytes(limit)
    )


def _megabytes(size: int) -> str:
    if size % MB == 0 or size >= 10 * MB:
        return _("{n} MB").format(n=size // MB)
    return _("{n} MB").format(n=decimal(size / MB))


def read_bytes(path: Path, display: str, limit: int) -> bytes:
    """The content of a regular file of at most `limit` bytes; CaseError for anything else.

    The file is opened without waiting (a pipe would otherwise block the tool) and checked
    after opening, so a file swapped for a pipe or device in between is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise CaseError([Problem(display, "", "", _("file not found"))]) from None
    except OSError as exc:
        raise CaseError([Problem(display, "", "", _cannot_read(exc))]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            message = _("is not a regular file (it is a folder, a pipe or a device)")
            raise CaseError([Problem(display, "", "", message)])
        if info.st_size > limit:
            raise CaseError([Problem(display, "", "", too_large(info.st_size, limit))])
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise CaseError([Problem(display, "", "", _cannot_read(exc))]) from None
    if len(data) > limit:  # the file grew after it was opened
        raise CaseError([Problem(display, "", "", too_large(len(data), limit))])
    return data


def read_case_file(folder: Path, name: str, limit: int) -> bytes:
    """Read a file named in case.yaml (e.g. a PDF attachment); CaseError if it cannot be used."""
    display = str(folder / name)
    try:
        path = case_path(folder, name)
    except PathRefused as exc:
        raise CaseError([Problem(display, "", "", str(exc))]) from None
    return read_bytes(path, display, limit)


def _cannot_read(exc: OSError) -> str:
    # The system's reason (strerror) is in the system's language, as the system words it.
    return _("cannot be read: {reason}").format(reason=exc.strerror)
