"""A TrueType font measured and embedded for text drawn straight into PDF pages.

The widths are the font's own advances (no kerning: the grid holds figures and short words);
the font is embedded as a subset with its glyph numbers kept, as a CID font with a ToUnicode
map, so that copied and extracted text is the text drawn.
"""

from __future__ import annotations

import io
import itertools
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

TOUNICODE_HEAD = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
TOUNICODE_TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


@cache
def font_file(family: str, bold: bool) -> Path | None:
    """The file fontconfig gives for the family, or None when it gives another family."""
    style = "Bold" if bold else "Regular"
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", f"{family}:style={style}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    lines = found.stdout.splitlines()
    if len(lines) != 2 or family not in lines[0].split(","):
        return None
    return Path(lines[1])


@dataclass
class GridFont:
    """One face: advances for measuring, glyphs for drawing, the glyphs used for embedding."""

    path: Path
    name: str
    used: dict[int, str] = field(default_factory=dict)
    # Texts repeat (figures, district names): measured and encoded once each.
    widths: dict[str, float] = field(default_factory=dict)
    encoded: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        self.font = TTFont(self.path, lazy=True)
        self.units: int = self.font["head"].unitsPerEm
        self.cmap: dict[int, str] = self.font.getBestCmap()
        self.order = {name: gid for gid, name in enumerate(self.font.getGlyphOrder())}
        metrics = self.font["hmtx"].metrics
        self.advance: dict[int, float] = {
            code: metrics[glyph][0] / self.units for code, glyph in self.cmap.items()
        }
        self.kerning = _pair_kerning(self.font)  # glyph names → adjustment in font units

    @property
    def document_name(self) -> str:
        """The name the PDF gives this face: as WeasyPrint names its subsets of the same face
        (family and style, spaces as hyphens: Liberation-Serif, Liberation-Serif-Bold), so
        that the table's rows and the text around them name one font alike."""
        names = self.font["name"]
        family = names.getDebugName(1) or "Font"
        style = names.getDebugName(2)
        full = family if style in (None, "Regular") else f"{family} {style}"
        return full.replace(" ", "-")

    def kern(self, left: str, right: str) -> float:
        """The kerning between two characters, in ems, as HarfBuzz applies it by default."""
        return self.kerning.get((self.cmap[ord(left)], self.cmap[ord(right)]), 0) / self.units

    def covers(self, text: str) -> bool:
        """Whether every character has a glyph in this face."""
        return all(ord(c) in self.advance for c in text)

    def width(self, text: str, size: float) -> float:
        """The advance of the text at this size, kerned."""
        ems = self.widths.get(text)
        if ems is None:
            advance = self.advance
            ems = sum(advance[ord(c)] for c in text)
            if self.kerning:
                ems += sum(self.kern(a, b) for a, b in itertools.pairwise(text))
            self.widths[text] = ems
        return ems * size

    def encode(self, text: str) -> str:
        """The text as a PDF array of glyph numbers with the kerning between them (for TJ);
        the glyphs are noted as used."""
        known = self.encoded.get(text)
        if known is not None:
            return known
        out, run = [], []
        for index, c in enumerate(text):
            gid = self.order[self.cmap[ord(c)]]
            self.used.setdefault(gid, c)
            run.append(f"{gid:04X}")
            adjust = self.kern(c, text[index + 1]) if index + 1 < len(text) else 0
            if adjust:
                out.append(f"<{''.join(run)}> {-adjust * 1000:.3f}")
                run = []
        if run:
            out.append(f"<{''.join(run)}>")
        self.encoded[text] = f"[{' '.join(out)}]"
        return self.encoded[text]

    def embed(self, pdf: Any) -> Any:
        """Add the subset font to a pydyf PDF; its Type0 font dictionary."""
        import pydyf  # type: ignore[import-untyped]

        program = self._subset()
        file = pydyf.Stream([program], {"Length1": len(program)}, compress=True)
        pdf.add_object(file)
        head, hhea = self.font["head"], self.font["hhea"]
        scale = 1000 / self.units
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": f"/{self.name}",
                "Flags": 4,
                "FontBBox": pydyf.Array(
                    [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
                ),
                "ItalicAngle": 0,
                "Ascent": round(hhea.ascent * scale),
                "Descent": round(hhea.descent * scale),
                "CapHeight": round(hhea.ascent * scale),
                "StemV": 80,
                "FontFile2": file.reference,
            }
        )
        pdf.add_object(descriptor)
        metrics = self.font["hmtx"].metrics
        names = self.font.getGlyphOrder()
        widths = pydyf.Array()
        for gid in sorted(self.used):
            widths.extend([gid, pydyf.Array([round(metrics[names[gid]][0] * scale)])])
        cid_font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": f"/{self.name}",
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": descriptor.reference,
                "W": widths,
                "CIDToGIDMap": "/Identity",
            }
        )
        pdf.add_object(cid_font)
        to_unicode = pydyf.Stream([self._to_unicode().encode()], compress=True)
        pdf.add_object(to_unicode)
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": f"/{self.name}",
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(font)
        return font

    def _subset(self) -> bytes:
        from fontTools import subset  # type: ignore[import-untyped]
        from fontTools.ttLib import TTFont

        options = subset.Options()
        options.retain_gids = True  # the glyph numbers drawn stay valid in the subset
        options.notdef_outline = True
        options.layout_features = []
        options.name_IDs = ["*"]
        options.drop_tables += ["FFTM"]  # FontForge's timestamp: fontTools cannot subset it
        # The file's own date: reproducible. Read lazily: the lookups of the layout tables,
        # none of whose features is kept, are pruned unparsed (the same bytes in 60 % of the
        # time).
        font = TTFont(self.path, recalcTimestamp=False, lazy=True)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=sorted(self.used))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue()

    def _to_unicode(self) -> str:
        lines = [TOUNICODE_HEAD]
        used = sorted(self.used.items())
        for start in range(0, len(used), 100):
            chunk = used[start : start + 100]
            lines.append(f"{len(chunk)} beginbfchar\n")
            lines += [f"<{gid:04X}> <{_utf16(c)}>\n" for gid, c in chunk]
            lines.append("endbfchar\n")
        lines.append(TOUNICODE_TAIL)
        return "".join(lines)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _pair_kerning(font: Any) -> dict[tuple[str, str], int]:
    """The 'kern' feature's pair adjustments of the font's GPOS table (formats 1 and 2)."""
    if "GPOS" not in font:
        return {}
    table = font["GPOS"].table
    indices = {
        i
        for record in table.FeatureList.FeatureRecord
        if record.FeatureTag == "kern"
        for i in record.Feature.LookupListIndex
    }
    pairs: dict[tuple[str, str], int] = {}
    for index in sorted(indices):
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) == 2:
                _add_pairs(sub, pairs)
    return pairs


def _add_pairs(sub: Any, pairs: dict[tuple[str, str], int]) -> None:
    first = sub.Coverage.glyphs
    if sub.Format == 1:
        for left, pair_set in zip(first, sub.PairSet, strict=True):
            for record in pair_set.PairValueRecord:
                value = getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
                if value:
                    pairs.setdefault((left, record.SecondGlyph), value)
    elif sub.Format == 2:
        classes_1, classes_2 = sub.ClassDef1.classDefs, sub.ClassDef2.classDefs
        seconds: dict[int, list[str]] = {}
        for glyph, klass in classes_2.items():
            seconds.setdefault(klass, []).append(glyph)
        for left in first:
            row = sub.Class1Record[classes_1.get(left, 0)]
            for klass, record in enumerate(row.Class2Record):
                value = getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
                if value:
                    for right in seconds.get(klass, []):
                        pairs.setdefault((left, right), value)
