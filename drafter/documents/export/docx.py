"""Word export in the GB/T 9704-2012 layout: A4, 22 lines × 28 characters, fonts through named styles."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from drafter.documents.draft import Draft
from drafter.documents.export import annex as _annex  # to_docx's `annex` argument would shadow the module
from drafter.documents.export import oxml
from drafter.documents.export.layout import (  # noqa: F401 - the layout is part of this module's face
    BLOCK_H,
    BLOCK_W,
    BODY_PT,
    CHAR_SPACING_PT,
    CHARS_PER_LINE,
    FONTS,
    FOOTER_MM,
    HEADING_CHAR_STYLES,
    HEADING_FONT_ROLE,
    HEADING_STYLES,
    LINE_PT,
    LINES_PER_PAGE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_NO_PT,
    PAGE_W,
    STYLE_BODY,
    STYLE_PAGE,
    STYLE_SIGN,
    STYLE_TITLE,
    TITLE_PT,
    FontSet,
    display_width,
)
from drafter.errors import ExportError
from drafter.text.clean import clean_text
from drafter.text.sentences import heading_level

# A run-in heading ends at the first full stop within this many characters ("（一）加强学习。支部……").
_RUN_IN_MAX = 40
_LEADING_SPACE = re.compile(r"^[\s\u3000\u00a0\ufeff]+")


@dataclass(frozen=True)
class Block:
    """One paragraph to write: its heading level (0 = body) and, for run-in headings, the heading part."""

    text: str
    level: int = 0
    head: str = ""


def classify(line: str) -> Block:
    """Recognise the heading level of one line of section text; "一是……" stays body text."""
    if level := heading_level(line):
        stop = line.find("。")
        if 0 <= stop < _RUN_IN_MAX and stop < len(line) - 1:
            return Block(line[stop + 1:], level, line[: stop + 1])
        if len(line) <= _RUN_IN_MAX or (stop == len(line) - 1 and len(line) <= 2 * _RUN_IN_MAX):
            return Block(line, level)
    # Not a marker, or a long numbered paragraph ("一、二年级党员……"): body text, not a heading.
    return Block(line)


def blocks(text: str) -> list[Block]:
    """Split section text into paragraphs, dropping blank lines and typed indentation (the style indents)."""
    out = []
    for raw in clean_text(text).split("\n"):
        line = _LEADING_SPACE.sub("", raw).rstrip()
        if line:
            out.append(classify(line))
    return out


def signature_indents(unit: str, date: str) -> tuple[float, float]:
    """Right indents (characters) of unit and date per GB/T 9704 7.3.5.2 (落款 without a seal)."""
    # Unit 右空二字; the date's first character two characters right of the unit's first; if that
    # brings the date nearer than two characters to the margin, the date keeps two and the unit moves left.
    wu, wd = display_width(unit), display_width(date)
    unit_right = 2.0
    date_right = unit_right + wu - 2 - wd
    if date_right < 2:
        date_right = 2.0
        unit_right = date_right + wd + 2 - wu
    return unit_right, date_right


class _Builder:
    """Builds one document; a class only to share the document and its style objects."""

    def __init__(self, fonts: FontSet, annexes: list[_annex.AnnexTable] | None = None) -> None:
        self.common = fonts == "common"
        self.doc = docx.Document()
        self.styles: dict[str, object] = {}
        self.annexes = annexes or []

    def font(self, role: str) -> tuple[str, bool]:
        """The face for a role in the chosen font set, and whether it is bolded to stand in."""
        official, common, bold = FONTS[role]
        return (common, bold) if self.common else (official, False)

    # --- template ---------------------------------------------------------------------------

    def restyle_template(self) -> None:
        """Turn python-docx's US-Letter, theme-font template into a Chinese A4 one."""
        doc = self.doc
        styles_el = doc.styles.element
        oxml.strip_theme_fonts(styles_el)
        body_font, _ = self.font("body")
        defaults = styles_el.find(oxml.qn("w:docDefaults"))
        rpr = defaults.find(oxml.qn("w:rPrDefault")).find(oxml.qn("w:rPr"))
        oxml.set_fonts(rpr, body_font)
        oxml.set_size(rpr, BODY_PT)
        oxml.set_lang(rpr)
        ppr = defaults.find(oxml.qn("w:pPrDefault")).find(oxml.qn("w:pPr"))
        oxml.set_line_exact(ppr, LINE_PT)
        settings = doc.settings.element
        oxml.set_theme_font_lang(settings)
        doc.settings.odd_and_even_pages_header_footer = True
        # Parts that would carry the template's look into Word 2010 or show a stale preview.
        oxml.drop_rels(doc.part, ["http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"])
        oxml.drop_rels(doc.part.package, [RT.THUMBNAIL])
        fonts = {self.font(role)[0]: FONTS[role][1] for role in FONTS}
        oxml.replace_font_table(doc.part, fonts)
        section = doc.sections[0]
        oxml.set_page(section._sectPr, width_mm=PAGE_W, height_mm=PAGE_H, top=MARGIN_TOP,
                      bottom=MARGIN_BOTTOM, left=MARGIN_LEFT, right=MARGIN_RIGHT, header=15,
                      footer=FOOTER_MM, line_pitch_pt=LINE_PT)

    def add_style(self, name: str, role: str, *, size: float = BODY_PT, kind=WD_STYLE_TYPE.PARAGRAPH,
                  base: str | None = None):
        """A named style with its East Asian font, size, language and black colour."""
        style = self.doc.styles.add_style(name, kind)
        if base:
            style.base_style = self.styles[base]
        style.quick_style = True
        rpr = style.element.get_or_add_rPr()
        face, bold = self.font(role)
        oxml.set_fonts(rpr, face)
        oxml.set_bold(rpr, bold)
        oxml.set_color(rpr)
        oxml.set_size(rpr, size)
        oxml.set_lang(rpr)
        self.styles[name] = style
        return style

    def define_styles(self) -> None:
        """公文正文, 公文标题, the four heading levels, 落款 and 页码."""
        normal = self.doc.styles["Normal"]
        self.styles["Normal"] = normal
        nrpr = normal.element.get_or_add_rPr()
        oxml.set_fonts(nrpr, self.font("body")[0])
        oxml.set_size(nrpr, BODY_PT)
        oxml.set_lang(nrpr)

        body = self.add_style(STYLE_BODY, "body", base="Normal")
        ppr = body.element.get_or_add_pPr()
        oxml.set_on(ppr, "w:widowControl")
        oxml.set_line_exact(ppr, LINE_PT)
        oxml.set_indent(ppr, first_chars=2)
        oxml.set_jc(ppr, "both")
        # No extra space between Chinese and digits/Latin: it would break the 28-character grid.
        oxml.set_on(ppr, "w:autoSpaceDE", False)
        oxml.set_on(ppr, "w:autoSpaceDN", False)
        oxml.set_char_spacing(body.element.get_or_add_rPr(), CHAR_SPACING_PT)

        title = self.add_style(STYLE_TITLE, "title", size=TITLE_PT, base="Normal")
        ppr = title.element.get_or_add_pPr()
        oxml.set_on(ppr, "w:keepNext")
        oxml.set_line_exact(ppr, LINE_PT, after_pt=LINE_PT)  # one blank line under the title
        oxml.set_indent(ppr)
        oxml.set_jc(ppr, "center")

        for level, (name, role) in enumerate(zip(HEADING_STYLES, HEADING_FONT_ROLE, strict=True)):
            style = self.add_style(name, role, base=STYLE_BODY)
            style.next_paragraph_style = body
            ppr = style.element.get_or_add_pPr()
            oxml.set_on(ppr, "w:keepNext")
            oxml.set_outline_level(ppr, level)
            self.add_style(HEADING_CHAR_STYLES[level], role, kind=WD_STYLE_TYPE.CHARACTER)

        sign = self.add_style(STYLE_SIGN, "body", base=STYLE_BODY)
        ppr = sign.element.get_or_add_pPr()
        oxml.set_indent(ppr, right_chars=2)
        oxml.set_jc(ppr, "right")

        page = self.add_style(STYLE_PAGE, "page", size=PAGE_NO_PT, base="Normal")
        ppr = page.element.get_or_add_pPr()
        oxml.set_line_single(ppr)
        oxml.set_indent(ppr)

    def page_numbers(self) -> None:
        """"— N —" in 14 pt 宋体: odd pages right with one character gap, even pages left."""
        section = self.doc.sections[0]
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0]
            para.style = self.styles[STYLE_PAGE]
            ppr = para._p.get_or_add_pPr()
            gap = {"right_chars": 1} if side == "right" else {"left_chars": 1}
            oxml.set_indent(ppr, char_pt=PAGE_NO_PT, **gap)
            oxml.set_jc(ppr, side)
            oxml.add_page_field(para)

    # --- content ----------------------------------------------------------------------------

    def paragraph(self, text: str, style: str, run_style: str | None = None, head: str = ""):
        """One paragraph; a run-in heading gets its own run in the heading's character style."""
        # Style ids go straight into the XML: python-docx's style setter scans every style per call,
        # which made a 50,000-character export spend most of its time looking styles up.
        para = self.doc.add_paragraph()
        para._p.get_or_add_pPr().style = self.styles[style].style_id
        if head:
            para.add_run(head)._r.get_or_add_rPr().style = self.styles[run_style].style_id
        if text:
            para.add_run(text)
        return para

    def content(self, draft: Draft) -> None:
        """Title, sections with their headings, the 落款."""
        title = clean_text(draft.title).strip()
        para = self.paragraph("", STYLE_TITLE)
        for i, line in enumerate(t for t in title.split("\n") if t.strip()):
            if i:
                para.add_run().add_break()
            para.add_run(line.strip())
        for section in draft.shown_sections():
            heading = _LEADING_SPACE.sub("", clean_text(section.heading)).replace("\n", "").strip()
            if heading:
                self.paragraph(heading, HEADING_STYLES[0])
            for block in blocks(section.text):
                if block.head:
                    self.paragraph(block.text, STYLE_BODY, HEADING_CHAR_STYLES[block.level - 1], block.head)
                elif block.level:
                    self.paragraph(block.text, HEADING_STYLES[block.level - 1])
                else:
                    self.paragraph(block.text, STYLE_BODY)
        _annex.write_note(self, self.annexes)
        self.signature(draft)

    def signature(self, draft: Draft) -> None:
        """The 落款 per GB/T 9704 7.3.5.2: a blank line, the unit, the date on the next line."""
        unit = clean_text(draft.signature.unit).replace("\n", "").strip()
        date = draft.signature.date_cn
        unit_right, date_right = signature_indents(unit, date)
        # Keep the last body lines with the 落款: a page holding only the 落款 is not allowed.
        last = self.doc.paragraphs[-1]._p if len(self.doc.paragraphs) > 1 else None
        if last is not None:
            oxml.set_on(last.get_or_add_pPr(), "w:keepNext")
        blank = self.paragraph("", STYLE_BODY)
        oxml.set_on(blank._p.get_or_add_pPr(), "w:keepNext")
        for text, right, keep in ((unit, unit_right, True), (date, date_right, False)):
            para = self.paragraph(text, STYLE_SIGN)
            ppr = para._p.get_or_add_pPr()
            oxml.set_indent(ppr, right_chars=right)
            if keep:
                oxml.set_on(ppr, "w:keepNext")

    def properties(self, draft: Draft) -> None:
        """Title, subject (kind), author and company (the branch) in the document properties."""
        branch = clean_text(draft.facts.branch.name).strip()
        title = clean_text(draft.title).replace("\n", " ").strip()
        props = self.doc.core_properties
        props.title = title[:255]
        props.subject = draft.kind_label
        props.author = branch[:255]
        props.last_modified_by = branch[:255]
        props.keywords = f"党建;{draft.kind_label};{draft.facts.year}"
        props.language = "zh-CN"
        props.comments = "由党建文稿助手生成"
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        props.revision = 1
        oxml.set_app_properties(self.doc.part.package, company=branch, title=title,
                                application="党建文稿助手")

    def build(self, draft: Draft) -> bytes:
        """The whole .docx as bytes."""
        self.restyle_template()
        self.define_styles()
        self.page_numbers()
        # The template's document body holds one empty paragraph-less sectPr; content goes before it.
        self.content(draft)
        _annex.write_annexes(self, self.annexes)
        self.properties(draft)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def to_docx(draft: Draft, *, fonts: FontSet = "official", annex: bool = False, grid: bool = False) -> bytes:
    """The draft as a .docx in the GB/T 9704 layout, optionally with the ledger's annexes after the 落款."""
    # fonts="common": faces shipped with Windows/WPS. annex / grid: the year's activities and the month ×
    # routine grid (annex.py); quietly none when the facts have no ledger, so callers need not check.
    if fonts not in ("official", "common"):
        raise ExportError(f"不认识的字体方案“{fonts}”", hint="请选择“公文字体”或“通用字体”")
    tables = _annex.annex_tables(draft, activities=annex, grid=grid) if annex or grid else []
    try:
        return _Builder(fonts, tables).build(draft)
    except ExportError:
        raise
    except Exception as exc:  # user text is cleaned above, so this is a program or environment fault
        raise ExportError("生成 Word 文件时出错，文稿内容未受影响",
                          hint="请先导出 Markdown 或纯文本保存内容，并把此问题反馈给管理员") from exc
