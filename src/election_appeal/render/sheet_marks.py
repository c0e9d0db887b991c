"""Read back the mark of an illustrative case from a workbook: from the parts that hold it,
streamed, instead of loading the workbook with openpyxl, which builds an object for every cell
(five times the time for the example's sheet, and growing with the stations) and costs 0.2 s
of CPU to import.

What is read is what openpyxl would give: the worksheets as it lists them, the printed text of
their header and footer (their codes read as openpyxl's header reader reads them) and their
first cell's value; and, as loading does, every part a relationship of the package names must
be in it. The workbook is the tool's own, but what is read is bounded all the same: a part read
whole (the workbook, its relationships) is refused beyond PART_LIMIT bytes, the sheets and the
shared strings are streamed, each row or string let go once looked at.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO, Any
from xml.etree import ElementTree

from lxml import etree

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SHARED_STRINGS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)

# The most bytes a part read whole may have (the example's workbook part has 600, its
# relationships 700).
PART_LIMIT = 1 << 20

# What a damaged or foreign file raises while it is read: it then does not carry the mark.
READ_ERRORS = (
    KeyError,
    ValueError,
    IndexError,
    zipfile.BadZipFile,
    ElementTree.ParseError,
    etree.LxmlError,
)


def xlsx_sheets_marked(package: zipfile.ZipFile, word: str) -> bool:
    """Whether every worksheet has `word` in its header, its footer and its first cell."""
    if not _complete(package):
        return False
    book = "xl/workbook.xml"
    relations = _relations(package, book)
    sheets = ElementTree.fromstring(_read(package, book)).find(f"{_S}sheets")
    ids = [sheet.get(f"{_R}id", "") for sheet in (sheets if sheets is not None else [])]
    parts = [relations[i][0] for i in ids if relations.get(i, ("", ""))[1] == _WORKSHEET]
    shared = [part for part, kind in relations.values() if kind == _SHARED_STRINGS]
    for part in parts:
        with package.open(part) as stream:
            first, header, footer = _sheet_marks(stream)
        if first is not None and first[0] == "s":  # an index into the shared strings
            if not shared:
                raise IndexError("a shared string in a workbook without them")
            first = ("str", _shared_string(package, shared[0], int(first[1])))
        value = first[1] if first is not None and first[0] == "str" else ""
        if word not in value or word not in header or word not in footer:
            return False
    return bool(parts)


def _sheet_marks(stream: IO[bytes]) -> tuple[tuple[str, str] | None, str, str]:
    """The first cell of a sheet ((kind, text): "str" for text, "s" for a shared string's
    index, "other" for a number or a formula), and the text of its header and footer.

    The sheet is parsed by lxml, which hands over its rows, header and footer only (not each
    of a national sheet's half a million cells), each row dropped once looked at."""
    first: tuple[str, str] | None = None
    header = footer = ""
    wanted = (f"{_S}row", f"{_S}oddHeader", f"{_S}oddFooter")
    events = etree.iterparse(stream, events=("end",), tag=wanted, resolve_entities=False)
    for _event, element in events:
        tag = element.tag
        if tag == f"{_S}row":
            if first is None:
                cell = next((c for c in element.iter(f"{_S}c") if _is_first_cell(c)), None)
                first = _cell_value(cell) if cell is not None else None
            element.clear()  # a long sheet is read in constant memory
            while element.getprevious() is not None:
                del element.getparent()[0]
        else:
            text = printed_text(element.text)
            header, footer = (text, footer) if tag == f"{_S}oddHeader" else (header, text)
    return first, header, footer


# A header's or footer's codes (ECMA-376 part 1, 18.3.1.39): &L, &C and &R open its left,
# centre and right sections, in this order; a font (&"name,style"), a colour (&K and six hex
# digits) and a size (&nn) are not printed. Read as openpyxl reads them: sections out of this
# order belong to the one before, text before the first section is none of them, and other
# codes (&P, &&, …) stay in the text.
_SECTIONS = re.compile(
    r"(?:&L(?P<left>.+?))?(?:&C(?P<center>.+?))?(?:&R(?P<right>.+?))?$", re.DOTALL
)
_FORMATTING = re.compile(r'&".+"|&K[A-F0-9]{6}|&\d+\s?')
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")  # OOXML's escape of a control character


def printed_text(codes: str | None) -> str:
    """The text of a header or footer element, its sections joined by a space, without its
    formatting codes ("" for an empty one, or one whose sections cannot be told apart)."""
    if not codes:
        return ""
    text = _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), codes)
    sections = _SECTIONS.match(text)
    parts = sections.group("left", "center", "right") if sections else ("", "", "")
    return " ".join(_FORMATTING.sub("", part or "") for part in parts)


def _is_first_cell(cell: Any) -> bool:
    return bool(cell.get("r") == "A1")


def _cell_value(cell: Any) -> tuple[str, str]:
    """A cell's (kind, text), from an element of either parser."""
    kind = cell.get("t", "n")
    if cell.find(f"{_S}f") is not None:
        return ("other", "")
    if kind == "inlineStr":
        inline = cell.find(f"{_S}is")
        return ("str", _text(inline) if inline is not None else "")
    value = cell.findtext(f"{_S}v") or ""
    if kind == "s":
        return ("s", value)
    return ("str", value) if kind == "str" else ("other", value)


def _text(element: Any) -> str:
    """A string item's text: its own text and that of its runs, phonetic hints left out."""
    parts = [element.findtext(f"{_S}t") or ""]
    parts += [run.findtext(f"{_S}t") or "" for run in element.findall(f"{_S}r")]
    return "".join(parts)


def _shared_string(package: zipfile.ZipFile, part: str, index: int) -> str:
    """The shared string of this index, the strings before it streamed and let go."""
    with package.open(part) as stream:
        events = etree.iterparse(stream, events=("end",), tag=f"{_S}si", resolve_entities=False)
        for position, (_event, item) in enumerate(events):
            if position == index:
                return _text(item).replace("x005F_", "")
            item.clear()
            while item.getprevious() is not None:
                del item.getparent()[0]
    raise IndexError(f"no shared string {index}")


def _read(package: zipfile.ZipFile, name: str) -> bytes:
    """A part read whole, at most PART_LIMIT bytes of it (whatever its entry declares)."""
    with package.open(name) as stream:
        data = stream.read(PART_LIMIT + 1)
    if len(data) > PART_LIMIT:
        raise ValueError(f"{name}: larger than {PART_LIMIT} bytes")
    return data


def _complete(package: zipfile.ZipFile) -> bool:
    """Whether every part a relationship of the package points to is in the package."""
    names = set(package.namelist())
    for name in names:
        folder, rels, file = name.rpartition("_rels/")
        if rels and file.endswith(".rels"):
            source = posixpath.join(folder, file.removesuffix(".rels"))
            if any(part not in names for part, _kind in _relations(package, source).values()):
                return False
    return True


def _relations(package: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (the part it points to, its type), for the part `source`."""
    folder, name = posixpath.split(source)
    root = ElementTree.fromstring(_read(package, posixpath.join(folder, "_rels", f"{name}.rels")))
    found = {}
    for relation in root.iter(_RELATIONSHIPS):
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[relation.get("Id", "")] = (posixpath.normpath(path), relation.get("Type", ""))
    return found
