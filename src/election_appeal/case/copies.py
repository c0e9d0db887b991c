"""The protocol copies themselves: photos or scans in a folder of the case, and their provenance.

Naming rule: a copy of the protocol of contest C at station S is `S_C.jpg` (or .jpeg, .png,
.pdf), its further photos `S_C_2.jpg`, `S_C_3.jpg`, … (the first may also be `S_C_1.jpg`).
The provenance table, `copies.csv` or `copies.xlsx` in the same folder, has one row per copy:
station, contest, received_by, received_on, received_from, signed, stamped (only the first two
are required). The files are untrusted: each is bounded in bytes, an image in pixels (read
from its header, before anything is decoded), and a file that is not what its name says is an
error naming it.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CaseError, Problem, Severity
from ..i18n import gettext as _
from .dates import refuse_two_readings
from .numbers import count_text
from .paths import ATTACHMENT_MAX_BYTES, MB, PathRefused, case_path, too_large
from .protocols import Protocol, ProtocolSet
from .tables import cell_text, read_sheet

IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
PDF_SUFFIX = ".pdf"
TABLE_NAMES = ("copies.csv", "copies.xlsx")
# A photo from a 50-megapixel phone is 8160 × 6120; beyond this a file is refused unread.
MAX_PIXELS = 80_000_000
# A PNG is decoded whole, at 1 to 4 bytes a pixel, and converting and scaling it makes copies:
# what preparing one picture may hold at once, so that two builds side by side stay within
# the memory the tool promises. A JPEG is decoded at a reduced scale (PRINT_SIZE) first.
MAX_IMAGE_MEMORY = 512 * MB
# The pixels a copy is printed with (about 200 dpi over the 180 × 230 mm of its page).
PRINT_SIZE = (1400, 1800)
# Bytes a pixel costs while a picture is prepared (render/copies.py: prepare_image): grey is
# scaled as it is decoded; colour is scaled with a smaller copy beside it; anything else (with
# transparency, a palette, 16-bit grey, CMYK) is converted to colour, and transparency scaled
# premultiplied, each a copy as large as the decoded picture.
_BYTES_PER_PIXEL = {"L": 1, "1": 2, "RGB": 5}
_OTHER_BYTES_PER_PIXEL = 9
# A copy photographed or scanned in more pieces than this is not one protocol.
MAX_PAGES = 20
# The copies of one case, in files and in bytes.
MAX_FILES = 5_000
MAX_TOTAL_BYTES = 2_000 * MB
COPY_MAX_BYTES = ATTACHMENT_MAX_BYTES
PROVENANCE_COLUMNS = (
    "station",
    "contest",
    "received_by",
    "received_on",
    "received_from",
    "signed",
    "stamped",
)
_YES = frozenset({"yes", "y", "да", "д", "иә", "и", "1", "true", "+"})
_NO = frozenset({"no", "n", "нет", "н", "жоқ", "жок", "0", "false", "-", "—"})
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?")


@dataclass(frozen=True)
class CopyFile:
    """One file of the copies folder: a page (or, for a PDF, pages) of one protocol copy."""

    name: str  # as in the folder, e.g. 12_mazhilis.jpg
    path: Path
    station: str
    contest: str
    page: int  # the number after the contest (1 without one)
    kind: str  # "JPEG", "PNG" or "PDF"
    size: int


@dataclass(frozen=True)
class Received:
    """When a copy was received: a day, and the time when it was written."""

    day: datetime.date
    time: datetime.time | None = None

    def __str__(self) -> str:
        shown = self.day.strftime("%d.%m.%Y")
        return f"{shown} {self.time.strftime('%H:%M')}" if self.time else shown


@dataclass(frozen=True)
class Provenance:
    """Where one copy comes from; None or "" where the table does not say."""

    row: int
    station: str
    contest: str
    received_by: str = ""
    received_on: Received | None = None
    received_from: str = ""
    signed: bool | None = None
    stamped: bool | None = None

    @property
    def known(self) -> bool:
        """Whether the table says who received the copy or when."""
        return bool(self.received_by) or self.received_on is not None


@dataclass(frozen=True)
class CopySet:
    """The copies folder of a case: its files in reading order and the provenance by copy."""

    folder: str
    files: list[CopyFile]
    provenance: dict[tuple[str, str], Provenance] = field(default_factory=dict)
    table: str = ""

    def of(self, station: str, contest: str) -> list[CopyFile]:
        """The files of one copy, page by page."""
        return [f for f in self.files if (f.station, f.contest) == (station, contest)]

    def copies(self) -> list[tuple[str, str]]:
        """(station, contest) of every copy with a file, in the order of the files."""
        return list(dict.fromkeys((f.station, f.contest) for f in self.files))


def copy_name(station: str, contest: str, page: int = 1) -> str:
    """The stem a copy's file is expected under: 12_mazhilis, 12_mazhilis_2."""
    return f"{station}_{contest}" if page == 1 else f"{station}_{contest}_{page}"


def parse_name(stem: str, contest_ids: list[str]) -> tuple[str, str, int] | None:
    """(station, contest, page) from a file's stem by the naming rule, or None."""
    # The longest contest id first: "city" must not take the end of "city_council".
    for contest in sorted(contest_ids, key=len, reverse=True):
        for pattern in (rf"(.+)_{re.escape(contest)}", rf"(.+)_{re.escape(contest)}_(\d{{1,3}})"):
            match = re.fullmatch(pattern, stem, flags=re.IGNORECASE)
            if match and match[1].strip():
                page = int(match[2]) if match.lastindex == 2 else 1
                if page >= 1:
                    return match[1].strip(), contest, page
    return None


def load_copies(
    case_folder: Path,
    folder_name: str,
    protocols: ProtocolSet,
    contest_ids: list[str],
    illustrative: bool,
    names: dict[str, str] | None = None,
) -> tuple[CopySet | None, list[Problem]]:
    """Find, check and order the copies folder's files and read its provenance table; `names`:
    the contests' names by id, as the messages call them (the id where a contest has none)."""
    called = _Names(names or {})
    display = str(case_folder / folder_name)
    try:
        root = (case_folder / folder_name).resolve(strict=True)
        inside = root.is_relative_to(case_folder.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        return None, [Problem(display, "", "", _("the copies folder does not exist"))]
    if not inside or not root.is_dir():
        message = _("the copies folder must be a folder inside the case folder")
        return None, [Problem(display, "", "", message)]
    problems: list[Problem] = []
    misnamed: list[str] = []
    files, named = _files(case_folder, folder_name, display, contest_ids, problems, misnamed)
    rows = {(p.station, p.contest): p for p in protocols.protocols}
    for name in misnamed:
        problems.append(
            _not_a_copy(Path(display) / name, _meant(name, rows, named, called), called)
        )
    provenance, table = _provenance(case_folder, folder_name, called, contest_ids, problems)
    order = {key: i for i, key in enumerate(rows)}
    for f in files:
        if (f.station, f.contest) not in rows:
            message = _(
                'the protocol table has no row of station {station}, "{contest}" (contest column: '
                "{id}); add the row or rename the file ({rule})"
            ).format(station=f.station, contest=called(f.contest), id=f.contest, rule=naming_rule())
            problems.append(Problem(str(Path(display) / f.name), "", "", message, Severity.WARNING))
    files = [f for f in files if (f.station, f.contest) in rows]
    files.sort(key=lambda f: (order[(f.station, f.contest)], f.page, f.name))
    problems += _pages_in_order(files, display, called)
    with_file = {(f.station, f.contest) for f in files}
    for key, protocol in rows.items():
        if key not in named:  # a file named for it but refused is an error already
            message = _(
                'station {station}, "{contest}": no copy file in the folder {folder} (expected '
                "{name}.jpg, .png or .pdf)"
            ).format(
                station=protocol.station,
                contest=called(protocol.contest),
                folder=folder_name,
                name=copy_name(*key),
            )
            where = f"row {protocol.row}"
            problems.append(Problem(protocols.file, where, "", message, Severity.WARNING))
    for key, row in provenance.items():
        if key not in rows:
            message = _(
                'the protocol table has no row of station {station}, "{contest}" (contest {id}); '
                "correct the station or the contest, or add the row to the protocol table"
            ).format(station=key[0], contest=called(key[1]), id=key[1])
            problems.append(Problem(table, f"row {row.row}", "station", message))
    if not illustrative:
        problems += _unknown_sources(rows, with_file, provenance, protocols.file, table, called)
    return CopySet(display, files, provenance, table), problems


def copies_not_attached(protocols: ProtocolSet) -> list[Problem]:
    """A warning for a case whose protocol table has copies but no copies folder: the appeal
    then attaches only the table typed from them and says the copies are kept by the applicant."""
    if not protocols.protocols:
        return []
    message = _(
        "the copies of the protocols themselves are not attached (the case has no folder "
        "copies/): the appeal attaches only the table typed from them, and its list of "
        "attachments says that the copies are kept by the applicant and will be presented on "
        "request. The copies are the strongest evidence: put their photos or scans in the "
        "folder copies/ ({rule}) to attach them"
    ).format(rule=naming_rule())
    return [Problem(protocols.file, "", "", message, Severity.WARNING)]


class _Names:
    """A contest as a message about a copy names it: by its name, not by its id."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def __call__(self, contest: str) -> str:
        return self.names.get(contest) or contest

    def known(self, contest_ids: list[str]) -> str:
        """The ids a user may type, each with its name: mazhilis («Мажилис»), maslikhat (…)."""
        return ", ".join(
            _("{id} ({name})").format(id=c, name=self.names[c]) if self.names.get(c) else c
            for c in contest_ids
        )


def naming_rule() -> str:
    """The naming rule in words, for the messages."""
    return _("a copy is named <station>_<contest>.jpg, .png or .pdf, a further page _2, _3")


def _files(
    case_folder: Path,
    folder_name: str,
    display: str,
    contest_ids: list[str],
    problems: list[Problem],
    misnamed: list[str],
) -> tuple[list[CopyFile], set[tuple[str, str]]]:
    """The usable copy files, and (station, contest) of every file named by the rule, usable
    or not; the names of the files not named by it go to `misnamed`."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(case_folder / folder_name)
            if not entry.name.startswith(".") and entry.name not in TABLE_NAMES
        )
    except OSError as exc:
        # The system's reason (strerror) is in the system's language, as the system words it.
        message = _("cannot be read: {reason}").format(reason=exc.strerror)
        problems.append(Problem(display, "", "", message))
        return [], set()
    if len(names) > MAX_FILES:
        message = _("the copies folder holds {count} files; at most {limit} are read")
        problems.append(
            Problem(
                display,
                "",
                "",
                message.format(count=count_text(len(names)), limit=count_text(MAX_FILES)),
            )
        )
        return [], set()
    files: list[CopyFile] = []
    named: set[tuple[str, str]] = set()
    total = 0
    for name in names:
        shown = str(Path(display) / name)
        suffix = Path(name).suffix.lower()
        kind = IMAGE_SUFFIXES.get(suffix) or ("PDF" if suffix == PDF_SUFFIX else None)
        parsed = parse_name(Path(name).stem, contest_ids)
        if kind is None or parsed is None:
            misnamed.append(name)
            continue
        named.add(parsed[:2])
        try:
            path = case_path(case_folder, f"{folder_name}/{name}")
            size = path.stat().st_size
        except (PathRefused, OSError) as exc:
            problems.append(Problem(shown, "", "", str(exc)))
            continue
        if size > COPY_MAX_BYTES:
            problems.append(Problem(shown, "", "", too_large(size, COPY_MAX_BYTES)))
            continue
        total += size
        if (error := _content_problem(path, kind)) is not None:
            problems.append(Problem(shown, "", "", error))
            continue
        files.append(CopyFile(name, path, *parsed, kind=kind, size=size))
    if total > MAX_TOTAL_BYTES:
        problems.append(Problem(display, "", "", too_large(total, MAX_TOTAL_BYTES)))
        return [], named
    return files, named


def _meant(
    name: str,
    rows: dict[tuple[str, str], Protocol],
    named: set[tuple[str, str]],
    called: _Names,
) -> tuple[str, str] | None:
    """The protocol a file not named by the rule is most likely the copy of: the one row still
    without a copy whose station begins the name (245_Маслихат.jpg: station 245), narrowed, when
    the station has several, to the contest the rest of the name says by id or by name."""
    stem = Path(name).stem.casefold()
    waiting = [key for key in rows if key not in named and stem.startswith(f"{key[0]}_".casefold())]
    if len(waiting) > 1:
        waiting = [
            key
            for key in waiting
            if re.fullmatch(
                rf"(?:{re.escape(key[1].casefold())}|{re.escape(called(key[1]).casefold())})"
                r"(?:_\d{1,3})?",
                stem[len(key[0]) + 1 :].strip(),
            )
        ]
    return waiting[0] if len(waiting) == 1 else None


def _not_a_copy(shown: Path, meant: tuple[str, str] | None, called: _Names) -> Problem:
    """The warning for a file of the copies folder not named by the rule, with the name it
    should have when the protocol it belongs to can be told."""
    if meant is None:
        message = _("not a copy: {rule}; the file is left out").format(rule=naming_rule())
    else:
        suffix = shown.suffix.lower()
        allowed = suffix in IMAGE_SUFFIXES or suffix == PDF_SUFFIX
        # A further page keeps its number: 245_Маслихат_2.jpg is 245_maslikhat_2.jpg.
        page = re.search(r"_(\d{1,3})$", shown.stem)
        number = int(page[1]) if page and shown.stem[: page.start()] != meant[0] else 1
        message = _(
            "not named by the rule ({rule}), so the file is left out; if it is the copy of "
            'station {station}, "{contest}", rename it {expected}'
        ).format(
            rule=naming_rule(),
            station=meant[0],
            contest=called(meant[1]),
            expected=copy_name(*meant, max(number, 1))
            + (suffix if allowed else ".jpg, .png, .pdf"),
        )
    return Problem(str(shown), "", "", message, Severity.WARNING)


def _content_problem(path: Path, kind: str) -> str | None:
    """Why a file is not the image or PDF its name says, or too large to decode; None if fine.
    Only the header is read: Pillow decodes nothing until asked."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if kind == "PDF":
        return _pdf_problem(path) if head.startswith(b"%PDF-") else _("the file is not a PDF")
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # a size near Pillow's bound is refused below, worded
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=[kind]) as image:
                width, height = image.size
                if width * height <= MAX_PIXELS and image.format == "JPEG":
                    image.draft(image.mode, PRINT_SIZE)
                memory = needs_too_much_memory(image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return _("the file is not a {kind} image, or is damaged").format(kind=kind)
    except Image.DecompressionBombError:  # Pillow's own bound, far beyond ours
        return _("the image is too large (more than {limit} million pixels)").format(
            limit=MAX_PIXELS // 1_000_000
        )
    if width * height > MAX_PIXELS:
        message = _("the image is too large ({width} × {height} pixels; at most {limit} million)")
        return message.format(width=width, height=height, limit=MAX_PIXELS // 1_000_000)
    return memory


def image_memory(image: Any) -> int:
    """The bytes preparing an opened picture holds at once (see _BYTES_PER_PIXEL), a JPEG
    once its reduced scale is set (its `draft`)."""
    width, height = image.size
    per_pixel = _BYTES_PER_PIXEL.get(image.mode, _OTHER_BYTES_PER_PIXEL)
    return int(width * height * per_pixel)


def needs_too_much_memory(image: Any) -> str | None:
    """Why an opened picture is refused for the memory preparing it takes, or None."""
    needed = image_memory(image)
    if needed <= MAX_IMAGE_MEMORY:
        return None
    return _(
        "the image needs {needed} MB of memory to prepare ({width} × {height} pixels, {mode}; "
        "at most {limit} MB): save it as a JPEG, or at a lower resolution"
    ).format(
        needed=-(-needed // MB),
        width=image.size[0],
        height=image.size[1],
        mode=image.mode,
        limit=MAX_IMAGE_MEMORY // MB,
    )


def _pdf_problem(path: Path) -> str | None:
    """Why a PDF copy cannot be used (unreadable, or more pages than one protocol has)."""
    from pypdf import PdfReader

    log = logging.getLogger("pypdf")  # its own English complaints would reach the terminal
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        pages = len(PdfReader(path).pages)
    except Exception:  # pypdf raises many kinds of errors for a broken file
        return _("the PDF cannot be read; save or scan it again")
    finally:
        log.setLevel(level)
    if not 1 <= pages <= MAX_PAGES:
        message = _("a PDF copy must have 1 to {limit} pages (it has {pages})")
        return message.format(limit=MAX_PAGES, pages=pages)
    return None


def _pages_in_order(files: list[CopyFile], display: str, called: _Names) -> list[Problem]:
    """A copy's pages must be 1..n without gaps or repeats (12_mazhilis.jpg and 12_mazhilis_1.png
    are both page 1), and at most MAX_PAGES."""
    problems = []
    pages: dict[tuple[str, str], list[int]] = {}
    for f in files:
        pages.setdefault((f.station, f.contest), []).append(f.page)
    for (station, contest), numbers in pages.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)) or len(numbers) > MAX_PAGES:
            message = _(
                'the files of the copy of station {station}, "{contest}", are numbered '
                "{numbers}; number the pages 1, 2, 3 … (at most {limit}), each once"
            ).format(
                station=station,
                contest=called(contest),
                numbers=", ".join(map(str, sorted(numbers))),
                limit=MAX_PAGES,
            )
            problems.append(Problem(display, "", "", message))
    return problems


def _provenance(
    case_folder: Path,
    folder_name: str,
    called: _Names,
    contest_ids: list[str],
    problems: list[Problem],
) -> tuple[dict[tuple[str, str], Provenance], str]:
    found = [n for n in TABLE_NAMES if (case_folder / folder_name / n).exists()]
    if not found:
        return {}, ""
    display = str(case_folder / folder_name / found[0])
    if len(found) > 1:
        message = _("both copies.csv and copies.xlsx are in the copies folder; keep one")
        problems.append(Problem(str(case_folder / folder_name), "", "", message))
        return {}, display
    try:
        table = read_sheet(case_path(case_folder, f"{folder_name}/{found[0]}"), display)
    except PathRefused as exc:
        problems.append(Problem(display, "", "", str(exc)))
        return {}, display
    except CaseError as exc:
        problems += exc.problems
        return {}, display
    display = table.display
    problems += table.problems
    columns = {name.strip().lower(): i for i, name in enumerate(table.header) if name.strip()}
    unknown = [name for name in columns if name not in PROVENANCE_COLUMNS]
    missing = [name for name in ("station", "contest") if name not in columns]
    if unknown or missing:
        message = _("the columns must be {columns} (station and contest required)").format(
            columns=", ".join(PROVENANCE_COLUMNS)
        )
        problems.append(Problem(display, "row 1", ", ".join(unknown + missing), message))
        return {}, display
    result: dict[tuple[str, str], Provenance] = {}
    for number, cells in table.rows:
        record = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        row = _provenance_row(number, record, display, (called, contest_ids), problems)
        if row is None:
            continue
        key = (row.station, row.contest)
        if key in result:
            message = _(
                'station {station}, "{contest}", is already in row {row}; keep one row per copy'
            ).format(station=row.station, contest=called(row.contest), row=result[key].row)
            problems.append(Problem(display, f"row {number}", "station", message))
            continue
        result[key] = row
    return result, display


def _provenance_row(
    number: int,
    record: dict[str, object],
    display: str,
    contests: tuple[_Names, list[str]],
    problems: list[Problem],
) -> Provenance | None:
    where = f"row {number}"
    called, contest_ids = contests
    before = len(problems)
    station, contest = cell_text(record.get("station")), cell_text(record.get("contest")).lower()
    if not station:
        problems.append(Problem(display, where, "station", _("the station number is missing")))
    if contest not in contest_ids:
        message = _('"{contest}" is not a contest of case.yaml (known: {known})').format(
            contest=contest, known=called.known(contest_ids)
        )
        problems.append(Problem(display, where, "contest", message))
    received = None
    try:
        received = parse_received(record.get("received_on"))
    except ValueError as exc:
        problems.append(Problem(display, where, "received_on", str(exc)))
    marks: dict[str, bool | None] = {}
    for column in ("signed", "stamped"):
        try:
            marks[column] = parse_yes_no(record.get(column))
        except ValueError as exc:
            problems.append(Problem(display, where, column, str(exc)))
    if len(problems) > before:
        return None
    return Provenance(
        number,
        station,
        contest,
        cell_text(record.get("received_by")),
        received,
        cell_text(record.get("received_from")),
        marks["signed"],
        marks["stamped"],
    )


def parse_received(cell: object) -> Received | None:
    """A day with an optional time: 10.01.2021, 10.01.2021 22:40, 2021-01-10, a spreadsheet's
    date; None for an empty cell; ValueError (worded for the user) otherwise."""
    if isinstance(cell, datetime.datetime):
        time = cell.time() if cell.time() != datetime.time() else None
        return Received(cell.date(), time.replace(second=0, microsecond=0) if time else None)
    if isinstance(cell, datetime.date):
        return Received(cell)
    text = cell_text(cell)
    if not text:
        return None
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if "/" in text:
            refuse_two_readings(text, day, month, year)
    elif match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        message = _('"{value}" is not a date; write it as 10.01.2021 or 10.01.2021 22:40')
        raise ValueError(message.format(value=text))
    try:
        day_received = datetime.date(year, month, day)
    except ValueError:
        message = _(
            '"{value}": there is no such day in the calendar; check the day and the month '
            "against the copy's record"
        )
        raise ValueError(message.format(value=text)) from None
    try:
        time = datetime.time(int(match[4]), int(match[5])) if match[4] else None
    except ValueError:
        message = _('"{value}": there is no such time of day; write the time as 22:40')
        raise ValueError(message.format(value=text)) from None
    return Received(day_received, time)


def parse_yes_no(cell: object) -> bool | None:
    """yes/да/иә → True, no/нет/жоқ → False, empty → None (not known); ValueError otherwise."""
    text = cell_text(cell).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    message = _('"{value}" is neither yes nor no; write да or нет (иә or жоқ), or leave it empty')
    raise ValueError(message.format(value=text))


def _unknown_sources(
    rows: dict[tuple[str, str], Protocol],
    with_file: set[tuple[str, str]],
    provenance: dict[tuple[str, str], Provenance],
    protocols_file: str,
    table: str,
    called: _Names,
) -> list[Problem]:
    """A real case's copy whose source is unknown, told by what is missing where it is
    missing: the empty `source` cell of its row of the protocol table (the observer
    organisation), and nobody and no date in the provenance table; what a table gives is never
    called unknown."""
    problems = []
    for key in sorted(with_file, key=list(rows).index):
        protocol, row = rows[key], provenance.get(key)
        named = {"station": key[0], "contest": called(key[1])}
        if not protocol.source:
            message = _(
                'station {station}, "{contest}": the source cell is empty, so the observer '
                "organisation the copy comes from is not named; a copy without its source is "
                "weak evidence"
            ).format(**named)
            where = f"row {protocol.row}"
            problems.append(Problem(protocols_file, where, "source", message, Severity.WARNING))
        if row is None or not row.known:
            message = _(
                'station {station}, "{contest}": the copy\'s source is unknown (who received it, '
                "when, from whom); a copy without provenance is weak evidence"
            ).format(**named)
            where = f"row {row.row}" if row is not None else ""
            problems.append(Problem(table or protocols_file, where, "", message, Severity.WARNING))
    return problems
