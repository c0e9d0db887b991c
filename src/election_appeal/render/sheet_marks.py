"""Read back the mark of an illustrative case from a workbook: from the parts that hold it,
streamed, instead of loading the workbook with openpyxl, which builds an object for every cell
(five times the time for the example's sheet, and growing with the stations).

What is read is what openpyxl would give: the worksheets as it lists them, the text of their
header and footer parts (parsed by openpyxl's own header reader) and their first cell's value;
and, as loading does, every part a relationship of the package names must be in it.
"""

from __future__ import annotations

import posixpath
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
    sheets = ElementTree.fromstring(package.read(book)).find(f"{_S}sheets")
    ids = [sheet.get(f"{_R}id", "") for sheet in (sheets if sheets is not None else [])]
    parts = [relations[i][0] for i in ids if relations.get(i, ("", ""))[1] == _WORKSHEET]
    shared = [part for part, kind in relations.values() if kind == _SHARED_STRINGS]
    strings: list[str] | None = None
    for part in parts:
        with package.open(part) as stream:
            first, header, footer = _sheet_marks(stream)
        if first is not None and first[0] == "s":  # an index into the shared strings
            if strings is None:
                strings = _shared_strings(package, shared[0]) if shared else []
            first = ("str", strings[int(first[1])])
        value = first[1] if first is not None and first[0] == "str" else ""
        if word not in value or word not in header or word not in footer:
            return False
    return bool(parts)


def _sheet_marks(stream: IO[bytes]) -> tuple[tuple[str, str] | None, str, str]:
    """The first cell of a sheet ((kind, text): "str" for text, "s" for a shared string's
    index, "other" for a number or a formula), and the text of its header and footer.

    The sheet is parsed by lxml, which hands over its rows, header and footer only (not each
    of a national sheet's half a million cells), each row dropped once looked at."""
    from openpyxl.worksheet.header_footer import HeaderFooterItem

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
            item = HeaderFooterItem.from_tree(element)
            text = " ".join(p.text or "" for p in (item.left, item.center, item.right))
            header, footer = (text, footer) if tag == f"{_S}oddHeader" else (header, text)
    return first, header, footer


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


def _shared_strings(package: zipfile.ZipFile, part: str) -> list[str]:
    root = ElementTree.fromstring(package.read(part))
    return [_text(item).replace("x005F_", "") for item in root.findall(f"{_S}si")]


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
    root = ElementTree.fromstring(package.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found = {}
    for relation in root.iter(_RELATIONSHIPS):
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[relation.get("Id", "")] = (posixpath.normpath(path), relation.get("Type", ""))
    return found
