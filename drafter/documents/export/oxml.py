"""Low-level WordprocessingML helpers under the GB/T 9704 builder (python-docx has no API for these)."""

from __future__ import annotations

from collections.abc import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Word rejects pPr/rPr children out of schema order (ECMA-376 CT_PPrBase, CT_RPr); these are the
# parts of those sequences this module writes, in order.
_PPR_SEQ = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
            "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
            "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
            "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
            "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
            "w:sectPr", "w:pPrChange")
_RPR_SEQ = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
            "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
            "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
            "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
            "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_SEQ = {qn("w:pPr"): _PPR_SEQ, qn("w:rPr"): _RPR_SEQ}


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(mm * TWIPS_PER_MM)


def child(parent, tag: str, seq: Iterable[str] | None = None):
    """The child `tag` of parent, created in schema order if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    el = OxmlElement(tag)
    order = list(seq if seq is not None else _SEQ.get(parent.tag, ()))
    if tag in order:
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        for i, existing in enumerate(parent):
            if existing.tag in later:
                parent.insert(i, el)
                return el
    parent.append(el)
    return el


def set_attrs(el, **attrs) -> None:
    """Set w:-namespaced attributes; None removes one."""
    for name, value in attrs.items():
        key = qn(f"w:{name}")
        if value is None:
            el.attrib.pop(key, None)
        else:
            el.set(key, str(value))


def strip_theme_fonts(root) -> None:
    """Remove theme font attributes everywhere below root (Word prefers them over named fonts)."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def set_fonts(rpr, east_asia: str, latin: str | None = None) -> None:
    """Name the East Asian font in rFonts/@w:eastAsia (font.name alone does not) and drop theme fonts."""
    rfonts = child(rpr, "w:rFonts")
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = latin or east_asia
    set_attrs(rfonts, ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin, hint="eastAsia")


def set_size(rpr, pt: float) -> None:
    """Font size in points, for both the normal and complex-script slots."""
    half_points = round(pt * 2)
    set_attrs(child(rpr, "w:sz"), val=half_points)
    set_attrs(child(rpr, "w:szCs"), val=half_points)


def set_bold(rpr, on: bool) -> None:
    """Bold on or explicitly off (so a based-on style's bold does not leak in)."""
    for tag in ("w:b", "w:bCs"):
        set_attrs(child(rpr, tag), val=None if on else "0")


def set_lang(rpr, east_asia: str = "zh-CN", latin: str = "en-US") -> None:
    """Language tags: zh-CN for East Asian text so Word picks Chinese punctuation and fonts."""
    set_attrs(child(rpr, "w:lang"), val=latin, eastAsia=east_asia, bidi="ar-SA")


def set_char_spacing(rpr, pt: float) -> None:
    """Character spacing (expanded/condensed) in points; 0 removes it."""
    if pt == 0:
        old = rpr.find(qn("w:spacing"))
        if old is not None:
            rpr.remove(old)
        return
    set_attrs(child(rpr, "w:spacing"), val=round(pt * TWIPS_PER_PT))


def set_color(rpr, hex_rgb: str = "000000") -> None:
    """Explicit text colour (the default template's headings are themed blue)."""
    el = child(rpr, "w:color")
    el.attrib.clear()
    set_attrs(el, val=hex_rgb)


def set_line_exact(ppr, pt: float, before_pt: float = 0, after_pt: float = 0) -> None:
    """Fixed line spacing and paragraph spacing, all in points."""
    el = child(ppr, "w:spacing")
    el.attrib.clear()
    set_attrs(el, before=round(before_pt * TWIPS_PER_PT), beforeLines=0,
              after=round(after_pt * TWIPS_PER_PT), afterLines=0,
              line=round(pt * TWIPS_PER_PT), lineRule="exact")


def set_line_single(ppr) -> None:
    """Single line spacing with no space around (footers)."""
    el = child(ppr, "w:spacing")
    el.attrib.clear()
    set_attrs(el, before=0, after=0, line=240, lineRule="auto")


def set_indent(ppr, *, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
               char_pt: float = 16) -> None:
    """Indents in characters, written both as *Chars (Word, WPS) and twips (LibreOffice reads only those)."""
    el = child(ppr, "w:ind")
    el.attrib.clear()
    unit = char_pt * TWIPS_PER_PT
    set_attrs(el, left=round(left_chars * unit), leftChars=round(left_chars * 100),
              right=round(right_chars * unit), rightChars=round(right_chars * 100),
              firstLine=round(first_chars * unit), firstLineChars=round(first_chars * 100))


def set_jc(ppr, val: str) -> None:
    """Paragraph alignment: left, center, right, both."""
    set_attrs(child(ppr, "w:jc"), val=val)


def set_on(ppr, tag: str, on: bool = True) -> None:
    """An on/off paragraph property such as w:keepNext or w:widowControl."""
    set_attrs(child(ppr, tag), val=None if on else "0")


def set_outline_level(ppr, level: int) -> None:
    """Outline level 0–8, so Word's navigation pane lists the headings."""
    set_attrs(child(ppr, "w:outlineLvl"), val=level)


def add_page_field(paragraph, before: str = "— ", after: str = " —") -> None:
    """Append text, a PAGE field (complex field, which every reader updates) and text."""
    paragraph.add_run(before)

    def fld(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        set_attrs(el, fldCharType=kind)
        run._r.append(el)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run("1")
    fld("end")
    paragraph.add_run(after)


def set_page(sect_pr, *, width_mm: float, height_mm: float, top: float, bottom: float, left: float,
             right: float, header: float, footer: float, line_pitch_pt: float) -> None:
    """Page size, margins (mm) and the line pitch of the document grid."""
    from docx.shared import Mm

    sect_pr.page_width = Mm(width_mm)
    sect_pr.page_height = Mm(height_mm)
    sect_pr.top_margin, sect_pr.bottom_margin = Mm(top), Mm(bottom)
    sect_pr.left_margin, sect_pr.right_margin = Mm(left), Mm(right)
    sect_pr.header, sect_pr.footer, sect_pr.gutter = Mm(header), Mm(footer), 0
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # No snapping grid: LibreOffice would round every line to the grid; the pitch is informational.
    grid.attrib.clear()
    set_attrs(grid, linePitch=round(line_pitch_pt * TWIPS_PER_PT))


def set_theme_font_lang(settings_el, east_asia: str = "zh-CN") -> None:
    """The template says ja-JP, which makes Word fall back to MS Mincho for unknown CJK fonts."""
    el = settings_el.find(qn("w:themeFontLang"))
    if el is not None:
        set_attrs(el, val="en-US", eastAsia=east_asia)


# One entry per font the document names: GB2312 charset (86) and CJK signature bits let Word and
# WPS substitute a Chinese face, not MS Mincho; altName names the face shipped with Windows.
def font_table_xml(fonts: dict[str, str | None]) -> bytes:
    """A fontTable.xml naming each font with its fallback (altName) and Chinese charset."""
    root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
    for name, alt in fonts.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if alt and alt != name:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        latin = name in ("Times New Roman", "Arial")
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "00" if latin else "86")
        etree.SubElement(font, qn("w:family")).set(
            qn("w:val"), "roman" if latin else ("swiss" if "黑" in name else "modern"))
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
        sig = etree.SubElement(font, qn("w:sig"))
        if latin:
            vals = ("E0002AFF", "C0007841", "00000009", "00000000", "000001FF", "00000000")
        else:
            vals = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
        for key, val in zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), vals, strict=True):
            sig.set(qn(f"w:{key}"), val)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def replace_font_table(document_part, fonts: dict[str, str | None]) -> None:
    """Replace the template's font table (Cambria, MS Mincho, …) with the fonts this document uses."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml(fonts)
            return


def drop_rels(source, reltypes: Iterable[str]) -> None:
    """Drop relationships (and so their parts) of these types from a part or the package."""
    wanted = set(reltypes)
    rels = source.rels
    for rId in [rId for rId, rel in rels.items() if rel.reltype in wanted]:
        rels.pop(rId)


def set_app_properties(package, *, company: str, title: str, application: str) -> None:
    """Company and title in docProps/app.xml, which python-docx does not expose."""
    for rel in package.rels.values():
        if rel.reltype != RT.EXTENDED_PROPERTIES:
            continue
        part = rel.target_part
        root = etree.fromstring(part.blob)
        ns = {"ep": root.nsmap[None], "vt": root.nsmap["vt"]}
        for tag, value in (("Company", company), ("Application", application)):
            el = root.find(f"ep:{tag}", ns)
            if el is not None:
                el.text = value
        lp = root.find("ep:TitlesOfParts/vt:vector/vt:lpstr", ns)
        if lp is not None:
            lp.text = title
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return
