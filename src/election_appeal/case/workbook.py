"""Read the first sheet of an .xlsx workbook, checked before it is handed to the reader.

The workbook is untrusted. Before python-calamine reads it, the zip is opened here with its
sizes bounded and the sheet's XML is scanned (sheetxml.py) for its extent and its unusable
cells; calamine then reads a copy of exactly the parts that were checked.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CaseError, Problem
from ..i18n import gettext as _
from .paths import XLSX_MAX_BYTES, XLSX_MAX_UNPACKED_BYTES, read_bytes
from .sheetxml import Refused, broken, parse_xml, scan_sheet
from .text import forbidden_character

# An .xlsx written by Excel or LibreOffice has a few dozen parts.
_MAX_PARTS = 1_000
_MAX_DIRECTORY_BYTES = 1_000_000
_EOCD = b"PK\x05\x06"


@dataclass(frozen=True)
class Sheet:
    """The cells of the sheet read, the file and sheet name for messages, and its bad cells."""

    display: str
    grid: list[list[object]]
    problems: list[Problem] = field(default_factory=list)


def read_workbook(path: Path, display: str) -> Sheet:
    """The first sheet of a workbook; CaseError if the workbook is broken or too large."""
    raw = read_bytes(path, display, XLSX_MAX_BYTES)
    try:
        parts = _unpack(raw)
        name, sheet_part = _first_sheet(parts)
    except Refused as exc:
        raise CaseError([Problem(display, "", "", str(exc))]) from None
    display = _('{file}, sheet "{sheet}"').format(file=display, sheet=_printable(name))
    try:
        bad = scan_sheet(parts[sheet_part])
    except Refused as exc:
        raise CaseError([Problem(display, "", "", str(exc))]) from None
    grid = _calamine_grid(parts, display)
    problems = []
    for row, column, message in bad:
        problems.append(Problem(display, f"row {row}", "", message))
        if row <= len(grid) and column <= len(grid[row - 1]):
            grid[row - 1][column - 1] = None
    return Sheet(display, grid, problems)


def _printable(text: str) -> str:
    return "".join(ch for ch in text if forbidden_character(ch) is None)


def _unpack(raw: bytes) -> dict[str, bytes]:
    """The XML parts of the workbook, each checked against its CRC, their total size bounded."""
    _check_directory(raw)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        wanted = [i for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels"))]
        unpacked = sum(i.file_size for i in wanted)
        if unpacked > XLSX_MAX_UNPACKED_BYTES:
            limit = XLSX_MAX_UNPACKED_BYTES // 1_000_000
            raise Refused(
                _(
                    "the workbook unpacks to {size} MB, more than the {limit} MB read; "
                    "copy the table into a new workbook and save it"
                ).format(size=unpacked // 1_000_000, limit=limit)
            )
        return {i.filename: archive.read(i) for i in wanted}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise broken(_zip_reason(exc)) from None
    except (EOFError, ValueError, RuntimeError) as exc:  # zipfile's other signs of a broken file
        raise broken(_zip_reason(exc)) from None


def _zip_reason(exc: BaseException) -> str:
    """What zipfile found wrong, in the interface language (its own words are English)."""
    said = str(exc)
    if isinstance(exc, NotImplementedError):
        return _("it is compressed in a way Excel does not use")
    if "encrypted" in said or "password" in said:
        return _("it is protected by a password; save it again without one")
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in said:
        return _("a part of it is damaged: its checksum does not match")
    return _("it is a damaged zip archive")


def _check_directory(raw: bytes) -> None:
    """Refuse a zip with more parts than any workbook has, before its directory is read."""
    end = raw.rfind(_EOCD, max(0, len(raw) - 65_557))
    if end < 0 or len(raw) < end + 22:
        raise broken(_("it is not a zip file"))
    entries = int.from_bytes(raw[end + 10 : end + 12], "little")
    directory = int.from_bytes(raw[end + 12 : end + 16], "little")
    # The directory is read whole, whatever its count says: its size bounds it too.
    if entries > _MAX_PARTS or directory > _MAX_DIRECTORY_BYTES:
        raise broken(
            _("it has {parts} parts, or a directory of {size} bytes").format(
                parts=entries, size=directory
            )
        )


def _first_sheet(parts: dict[str, bytes]) -> tuple[str, str]:
    """The name of the first sheet and the path of its XML part, as Excel lists them."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            sheets.append((attrs.get("name", ""), attrs.get("id", "")))

    def on_relation(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    parse_xml(parts.get("xl/workbook.xml", b""), on_sheet)
    parse_xml(parts.get("xl/_rels/workbook.xml.rels", b""), on_relation)
    if not sheets or sheets[0][1] not in targets:
        raise broken(_("no sheet found"))
    name, relation = sheets[0]
    target = targets[relation]
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    part = posixpath.normpath(part)
    if part not in parts:
        raise broken(_('the sheet "{sheet}" is missing').format(sheet=name))
    return name, part


def _calamine_grid(parts: dict[str, bytes], display: str) -> list[list[object]]:
    """The first sheet read by calamine from a stored (uncompressed) copy of the checked parts."""
    from python_calamine import CalamineError, CalamineWorkbook

    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    copy.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(copy)
        sheet = workbook.get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, OSError):
        message = str(broken(_("its first sheet cannot be read")))
        raise CaseError([Problem(display, "", "", message)]) from None
