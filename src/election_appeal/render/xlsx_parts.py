"""The small parts of attachment 1's workbook, as OOXML text: content types, relationships,
properties, the workbook, the styles, and the notes of marked cells (the comments part and the
legacy VML drawing Excel needs to show them; LibreOffice reads the comments alone)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .xlsx_text import attribute, markup, text_element

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
AUTHOR = "election-appeal"

SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
COMMENTS_PART = "xl/comments1.xml"
DRAWING_PART = "xl/drawings/vmlDrawing1.vml"

COUNT_FORMAT_ID = 3  # built in: #,##0
DIFFERENCE_FORMAT_ID = 164  # the first id of a workbook's own formats


@dataclass(frozen=True)
class Colours:
    """The fills of marked cells and the colour of the mark, as RRGGBB."""

    flagged: str
    official: str
    mark: str


class Style:
    """The cell formats (index into cellXfs) the sheet uses, and no others."""

    PLAIN = 0
    BOLD = 1
    MARK = 2  # the title opened by the mark of an illustrative case: bold, in the mark's colour
    HEADER = 3  # bold, centred, wrapped
    DESCRIBED = 4  # a descriptive text: wrapped at the top of its cell
    DESCRIBED_BOLD = 5
    COUNT = 6
    COUNT_BOLD = 7
    COUNT_FLAGGED = 8
    COUNT_OFFICIAL = 9
    DIFFERENCE = 10
    DIFFERENCE_BOLD = 11
    DIFFERENCE_FLAGGED = 12
    DIFFERENCE_OFFICIAL = 13


# (font, fill, number format, alignment) of each Style, in its order. Fonts: 0 regular, 1 bold,
# 2 bold in the mark's colour; fills: 0 none, 1 the gray125 every workbook has, 2 flagged,
# 3 differs from the official figure.
_WRAP_TOP = '<alignment vertical="top" wrapText="1"/>'
_CENTRED = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
_FORMATS: tuple[tuple[int, int, int, str], ...] = (
    (0, 0, 0, ""),
    (1, 0, 0, ""),
    (2, 0, 0, ""),
    (1, 0, 0, _CENTRED),
    (0, 0, 0, _WRAP_TOP),
    (1, 0, 0, _WRAP_TOP),
    (0, 0, COUNT_FORMAT_ID, ""),
    (1, 0, COUNT_FORMAT_ID, ""),
    (0, 2, COUNT_FORMAT_ID, ""),
    (0, 3, COUNT_FORMAT_ID, ""),
    (0, 0, DIFFERENCE_FORMAT_ID, ""),
    (1, 0, DIFFERENCE_FORMAT_ID, ""),
    (0, 2, DIFFERENCE_FORMAT_ID, ""),
    (0, 3, DIFFERENCE_FORMAT_ID, ""),
)


def styles(difference_format: str, colours: Colours) -> str:
    """xl/styles.xml: three fonts, the fills of marked cells, the difference's number format."""
    fonts = (_font(bold=False), _font(bold=True), _font(bold=True, colour=colours.mark))
    fills = (
        '<fill><patternFill patternType="none"/></fill>',
        '<fill><patternFill patternType="gray125"/></fill>',
        *(
            f'<fill><patternFill patternType="solid"><fgColor rgb="00{colour}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for colour in (colours.flagged, colours.official)
        ),
    )
    xfs = []
    for font_id, fill_id, format_id, alignment in _FORMATS:
        applied = (
            (' applyFont="1"' if font_id else "")
            + (' applyFill="1"' if fill_id else "")
            + (' applyNumberFormat="1"' if format_id else "")
            + (' applyAlignment="1"' if alignment else "")
        )
        ids = f'numFmtId="{format_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0"'
        xf = f'<xf {ids} xfId="0"{applied}'
        xfs.append(f"{xf}>{alignment}</xf>" if alignment else f"{xf}/>")
    return (
        f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="1"><numFmt numFmtId="{DIFFERENCE_FORMAT_ID}" '
        f'formatCode="{attribute(difference_format)}"/></numFmts>'
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
        f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _font(bold: bool, colour: str | None = None) -> str:
    """Calibri 11, the default font of a new workbook; its colour RRGGBB, or automatic."""
    return (
        "<font>"
        + ("<b/>" if bold else "")
        + '<sz val="11"/>'
        + (f'<color rgb="FF{colour}"/>' if colour else "")
        + '<name val="Calibri"/><family val="2"/></font>'
    )


def content_types(notes: bool) -> str:
    """[Content_Types].xml; `notes`: whether the comments part and its drawing are there."""
    overrides = [
        ("/xl/workbook.xml", f"{CONTENT_TYPE}.sheet.main+xml"),
        (f"/{SHEET_PART}", f"{CONTENT_TYPE}.worksheet+xml"),
        ("/xl/styles.xml", f"{CONTENT_TYPE}.styles+xml"),
        (f"/{STRINGS_PART}", f"{CONTENT_TYPE}.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ]
    if notes:
        overrides.append((f"/{COMMENTS_PART}", f"{CONTENT_TYPE}.comments+xml"))
    listed = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="vml" '
        'ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
        f"{listed}</Types>"
    )


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{listed}</Relationships>'


def package_relationships() -> str:
    """_rels/.rels: the workbook and its properties."""
    return _relationships(
        (
            (f"{RELATIONSHIPS}/officeDocument", "xl/workbook.xml"),
            (f"{PACKAGE_RELATIONSHIPS}/metadata/core-properties", "docProps/core.xml"),
            (f"{RELATIONSHIPS}/extended-properties", "docProps/app.xml"),
        )
    )


def workbook_relationships() -> str:
    """xl/_rels/workbook.xml.rels: the sheet (rId1), the styles and the shared strings."""
    return _relationships(
        (
            (f"{RELATIONSHIPS}/worksheet", "worksheets/sheet1.xml"),
            (f"{RELATIONSHIPS}/styles", "styles.xml"),
            (f"{RELATIONSHIPS}/sharedStrings", "sharedStrings.xml"),
        )
    )


def sheet_relationships() -> str:
    """xl/worksheets/_rels/sheet1.xml.rels, for a sheet with notes: the comments (rId1) and
    their drawing (rId2, the sheet's legacyDrawing)."""
    return _relationships(
        (
            (f"{RELATIONSHIPS}/comments", "../comments1.xml"),
            (f"{RELATIONSHIPS}/vmlDrawing", "../drawings/vmlDrawing1.vml"),
        )
    )


def core_properties(moment: datetime.datetime) -> str:
    """docProps/core.xml: the tool as author, `moment` (UTC) as the time of making."""
    stamp = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = f'xsi:type="dcterms:W3CDTF">{stamp}'
    return (
        f"{DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>"
        f"<dcterms:created {dated}</dcterms:created>"
        f"<dcterms:modified {dated}</dcterms:modified></cp:coreProperties>"
    )


def app_properties() -> str:
    """docProps/app.xml: the application that wrote the workbook."""
    return (
        f"{DECLARATION}<Properties xmlns="
        '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{AUTHOR}</Application></Properties>"
    )


def workbook(sheet: str, filtered: str, print_titles: str) -> str:
    """xl/workbook.xml: one sheet; its filter's range and its repeated rows, as names."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    return (
        f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name="{attribute(sheet)}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{markup(quoted)}!{filtered}</definedName>"
        '<definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"{markup(quoted)}!{print_titles}</definedName></definedNames>"
        "</workbook>"
    )


def shared_strings(strings: Sequence[str], uses: int) -> str:
    """xl/sharedStrings.xml: the texts in the order of their indices (each passed cell_text);
    `uses`: how many cells refer to them."""
    items = "".join(f"<si>{text_element(text)}</si>" for text in strings)
    return (
        f'{DECLARATION}<sst xmlns="{MAIN}" count="{uses}" uniqueCount="{len(strings)}">'
        f"{items}</sst>"
    )


def comments(notes: Sequence[tuple[str, str]]) -> str:
    """xl/comments1.xml: each note as (cell reference, text passed cell_text), by the tool."""
    listed = "".join(
        f'<comment ref="{ref}" authorId="0"><text>{text_element(text)}</text></comment>'
        for ref, text in notes
    )
    return (
        f'{DECLARATION}<comments xmlns="{MAIN}"><authors><author>{AUTHOR}</author></authors>'
        f"<commentList>{listed}</commentList></comments>"
    )


# Shape ids of a sheet's drawing come in blocks of 1 024, the blocks listed in its idmap.
_SHAPES_PER_BLOCK = 1024


def notes_drawing(cells: Sequence[tuple[int, int]]) -> str:
    """xl/drawings/vmlDrawing1.vml: a hidden note box beside each commented cell, as (row,
    column) counted from 0 — what Excel needs to show the comments."""
    blocks = ",".join(str(n) for n in range(1, len(cells) // _SHAPES_PER_BLOCK + 2))
    shapes = "".join(_note_shape(_SHAPES_PER_BLOCK + 1 + n, r, c) for n, (r, c) in enumerate(cells))
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f"{shapes}</xml>"
    )


def _note_shape(shape_id: int, row: int, column: int) -> str:
    # The box's anchor: from one column right of the cell, a row above it, 3 columns wide and
    # 4 rows high (column, offset, row, offset of its corners), as Excel places a new note.
    anchor = f"{column + 1}, 15, {max(row - 1, 0)}, 10, {column + 3}, 15, {row + 3}, 4"
    return (
        f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;'
        'height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        '<div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
        f"<x:Row>{row}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>"
    )
