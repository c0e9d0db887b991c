"""What a reader of a workbook sees first on each sheet, read back by openpyxl (not by the code
that wrote it) without loading every cell: the first cell, the page header and the page footer.
Loading a sheet of 10 000 stations whole takes openpyxl about 6 s; this, a fraction of one."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class SheetFront:
    """A sheet's first cell (A1) and its odd pages' header and footer (openpyxl's
    HeaderFooterItem: .left, .center, .right, each with .text)."""

    first: object
    header: Any
    footer: Any


def sheet_fronts(data: bytes) -> Iterator[SheetFront]:
    """The front of each sheet of the workbook `data`, in the workbook's order."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.header_footer import HeaderFooter

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, max_col=1, values_only=True), (None,))
            element = _header_footer(archive, sheet._worksheet_path)
            ends = HeaderFooter.from_tree(element) if element is not None else HeaderFooter()
            yield SheetFront(first[0] if first else None, ends.oddHeader, ends.oddFooter)
    finally:
        book.close()


def _header_footer(archive: zipfile.ZipFile, path: str) -> Any:
    """The sheet's <headerFooter> element, or None; the rows are parsed and let go on the way."""
    from lxml import etree

    row, wanted = f"{{{SHEET_MAIN}}}row", f"{{{SHEET_MAIN}}}headerFooter"
    with archive.open(path.lstrip("/")) as source:
        try:
            for _event, element in etree.iterparse(
                source, events=("end",), tag=(row, wanted), resolve_entities=False, no_network=True
            ):
                if element.tag == wanted:
                    return element
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            raise ValueError(f"{path}: {error}") from error
    return None
