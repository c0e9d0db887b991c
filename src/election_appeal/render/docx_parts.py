"""The parts of a Word document python-docx has no API for: footnotes, a watermark, restarted
numbering, a PAGE field; plus named styles, page set-up and a reproducible zip."""

from __future__ import annotations

import datetime
import functools
import io
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

FONT = "Times New Roman"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class StyleSpec:
    """A named paragraph style: a lawyer restyles the document by editing these in Word."""

    name: str
    size: float = 14
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_line: float = 0.0  # cm
    left: float = 0.0  # cm
    after: float = 4  # pt
    before: float = 0  # pt
    keep_with_next: bool = False
    outline: int | None = None  # the level in Word's navigation pane and table of contents


STYLES = {
    "body": StyleSpec("Appeal Body", first_line=1.25),
    "noindent": StyleSpec("Appeal Body No Indent"),
    "center": StyleSpec("Appeal Center", align=WD_ALIGN_PARAGRAPH.CENTER),
    "right": StyleSpec("Appeal Right", align=WD_ALIGN_PARAGRAPH.RIGHT),
    "addressee": StyleSpec("Appeal Addressee", align=WD_ALIGN_PARAGRAPH.LEFT, left=7.6, after=0),
    "title": StyleSpec(
        "Appeal Title", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=14, outline=0
    ),
    "subtitle": StyleSpec("Appeal Subtitle", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=10),
    "heading": StyleSpec(
        "Appeal Heading",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=10,
        keep_with_next=True,
        outline=1,
    ),
    "caption": StyleSpec(
        "Appeal Caption", size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=8, keep_with_next=True
    ),
    "note": StyleSpec("Appeal Note", size=12, first_line=1.25),
    "warning": StyleSpec("Appeal Warning", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    "list": StyleSpec("Appeal List", left=1.25, after=2),
    "cell": StyleSpec("Appeal Table Text", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "cell_small": StyleSpec("Appeal Table Small", size=9, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "cell_tiny": StyleSpec("Appeal Table Tiny", size=8, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "cell_7": StyleSpec("Appeal Table 7 pt", size=7, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "cell_6": StyleSpec("Appeal Table 6 pt", size=6, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "cell_5": StyleSpec("Appeal Table 5 pt", size=5, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "signature": StyleSpec("Appeal Signature", align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
    "footnote": StyleSpec("Footnote Text", size=10, align=WD_ALIGN_PARAGRAPH.LEFT, after=0),
}


def styled_document(language: str, landscape: bool) -> tuple[Any, dict[str, str]]:
    """A new document with the named styles in `language` and the page set up (setup_styles,
    setup_page), and the style id of each key. The set-up is done once per process for each
    language and orientation (python-docx takes some 25 ms of CPU for it, five times a
    build); each document is then opened from the prepared package's bytes, its own copy."""
    from docx import Document

    package, ids = _prepared_package(language, landscape)
    return Document(io.BytesIO(package)), dict(ids)


@functools.lru_cache(maxsize=16)  # a few languages, two orientations
def _prepared_package(language: str, landscape: bool) -> tuple[bytes, dict[str, str]]:
    """The bytes of a document with the styles and the page set up, nothing else in it."""
    from docx import Document

    document = Document()
    ids = setup_styles(document, language)
    setup_page(document, landscape)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), ids


def setup_styles(document: Any, language: str = "ru-RU") -> dict[str, str]:
    """Create the named styles, all in the document's language (for the spelling checker);
    return the style id of each key for the XML written directly."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _set_language(normal.element.rPr, language)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        _set_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), language)
    ids = {}
    for key, spec in STYLES.items():
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.first_line_indent = Cm(spec.first_line)
        fmt.left_indent = Cm(spec.left)
        fmt.space_after = Pt(spec.after)
        fmt.space_before = Pt(spec.before)
        fmt.keep_with_next = spec.keep_with_next
        fmt.line_spacing = 1.0
        fmt.widow_control = True
        if spec.outline is not None:
            outline = etree.SubElement(style.element.get_or_add_pPr(), qn("w:outlineLvl"))
            outline.set(qn("w:val"), str(spec.outline))
        ids[key] = style.style_id
    reference = document.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    ids["footnote_reference"] = reference.style_id
    return ids


def _set_language(run_properties: Any, language: str) -> None:
    """Replace the language of a run-properties element (python-docx's default is en-US)."""
    for old in run_properties.findall(qn("w:lang")):
        run_properties.remove(old)
    lang = etree.SubElement(run_properties, qn("w:lang"))
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def setup_page(document: Any, landscape: bool) -> None:
    """A4; margins left 30, right 10, top and bottom 20 mm; a page number in the footer."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin = section.bottom_margin = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


_WATERMARK = """<w:r {w} {v} {o}><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:460pt;height:115pt;rotation:315;
 z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
 mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#d9d9d9" stroked="f">
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
</v:shape></w:pict></w:r>"""


def add_watermark(document: Any, text: str) -> None:
    """A diagonal text behind the page content on every page, as Word draws its watermarks."""
    header = document.sections[0].header.paragraphs[0]
    namespaces = {
        "w": nsdecls("w"),
        "v": 'xmlns:v="urn:schemas-microsoft-com:vml"',
        "o": 'xmlns:o="urn:schemas-microsoft-com:office:office"',
    }
    header._p.append(parse_xml(_WATERMARK.format(**namespaces, font=FONT, text=text)))


def restarted_numbering(document: Any, style_id: str = "ListNumber") -> str:
    """A new numbering instance of the 'List Number' list, starting again at 1; its numId."""
    numbering = document.part.numbering_part.element
    style = document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    base_num = style.element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(base_num).abstractNumId.val
    num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    return str(num_id)


def add_footnotes_part(document: Any, footnotes: list[Any], ids: dict[str, str]) -> None:
    """word/footnotes.xml with the separators Word expects and one w:footnote per note."""
    root = parse_xml(
        f"<w:footnotes {nsdecls('w', 'r')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
        "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
    )
    for number, paragraph in enumerate(footnotes, start=1):
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"/>')
        marker = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{ids["footnote_reference"]}"/>'
            "</w:rPr><w:footnoteRef/></w:r>"
        )
        paragraph.insert(1, marker)
        paragraph.insert(
            2, parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> </w:t></w:r>')
        )
        note.append(paragraph)
        root.append(note)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    settings.append(
        parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
            "</w:footnotePr>"
        )
    )


def set_properties(
    document: Any, title: str, author: str, language: str, moment: datetime.datetime
) -> None:
    """Title, author, language and fixed dates, so that two builds are byte-identical."""
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.language = language
    props.created = props.modified = moment.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
